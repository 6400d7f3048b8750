"""The compose balancer's nginx config (between Varnish and the web replicas), run with
Debian's nginx in front of a stand-in web node that echoes what it was sent."""

import http.server
import json
import string
import threading
import urllib.request

import pytest

from bench import hosting

from .sites import ROOT
from .test_front_server import pytestmark  # noqa: F401 - skipped where nginx is missing

TEMPLATE = ROOT / "docker" / "nginx" / "balancer.conf.template"


class Echo(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps(dict(self.headers)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def balancer(tmp_path):
    web = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=web.serve_forever, daemon=True).start()
    port = hosting.free_port()
    config = hosting.render_nginx_config(tmp_path, port, "127.0.0.1:1", tmp_path, tmp_path)
    # The front server's main config, with the balancer's server block instead.
    (tmp_path / "site.conf").write_text(
        string.Template(TEMPLATE.read_text()).safe_substitute(
            NGINX_LISTEN=f"127.0.0.1:{port}",
            # Nothing answers there: an address literal needs no lookup.
            NEWSROOM_RESOLVER="127.0.0.1:9",
            NEWSROOM_WEB_UPSTREAM=f"127.0.0.1:{web.server_address[1]}",
        )
    )
    try:
        with hosting.nginx(config, port):
            yield f"http://127.0.0.1:{port}"
    finally:
        web.shutdown()


def test_balancer_passes_requests_on_as_a_transparent_hop(balancer):
    request = urllib.request.Request(  # noqa: S310 - loopback
        balancer + "/articles/",
        headers={
            "Host": "news.example.org",
            "X-Forwarded-For": "203.0.113.7, 172.18.0.5",
            "X-Forwarded-Proto": "https",
        },
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        sent = json.loads(response.read())
    assert sent["Host"] == "news.example.org"
    # Unchanged: DJANGO_TRUSTED_PROXY_COUNT still counts the front server and Varnish.
    assert sent["X-Forwarded-For"] == "203.0.113.7, 172.18.0.5"
    assert sent["X-Forwarded-Proto"] == "https"
