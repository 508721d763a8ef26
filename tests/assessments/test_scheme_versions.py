"""Grade and pay schemes as versioned data: the seed from 售后服务人员培训管理办法,
effective dates, recorded decisions that keep their scheme, validation of
HR's edits, and HR confirmation before any grade or pay changes."""
import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from assessments import decisions
from assessments.models import GradeDecision, GradingScheme
from assessments.rules.grades import decide_grade, reproduce
from assessments.rules.in_force import resolve_rules
from assessments.rules.pay import monthly_pay
from assessments.terms.qualification import Qualification
from assessments.terms.scheme import NoSchemeInForce
from tests.assessments.schemes import ENGINEER, SPEC_BANDS, TECHNICIAN_ONLY, scheme_fields, spec_rules
from tests.factories import make_user

pytestmark = pytest.mark.django_db

JAN_2027 = datetime.date(2027, 1, 1)
STRICTER_BANDS = [  # the top band moves from 97 to 98
    {"lower_bound": str(low if grade != "engineer_senior" else 98), "grade": grade} for low, grade in SPEC_BANDS
]


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def comparable(rules):
    """Rules compared by value, whatever they are called and wherever they came from."""
    return dataclasses.replace(rules, label="", scheme_id=None, effective_date=None)


@pytest.fixture
def hr():
    return make_user("hr_t", groups=["人资部"])


@pytest.fixture
def trainee():
    return make_user("trainee_t")


# The seed ----------------------------------------------------------------------


def test_a_fresh_database_has_the_policy_scheme_seeded_and_active():
    scheme = GradingScheme.objects.get()
    assert scheme.live and scheme.status == "active"
    assert scheme.source_document == "售后服务人员培训管理办法"
    assert scheme.effective_date <= timezone.localdate()
    assert GradingScheme.objects.active_on(timezone.localdate()) == scheme
    assert comparable(scheme.to_rules()) == comparable(spec_rules())


def test_decide_grade_works_on_a_fresh_database_without_passing_a_scheme():
    result = decide_grade(95, 95, TECHNICIAN_ONLY)
    assert result.grade == "technician_senior"
    assert result.rules.scheme_id == GradingScheme.objects.get().pk


def test_the_seeded_scheme_passes_its_own_validation():
    GradingScheme.objects.get().full_clean()


def test_the_hr_group_may_edit_and_publish_schemes_and_confirm_decisions(hr):
    assert hr.has_perm("assessments.change_gradingscheme")
    assert hr.has_perm("assessments.publish_gradingscheme")
    assert hr.has_perm("assessments.confirm_gradedecision")
    assert not make_user("plain_t").has_perm("assessments.confirm_gradedecision")


# Effective dates ---------------------------------------------------------------------


def test_a_newer_scheme_changes_decisions_from_its_effective_date_only(make_scheme, hr):
    make_scheme(bands=STRICTER_BANDS, effective_date=JAN_2027, user=hr)
    day_before = JAN_2027 - datetime.timedelta(days=1)
    assert decide_grade(97.5, 97.5, ENGINEER, on=day_before).grade == "engineer_senior"
    assert decide_grade(97.5, 97.5, ENGINEER, on=JAN_2027).grade == "engineer_mid"
    assert decide_grade(97.5, 97.5, ENGINEER, on=datetime.date(2030, 5, 1)).grade == "engineer_mid"


def test_a_newer_pay_table_changes_pay_from_its_effective_date_only(make_scheme, hr):
    pay = [
        {"grade": grade, "full_time_total": str(total), "full_time_travel_supplement": str(sup),
         "reserve_allowance": str(allowance), "reserve_travel_basis": str(basis), "reserve_travel_subsidy": str(sub)}
        for grade, total, sup, allowance, basis, sub in [
            ("technician_junior", 2800, 0, 50, 2600, 0), ("technician_mid", 2900, 0, 80, 2700, 0),
            ("technician_senior", 3000, 0, 120, 2800, 0), ("engineer_junior", 3100, 50, 150, 2900, 50),
            ("engineer_mid", 3300, 100, 200, 3000, 50), ("engineer_senior", 3600, 150, 300, 3200, 50),
        ]
    ]
    make_scheme(pay=pay, effective_date=JAN_2027, user=hr)
    assert monthly_pay("technician_junior", "full_time", on=datetime.date(2026, 12, 31)).total == Decimal("2700.00")
    assert monthly_pay("technician_junior", "full_time", on=JAN_2027).total == Decimal("2800.00")


