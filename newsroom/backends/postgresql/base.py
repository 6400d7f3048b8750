"""
PostgreSQL, with CONN_HEALTH_CHECKS at most once a second per connection.

Django checks a reused connection before each request's first query: a round trip that
cost a quarter of a 304's time under load. The check exists for connections that sat idle
while PostgreSQL restarted; one that answered within the last second is trusted, and if
it fails anyway, Django closes it after that request (its errors_occurred check), so the
site still recovers by itself.
"""

import time

from django.db.backends.postgresql import base

TRUSTED_FOR_SECONDS = 1.0


class DatabaseWrapper(base.DatabaseWrapper):
    _known_good_at = float("-inf")

    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and time.monotonic() - self._known_good_at < TRUSTED_FOR_SECONDS
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
        if self.connection is not None:
            self._known_good_at = time.monotonic()
