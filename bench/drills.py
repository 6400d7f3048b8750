"""
The scale-out drills (issue 15), on one machine with the real engines, loopback only:

- two web nodes (gunicorn, two workers each, on different ports) behind the compose
  Varnish front (docker/varnish/default.vcl) with a round-robin director over both;
- a PostgreSQL primary and a streaming replica (clusters of their own, made with initdb and
  `pg_basebackup -R`); the site's DATABASE_URL names both in libpq's multi-host form with
  target_session_attrs=read-write, and DATABASE_REPLICA_URLS the replica;
- Redis (its own redis-server, no persistence, as in compose), the worker
  (`manage.py db_worker`, restarted when it exits, as compose's `restart: unless-stopped`
  does) and moto's S3 server as the object store for media.

Under a read load through the front (threads, half of them asking for a fresh search page
each time, which only the database can answer) and an editor publishing a story every
half second from a process of its own, each drill breaks one thing:

1. kill one web node (SIGKILL to its process group: the machine is gone);
2. stop the replica (it is started again afterwards);
3. stop the primary, then promote the replica: the site finds the new primary through
   its multi-host address, with no restart of anything;
4. restart Redis;
5. apply an expand migration (bench/drill_migration, through `migrate_locked` with
   bench.drill_settings) while the nodes, which do not know it, keep serving.

Per drill: requests, non-2xx (and how many of those were in flight when the fault hit),
the longest time without a good answer, saves acknowledged and data lost (acknowledged
saves missing from the primary afterwards), and whether the front showed the newest
story afterwards (stale). `make drills`, or `python -m bench.drills --seconds 20`;
tests/ops/test_drills.py runs a short round in CI.
"""

import argparse
import http.client
import itertools
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2

from bench import hosting

ROOT = hosting.ROOT
VENV_BIN = Path(sys.executable).parent
# PostgreSQL's server programs (Debian keeps them off PATH), the newest installed.
PG_BINS = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
PG_BIN = PG_BINS[-1].parent if PG_BINS else None
# The extra clusters' ports, when free (each helper and CI job gets its own range).
PG_PORTS = range(15432, 15440)
READER_THREADS = 4
EDITOR_INTERVAL = 0.5
DRILLS = (
    "kill a web node",
    "stop the replica",
    "promote the replica",
    "restart Redis",
    "migrate while serving",
)


def engines_missing():
    """What this machine lacks to run the drills (empty when it has everything)."""
    missing = []
    if PG_BIN is None:
        missing.append("postgresql")
    if shutil.which("redis-server") is None:
        missing.append("redis-server")
    if not Path(hosting.VARNISHD).exists():
        missing.append("varnish")
    if not (VENV_BIN / "moto_server").exists():
        missing.append("moto[server] (requirements-dev.txt)")
    return missing


def free_port(candidates=()):
    for port in candidates:
        with hosting.socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    return hosting.free_port()


def wait_until(check, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (OSError, psycopg2.Error):
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{what} within {seconds}s")


# --- PostgreSQL ----------------------------------------------------------------------


class Cluster:
    """A PostgreSQL cluster in a directory of its own, run as the postgres user when we
    are root (CI): the server refuses to run as root."""

    def __init__(self, workdir, name, port):
        self.data = workdir / name
        self.port = port
        self.log = workdir / f"{name}.log"
        self.sockets = workdir

    def run(self, program, *args, check=True):
        command = [str(PG_BIN / program), *map(str, args)]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, timeout=120, check=check
        )

    def initdb(self):
        self.run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                 "--locale=C")  # fmt: skip
        with (self.data / "postgresql.conf").open("a") as conf:
            # A scratch cluster: no fsync (nothing here must survive a power cut, and the
            # drills stop servers cleanly); replication as a production primary has it.
            conf.write(
                "listen_addresses = '127.0.0.1'\n"
                "wal_level = replica\nmax_wal_senders = 5\nhot_standby = on\n"
                "fsync = off\nshared_buffers = 32MB\nmax_connections = 60\n"
            )

    def basebackup_from(self, primary):
        # -R writes standby.signal and primary_conninfo: a streaming replica.
        self.run("pg_basebackup", "-h", "127.0.0.1", "-p", primary.port, "-U", "postgres",
                 "-D", self.data, "-R", "-X", "stream", "-c", "fast")  # fmt: skip

    def start(self):
        self.run("pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", "60",
                 "-o", f"-p {self.port} -k {self.sockets}", "start")  # fmt: skip

    def stop(self):
        # "fast": sessions are ended, and a primary ships its last WAL to the standby.
        self.run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop", check=False)

    def promote(self):
        self.run("pg_ctl", "-D", self.data, "-w", "promote")

    def query(self, sql, *params):
        connection = psycopg2.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="newsroom",
            connect_timeout=3,
        )  # fmt: skip
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        finally:
            connection.close()

    def streaming_from(self, primary):
        rows = primary.query("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")
        return rows[0][0] > 0


