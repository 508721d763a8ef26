"""Who may read a policy. One rule, used by every route that can show text:
the page, its versions and compare views, search results, the admin
(edit, preview, revisions) and any export."""
from portal.models import Confidentiality, profile_of


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


def can_view(user, policy) -> bool:
    """公开 is open to every employee; 秘密 and above need the clearance and,
    being for "the people concerned", the policy's scope."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    level = policy.confidentiality
    if level == Confidentiality.PUBLIC:
        return True
    return user_clearance(user) >= level and in_scope(user, policy)


def max_visible_level(user) -> int:
    return user_clearance(user) if getattr(user, "is_authenticated", False) else -1
