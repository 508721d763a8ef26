"""A needs survey to a customer in a real browser: HR sends it from the
survey's page; the customer's contact, not logged in, opens the link from
the email, answers in Chinese and is thanked; HR sees the answer in the
summary under the customer's name. Screenshots under ``tests/artifacts/``."""
import datetime
import pathlib
import re

import pytest
from django.core import mail
from django.utils import timezone

from lms.models import NeedsQuestion, NeedsResponse, NeedsSurvey, QuestionKind
from people.permissions import HR
from tests.factories import DepartmentFactory, make_user
from tests.lms.builders import delivered
from tests.lms.customer_builders import make_organisation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ARTIFACTS = pathlib.Path(__file__).resolve().parents[2] / "tests" / "artifacts"


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"needs-customer-{name}.png"), full_page=True)


def test_a_customer_contact_answers_the_needs_survey_from_the_email_link(browser, live_server, page_as):
    hr = make_user("hr_needs_e2e", groups=[HR], first_name="人资", last_name="何")
    DepartmentFactory(code="svc", name="售后部", head=make_user("head_needs_e2e"))
    customer = make_organisation("华东精密机械有限公司", contact_name="钱经理", contact_email="qian@hd.example.com")
    today = timezone.localdate()
    survey = NeedsSurvey.objects.create(title="客户培训需求调研", goal="了解客户明年的培训需求", opens_on=today,
                                        closes_on=today + datetime.timedelta(days=10), created_by=hr)
    survey.customers.set([customer])
    NeedsQuestion.objects.create(survey=survey, sort_order=0, label="最需要的培训主题", kind=QuestionKind.CHOICE,
                                 choices="设备操作\n故障排除")
    NeedsQuestion.objects.create(survey=survey, sort_order=1, label="意见与建议", kind=QuestionKind.TEXT)

    hr_page = page_as(hr)
    hr_page.goto(survey.get_absolute_url())
    hr_page.get_by_role("button", name="发出调研").click()
    hr_page.get_by_text("已发出调研").wait_for()
    delivered()  # the outbox's sweep, in case the worker hand-off ran elsewhere
    mails = [m for m in mail.outbox if m.to == ["qian@hd.example.com"]]
    assert len(mails) == 1
    link = re.search(r"https?://\S+(/needs-survey/reply/[\w-]+/)", mails[0].body).group(1)

    context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    contact = context.new_page()
    contact.set_default_timeout(15000)
    contact.goto(link)
    contact.get_by_text("代表华东精密机械有限公司填写").wait_for()
    shot(contact, "1-form")
    contact.get_by_label("故障排除").check()
    contact.get_by_label("意见与建议").fill("希望在我方车间实训")
    contact.get_by_role("button", name="提交回答").click()
    contact.get_by_text("华东精密机械有限公司已于").wait_for()
    shot(contact, "2-thanks")
    context.close()
    assert NeedsResponse.objects.get(survey=survey).customer == customer

    hr_page.goto(survey.get_absolute_url())
    hr_page.get_by_text("希望在我方车间实训").wait_for()
    assert "华东精密机械有限公司" in hr_page.locator("#needs-responses").inner_text()
    shot(hr_page, "3-summary")
