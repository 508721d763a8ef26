"""Wagtail's page permission policy with the clearance rule built in.

Wagtail asks one registered policy (``wagtail.permissions.policy_registry``)
which pages a user may list, explore, edit or see in a report: the explorer,
the page chooser and search, the admin API, the workflow and moderation
reports, site history and page history, aging and locked pages, page-type
usage and bulk actions. :class:`ClearedPagePermissionPolicy` leaves out of
each answer the policies ``policies.access.hidden_policy_ids`` names, so a
new admin view built on Wagtail's policy is covered without being listed
anywhere. It is registered in ``PoliciesConfig.ready``."""
from wagtail.models import AbstractPage, Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy

from .. import access


class ClearedPagePermissionPolicy(PagePermissionPolicy):
    def instances_user_has_any_permission_for(self, user, actions):
        pages = super().instances_user_has_any_permission_for(user, actions)
        return pages.exclude(pk__in=access.hidden_policy_ids(user))

    def explorable_instances(self, user):
        return super().explorable_instances(user).exclude(pk__in=access.hidden_policy_ids(user))

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if instance.pk in access.hidden_policy_ids(user) and not access.takes_part_in_review(user, instance.specific):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def users_with_any_permission_for_instance(self, actions, instance, include_superusers=True):
        users = super().users_with_any_permission_for_instance(actions, instance, include_superusers)
        if not getattr(instance, "confidentiality", 0):
            return users
        return users.model._default_manager.filter(
            pk__in=[user.pk for user in users if instance.pk not in access.hidden_policy_ids(user)]
        )


def register():
    """Make the cleared policy the one Wagtail uses for every page."""
    register_permission_policy(AbstractPage, ClearedPagePermissionPolicy(Page))


def narrow_policy_choices(form, user):
    """In an admin form, leave out of every choice of a policy (a page
    select or a policy version select) those ``user`` may not see: their
    titles would show in the options."""
    hidden = access.hidden_policy_ids(user)
    if not hidden:
        return
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is None:
            continue
        if issubclass(queryset.model, Page):
            field.queryset = queryset.exclude(pk__in=hidden)
        elif any(getattr(f, "name", "") == "page" and getattr(f, "related_model", None)
                 and issubclass(f.related_model, Page) for f in queryset.model._meta.get_fields()):
            field.queryset = queryset.exclude(page_id__in=hidden)


class ClearedPolicyChoicesMixin:
    """For a Wagtail admin model form (it receives ``for_user``): see
    :func:`narrow_policy_choices`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if getattr(self, "for_user", None) is not None:
            narrow_policy_choices(self, self.for_user)
