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


@pytest.mark.django_db(transaction=True)
def test_a_name_asked_twice_in_one_request_costs_one_round_trip(monkeypatch):
    from pagecache import generation
    from pagecache.generation import invalidate, one_generation_per_request, remembered

    reads = []
    real_get_many = generation.cache_get_many

    def counting_get_many(keys, cache=None):
        reads.append(list(keys))
        return real_get_many(keys, cache)

    monkeypatch.setattr(generation, "cache_get_many", counting_get_many)
    calls = []

    def compute():
        calls.append(1)
        return {"text": "Storm warning"}

    with one_generation_per_request():
        first = remembered("banner", compute, keys=("breaking",))
        reads_after_first = len(reads)
        second = remembered("banner", compute, keys=("breaking",))
        assert second is first
        assert len(reads) == reads_after_first  # no cache round trip for the second
        assert generation.request_dependencies()[1] == ("breaking",)
    assert calls == [1]

    # A new request reads the shared cache again: nothing is kept across requests.
    with one_generation_per_request():
        reads.clear()
        assert remembered("banner", compute, keys=("breaking",)) == {"text": "Storm warning"}
        assert reads
        # The request's own write forgets what it was handed: asked again, it is current.
        invalidate(["breaking"])
        reads.clear()
        remembered("banner", compute, keys=("breaking",))
        assert reads
    assert calls == [1, 1]
    # Outside a request nothing is kept in the process either.
    reads.clear()
    remembered("banner", compute, keys=("breaking",))
    assert reads
