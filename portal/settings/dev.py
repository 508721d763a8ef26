import os

from .base import *

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-secret-key-not-for-production"
ALLOWED_HOSTS = ["*"]
# Mail goes to files under var/mail/ (one file per batch), so importing the
# seed regulations does not bury the demo logins under hundreds of messages.
# EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend prints them.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
PORTAL_DEMO_MODE = True
