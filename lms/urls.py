"""The LMS's public pages (the course pages' own routes are on
:class:`lms.models.CoursePage`; the admin's are in :mod:`lms.wagtail_hooks`)."""
from django.urls import path

from .views import archives, certificates, evaluation, learning, plan_tables, plans, sessions

app_name = "lms"

urlpatterns = [
    path("my/learning/", learning.my_learning, name="my_learning"),
    path("my/plan-table/", plan_tables.my_plan_table, name="my_plan_table"),
    path("certificates/verify/", certificates.certificate_verify, name="certificate_verify_form"),
    path("certificates/verify/<str:code>/", certificates.certificate_verify, name="certificate_verify"),
    path("certificates/<str:code>/pdf/", certificates.certificate_pdf, name="certificate_pdf"),
    path("training/assign/", learning.assign, name="assign"),
    path("training/plans/", plans.plan_list, name="plans"),
    path("training/plans/<int:pk>/", plans.plan_detail, name="plan"),
    path("training/needs/", plans.needs_list, name="needs"),
    path("training/needs/new/", plans.needs_list, name="needs_new"),
    path("training/post-changes/<int:pk>/", plans.post_change_detail, name="post_change"),
    path("training/plan-tables/", plan_tables.plan_table_list, name="plan_tables"),
    path("training/plan-tables/new/", plan_tables.plan_table_new, name="plan_table_new"),
    path("training/plan-tables/<int:pk>/", plan_tables.plan_table, name="plan_table"),
    path("training/plan-tables/<int:pk>/print/", plan_tables.plan_table_print, name="plan_table_print"),
    path("training/plan-tables/<int:pk>/pdf/", plan_tables.plan_table_pdf, name="plan_table_pdf"),
    path("training/plan-tables/<int:pk>/<slug:action>/", plan_tables.plan_table_action, name="plan_table_action"),
    path("training/plan-entries/<int:pk>/<slug:answer>/", plan_tables.plan_entry_answer, name="plan_entry_answer"),
    path("training/sessions/", sessions.session_list, name="sessions"),
    path("training/sessions/<int:pk>/", sessions.session_detail, name="session"),
    path("training/sessions/<int:pk>/sign-in/<str:token>/", sessions.session_signin, name="session_signin"),
    path("training/sessions/<int:pk>/evaluation/", evaluation.report, name="evaluation"),
    path("training/sessions/<int:pk>/evaluation/pdf/", evaluation.report_pdf, name="evaluation_pdf"),
    path("training/sessions/<int:pk>/evaluation/send/", evaluation.report_send, name="evaluation_send"),
    path("training/observations/<int:pk>/", evaluation.observation, name="observation"),
    path("training/archives/", archives.archive_list, name="archives"),
    path("training/archives/<int:pk>/", archives.archive_detail, name="archive"),
    path("training/archives/<int:pk>/borrow/", archives.loan_request, name="archive_borrow"),
    path("training/archives/items/<int:pk>/file/", archives.archive_item_file, name="archive_item_file"),
    path("training/archives/loans/", archives.loan_list, name="archive_loans"),
    path("training/archives/loans/<int:pk>/<slug:action>/", archives.loan_action, name="archive_loan_action"),
]
