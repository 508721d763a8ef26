"""Factories for people and policy pages."""
import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from policies.models import PolicyCategory, PolicyPage
from portal.models import Department, JobRole, Profile
from portal.setup import ensure_site

PASSWORD = "pw-for-tests"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"dept-{n}")
    name = factory.Sequence(lambda n: f"部门{n}")


class JobRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobRole
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"role-{n}")
    name = factory.Sequence(lambda n: f"岗位{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "员工"
    last_name = factory.Sequence(lambda n: f"测{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def profile(user, create, extracted, **kwargs):
        if create:
            Profile.objects.update_or_create(user=user, defaults=kwargs)
            user.save()

    @factory.post_generation
    def groups(user, create, extracted, **kwargs):
        for name in extracted or []:
            user.groups.add(Group.objects.get_or_create(name=name)[0])


def make_user(username=None, clearance=0, department=None, job_role=None, groups=(), **extra):
    kwargs = {"profile__clearance": clearance, "profile__department": department,
              "profile__job_role": job_role, "groups": list(groups)}
    if username:
        kwargs["username"] = username
    return UserFactory(**kwargs, **extra)


def body(*parts):
    """Build a StreamField value: ("chapter", "总则"), ("article", "为了…"),
    ("item", "标题", "内容"), ("paragraph", "…")."""
    value = []
    for part in parts:
        kind = part[0]
        if kind == "chapter":
            value.append(("chapter", {"title": part[1]}))
        elif kind == "article":
            value.append(("article", {"text": part[1]}))
        elif kind == "item":
            value.append(("item", {"title": part[1], "text": part[2] if len(part) > 2 else ""}))
        else:
            value.append(("paragraph", {"text": part[1]}))
    return value


def policy_index():
    return ensure_site()


def make_policy(title="培训管理制度", document_number=None, parts=None, publish=True, user=None, **fields):
    """Create a PolicyPage under the policy library and (by default) publish
    its first version directly, as the importer does."""
    index = policy_index()
    fields.setdefault("effective_date", datetime.date(2026, 1, 1))
    if "category" not in fields:
        fields["category"], _ = PolicyCategory.objects.get_or_create(
            slug="training", defaults={"name": "培训管理"}
        )
    page = PolicyPage(
        title=title,
        document_number=document_number or f"DOC-{PolicyPage.objects.count() + 1:03d}",
        body=body(*(parts or [("chapter", "总则"), ("article", "为了规范培训工作，制定本制度。")])),
        live=False,
        **fields,
    )
    index.add_child(instance=page)
    if publish:
        page.save_revision(user=user).publish(user=user)
    return PolicyPage.objects.get(pk=page.pk)


def publish_new_version(page, change_summary, user=None, **changes):
    """Save and publish a new revision of ``page`` with ``changes``."""
    page = PolicyPage.objects.get(pk=page.pk)
    for name, value in changes.items():
        if name == "parts":
            page.body = body(*value)
        else:
            setattr(page, name, value)
    page.change_summary = change_summary
    page.save_revision(user=user).publish(user=user)
    return PolicyPage.objects.get(pk=page.pk)


def make_scoped_policy(departments=(), roles=(), publish=True, user=None, **fields):
    """A policy whose first version already applies only to ``departments``
    and ``roles`` (empty: everyone), published unless ``publish=False``."""
    page = make_policy(publish=False, **fields)
    page.scope_departments.set(list(departments))
    page.scope_roles.set(list(roles))
    if publish:
        page.save_revision(user=user).publish(user=user)
    else:
        page.save()
    return PolicyPage.objects.get(pk=page.pk)
