"""Login security: who must use a second factor, and the lockouts HR can lift.

- :func:`needs_second_factor`: when ``PORTAL_REQUIRE_SECOND_FACTOR`` is on,
  superusers, holders of ``people.requires_second_factor`` (granted to HR and
  the approvers) and anyone an app's ``register_second_factor_rule`` hook
  names (payroll-token holders, from ``assessments``) must verify a TOTP code
  after their password.
- :func:`lockouts` and :func:`unlock`: the accounts and addresses that
  django-axes has locked out, and lifting them.
"""
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Max, Sum
from wagtail import hooks

SECOND_FACTOR_RULE_HOOK = "register_second_factor_rule"
REQUIRES_SECOND_FACTOR = "people.requires_second_factor"
UNLOCK_LOGINS = "people.unlock_login"


def needs_second_factor(user):
    """Whether ``user`` must verify a TOTP code to use the portal."""
    if not getattr(settings, "PORTAL_REQUIRE_SECOND_FACTOR", False) or not user.is_authenticated:
        return False
    if user.is_superuser or user.has_perm(REQUIRES_SECOND_FACTOR):
        return True
    return any(rule(user) for rule in hooks.get_hooks(SECOND_FACTOR_RULE_HOOK))


def lockouts():
    """Accounts and addresses at or over the failure limit, newest first:
    ``[{"kind": "username"|"ip_address", "value": …, "failures": n, "last": datetime}]``."""
    limit = settings.AXES_FAILURE_LIMIT
    found = []
    for field in ("username", "ip_address"):
        rows = (AccessAttempt.objects.exclude(**{f"{field}__isnull": True}).exclude(**{field: ""})
                .values(field).annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
                .filter(failures__gte=limit))
        found += [{"kind": field, "value": row[field], "failures": row["failures"], "last": row["last"]}
                  for row in rows]
    return sorted(found, key=lambda row: row["last"], reverse=True)


def unlock(*, username=None, ip_address=None):
    """Lift the lockout of an account or an address; returns the records removed."""
    if username:
        return reset(username=username)
    if ip_address:
        return reset(ip=ip_address)
    return 0
