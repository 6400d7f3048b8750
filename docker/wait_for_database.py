"""
Entrypoint step: load the settings, then wait until the database accepts connections.

A bad configuration (say, a placeholder secret key) stops the container with one clear
line instead of a traceback; a database that is still starting is waited for.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")


def main():
    from django.core.exceptions import ImproperlyConfigured

    try:
        import django

        django.setup()
    except ImproperlyConfigured as error:
        print(f"newsroom: refusing to start: {error}", file=sys.stderr)
        return 78  # EX_CONFIG: restarting will not help until the configuration changes

    from django.db import OperationalError, connection

    patience = float(os.environ.get("NEWSROOM_DB_WAIT_SECONDS", "60"))
    deadline = time.monotonic() + patience
    while True:
        try:
            connection.ensure_connection()
        except OperationalError as error:
            if time.monotonic() >= deadline:
                print(
                    f"newsroom: database still unreachable after {patience:g}s: {error}",
                    file=sys.stderr,
                )
                return 1
            print("newsroom: waiting for the database...", file=sys.stderr)
            time.sleep(1)
        else:
            connection.close()
            return 0


if __name__ == "__main__":
    sys.exit(main())
