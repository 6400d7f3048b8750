"""
`make lighthouse`: Lighthouse (npm) with Debian's Chromium on an article with a lead image
and an inline picture, served as production serves it (gunicorn behind the compose front
server's nginx config, demo content, renditions made). Mobile (Lighthouse's default:
a mid-range phone on a slow 4G line) and desktop; fails under performance 95 or
accessibility 100.
"""

import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import hosting

ROOT = hosting.ROOT
LIGHTHOUSE = Path(
    os.environ.get(
        "LIGHTHOUSE", ROOT / ".venv" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
    )
)
CHROMIUM = os.environ.get("NEWSROOM_CHROMIUM", "/usr/bin/chromium")
ARTICLE = "/articles/harbour-reopens/"  # the demo story with a lead and an inline picture
WANTED = {"performance": 0.95, "accessibility": 1.0}


def main():
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-lighthouse-"))
    static_root, media_root = workdir / "static", workdir / "media"
    media_root.mkdir()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{workdir / 'site.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_MEDIA_ROOT": str(media_root),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    for command in (["migrate"], ["collectstatic", "--noinput"], ["load_demo_content"]):
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *command, "-v0"], cwd=ROOT, env=env, check=True
        )
    app_port, front_port = hosting.free_port(), hosting.free_port()
    config = hosting.render_nginx_config(
        workdir / "nginx", front_port, f"127.0.0.1:{app_port}", static_root, media_root
    )
    failed = []
    with hosting.gunicorn(env, app_port, workers=2), hosting.nginx(config, front_port):
        url = f"http://127.0.0.1:{front_port}{ARTICLE}"
        for form_factor in ("mobile", "desktop"):
            report = workdir / f"{form_factor}.json"
            subprocess.run(  # noqa: S603
                [
                    str(LIGHTHOUSE), url,
                    "--only-categories=performance,accessibility",
                    f"--chrome-path={CHROMIUM}",
                    "--chrome-flags=--headless --no-sandbox --disable-gpu",
                    "--output=json", f"--output-path={report}", "--quiet",
                    *(["--preset=desktop"] if form_factor == "desktop" else []),
                ],
                check=True, env={**os.environ, "CHROME_PATH": CHROMIUM},
            )  # fmt: skip
            categories = json.loads(report.read_text())["categories"]
            scores = {name: categories[name]["score"] for name in WANTED}
            print(
                f"{form_factor}: "
                + ", ".join(f"{name} {round(score * 100)}" for name, score in scores.items()),
                flush=True,
            )
            failed += [
                f"{form_factor} {name} {round(score * 100)} < {round(WANTED[name] * 100)}"
                for name, score in scores.items()
                if score < WANTED[name]
            ]
    if failed:
        sys.exit("Lighthouse below target: " + "; ".join(failed))


if __name__ == "__main__":
    main()
