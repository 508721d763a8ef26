"""The header's badges are kept per person for a short while
(``portal.badges``), and never show a stale count after the person's own
action or a notification sent to them."""
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from people.models import Notification
from people.notifications import notify
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PAGE = "/my/learning/"


@pytest.fixture
def badge_cache(settings):
    settings.PORTAL_BADGE_CACHE_SECONDS = 30
    cache.clear()
    yield
    cache.clear()


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def unread(client, url=PAGE):
    response = client.get(url)
    assert response.status_code == 200
    found = re.search(r'title="未读通知">(\d+)<', response.content.decode())
    return int(found.group(1)) if found else 0


def queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(PAGE).status_code == 200
    return len(captured)


def test_the_second_page_does_not_count_the_badges_again(employee, settings):
    client = client_for(employee)
    client.get(PAGE)
    uncached = queries(client)
    settings.PORTAL_BADGE_CACHE_SECONDS = 30
    cache.clear()
    client.get(PAGE)
    assert queries(client) < uncached  # the one SELECT of every share, and the shares counted apart


def test_a_notification_sent_to_the_person_shows_on_their_next_page(employee, badge_cache):
    client = client_for(employee)
    assert unread(client) == 0
    notify(employee, key="badge-test-1", title="新通知", email=False)
    assert unread(client) == 1


def test_reading_the_notifications_clears_the_badge_on_the_next_page(employee, badge_cache):
    notify(employee, key="badge-test-2", title="新通知", email=False)
    client = client_for(employee)
    assert unread(client) == 1
    assert client.post("/my/notifications/", {"all": "1"}).status_code == 302
    assert unread(client) == 0


def test_a_change_behind_the_persons_back_shows_in_the_inbox_at_once(employee, badge_cache):
    client = client_for(employee)
    assert unread(client) == 0
    # Written without a notification's signal (an UPDATE, another process…): kept for the TTL on other pages…
    Notification.objects.bulk_create([Notification(user=employee, title="批量", dedupe_key="badge-test-3")])
    assert unread(client) == 0
    # …but 通知 counts afresh, and the other pages follow.
    assert unread(client, "/my/notifications/") == 1
    assert unread(client) == 1


def test_one_persons_counts_are_never_shown_to_another(employee, badge_cache):
    other = make_user("badge_other", clearance=0)
    notify(other, key="badge-test-4", title="给别人的通知", email=False)
    assert unread(client_for(other)) == 1
    assert unread(client_for(employee)) == 0