# --- The rest of the machine ---------------------------------------------------------


class Service:
    """A long-running program in its own process group, which can be killed whole."""

    def __init__(self, command, log_path, env=None, cwd=ROOT):
        self.command, self.log_path, self.env, self.cwd = command, log_path, env, cwd
        self.process = None

    def start(self):
        log = open(self.log_path, "ab")  # noqa: SIM115 - the child keeps it
        self.process = subprocess.Popen(  # noqa: S603
            self.command, cwd=self.cwd, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        log.close()
        return self

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def kill(self, sig=signal.SIGKILL):
        if self.alive():
            os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


class Supervised(Service):
    """Started again whenever it exits, as compose's `restart: unless-stopped` does."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.restarts = 0
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def start(self):
        super().start()
        if not self._thread.is_alive():
            self._thread.start()
        return self

    def _watch(self):
        while not self._stopping.wait(0.5):
            if not self.alive():
                self.restarts += 1
                time.sleep(1)  # compose backs off too
                if not self._stopping.is_set():
                    super().start()

    def kill(self, sig=signal.SIGTERM):
        self._stopping.set()
        super().kill(sig)


def render_vcl(workdir, backend_ports):
    """The compose VCL with a round-robin director over the web nodes instead of the
    balancer service, probing every second (compose: 5 s) to keep the drills short, and
    retrying a read that failed to fetch (a node gone mid-request) on the next node."""
    vcl = hosting.VCL.read_text()
    probe = re.search(r"\.probe = (\{.*?\n    \})", vcl, re.DOTALL).group(1)
    probe = re.sub(r"\.interval = \d+s;", ".interval = 1s;", probe)
    backends = "".join(
        f'backend web{n} {{\n    .host = "127.0.0.1";\n    .port = "{port}";\n'
        "    .probe = health;\n}\n"
        for n, port in enumerate(backend_ports, start=1)
    )
    director = (
        f"probe health {probe}\n{backends}\n"
        "sub vcl_init {\n    new web = directors.round_robin();\n"
        + "".join(f"    web.add_backend(web{n});\n" for n in range(1, len(backend_ports) + 1))
        + "}\n\nsub vcl_recv {\n    set req.backend_hint = web.backend();\n}\n\n"
        "sub vcl_backend_error {\n"
        '    if (bereq.retries < 3 && (bereq.method == "GET" || bereq.method == "HEAD")) {\n'
        "        return (retry);\n    }\n}\n"
    )
    vcl = re.sub(r"backend newsroom \{.*?\n\}\n", lambda _: director, vcl, count=1, flags=re.DOTALL)
    vcl = vcl.replace("import xkey;", "import xkey;\nimport directors;")
    path = workdir / "drills.vcl"
    path.write_text(vcl)
    return path


# --- Load and the editor -------------------------------------------------------------


@dataclass
class Read:
    started: float
    ended: float
    status: int  # 0: no HTTP answer at all


class Readers:
    """Threads reading through the front; every other request is a search nobody asked
    for before, so that it reaches a web node and the database."""

    def __init__(self, front_port, paths, threads=READER_THREADS):
        self.front_port, self.paths, self.threads = front_port, paths, threads
        self.reads = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._counter = itertools.count()
        self._workers = []

    def _read(self, connection, path):
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        response.read()
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
        return response.status

    def _loop(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.front_port, timeout=15)
        while not self._stop.is_set():
            n = next(self._counter)
            path = self.paths[n % len(self.paths)] if n % 2 else f"/search/?q=drill{n}"
            started = time.monotonic()
            try:
                status = self._read(connection, path)
            except (OSError, http.client.HTTPException):
                connection.close()
                status = 0
            except Exception:
                # Anything else would end this thread quietly and shrink the load.
                self._stop.set()
                raise
            with self._lock:
                self.reads.append(Read(started, time.monotonic(), status))
            if status == 0:
                time.sleep(0.05)

    def start(self):
        self._stop.clear()
        self.reads = []
        self._workers = [
            threading.Thread(target=self._loop, daemon=True) for _ in range(self.threads)
        ]
        for worker in self._workers:
            worker.start()

    def stop(self):
        self._stop.set()
        for worker in self._workers:
            worker.join(timeout=30)
        return list(self.reads)


EDITOR = """
import sys, time
import django
django.setup()
from django.db import connections
from django.utils import timezone
from articles.models import Article

for n in range(1, 10**9):
    slug = f"drill-story-{n}"
    try:
        Article.objects.create(
            title=f"Drill story {n}", slug=slug, summary=f"Drill standfirst {n}.",
            body=f"Drill body {n}.", published_at=timezone.now(),
        )
    except Exception as error:
        print("fail", slug, type(error).__name__, str(error).replace("\\n", " "), flush=True)
        connections.close_all()  # a new connection finds the primary again
    else:
        print("ack", slug, flush=True)
    time.sleep(float(sys.argv[1]))
"""


class Editor:
    """Publishes a story every EDITOR_INTERVAL seconds from a process of its own; a save
    is acknowledged when Article.objects.create() returned (its transaction committed)."""

    def __init__(self, env, log_path):
        self.env, self.log_path = env, log_path
        self.acked, self.failed, self.last_failure = [], 0, ""
        self._lock = threading.Lock()

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", EDITOR, str(EDITOR_INTERVAL)], cwd=ROOT, env=self.env,
            stdout=subprocess.PIPE, stderr=open(self.log_path, "ab"), text=True,  # noqa: SIM115
            start_new_session=True,
        )  # fmt: skip
        threading.Thread(target=self._follow, daemon=True).start()

    def _follow(self):
        for line in self.process.stdout:
            verdict, slug, *_ = line.split()
            with self._lock:
                if verdict == "ack":
                    self.acked.append(slug)
                else:
                    self.failed += 1
                    self.last_failure = line.strip()

    def counts(self):
        with self._lock:
            return list(self.acked), self.failed

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


# --- The machine ---------------------------------------------------------------------


@dataclass
class Outcome:
    drill: str
    requests: int
    non_2xx: int
    in_flight_non_2xx: int
    longest_gap: float
    saves: int
    failed_saves: int
    lost: int
    stale: bool
    note: str = ""
    statuses: dict = field(default_factory=dict)

    @property
    def non_2xx_beyond_in_flight(self):
        return self.non_2xx - self.in_flight_non_2xx


class Newsroom:
    """Everything the drills need, started in `workdir`; stopped by the ExitStack."""

    def __init__(self, stack, workdir, log=print):
        self.stack, self.workdir, self.log = stack, workdir, log
        pg_ports = iter(PG_PORTS)
        self.primary = Cluster(workdir, "primary", free_port(pg_ports))
        self.replica = Cluster(workdir, "replica", free_port(pg_ports))
        self.redis_port, self.s3_port, self.front_port = (hosting.free_port() for _ in range(3))
        self.web_ports = [hosting.free_port(), hosting.free_port()]
        hosts = f"127.0.0.1:{self.primary.port},127.0.0.1:{self.replica.port}"
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "GUNICORN_", "NEWSROOM_", "PG", "REDIS_", "AWS_"))
            and key not in {"DATABASE_URL", "DATABASE_REPLICA_URLS", "TIME_ZONE"}
        }
        self.env.update(
            PATH=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            DJANGO_SETTINGS_MODULE="newsroom.settings",
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            DJANGO_STATIC_ROOT=str(workdir / "static"),
            DJANGO_MEDIA_ROOT=str(workdir / "media-unused"),
            DJANGO_DB_CONNECT_TIMEOUT="2",
            # libpq tries both and keeps the one that takes writes: the primary, and after
            # a promotion the former replica.
            DATABASE_URL=f"postgres://postgres@{hosts}/newsroom?target_session_attrs=read-write",
            DATABASE_REPLICA_URLS=f"postgres://postgres@127.0.0.1:{self.replica.port}/newsroom",
            REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/0",
            NEWSROOM_TASKS_BACKEND="database",
            NEWSROOM_EDGE_KEYS_HEADER="xkey",
            NEWSROOM_EDGE_PURGE="varnish",
            NEWSROOM_EDGE_PURGE_URL=f"http://127.0.0.1:{self.front_port}/",
            NEWSROOM_S3_BUCKET="newsroom-drills",
            NEWSROOM_S3_ENDPOINT_URL=f"http://127.0.0.1:{self.s3_port}",
            NEWSROOM_S3_ADDRESSING_STYLE="path",
            NEWSROOM_S3_URL_PROTOCOL="http:",
            AWS_ACCESS_KEY_ID="drills",
            AWS_SECRET_ACCESS_KEY="drills",  # noqa: S106 - moto accepts anything
            AWS_DEFAULT_REGION="us-east-1",
        )

    def service(self, name, command, supervised=False, env=None):
        kind = Supervised if supervised else Service
        service = kind(command, self.workdir / f"{name}.log", env=env or self.env).start()
        self.stack.callback(service.kill)
        return service

    def manage(self, *args, env=None, timeout=600):
        return subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env or self.env,
            capture_output=True, text=True, timeout=timeout, check=True,
        ).stdout  # fmt: skip

    def start(self):
        started = time.monotonic()
        self.log("drills: PostgreSQL primary and streaming replica")
        self.primary.initdb()
        self.primary.start()
        self.stack.callback(self.primary.stop)
        subprocess.run(  # noqa: S603
            [PG_BIN / "createdb", "-h", "127.0.0.1", "-p", str(self.primary.port), "-U",
             "postgres", "newsroom"], check=True, timeout=60,
        )  # fmt: skip
        self.replica.basebackup_from(self.primary)
        self.replica.start()
        self.stack.callback(self.replica.stop)
        wait_until(lambda: self.replica.streaming_from(self.primary), 30, "replica streaming")

        self.log("drills: Redis, the object store, migrations and content")
        self.redis = self.service("redis", self.redis_command())
        self.service(
            "s3", [str(VENV_BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(self.s3_port)]
        )
        wait_until(lambda: self.redis_ping(), 20, "Redis answering")
        import boto3

        s3 = boto3.client("s3", endpoint_url=self.env["NEWSROOM_S3_ENDPOINT_URL"],
                          region_name="us-east-1", aws_access_key_id="drills",
                          aws_secret_access_key="drills")  # noqa: S106  # fmt: skip
        wait_until(lambda: hosting.socket.create_connection(("127.0.0.1", self.s3_port), 1), 30,
                   "moto answering")  # fmt: skip
        s3.create_bucket(Bucket=self.env["NEWSROOM_S3_BUCKET"])
        # The front before the content: the purges that loading it asks for reach it.
        self.stack.enter_context(
            hosting.varnish(render_vcl(self.workdir, self.web_ports), self.front_port)
        )
        self.manage("migrate_locked", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        # The demo's pictures go to the object store; their renditions are the worker's.
        self.manage("load_demo_content")
        self.s3 = s3
        self.worker = self.service("worker", [sys.executable, "manage.py", "db_worker"],
                                   supervised=True)  # fmt: skip

        self.log("drills: two web nodes behind the Varnish front")
        self.nodes = [self.start_node(port, wait=False) for port in self.web_ports]
        for port in self.web_ports:
            hosting.wait_for(f"http://127.0.0.1:{port}/readyz", timeout=90)
        # The demo's renditions done: the worker runs one task at a time, and the purges
        # of the drills' edits would wait behind them (the front stale meanwhile).
        wait_until(lambda: self.tasks_waiting() == 0, 240, "the worker's queue drained")
        wait_until(lambda: self.front_status("/healthz") == 200, 30, "the front serving")
        self.paths = self.reader_paths()
        self.editor = Editor(self.env, self.workdir / "editor.log")
        self.editor.start()
        self.stack.callback(self.editor.stop)
        try:
            wait_until(lambda: self.editor.counts()[0], 60, "the editor's first save")
        except TimeoutError:
            raise TimeoutError(f"the editor saved nothing: {self.editor.last_failure}") from None
        self.log(f"drills: up in {time.monotonic() - started:.0f}s")

    def tasks_waiting(self):
        (table,) = self.primary.query(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_name LIKE '%%dbtaskresult'"
        )[0]
        return self.primary.query(
            f"SELECT count(*) FROM {table} WHERE status IN ('READY', 'RUNNING')"  # noqa: S608
        )[0][0]

    def redis_command(self):
        return ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", str(self.workdir)]  # fmt: skip

    def redis_ping(self):
        import redis

        return redis.Redis(port=self.redis_port, socket_connect_timeout=1).ping()

    def start_node(self, port, wait=True):
        command = [sys.executable, "-m", "gunicorn", "newsroom.wsgi:application",
                   "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "30",
                   "--keep-alive", "5", "--graceful-timeout", "5"]  # fmt: skip
        node = self.service(f"web-{port}", command)
        if wait:
            hosting.wait_for(f"http://127.0.0.1:{port}/readyz", timeout=90)
        return node

    def front_status(self, path):
        connection = http.client.HTTPConnection("127.0.0.1", self.front_port, timeout=10)
        try:
            connection.request("GET", path, headers={"Host": "127.0.0.1"})
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()

    def front_body(self, path):
        connection = http.client.HTTPConnection("127.0.0.1", self.front_port, timeout=10)
        try:
            connection.request("GET", path, headers={"Host": "127.0.0.1"})
            return connection.getresponse().read().decode(errors="replace")
        finally:
            connection.close()

    def reader_paths(self):
        rows = self.primary.query(
            "SELECT slug FROM articles_article WHERE published_at IS NOT NULL ORDER BY id"
        )
        sections = self.primary.query("SELECT slug FROM articles_section ORDER BY id")
        paths = ["/", *(f"/sections/{s}/" for (s,) in sections),
                 *(f"/articles/{s}/" for (s,) in rows)]  # fmt: skip
        # Addresses as a browser sends them; only pages readers can see (not the
        # scheduled or withdrawn ones), each fetched once so that the drills start warm.
        paths = [urllib.parse.quote(path) for path in paths]
        return [path for path in paths if self.front_status(path) == 200]

    def current_primary(self):
        for cluster in (self.primary, self.replica):
            try:
                if not cluster.query("SELECT pg_is_in_recovery()")[0][0]:
                    return cluster
            except psycopg2.Error:
                continue
        raise RuntimeError("no primary is up")

    def missing(self, slugs):
        if not slugs:
            return []
        found = {
            slug
            for (slug,) in self.current_primary().query(
                "SELECT slug FROM articles_article WHERE slug = ANY(%s)", list(slugs)
            )
        }
        return [slug for slug in slugs if slug not in found]

    def shows_newest_story(self, seconds=15):
        """The front's home page shows the newest story acknowledged by now (or a later
        one) within `seconds`: edits purge the front through the worker, nothing stale
        is kept."""
        acked, _ = self.editor.counts()
        newest = int(acked[-1].rsplit("-", 1)[1])
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                shown = re.findall(r"Drill story (\d+)<", self.front_body("/"))
            except OSError:
                shown = []
            if shown and max(map(int, shown)) >= newest:
                return True
            time.sleep(0.3)
        return False


# --- The drills ----------------------------------------------------------------------


def longest_gap(reads, started, ended):
    """The longest time in [started, ended] without a good answer finishing."""
    moments = sorted(r.ended for r in reads if 200 <= r.status < 300)
    points = [started, *(m for m in moments if started <= m <= ended), ended]
    return max(b - a for a, b in itertools.pairwise(points))


def drill(newsroom, name, seconds, fault, at=0.3, after=None):
    """Reads and saves for `seconds`, `fault()` at `at` of the way; returns the figures."""
    readers = Readers(newsroom.front_port, newsroom.paths)
    acked_before, failed_before = newsroom.editor.counts()
    started = time.monotonic()
    readers.start()
    time.sleep(seconds * at)
    fault_at = time.monotonic()
    note = fault() or ""
    fault_done = time.monotonic()
    time.sleep(max(0.0, started + seconds - time.monotonic()))
    reads = readers.stop()
    ended = time.monotonic()
    acked, failed = newsroom.editor.counts()
    if after:
        note = " ".join(filter(None, [note, after() or ""]))
    stale = not newsroom.shows_newest_story()
    bad = [r for r in reads if not 200 <= r.status < 300]
    # In flight: started before the fault began and still running when it was over.
    in_flight = [r for r in bad if r.started <= fault_done and r.ended >= fault_at]
    statuses = {}
    for r in bad:
        statuses[r.status] = statuses.get(r.status, 0) + 1
    return Outcome(
        drill=name,
        requests=len(reads),
        non_2xx=len(bad),
        in_flight_non_2xx=len(in_flight),
        longest_gap=longest_gap(reads, started, ended),
        saves=len(acked) - len(acked_before),
        failed_saves=failed - failed_before,
        lost=len(newsroom.missing(acked)),
        stale=stale,
        note=note,
        statuses=statuses,
    )


def run_drills(newsroom, seconds, log=print):
    outcomes = []

    def kill_node():
        newsroom.nodes[0].kill()
        return f"node :{newsroom.web_ports[0]} killed, back after the drill"

    def bring_node_back():
        newsroom.nodes[0] = newsroom.start_node(newsroom.web_ports[0])
        time.sleep(2.5)  # two probes: the front sends it readers again

    outcomes.append(drill(newsroom, DRILLS[0], seconds, kill_node, after=bring_node_back))
    log(format_row(outcomes[-1]))

    def bring_replica_back():
        newsroom.replica.start()
        wait_until(lambda: newsroom.replica.streaming_from(newsroom.primary), 60, "replica back")
        return "replica restarted and streaming again"

    outcomes.append(
        drill(newsroom, DRILLS[1], seconds, newsroom.replica.stop, after=bring_replica_back)
    )
    log(format_row(outcomes[-1]))

    def fail_over():
        began = time.monotonic()
        newsroom.primary.stop()
        stopped = time.monotonic()
        newsroom.replica.promote()
        return (
            f"primary stopped in {stopped - began:.1f}s, "
            f"replica promoted {time.monotonic() - stopped:.1f}s later"
        )

    def recovered():
        # The site found the new primary by itself: a save through it, and a page.
        wait_until(lambda: newsroom.front_status("/readyz") == 200, 30, "ready again")
        return "recovered without a restart"

    outcomes.append(drill(newsroom, DRILLS[2], seconds, fail_over, at=0.25, after=recovered))
    log(format_row(outcomes[-1]))

    def restart_redis():
        newsroom.redis.kill(signal.SIGTERM)
        newsroom.redis = newsroom.service("redis-2", newsroom.redis_command())
        wait_until(newsroom.redis_ping, 20, "Redis back")

    outcomes.append(drill(newsroom, DRILLS[3], seconds, restart_redis))
    log(format_row(outcomes[-1]))

    def migrate():
        began = time.monotonic()
        newsroom.manage(
            "migrate_locked",
            "-v0",
            env={**newsroom.env, "DJANGO_SETTINGS_MODULE": "bench.drill_settings"},
        )
        return f"migration applied in {time.monotonic() - began:.1f}s"

    def column_is_there():
        rows = newsroom.current_primary().query(
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_name = 'articles_article' AND column_name = 'drill_note'"
        )
        assert rows[0][0] == 1, "the expand migration's column is missing"
        return "new column and index present"

    outcomes.append(drill(newsroom, DRILLS[4], seconds, migrate, at=0.25, after=column_is_there))
    log(format_row(outcomes[-1]))
    return outcomes


HEADER = (
    f"{'drill':<22} {'requests':>8} {'non-2xx':>7} {'in flight':>9} {'longest gap':>11} "
    f"{'saves':>5} {'lost':>4} {'stale':>5}  note"
)


def format_row(o):
    return (
        f"{o.drill:<22} {o.requests:>8} {o.non_2xx:>7} {o.in_flight_non_2xx:>9} "
        f"{o.longest_gap:>10.2f}s {o.saves:>5} {o.lost:>4} {'yes' if o.stale else 'no':>5}  "
        f"{o.note}" + (f" (statuses {o.statuses})" if o.statuses else "")
    )


def table(outcomes, newsroom=None):
    lines = [HEADER, *map(format_row, outcomes)]
    if newsroom is not None:
        lines.append(
            f"worker restarts: {newsroom.worker.restarts}; "
            f"failed saves (refused, not acknowledged): {sum(o.failed_saves for o in outcomes)}"
        )
    return "\n".join(lines)


@contextmanager
def machine(log=print):
    """The whole topology in a scratch directory the postgres user can use."""
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-drills-"))
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres", "postgres")
    os.chmod(workdir, 0o777)  # noqa: S103 - scratch: the servers' files and ours side by side
    try:
        with ExitStack() as stack:
            newsroom = Newsroom(stack, workdir, log=log)
            newsroom.start()
            yield newsroom
    except BaseException:
        log(f"drills: failed; the servers' logs are kept in {workdir}")
        raise
    shutil.rmtree(workdir, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20, help="length of each drill")
    args = parser.parse_args()
    # A stop from outside (a CI timeout, kill) still stops every server started here.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    missing = engines_missing()
    if missing:
        sys.exit(f"drills: missing {', '.join(missing)}")
    with machine() as newsroom:
        outcomes = run_drills(newsroom, args.seconds)
        print()
        print(table(outcomes, newsroom))
        print(f"load: {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f}")


if __name__ == "__main__":
    main()
