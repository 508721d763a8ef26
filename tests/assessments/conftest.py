"""Fixtures for the grade and pay rules."""
import pytest

from tests.assessments.schemes import scheme_fields, spec_rules


@pytest.fixture
def rules():
    return spec_rules()


@pytest.fixture
def make_scheme(db):
    """Create a GradingScheme and, unless ``publish=False``, publish it the
    way the admin does (save a revision, publish it as ``user``)."""
    from assessments.models import GradingScheme

    def _make(publish=True, user=None, **kwargs):
        scheme = GradingScheme(**scheme_fields(**kwargs))
        scheme.full_clean()
        scheme.save()
        revision = scheme.save_revision(user=user)
        if publish:
            revision.publish(user=user)
        return GradingScheme.objects.get(pk=scheme.pk)

    return _make
