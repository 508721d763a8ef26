"""Several counts in one query: the header's 待办 badge runs on every page,
so each app's share of it should cost one round trip, not one per kind of
task."""
from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, Subquery, Value
from django.db.models.functions import Coalesce


def _scalar_count(queryset):
    grouped = queryset.order_by().annotate(_one=Value(1)).values("_one").annotate(n=Count("pk", distinct=True))
    return Coalesce(Subquery(grouped.values("n")[:1], output_field=IntegerField()), 0)


def counts_for(user, **querysets):
    """``{name: queryset.count()}`` for every queryset, read in one SELECT
    (each count a scalar subquery on ``user``'s row)."""
    if not querysets:
        return {}
    row = (get_user_model().objects.filter(pk=user.pk)
           .annotate(**{name: _scalar_count(qs) for name, qs in querysets.items()})
           .values(*querysets).first())
    return row or dict.fromkeys(querysets, 0)
