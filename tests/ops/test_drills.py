"""The scale-out drills (bench/drills.py), short: two gunicorn nodes behind the Varnish
front, a PostgreSQL primary with a `pg_basebackup -R` streaming replica, Redis, the worker
and moto's S3, all on loopback, under a read load with an editor publishing. The figures
are printed (`pytest -s`, or in the failure report); `make drills` runs longer drills.

It brings up its own PostgreSQL clusters, so it runs once, in the PostgreSQL pass of the
suite, not again on SQLite."""

import os

import pytest

from bench import drills

from .sites import needs_postgresql

# Each drill's length: long enough for the load to span the fault and the recovery.
SECONDS = 8

pytestmark = [
    needs_postgresql,
    pytest.mark.skipif(
        bool(drills.engines_missing()) and not os.environ.get("CI"),
        reason=f"missing {', '.join(drills.engines_missing())} (.ci/run installs them)",
    ),
]


@pytest.fixture(scope="module")
def outcomes():
    if os.environ.get("CI") and drills.engines_missing():
        pytest.fail(f"CI must run the drills: missing {', '.join(drills.engines_missing())}")
    with drills.machine() as newsroom:
        results = {o.drill: o for o in drills.run_drills(newsroom, SECONDS)}
        print("\n" + drills.table(results.values(), newsroom))
        yield results


def figures(outcomes):
    return drills.table(outcomes.values())


def test_no_acknowledged_save_is_ever_lost_and_the_front_is_never_left_stale(outcomes):
    for outcome in outcomes.values():
        assert outcome.saves > 0, figures(outcomes)
        assert outcome.lost == 0, figures(outcomes)
        assert not outcome.stale, figures(outcomes)


def test_losing_a_web_node_costs_readers_nothing_beyond_what_was_in_flight(outcomes):
    outcome = outcomes["kill a web node"]
    assert outcome.requests > 0
    assert outcome.non_2xx_beyond_in_flight == 0, figures(outcomes)


def test_losing_the_replica_sends_reads_to_the_primary_without_an_error(outcomes):
    assert outcomes["stop the replica"].non_2xx == 0, figures(outcomes)


def test_a_promoted_replica_is_found_without_restarting_anything(outcomes):
    outcome = outcomes["promote the replica"]
    # Between the primary's stop and the promotion nothing takes writes; after it,
    # everything is answered again (only what was in flight during the switch failed).
    assert outcome.non_2xx_beyond_in_flight == 0, figures(outcomes)
    assert "recovered without a restart" in outcome.note


def test_restarting_redis_keeps_pages_coming(outcomes):
    assert outcomes["restart Redis"].non_2xx == 0, figures(outcomes)


def test_an_expand_migration_applies_while_the_old_code_serves(outcomes):
    outcome = outcomes["migrate while serving"]
    assert outcome.non_2xx == 0, figures(outcomes)
    assert "new column and index present" in outcome.note
