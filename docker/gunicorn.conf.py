# Gunicorn settings for the web container, from the environment (see .env.example).
# Reference: https://docs.gunicorn.org/en/stable/settings.html
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers: each one serves one request at a time, so workers = concurrent readers.
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# A worker stuck longer than this is killed and replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = timeout

# No control socket: it would live in $HOME, which the image keeps read-only. Workers are
# scaled with GUNICORN_WORKERS and a restart (or the TTIN/TTOU signals).
control_socket_disable = True

# The heartbeat file lives in memory: a container's overlay filesystem can stall it.
# (Gunicorn's documented advice for Docker; only gunicorn writes there.)
if os.path.isdir("/dev/shm"):  # noqa: S108
    worker_tmp_dir = "/dev/shm"  # noqa: S108

# Request and error lines on stdout as JSON, like Django's own (newsroom/logs.py).
# A logconfig_dict also switches the access log on.
logconfig_dict = {
    "formatters": {"json": {"()": "newsroom.logs.JSONFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        },
    },
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
    },
    "root": {"level": "INFO", "handlers": ["stdout"]},
}
