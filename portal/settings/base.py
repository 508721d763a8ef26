"""Settings shared by every environment; dev/production/test override them.

Everything that differs between machines comes from the environment:
``DATABASE_URL`` (default: a SQLite file in the project folder) and
``CELERY_BROKER_URL`` (default: none, tasks run eagerly in-process).
"""
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    # The product, base first, shell last: people ← policies ← lms ← assessments ← portal.
    "people",
    "policies",
    "lms",
    "assessments",
    "portal",
    "health_check",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Listed so that the payroll API's docs page (Swagger UI) is served from
    # django-ninja's own static files, not a CDN the intranet cannot reach.
    "ninja",
    "csp",
    # Logins: lockout after repeated failures (django-axes), TOTP second factor (django-otp).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # Headers on every response: nosniff, Referrer-Policy, COOP, and in
    # production HSTS and the redirect to HTTPS (portal.settings.production).
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # The Wagtail admin's own templates still carry inline script and style.
    "portal.middleware.AdminContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.ChineseFirstLocaleMiddleware",
    "portal.middleware.DatabaseOutageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A person's own write forgets their cached header badges (portal.badges).
    "portal.middleware.BadgeCacheMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.EmployeesOnlyMiddleware",
    "portal.middleware.ReportsFromReplicaMiddleware",
    "policies.middleware.PolicyAdminClearanceMiddleware",
    # Customers' trainees reach only their own trainings (lms.customers).
    "lms.middleware.ExternalTraineeScopeMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "portal.middleware.StyledNotFoundMiddleware",
    # The second factor, when required (after authentication and OTP's verification).
    "portal.middleware.SecondFactorMiddleware",
    # A login refused by the lockout answers with the portal's lockout page.
    "axes.middleware.AxesMiddleware",
]

# ---- response headers ------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# When HTTPS is enforced (production), the load balancer's health probes may stay on HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
# Content-Security-Policy (django-csp): everything from the portal itself, no
# inline script or style (behaviour lives in static/js, style in portal.css),
# no framing. The admin gets the exceptions it needs, and only those
# (portal.middleware.AdminContentSecurityPolicyMiddleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
PORTAL_CSP_RELAXED_PREFIXES = ("/admin/", "/django-admin/", "/api/payroll/v1/docs")
PORTAL_CSP_RELAXED = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    # Wagtail's live preview shows the page in a frame of the editor.
    "frame-ancestors": [SELF],
}

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# Database: SQLite in the project folder unless DATABASE_URL says otherwise
# (postgres:// and postgresql:// are both accepted).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=0
    )
}
# SQLite serves a training room: writers wait for each other (a busy timeout,
# in seconds) instead of failing with "database is locked", and every
# transaction takes the write lock when it begins (BEGIN IMMEDIATE), so a
# transaction that read first can never be refused the lock when it writes.
# WAL lets readers carry on while one writer commits.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT", "20")),
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    })
# A read replica for reports and exports (portal.routers): everything else
# reads and writes the primary. Tests mirror it onto the primary.
if os.environ.get("REPLICA_DATABASE_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(os.environ["REPLICA_DATABASE_URL"], conn_max_age=0),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["portal.routers.ReplicaRouter"]
# The pages that read from the replica: HR and compliance reports and their
# exports, the survey summaries and Wagtail's own reports.
PORTAL_REPLICA_PATHS = ("/admin/reports/", "/admin/compliance/", "/admin/assessments/reports/",
                        "/admin/lms/surveys/")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (Django's RedisCache, degraded to a miss
# while Redis is down, see portal.cache), otherwise memory per process.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

# Chinese first; English by switching language.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"

# ---- logins ------------------------------------------------------------------
# Lockout (django-axes) on every login form that authenticates with the request
# (the portal's and the admin's): after AXES_FAILURE_LIMIT failures for one
# account, or from one address, further attempts are refused for the cool-off
# time, or until HR unlocks them (管理后台 › 设置 › 登录锁定).
AUTHENTICATION_BACKENDS = [
    "people.backends.LockoutBackend",
    # Django's ModelBackend, loading whether the user is a customer's trainee with them.
    "people.backends.PortalModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("PORTAL_LOGIN_FAILURE_LIMIT", "5"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = float(os.environ.get("PORTAL_LOGIN_COOLOFF_HOURS", "1"))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.accounts.login_locked_out"
# The same address the acknowledgements record (trusted proxies only).
AXES_CLIENT_IP_CALLABLE = "policies.acknowledgements.client_ip"
AXES_HTTP_RESPONSE_CODE = 429
# No start-up banner in every process's log (failures and lockouts are still logged).
AXES_VERBOSE = False
# A second factor (TOTP, any authenticator app) for HR, approvers and payroll
# token holders (people.security.needs_second_factor), when switched on.
PORTAL_REQUIRE_SECOND_FACTOR = os.environ.get("PORTAL_REQUIRE_SECOND_FACTOR", "") == "1"
OTP_TOTP_ISSUER = "制度与培训门户"
# Password reset links by email stay valid this long (seconds).
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

WAGTAIL_SITE_NAME = "制度与培训门户"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# jpg/png: photos filed in training archives (lms.models.archives).
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "jpeg", "jpg", "key", "odt", "pdf", "png", "pptx", "rtf", "txt", "xlsx",
                          "zip", "mp4"]
WAGTAIL_I18N_ENABLED = False
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# Everything the admin shows comes from the portal itself (an intranet reaches
# no outside service): no Gravatar avatars (Wagtail's default avatar instead),
# no check for a newer Wagtail release on the dashboard.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Chinese search: jieba segmentation + OpenCC normalisation, on top of the
# database backend (SQLite FTS5 or PostgreSQL full text).
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "policies.search.backend"},
}

