"""Examiners' pages: 我的考评 and the score sheet."""
from django.urls import path

from . import views_practical

app_name = "practical"

urlpatterns = [
    path("my/examinations/", views_practical.my_examinations, name="my_examinations"),
    path("my/examinations/<int:pk>/", views_practical.score_sheet, name="score_sheet"),
]
