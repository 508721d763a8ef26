from django import template

from people.models import person_name

register = template.Library()


@register.filter
def person(user):
    """A person's name as Chinese writes it (姓名), or their username."""
    return person_name(user)
