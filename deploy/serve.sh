#!/usr/bin/env bash
# make serve: the portal as in production, on this machine.
#
#   gunicorn (several workers, --preload), a Celery worker (queues celery and
#   pdf) and Celery beat, started by honcho from the Procfile, with
#   portal.settings.production, against DATABASE_URL, REDIS_URL (cache) and
#   CELERY_BROKER_URL. Static files are collected first (WhiteNoise serves them).
#
# Defaults, for one machine: PostgreSQL on 127.0.0.1:5432 (database "portal"),
# Redis on 127.0.0.1:6379 (cache db 0, broker db 1); each is started here if it
# is the default and not running. DJANGO_SECRET_KEY, when unset, is generated
# once into var/secret_key. DEMO=1 imports the seed regulations and the demo
# accounts (never on a real server: they have known passwords).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
export PATH="$PWD/$BIN:$PATH"
export DJANGO_SETTINGS_MODULE=portal.settings.production
export PORT=${PORT:-8000}
export DATABASE_URL=${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/portal}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
export CELERY_BROKER_URL=${CELERY_BROKER_URL:-redis://127.0.0.1:6379/1}
export WAGTAILADMIN_BASE_URL=${WAGTAILADMIN_BASE_URL:-http://127.0.0.1:$PORT}
export EMAIL_BACKEND=${EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend}
export EMAIL_FILE_PATH=${EMAIL_FILE_PATH:-$PWD/var/mail}
mkdir -p var

if [ -z "${DJANGO_SECRET_KEY:-}" ]; then
  if [ ! -s var/secret_key ]; then
    python -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key
    chmod 600 var/secret_key
    echo "DJANGO_SECRET_KEY was not set: generated a new one into var/secret_key (kept for the next start)."
  else
    echo "DJANGO_SECRET_KEY was not set: using the one generated earlier in var/secret_key."
  fi
  DJANGO_SECRET_KEY=$(cat var/secret_key)
  export DJANGO_SECRET_KEY
fi
if [ -z "${DJANGO_SECURE_COOKIES:-}" ]; then
  # Plain HTTP on this machine: browsers would drop Secure cookies. Behind TLS, set it to 1.
  export DJANGO_SECURE_COOKIES=0
  export DJANGO_SECURE_SSL_REDIRECT=${DJANGO_SECURE_SSL_REDIRECT:-0}
  export DJANGO_SECURE_HSTS_SECONDS=${DJANGO_SECURE_HSTS_SECONDS:-0}
  echo "Serving plain HTTP: no Secure cookies, no redirect to HTTPS, no HSTS (DJANGO_SECURE_COOKIES=1 behind TLS)."
fi

case "$DATABASE_URL" in
  postgres*://*@127.0.0.1:5432/*|postgres*://*@localhost:5432/*)
    if ! pg_isready -q -h 127.0.0.1 -p 5432; then
      echo "Starting the local PostgreSQL cluster"
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" main start
    fi
    db=${DATABASE_URL##*/}; db=${db%%\?*}
    if ! psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1; then
      echo "Creating database $db"
      createdb -h 127.0.0.1 -U postgres "$db"
    fi ;;
esac
case "$REDIS_URL $CELERY_BROKER_URL" in
  *redis://127.0.0.1:6379*)
    if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
      echo "Starting Redis on 127.0.0.1:6379"
      redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
        --pidfile "$PWD/var/redis.pid" --logfile "$PWD/var/redis.log"
      for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.1; done
    fi ;;
esac

python manage.py migrate --noinput
python manage.py collectstatic --noinput -v0
python manage.py compilemessages --ignore=.venv -v0
if [ "${DEMO:-0}" = 1 ]; then
  SEEDS=${SEEDS:-../shared/seeds}
  if [ -d "$SEEDS" ]; then python manage.py import_policies "$SEEDS"/*.txt; fi
  python manage.py setup_demo
fi

echo "Serving portal.settings.production on http://127.0.0.1:$PORT/ with ${GUNICORN_WORKERS:-$(( $(nproc) * 2 + 1 ))} gunicorn workers, a Celery worker and beat"
echo "  database $DATABASE_URL, cache $REDIS_URL, broker $CELERY_BROKER_URL; health: http://127.0.0.1:$PORT/health/"
exec honcho --procfile Procfile start --port "$PORT"