def test_a_draft_scheme_changes_nothing_until_it_is_published(make_scheme, hr):
    draft = make_scheme(bands=STRICTER_BANDS, effective_date=datetime.date(2020, 1, 1), publish=False, user=hr)
    assert draft.status == "draft"
    assert decide_grade(97.5, 97.5, ENGINEER).grade == "engineer_senior"
    draft.latest_revision.publish(user=hr)
    assert decide_grade(97.5, 97.5, ENGINEER).grade == "engineer_mid"


def test_publishing_records_who_confirmed_the_scheme_and_when(make_scheme, hr):
    before = timezone.now()
    scheme = make_scheme(effective_date=JAN_2027, user=hr)
    assert scheme.confirmed_by == hr
    assert scheme.confirmed_at >= before
    assert scheme.created_by == hr


def test_the_latest_effective_date_wins_and_dates_before_every_scheme_have_none(make_scheme, hr):
    later = make_scheme(effective_date=datetime.date(2028, 1, 1), user=hr)
    make_scheme(effective_date=JAN_2027, user=hr)
    assert GradingScheme.objects.active_on(datetime.date(2028, 6, 1)) == later
    with pytest.raises(NoSchemeInForce):
        resolve_rules(on=datetime.date(1999, 12, 31))


# Recorded decisions keep their scheme ---------------------------------------------------


def test_recorded_decisions_keep_their_scheme_and_can_be_reproduced(make_scheme, hr, trainee):
    old = decisions.record_decision(trainee, 97.5, 97.5, ENGINEER, on=datetime.date(2026, 12, 1), recorded_by=hr)
    new_scheme = make_scheme(bands=STRICTER_BANDS, effective_date=JAN_2027, user=hr)
    new = decisions.record_decision(trainee, 97.5, 97.5, ENGINEER, on=JAN_2027, recorded_by=hr)

    old.refresh_from_db()
    assert old.scheme == GradingScheme.objects.get(version_label="2000-初始")
    assert old.proposed_grade == "engineer_senior"
    assert new.scheme == new_scheme
    assert new.proposed_grade == "engineer_mid"
    for decision in (old, new):
        again = reproduce(decision)
        assert again.grade == decision.proposed_grade
        assert again.score == decision.score
        assert again.reasons == decision.reasons


def test_a_decision_stores_its_inputs_reasons_and_rules(hr, trainee):
    person = Qualification("college", product_series=2, years_experience=Decimal("4.5"))
    decision = decisions.record_decision(trainee, Decimal("93.25"), 96, person, track="production_reserve",
                                         recorded_by=hr, note="第二次补考后")
    decision = GradeDecision.objects.get(pk=decision.pk)
    assert decision.written_score == Decimal("93.25") and decision.practical_score == 96
    assert decision.score == Decimal("94.625")
    assert decision.band_grade == "engineer_mid"
    assert decision.proposed_grade == "technician_senior"  # 2 product series: capped
    assert any("产品系列 2 个" in reason for reason in decision.reasons)
    assert decision.qualification == person
    assert decision.track == "production_reserve"
    assert Decimal(decision.rules["pass_mark"]) == 80
    assert decision.created_by == hr


def test_a_used_scheme_cannot_have_its_rules_changed(hr, trainee):
    decisions.record_decision(trainee, 90, 90, ENGINEER, recorded_by=hr)
    scheme = GradingScheme.objects.get()
    scheme.dealer_daily_fee = Decimal("300")
    with pytest.raises(ValidationError) as error:
        scheme.full_clean()
    assert "已有定级记录使用本方案" in str(error.value)
    # wording can still be fixed
    scheme = GradingScheme.objects.get()
    scheme.change_summary = "补充说明"
    scheme.full_clean()


def test_a_used_scheme_cannot_be_deleted(hr, trainee):
    decisions.record_decision(trainee, 90, 90, ENGINEER, recorded_by=hr)
    with pytest.raises(ProtectedError):
        GradingScheme.objects.get().delete()


def test_reproducing_uses_the_snapshot_even_if_the_scheme_row_was_changed_behind_our_back(hr, trainee):
    decision = decisions.record_decision(trainee, 97.5, 97.5, ENGINEER, recorded_by=hr)
    GradingScheme.objects.filter(pk=decision.scheme_id).update(pass_mark=Decimal("99"))
    decision.refresh_from_db()
    assert reproduce(decision).grade == "engineer_senior" == decision.proposed_grade


