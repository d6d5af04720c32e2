"""The outbox: notifications committed with their change wait there until the task worker's
drain sends them; one queued drain serves every notification committed before it starts, each
goes out once, and none is left behind when a wake is lost."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from conftest import City
from django.db import DatabaseError
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from shiliu.audit.tasks import seal_trail
from shiliu.notifications.models import Delivery, Notification
from shiliu.notifications.services import outbox_deliver
from shiliu.notifications.tasks import deliver_outbox
from shiliu.service_requests.tests.journeys import submit

PHONE = "13812341234"


def drains_queued() -> int:
    return DBTaskResult.objects.ready().filter(task_path=deliver_outbox.module_path).count()


def work_the_queue() -> list[str]:
    """The worker's turns until nothing is ready (no test sweep first): the tasks it ran."""
    worker = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id="tests", excluded_queue_names=[])
    ran = []
    while (queued := DBTaskResult.objects.ready().first()) is not None:
        queued.claim(worker.worker_id)
        worker.run_task(queued)
        ran.append(queued.task_path.rsplit(".", 1)[1])
    return ran


def sent() -> list[tuple[int, str, str]]:
    return list(Delivery.objects.order_by("notification_id").values_list("notification__request", "channel", "status"))


@pytest.mark.django_db(transaction=True)
def test_requests_committed_before_a_drain_starts_share_it_and_each_goes_out_once(
    published_notices: None, city: City
) -> None:
    # given three residents' requests, each committed on its own (as three web processes would)
    requests = [submit(city.category, contact_phone=PHONE) for _ in range(3)]
    # then one drain is queued for the three, not a task each
    assert drains_queued() == 1
    assert Notification.objects.filter(in_outbox=True).count() == 3
    # and the worker sends each once, with nothing left waiting
    assert work_the_queue() == ["deliver_outbox"]
    assert sent() == [(r.pk, "sms", "sent") for r in requests]
    assert not Notification.objects.filter(in_outbox=True).exists()
    # a drain run again (a task retried, a second worker) sends nothing more
    assert deliver_outbox.call() == 0 and Delivery.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_request_committed_after_the_drain_was_claimed_queues_another(
    published_notices: None, city: City
) -> None:
    first = submit(city.category, contact_phone=PHONE)
    [drain] = DBTaskResult.objects.ready()
    drain.claim("another-worker")  # the worker took it and may have read the outbox already
    second = submit(city.category, contact_phone=PHONE)
    assert drains_queued() == 1  # the claimed one no longer counts: a new one is queued
    drain.refresh_from_db()
    Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
           max_tasks=None, worker_id="tests", excluded_queue_names=[]).run_task(drain)
    assert work_the_queue() == ["deliver_outbox"]
    assert sent() == [(first.pk, "sms", "sent"), (second.pk, "sms", "sent")]


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_queue_at_the_wake_loses_no_request_and_the_next_task_sends_it(
    published_notices: None, city: City
) -> None:
    # given the queue fails just after the request committed (its wake raises)
    with mock.patch.object(type(deliver_outbox), "enqueue", side_effect=RuntimeError("queue down")):
        request = submit(city.category, contact_phone=PHONE)
    # then the resident's request stands, acknowledged, and its message waits in the outbox
    assert Notification.objects.filter(request=request, in_outbox=True).count() == 1
    assert drains_queued() == 0
    # and the next task the worker runs (the audit sealing, every 5 s in `make serve`) sweeps it
    seal_trail.enqueue()
    assert work_the_queue() == ["seal_trail", "deliver_outbox"]
    assert sent() == [(request.pk, "sms", "sent")]


@pytest.mark.django_db
def test_a_drain_takes_the_outbox_in_batches_until_it_is_empty(
    published_notices: None, city: City
) -> None:
    requests = [submit(city.category, contact_phone=PHONE) for _ in range(5)]
    anonymous = submit(city.category)  # no way to reach them: never in the outbox
    assert outbox_deliver(batch=2) == 5
    assert sent() == [(r.pk, "sms", "sent") for r in requests]
    assert not Delivery.objects.filter(notification__request=anonymous).exists()
    assert outbox_deliver(batch=2) == 0


@pytest.mark.django_db
def test_a_request_erased_while_its_message_waited_sends_nothing(city: City, run_tasks: Any) -> None:
    request = submit(city.category, contact_phone=PHONE)
    request.delete()
    assert run_tasks() == 0 and not Delivery.objects.exists()


@pytest.mark.django_db
def test_a_sweep_that_fails_does_not_mark_the_task_before_it_as_failed() -> None:
    seal_trail.enqueue()
    with mock.patch("shiliu.notifications.services.outbox_sweep", side_effect=DatabaseError("gone")):
        assert work_the_queue() == ["seal_trail"]
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["SUCCESSFUL"]


@pytest.mark.django_db(transaction=True)  # the worker's loop closes its connection between turns
def test_messages_have_a_queue_of_their_own_so_long_tasks_do_not_hold_them(
    published_notices: None, city: City
) -> None:
    # given a long task waiting on the default queue and a message in the outbox (its wake queued
    # the drain at the COMMIT)
    seal_trail.enqueue()
    submit(city.category, contact_phone=PHONE)
    # when the notifications' worker (make serve's second db_worker) takes its turn
    sender = Worker(queue_names=["notifications"], interval=0, batch=True, backend_name="default",
                    startup_delay=False, max_tasks=None, worker_id="sender", excluded_queue_names=[])
    sender.run()
    # then the message went out, and the default queue's task is left to the other worker
    assert [status for (_r, _c, status) in sent()] == ["sent"]
    assert DBTaskResult.objects.get(task_path=seal_trail.module_path).status == "READY"
