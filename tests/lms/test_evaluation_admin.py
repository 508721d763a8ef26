"""HR's admin screens for evaluation and archives (培训评估与档案): the
listings open, an archive is filed with a photo, and the loans'
register is read-only for HR."""
import datetime

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from lms import archives
from lms.models import ArchiveLoan, ImpactIndicator, SkillObservation, TrainingArchive
from tests.lms.builders import make_session
from tests.lms.evaluation_builders import training

pytestmark = pytest.mark.django_db


def _url(model, view="list"):
    return reverse(f"wagtailsnippets_lms_{model._meta.model_name}:{view}")


def test_hr_opens_each_listing(login):
    t = training()
    client = login(t["hr"])
    for model in (SkillObservation, ImpactIndicator, TrainingArchive, ArchiveLoan):
        response = client.get(_url(model))
        assert response.status_code == 200, model
    assert "控制柜故障排查" in client.get(_url(SkillObservation)).content.decode()


def test_hr_files_an_archive_with_a_photo(login):
    t = training()
    session = make_session(t["trainer"])
    response = login(t["hr"]).post(_url(TrainingArchive, "add"), nested_form_data({
        "session": session.pk, "note": "第二期", "plans": [],
        "items": inline_formset([{"kind": "photo", "title": "合影", "document": t["item"].document.pk}]),
    }))
    assert response.status_code == 302, response.content.decode()[:2000]
    archive = TrainingArchive.objects.get(session=session)
    assert archive.items.get().title == "合影"


def test_hr_cannot_edit_a_loan_in_the_admin(login):
    t = training()
    client = login(t["hr"])
    loan = archives.request_loan(t["archive"], t["employee"], reason="x", starts_on=datetime.date.today(),
                                 ends_on=datetime.date.today())
    assert client.get(reverse("wagtailsnippets_lms_archiveloan:edit", args=[loan.pk])).status_code in (302, 403)
    assert client.get(reverse("wagtailsnippets_lms_archiveloan:inspect", args=[loan.pk])).status_code == 200
