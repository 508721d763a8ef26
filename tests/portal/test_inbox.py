"""我的待办 lists everything waiting on the person, the header counts it at a
fixed cost however many tasks there are, and HR's home page shows the
compliance and training figures. On the demo data: every role has something."""
import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lms import traineeship
from lms.models import Enrolment, TraineePlanTable
from people.models import Confidentiality
from policies.acknowledgements import acknowledge_many, open_tasks
from policies.models import Acknowledgement, PolicyPage
from portal.context_processors import count_badges
from tests.factories import make_policy, make_user, publish_new_version

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def tasks_html(user):
    response = client_for(user).get("/my/tasks/")
    assert response.status_code == 200
    return response.content.decode()


def badge(html):
    return int(re.search(r'title="待办数">(\d+)<', html).group(1))


def test_the_reviewer_finds_the_confidential_revision_waiting_for_review(demo):
    html = tasks_html(demo["reviewer"])
    assert "待审批的制度" in html and "售后服务价格与客户资料保密规定" in html
    assert "待审批的制度" not in tasks_html(demo["employee"])


def test_the_executive_vp_finds_the_newcomers_plan_table_to_approve(demo):
    html = tasks_html(demo["evp"])
    table = TraineePlanTable.objects.get(trainee=demo["newcomer"])
    assert table.get_absolute_url() in html and "待您审批" in html


def test_the_trainee_finds_the_entry_to_sign_and_the_trainer_todays_entry_to_write(demo):
    assert "待您签名或提出异议" in tasks_html(demo["trainee"])
    assert "今日培训记录待填写" in tasks_html(demo["trainer"])


def test_the_examiner_finds_the_score_sheet_and_hr_the_marking(demo):
    assert "待评分的实操考核" in tasks_html(demo["examiner"])
    html = tasks_html(demo["hr"])
    assert "待阅卷的简答题" in html and "/admin/assessments/marking/" in html
    assert "待阅卷的简答题" not in tasks_html(demo["employee"])


def test_a_new_trainee_is_told_to_take_the_placement_test(demo):
    trainee = make_user("placement_due", clearance=0)
    traineeship.create_table(trainee, demo["hr"])
    html = tasks_html(trainee)
    assert "售后受训人员摸底考试" in html and "待参加，限时 30 分钟" in html


def test_the_header_badge_counts_every_kind_of_task(demo):
    trainee = demo["trainee"]
    courses = Enrolment.objects.filter(user=trainee, course__live=True, completed_at__isnull=True).count()
    # acknowledgements + courses + the one entry to sign (the exam is handed in)
    assert badge(tasks_html(trainee)) == len(open_tasks(trainee)) + courses + 1
    # the reviewer: acknowledgements + courses + the revision to review
    reviewer = demo["reviewer"]
    courses = Enrolment.objects.filter(user=reviewer, course__live=True, completed_at__isnull=True).count()
    assert badge(tasks_html(reviewer)) == len(open_tasks(reviewer)) + courses + 1


def _badge_queries(user):
    user = type(user).objects.get(pk=user.pk)  # a request's fresh user: nothing kept from the last count
    with CaptureQueriesContext(connection) as queries:
        total, _unread = count_badges(user)
    return total, len(queries)


def test_the_header_badge_costs_the_same_queries_with_many_more_tasks(demo, django_assert_max_num_queries):
    trainee, trainer = demo["trainee"], demo["trainer"]
    _badge_queries(trainee)  # permission caches filled, as on a running server
    before, queries_before = _badge_queries(trainee)
    table = TraineePlanTable.objects.get(trainee=trainee)
    start = timezone.localdate() - datetime.timedelta(days=30)
    for day in range(12):
        traineeship.record_entry(table.current_item, trainer, start + datetime.timedelta(days=day),
                                 f"第 {day} 天练习", "完成")
    after, queries_after = _badge_queries(trainee)
    assert after == before + 12
    assert queries_after == queries_before
    client = client_for(trainee)
    client.get("/")
    with django_assert_max_num_queries(40):
        assert client.get("/").status_code == 200


def test_the_initial_library_is_confirmed_in_one_go_but_not_revisions_or_confidential(demo):
    employee = demo["employee"]
    for n in range(4):
        make_policy(title=f"初始制度{n}", document_number=f"INIT-{n}")
    tasks = open_tasks(employee)
    batch = [t for t in tasks if t.batch]
    assert batch and all(t.version.number == 1 and t.version.page.confidentiality == Confidentiality.PUBLIC
                         for t in batch)
    revised = publish_new_version(batch[0].version.page, "第一条修改")
    revision_task = next(t for t in open_tasks(employee) if t.version.page_id == revised.pk)
    assert not revision_task.batch
    created = acknowledge_many(employee, [t.pk for t in batch[1:4]] + [revision_task.pk])
    assert created == 3
    assert not Acknowledgement.objects.filter(user=employee, version__page=revised).exists()


def test_batch_confirming_without_the_declaration_records_nothing(demo):
    employee = demo["employee"]
    for n in range(2):
        make_policy(title=f"初始制度{n}", document_number=f"INIT-{n}")
    ids = [str(t.pk) for t in open_tasks(employee) if t.batch][:2]
    client = client_for(employee)
    response = client.post("/my/tasks/acknowledge/", {"task": ids}, follow=True)
    assert "请勾选“我已阅读并理解所选制度”后再确认。" in response.content.decode()
    assert not Acknowledgement.objects.filter(user=employee).exists()
    response = client.post("/my/tasks/acknowledge/", {"task": ids, "declaration": "1"}, follow=True)
    assert "已确认 2 份制度。" in response.content.decode()
    assert Acknowledgement.objects.filter(user=employee).count() == 2


def test_hr_sees_compliance_and_training_figures_on_the_home_page(demo):
    html = client_for(demo["hr"]).get("/").content.decode()
    assert "人资看板" in html
    for label in ("制度阅读确认完成率", "逾期未确认", "培训中的受训人员", "待常务副总审批的计划表", "待阅卷的简答题"):
        assert label in html
    assert "人资看板" not in client_for(demo["employee"]).get("/").content.decode()
    assert PolicyPage.objects.live().exists()
