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
    if cached is None and "external_trainee" not in user._state.fields_cache:
        # An employee's profile, when it was loaded with the user, answers without a query
        # (ExternalTrainee.clean: a customer's trainee has none).
        if user._state.fields_cache.get("profile") is not None:
            cached = False
            setattr(user, _CACHE, cached)
    if cached is None:
        # Loaded with the user by people.backends.PortalModelBackend; a query otherwise.
        try:
            cached = user.external_trainee is not None
        except ExternalTrainee.DoesNotExist:
            cached = False
        setattr(user, _CACHE, cached)
    return cached

