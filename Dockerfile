# The newsroom web image: gunicorn serving Django, static files through whitenoise.
# Python matches the version CI tests on (3.11); Debian bookworm like our hosts.

# --- Build stage: compilers exist only here, for any dependency without a wheel, and
# gettext's msgfmt for the translation catalogs ---
FROM python:3.11-slim-bookworm AS build

RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential libpq-dev gettext \
    && rm -rf /var/lib/apt/lists/*

RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH" \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
COPY requirements.txt /tmp/requirements.txt
RUN pip install --no-cache-dir -r /tmp/requirements.txt
# The labels' catalogs (.po) become the .mo files Django reads; .mo files are never committed.
COPY . /src
RUN cd /src && DJANGO_DEBUG=1 python manage.py compilemessages --ignore=.venv

# --- Runtime stage: the virtualenv and the code, no build tools ---
FROM python:3.11-slim-bookworm

ENV PATH="/opt/venv/bin:$PATH" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_STATIC_ROOT=/var/lib/newsroom/static \
    DJANGO_MEDIA_ROOT=/var/lib/newsroom/media

# A fixed uid, so files in the media volume keep one owner across rebuilds.
RUN groupadd --system --gid 10001 newsroom \
    && useradd --system --uid 10001 --gid newsroom --home-dir /app --shell /usr/sbin/nologin newsroom \
    && mkdir -p /var/lib/newsroom/static /var/lib/newsroom/media \
    && chown -R newsroom:newsroom /var/lib/newsroom

COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY --from=build --chown=root:root /src /app

# Which code this image runs (cache keys and ETags, pagecache/release.py): the git commit,
# given at build time. Last, so a new commit rebuilds no layer above. Empty: a fingerprint
# of the code, worked out at the first request.
ARG NEWSROOM_RELEASE=""
ENV NEWSROOM_RELEASE=$NEWSROOM_RELEASE

USER newsroom
EXPOSE 8000
ENTRYPOINT ["/app/docker/entrypoint.sh"]
