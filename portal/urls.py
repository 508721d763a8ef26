"""The shell's URLconf: Django and Wagtail, the accounts pages, the portal's
own pages (我的待办, 通知), then each app's URLs, then Wagtail's page serving."""
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from assessments.api import api as payroll_api

from . import accounts, health, views

# A database outage anywhere in a request is a 503 with a retry (people.outage).
handler500 = "portal.views.server_error"

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/second-factor/", accounts.second_factor, name="second_factor"),
    path("accounts/password/reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password/reset/sent/", accounts.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("accounts/password/reset/<uidb64>/<token>/", accounts.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("accounts/password/reset/done/", accounts.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("my/tasks/", views.my_tasks, name="my_tasks"),
    path("my/notifications/", views.my_notifications, name="my_notifications"),
    # Browsers and bookmarks ask for /favicon.ico: the portal's icon is an SVG.
    path("favicon.ico", RedirectView.as_view(url=f"{settings.STATIC_URL}img/favicon.svg", permanent=True)),
    path("health/", health.full_view(), name="health"),
    path("health/live/", health.live_view(), name="health_live"),
]

if settings.DEBUG:  # development only: in production WhiteNoise serves static files
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    path("", include("policies.urls")),
    path("", include("lms.urls")),
    # Practical exams (我的考评) and the read-only payroll API (token auth, not login).
    path("", include("assessments.urls")),
    path("api/payroll/v1/", payroll_api.urls),
    path("", include(wagtail_urls)),
]