# Celery: eager without a broker, a real worker (celery -A portal worker -B) with one.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
# With the broker down a request must not hang on publishing: fail fast; the
# notification outbox (people.outbox) keeps the message for the sweep.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5,
                                    "interval_max": 0.5}
# PDF rendering has a queue of its own, so a burst of renders never delays
# notifications and the exam timer; the worker in the Procfile takes both.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = (Queue("celery"), Queue("pdf"))
CELERY_TASK_ROUTES = {"policies.tasks.render_policy_pdf": {"queue": "pdf"}}
CELERY_BEAT_SCHEDULE = {
    "publish-scheduled-policies": {
        "task": "policies.tasks.publish_scheduled",
        "schedule": crontab(minute="*/5"),
    },
    # Read-and-acknowledge: daily reminders, then escalation to department heads.
    "policy-acknowledgement-reminders": {
        "task": "policies.tasks.send_acknowledgement_reminders",
        "schedule": crontab(hour=8, minute=30),
    },
    "policy-acknowledgement-escalations": {
        "task": "policies.tasks.escalate_overdue_acknowledgements",
        "schedule": crontab(hour=9, minute=0),
    },
    # Training: remind departments to submit next month's training needs (培训需求申请表).
    "lms-training-needs-reminders": {
        "task": "lms.tasks.remind_training_needs",
        "schedule": crontab(hour=9, minute=15),
    },
    # Training: remind course owners of the periodic re-evaluation of filed courses.
    "lms-course-reevaluation-reminders": {
        "task": "lms.tasks.remind_course_reevaluation",
        "schedule": crontab(hour=9, minute=20),
    },
    # Customer training: announce the next two days' sessions to customers (with an .ics).
    "lms-announce-sessions-to-customers": {
        "task": "lms.tasks.announce_sessions_to_customers",
        "schedule": crontab(minute=5),
    },
    # Training archives: remind borrowers of overdue loans (once a day at most).
    "lms-overdue-archive-loans": {
        "task": "lms.tasks.remind_overdue_loans",
        "schedule": crontab(hour=9, minute=25),
    },
    # The notification outbox: deliver what the broker could not take (people.outbox).
    "people-sweep-outbox": {
        "task": "people.tasks.sweep_outbox",
        "schedule": crontab(minute="*"),
    },
    # Written exams: hand in abandoned attempts whose time is up (the server's timer).
    "assessments-close-expired-attempts": {
        "task": "assessments.tasks.close_expired_attempts",
        "schedule": crontab(minute="*"),
    },
}

# Email (notifications): the backend is chosen per environment (console in
# dev, locmem in tests, SMTP in production); the SMTP server comes from here.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "policy-portal@localhost")

# Acknowledgements record the reader's IP: REMOTE_ADDR, unless the portal sits
# behind this many trusted reverse proxies (then X-Forwarded-For is used).
PORTAL_TRUSTED_PROXY_COUNT = int(os.environ.get("PORTAL_TRUSTED_PROXY_COUNT", "0"))

# Demo mode lists the demo accounts on the login page. Off unless asked for.
PORTAL_DEMO_MODE = os.environ.get("PORTAL_DEMO_MODE", "") == "1"
PORTAL_DEMO_PASSWORD = os.environ.get("PORTAL_DEMO_PASSWORD", "demo-pass-2026")

# Where the company's seed documents live (imported by `make run`).
PORTAL_SEED_DIR = Path(os.environ.get("PORTAL_SEED_DIR", BASE_DIR.parent / "shared" / "seeds"))
# The largest regulation file import_policies (and the admin's import) accepts.
POLICY_IMPORT_MAX_BYTES = int(os.environ.get("POLICY_IMPORT_MAX_BYTES", 5 * 1024 * 1024))

PORTAL_NAME = _("制度与培训门户")
# Seconds a person's header badges (待办, unread notifications) are kept in the
# cache between their pages; their own writes and new notifications forget
# them at once (portal.badges). 0: counted on every page. Only with Redis by
# default: in memory per process, a write handled by one worker would not be
# forgotten by the others.
PORTAL_BADGE_CACHE_SECONDS = int(os.environ.get("PORTAL_BADGE_CACHE_SECONDS", "30" if REDIS_URL else "0"))
