"""Who may read a policy. One rule, used by every route that can show text:
the page, its versions and compare views, PDFs, search results, the library
listing, notifications, the admin (edit, preview, revisions, listings,
search) and any export.

Two checks make it up:

- :func:`cleared`: the company's 密级 rule (clearance and scope; for 绝密,
  also being named on the policy, :func:`named_reader`);
- :func:`restrictions_allow`: Wagtail's own privacy settings
  (``PageViewRestriction`` on the policy or an ancestor: login, groups,
  password), which the page's custom routes and our listings must honour
  themselves.

It reads no table of this app but the 绝密 readership, through the policy's
own relation (only that, Wagtail's restrictions and the reader's profile), so
the models ask it too.

The admin asks it through :func:`hidden_policy_ids` (the policies a user
may not even see the title of) and :class:`ClearedPagePermissionTester`
(what a user may do with one page); ``policies.admin.permissions`` builds
Wagtail's page permission policy on them, so every admin listing, report,
chooser and API narrows its pages by this rule.
"""
from django.apps import apps
from django.db.models import Exists, OuterRef, Q, prefetch_related_objects
from wagtail.models import Page, PagePermissionTester, PageViewRestriction

from people.external import is_external
from people.models import Confidentiality, profile_of


def user_clearance(user) -> int:
    if getattr(user, "is_superuser", False):
        return Confidentiality.TOP_SECRET
    profile = profile_of(user)
    return profile.clearance if profile else Confidentiality.PUBLIC


def in_scope(user, policy) -> bool:
    """Whether the policy applies to the user (an empty scope means everyone)."""
    departments = {d.pk for d in policy.scope_departments.all()}
    roles = {r.pk for r in policy.scope_roles.all()}
    if not departments and not roles:
        return True
    profile = profile_of(user)
    if profile is None:
        return False
    return (not departments or profile.department_id in departments) and (
        not roles or profile.job_role_id in roles
    )


def cleared(user, policy) -> bool:
    """公开 is open to every employee; 秘密 and above need the clearance and,
    being for "the people concerned", the policy's scope. A customer's
    trainee is not an employee: no policy is open to them."""
    if not getattr(user, "is_authenticated", False) or is_external(user):
        return False
    if user.is_superuser:
        return True
    level = policy.confidentiality
    if level == Confidentiality.PUBLIC:
        return True
    if level >= Confidentiality.TOP_SECRET and not named_reader(user, policy):
        return False
    return user_clearance(user) >= level and in_scope(user, policy)


# Who names the readers of 绝密 policies (the general manager's office): they
# read what they name people on.
NAMES_TOP_SECRET_READERS = "policies.add_topsecretreader"


def named_reader(user, policy) -> bool:
    """绝密: only the people named on the policy (policies.models.top_secret)
    and those who name them, whatever anyone else's clearance."""
    return user.has_perm(NAMES_TOP_SECRET_READERS) or policy.top_secret_readers.filter(user_id=user.pk).exists()


def takes_part_in_review(user, policy) -> bool:
    """Whether ``user``, cleared for the policy's 密级 but outside its scope,
    takes part in the revision under review: they submitted it, or they may
    act on its current step (部门审核, 批准). The approval chain is among
    "the people concerned": without this, the 董事长 could not open the
    机密 policy of a department he is not in to approve it."""
    if not getattr(user, "is_authenticated", False) or user_clearance(user) < policy.confidentiality:
        return False
    state = policy.current_workflow_state
    if state is None:
        return False
    if state.requested_by_id == user.pk:
        return True
    task_state = state.current_task_state
    return task_state is not None and acts_on_task(user, policy, task_state.task)


def acts_on_task(user, policy, task) -> bool:
    """Whether ``user``, cleared for the policy's 密级, may act on the review
    step ``task`` (a Wagtail workflow task) of the policy: the rule of
    :func:`takes_part_in_review` for one step, also asked while the step is
    being started (Wagtail's task notifications)."""
    if not getattr(user, "is_authenticated", False) or user_clearance(user) < policy.confidentiality:
        return False
    return task.specific.user_can_access_editor(policy, user)


