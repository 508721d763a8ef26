"""PolicyPage names its 密级 without Django's per-call translation of every
level (the listing asks twice a row), and names it exactly as Django would."""
import pytest
from django.db.models import Model
from django.utils import translation

from people.models import Confidentiality
from policies.models import PolicyPage

pytestmark = pytest.mark.django_db


def test_the_level_is_named_as_djangos_own_method_names_it():
    field = PolicyPage._meta.get_field("confidentiality")
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for value in [*Confidentiality.values, 9]:
                page = PolicyPage(confidentiality=value)
                assert page.get_confidentiality_display() == Model._get_FIELD_display(page, field)