def test_recording_refuses_a_draft_scheme_and_unstorable_scores(make_scheme, hr, trainee):
    draft = make_scheme(publish=False, user=hr)
    with pytest.raises(ValueError, match="尚未发布"):
        decisions.record_decision(trainee, 90, 90, ENGINEER, scheme=draft)
    with pytest.raises(ValueError, match="最多保留 4 位小数"):
        decisions.record_decision(trainee, Decimal("85.123456"), 90, ENGINEER)
    with pytest.raises(ValueError, match="书面考试成绩"):
        decisions.record_decision(trainee, "85", 90, ENGINEER)
    with pytest.raises(NoSchemeInForce):
        decisions.record_decision(trainee, 90, 90, ENGINEER, on=datetime.date(1999, 1, 1))
    assert not GradeDecision.objects.exists()


# Validation of scheme data ---------------------------------------------------------------

GOOD_BANDS = [{"lower_bound": str(low), "grade": grade} for low, grade in SPEC_BANDS]


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"bands": list(reversed(GOOD_BANDS))}, "bands", "从低到高"),
        ({"bands": GOOD_BANDS[:2] + [{"lower_bound": "84", "grade": "technician_senior"}] + GOOD_BANDS[3:]},
         "bands", "不能重复"),
        ({"bands": [GOOD_BANDS[0], {"lower_bound": "84", "grade": "engineer_junior"},
                    {"lower_bound": "90", "grade": "technician_mid"}]}, "bands", "职级必须越高"),
        ({"bands": [{"lower_bound": "0", "grade": "reserve"}] + GOOD_BANDS}, "bands", "储备不需要分数段"),
        ({"bands": GOOD_BANDS + [{"lower_bound": "99", "grade": "chief_engineer"}]}, "bands", "未知的职级代码"),
        ({"bands": [{"lower_bound": "101", "grade": "technician_junior"}]}, "bands", "0 到 100"),
        ({"bands": [{"lower_bound": "75", "grade": "technician_junior"}] + GOOD_BANDS[1:]}, "bands",
         "不能低于合格线"),
        ({"bands": []}, "bands", None),
        ({"pass_mark": "0"}, "pass_mark", None),
        ({"pay": [{"grade": "technician_junior", "full_time_total": "-1"}]}, "pay_table", "不小于 0"),
        ({"pay": [{"grade": "technician_junior", "full_time_total": "2700", "reserve_allowance": "abc"}]},
         "pay_table", "必须是数字"),
        ({"pay": []}, "pay_table", None),
        ({"pay": [{"grade": "reserve", "full_time_total": "2000"}]}, "pay_table", "储备按员工待遇发放"),
        ({"qualifications": [{"position": "technician", "min_education": "phd"}]}, "qualifications",
         "学历代码"),
        ({"qualifications": [{"position": "technician", "min_education": "high_school"}]}, "qualifications",
         "缺少“工程师”的资格条件"),
        ({"penalties": [{"min_rate": "50", "amount": "200"}, {"min_rate": "30", "amount": "50"}]},
         "penalty_bands", "从低到高"),
        ({"penalties": [{"min_rate": "30", "amount": "200"}, {"min_rate": "50", "amount": "50"}]},
         "penalty_bands", "不能越低"),
        ({"penalties": [{"min_rate": "30", "amount": "-50"}]}, "penalty_bands", "不小于 0"),
        ({"dealer_daily_fee": "-200"}, "dealer_daily_fee", None),
        ({"working_days": 0}, "working_days", None),
        ({"position_share": "120"}, "position_share", None),
    ],
)
def test_bad_scheme_data_is_refused_with_a_chinese_message(changes, field, message):
    scheme = GradingScheme(**scheme_fields(**changes))
    with pytest.raises(ValidationError) as error:
        scheme.full_clean()
    errors = error.value.message_dict
    assert field in errors, errors
    if message:
        assert message in " ".join(errors[field])


def test_good_scheme_data_passes_validation():
    GradingScheme(**scheme_fields()).full_clean()


# HR confirmation ------------------------------------------------------------------------


