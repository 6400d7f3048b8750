"""The site's settings plus bench/drill_migration: the next release's schema change that
the drills (bench/drills.py) apply while the current release keeps serving."""

from newsroom.settings import *  # noqa: F403
from newsroom.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench.drill_migration"]
