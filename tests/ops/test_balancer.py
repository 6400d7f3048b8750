"""The compose balancer's nginx config (between Varnish and the web replicas), run with
Debian's nginx in front of a stand-in web node that echoes what it was sent."""

import http.server
import json
import socket
import string
import struct
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


class Named(Echo):
    def do_GET(self):
        body = self.server.server_address[0].encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def dns_server(addresses):
    """A DNS server on loopback answering every A question with `addresses`, as Docker's
    does for a service scaled to several replicas."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))

    def serve():
        while True:
            try:
                query, client = sock.recvfrom(512)
            except OSError:
                return
            question_end = query.index(b"\0", 12) + 5
            answers = b"".join(
                struct.pack(">HHHIH", 0xC00C, 1, 1, 1, 4) + socket.inet_aton(address)
                for address in addresses
            )
            header = query[:2] + struct.pack(">HHHHH", 0x8180, 1, len(addresses), 0, 0)
            sock.sendto(header + query[12:question_end] + answers, client)

    threading.Thread(target=serve, daemon=True).start()
    return sock


def test_balancer_spreads_requests_over_every_replica_and_skips_a_stopped_one(tmp_path):
    port = hosting.free_port()
    replicas = [
        http.server.ThreadingHTTPServer((address, port), Named)
        for address in ("127.0.0.2", "127.0.0.3")
    ]
    for replica in replicas:
        threading.Thread(target=replica.serve_forever, daemon=True).start()
    dns = dns_server([replica.server_address[0] for replica in replicas])
    listen = hosting.free_port()
    config = hosting.render_nginx_config(tmp_path, listen, "127.0.0.1:1", tmp_path, tmp_path)
    (tmp_path / "site.conf").write_text(
        string.Template(TEMPLATE.read_text()).safe_substitute(
            NGINX_LISTEN=f"127.0.0.1:{listen}",
            NEWSROOM_RESOLVER=f"127.0.0.1:{dns.getsockname()[1]}",
            NEWSROOM_WEB_UPSTREAM=f"web.test:{port}",
        )
    )

    def served_by():
        with urllib.request.urlopen(f"http://127.0.0.1:{listen}/", timeout=10) as response:  # noqa: S310
            return response.read().decode()

    try:
        with hosting.nginx(config, listen):
            # nginx starts each request at a random address of the answer: 40 requests
            # miss one of two replicas with odds of 2 in a trillion.
            assert {served_by() for _ in range(40)} == {"127.0.0.2", "127.0.0.3"}
            replicas[0].shutdown()
            replicas[0].server_close()
            # Every request still answered: the refused connection goes to the other one.
            assert [served_by() for _ in range(6)] == ["127.0.0.3"] * 6
    finally:
        dns.close()
        for replica in replicas[1:]:
            replica.shutdown()
