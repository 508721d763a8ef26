"""The authentication backend that enforces the login lockout (django-axes)."""
from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q

UserModel = get_user_model()


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a login while the account or the address is locked out.

    Every login form of the portal and the admin authenticates with the
    request. Without one (the test client's ``login``, a shell) there is no
    address to count against: this backend then checks nothing and leaves
    the decision to the password check of the next backend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class PortalModelBackend(ModelBackend):
    """Django's model backend, loading with the user whether they are a
    customer's trainee (``people.external``) and their profile (clearance,
    department, role: the header's badges and every policy check read it),
    which every request asks: one query per request, not three."""

    def get_user(self, user_id):
        try:
            user = UserModel._default_manager.select_related("external_trainee", "profile").get(pk=user_id)
        except UserModel.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        """The user's own and their groups' permissions, read in one query
        (Django's backend reads them in two) and kept on the user for the
        request, as Django keeps them: the header asks on every page."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            permissions = Permission.objects.all()
            if not user_obj.is_superuser:
                permissions = permissions.filter(Q(user=user_obj) | Q(group__user=user_obj))
            rows = permissions.values_list("content_type__app_label", "codename").order_by().distinct()
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in rows}
        return user_obj._perm_cache
