"""CDN purges (articles/purging.py): recorded in the edit's transaction, sent by the
worker, coalesced, retried."""

import urllib.request

import pytest
from django.db import transaction

from articles import purging
from articles.models import EdgePurge
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def varnish_front(settings, monkeypatch):
    settings.NEWSROOM_EDGE_KEYS_HEADER = "xkey"
    settings.NEWSROOM_EDGE_PURGE = "varnish"
    settings.NEWSROOM_EDGE_PURGE_URL = "http://127.0.0.1:6081/"
    sent = []

    def urlopen(request, timeout):
        sent.append(request)

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    return sent


def test_an_edit_records_its_purge_with_it_and_the_worker_sends_it(varnish_front):
    article = make_article()
    varnish_front.clear()
    with transaction.atomic():
        article.title = "New headline"
        article.save()
        assert EdgePurge.objects.pending().exists()  # in the edit's own transaction
        assert varnish_front == []
    # Immediate backend in tests: the task ran at commit.
    assert not EdgePurge.objects.pending().exists()
    (request,) = varnish_front
    assert request.get_method() == "PURGE"
    keys = request.get_header("Xkey-softpurge").split()
    assert f"article-{article.pk}" in keys and "articles" in keys


def test_a_rolled_back_edit_purges_nothing(varnish_front):
    article = make_article()
    varnish_front.clear()
    before = EdgePurge.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        article.title = "Never"
        article.save()
        raise RuntimeError
    assert EdgePurge.objects.count() == before and varnish_front == []


def test_pending_purges_are_coalesced_and_a_failure_is_kept_for_a_retry(varnish_front, monkeypatch):
    def down(request, timeout):
        raise OSError("connection refused")

    monkeypatch.setattr(urllib.request, "urlopen", down)
    first, second = make_article(), make_article()  # a front down costs no edit
    assert EdgePurge.objects.pending().count() >= 2
    assert EdgePurge.objects.pending().first().attempts >= 1

    sent = []
    monkeypatch.setattr(urllib.request, "urlopen", lambda request, timeout: sent.append(request))
    purging.send_edge_purges.call()
    assert len(sent) == 1  # every pending key in one request
    keys = sent[0].get_header("Xkey-softpurge").split()
    assert {f"article-{first.pk}", f"article-{second.pk}"} <= set(keys)
    assert not EdgePurge.objects.pending().exists()


def test_fastly_and_cloudflare_requests(settings):
    settings.NEWSROOM_EDGE_PURGE_SERVICE, settings.NEWSROOM_EDGE_PURGE_TOKEN = "svc", "tok"
    settings.NEWSROOM_EDGE_PURGE = "fastly"
    fastly = purging.purge_request(["article-1", "articles"])
    assert fastly.full_url == "https://api.fastly.com/service/svc/purge"
    assert fastly.get_header("Surrogate-key") == "article-1 articles"
    assert fastly.get_header("Fastly-soft-purge") == "1"
    settings.NEWSROOM_EDGE_PURGE = "cloudflare"
    cloudflare = purging.purge_request(["article-1"])
    assert cloudflare.full_url.endswith("/zones/svc/purge_cache")
    assert cloudflare.data == b'{"tags": ["article-1"]}'


def test_without_a_front_nothing_is_recorded():
    make_article()
    assert not EdgePurge.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_purges_before_a_backlog_of_picture_renditions(settings):
    from django_tasks_db.models import DBTaskResult

    from articles.photos.renditions import make_renditions

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for photo_id in range(1, 6):
        make_renditions.enqueue(photo_id)
    purging.send_edge_purges.enqueue()
    next_task = DBTaskResult.objects.ready().first()
    assert next_task.task_path == "articles.purging.send_edge_purges"
