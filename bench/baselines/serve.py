"""The baselines `make bench` compares cold pages with, seeded and served by gunicorn (2
sync workers) on PostgreSQL like the newsroom:

- minimal: a startproject-default Django site, one model, one query, Markdown converted on
  every request (bench/baselines/minimal/);
- wagtail: Wagtail's page view over one page model with a rich-text body
  (bench/baselines/wagtailsite/), from its own venv, .venv/wagtail, made here once.
"""

import subprocess
import sys
from contextlib import contextmanager

from bench import hosting

ROOT = hosting.ROOT
WAGTAIL_VENV = ROOT / ".venv" / "wagtail"
# The newest Wagtail supporting Django 5.2 and Python 3.11 when this was written.
WAGTAIL_REQUIREMENTS = [
    "wagtail==8.0.1", "Django==5.2.19", "gunicorn==27.0.1", "psycopg2-binary==2.9.13",
    "Markdown==3.11.3",
]  # fmt: skip


def _seed(python, module, count, env):
    output = subprocess.run(  # noqa: S603
        [str(python), "-m", module, str(count)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return output.strip().splitlines()[-1]


@contextmanager
def minimal(env, database_url, port, count):
    """Serves the minimal site; yields the address of an article from the middle."""
    env = {**env, "MINIMAL_DATABASE_URL": database_url}
    slug = _seed(sys.executable, "bench.baselines.minimal.seed", count, env)
    path = f"/articles/{slug}/"
    wsgi = "bench.baselines.minimal.wsgi:application"
    with hosting.gunicorn(env, port, wsgi=wsgi, ready_path=path):
        yield f"http://127.0.0.1:{port}{path}"


def wagtail_python():
    """.venv/wagtail's python, installing it on first use."""
    python = WAGTAIL_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(WAGTAIL_VENV)], check=True)  # noqa: S603
    subprocess.run(  # noqa: S603
        [str(python), "-m", "pip", "install", "--quiet", *WAGTAIL_REQUIREMENTS], check=True
    )
    return python


@contextmanager
def wagtail(env, database_url, port, count):
    """Serves the Wagtail site; yields the address of a page from the middle. Seeding
    10,000 pages through Wagtail's tree takes a few minutes, once."""
    python = wagtail_python()
    env = {**env, "WAGTAIL_DATABASE_URL": database_url}
    path = _seed(python, "bench.baselines.wagtailsite.seed", count, env)
    wsgi = "bench.baselines.wagtailsite.wsgi:application"
    with hosting.gunicorn(env, port, wsgi=wsgi, python=python, ready_path=path):
        yield f"http://127.0.0.1:{port}{path}"