def cleared_for_review(user, policy) -> bool:
    """:func:`cleared`, or taking part in the policy's review: the rule for
    the admin's views of one page and for previews."""
    return cleared(user, policy) or takes_part_in_review(user, policy)


def view_restrictions(policy):
    """The Wagtail view restrictions on ``policy`` and its ancestors, read
    once per page object (a listing asks for many users)."""
    cached = getattr(policy, "_policy_view_restrictions", None)
    if cached is None:
        # The page's own queryset (read once per page object: see
        # people.routing.ViewRestrictionsReadOnce), the groups read with it.
        cached = list(policy.get_view_restrictions())
        prefetch_related_objects(cached, "groups")
        policy._policy_view_restrictions = cached
    return cached


#: Where :func:`prime_view_restrictions` keeps the site's restrictions for
#: the rest of the request, on the request's user (the badge, the home
#: page's panels and the listing each prime their own policies).
_RESTRICTIONS_CACHE = "_policies_view_restrictions"


def site_restrictions(reader):
    """Every view restriction of the site (None when the site has aliases),
    read once per ``reader`` object (the request's user) when one is given."""
    cached = getattr(reader, _RESTRICTIONS_CACHE, False) if reader is not None else False
    if cached is not False:
        return cached
    if Page.objects.filter(alias_of__isnull=False).exists():
        restrictions = None  # aliases take their source's restrictions: ask page by page
    else:
        restrictions = list(PageViewRestriction.objects.select_related("page").prefetch_related("groups"))
    if reader is not None:
        try:
            setattr(reader, _RESTRICTIONS_CACHE, restrictions)
        except AttributeError:  # AnonymousUser and the like
            pass
    return restrictions


def prime_view_restrictions(policies, reader=None, restrictions=False):
    """Read the view restrictions of many policies in one query (a listing
    or a page of search results), for :func:`view_restrictions`. A
    restriction applies to its page and every page below it. ``reader``:
    the request's user, on which the site's restrictions are kept for the
    rest of the request (never pass an object that outlives a request).
    ``restrictions``: what :func:`site_restrictions` said, when the caller
    has asked it already."""
    policies = list(policies)
    if restrictions is False:
        restrictions = site_restrictions(reader)
    if restrictions is None:
        return policies
    for policy in policies:
        policy._policy_view_restrictions = [r for r in restrictions if policy.path.startswith(r.page.path)]
    return policies


def restriction_accepts(restriction, user, request=None) -> bool:
    """Whether ``restriction`` lets ``user`` in. With a request, exactly as
    Wagtail decides (a password entered this session counts); without one
    (emails, reminders, tasks) a password restriction never does."""
    if request is not None:
        return restriction.accept_request(request)
    if restriction.restriction_type == PageViewRestriction.PASSWORD:
        return False
    if not getattr(user, "is_authenticated", False):
        return False
    if restriction.restriction_type == PageViewRestriction.GROUPS and not user.is_superuser:
        wanted = {g.pk for g in restriction.groups.all()}
        return bool(wanted & set(user.groups.values_list("pk", flat=True)))
    return True


def restrictions_allow(user, policy, request=None) -> bool:
    return all(restriction_accepts(r, user, request) for r in view_restrictions(policy))


def can_view(user, policy, request=None) -> bool:
    """Whether ``user`` may read ``policy``'s text: cleared for its 密级 and
    let in by its Wagtail privacy settings (``request``: the reader's own
    request, when there is one, so that a password entered counts)."""
    return cleared(user, policy) and restrictions_allow(user, policy, request)


def max_visible_level(user) -> int:
    return user_clearance(user) if getattr(user, "is_authenticated", False) else -1



#: Where :func:`hidden_policy_ids` keeps its answer on the user object, for
#: the rest of the request (the admin asks it many times per page).
_HIDDEN_CACHE = "_policies_hidden_ids"


