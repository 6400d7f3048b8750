"""Run gunicorn and nginx on this host the way docker-compose runs them (bench and tests)."""

import os
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NGINX_TEMPLATE = ROOT / "docker" / "nginx" / "newsroom.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, timeout=30, expect=200):
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == expect:
                    return
        except urllib.error.HTTPError as error:
            if error.code == expect:
                return
            last_error = error
        except OSError as error:
            last_error = error
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer {expect} within {timeout}s: {last_error}")


def _stop(process, timeout=10):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def gunicorn(
    env, port, workers=2, wsgi="newsroom.wsgi:application", log_path=None, *,
    python=sys.executable, cwd=ROOT, ready_path="/",
):  # fmt: skip
    """gunicorn serving `wsgi` from `cwd` with `python` (another tree's code, or another
    venv's baseline project), once `ready_path` answers 200."""
    log = open(log_path, "wb") if log_path else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(  # noqa: S603
        [
            str(python),
            "-m",
            "gunicorn",
            wsgi,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--timeout",
            "60",
            "--keep-alive",
            "5",
        ],
        cwd=cwd,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}{ready_path}", timeout=60)
        yield process
    finally:
        _stop(process)
        if log_path:
            log.close()


def worker_pids(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def peak_rss_mb(pid):
    """Peak resident memory (VmHWM) of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def render_nginx_config(
    workdir, listen_port, upstream, static_root, media_root, seconds=5, admin_path="admin/"
):
    """The compose front server's config, filled in for this host, wrapped in a main config.

    `admin_path` is DJANGO_ADMIN_URL as written, as compose passes it on.
    """
    workdir = Path(workdir)
    cache_dir = workdir / "cache"
    cache_dir.mkdir(parents=True, exist_ok=True)
    site = string.Template(NGINX_TEMPLATE.read_text()).safe_substitute(
        NGINX_CACHE_DIR=cache_dir,
        NEWSROOM_UPSTREAM=upstream,
        NGINX_LISTEN=f"127.0.0.1:{listen_port}",
        NEWSROOM_STATIC_ROOT=static_root,
        NEWSROOM_MEDIA_ROOT=media_root,
        NGINX_MICROCACHE_SECONDS=seconds,
        NEWSROOM_ADMIN_PATH=admin_path,
    )
    (workdir / "site.conf").write_text(site)
    user = "user root;" if os.geteuid() == 0 else ""
    main = f"""
{user}
daemon off;
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    client_body_temp_path {workdir}/client_body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
    include {workdir}/site.conf;
}}
"""
    (workdir / "nginx.conf").write_text(main)
    return workdir / "nginx.conf"


@contextmanager
def nginx(config_path, port):
    process = subprocess.Popen(  # noqa: S603
        [NGINX, "-c", str(config_path), "-p", str(Path(config_path).parent)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"nginx exited: {process.stderr.read().decode()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.1)
        yield process
    finally:
        _stop(process)


VARNISHD = "/usr/sbin/varnishd"
VCL = ROOT / "docker" / "varnish" / "default.vcl"


def render_vcl(workdir, backend_port, purgers=None):
    """Compose's VCL with the backend on this host (and, for tests, another purge ACL)."""
    vcl = VCL.read_text()
    vcl = vcl.replace('.host = "balancer";', '.host = "127.0.0.1";').replace(
        '.port = "8000";', f'.port = "{backend_port}";'
    )
    if purgers is not None:
        start = vcl.index("acl purgers {")
        end = vcl.index("}", start) + 1
        vcl = (
            vcl[:start]
            + "acl purgers {\n"
            + "".join(f'    "{ip}";\n' for ip in purgers)
            + "}"
            + vcl[end:]
        )
    path = Path(workdir) / "default.vcl"
    path.write_text(vcl)
    return path


@contextmanager
def varnish(vcl_path, port, memory="256m"):
    workdir = Path(vcl_path).parent / "varnish-state"
    workdir.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(  # noqa: S603
        [
            VARNISHD, "-F", "-j", "none", "-n", str(workdir), "-f", str(vcl_path),
            "-a", f"127.0.0.1:{port}", "-s", f"malloc,{memory}", "-T", "none",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"varnishd exited: {process.stderr.read().decode()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.1)
        yield process
    finally:
        _stop(process)
