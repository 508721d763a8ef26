from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_tag(takes_context=True)
def inbox_section(context, section):
    """Render one app's section of 我的待办 (a ``people.inbox.InboxSection``)."""
    return render_to_string(section.template, section.context, request=context.get("request"))


@register.simple_tag(takes_context=True)
def home_panel(context, panel):
    """Render the body of one panel of the home page's dashboard (a ``people.inbox.HomePanel``)."""
    return render_to_string(panel.template, panel.context, request=context.get("request"))
