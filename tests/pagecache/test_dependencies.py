"""Invalidation by name (pagecache/dependencies.py): what a write changed goes stale, and
only that."""

import pytest
from django.db import transaction

from pagecache import dependencies, generation

# Real commits: entries go stale when a write commits, not before.
pytestmark = pytest.mark.django_db(transaction=True)


def counter():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return compute, calls


def test_a_remembered_value_goes_stale_with_its_names_only():
    first, second = counter(), counter()
    assert dependencies.remembered("first", first[0], keys=("article-1",)) == 1
    assert dependencies.remembered("second", second[0], keys=("article-2",)) == 1

    dependencies.invalidate(["article-1"])

    assert dependencies.remembered("first", first[0], keys=("article-1",)) == 2
    assert dependencies.remembered("second", second[0], keys=("article-2",)) == 1


def test_names_can_come_from_the_value():
    compute, calls = counter()

    def remember():
        return dependencies.remembered("v", compute, keys=lambda value: [f"article-{value}"])

    assert remember() == remember() == 1
    dependencies.invalidate(["article-1"])
    assert remember() == 2


def test_invalidation_waits_for_the_commit_and_a_rollback_cancels_it():
    compute, calls = counter()
    dependencies.remembered("v", compute, keys=("tag-x",))
    with transaction.atomic():
        dependencies.invalidate(["tag-x"])
        assert dependencies.remembered("v", compute, keys=("tag-x",)) == 1
    assert dependencies.remembered("v", compute, keys=("tag-x",)) == 2

    with pytest.raises(RuntimeError), transaction.atomic():
        dependencies.invalidate(["tag-x"])
        raise RuntimeError
    assert dependencies.remembered("v", compute, keys=("tag-x",)) == 2


def test_everything_still_goes_with_the_generation():
    compute, calls = counter()
    dependencies.remembered("v", compute, keys=("tag-x",))
    dependencies.invalidate_all_pages()
    assert dependencies.remembered("v", compute, keys=("tag-x",)) == 2


def test_a_lost_stamp_makes_what_depends_on_it_stale():
    compute, calls = counter()
    dependencies.remembered("v", compute, keys=("tag-x",))
    dependencies.invalidate(["tag-x"])
    dependencies.remembered("v", compute, keys=("tag-x",))
    # e.g. evicted from Redis under memory pressure: no stamp is not "never changed".
    generation.state_cache().delete(generation.STAMP_KEY.format(name="tag-x"))
    assert dependencies.remembered("v", compute, keys=("tag-x",)) == 3


def test_a_state_cache_outage_costs_speed_not_answers(monkeypatch):
    compute, calls = counter()

    def broken(*args, **kwargs):
        raise ConnectionError("state cache down")

    state = generation.state_cache()
    monkeypatch.setattr(state, "get_many", broken)
    monkeypatch.setattr(state, "set_many", broken)
    dependencies.invalidate(["tag-x"])  # logged, not raised
    assert dependencies.remembered("v", compute, keys=("tag-x",)) == 1
    assert dependencies.remembered("v", compute, keys=("tag-x",)) == 2
