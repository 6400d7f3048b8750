"""
`make lighthouse`: Lighthouse (npm) with Debian's Chromium on the home page (a front the
desk runs: a placed lead, section blocks, a breaking banner), an article with a lead image
and an inline picture, a section front and search results, served as production serves
them (gunicorn behind the compose front server's nginx config, demo content, renditions
made). Mobile (Lighthouse's default: a mid-range phone on a slow 4G line) for all four,
desktop for the article too; fails under performance 95 or 100 for accessibility, best
practices and SEO.
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
PAGES = {
    "home": ("/", ("mobile",)),
    "article": (ARTICLE, ("mobile", "desktop")),
    "section": ("/sections/city/", ("mobile",)),
    "search": ("/search/?q=harbour", ("mobile",)),
}
# Search results say noindex on purpose (a crawler should index the articles, not endless
# result pages), which Lighthouse's SEO score counts against them: reported, not required.
NOT_REQUIRED = {"search": {"seo"}}
WANTED = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
# The desk's front on top of the demo content: the harbour story leads with its own
# headline, two section blocks, a banner, and the city section's front curated.
FRONT = """
from datetime import timedelta
from django.utils import timezone
from articles.models import Article, BreakingNews, FrontPlacement, FrontSection, Section
harbour = Article.objects.get(slug="harbour-reopens")
FrontPlacement.objects.create(article=harbour, slot=1, headline="The harbour is open again")
FrontPlacement.objects.create(article=harbour, slot=1, section=harbour.section)
for position, slug in enumerate(("transport", "culture")):
    FrontSection.objects.create(section=Section.objects.get(slug=slug), position=position)
BreakingNews.objects.create(
    text="Bridge closed after a crash", link="https://news.example.org/live",
    expires_at=timezone.now() + timedelta(hours=6),
)
"""


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
    for command in (
        ["migrate"],
        ["collectstatic", "--noinput"],
        ["load_demo_content"],
        ["shell", "-c", FRONT],
    ):
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *command, "-v0"], cwd=ROOT, env=env, check=True
        )
    app_port, front_port = hosting.free_port(), hosting.free_port()
    config = hosting.render_nginx_config(
        workdir / "nginx", front_port, f"127.0.0.1:{app_port}", static_root, media_root
    )
    failed = []
    with hosting.gunicorn(env, app_port, workers=2), hosting.nginx(config, front_port):
        for name, (path, form_factors) in PAGES.items():
            failed += audit(name, f"http://127.0.0.1:{front_port}{path}", form_factors, workdir)
    if failed:
        sys.exit("Lighthouse below target: " + "; ".join(failed))


def audit(page, url, form_factors, workdir):
    """Lighthouse on one page; what fell short of WANTED, with the audits that did."""
    failed = []
    for form_factor in form_factors:
        report = workdir / f"{page}-{form_factor}.json"
        subprocess.run(  # noqa: S603
            [
                str(LIGHTHOUSE), url,
                f"--only-categories={','.join(WANTED)}",
                f"--chrome-path={CHROMIUM}",
                "--chrome-flags=--headless --no-sandbox --disable-gpu",
                "--output=json", f"--output-path={report}", "--quiet",
                *(["--preset=desktop"] if form_factor == "desktop" else []),
            ],
            check=True, env={**os.environ, "CHROME_PATH": CHROMIUM},
        )  # fmt: skip
        result = json.loads(report.read_text())
        scores = {name: result["categories"][name]["score"] for name in WANTED}
        print(
            f"{page} {form_factor}: "
            + ", ".join(f"{name} {round(score * 100)}" for name, score in scores.items()),
            flush=True,
        )
        short = [
            f"{page} {form_factor} {name} {round(score * 100)} < {round(WANTED[name] * 100)}"
            for name, score in scores.items()
            if score < WANTED[name] and name not in NOT_REQUIRED.get(page, ())
        ]
        if short:
            audits = result["audits"]
            below = [k for k, found in audits.items() if found.get("score") not in (None, 1)]
            print("  audits below 1: " + ", ".join(below), flush=True)
        failed += short
    return failed


if __name__ == "__main__":
    main()
