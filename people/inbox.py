"""The contract between the apps and the portal's shared pages.

The shell (``portal``) assembles 我的待办 (``/my/tasks/``), the header's task
badge and the home page from what each app registers with Wagtail's hook
registry, so it never reaches into an app:

- ``register_inbox_section``: a function ``(user, today) -> InboxSection | None``,
  one section of 我的待办;
- ``register_task_count``: a function ``(user) -> int``, that app's share of
  the header's 待办 badge (cheap: it runs on every page);
- ``register_task_querysets``: a function ``(user, today) -> {name: QuerySet}``,
  that app's share of the badge as querysets to count: the shell counts
  every app's querysets and the unread notifications in one SELECT
  (``people.counting.counts_for``), so prefer it to ``register_task_count``
  where the share is a count of rows;
- ``register_home_links``: a function ``(request) -> list[HomeLink]``, the
  cards on the home page;
- ``register_home_figures``: a function ``(request) -> list[HomeFigure]``,
  the figures of the reader's role dashboard on the home page (HR's
  compliance and training figures); empty for readers without the role;
- ``register_home_panels``: a function ``(request, today) -> HomePanel | None``,
  one panel of the reader's dashboard (recent revisions, my courses, my
  results), shown with its own empty state; bounded in queries, whatever
  the library or the reader's history holds;
- ``register_site_section``: a function ``(home_page) -> None`` that makes
  sure the app's section of the page tree exists under the home page (run
  by ``portal.setup.ensure_site``);
- ``register_demo_content``: a function ``(stdout) -> None`` that adds the
  app's demo content (run in hook order by ``manage.py setup_demo`` after
  the site and the demo accounts exist).
"""
from dataclasses import dataclass, field

INBOX_SECTION_HOOK = "register_inbox_section"
TASK_COUNT_HOOK = "register_task_count"
TASK_QUERYSETS_HOOK = "register_task_querysets"
HOME_LINKS_HOOK = "register_home_links"
HOME_FIGURES_HOOK = "register_home_figures"
HOME_PANELS_HOOK = "register_home_panels"
SITE_SECTION_HOOK = "register_site_section"
DEMO_CONTENT_HOOK = "register_demo_content"


@dataclass
class InboxSection:
    """One section of 我的待办, rendered with ``template`` and ``context``;
    ``order`` places it (lower first)."""

    key: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


@dataclass
class HomeLink:
    """A card on the home page."""

    title: str
    url: str
    intro: str = ""
    order: int = 100


@dataclass
class HomeFigure:
    """One figure on a role's dashboard: ``value`` (a number or a short
    text such as "87%"), what it counts, where to see the details."""

    label: str
    value: object
    url: str = ""
    order: int = 100
    alerting: bool = False


@dataclass
class HomePanel:
    """One panel of the home page's dashboard: a heading, its body rendered
    with ``template`` and ``context`` (which shows its own empty state), and
    where to see everything (``url``, ``url_label``); ``order`` places it."""

    key: str
    title: str
    template: str
    context: dict = field(default_factory=dict)
    url: str = ""
    url_label: str = ""
    order: int = 100


def section_pages(request, model):
    """The live pages of ``model`` (an app's section index: 制度库, 培训课程,
    考试中心) in tree order, read once per request: the home page's panels
    and its cards both name them."""
    memo = request.__dict__.setdefault("_portal_section_pages", {})
    if model not in memo:
        memo[model] = list(model.objects.live())
    return memo[model]


def leaves_tasks_unchanged(view):
    """Mark a view whose writes never change anyone's 待办 or notifications
    (an exam's autosave): the shell then keeps the writer's cached header
    badges instead of forgetting them after the request (``portal.badges``)."""
    view.leaves_tasks_unchanged = True
    return view
