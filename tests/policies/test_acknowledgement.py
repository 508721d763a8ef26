"""Read-and-acknowledge: who must confirm a version, the 我已阅读并理解
button, the audit record it writes, and where each person stands."""
import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from wagtail.snippets.models import get_snippet_models

from people.models import Confidentiality, Profile
from people.records import ImmutableRecordError
from policies import acknowledgements
from policies.models import (
    Acknowledgement,
    AcknowledgementTask,
    PolicyPage,
    TaskStatus,
)
from tests.factories import (
    PASSWORD,
    DepartmentFactory,
    JobRoleFactory,
    make_scoped_policy,
    make_user,
    publish_new_version,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def org(db):
    class Org:
        after_sales = DepartmentFactory(code="after-sales-t", name="售后部")
        production = DepartmentFactory(code="production-t", name="生产部")
        trainee = JobRoleFactory(code="trainee-t", name="受训人员")
        manager = JobRoleFactory(code="manager-t", name="部门负责人")

    return Org


@pytest.fixture
def people(org):
    """One person in the scope (售后部 受训人员) and people just outside it."""

    class People:
        trainee = make_user("as_trainee", department=org.after_sales, job_role=org.trainee)
        manager = make_user("as_manager", department=org.after_sales, job_role=org.manager)
        elsewhere = make_user("pr_trainee", department=org.production, job_role=org.trainee)
        departed = make_user("as_departed", department=org.after_sales, job_role=org.trainee, is_active=False)
        no_profile = get_user_model().objects.create_user("no_profile", password=PASSWORD)

    return People


@pytest.fixture
def policy(org, people):
    return make_scoped_policy(
        departments=[org.after_sales], roles=[org.trainee], title="售后服务人员培训管理办法",
        parts=[("article", "新员工须参加摸底考试。")],
    )


def task_users(version):
    return set(AcknowledgementTask.objects.filter(version=version).values_list("user__username", flat=True))


def post_acknowledge(client, page, number, **extra):
    return client.post(page.url + "acknowledge/", {"version": number}, **extra)


# ---- who gets a task ---------------------------------------------------------


def test_substantive_revision_creates_tasks_only_for_people_in_scope(policy, people):
    v1 = policy.versions.get(number=1)
    assert task_users(v1) == {"as_trainee"}
    revised = publish_new_version(policy, "摸底考试改为笔试加实操", parts=[("article", "新员工须参加笔试和实操摸底考试。")])
    v2 = revised.versions.get(number=2)
    assert v2.substantive
    assert task_users(v2) == {"as_trainee"}


def test_secret_policy_creates_tasks_only_for_people_cleared_for_it(org):
    cleared = make_user("cleared", department=org.after_sales, clearance=Confidentiality.SECRET)
    make_user("uncleared", department=org.after_sales, clearance=Confidentiality.PUBLIC)
    page = make_scoped_policy(departments=[org.after_sales], title="售后备件价格管理办法",
                              confidentiality=Confidentiality.SECRET)
    assert task_users(page.versions.get()) == {cleared.username}


def test_editorial_revision_creates_no_tasks(policy, people):
    revised = publish_new_version(policy, "改正错别字", revision_kind="editorial",
                                  parts=[("article", "新员工须参加摸底考试。 ")])
    v2 = revised.versions.get(number=2)
    assert not v2.substantive and v2.acknowledgement_due is None
    assert not AcknowledgementTask.objects.filter(version=v2).exists()
    # The open task is still the one for version 1.
    assert [t.version.number for t in acknowledgements.open_tasks(people.trainee)] == [1]


def test_first_version_is_substantive_even_if_marked_editorial(org, people):
    page = make_scoped_policy(departments=[org.after_sales], roles=[org.trainee], revision_kind="editorial")
    version = page.versions.get()
    assert version.substantive
    assert task_users(version) == {"as_trainee"}


def test_due_date_is_seven_days_after_publication_unless_the_page_says_otherwise(org, people):
    today = timezone.localdate()
    default = make_scoped_policy(departments=[org.after_sales], roles=[org.trainee])
    assert default.versions.get().acknowledgement_due == today + 7 * DAY
    assert AcknowledgementTask.objects.get(version__page=default).due == today + 7 * DAY
    longer = make_scoped_policy(departments=[org.after_sales], roles=[org.trainee], acknowledgement_days=14)
    assert longer.versions.get().acknowledgement_due == today + 14 * DAY


def test_person_who_joins_the_scope_later_gets_a_task(policy, people, org):
    version = policy.versions.get()
    assert not AcknowledgementTask.objects.filter(user=people.elsewhere).exists()
    profile = Profile.objects.get(user=people.elsewhere)
    profile.department = org.after_sales
    profile.save()
    task = AcknowledgementTask.objects.get(user=people.elsewhere)
    assert task.version == version
    assert task.due >= timezone.localdate() + 7 * DAY
    # Saving again changes nothing.
    profile.save()
    assert AcknowledgementTask.objects.filter(user=people.elsewhere).count() == 1


def test_joining_the_scope_of_a_secret_policy_needs_the_clearance_too(org):
    page = make_scoped_policy(departments=[org.after_sales], title="售后备件价格管理办法",
                              confidentiality=Confidentiality.SECRET)
    mover = make_user("mover", department=org.production, clearance=Confidentiality.PUBLIC)
    profile = Profile.objects.get(user=mover)
    profile.department = org.after_sales
    profile.save()
    assert not AcknowledgementTask.objects.filter(user=mover).exists()
    profile.clearance = Confidentiality.SECRET
    profile.save()
    assert AcknowledgementTask.objects.get(user=mover).version == page.versions.get()


def test_new_employee_hired_after_publication_gets_a_task(policy, org):
    newcomer = make_user("new_hire", department=org.after_sales, job_role=org.trainee)
    assert [t.version.page_id for t in acknowledgements.open_tasks(newcomer)] == [policy.pk]


def test_assigning_a_version_twice_creates_no_duplicates(policy):
    version = policy.versions.get()
    before = AcknowledgementTask.objects.count()
    assert acknowledgements.assign_version(version) == 0
    assert AcknowledgementTask.objects.count() == before


# ---- the button and the record ------------------------------------------------------


def test_page_shows_the_acknowledge_button_only_to_people_with_an_open_task(policy, people, login):
    html = login(people.trainee).get(policy.url).content.decode()
    assert "我已阅读并理解" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="version" value="1"' in html
    assert "我已阅读并理解" not in login(people.manager).get(policy.url).content.decode()


def test_acknowledging_records_user_exact_version_time_and_ip(policy, people, login):
    before = timezone.now()
    response = post_acknowledge(login(people.trainee), policy, 1, REMOTE_ADDR="10.20.30.40")
    assert response.status_code == 302
    ack = Acknowledgement.objects.get()
    assert ack.user == people.trainee
    assert ack.version == policy.versions.get(number=1)
    assert ack.ip_address == "10.20.30.40"
    assert before <= ack.acknowledged_at <= timezone.now()


def test_after_acknowledging_the_page_shows_the_status_instead_of_the_button(policy, people, login):
    client = login(people.trainee)
    html = client.get(post_acknowledge(client, policy, 1)["Location"]).content.decode()
    assert "我已阅读并理解" not in html
    assert "已确认" in html and "确认阅读第 1 版" in html


def test_second_acknowledgement_changes_nothing_and_says_already_confirmed(policy, people, login):
    client = login(people.trainee)
    post_acknowledge(client, policy, 1, REMOTE_ADDR="10.0.0.1")
    first = Acknowledgement.objects.get()
    response = post_acknowledge(client, policy, 1, REMOTE_ADDR="10.0.0.2", follow=True)
    assert Acknowledgement.objects.count() == 1
    again = Acknowledgement.objects.get()
    assert (again.acknowledged_at, again.ip_address) == (first.acknowledged_at, "10.0.0.1")
    assert "已确认" in response.content.decode() and "无需重复确认" in response.content.decode()


def test_get_on_acknowledge_is_not_allowed(policy, people, login):
    response = login(people.trainee).get(policy.url + "acknowledge/")
    assert response.status_code == 405
    assert not Acknowledgement.objects.exists()


def test_acknowledging_without_a_csrf_token_is_refused(policy, people):
    client = Client(enforce_csrf_checks=True)
    client.login(username=people.trainee.username, password=PASSWORD)
    assert post_acknowledge(client, policy, 1).status_code == 403
    assert not Acknowledgement.objects.exists()


def test_acknowledging_a_superseded_version_is_refused_with_a_pointer_to_the_current_one(policy, people, login):
    client = login(people.trainee)
    client.get(policy.url)  # the reader opens version 1 …
    publish_new_version(policy, "增加实操考试", parts=[("article", "新员工须参加笔试和实操摸底考试。")])
    response = post_acknowledge(client, policy, 1)  # … and confirms after version 2 is out
    html = response.content.decode()
    assert response.status_code == 409
    assert not Acknowledgement.objects.exists()
    assert "第 2 版" in html
    assert f'href="{policy.url}#acknowledgement"' in html
    assert f'href="{policy.url}compare/1/2/"' in html


def test_people_without_a_task_cannot_acknowledge(policy, people, login):
    post_acknowledge(login(people.manager), policy, 1)
    assert not Acknowledgement.objects.exists()


def test_people_who_may_not_read_the_policy_cannot_acknowledge_it(org):
    page = make_scoped_policy(departments=[org.after_sales], confidentiality=Confidentiality.CONFIDENTIAL)
    outsider = make_user("outsider", department=org.after_sales, clearance=Confidentiality.PUBLIC)
    client = Client()
    client.login(username=outsider.username, password=PASSWORD)
    assert post_acknowledge(client, page, 1).status_code == 403
    assert not Acknowledgement.objects.exists()


def test_forwarded_address_is_used_only_behind_a_trusted_proxy(policy, people, login, settings):
    client = login(people.trainee)
    post_acknowledge(client, policy, 1, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert Acknowledgement.objects.get().ip_address == "10.0.0.5"

    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    other = make_user("as_trainee2", department=policy.scope_departments.first(), job_role=people.trainee.profile.job_role)
    post_acknowledge(login(other), policy, 1, REMOTE_ADDR="10.0.0.5",
                     HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert Acknowledgement.objects.get(user=other).ip_address == "203.0.113.7"


# ---- statuses --------------------------------------------------------------------


def test_task_status_rule():
    due = datetime.date(2026, 3, 10)
    assert acknowledgements.task_status(2, due, [], due) == TaskStatus.PENDING
    assert acknowledgements.task_status(2, due, [], due + DAY) == TaskStatus.OVERDUE
    assert acknowledgements.task_status(2, due, [1], due) == TaskStatus.OUTDATED
    assert acknowledgements.task_status(2, due, [1], due + DAY) == TaskStatus.OVERDUE
    assert acknowledgements.task_status(2, due, [2], due + 30 * DAY) == TaskStatus.ACKNOWLEDGED
    assert acknowledgements.task_status(2, due, [3], due) == TaskStatus.ACKNOWLEDGED


def test_statuses_pending_overdue_acknowledged_outdated(policy, people):
    task1 = AcknowledgementTask.objects.get(user=people.trainee)
    assert task1.get_status(today=task1.due) == TaskStatus.PENDING
    assert task1.get_status(today=task1.due + DAY) == TaskStatus.OVERDUE

    acknowledgements.acknowledge(people.trainee, policy, 1)
    assert task1.get_status(today=task1.due + DAY) == TaskStatus.ACKNOWLEDGED

    publish_new_version(policy, "增加实操考试", parts=[("article", "新员工须参加笔试和实操摸底考试。")])
    task2 = AcknowledgementTask.objects.get(user=people.trainee, version__number=2)
    assert task2.get_status(today=task2.due) == TaskStatus.OUTDATED
    assert task2.get_status(today=task2.due + DAY) == TaskStatus.OVERDUE
    assert task1.get_status(today=task2.due) == TaskStatus.ACKNOWLEDGED
    assert [t.status for t in acknowledgements.open_tasks(people.trainee, today=task2.due)] == [TaskStatus.OUTDATED]


def test_acknowledging_the_current_editorial_version_covers_the_substantive_task(policy, people):
    publish_new_version(policy, "改正错别字", revision_kind="editorial", parts=[("article", "新员工须参加摸底考试！")])
    page = PolicyPage.objects.get(pk=policy.pk)
    assert acknowledgements.acknowledge(people.trainee, page, 1).kind == "stale"
    assert acknowledgements.acknowledge(people.trainee, page, 2).kind == "created"
    assert acknowledgements.open_tasks(people.trainee) == []


# ---- the audit record is final ------------------------------------------------------


def test_acknowledgement_cannot_be_updated_or_deleted(policy, people):
    acknowledgements.acknowledge(people.trainee, policy, 1, ip_address="10.0.0.1")
    ack = Acknowledgement.objects.get()
    original = (ack.acknowledged_at, ack.ip_address)

    ack.ip_address = "10.9.9.9"
    with pytest.raises(ImmutableRecordError):
        ack.save()
    with pytest.raises(ImmutableRecordError):
        ack.delete()
    with pytest.raises(ImmutableRecordError):
        Acknowledgement.objects.filter(pk=ack.pk).update(ip_address="10.9.9.9")
    with pytest.raises(ImmutableRecordError):
        Acknowledgement.objects.filter(pk=ack.pk).delete()

    stored = Acknowledgement.objects.get(pk=ack.pk)
    assert (stored.acknowledged_at, stored.ip_address) == original


def test_acknowledgements_have_no_edit_or_delete_screen():
    assert Acknowledgement not in admin.site._registry
    assert Acknowledgement not in get_snippet_models()


# ---- my tasks ---------------------------------------------------------------------


def test_my_tasks_lists_policies_to_acknowledge_with_due_dates_and_overdue_highlighted(policy, people, org, login):
    late = make_scoped_policy(departments=[org.after_sales], title="售后服务安全红线")
    AcknowledgementTask.objects.filter(user=people.trainee, version__page=late).update(
        due=timezone.localdate() - 3 * DAY
    )
    html = login(people.trainee).get("/my/tasks/").content.decode()
    assert "售后服务人员培训管理办法" in html and "售后服务安全红线" in html
    assert (timezone.localdate() + 7 * DAY).strftime("%Y-%m-%d") in html
    overdue_row = html.split('class="task task-overdue"')[1].split("</tr>")[0]
    assert "售后服务安全红线" in overdue_row and "逾期 3 天" in overdue_row
    assert 'href="/my/tasks/"' in html and '<span class="badge"' in html
    assert "暂无待完成的培训课程" in html and "暂无待参加的考试" in html


def test_acknowledged_policy_leaves_my_tasks(policy, people, login):
    client = login(people.trainee)
    post_acknowledge(client, policy, 1)
    html = client.get("/my/tasks/").content.decode()
    assert "暂无需要阅读确认的制度" in html
    assert "第 1 版" in html and "已确认" in html


def test_my_tasks_hides_policies_the_reader_may_no_longer_read(org, login):
    reader = make_user("secret_reader", department=org.after_sales, clearance=Confidentiality.SECRET)
    make_scoped_policy(departments=[org.after_sales], title="售后备件底价", confidentiality=Confidentiality.SECRET)
    assert "售后备件底价" in login(reader).get("/my/tasks/").content.decode()
    Profile.objects.filter(user=reader).update(clearance=Confidentiality.PUBLIC)
    assert "售后备件底价" not in login(reader).get("/my/tasks/").content.decode()


def test_edit_form_starts_each_new_revision_as_substantive(policy, login):
    superuser = make_user("root_t", is_superuser=True, is_staff=True)
    publish_new_version(policy, "改正错别字", revision_kind="editorial", parts=[("article", "新员工须参加摸底考试！")])
    html = login(superuser).get(f"/admin/pages/{policy.pk}/edit/").content.decode()
    select = html.split('name="revision_kind"')[1].split("</select>")[0]
    assert 'value="substantive" selected' in select


def test_editorial_revision_that_widens_the_scope_gives_the_newcomers_a_task(
    policy, people, org, django_capture_on_commit_callbacks
):
    from people.models import Notification
    from policies.reminders import announce_version

    v1 = policy.versions.get()
    announce_version(v1.pk)  # version 1 was announced when it was published
    page = PolicyPage.objects.get(pk=policy.pk)
    page.scope_departments.add(org.production)
    page.change_summary = "适用范围增加生产部"
    page.revision_kind = "editorial"
    before = Notification.objects.filter(user=people.trainee).count()
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert Notification.objects.filter(user=people.elsewhere).count() == 1
    assert Notification.objects.filter(user=people.trainee).count() == before
    assert not page.versions.get(number=2).substantive
    # The production trainee joins the task for version 1, with the full time to read it.
    task = AcknowledgementTask.objects.get(user=people.elsewhere)
    assert task.version == v1
    assert task.due >= timezone.localdate() + 7 * DAY
    # Nobody already asked gets a second task.
    assert AcknowledgementTask.objects.filter(user=people.trainee).count() == 1
