"""A customer's trainee in a real browser: accepts the invitation and sets a
password, sees only their own training (the policy library answers 403),
signs in to the session by its link, takes the course's exam, answers the
survey; then HR sends the customer's evaluation report (the email with the
PDF lands in the locmem outbox). Screenshots under ``tests/artifacts/``."""
import datetime
import pathlib

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.utils import timezone

from assessments.models import AttemptStatus, ExamAttempt
from lms import customer_accounts
from lms.models import Attendance, AttendanceStatus, CustomerReport, Enrolment, EnrolmentSource, SurveySubmission
from people.permissions import HR
from tests.assessments.exams import RIGHT_SINGLE, exam_with, objective_paper
from tests.factories import make_policy, make_user
from tests.lms.builders import make_course, make_session, make_survey, people
from tests.lms.customer_builders import make_organisation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ARTIFACTS = pathlib.Path(__file__).resolve().parents[2] / "tests" / "artifacts"
PASSWORD = "Kehu-peixun-2026"


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"customer-{name}.png"), full_page=True)


def test_a_customer_trainee_from_invitation_to_the_evaluation_report(browser, live_server, page_as):
    crew = people()
    make_policy(title="员工可见的考勤制度")
    organisation = make_organisation("华东精密机械有限公司", contact_email="contact@hd.example.com")
    exam = exam_with(objective_paper(), review_marks="after_submit", time_limit_minutes=30, title="客户结业测验")
    course = make_course("客户设备操作与维护培训", auto_enrol=False)
    course.exam = exam
    course.save_revision().publish()
    survey = make_survey()
    session = make_session(crew["trainer"], starts_at=timezone.now() - datetime.timedelta(minutes=2), survey=survey,
                           course=course, location="客户培训中心一号教室")
    hr = make_user("hr_e2e", groups=[HR], first_name="人资", last_name="何")
    Group.objects.get(name=HR).permissions.add(Permission.objects.get(codename="access_admin"))

    # HR invites; the trainee opens the link from the email and sets a password.
    _invitation, token = customer_accounts.invite(organisation, email="liming@customer.example.com", full_name="李明",
                                                  by=hr)
    context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    trainee = context.new_page()
    trainee.set_default_timeout(15000)
    trainee.goto(f"/accounts/invitation/{token}/")
    trainee.get_by_text("李明（华东精密机械有限公司），请设置登录密码。").wait_for()
    shot(trainee, "1-invitation")
    trainee.get_by_label("设置密码").fill(PASSWORD)
    trainee.get_by_label("再次输入密码").fill(PASSWORD)
    trainee.get_by_role("button", name="设置密码并进入").click()
    trainee.get_by_text("密码已设置，欢迎参加培训。").wait_for()

    # HR enrols them in the course and invites them to the session (as the admin would).
    user = organisation.trainees.get().user
    Enrolment.objects.create(user=user, course=course, source=EnrolmentSource.ASSIGNED)
    session.invitees.add(user)
    trainee.reload()
    assert course.title in trainee.content() and session.title in trainee.content()
    nav = trainee.locator("nav.main-nav").inner_text()
    assert "规章制度" not in nav and "我的待办" not in nav and trainee.locator("#header-q").count() == 0
    shot(trainee, "2-my-learning")
    assert trainee.goto("/policies/").status == 403
    assert "员工可见的考勤制度" not in trainee.content()
    shot(trainee, "3-policies-refused")

    # Sign in by the session's link (the QR code in the room).
    trainee.goto(session.signin_path())
    trainee.get_by_role("button", name="签到").click()
    trainee.get_by_text("签到成功（出勤）").wait_for()
    assert Attendance.objects.get(session=session, user=user).status == AttendanceStatus.PRESENT

    # The course's exam, from the course page.
    trainee.goto(course.url)
    trainee.locator("#course-exam").click()
    trainee.get_by_role("button", name="开始考试").click()
    trainee.get_by_text("剩余时间").wait_for()
    trainee.get_by_label(RIGHT_SINGLE).check()
    trainee.locator("input[type=text]").fill("接地保护FLQ")
    trainee.locator("#exam-save-status", has_text="已保存").wait_for()
    trainee.on("dialog", lambda dialog: dialog.accept())
    trainee.get_by_role("button", name="交卷").click()
    trainee.locator("#exam-score").wait_for()
    shot(trainee, "4-exam-result")
    assert ExamAttempt.objects.get(user=user).status == AttemptStatus.FINAL

    # The session's satisfaction survey.
    trainee.goto(session.get_absolute_url())
    trainee.get_by_role("link", name="填写满意度调查").click()
    rating = survey.get_form_fields()[0].clean_name
    trainee.locator(f"input[name='{rating}'][value='5']").check()
    trainee.get_by_label("意见与建议").fill("设备实操很有帮助")
    trainee.get_by_role("button", name="提交").click()
    trainee.get_by_text("感谢您的反馈！").wait_for()
    shot(trainee, "5-survey-done")
    assert SurveySubmission.objects.get(user=user).form_data[rating] == 5
    context.close()

    # HR sends the customer's evaluation report from the admin.
    admin = page_as(hr)
    admin.goto("/admin/snippets/people/customerorganisation/")
    admin.get_by_text("华东精密机械有限公司").first.wait_for()
    admin.goto(f"/admin/lms/customers/{organisation.pk}/report/")
    admin.get_by_text("李明").first.wait_for()
    shot(admin, "6-report-preview")
    mail.outbox.clear()
    admin.get_by_role("button", name="生成 PDF 并发送给客户").click()
    admin.get_by_text("评估报告已发送至 contact@hd.example.com。").wait_for()
    shot(admin, "7-report-sent")
    report = CustomerReport.objects.get()
    assert report.trainees == 1 and report.sent_by == hr
    sent = [m for m in mail.outbox if m.to == ["contact@hd.example.com"]]
    assert len(sent) == 1
    name, data, mimetype = sent[0].attachments[0]
    assert mimetype == "application/pdf" and data.startswith(b"%PDF") and name == report.filename
