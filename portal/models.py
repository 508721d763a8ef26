"""The shell's one page model: the portal's front page."""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page

from people.inbox import HOME_FIGURES_HOOK, HOME_LINKS_HOOK, HOME_PANELS_HOOK


class HomePage(Page):
    """The portal's front page: the reader's dashboard (the panels and
    figures each app registers, ``register_home_panels`` and
    ``register_home_figures``) and the cards of the sections
    (``register_home_links``)."""

    intro = models.TextField(_("简介"), blank=True)

    content_panels = Page.content_panels + ["intro"]
    subpage_types = ["policies.PolicyIndexPage", "lms.CourseIndexPage", "assessments.ExamIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("首页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        links = [link for fn in hooks.get_hooks(HOME_LINKS_HOOK) for link in fn(request)]
        context["home_links"] = sorted(links, key=lambda link: link.order)
        figures = [figure for fn in hooks.get_hooks(HOME_FIGURES_HOOK) for figure in fn(request)]
        context["home_figures"] = sorted(figures, key=lambda figure: figure.order)
        context["home_panels"] = []
        if request.user.is_authenticated:
            today = timezone.localdate()
            panels = [panel for fn in hooks.get_hooks(HOME_PANELS_HOOK) if (panel := fn(request, today)) is not None]
            context["home_panels"] = sorted(panels, key=lambda panel: panel.order)
        return context
