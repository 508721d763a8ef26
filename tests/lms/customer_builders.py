"""Builders for customer training: an organisation, its trainees (users who
are not employees), a course with a session, a survey and an exam."""
from django.contrib.auth import get_user_model

from people.models import CustomerOrganisation, ExternalTrainee
from tests.factories import PASSWORD


def make_organisation(name="华东精密机械有限公司", **fields):
    fields.setdefault("contact_name", "钱经理")
    fields.setdefault("contact_email", f"contact{CustomerOrganisation.objects.count() + 1}@customer.example.com")
    return CustomerOrganisation.objects.create(name=name, **fields)


def make_trainee(organisation, username, first_name="明", last_name="李", **fields):
    """A customer's trainee: a user with the test password and no employee profile."""
    User = get_user_model()
    user = User.objects.create(username=username, first_name=first_name, last_name=last_name,
                               email=f"{username}@customer.example.com")
    user.set_password(PASSWORD)
    user.save()
    ExternalTrainee.objects.create(user=user, organisation=organisation, **fields)
    return User.objects.get(pk=user.pk)


