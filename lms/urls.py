from django.urls import path

from . import views

app_name = "lms"

urlpatterns = [
    path("my/learning/", views.my_learning, name="my_learning"),
    path("my/plan-table/", views.my_plan_table, name="my_plan_table"),
    path("certificates/verify/", views.certificate_verify, name="certificate_verify_form"),
    path("certificates/verify/<str:code>/", views.certificate_verify, name="certificate_verify"),
    path("certificates/<str:code>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("training/assign/", views.assign, name="assign"),
    path("training/plans/", views.plan_list, name="plans"),
    path("training/plans/<int:pk>/", views.plan_detail, name="plan"),
    path("training/needs/", views.needs_list, name="needs"),
    path("training/needs/new/", views.needs_list, name="needs_new"),
    path("training/post-changes/<int:pk>/", views.post_change, name="post_change"),
    path("training/plan-tables/", views.plan_table_list, name="plan_tables"),
    path("training/plan-tables/new/", views.plan_table_new, name="plan_table_new"),
    path("training/plan-tables/<int:pk>/", views.plan_table, name="plan_table"),
    path("training/plan-tables/<int:pk>/print/", views.plan_table_print, name="plan_table_print"),
    path("training/plan-tables/<int:pk>/pdf/", views.plan_table_pdf, name="plan_table_pdf"),
    path("training/plan-tables/<int:pk>/<slug:action>/", views.plan_table_action, name="plan_table_action"),
    path("training/plan-entries/<int:pk>/<slug:answer>/", views.plan_entry_answer, name="plan_entry_answer"),
    path("training/sessions/", views.session_list, name="sessions"),
    path("training/sessions/<int:pk>/", views.session_detail, name="session"),
    path("training/sessions/<int:pk>/sign-in/<str:token>/", views.session_signin, name="session_signin"),
]
