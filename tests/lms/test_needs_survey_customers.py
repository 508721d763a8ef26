"""Needs surveys sent to customers (客户培训日常管理制度 二): HR chooses
customer organisations beside departments; each customer's contact is
mailed (through the outbox) a personal link that opens that survey's form
for that customer, without an account, until the closing date; the answer
joins the departments' in the summary, labelled with the customer's name."""
import datetime
import hashlib
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from lms import needs_surveys
from lms.models import NeedsQuestion, NeedsResponse, NeedsSurvey, NeedsSurveyLink, NeedsSurveyStatus, QuestionKind
from lms.views.needs_surveys import MISS_LIMIT
from people.models import Confidentiality, OutboxMessage
from people.permissions import HR
from tests.factories import DepartmentFactory, make_policy, make_user
from tests.lms.builders import delivered

from .customer_builders import make_organisation, make_trainee

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/needs-survey/reply/([\w-]+)/")


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # the unknown-token counter lives in the cache
    yield
    cache.clear()


@pytest.fixture
def setup():
    hr = make_user("hr_c", groups=[HR], first_name="人资", last_name="何")
    head = make_user("head_svc_c", first_name="部长", last_name="欧")
    service = DepartmentFactory(code="svc", name="售后部", head=head)
    ours = make_organisation("华东精密机械有限公司", contact_name="钱经理", contact_email="qian@hd.example.com")
    theirs = make_organisation("西北重工股份公司", contact_name="孙经理", contact_email="sun@xb.example.com")
    today = timezone.localdate()
    survey = NeedsSurvey.objects.create(title="客户培训需求调研", goal="了解客户明年的培训需求", opens_on=today,
                                        closes_on=today + datetime.timedelta(days=10), created_by=hr)
    survey.departments.set([service])
    survey.customers.set([ours])
    questions = [
        NeedsQuestion.objects.create(survey=survey, sort_order=0, label="最需要的培训主题", kind=QuestionKind.CHOICE,
                                     choices="设备操作\n故障排除"),
        NeedsQuestion.objects.create(survey=survey, sort_order=1, label="意见与建议", kind=QuestionKind.TEXT,
                                     required=False),
    ]
    other_survey = NeedsSurvey.objects.create(title="另一项内部调研", goal="内部", opens_on=today,
                                              closes_on=today + datetime.timedelta(days=10), created_by=hr)
    return {"hr": hr, "head": head, "service": service, "ours": ours, "theirs": theirs, "survey": survey,
            "questions": questions, "other_survey": other_survey}


def sent(setup):
    """Send the survey and deliver the outbox; the customer's token, read from the mail."""
    needs_surveys.send(setup["survey"], setup["hr"])
    delivered()
    mails = [m for m in mail.outbox if m.to == [setup["ours"].contact_email]]
    assert len(mails) == 1
    return LINK.search(mails[0].body).group(1)


def reply_url(token):
    return f"/needs-survey/reply/{token}/"


def answer(setup, topic="故障排除", text="希望增加现场实操"):
    q = setup["questions"]
    return {f"q{q[0].pk}": topic, f"q{q[1].pk}": text}


def test_sending_to_a_customer_queues_one_mail_with_a_personal_link_and_keeps_only_its_hash(setup):
    needs_surveys.send(setup["survey"], setup["hr"])

    link = NeedsSurveyLink.objects.get(survey=setup["survey"])
    assert link.customer == setup["ours"] and link.token_hash is None and link.emailed_at is None
    message = OutboxMessage.objects.get(task=needs_surveys.EMAIL_LINK_TASK)
    assert message.args == [link.pk]  # the outbox holds no token
    assert not [m for m in mail.outbox if m.to == ["qian@hd.example.com"]]  # nothing leaves before the commit

    delivered()
    mails = [m for m in mail.outbox if m.to == ["qian@hd.example.com"]]
    assert len(mails) == 1 and "客户培训需求调研" in mails[0].subject
    assert "钱经理，您好" in mails[0].body and "无需登录" in mails[0].body
    token = LINK.search(mails[0].body).group(1)
    link.refresh_from_db()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest() and link.sent_to == "qian@hd.example.com"
    assert not NeedsSurveyLink.objects.filter(token_hash=token).exists()
    assert token not in str(list(OutboxMessage.objects.values_list("args", flat=True)))

    assert needs_surveys.email_customer_link(link.pk) is False  # the worker and the sweep: mailed once
    delivered()
    assert len([m for m in mail.outbox if m.to == ["qian@hd.example.com"]]) == 1
    assert not [m for m in mail.outbox if m.to == ["sun@xb.example.com"]]  # a customer not chosen


def test_a_link_whose_survey_closed_before_delivery_is_not_mailed(setup):
    needs_surveys.send(setup["survey"], setup["hr"])
    needs_surveys.close(setup["survey"], setup["hr"])
    delivered()
    assert not [m for m in mail.outbox if m.to == ["qian@hd.example.com"]]
    assert NeedsSurveyLink.objects.get().token_hash is None


