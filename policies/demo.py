"""Demo content for policies, added by ``manage.py setup_demo`` (through
``people.inbox.DEMO_CONTENT_HOOK``, after the site, the library and the demo
accounts exist; before the LMS, whose "read this policy" lesson needs a
public policy). Safe to run again.

- One 机密 policy for 售后部, written for the demo: readable by ``secret``,
  ``reviewer`` and the after-sales head, invisible to everyone else. Its
  second version, drafted by ``hr`` (one article changed), waits in the
  workflow for 部门审核, so the reviewers have an approval in 我的待办.
- A short public onboarding notice, written for the demo, with a second
  version already published (one article changed), so every reader's
  dashboard shows a recent revision and its redline shows one change.
"""
import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from people.models import Confidentiality, Department

from .library import ensure_library
from .models import PolicyCategory, PolicyPage

CONFIDENTIAL_NUMBER = "SH-BM-001"
CONFIDENTIAL_TITLE = "售后服务价格与客户资料保密规定"
CONFIDENTIAL_BODY = [
    ("chapter", {"title": "总则"}),
    ("article", {"text": "为保护公司售后服务价格体系和客户资料，防止泄露给竞争对手或无关人员，制定本规定。"}),
    ("article", {"text": "本规定所称保密资料包括：\n（一）配件内部结算价与各级经销商折扣；\n"
                         "（二）客户名称、联系人、设备台账与维修记录；\n（三）尚未公开的产品改进与召回计划。"}),
    ("article", {"text": "本规定适用于售后部全体人员。其他部门人员因工作需要查阅的，须经售后部经理书面同意。"}),
    ("chapter", {"title": "保管与使用"}),
    ("article", {"text": "保密资料只存放在公司系统内，不得下载到个人设备，不得通过个人邮箱或即时通讯工具传送。"}),
    ("article", {"text": "外出服务时携带的客户资料，服务结束后 3 个工作日内交回售后部归档。"}),
    ("article", {"text": "向客户报价只能使用公开价目表；内部结算价不得出现在任何对外文件中。"}),
    ("chapter", {"title": "责任"}),
    ("article", {"text": "违反本规定造成资料泄露的，视情节给予警告、记过直至解除劳动合同；"
                         "给公司造成损失的，依法追究赔偿责任。"}),
    ("article", {"text": "本规定由售后部负责解释，自发布之日起执行。"}),
]
#: The second version's one change (article 6: 3 → 2 working days), under review.
REVISED_ARTICLE = (6, "外出服务时携带的客户资料，服务结束后 2 个工作日内交回售后部归档，并由售后部经理签收。")

NOTICE_NUMBER = "RZ-XZ-001"
NOTICE_TITLE = "新员工入职须知"
NOTICE_BODY = [
    ("chapter", {"title": "总则"}),
    ("article", {"text": "为帮助新员工尽快熟悉公司、适应岗位，制定本须知。"}),
    ("article", {"text": "新员工入职第一周内完成入职培训：公司历史与规划、企业文化、组织结构与规章制度、"
                         "岗位职责与流程，并参观生产线。"}),
    ("chapter", {"title": "日常要求"}),
    ("article", {"text": "上班时间为每日 8:30 至 17:30，因故不能按时到岗的，须提前向部门负责人请假。"}),
    ("article", {"text": "新员工须在门户“我的待办”中阅读并确认适用于本人的规章制度。"}),
    ("article", {"text": "本须知由人资部负责解释，自发布之日起执行。"}),
]
#: The notice's published second version: article 3, the working hours.
NOTICE_REVISED_ARTICLE = (3, "上班时间为每日 8:00 至 17:00，因故不能按时到岗的，须提前向部门负责人请假并在考勤系统登记。")
NOTICE_CHANGE = "第三条：上班时间调整为 8:00 至 17:00，请假须在考勤系统登记。"


@transaction.atomic
def add_demo_content(stdout):
    """The policies' demo content (needs the demo accounts ``hr``)."""
    index = ensure_library()
    if not PolicyPage.objects.filter(document_number=NOTICE_NUMBER).exists():
        notice = _publish(index, NOTICE_NUMBER, NOTICE_TITLE, NOTICE_BODY, category=("hr-admin", "人事行政"),
                          owner="hr")
        # Approved through the workflow in real life: published here in the 董事长's name.
        _revise(notice, NOTICE_BODY, NOTICE_REVISED_ARTICLE, NOTICE_CHANGE).publish(
            user=get_user_model().objects.get(username="approver"), skip_permission_checks=True)
        stdout.write(f"公开制度《{NOTICE_TITLE}》：第 2 版已发布（第三条修订），见首页“最近修订”。")
    if not PolicyPage.objects.filter(document_number=CONFIDENTIAL_NUMBER).exists():
        page = _publish(index, CONFIDENTIAL_NUMBER, CONFIDENTIAL_TITLE, CONFIDENTIAL_BODY,
                        category=("confidentiality", "保密管理"), owner="after-sales",
                        confidentiality=Confidentiality.CONFIDENTIAL, scope=["after-sales"])
        _submit_revision(page)
    stdout.write(f"机密制度《{CONFIDENTIAL_TITLE}》：secret、reviewer 可读，第 2 版在审批流程中（部门审核）。")


def _publish(index, number, title, body, *, category, owner, confidentiality=Confidentiality.PUBLIC, scope=()):
    slug, name = category
    page = PolicyPage(
        title=title, slug=number.lower(), document_number=number, body=body, live=False,
        category=PolicyCategory.objects.get_or_create(slug=slug, defaults={"name": name})[0],
        owner_department=Department.objects.get(code=owner), confidentiality=confidentiality,
        effective_date=timezone.localdate() - datetime.timedelta(days=30),
        drafted_by="何人资", drafted_on=timezone.localdate() - datetime.timedelta(days=40),
        approved_by="白董事长", approved_on=timezone.localdate() - datetime.timedelta(days=31),
    )
    index.add_child(instance=page)
    page.scope_departments.set(list(Department.objects.filter(code__in=scope)))
    page.save_revision().publish()
    return PolicyPage.objects.get(pk=page.pk)


def _revise(page, original, revised_article, change_summary):
    """A new revision of ``page`` drafted by HR: ``original`` with one
    article (``(number, text)``) changed. Returns the revision."""
    hr = get_user_model().objects.get(username="hr")
    body = []
    article = 0
    for kind, value in original:
        if kind == "article":
            article += 1
            if article == revised_article[0]:
                value = {"text": revised_article[1]}
        body.append((kind, value))
    page.body = body
    page.version_label = "A/1"
    page.change_summary = change_summary
    page.effective_date = timezone.localdate()
    return page.save_revision(user=hr)


def _submit_revision(page):
    """A second version drafted by HR, submitted to the policies' workflow."""
    _revise(page, CONFIDENTIAL_BODY, REVISED_ARTICLE,
            "第六条：客户资料交回期限由 3 个工作日缩短为 2 个工作日，并由售后部经理签收。")
    page.get_workflow().start(page, get_user_model().objects.get(username="hr"))
