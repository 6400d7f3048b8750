# Two commands for a fresh clone: `make run` and `make test`.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# What production runs (`make run`), and that plus the test tools (`make test`).
INSTALLED := $(VENV)/.installed-requirements
INSTALLED_DEV := $(VENV)/.installed-requirements-dev
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format check venv clean bench drills lighthouse backup restore messages compilemessages

venv: $(INSTALLED_DEV)

$(INSTALLED): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check --quiet -r requirements.txt
	touch $@

$(INSTALLED_DEV): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check --quiet -r requirements-dev.txt
	touch $(INSTALLED) $@

# The translation catalogs (locale/, desk/locale/) are compiled, never committed: Django
# reads the .mo files msgfmt (Debian's gettext) makes from the .po files.
compilemessages:
	@command -v msgfmt >/dev/null || { test "$$(id -u)" = 0 && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; } || \
		{ echo "msgfmt is missing: apt-get install gettext"; exit 1; }
	$(BIN)/python manage.py compilemessages --ignore=.venv

# `make messages`: the reader catalog (locale/) gets every label of articles/, newsroom/,
# pagecache/ and templates/ (the desk's are desk/locale's); then translate the new entries.
MESSAGES_LANGUAGES ?= fr
messages: export DJANGO_DEBUG ?= 1
messages: $(INSTALLED)
	$(BIN)/python manage.py makemessages --no-obsolete --add-location=file \
		$(foreach language,$(MESSAGES_LANGUAGES),-l $(language)) \
		--ignore=.venv --ignore=desk --ignore=templates/admin --ignore=articles/models --ignore=bench --ignore=tests \
		--ignore=static --ignore=staticfiles --ignore=media --ignore=deploy --ignore=docker

# `make run`: the development site on SQLite with demo content.
run: export DJANGO_DEBUG ?= 1
run: $(INSTALLED) compilemessages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py ensure_admin --site http://$(HOST):$(PORT)
	@echo "Site: http://$(HOST):$(PORT)/"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Checks and tests never need a real secret: a fresh random one per run keeps
# any fixed key out of the repository.
test check compilemessages: export DJANGO_SECRET_KEY ?= $(shell $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))")

check: $(INSTALLED_DEV) compilemessages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# axe-core (npm, pinned) for the accessibility browser test (tests/browser/test_accessibility.py);
# without npm the test skips locally (CI installs npm and requires it).
AXE_CORE_VERSION := 4.14.1
AXE_JS := $(VENV)/axe/node_modules/axe-core/axe.min.js
$(AXE_JS):
	npm install --prefix $(VENV)/axe --no-audit --no-fund axe-core@$(AXE_CORE_VERSION)

test: check $(if $(shell command -v npm),$(AXE_JS))
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# `make bench`: load test on PostgreSQL at 10k and 1M articles (see bench/run.py), then a
# working newsroom (Zipf reads on two nodes while an editor saves, bench/newsroom.py);
# BENCH_ARGS="--sizes 10000 --duration 5 --newsroom quick" for a quick run, or
# `.venv/bin/python -m bench.newsroom --quick` for the newsroom load alone.
bench: $(INSTALLED_DEV)
	@command -v wrk >/dev/null && test -x /usr/sbin/nginx || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# `make drills`: the scale-out drills (bench/drills.py; tests/ops/test_drills.py runs short
# ones in CI): two web nodes behind Varnish, a PostgreSQL primary and streaming replica,
# Redis, the worker and moto's S3 on loopback; kill a node, stop the replica, promote it,
# restart Redis, migrate while serving, under load. DRILL_SECONDS is each drill's length.
DRILL_SECONDS ?= 30
drills: $(INSTALLED_DEV)
	@test -x /usr/sbin/varnishd && command -v redis-server >/dev/null && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish varnish-modules redis-server postgresql)
	$(BIN)/python -m bench.drills --seconds $(DRILL_SECONDS)

# `make lighthouse`: Lighthouse (npm, pinned here) with Debian's Chromium on an article
# with a lead image, behind the front server; fails under performance 95 / accessibility 100.
LIGHTHOUSE_VERSION := 13.5.0
$(VENV)/lighthouse/node_modules/.bin/lighthouse:
	npm install --prefix $(VENV)/lighthouse --no-audit --no-fund lighthouse@$(LIGHTHOUSE_VERSION)

lighthouse: $(INSTALLED_DEV) $(VENV)/lighthouse/node_modules/.bin/lighthouse
	@test -x /usr/sbin/nginx || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx)
	$(BIN)/python -m bench.lighthouse

format: $(INSTALLED_DEV)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles test-results

# Production backups (README "Operate it"): run next to docker-compose.yml.
COMPOSE ?= docker compose

backup:
	$(COMPOSE) run --rm backup

# The web service stops while the database is replaced and starts again even if the
# restore fails (a failed restore changes nothing).
restore:
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=newsroom-<UTC time> (or BACKUP=latest)"; ls backups 2>/dev/null; exit 2; }
	$(COMPOSE) stop web
	$(COMPOSE) run --rm backup /scripts/restore.sh "$(BACKUP)"; status=$$?; \
	$(COMPOSE) start web; exit $$status
