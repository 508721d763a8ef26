"""``{% acknowledgement_state page as ack %}``: where the reader stands with
this policy's acknowledgement (see ``policies.acknowledgements.status_on_page``)."""
from django import template

from ..acknowledgements import status_on_page

register = template.Library()


@register.simple_tag(takes_context=True)
def acknowledgement_state(context, page):
    request = context.get("request")
    if request is None:
        return None
    return status_on_page(request.user, page)
