"""Which rules apply: the one loader between the plain rules and the
published schemes in the database."""
from django.utils.translation import gettext_lazy as _

from ..models import GradingScheme
from ..terms.scheme import SchemeRules


def resolve_rules(scheme=None, *, on=None):
    """The :class:`~assessments.terms.scheme.SchemeRules` to apply.

    ``scheme`` may be a ``SchemeRules`` (returned as is), a
    ``GradingScheme`` model instance (converted), or None: the active scheme
    in force on ``on`` (default: today in the project's time zone), as the
    database holds it. Raises :class:`~assessments.terms.scheme.NoSchemeInForce`
    when there is none."""
    if isinstance(scheme, SchemeRules):
        return scheme
    if scheme is None:
        return GradingScheme.objects.rules_on(on)
    to_rules = getattr(scheme, "to_rules", None)
    if to_rules is None:
        raise TypeError(_("scheme 必须是 SchemeRules、GradingScheme 或 None。"))
    return to_rules()
