"""Invalidation and remembered values (pagecache/generation.py)."""

import pytest

from tests.factories import utc

pytestmark = pytest.mark.django_db

NOON = utc(2030, 1, 1, 12)


# Real commits: pages go stale when a write commits, not before.
@pytest.mark.django_db(transaction=True)
def test_remembered_keeps_values_until_content_changes_but_never_none():
    from pagecache.generation import invalidate_all_pages, remembered

    calls = []

    def compute(value):
        def inner():
            calls.append(value)
            return value

        return inner

    assert remembered("answer", compute(42)) == 42
    assert remembered("answer", compute(43)) == 42
    invalidate_all_pages()
    assert remembered("answer", compute(44)) == 44
    # A miss (a made-up address, say) is asked again every time: not kept.
    assert remembered("nothing", compute(None)) is None
    assert remembered("nothing", compute(None)) is None
    assert calls == [42, 44, None, None]
