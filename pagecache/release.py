"""
Which release of the code this process runs: part of every stored page's key, of every
remembered value's key and of every ETag, so that after an upgrade nothing drawn by the old
templates or shaped by the old code is reused, and no browser or CDN is told "not
modified" about a page the new code draws differently.

The build names it (NEWSROOM_RELEASE: the image sets the git commit). Without one, a
fingerprint stands in: the installed apps of this project and its other packages in use
(settings, URLs), the templates, the pinned requirements and the static manifest. It is
worked out on first use, not at import: `manage.py` commands that never serve a page
never pay for it.

Settings the pages show (NEWSROOM_PAGE_SETTINGS: names, the brand's fonts, colour and
logos...) are part of it too: the same code started with another brand is another release.
"""

import hashlib
import json
import sys
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings

FINGERPRINTED_SUFFIXES = {".py", ".html", ".txt", ".xml", ".json", ".css", ".js"}


@cache
def current_release():
    code = settings.NEWSROOM_RELEASE or fingerprint()
    shown = getattr(settings, "NEWSROOM_PAGE_SETTINGS", ())
    if not shown:
        return code
    values = json.dumps([getattr(settings, name, None) for name in shown], default=str)
    return f"{code}.{hashlib.sha256(values.encode()).hexdigest()[:8]}"


def fingerprint():
    base = Path(settings.BASE_DIR).resolve()
    digest = hashlib.sha256()
    for path in sorted(_fingerprinted_files(base)):
        # Named relative to the project, so every checkout of one commit agrees.
        name = path.relative_to(base) if path.is_relative_to(base) else path
        digest.update(str(name).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _fingerprinted_files(base):
    folders = {Path(app.path).resolve() for app in apps.get_app_configs()}
    folders.update(_project_packages(base))
    # Template folders are the site's own, inside the project or not (a newsroom's overrides).
    own = {
        Path(folder).resolve() for engine in settings.TEMPLATES for folder in engine.get("DIRS", ())
    }
    files = set()
    for folder in folders | own:
        # Third-party apps are pinned in the requirements, fingerprinted below.
        if folder.is_relative_to(base) or folder in own:
            files.update(
                path
                for path in folder.rglob("*")
                if path.suffix in FINGERPRINTED_SUFFIXES and path.is_file()
            )
    # Hashed static names appear in every page: a changed stylesheet is a new release.
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    for path in (base / "requirements.txt", manifest):
        if path.is_file():
            files.add(path.resolve())
    return files


def _project_packages(base):
    """The project's own packages this process has imported (settings, URLs, WSGI...)."""
    for module in list(sys.modules.values()):
        source = getattr(module, "__file__", None)
        if not source or "site-packages" in source:
            continue
        path = Path(source).resolve()
        if path.is_relative_to(base) and len(path.relative_to(base).parts) > 1:
            yield base / path.relative_to(base).parts[0]
