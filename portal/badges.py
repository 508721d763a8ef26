"""The header's badges (待办 and unread notifications), kept per person in
the cache for a short while.

Counting them compiles one SELECT with a dozen subqueries (every app's
``register_task_querysets`` share): about half of what an employee's page
costs the server, paid again on every page although the numbers rarely
change between two clicks. So a person's counts are kept for
``PORTAL_BADGE_CACHE_SECONDS`` (0 turns the cache off), keyed on the person
and the day (due dates turn tasks overdue at midnight), and forgotten:

- after any request of theirs that may write (POST and the other unsafe
  methods: acknowledging, reading notifications, submitting an exam,
  approving…), so their own action shows on the next page
  (``portal.middleware.BadgeCacheMiddleware``);
- when they are sent a notification (someone else gave them a task:
  ``people.Notification`` saved);
- on 我的待办 and 通知, which count afresh so the badge agrees with the list.

On by default only with a shared cache (Redis, see the setting): a per-process
memory cache would forget a person's counts in the worker that took their write only.

What someone else does without notifying them (a deadline moved, a
permission granted) shows within the TTL. A generation token (not just a
delete) stops a page that counted before the write from storing its stale
counts after it.
"""
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

# The pages whose badge must agree with the list they show.
FRESH_URL_NAMES = {"my_tasks", "my_notifications"}


def _seconds():
    return getattr(settings, "PORTAL_BADGE_CACHE_SECONDS", 0)


def _keys(user_pk):
    return f"portal:badges:gen:{user_pk}", f"portal:badges:{user_pk}"


def cached_badges(user, count, fresh=False):
    """``count(user)``, from the cache unless ``fresh`` or forgotten since."""
    seconds = _seconds()
    if not seconds or not getattr(user, "is_authenticated", False):
        return count(user)
    gen_key, counts_key = _keys(user.pk)
    found = cache.get_many([gen_key, counts_key])
    generation, today = found.get(gen_key, 0), timezone.localdate().isoformat()
    stored = found.get(counts_key)
    if not fresh and stored is not None and stored[:2] == (generation, today):
        return stored[2]
    counts = count(user)
    cache.set(counts_key, (generation, today, counts), seconds)
    return counts


def forget_badges(user_pk):
    """The person's counts are to be made again on their next page."""
    if not _seconds() or user_pk is None:
        return
    gen_key, counts_key = _keys(user_pk)
    # A new token (time, never reused), and the counts emptied in the same
    # round trip (every write pays it: exam autosaves too).
    cache.set_many({gen_key: time.time_ns(), counts_key: None}, max(_seconds() * 20, 3600))


def notification_saved(sender, instance, created, **kwargs):
    """A new notification: its reader's badges are counted again on their next page."""
    if created:
        user_pk = instance.user_id
        forget_badges(user_pk)
        # And again after the commit: a page counted in between stored the old counts under the new token.
        transaction.on_commit(lambda: forget_badges(user_pk))
