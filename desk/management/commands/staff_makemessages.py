"""
Extract the staff interface's labels into desk/locale/<language>/LC_MESSAGES/django.po
(and djangojs.po for the editor's scripts).

Staff see labels from three places: desk/ itself, the admin templates we override
(templates/admin/, templates/registration/) and the models' verbose names, help texts and
choices (articles/models/, articles/roles.py). makemessages scans only the directory
it runs in, so these are copied into a scratch directory with the current catalog and
extracted together there; the merged catalog comes back to desk/locale/. The reader's
labels live in the project's locale/ and are not touched.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

SOURCES = (
    "desk",
    "templates/admin",
    "templates/registration",
    "articles/models",
    "articles/roles.py",
)
IGNORED = shutil.ignore_patterns("locale", "__pycache__", "importing", "management")
# The templates' and Python's labels; the editor's scripts' (desk/static/desk/*.js).
DOMAINS = ("django", "djangojs")


def catalog_path(language, root=None, domain="django"):
    root = Path(root or settings.BASE_DIR)
    return root / "desk" / "locale" / language / "LC_MESSAGES" / f"{domain}.po"


def extract(languages, into=None):
    """Write the merged catalogs of `languages` under `into` (default: the project);
    return their paths."""
    base = Path(settings.BASE_DIR)
    written = []
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        for source in SOURCES:
            origin, copy = base / source, scratch / source
            copy.parent.mkdir(parents=True, exist_ok=True)
            if origin.is_dir():
                shutil.copytree(origin, copy, ignore=IGNORED)
            else:
                shutil.copy2(origin, copy)
        for language in languages:
            for domain in DOMAINS:
                current = catalog_path(language, domain=domain)
                working = scratch / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
                working.parent.mkdir(parents=True, exist_ok=True)
                if current.exists():
                    shutil.copy2(current, working)
        # Without settings, makemessages writes into ./locale (the scratch directory's).
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        for domain in DOMAINS:
            command = [sys.executable, "-m", "django", "makemessages", "--no-obsolete"]
            command += [f"--domain={domain}", "--add-location=file"]
            command += [f"--locale={language}" for language in languages]
            # Our own interpreter and arguments (language codes from settings or the command
            # line).
            subprocess.run(command, cwd=scratch, env=env, check=True, capture_output=True)  # noqa: S603
        for language in languages:
            for domain in DOMAINS:
                target = catalog_path(language, into, domain=domain)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(scratch / "locale" / language / "LC_MESSAGES" / f"{domain}.po", target)
                written.append(target)
    return written


class Command(BaseCommand):
    help = "Update desk/locale/<language>/LC_MESSAGES/django.po with the staff interface's labels."

    def add_arguments(self, parser):
        parser.add_argument("--locale", "-l", action="append", default=None)

    def handle(self, *args, locale, **options):
        languages = locale or [code for code, _name in settings.NEWSROOM_INTERFACE_LANGUAGES]
        languages = [code for code in languages if code != settings.LANGUAGE_CODE]
        for path in extract(languages):
            self.stdout.write(f"Updated {path.relative_to(settings.BASE_DIR)}")
