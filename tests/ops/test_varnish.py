"""The compose Varnish front (docker/varnish/default.vcl), run with Debian's varnishd and
the xkey vmod in front of real gunicorn: pages are kept, and an edit purges exactly the
pages that show it, by surrogate key; only allowed addresses may purge."""

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bench import hosting

from .sites import ROOT, fetch, production_env, scratch_database
from .test_shared_invalidation import save_in_another_process

pytestmark = pytest.mark.skipif(
    not Path(hosting.VARNISHD).exists()
    or not list(Path("/usr/lib/x86_64-linux-gnu/varnish/vmods").glob("libvmod_xkey.so")),
    reason="varnish and varnish-modules not installed (apt-get install -y varnish varnish-modules)",
)


@pytest.fixture(scope="module")
def front(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("varnish")
    with scratch_database(tmp, "varnish") as database_url:
        app_port, front_port = hosting.free_port(), hosting.free_port()
        env = production_env(
            DATABASE_URL=database_url,
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            DJANGO_STATIC_ROOT=str(tmp / "static"),
            DJANGO_MEDIA_ROOT=str(tmp / "media"),
            NEWSROOM_EDGE_KEYS_HEADER="xkey",
            NEWSROOM_EDGE_PURGE="varnish",
            NEWSROOM_EDGE_PURGE_URL=f"http://127.0.0.1:{front_port}/",
        )
        # Loopback may purge; 127.0.0.3 stands for the outside world. Varnish first: the
        # purges that loading the content and starting a release ask for reach it (a purge
        # that cannot be sent waits in the outbox for the next one, and would then empty
        # the cache in the middle of a test).
        vcl = hosting.render_vcl(tmp, app_port, purgers=["127.0.0.1"])
        with hosting.varnish(vcl, front_port):
            for command in (["migrate"], ["collectstatic", "--noinput"], ["load_demo_content"]):
                subprocess.run(
                    [sys.executable, "manage.py", *command, "-v0"], cwd=ROOT, env=env, check=True
                )
            with hosting.gunicorn(env, app_port, workers=1):
                # Until its health probe has seen the site come up, Varnish answers 503.
                hosting.wait_for(f"http://127.0.0.1:{front_port}/healthz", timeout=30)
                yield f"http://127.0.0.1:{front_port}", env


def raw_request(port, request, source="127.0.0.1"):
    with socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(source, 0)) as s:
        s.sendall(request.encode())
        return s.recv(65536).decode(errors="replace")


def edge(url):
    status, headers, body = fetch(url)
    return status, headers.get("X-Edge-Cache"), body, headers


def test_pages_are_kept_by_varnish_and_keys_never_reach_readers(front):
    base, _env = front
    url = f"{base}/articles/night-buses-return/"
    edge(url)
    status, cache, _body, headers = edge(url)
    assert (status, cache) == (200, "HIT")
    assert "xkey" not in {name.lower() for name in headers}


def test_an_edit_purges_its_pages_by_key_and_leaves_the_others_cached(front):
    base, env = front
    edited, unrelated = (
        f"{base}/articles/ferry-fares-frozen/",
        f"{base}/articles/bakery-bread-award/",
    )
    home = f"{base}/"
    for url in (edited, unrelated, home):
        edge(url)
        assert edge(url)[1] == "HIT"

    save_in_another_process(env, "ferry-fares-frozen", title=repr("Ferry fares frozen again"))

    status, cache, body, _ = edge(edited)
    assert status == 200 and "Ferry fares frozen again" in body
    assert "Ferry fares frozen again" in edge(home)[2]
    assert edge(unrelated)[1] == "HIT"


def test_a_withdrawn_article_is_gone_at_the_edge_at_once(front):
    base, env = front
    url = f"{base}/articles/library-weekend-hours/"
    edge(url)
    assert edge(url)[1] == "HIT"
    save_in_another_process(
        env,
        "library-weekend-hours",
        withdrawn_at="timezone.now()",
        withdrawal_reason=repr("Announced in error."),
    )
    assert edge(url)[0] == 410


def test_a_purge_from_outside_the_acl_or_by_another_method_is_refused(front):
    base, _env = front
    url = f"{base}/articles/night-buses-return/"
    edge(url)
    port = int(base.rsplit(":", 1)[1])
    refused = raw_request(
        port,
        "PURGE / HTTP/1.1\r\nHost: 127.0.0.1\r\nxkey-purge: all\r\nConnection: close\r\n\r\n",
        source="127.0.0.3",
    )
    assert refused.startswith("HTTP/1.1 403")
    # A GET carrying purge headers is a GET.
    get = raw_request(
        port,
        "GET /articles/night-buses-return/ HTTP/1.1\r\nHost: 127.0.0.1\r\nxkey-purge: all\r\n"
        "Connection: close\r\n\r\n",
    )
    assert get.startswith("HTTP/1.1 200")
    assert edge(url)[1] == "HIT"
    allowed = raw_request(
        port, "PURGE / HTTP/1.1\r\nHost: 127.0.0.1\r\nxkey-purge: all\r\nConnection: close\r\n\r\n"
    )
    assert allowed.startswith("HTTP/1.1 200")
    assert edge(url)[1] == "MISS"
