"""
Under real gunicorn with two workers, with no Redis (the embedded default) and with Redis,
every worker sees an edit at once: no reader is handed the old article, and every worker
sends one ETag; pages that do not show what the edit changed stay cached.
"""

import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench import hosting

from .sites import ROOT, production_env, scratch_database

READS = 40
# This suite's own Redis database (others use theirs).
TEST_REDIS_URL = "redis://127.0.0.1:6379/5"


def _redis_or_skip():
    import redis

    client = redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1)
    try:
        client.flushdb()
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    return {"REDIS_URL": TEST_REDIS_URL}


@pytest.fixture(scope="module", params=["embedded", "redis"])
def two_workers(request, tmp_path_factory):
    shared = _redis_or_skip() if request.param == "redis" else {}
    tmp = tmp_path_factory.mktemp("two-workers")
    with scratch_database(tmp, "workers") as database_url:
        yield from _two_workers(tmp, database_url, shared)


def _two_workers(tmp, database_url, shared):
    env = production_env(
        DATABASE_URL=database_url,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_STATIC_ROOT=str(tmp / "static"),
        DJANGO_MEDIA_ROOT=str(tmp / "media"),
        **shared,
    )
    assert env.get("REDIS_URL") == shared.get("REDIS_URL")
    for command in (["migrate"], ["collectstatic", "--noinput"], ["load_demo_content"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "-v0"], cwd=ROOT, env=env, check=True
        )
    port = hosting.free_port()
    with hosting.gunicorn(env, port, workers=2, log_path=tmp / "gunicorn.log") as master:
        assert len(hosting.worker_pids(master.pid)) == 2
        yield f"http://127.0.0.1:{port}", env


def read_many(url, times=READS, header="ETag"):
    """(body, ETag or another header) of `times` reads, eight at a time, so that both
    workers answer."""

    def read(_):
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
            return response.read().decode(), response.headers[header]

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(read, range(times)))


def save_in_another_process(env, slug, **changes):
    """An editor's save from a process that is neither worker (a shell, an import)."""
    code = (
        "from django.utils import timezone\n"
        "from articles.models import Article\n"
        f"article = Article.objects.get(slug={slug!r})\n"
        + "".join(f"article.{name} = {value}\n" for name, value in changes.items())
        + "article.save()\n"
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True
    )


def statuses_of_many(url, times=READS, headers=None):
    def status(_):
        request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(status, range(times)))


def test_after_an_edit_no_worker_serves_the_old_article(two_workers):
    base, env = two_workers
    url = f"{base}/articles/harbour-reopens/"
    before = read_many(url)  # both workers now hold the page in their memory
    assert all("Ferries to the islands" not in body for body, _ in before)

    save_in_another_process(
        env, "harbour-reopens", body=repr("Ferries to the islands run again from Monday.")
    )
    after = read_many(url)

    stale = sum("Ferries to the islands run again" not in body for body, _ in after)
    assert stale == 0, f"{stale} of {READS} reads after the edit showed the old article"


def test_an_edit_leaves_pages_that_do_not_show_it_cached_on_every_worker(two_workers):
    base, env = two_workers
    unrelated = f"{base}/articles/bakery-bread-award/"  # another section, author and tags
    edited = f"{base}/articles/ferry-fares-frozen/"
    read_many(unrelated), read_many(edited)  # both workers hold both pages
    assert {cache for _, cache in read_many(unrelated, header="X-Cache")} == {"hit"}

    save_in_another_process(env, "ferry-fares-frozen", title=repr("Ferry fares frozen again"))

    assert all("Ferry fares frozen again" in body for body, _ in read_many(edited))
    assert {cache for _, cache in read_many(unrelated, header="X-Cache")} == {"hit"}


def test_every_worker_sends_the_same_etag_and_revalidations_agree(two_workers):
    base, _env = two_workers
    url = f"{base}/articles/harbour-reopens/"

    etags = {etag for _, etag in read_many(url)}
    assert len(etags) == 1
    etag = etags.pop()

    assert set(statuses_of_many(url, headers={"If-None-Match": etag})) == {304}


def test_a_withdrawn_article_is_gone_from_every_worker_at_once(two_workers):
    base, env = two_workers
    url = f"{base}/articles/library-weekend-hours/"
    assert set(statuses_of_many(url)) == {200}  # both workers hold the page

    save_in_another_process(
        env,
        "library-weekend-hours",
        withdrawn_at="timezone.now()",
        withdrawal_reason=repr("The opening hours were announced in error."),
    )

    statuses = statuses_of_many(url)
    assert statuses.count(410) == READS, (
        f"{READS - statuses.count(410)} reads still got the article"
    )
