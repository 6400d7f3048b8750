#!/bin/sh
# Web container start: check the configuration and wait for PostgreSQL, then bring the
# schema and static files up to date and hand PID 1 to gunicorn (so `docker stop`
# reaches it directly and workers finish their requests).
# With arguments, runs them instead once the database is up, e.g. `manage.py shell`.
set -eu
cd "$(dirname "$0")/.."

python docker/wait_for_database.py

if [ "$#" -gt 0 ]; then
    exec "$@"
fi

python manage.py migrate --noinput
python manage.py collectstatic --noinput --verbosity 0
exec gunicorn --config docker/gunicorn.conf.py newsroom.wsgi:application
