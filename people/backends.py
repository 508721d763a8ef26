"""The authentication backend that enforces the login lockout (django-axes)."""
from axes.backends import AxesStandaloneBackend


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
