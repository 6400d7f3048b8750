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


@pytest.mark.django_db(transaction=True)
def test_deferred_invalidations_stamp_a_batch_once_at_its_end(monkeypatch):
    from django.db import transaction

    from pagecache import generation

    recorded, written = [], []
    monkeypatch.setattr(
        generation,
        "_invalidation_recorders",
        [lambda names, everything, using: recorded.append((set(names), everything))],
    )
    write_stamps = generation.write_stamps
    monkeypatch.setattr(
        generation, "write_stamps", lambda names: (written.append(set(names)), write_stamps(names))
    )
    names = ["article-1", "article-2", "article-3"]
    before = generation.latest_change(names)

    with generation.deferred_invalidations() as batch:
        for name in names[:2]:
            with transaction.atomic():
                generation.invalidate([name, "all-articles"])
        # Committed, but not stamped yet: pages may still show the state before the batch.
        assert written == recorded == []
        assert generation.latest_change(names) == before
        batch.flush()
        assert written == [{"article-1", "article-2", "all-articles"}]
        with transaction.atomic():
            generation.invalidate(["article-3"])
        invalidated_by_the_first_two = generation.latest_change(names[:2])
        assert invalidated_by_the_first_two > before
        assert generation.latest_change(names[2:]) == before

    # The end of the block stamps the rest: nothing shown by the batch stays current.
    assert written == [{"article-1", "article-2", "all-articles"}, {"article-3"}]
    assert recorded == [({"article-1", "article-2", "all-articles"}, False), ({"article-3"}, False)]
    assert generation.latest_change(names[2:]) > before


@pytest.mark.django_db(transaction=True)
def test_a_deferred_move_of_everything_is_a_new_generation_at_the_end():
    from django.db import transaction

    from pagecache import generation

    first = generation.current_generation()
    with generation.deferred_invalidations():
        with transaction.atomic():
            generation.invalidate_all_pages()
        assert generation.current_generation() == first
    assert generation.current_generation() != first
