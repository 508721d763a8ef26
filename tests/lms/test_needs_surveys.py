"""Training-needs surveys (调研计划 → answers → 需求分析报告): HR sends the
survey to chosen departments, each department's head answers once, the
summary aggregates the answers and a plan links to it."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lms import needs_surveys, todo
from lms.models import NeedsQuestion, NeedsResponse, NeedsSurvey, NeedsSurveyStatus, PlanKind, QuestionKind
from people.models import Notification
from people.permissions import GENERAL_MANAGER, HR
from tests.factories import DepartmentFactory, make_user
from tests.lms.builders import delivered

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 3)


@pytest.fixture
def setup():
    hr = make_user("hr_t", groups=[HR])
    heads = {code: make_user(f"head_{code}_t") for code in ("svc", "tech", "prod")}
    departments = {code: DepartmentFactory(code=code, name=name, head=heads[code])
                   for code, name in (("svc", "售后部"), ("tech", "技术部"), ("prod", "生产部"))}
    survey = NeedsSurvey.objects.create(title="年度培训需求调研", goal="了解明年需求", opens_on=TODAY,
                                        closes_on=TODAY + datetime.timedelta(days=14), created_by=hr)
    survey.departments.set([departments["svc"], departments["tech"]])
    questions = [
        NeedsQuestion.objects.create(survey=survey, sort_order=0, label="培训主题", kind=QuestionKind.MULTIPLE,
                                     choices="故障分析\n服务技能\n安全"),
        NeedsQuestion.objects.create(survey=survey, sort_order=1, label="方式", kind=QuestionKind.CHOICE,
                                     choices="课堂\n现场"),
        NeedsQuestion.objects.create(survey=survey, sort_order=2, label="满意度", kind=QuestionKind.RATING),
        NeedsQuestion.objects.create(survey=survey, sort_order=3, label="建议", kind=QuestionKind.TEXT,
                                     required=False),
    ]
    return {"hr": hr, "heads": heads, "departments": departments, "survey": survey, "questions": questions}


def answers(setup, topics, way, rating, text):
    q = setup["questions"]
    return {f"q{q[0].pk}": topics, f"q{q[1].pk}": way, f"q{q[2].pk}": rating, f"q{q[3].pk}": text}


def test_sending_tells_each_chosen_departments_head_and_only_them(setup):
    needs_surveys.send(setup["survey"], setup["hr"])

    setup["survey"].refresh_from_db()
    assert setup["survey"].status == NeedsSurveyStatus.SENT
    delivered()
    told = set(Notification.objects.filter(title__contains="培训需求调研").values_list("user__username", flat=True))
    assert told == {"head_svc_t", "head_tech_t"}
    with pytest.raises(ValidationError):
        needs_surveys.send(setup["survey"], setup["hr"])  # once


def test_only_hr_sends_and_a_survey_without_recipients_is_refused(setup):
    with pytest.raises(PermissionDenied):
        needs_surveys.send(setup["survey"], setup["heads"]["svc"])
    setup["survey"].departments.clear()
    with pytest.raises(ValidationError):
        needs_surveys.send(setup["survey"], setup["hr"])


def test_a_head_answers_once_for_their_department_and_others_may_not(setup):
    survey = setup["survey"]
    needs_surveys.send(survey, setup["hr"])
    assert list(needs_surveys.surveys_to_answer(setup["heads"]["svc"], TODAY)) == [survey]

    needs_surveys.submit_answers(survey, setup["heads"]["svc"], answers(setup, ["故障分析"], "现场", 3, "缺经验"),
                                 today=TODAY)

    assert NeedsResponse.objects.get(survey=survey).department == setup["departments"]["svc"]
    assert not needs_surveys.surveys_to_answer(setup["heads"]["svc"], TODAY).exists()
    with pytest.raises(ValidationError):
        needs_surveys.submit_answers(survey, setup["heads"]["svc"], {}, today=TODAY)
    with pytest.raises(ValidationError) as refused:
        needs_surveys.submit_answers(survey, setup["heads"]["prod"], {}, today=TODAY)  # not asked
    assert "不是本次调研的填写人" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        needs_surveys.submit_answers(survey, setup["heads"]["tech"], {},
                                     today=survey.closes_on + datetime.timedelta(days=1))


def test_the_summary_aggregates_the_answers(setup):
    survey = setup["survey"]
    needs_surveys.send(survey, setup["hr"])
    needs_surveys.submit_answers(survey, setup["heads"]["svc"], answers(setup, ["故障分析", "服务技能"], "现场", 3,
                                                                        "缺经验"), today=TODAY)
    needs_surveys.submit_answers(survey, setup["heads"]["tech"], answers(setup, ["故障分析"], "课堂", 4, ""),
                                 today=TODAY)

    topics, way, rating, advice = needs_surveys.summarise(survey)

    assert topics.counts == [("故障分析", 2), ("服务技能", 1), ("安全", 0)]
    assert sorted(way.counts) == [("现场", 1), ("课堂", 1)]
    assert rating.mean == 3.5 and rating.answered == 2
    assert [(d.name, text) for d, text in advice.texts] == [("售后部", "缺经验")]


def test_hr_drafts_sends_and_reads_the_summary_in_pages(setup, login, django_assert_max_num_queries):
    hr = login(setup["hr"])
    response = hr.post("/training/needs-surveys/", {
        "title": "客户培训需求调研", "goal": "了解客户需求", "method": "questionnaire",
        "opens_on": TODAY.isoformat(), "closes_on": (TODAY + datetime.timedelta(days=7)).isoformat(),
        "departments": [setup["departments"]["svc"].pk]})
    survey = NeedsSurvey.objects.get(title="客户培训需求调研")
    assert response.status_code == 302 and survey.created_by == setup["hr"]
    hr.post(f"/training/needs-surveys/{survey.pk}/", {"action": "question", "q-label": "最需要的主题",
                                                      "q-kind": "text", "q-required": "on"})
    hr.post(f"/training/needs-surveys/{survey.pk}/", {"action": "send"})
    survey.refresh_from_db()
    assert survey.status == NeedsSurveyStatus.SENT

    head = login(setup["heads"]["svc"])
    assert "客户培训需求调研" in head.get("/my/tasks/").content.decode()
    question = survey.questions.get()
    assert head.post(f"/training/needs-surveys/{survey.pk}/answer/",
                     {f"q{question.pk}": "新机型故障处理"}).status_code == 302
    assert "已提交" in head.get(f"/training/needs-surveys/{survey.pk}/answer/").content.decode()
    assert head.get(f"/training/needs-surveys/{survey.pk}/").status_code == 403  # the summary is HR's

    hr.post(f"/training/needs-surveys/{survey.pk}/", {"action": "analysis", "a-common_needs": "故障处理",
                                                      "a-specific_needs": "", "a-recommendations": "专题培训"})
    with django_assert_max_num_queries(30):
        html = hr.get(f"/training/needs-surveys/{survey.pk}/").content.decode()
    assert "新机型故障处理" in html and "专题培训" in html and "已回答 1 / 1" in html


def test_a_plan_links_to_the_needs_analysis_it_rests_on(setup, login):
    gm = make_user("gm_t", groups=[GENERAL_MANAGER])
    client = login(setup["hr"])
    client.post("/training/plans/", {"kind": PlanKind.ANNUAL, "title": "依据调研的计划",
                                     "needs_survey": setup["survey"].pk, "starts_on": "2027-01-10",
                                     "ends_on": "2027-12-20", "lines-TOTAL_FORMS": "0",
                                     "lines-INITIAL_FORMS": "0"})
    plan = setup["survey"].plans.get()
    assert plan.title == "依据调研的计划"
    html = login(gm).get(f"/training/plans/{plan.pk}/").content.decode()
    assert setup["survey"].get_absolute_url() in html
    assert "依据调研的计划" in login(gm).get(setup["survey"].get_absolute_url()).content.decode()


def test_the_task_count_includes_a_survey_to_answer(setup):
    needs_surveys.send(setup["survey"], setup["hr"])
    before = todo.task_count(setup["heads"]["prod"], TODAY)
    assert todo.task_count(setup["heads"]["svc"], TODAY) == before + 1


def test_the_admin_lists_surveys_with_a_link_to_their_summary(setup, login):
    hr = setup["hr"]
    hr.is_staff = True
    hr.save()
    html = login(hr).get("/admin/snippets/lms/needssurvey/").content.decode()
    assert "年度培训需求调研" in html and f'href="{setup["survey"].get_absolute_url()}"' in html
