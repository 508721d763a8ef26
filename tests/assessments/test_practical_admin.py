"""HR sets up practical exams and panels in the Wagtail admin, starts a
retake from a failed exam, and issues payroll tokens (shown once)."""
import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from assessments.models import PayrollAPIToken, PracticalExam
from tests.factories import make_practical_exam, make_user, panel_department, score_all

pytestmark = pytest.mark.django_db

EXAMS = "wagtailsnippets_assessments_practicalexam"


@pytest.fixture
def hr(login):
    return login(make_user("hr_practical_t", groups=["人资部"]))


def items(*rows):
    return {"count": len(rows), **{str(n): {"value": {"description": d, "max_points": str(p)}, "deleted": "",
                                            "order": str(n), "id": ""} for n, (d, p) in enumerate(rows)}}


def exam_post(trainee, trainer, examiners, **changes):
    data = {
        "title": "实际操作考核",
        "trainee": trainee.pk,
        "trainer": trainer.pk,
        "machine_model": "CNC-850",
        "scheduled_on": "2027-03-01",
        "location": "售后实训车间",
        "retake_of": "",
        "tasks": streamfield([("task", {"kind": "repair", "title": "排除主轴异响", "unit": "返修机 R-12",
                                        "items": items(("判断故障原因", 40), ("修复后试机", 60))})]),
        "examiners": inline_formset([{"examiner": user.pk, "department": dept.pk} for user, dept in examiners]),
        "pass_mark": "",
        "spread_threshold": "15",
        "open_for_scoring": "on",
        "note": "",
    }
    data.update(changes)
    return nested_form_data(data)


def test_hr_creates_an_exam_with_tasks_rubric_and_panel(hr):
    trainee, trainer = make_user(), make_user()
    examiners = [(make_user(), panel_department("technical")), (make_user(), panel_department("quality"))]
    assert hr.get(reverse(f"{EXAMS}:add")).status_code == 200
    refused = hr.post(reverse(f"{EXAMS}:add"), exam_post(trainee, trainer, examiners))
    assert refused.status_code == 200 and not PracticalExam.objects.exists(), refused.context["form"].errors
    assert "缺少：工艺工程部、售后部、生产部" in refused.content.decode()
    examiners += [(make_user(), panel_department(code)) for code in ("engineering", "after-sales", "production")]
    response = hr.post(reverse(f"{EXAMS}:add"), exam_post(trainee, trainer, examiners))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    exam = PracticalExam.objects.get(trainee=trainee)
    assert exam.max_total() == 100 and exam.pass_mark == 80
    assert [a.department.code for a in exam.examiners.all()] == [
        "technical", "quality", "engineering", "after-sales", "production"]
    assert "尚未评分的部门：技术部、工艺工程部、品管部、售后部、生产部" in hr.get(
        reverse(f"{EXAMS}:inspect", args=[exam.pk])).content.decode()
    assert hr.get(reverse(f"{EXAMS}:list")).status_code == 200
    assert hr.get(reverse(f"{EXAMS}:edit", args=[exam.pk])).status_code == 200
    assert hr.get(reverse(f"{EXAMS}:inspect", args=[exam.pk])).status_code == 200


def test_an_examiner_from_another_department_is_refused(hr):
    hr_dept = panel_department("technical").__class__.objects.create(code="hr-x", name="人资部X")
    response = hr.post(reverse(f"{EXAMS}:add"), exam_post(make_user(), make_user(), [(make_user(), hr_dept)]))
    assert response.status_code == 200
    assert "department" in response.context["form"].formsets["examiners"].errors[0]
    assert not PracticalExam.objects.exists()


def test_a_final_exam_cannot_be_edited(hr):
    exam = make_practical_exam()
    score_all(exam, [70] * 5)
    assignment = exam.examiners.order_by("sort_order").first()
    data = exam_post(exam.trainee, exam.trainer, [(assignment.examiner, assignment.department)],
                     machine_model="改过的机种")
    response = hr.post(reverse(f"{EXAMS}:edit", args=[exam.pk]), data)
    assert response.status_code == 200
    assert "考核已完成，结果不能再修改" in response.content.decode()
    assert PracticalExam.objects.get(pk=exam.pk).machine_model == "CNC-850 数控车床"


def test_the_rubric_is_locked_once_an_examiner_has_submitted(hr):
    exam = make_practical_exam()
    score_all(exam, [70])  # one of five
    assignments = list(exam.examiners.order_by("sort_order"))
    data = exam_post(exam.trainee, exam.trainer, [(a.examiner, a.department) for a in assignments])
    response = hr.post(reverse(f"{EXAMS}:edit", args=[exam.pk]), data)
    assert response.status_code == 200
    assert "考核任务与评分细则不能再修改" in str(response.context["form"].errors["tasks"])
    assert [i[3]["description"] for i in PracticalExam.objects.get(pk=exam.pk).rubric()] == \
        ["拆装步骤正确", "调试后运行正常"]


def test_hr_starts_a_retake_from_the_listing(hr):
    exam = make_practical_exam()
    score_all(exam, [65] * 5)
    listing = hr.get(reverse(f"{EXAMS}:list")).content.decode()
    url = reverse("assessments_practical_retake", args=[exam.pk])
    assert url in listing
    assert hr.get(url).status_code == 200
    response = hr.post(url)
    retake = PracticalExam.objects.get(retake_of=exam)
    assert response.status_code == 302 and response["Location"] == reverse(f"{EXAMS}:edit", args=[retake.pk])


def test_hr_issues_a_payroll_token_in_the_admin_and_sees_it_once(hr):
    holder = make_user("payroll_holder", groups=["人资部"])
    response = hr.post(reverse("wagtailsnippets_assessments_payrollapitoken:add"),
                       {"user": holder.pk, "name": "薪资系统", "expires_at": ""}, follow=True)
    record = PayrollAPIToken.objects.get(user=holder)
    page = response.content.decode()
    assert "只显示这一次" in page and record.prefix in page
    token = page.split("只显示这一次：")[1].split("<")[0].strip()
    assert hr.get("/api/payroll/v1/people/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    assert record.prefix in hr.get(reverse("wagtailsnippets_assessments_payrollapitoken:list")).content.decode()
    assert token not in hr.get(reverse("wagtailsnippets_assessments_payrollapitoken:list")).content.decode()

    hr.post(reverse("assessments_payroll_token_revoke", args=[record.pk]))
    assert hr.get("/api/payroll/v1/people/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_a_token_for_someone_without_the_hr_permission_is_refused_in_the_admin(hr):
    response = hr.post(reverse("wagtailsnippets_assessments_payrollapitoken:add"),
                       {"user": make_user().pk, "name": "薪资系统", "expires_at": ""})
    assert response.status_code == 200
    assert not PayrollAPIToken.objects.exists()