def test_only_hr_sends_and_chooses_customers_in_the_survey_form(setup, login):
    head = login(setup["head"])
    assert head.post(f"/training/needs-surveys/{setup['survey'].pk}/", {"action": "send"}).status_code == 403
    assert not NeedsSurveyLink.objects.exists() and not OutboxMessage.objects.exists()
    setup["survey"].refresh_from_db()
    assert setup["survey"].status == NeedsSurveyStatus.DRAFT

    hr = login(setup["hr"])
    form = hr.get("/training/needs-surveys/").content.decode()
    assert "调研客户" in form and "西北重工股份公司" in form
    response = hr.post("/training/needs-surveys/", {
        "title": "只问客户的调研", "goal": "了解客户需求", "method": "questionnaire",
        "opens_on": "2026-12-03", "closes_on": "2026-12-20", "customers": [setup["theirs"].pk]})
    assert response.status_code == 302
    survey = NeedsSurvey.objects.get(title="只问客户的调研")
    assert list(survey.customers.all()) == [setup["theirs"]] and not survey.departments.exists()

    setup["hr"].is_staff = True
    setup["hr"].save()
    admin_form = login(setup["hr"]).get("/admin/snippets/lms/needssurvey/add/").content.decode()
    assert "调研客户" in admin_form and "华东精密机械有限公司" in admin_form  # the admin chooses them too


def test_the_link_opens_that_surveys_form_in_chinese_without_login_and_nothing_else(
        setup, django_assert_max_num_queries):
    make_policy(title="客户不可见的设备采购制度", parts=[("para", "采购审批句。")],
                confidentiality=Confidentiality.PUBLIC)
    token = sent(setup)
    client = Client()
    with django_assert_max_num_queries(3):  # the link (with survey and customer), an earlier answer, the questions
        response = client.get(reply_url(token))
    assert response.status_code == 200
    html = response.content.decode()
    assert "客户培训需求调研" in html and "了解客户明年的培训需求" in html and "代表华东精密机械有限公司填写" in html
    assert "最需要的培训主题" in html and "故障排除" in html and "提交回答" in html
    for other in ("西北重工", "售后部", "欧部长", "何人资", "另一项内部调研", "客户不可见的设备采购制度",
                  "规章制度", "我的待办", "/policies/", "/admin/", "/training/", "退出登录"):
        assert other not in html, other


def test_a_logged_in_trainee_of_another_customer_sees_only_that_form(setup, login):
    token = sent(setup)
    trainee = make_trainee(setup["theirs"], "xb_trainee", first_name="他客", last_name="欧阳")
    response = login(trainee).get(reply_url(token))
    assert response.status_code == 200
    html = response.content.decode()
    assert "代表华东精密机械有限公司填写" in html and 'id="needs-reply-form"' in html
    for other in ("欧阳他客", "西北重工", "我的学习", "退出登录", "/my/"):
        assert other not in html, other


def test_answering_saves_it_once_for_the_customer_and_the_summary_shows_it_by_name(setup, login):
    token = sent(setup)
    needs_surveys.submit_answers(setup["survey"], setup["head"], answer(setup, "设备操作", "部门意见"))
    client = Client()

    response = client.post(reply_url(token), answer(setup))
    assert response.status_code == 302 and response["Location"] == reply_url(token)
    saved = NeedsResponse.objects.get(survey=setup["survey"], customer=setup["ours"])
    assert saved.department is None and saved.respondent is None
    assert saved.answers == {str(setup["questions"][0].pk): "故障排除", str(setup["questions"][1].pk): "希望增加现场实操"}
    page = client.get(reply_url(token)).content.decode()
    assert "华东精密机械有限公司已于" in page and 'id="needs-reply-form"' not in page

    again = client.post(reply_url(token), answer(setup, "设备操作", "改主意了"))
    assert again.status_code == 409 and "不能重复提交" in again.content.decode()
    assert NeedsResponse.objects.filter(customer=setup["ours"]).get().answers == saved.answers

    html = login(setup["hr"]).get(setup["survey"].get_absolute_url()).content.decode()
    assert "已回答 2 / 2" in html
    responses = html.split('id="needs-responses"')[1].split("</table>")[0]
    assert "华东精密机械有限公司" in responses and "钱经理" in responses and "售后部" in responses
    assert "<strong>华东精密机械有限公司</strong>（客户）：希望增加现场实操" in html
    assert "<strong>售后部</strong>：部门意见" in html
    topic = needs_surveys.summarise(setup["survey"])[0]
    assert dict(topic.counts) == {"故障排除": 1, "设备操作": 1}


def test_an_unknown_or_expired_token_is_refused_in_chinese_and_changes_nothing(setup):
    token = sent(setup)
    client = Client()

    unknown = client.get(reply_url("x" + token[1:]))
    assert unknown.status_code == 404 and "链接无效" in unknown.content.decode()
    assert "最需要的培训主题" not in unknown.content.decode()
    assert client.post(reply_url("nope"), answer(setup)).status_code == 404

    survey = setup["survey"]
    NeedsSurvey.objects.filter(pk=survey.pk).update(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    expired = client.post(reply_url(token), answer(setup))
    assert expired.status_code == 410 and "链接已失效" in expired.content.decode()
    assert "最需要的培训主题" not in expired.content.decode()

    NeedsSurvey.objects.filter(pk=survey.pk).update(closes_on=timezone.localdate() + datetime.timedelta(days=3),
                                                    status=NeedsSurveyStatus.CLOSED)
    assert client.post(reply_url(token), answer(setup)).status_code == 410  # closed by HR
    assert not NeedsResponse.objects.exists()


def test_too_many_unknown_tokens_from_one_address_are_refused_for_a_while(setup):
    token = sent(setup)
    client = Client()
    for attempt in range(MISS_LIMIT):
        assert client.get(reply_url(f"guess{attempt}")).status_code == 404
    refused = client.get(reply_url(token))  # even a good one, until the window passes
    assert refused.status_code == 429 and "尝试次数过多" in refused.content.decode()
    assert "最需要的培训主题" not in refused.content.decode()
    cache.clear()
    assert client.get(reply_url(token)).status_code == 200
