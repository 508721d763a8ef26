"""No admin URL shows an editor a policy above their clearance.

The URLs are not a hand-written list: every pattern under ``admin/`` is taken
from the resolver, its arguments filled in (a page id with the target
policy's id; other ids with an object of the view's model, preferring one
that belongs to the target policy), and requested with GET by every demo role
against a 公开, a 秘密, a 机密 and a 绝密 policy, each in the approval
workflow and locked, so that the moderation lists and reports have them. For
a role not cleared for a level, no response may contain that policy's title,
文件编号 or a sentence of its body.

A pattern that takes no page id answers the same for every target: it is
requested once per role and its response judged for all four levels. The
matrix is roles × URLs × levels either way; ``matrix_cells`` counts it and
the failure message lists every wrong cell.
"""
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.models import Page, TaskState, WorkflowState

from people.demo import DEMO_ACCOUNTS, create_demo_accounts
from people.models import Confidentiality
from policies import access
from tests.factories import PASSWORD, make_policy

pytestmark = pytest.mark.django_db

LEVELS = {
    Confidentiality.PUBLIC: ("公开", "公开矩阵测试制度", "GK-2026-0001", "公开条文矩阵测试句。"),
    Confidentiality.SECRET: ("秘密", "秘密矩阵测试制度", "MM-2026-0002", "秘密条文矩阵测试句。"),
    Confidentiality.CONFIDENTIAL: ("机密", "机密矩阵测试制度", "JM-2026-0003", "机密条文矩阵测试句。"),
    Confidentiality.TOP_SECRET: ("绝密", "绝密矩阵测试制度", "JUEMI-2026-0004", "绝密条文矩阵测试句。"),
}
ROLES = [row[0] for row in DEMO_ACCOUNTS]

#: URL arguments that name a page (the page the view is about).
PAGE_ARGUMENTS = {"page_id", "parent_page_id", "page_to_move_id", "page_pk"}
#: Namespaces whose ``pk`` is a page's.
PAGE_NAMESPACES = {"wagtailadmin_pages", "wagtailadmin_api:pages"}
#: Patterns not requested, each with the reason.
SKIPPED = {
    "wagtailadmin_logout": "logs the role out: the rest of its requests would prove nothing",
    "wagtailadmin_error_test": "raises on purpose (Wagtail's own 500 test page)",
}
#: A pattern without a name is requested as written when it takes no argument.
NAMELESS_OK = re.compile(r"^[\w\-/]*$")


def walk(patterns, prefix="", namespaces=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = (pattern.namespace,) if pattern.namespace else ()
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), namespaces + namespace)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespaces, pattern


def admin_patterns():
    """(route, namespaces, pattern) for every URL pattern under ``admin/``."""
    return [row for row in walk(get_resolver().url_patterns) if row[0].startswith("admin/")]


def arguments_of(pattern):
    regex = pattern.pattern.regex
    return list(regex.groupindex)


def takes_page(namespaces, pattern):
    names = set(arguments_of(pattern))
    if names & PAGE_ARGUMENTS:
        return True
    ns = ":".join(namespaces)
    return "pk" in names and ns in PAGE_NAMESPACES or (ns == "wagtailadmin_editing_sessions" and "object_id" in names)


def view_model(pattern):
    initkwargs = getattr(pattern.callback, "view_initkwargs", {}) or {}
    model = initkwargs.get("model")
    if model is None:
        view_class = getattr(pattern.callback, "view_class", None)
        model = getattr(view_class, "model", None)
    return model if isinstance(model, type) else None


def object_for(model, page):
    """An object of ``model`` for an id argument: one that belongs to the
    target policy (directly or through its versions) if there is one."""
    if model is None:
        return None
    for field in model._meta.get_fields():
        related = getattr(field, "related_model", None)
        if not getattr(field, "many_to_one", False) or related is None:
            continue
        if issubclass(related, Page):
            found = model._default_manager.filter(**{field.name: page.pk}).first()
        elif any(getattr(f, "related_model", None) and issubclass(f.related_model, Page)
                 and getattr(f, "many_to_one", False) and f.name == "page" for f in related._meta.get_fields()):
            found = model._default_manager.filter(**{f"{field.name}__page": page.pk}).first()
        else:
            continue
        if found is not None:
            return found
    return model._default_manager.order_by("pk").first()


def fill(namespaces, pattern, page, world):
    """The kwargs for ``pattern`` aimed at ``page``, or None if it cannot be
    aimed (an id of a model that has no row)."""
    ns = ":".join(namespaces)
    kwargs = {}
    for name in arguments_of(pattern):
        if name in PAGE_ARGUMENTS or (name == "pk" and ns in PAGE_NAMESPACES):
            kwargs[name] = page.pk
        elif name == "destination_id":
            kwargs[name] = page.get_parent().pk
        elif name == "revision_id":
            kwargs[name] = page.latest_revision_id
        elif name == "revision_id_a":
            kwargs[name] = "earliest"
        elif name == "revision_id_b":
            kwargs[name] = "latest"
        elif name == "task_state_id":
            kwargs[name] = world["task_states"][page.pk].pk
        elif name == "task_id":
            kwargs[name] = world["task_states"][page.pk].task_id
        elif name == "workflow_state_id":
            kwargs[name] = world["task_states"][page.pk].workflow_state_id
        elif name == "workflow_pk":
            kwargs[name] = world["task_states"][page.pk].workflow_state.workflow_id
        elif name == "action_name":
            kwargs[name] = "approve"
        elif name in ("content_type_app_name", "app_label", "app_name") and "model_name" not in ns:
            kwargs[name] = world["app_label"].get(ns, "policies")
        elif name in ("content_type_model_name", "model_name"):
            kwargs[name] = world["model_name"].get(ns, "policypage")
        elif name == "object_id":
            kwargs[name] = str(page.pk)
        elif name == "action":
            kwargs[name] = "delete"
        elif name == "filter_spec":
            kwargs[name] = "original"
        else:
            found = object_for(view_model(pattern), page)
            if found is None:
                return None
            kwargs[name] = found.pk if pattern.pattern.converters.get(name).__class__.__name__ == "IntConverter" \
                else str(found.pk)
    return kwargs


