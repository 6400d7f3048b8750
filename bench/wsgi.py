import os

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

from newsroom.wsgi import application  # noqa: E402, F401
