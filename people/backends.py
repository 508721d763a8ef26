"""The authentication backend that enforces the login lockout (django-axes)."""
from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

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
    customer's trainee (``people.external``), which every request asks:
    one query per request, as before, not two."""

    def get_user(self, user_id):
        try:
            user = UserModel._default_manager.select_related("external_trainee").get(pk=user_id)
        except UserModel.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