def test_a_proposed_decision_changes_neither_grade_nor_pay_until_hr_confirms(hr, trainee):
    decision = decisions.record_decision(trainee, 95, 95, ENGINEER, recorded_by=hr, now=at(datetime.date(2026, 3, 2)))
    assert decision.status == "proposed"
    assert decisions.current_grade(trainee) == "reserve"
    assert decisions.current_pay(trainee).total == Decimal("0.00")
    assert list(decisions.grade_history(trainee)) == []

    confirmed_at = at(datetime.date(2026, 3, 5), 15)
    decisions.confirm(decision, hr, now=confirmed_at)
    decision.refresh_from_db()
    assert decision.status == "confirmed"
    assert decision.confirmed_by == hr
    assert decision.confirmed_at == confirmed_at
    assert decisions.current_grade(trainee) == "engineer_mid"
    assert decisions.current_pay(trainee).total == Decimal("3200.00")
    assert decisions.current_grade(trainee, on=datetime.date(2026, 3, 4)) == "reserve"
    assert decisions.current_grade(trainee, on=datetime.date(2026, 3, 5)) == "engineer_mid"


def test_a_later_proposal_does_not_replace_the_confirmed_grade_until_confirmed(hr, trainee):
    first = decisions.record_decision(trainee, 85, 85, TECHNICIAN_ONLY, recorded_by=hr)
    decisions.confirm(first, hr, now=at(datetime.date(2026, 3, 1)))
    second = decisions.record_decision(trainee, 88, 88, TECHNICIAN_ONLY, recorded_by=hr)
    assert decisions.current_grade(trainee) == "technician_mid"
    assert decisions.current_pay(trainee).total == Decimal("2800.00")

    decisions.confirm(second, hr, now=at(datetime.date(2026, 9, 1)))
    assert decisions.current_grade(trainee) == "technician_senior"
    history = list(decisions.grade_history(trainee))
    assert [d.proposed_grade for d in history] == ["technician_mid", "technician_senior"]
    assert [d.confirmed_by for d in history] == [hr, hr]


def test_confirming_twice_is_refused_and_keeps_the_first_confirmation(hr, trainee):
    decision = decisions.record_decision(trainee, 90, 90, ENGINEER, recorded_by=hr)
    first_time = at(datetime.date(2026, 4, 1))
    decisions.confirm(decision, hr, now=first_time)
    other = make_user("hr_other_t", groups=["人资部"])
    with pytest.raises(ValueError, match="不能重复确认"):
        decisions.confirm(decision, other, now=at(datetime.date(2026, 4, 2)))
    decision.refresh_from_db()
    assert (decision.confirmed_by, decision.confirmed_at) == (hr, first_time)


def test_confirmation_needs_a_person(hr, trainee):
    decision = decisions.record_decision(trainee, 90, 90, ENGINEER, recorded_by=hr)
    with pytest.raises(ValueError, match="确认人"):
        decisions.confirm(decision, None)
    decision.refresh_from_db()
    assert decision.status == "proposed"


def test_proposal_and_confirmation_are_in_the_audit_log(hr, trainee):
    decision = decisions.record_decision(trainee, 90, 90, ENGINEER, recorded_by=hr)
    decisions.confirm(decision, hr)
    actions = list(ModelLogEntry.objects.filter(object_id=str(decision.pk)).values_list("action", "user"))
    assert (decisions.PROPOSE_ACTION, hr.pk) in actions
    assert (decisions.CONFIRM_ACTION, hr.pk) in actions


def test_pay_follows_the_confirmed_track(hr, trainee):
    decision = decisions.record_decision(trainee, 95, 95, ENGINEER, track="production_reserve", recorded_by=hr)
    decisions.confirm(decision, hr)
    pay = decisions.current_pay(trainee, travel_days=5)
    assert (pay.track, pay.allowance, pay.travel_pay, pay.total) == (
        "production_reserve", Decimal("200.00"), Decimal("681.82"), Decimal("1131.82"))


def test_the_seed_links_to_the_imported_policy_when_there_is_one():
    import importlib

    from django.apps import apps

    from tests.factories import make_policy

    seed = importlib.import_module("assessments.migrations.0003_seed_current_scheme")
    policy = make_policy(title="售后服务人员培训管理办法", document_number="SH-001")
    GradingScheme.objects.all().delete()
    seed.seed_scheme(apps, None)
    scheme = GradingScheme.objects.get()
    assert scheme.policy_version == policy.current_version
    assert scheme.policy_version.title == "售后服务人员培训管理办法"
    assert comparable(scheme.to_rules()) == comparable(spec_rules())
