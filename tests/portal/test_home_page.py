"""The home page: a hero with the portal's name and the policy search, what
is waiting for the reader, and one card per section the apps register."""
import pytest
from wagtail import hooks

from people.inbox import HOME_LINKS_HOOK, HomeLink
from tests.factories import make_policy

pytestmark = pytest.mark.django_db


def cards_of(html):
    return html.split('class="cards section-cards"', 1)[1].split("</ul>", 1)[0]


def test_the_home_page_has_a_card_for_every_registered_section_in_order(employee, login):
    make_policy()  # the site and its policy library

    def safety_links(request):
        return [HomeLink(title="安全生产", url="/safety/", intro="安全操作规程与应急预案。", order=5)]

    with hooks.register_temporarily(HOME_LINKS_HOOK, safety_links):
        html = login(employee).get("/").content.decode()
    cards = cards_of(html)
    assert 'href="/safety/"' in cards and "安全操作规程与应急预案。" in cards
    assert 'href="/policies/"' in cards and 'href="/my/learning/"' in cards and 'href="/search/"' in cards
    assert cards.index("/safety/") < cards.index("/policies/") < cards.index("/my/learning/")


def test_the_hero_carries_the_portal_name_and_a_labelled_search(employee, login):
    make_policy()
    html = login(employee).get("/").content.decode()
    hero = html.split('<section class="hero"', 1)[1].split("</section>", 1)[0]
    assert "制度与培训门户" in hero
    assert '<form class="hero-search" action="/search/" method="get" role="search">' in hero
    assert '<label class="visually-hidden" for="home-q">' in hero and 'id="home-q" name="q"' in hero


def test_the_home_page_counts_what_is_waiting(employee, login):
    make_policy()  # a policy for everyone: one acknowledgement to do
    glance = login(employee).get("/").content.decode().split('class="glance"', 1)[1].split("</section>", 1)[0]
    assert 'href="/my/tasks/"' in glance and '<span class="figure alerting">1</span>' in glance
