import os

from django.core.wsgi import get_wsgi_application

# Production unless told otherwise: development (DEBUG, debug pages) only when
# chosen explicitly, DJANGO_SETTINGS_MODULE=portal.settings.dev (make run does).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
application = get_wsgi_application()
