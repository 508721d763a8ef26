"""Chinese names print family name first (王员工), never given name first
(员工 王) as ``get_full_name`` would."""
import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def render(source, **context):
    return Template("{% load people_tags %}" + source).render(Context(context))


def test_the_person_name_filter_puts_the_family_name_first():
    user = get_user_model()(username="wang", first_name="员工", last_name="王")
    assert user.get_full_name() == "员工 王"
    assert render("{{ u|person_name }}", u=user) == "王员工"
    assert render("{{ u|initial }}", u=user) == "王"


def test_a_person_without_a_name_is_shown_by_username_and_no_one_by_nothing():
    assert render("{{ u|person_name }}", u=get_user_model()(username="zhang3")) == "zhang3"
    assert render("[{{ u|person_name }}]", u=None) == "[]"


def test_the_header_names_the_reader_family_name_first(login):
    reader = make_user("wang_t", first_name="员工", last_name="王")
    html = login(reader).get("/my/tasks/").content.decode()
    assert "王员工" in html
    assert "员工 王" not in html


def test_no_front_end_template_uses_get_full_name():

    from django.conf import settings

    offenders = [str(path.relative_to(settings.BASE_DIR)) for path in (settings.BASE_DIR / "templates").rglob("*.html")
                 if "get_full_name" in path.read_text(encoding="utf-8")]
    assert offenders == [], f"use |person_name (people_tags) instead: {offenders}"
