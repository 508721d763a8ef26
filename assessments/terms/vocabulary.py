"""The words of the grade and pay rules: grades, positions, education, pay
tracks, and the order each ladder runs in. Plain choices the models use for
their fields; this module imports nothing of the app."""
import functools

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Grade(models.TextChoices):
    """职级, lowest first: the order is the career ladder."""

    RESERVE = "reserve", _("储备")
    TECHNICIAN_JUNIOR = "technician_junior", _("初级技工")
    TECHNICIAN_MID = "technician_mid", _("中级技工")
    TECHNICIAN_SENIOR = "technician_senior", _("高级技工")
    ENGINEER_JUNIOR = "engineer_junior", _("初级工程师")
    ENGINEER_MID = "engineer_mid", _("中级工程师")
    ENGINEER_SENIOR = "engineer_senior", _("高级工程师")


class Position(models.TextChoices):
    """职位, lowest first. Technician and engineer each have three grades."""

    RESERVE = "reserve", _("储备")
    TECHNICIAN = "technician", _("技工")
    ENGINEER = "engineer", _("工程师")


class Education(models.TextChoices):
    """学历, lowest first; "X or above" compares positions in this order."""

    JUNIOR_MIDDLE = "junior_middle", _("初中")
    HIGH_SCHOOL = "high_school", _("高中")
    SECONDARY_TECHNICAL = "secondary_technical", _("中专/技校")
    COLLEGE = "college", _("大专")
    BACHELOR = "bachelor", _("本科")
    MASTER = "master", _("硕士及以上")


class Track(models.TextChoices):
    """薪资类别: company full-time after-sales staff, or production staff
    held in reserve for after-sales work."""

    FULL_TIME = "full_time", _("专职售后")
    PRODUCTION_RESERVE = "production_reserve", _("生产储备售后")


GRADE_ORDER = {code: rank for rank, code in enumerate(Grade.values)}
POSITION_ORDER = {code: rank for rank, code in enumerate(Position.values)}
EDUCATION_ORDER = {code: rank for rank, code in enumerate(Education.values)}
RANKED_GRADES = [code for code in Grade.values if code != Grade.RESERVE]
RANKED_POSITIONS = [code for code in Position.values if code != Position.RESERVE]


def position_of(grade):
    """The position a grade code belongs to: ``engineer_mid`` → ``engineer``."""
    if grade == Grade.RESERVE:
        return Position.RESERVE.value
    return grade.rsplit("_", 1)[0]


@functools.lru_cache(maxsize=256)
def _label(choices, code, language):
    """A choice's label in ``language``, translated once: a cohort's record
    names grades and positions tens of thousands of times, and each
    translation of a Chinese source string walks every catalogue first."""
    return str(choices(code).label)


def grade_label(code):
    return _label(Grade, code, get_language()) if code in GRADE_ORDER else code


def education_label(code):
    return _label(Education, code, get_language()) if code in EDUCATION_ORDER else code


def position_label(code):
    return _label(Position, code, get_language()) if code in POSITION_ORDER else code
