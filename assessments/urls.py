"""The app's public-site URLs (namespace ``practical``): examiners' pages,
我的考评 and the score sheet, and a written exam's autosave and submit as the
page's script posts them (``exam_save``, ``exam_submit``: plain URLs, no page
routing per request; see :mod:`assessments.views.exams`). Written exams are
otherwise served by their pages (:class:`assessments.models.ExamPage`); admin
URLs are wired in :mod:`assessments.wagtail_hooks`."""
from django.urls import path

from .views import exams, practical

app_name = "practical"

urlpatterns = [
    path("my/examinations/", practical.my_examinations, name="my_examinations"),
    path("my/examinations/<int:pk>/", practical.score_sheet, name="score_sheet"),
    path("my/exams/<int:exam_id>/attempts/<int:attempt_id>/save/", exams.autosave_by_id, name="exam_save"),
    path("my/exams/<int:exam_id>/attempts/<int:attempt_id>/submit/", exams.submit_by_id, name="exam_submit"),
]
