"""The app's public-site URLs (namespace ``practical``): examiners' pages,
我的考评 and the score sheet. Written exams are served by their pages
(:class:`assessments.models.ExamPage`); admin URLs are wired in
:mod:`assessments.wagtail_hooks`."""
from django.urls import path

from .views import practical

app_name = "practical"

urlpatterns = [
    path("my/examinations/", practical.my_examinations, name="my_examinations"),
    path("my/examinations/<int:pk>/", practical.score_sheet, name="score_sheet"),
]
