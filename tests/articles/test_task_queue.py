"""The worker container's health check (`manage.py check_task_queue`)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

pytestmark = pytest.mark.django_db


def check(**options):
    out = StringIO()
    call_command("check_task_queue", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def database_tasks(settings):
    settings.NEWSROOM_TASKS_BACKEND = "database"


def queue_task(enqueued_ago, run_after=None):
    task = DBTaskResult.objects.create(
        task_path="articles.tasks.example",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=run_after or get_date_max(),
    )
    # enqueued_at is set on creation (auto_now_add); move it back afterwards.
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - enqueued_ago)


def test_inline_tasks_need_no_worker():
    assert "inline" in check()


def test_an_empty_queue_is_healthy(database_tasks):
    assert "being worked" in check()


def test_a_task_waiting_less_than_the_limit_is_healthy(database_tasks):
    queue_task(enqueued_ago=timedelta(seconds=30))
    assert "being worked" in check(max_wait=300)


def test_a_task_waiting_past_the_limit_makes_the_worker_unhealthy(database_tasks):
    queue_task(enqueued_ago=timedelta(minutes=10))
    with pytest.raises(CommandError, match="is the worker running"):
        check(max_wait=300)


def test_a_task_deferred_until_now_has_not_been_waiting(database_tasks):
    queue_task(enqueued_ago=timedelta(hours=1), run_after=timezone.now())
    assert "being worked" in check(max_wait=300)
