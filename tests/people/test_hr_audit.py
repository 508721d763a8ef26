"""HR sees who changed a person's department, job role, clearance or 绝密
readership, and every grade decision and pay-relevant figure (报表 › 人事审计),
with who did it; nobody else opens the report."""
import pytest
from django.contrib.auth.models import Group
from wagtail.models import ModelLogEntry

from people import audit
from people.models import Profile
from people.permissions import HR
from tests.factories import DepartmentFactory, make_user

pytestmark = pytest.mark.django_db

URL = "/admin/people/audit/"


def test_what_changed_is_a_pure_rule():
    before = {"department": "售后部", "job_role": "员工", "clearance": 2}
    after = {"department": "技术部", "job_role": "员工", "clearance": 3}
    actions = dict(audit.profile_changes(before, after))
    assert actions[audit.DEPARTMENT_ACTION] == {"field": "department", "from": "售后部", "to": "技术部"}
    assert actions[audit.CLEARANCE_ACTION]["to"] == 3
    assert actions[audit.TOP_SECRET_ACTION] == {"granted": True}
    assert audit.JOB_ROLE_ACTION not in actions
    assert audit.profile_changes(after, after) == []


def test_changing_a_profile_in_the_admin_is_logged_with_who_did_it(login):
    hr = make_user("audit_hr", clearance=2, groups=[HR], is_superuser=True)
    person = make_user("audit_person", clearance=1, department=DepartmentFactory(code="after-sales", name="售后部"))
    technical = DepartmentFactory(code="technical", name="技术部")
    profile = Profile.objects.get(user=person)
    response = login(hr).post(f"/admin/snippets/people/profile/edit/{profile.pk}/", {
        "user": person.pk, "employee_no": "E1", "department": technical.pk, "job_role": "", "clearance": 3,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    entries = {e.action: e for e in ModelLogEntry.objects.filter(object_id=str(profile.pk)).order_by("pk")}
    assert entries[audit.DEPARTMENT_ACTION].data["to"] == "技术部"
    assert entries[audit.DEPARTMENT_ACTION].user == hr
    assert entries[audit.CLEARANCE_ACTION].data == {"field": "clearance", "from": 1, "to": 3,
                                                    "person": "audit_person"}
    assert entries[audit.TOP_SECRET_ACTION].data["granted"] is True


def test_hr_sees_the_audit_report_and_others_do_not(login, django_assert_max_num_queries):
    hr = make_user("audit_hr2", clearance=2, groups=[HR])
    assert hr.has_perm(audit.REPORT_PERMISSION)
    for n in range(5):
        person = make_user(f"audit_p{n}", clearance=0)
        profile = Profile.objects.get(user=person)
        profile.clearance = 3
        profile.save()
    client = login(hr)
    with django_assert_max_num_queries(40):
        response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "绝密阅读权限变更" in html and "涉密等级变更" in html and "audit_p4" in html
    assert login(make_user("audit_editor", groups=["制度编辑"])).get(URL).status_code == 403
    csv = client.get(URL + "?export=csv")
    assert csv.status_code == 200 and "audit_p0" in b"".join(csv.streaming_content).decode()


def test_grade_decisions_and_pay_figures_are_in_the_report(login):
    from assessments import decisions
    from assessments.models import QualificationRecord
    from tests.assessments.schemes import ENGINEER

    hr = make_user("audit_hr3", groups=[HR])
    person = make_user("audit_graded")
    record = QualificationRecord.objects.create(person=person, education="bachelor", product_series=2,
                                                years_experience=3)
    record.years_experience = 5
    record.save()
    decision = decisions.record_decision(person, 95, 95, ENGINEER, recorded_by=hr)
    decisions.confirm(decision, hr)
    html = login(hr).get(URL).content.decode()
    for label in ("资格条件变更", "提出定级", "确认定级"):
        assert label in html
    changes = ModelLogEntry.objects.filter(action="assessments.qualification_changed").order_by("pk").last()
    assert changes.data["changes"]["years_experience"] == {"from": "3.00", "to": "5"}


def test_hr_group_has_the_permission_from_the_migration():
    assert Group.objects.get(name=HR).permissions.filter(codename="view_hr_audit").exists()