def hidden_policy_ids(user) -> frozenset:
    """The ids of the policies whose 密级 ``user`` is not cleared for: kept
    out of every admin listing, report, chooser and API answer, and refused
    by every admin view of one page."""
    cached = getattr(user, _HIDDEN_CACHE, None)
    if cached is not None:
        return cached
    if getattr(user, "is_superuser", False):
        hidden = frozenset()
    elif is_external(user):
        hidden = frozenset(apps.get_model("policies", "PolicyPage").objects.values_list("pk", flat=True))
    else:
        # PolicyPage's module imports this one: look the model up by name.
        policy_model = apps.get_model("policies", "PolicyPage")
        candidates = policy_model.objects.filter(confidentiality__gt=Confidentiality.PUBLIC).prefetch_related(
            "scope_departments", "scope_roles"
        )
        hidden = frozenset(policy.pk for policy in candidates if not cleared(user, policy))
    try:
        setattr(user, _HIDDEN_CACHE, hidden)
    except AttributeError:  # AnonymousUser and the like
        pass
    return hidden


def forget_hidden_policies(user):
    """Drop the cached answer (after a clearance or scope changed mid-request)."""
    if hasattr(user, _HIDDEN_CACHE):
        delattr(user, _HIDDEN_CACHE)


class ClearedPagePermissionTester(PagePermissionTester):
    """Wagtail's page permission tester, refusing every action on a policy
    the user is not cleared for (edit, delete, move, copy, publish, lock,
    revisions, workflow actions...), whatever their group may do."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.uncleared = page.pk in hidden_policy_ids(user) and not takes_part_in_review(user, page.specific)

    def _refused_if_uncleared(name):
        def check(self, *args, **kwargs):
            if self.uncleared:
                return False
            return getattr(PagePermissionTester, name)(self, *args, **kwargs)

        check.__name__ = name
        return check

    for _action in (
        "can_add_subpage", "can_edit", "can_delete", "can_unpublish", "can_publish",
        "can_submit_for_moderation", "can_set_view_restrictions", "can_unschedule", "can_lock",
        "can_unlock", "can_publish_subpage", "can_reorder_children", "can_move", "can_copy",
        "can_move_to", "can_copy_to", "can_view_revisions",
    ):
        locals()[_action] = _refused_if_uncleared(_action)
    del _action, _refused_if_uncleared


def scope_filter(user):
    """:func:`in_scope` as a ``Q`` on policies."""
    policy_model = apps.get_model("policies", "PolicyPage")
    profile = profile_of(user)
    departments = policy_model.scope_departments.through.objects.filter(policypage_id=OuterRef("pk"))
    roles = policy_model.scope_roles.through.objects.filter(policypage_id=OuterRef("pk"))
    in_departments = ~Exists(departments)
    in_roles = ~Exists(roles)
    if profile is not None:
        in_departments |= Exists(departments.filter(department_id=profile.department_id))
        in_roles |= Exists(roles.filter(jobrole_id=profile.job_role_id))
    return in_departments & in_roles


def visible_filter(user, request=None, restrictions=None):
    """:func:`can_view` as a ``Q`` on policies, for lists counted and cut
    in the database (the site search): the same 密级, scope, 绝密
    readership and Wagtail view restrictions, read in a fixed number of
    queries whatever the number of policies. Pages below an alias are not
    covered (aliases take their source's restrictions): callers keep
    :func:`can_view` for the policies they show. ``restrictions``: the
    site's view restrictions, when the caller has read them already."""
    if not getattr(user, "is_authenticated", False) or is_external(user):
        return Q(pk__in=[])
    allowed = Q()
    if not user.is_superuser:
        level = user_clearance(user)
        scoped = Q(confidentiality__lte=level) & scope_filter(user)
        named = Q(pk__in=[])
        if level >= Confidentiality.TOP_SECRET:
            readers = apps.get_model("policies", "TopSecretReader").objects.filter(
                policy_id=OuterRef("pk"), user_id=user.pk)
            named = Q() if user.has_perm(NAMES_TOP_SECRET_READERS) else Q(Exists(readers))
        allowed = Q(confidentiality=Confidentiality.PUBLIC) | (
            Q(confidentiality__gt=Confidentiality.PUBLIC, confidentiality__lt=Confidentiality.TOP_SECRET) & scoped
        ) | (Q(confidentiality__gte=Confidentiality.TOP_SECRET) & scoped & named)
    if restrictions is None:
        restrictions = PageViewRestriction.objects.select_related("page").prefetch_related("groups")
    for restriction in restrictions:
        if not restriction_accepts(restriction, user, request):
            allowed &= ~Q(path__startswith=restriction.page.path)
    return allowed
