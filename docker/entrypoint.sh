#!/bin/sh
# Web container start: check the configuration and wait for PostgreSQL, then bring the
# schema and static files up to date and hand PID 1 to gunicorn (so `docker stop`
# reaches it directly and workers finish their requests).
# With arguments, runs them instead once the database is up, e.g. `manage.py shell`.
#
# Several web containers: the release steps run once, before any of them starts (compose's
# `migrate` service, the Kubernetes migrate Job), and the web containers skip them with
# NEWSROOM_MIGRATE_AT_START=0 and NEWSROOM_COLLECTSTATIC_AT_START=0. One container alone
# keeps the defaults and does both itself.
set -eu
cd "$(dirname "$0")/.."

python docker/wait_for_database.py

if [ "$#" -gt 0 ]; then
    exec "$@"
fi

if [ "${NEWSROOM_MIGRATE_AT_START:-1}" = 1 ]; then
    # Under an advisory lock: two containers starting together never migrate at once.
    python manage.py migrate_locked
fi
if [ "${NEWSROOM_COLLECTSTATIC_AT_START:-1}" = 1 ]; then
    python manage.py collectstatic --noinput --verbosity 0
fi
exec gunicorn --config docker/gunicorn.conf.py newsroom.wsgi:application
