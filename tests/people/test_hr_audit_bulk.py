"""A queryset ``update()`` or ``bulk_update()`` of a person's department, job
role or clearance (and so their 绝密 readership) leaves the same audit rows
as saving the profile: nothing changes these fields silently. Changes of
other fields leave none."""
import pytest
from wagtail.log_actions import LogContext
from wagtail.models import ModelLogEntry

from people import audit
from people.models import Confidentiality, Profile
from tests.factories import DepartmentFactory, make_user

pytestmark = pytest.mark.django_db


def actions_for(profile):
    return [e.action for e in ModelLogEntry.objects.filter(object_id=str(profile.pk)).order_by("pk")]


def test_a_queryset_update_of_clearance_is_audited_with_who_did_it():
    person = make_user("bulk_a", clearance=1)
    profile = Profile.objects.get(user=person)
    ModelLogEntry.objects.all().delete()
    hr = make_user("bulk_hr")
    with LogContext(user=hr):
        assert Profile.objects.filter(user=person).update(clearance=Confidentiality.TOP_SECRET) == 1
    entries = {e.action: e for e in ModelLogEntry.objects.filter(object_id=str(profile.pk))}
    assert set(entries) == {audit.CLEARANCE_ACTION, audit.TOP_SECRET_ACTION}
    assert entries[audit.CLEARANCE_ACTION].data == {"field": "clearance", "from": 1, "to": 3, "person": "bulk_a"}
    assert entries[audit.CLEARANCE_ACTION].user == hr
    assert entries[audit.TOP_SECRET_ACTION].data["granted"] is True


def test_a_queryset_update_of_department_logs_each_person_changed():
    old, new = DepartmentFactory(code="bulk-old", name="生产部"), DepartmentFactory(code="bulk-new", name="售后部")
    people = [make_user(f"bulk_d{n}", department=old) for n in range(3)]
    already = make_user("bulk_d_there", department=new)
    ModelLogEntry.objects.all().delete()
    Profile.objects.filter(user__in=people + [already]).update(department=new)
    for person in people:
        entry = ModelLogEntry.objects.get(object_id=str(person.profile.pk))
        assert entry.action == audit.DEPARTMENT_ACTION and entry.data["to"] == "售后部"
    assert actions_for(already.profile) == []  # nothing changed for them: nothing logged


def test_bulk_update_is_audited_too():
    people = [make_user(f"bulk_u{n}", clearance=0) for n in range(2)]
    profiles = list(Profile.objects.filter(user__in=people))
    ModelLogEntry.objects.all().delete()
    for profile in profiles:
        profile.clearance = Confidentiality.CONFIDENTIAL
    Profile.objects.bulk_update(profiles, ["clearance"])
    for profile in profiles:
        assert actions_for(profile) == [audit.CLEARANCE_ACTION]


def test_bulk_create_logs_the_clearance_granted():
    person = make_user("bulk_new", clearance=0)
    Profile.objects.filter(user=person).delete()
    ModelLogEntry.objects.all().delete()
    [profile] = Profile.objects.bulk_create([Profile(user=person, clearance=Confidentiality.SECRET)])
    assert actions_for(profile) == [audit.CLEARANCE_ACTION]


def test_updating_other_fields_logs_nothing():
    person = make_user("bulk_other")
    ModelLogEntry.objects.all().delete()
    Profile.objects.filter(user=person).update(employee_no="E42")
    assert not ModelLogEntry.objects.exists()


def test_the_readers_of_a_top_secret_policy_cannot_be_changed_by_a_queryset_update():
    from people.records import ImmutableRecordError
    from policies import top_secret
    from policies.models import TopSecretReader
    from tests.factories import make_policy

    approver = make_user("bulk_ts_approver", clearance=3, groups=["批准"], is_superuser=True)
    named, other = make_user("bulk_ts_named", clearance=3), make_user("bulk_ts_other", clearance=3)
    policy = make_policy(title="绝密审计测试制度", confidentiality=Confidentiality.TOP_SECRET)
    top_secret.name_reader(policy, named, approver)
    readers = TopSecretReader.objects.filter(policy=policy)
    with pytest.raises(ImmutableRecordError):
        readers.update(user=other)
    with pytest.raises(ImmutableRecordError):
        TopSecretReader.objects.bulk_update([TopSecretReader(pk=readers.get().pk, user=other)], ["user"])
    assert list(readers.values_list("user__username", flat=True)) == ["bulk_ts_named"]
