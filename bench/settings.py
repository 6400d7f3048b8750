# Production settings plus the benchmark's own URLconf (its baseline view never ships).
from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
