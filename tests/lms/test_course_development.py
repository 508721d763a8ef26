"""Course development (客户培训日常管理制度 五(二)): steps in order, each with
its date, person and documents; only a filed course is scheduled; a filed
course is re-evaluated periodically with a reminder to its owner (五(三))."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lms import course_development, planning
from lms.models import (
    CourseDevelopment,
    DevelopmentStage,
    PlanKind,
    Trainer,
    TrainerStatus,
    TrainingPlan,
    TrainingSession,
)
from lms.tasks import remind_course_reevaluation
from people.models import Notification
from people.permissions import HR, TRAINING_OFFICE
from portal.setup import ensure_site
from tests.factories import make_user

from .builders import add_line, make_course, people

pytestmark = pytest.mark.django_db

STEPS = [value for value, _label in DevelopmentStage.choices]


@pytest.fixture
def crew():
    reviewer = make_user("reviewer_t")
    Trainer.objects.create(user=reviewer, status=TrainerStatus.ADMITTED, trial_lecture_score=90)
    return {"hr": make_user("hr_t", groups=[HR]), "office": make_user("office_t", groups=[TRAINING_OFFICE]),
            "member": make_user("member_t"), "reviewer": reviewer, "outsider": make_user("outsider_t")}


def developing(crew):
    course = make_course("客户设备操作与维护", filed=False)
    return course, course_development.start(course, owner=crew["member"], team=[crew["member"]])


def walk_to(development, crew, last):
    """Record the steps up to and including ``last``."""
    for stage in STEPS[:STEPS.index(last) + 1]:
        if stage == DevelopmentStage.TRIAL:
            course_development.add_review(development, crew["reviewer"], "案例贴近现场，建议增加演示。", 85)
        by = crew["office"] if stage == DevelopmentStage.FILED else crew["member"]
        course_development.record_step(development, by, stage, on=datetime.date(2026, 6, 1))


def test_a_session_for_an_unfiled_course_is_refused_with_a_clear_message(crew):
    p = people()
    course, _development = developing(crew)
    start = timezone.now() + datetime.timedelta(days=3)
    session = TrainingSession(title="操作培训", course=course, trainer=p["trainer"], starts_at=start,
                              ends_at=start + datetime.timedelta(hours=2))

    with pytest.raises(ValidationError) as refused:
        session.full_clean()
    assert refused.value.message_dict["course"] == ["该课程尚未完成开发并提交培训管理部门归档，不能安排培训。"]

    session.course = make_course("已归档课程")
    session.full_clean()


def test_a_plan_for_an_unfiled_course_is_refused(crew):
    course, development = developing(crew)
    plan = TrainingPlan.objects.create(kind=PlanKind.SPECIAL, title="客户专项培训",
                                       starts_on=datetime.date(2027, 3, 1), ends_on=datetime.date(2027, 3, 5))
    add_line(plan, course=course)
    problems = planning.plan_problems(plan)
    assert any("尚未完成开发并提交培训管理部门归档" in p for p in problems)

    walk_to(development, crew, DevelopmentStage.FILED)
    assert planning.plan_problems(plan) == []


def test_the_steps_go_in_order_with_the_team_named_and_the_reviewers_heard(crew):
    course = make_course("新课程", filed=False)
    development = course_development.start(course, owner=crew["member"])
    with pytest.raises(ValidationError) as refused:
        course_development.record_step(development, crew["hr"], DevelopmentStage.PROJECT)
    assert "开发小组" in refused.value.messages[0]
    development.team.add(crew["member"])
    course_development.record_step(development, crew["member"], DevelopmentStage.PROJECT)

    with pytest.raises(ValidationError) as refused:
        course_development.record_step(development, crew["member"], DevelopmentStage.OUTLINE)
    assert "下一步是「课程内容调研」" in refused.value.messages[0]

    walk_to_materials = [DevelopmentStage.RESEARCH, DevelopmentStage.OUTLINE, DevelopmentStage.MATERIALS]
    for stage in walk_to_materials:
        course_development.record_step(development, crew["member"], stage)
    with pytest.raises(ValidationError):  # no reviewer has commented yet
        course_development.record_step(development, crew["member"], DevelopmentStage.TRIAL)
    course_development.add_review(development, crew["reviewer"], "结构清晰。")
    course_development.record_step(development, crew["member"], DevelopmentStage.TRIAL)
    course_development.record_step(development, crew["member"], DevelopmentStage.REVISION)

    with pytest.raises(PermissionDenied):  # filing is the training-management department's
        course_development.record_step(development, crew["member"], DevelopmentStage.FILED)
    course_development.record_step(development, crew["office"], DevelopmentStage.FILED,
                                   on=datetime.date(2026, 7, 1))
    development.refresh_from_db()
    assert development.filed and development.filed_on == datetime.date(2026, 7, 1)
    assert [s.stage for s in development.steps.all()] == STEPS
    with pytest.raises(ValidationError):
        course_development.record_step(development, crew["office"], DevelopmentStage.FILED)


def test_a_step_keeps_its_documents_person_and_date_and_the_page_shows_them(crew, login,
                                                                           django_assert_max_num_queries):
    course, development = developing(crew)
    client = login(crew["member"])
    upload = SimpleUploadedFile("立项书.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    response = client.post(f"/training/course-development/{development.pk}/", {
        "action": "step", "note": "成立开发小组", "completed_on": "2026-05-04", "files": [upload]})
    assert response.status_code == 302

    step = development.steps.get()
    assert (step.stage, step.by, step.completed_on) == (DevelopmentStage.PROJECT, crew["member"],
                                                        datetime.date(2026, 5, 4))
    assert step.documents.get().title.endswith("立项书.pdf")
    with django_assert_max_num_queries(30):
        html = client.get(f"/training/course-development/{development.pk}/").content.decode()
    assert "成立开发小组" in html and "立项书.pdf" in html and "记录下一步：课程内容调研" in html


def test_a_reviewer_records_comments_on_the_trial_lecture_page(crew, login):
    course, development = developing(crew)
    walk = [DevelopmentStage.PROJECT, DevelopmentStage.RESEARCH, DevelopmentStage.OUTLINE,
            DevelopmentStage.MATERIALS]
    for stage in walk:
        course_development.record_step(development, crew["member"], stage)

    reviewer = login(crew["reviewer"])
    assert reviewer.get(f"/training/course-development/{development.pk}/").status_code == 200
    reviewer.post(f"/training/course-development/{development.pk}/",
                  {"action": "review", "comments": "案例不足", "score": "78"})
    review = development.reviews.get()
    assert (review.reviewer, review.comments, review.score) == (crew["reviewer"], "案例不足", 78)
    assert login(crew["outsider"]).get(f"/training/course-development/{development.pk}/").status_code == 403
    with pytest.raises(PermissionDenied):
        course_development.add_review(development, crew["outsider"], "路过")


def test_outsiders_do_not_see_a_course_in_early_development(crew, login):
    _course, development = developing(crew)
    assert login(crew["reviewer"]).get(f"/training/course-development/{development.pk}/").status_code == 403


def test_existing_and_demo_courses_are_filed_so_they_can_be_scheduled():
    course = make_course("已有课程")
    assert CourseDevelopment.objects.get(course=course).filed


def test_the_owner_is_reminded_once_when_the_reevaluation_is_due(crew):
    ensure_site()
    course, development = developing(crew)
    walk_to(development, crew, DevelopmentStage.FILED)  # filed on 2026-06-01, every 12 months

    assert remind_course_reevaluation(today="2027-05-31") == 0
    assert remind_course_reevaluation(today="2027-06-01") == 1
    assert remind_course_reevaluation(today="2027-06-02") == 0  # once per due date
    notice = Notification.objects.get(user=crew["member"], title__contains="课程定期评估到期")
    assert course.title in notice.title and "2027-06-01" in notice.body

    course_development.record_reevaluation(development, crew["member"], "内容已更新",
                                           on=datetime.date(2027, 6, 10))
    development.refresh_from_db()
    assert development.reevaluation_due(12) == datetime.date(2028, 6, 10)
    assert remind_course_reevaluation(today="2027-07-01") == 0


def test_the_reevaluation_interval_is_a_setting(crew):
    from lms.models import TrainingSettings

    ensure_site()
    config = TrainingSettings.current()
    config.course_reevaluation_months = 6
    config.save()
    _course, development = developing(crew)
    walk_to(development, crew, DevelopmentStage.FILED)

    assert remind_course_reevaluation(today="2026-12-01") == 1


def test_planning_is_refused_through_the_service_for_an_unfiled_course(crew):
    course, _development = developing(crew)
    plan = TrainingPlan.objects.create(kind=PlanKind.ANNUAL, title="年度",
                                       starts_on=datetime.date(2027, 1, 1), ends_on=datetime.date(2027, 2, 1),
                                       created_by=crew["hr"])
    add_line(plan, course=course)
    with pytest.raises(ValidationError):
        planning.submit(plan, crew["hr"])


def test_the_admin_lists_developments_with_a_link_to_their_record(crew, login):
    _course, development = developing(crew)
    html = login(crew["hr"]).get("/admin/snippets/lms/coursedevelopment/").content.decode()
    assert "客户设备操作与维护" in html and f'href="{development.get_absolute_url()}"' in html
    assert "未立项" in html
