"""Template filters for people: names as Chinese writes them.

``{% load people_tags %}`` then ``{{ user|person_name }}`` (姓名, family name
first, falling back to the username) instead of ``user.get_full_name``, which
prints the given name first ("员工 王"); ``{{ user|initial }}`` is the one
character shown in the header's avatar."""
from django import template

from people.models import person_name as _person_name

register = template.Library()


@register.filter
def person_name(user):
    """A person's name as Chinese writes it (姓 then 名), or their username."""
    return _person_name(user)


@register.filter
def initial(user):
    """The first character of the person's name (the family name for a
    Chinese name), upper-cased, for an avatar; empty for no one."""
    name = _person_name(user)
    return name[:1].upper()
