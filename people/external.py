"""Who is a customer's trainee (客户学员), the one question every app asks
before showing anything: an external trainee is a person in the system
without being an employee. They reach only the trainings they take part in
(the LMS decides which, ``lms.customers``); the policy library, search,
employees' data, reports and the admin are closed to them
(``policies.access.cleared`` and the LMS's scope middleware ask this)."""
from .models import ExternalTrainee

#: Where :func:`is_external` keeps its answer on the user object.
_CACHE = "_people_is_external"


def is_external(user) -> bool:
    """Whether ``user`` is a customer's trainee (answered once per user object)."""
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return False
    cached = getattr(user, _CACHE, None)
    if cached is None:
        # Loaded with the user by people.backends.PortalModelBackend; a query otherwise.
        try:
            cached = user.external_trainee is not None
        except ExternalTrainee.DoesNotExist:
            cached = False
        setattr(user, _CACHE, cached)
    return cached


def organisation_of(user):
    """The customer organisation of an external trainee, else None."""
    if not is_external(user):
        return None
    return user.external_trainee.organisation
