"""HR works with grading schemes and decisions in the Wagtail admin: drafts
and publishing with revisions, Chinese validation messages, read-only
decision records and the bulk "确认定级" action."""
import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from assessments import decisions
from assessments.models import GradeDecision, GradingScheme
from tests.assessments.schemes import ENGINEER, SPEC_BANDS, SPEC_PAY, SPEC_PENALTIES
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PAY_KEYS = ["grade", "full_time_total", "full_time_travel_supplement", "reserve_allowance",
            "reserve_travel_basis", "reserve_travel_subsidy"]


def scheme_post(bands=None, **changes):
    data = {
        "name": "售后人员定职定级与薪资方案",
        "version_label": "2027-A/1",
        "effective_date": "2027-01-01",
        "policy_version": "",
        "source_document": "售后服务人员培训管理办法",
        "change_summary": "提高高级工程师门槛",
        "pass_mark": "80",
        "bands": streamfield([("band", {"lower_bound": str(low), "grade": grade})
                              for low, grade in (bands or SPEC_BANDS)]),
        "qualifications": streamfield([
            ("position", {"position": "technician", "min_education": "high_school", "min_years": "0",
                          "min_product_series": "2", "alt_education": "junior_middle",
                          "alt_requires_certificate": "on", "alt_min_years": "1"}),
            ("position", {"position": "engineer", "min_education": "secondary_technical", "min_years": "3",
                          "min_product_series": "3", "alt_education": "", "alt_min_years": ""}),
        ]),
        "position_share": "70",
        "working_days": "22",
        "pay_table": streamfield([("row", dict(zip(PAY_KEYS, map(str, row)))) for row in SPEC_PAY]),
        "penalty_bands": streamfield([("band", {"min_rate": str(r), "amount": str(a)}) for r, a in SPEC_PENALTIES]),
        "dealer_daily_fee": "200",
    }
    data.update(changes)
    return nested_form_data(data)


@pytest.fixture
def hr(login):
    user = make_user("hr_admin_t", groups=["人资部"])
    return user, login(user)


def test_hr_can_open_the_scheme_list_and_the_seeded_scheme(hr):
    _, client = hr
    scheme = GradingScheme.objects.get()
    listing = client.get(reverse("wagtailsnippets_assessments_gradingscheme:list"))
    assert listing.status_code == 200
    assert "2000-初始" in listing.content.decode()
    edit = client.get(reverse("wagtailsnippets_assessments_gradingscheme:edit", args=[scheme.pk]))
    assert edit.status_code == 200
    assert "定级分数段" in edit.content.decode()


def test_hr_saves_a_draft_then_publishes_it_as_the_confirmation(hr):
    user, client = hr
    top_98 = [(low if grade != "engineer_senior" else 98, grade) for low, grade in SPEC_BANDS]
    response = client.post(reverse("wagtailsnippets_assessments_gradingscheme:add"), scheme_post(bands=top_98))
    assert response.status_code == 302, response.content.decode()[:2000]
    scheme = GradingScheme.objects.get(version_label="2027-A/1")
    assert scheme.live is False
    assert scheme.created_by == user

    response = client.post(
        reverse("wagtailsnippets_assessments_gradingscheme:edit", args=[scheme.pk]),
        {**scheme_post(bands=top_98), "action-publish": "action-publish"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    scheme.refresh_from_db()
    assert scheme.live is True
    assert scheme.confirmed_by == user and scheme.confirmed_at is not None
    assert scheme.revisions.count() == 2
    assert scheme.to_rules().bands[-1].lower_bound == 98


def test_the_admin_form_shows_validation_errors_in_chinese_and_saves_nothing(hr):
    _, client = hr
    response = client.post(
        reverse("wagtailsnippets_assessments_gradingscheme:add"),
        scheme_post(bands=list(reversed(SPEC_BANDS))),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "分数段必须按最低分从低到高排列" in " ".join(errors["bands"])
    # the StreamField widget carries the message to the page (JSON-escaped in a data attribute)
    assert "分数段必须按最低分从低到高排列".encode("unicode_escape").decode() in response.content.decode()
    assert not GradingScheme.objects.filter(version_label="2027-A/1").exists()


def test_decisions_are_listed_but_cannot_be_edited_or_added_in_the_admin(hr):
    user, client = hr
    decision = decisions.record_decision(make_user("trainee_admin_t"), 95, 95, ENGINEER, recorded_by=user)
    listing = client.get(reverse("wagtailsnippets_assessments_gradedecision:list"))
    assert listing.status_code == 200
    assert "中级工程师" in listing.content.decode()
    assert client.get(reverse("wagtailsnippets_assessments_gradedecision:inspect", args=[decision.pk])).status_code == 200
    edit = client.get(reverse("wagtailsnippets_assessments_gradedecision:edit", args=[decision.pk]))
    add = client.get(reverse("wagtailsnippets_assessments_gradedecision:add"))
    assert edit.status_code != 200 and add.status_code != 200


def test_hr_confirms_proposed_decisions_with_the_bulk_action(hr):
    user, client = hr
    decision = decisions.record_decision(make_user("trainee_bulk_t"), 95, 95, ENGINEER, recorded_by=user)
    url = reverse("wagtail_bulk_action", args=["assessments", "gradedecision", "confirm"]) + f"?id={decision.pk}"
    page = client.get(url)
    assert page.status_code == 200
    assert "中级工程师" in page.content.decode()
    assert client.post(url).status_code == 302
    decision.refresh_from_db()
    assert decision.status == "confirmed"
    assert decision.confirmed_by == user


def test_someone_without_the_confirm_permission_cannot_confirm(login):
    editor = make_user("editor_bulk_t", groups=["制度编辑"])
    decision = decisions.record_decision(make_user("trainee_bulk2_t"), 95, 95, ENGINEER)
    url = reverse("wagtail_bulk_action", args=["assessments", "gradedecision", "confirm"]) + f"?id={decision.pk}"
    login(editor).post(url)
    decision.refresh_from_db()
    assert decision.status == "proposed"
    assert GradeDecision.objects.confirmed().count() == 0


def test_hr_starts_a_new_version_by_copying_the_current_scheme(hr):
    _, client = hr
    scheme = GradingScheme.objects.get()
    response = client.get(reverse("wagtailsnippets_assessments_gradingscheme:copy", args=[scheme.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["source_document"] == "售后服务人员培训管理办法"
    assert len(form.initial["pay_table"]) == 6