def urls_for(route, namespaces, pattern, page, world):
    """The URLs to GET for ``pattern`` aimed at ``page`` (a bulk action: one per
    registered page action, with the page as its ``id``)."""
    if pattern.name is None:
        return [f"/{route}"] if NAMELESS_OK.match(route) else []
    kwargs = fill(namespaces, pattern, page, world)
    if kwargs is None:
        return []
    name = ":".join((*namespaces, pattern.name))
    if name == "wagtail_bulk_action":
        return [
            reverse(name, kwargs={**kwargs, "app_label": "wagtailcore", "model_name": "page", "action": action})
            + f"?id={page.pk}"
            for action in sorted(bulk_action_registry.actions.get("wagtailcore", {}).get("page", {}))
        ]
    try:
        url = reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return []
    if "search" in name or "choose" in name or name.endswith("_results") or name.endswith(":listing"):
        url += "?q=" + world["query"]
    return [url]


def readable(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode(errors="ignore")
    if response.get("Content-Type", "").startswith("application/json"):
        try:
            text += json.dumps(json.loads(body), ensure_ascii=False)
        except ValueError:
            pass
    return text


def secrets_in(text, level):
    _, title, number, sentence = LEVELS[level]
    return [s for s in (title, number, sentence) if s in text]


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    create_demo_accounts(PASSWORD)
    User = get_user_model()
    admin = User.objects.get(username="admin")
    pages = {}
    for level, (_, title, number, sentence) in LEVELS.items():
        page = make_policy(title=title, document_number=number, confidentiality=level,
                           parts=[("chapter", "总则"), ("article", sentence)], user=admin)
        # a draft in the approval workflow, locked: in every moderation list and report
        page.title = title
        revision = page.save_revision(user=admin, log_action=True)
        page.get_workflow().start(page, admin)
        page.locked, page.locked_by = True, admin
        page.save(update_fields=["locked", "locked_by"])
        pages[level] = Page.objects.get(pk=page.pk).specific
        assert revision.pk
    task_states = {
        p.pk: TaskState.objects.filter(workflow_state__base_content_type__isnull=False,
                                       workflow_state__object_id=str(p.pk),
                                       workflow_state__status=WorkflowState.STATUS_IN_PROGRESS).first()
        for p in pages.values()
    }
    assert all(task_states.values())
    users = {u.username: u for u in User.objects.filter(username__in=ROLES)}
    return {
        "pages": pages, "task_states": task_states, "users": users, "query": "矩阵测试",
        "app_label": {"wagtailadmin_workflows": "wagtailcore", "wagtailsettings": "portal",
                      "wagtail_bulk_action": "wagtailcore"},
        "model_name": {"wagtailadmin_workflows": "groupapprovaltask", "wagtailsettings": "portalsettings",
                       "wagtail_bulk_action": "page"},
    }


def run_matrix(world, role):
    """Request everything as ``role``; returns (cells, wrong cells, requests made)."""
    patterns = [row for row in admin_patterns() if ":".join((*row[1], row[2].name or "")) not in SKIPPED]
    levels = list(LEVELS)
    cells, wrong, requests = 0, [], 0
    user = world["users"][role]
    client = Client()
    client.force_login(user)
    uncleared = [lv for lv in levels if not access.cleared(user, world["pages"][lv])]
    for route, namespaces, pattern in patterns:
        cells += len(levels)
        if not uncleared:
            continue  # cleared for every level: no text is off-limits to this role
        aimed = takes_page(namespaces, pattern)
        targets = [world["pages"][lv] for lv in levels] if aimed else [world["pages"][levels[0]]]
        for target in targets:
            for url in urls_for(route, namespaces, pattern, target, world):
                requests += 1
                text = readable(client.get(url))
                judged = [target.confidentiality] if aimed else levels
                for level in judged:
                    if level in uncleared and secrets_in(text, level):
                        wrong.append((role, url, LEVELS[level][0], secrets_in(text, level)[0]))
    return cells, wrong, requests


def test_every_admin_url_is_in_the_matrix():
    """The enumeration finds the admin (not an empty list) and aims every
    page view at a page."""
    patterns = admin_patterns()
    assert len(patterns) > 300
    aimed = {p.name for _, ns, p in patterns if takes_page(ns, p)}
    assert {"edit", "revisions_compare", "history", "detail", "move", "wagtailadmin_explore"} <= aimed


@pytest.mark.parametrize("role", ROLES)
def test_no_admin_response_shows_an_uncleared_role_a_confidential_policy(world, role):
    cells, wrong, requests = run_matrix(world, role)
    print(f"matrix row {role}: {cells // len(LEVELS)} URLs x {len(LEVELS)} levels = {cells} cells; "
          f"{requests} requests; {len(wrong)} wrong")
    distinct = sorted({(r, url.split("?")[0], level) for r, url, level, _ in wrong})
    assert not wrong, f"{len(wrong)} wrong cells:\n" + "\n".join(" ".join(map(str, row)) for row in distinct)
