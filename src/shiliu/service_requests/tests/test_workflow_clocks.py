"""The deadline each status runs against: entering a clocked status writes `due_at` (accept, sign
for, resolve) and `resolve_by`; leaving the clocked statuses stops the clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine

from shiliu.service_requests import services, workflow
from shiliu.service_requests.models import ServiceRequest
from shiliu.service_requests.tests.journeys import SHANGHAI, Walk, submit
from shiliu.service_requests.workflow import Status

MON = datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
# Accepted Monday 2 March with 5 working days to resolve: due at 24:00 on Monday 9 March.
RESOLVE_BY = datetime(2026, 3, 10, 0, 0, tzinfo=SHANGHAI)


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


def step(when: datetime, action: Any, request: ServiceRequest) -> ServiceRequest:
    with time_machine.travel(when, tick=False):
        action(request)
    request.refresh_from_db()
    return request


def test_each_stage_runs_against_its_own_deadline(walk: Walk) -> None:
    with time_machine.travel(MON, tick=False):
        request = submit(walk.category)
    # submitted: 24 hours to accept, no resolve deadline yet
    assert (request.due_at, request.resolve_by) == (MON + hours(24), None)

    # accepted an hour later: the resolve clock starts, and is what is due
    request = step(MON + hours(1), walk.accept, request)
    assert (request.due_at, request.resolve_by) == (RESOLVE_BY, RESOLVE_BY)

    # dispatched: 24 hours to sign for it, the resolve deadline unchanged
    request = step(MON + hours(2), walk.dispatch, request)
    assert (request.due_at, request.resolve_by) == (MON + hours(26), RESOLVE_BY)

    # signed for: the resolve deadline is due again
    request = step(MON + hours(3), walk.sign, request)
    assert (request.due_at, request.resolve_by) == (RESOLVE_BY, RESOLVE_BY)

    # resolved: no clock runs; the deadline is kept for the on-time rate
    request = step(MON + hours(4), walk.resolve, request)
    assert (request.due_at, request.resolve_by, request.resolved_at) == (
        None,
        RESOLVE_BY,
        MON + hours(4),
    )


def test_a_return_and_re_dispatch_do_not_restart_the_resolve_clock(walk: Walk) -> None:
    # given a request returned by the department the day after it was accepted
    with time_machine.travel(MON, tick=False):
        request = walk.to(Status.RETURNED)
    assert (request.due_at, request.resolve_by) == (RESOLVE_BY, RESOLVE_BY)

    # when the dispatcher sends it elsewhere two days later and that unit signs for it
    request = step(MON + timedelta(days=2), walk.dispatch, request)
    assert request.due_at == MON + timedelta(days=2, hours=24)
    request = step(MON + timedelta(days=2, hours=1), walk.sign, request)

    # then the resolve deadline is still the first one
    assert (request.due_at, request.resolve_by) == (RESOLVE_BY, RESOLVE_BY)


@pytest.mark.parametrize("status", [Status.NOT_ACCEPTED, Status.MERGED, Status.CLOSED])
def test_a_finished_request_has_no_running_clock_and_a_closing_time(
    walk: Walk, status: str
) -> None:
    with time_machine.travel(MON, tick=False):
        request = walk.to(status)
    request.refresh_from_db()
    assert request.due_at is None
    assert request.closed_at == MON
    assert not request.is_open


def test_entering_a_new_stage_clears_the_previous_stages_marks(walk: Walk) -> None:
    # given an accepted request reminded and then marked overdue by the sweep
    with time_machine.travel(MON, tick=False):
        request = walk.to(Status.ACCEPTED)
    with time_machine.travel(RESOLVE_BY - hours(5), tick=False):
        services.service_request_sweep_deadlines()
    with time_machine.travel(RESOLVE_BY + hours(5), tick=False):
        services.service_request_sweep_deadlines()
    request.refresh_from_db()
    assert request.reminded_at and request.overdue_at

    # when it is dispatched
    request = step(RESOLVE_BY + hours(6), walk.dispatch, request)

    # then the sign-for stage starts clean
    assert (request.reminded_at, request.overdue_at) == (None, None)
    assert request.due_at == RESOLVE_BY + hours(30)


def test_is_overdue_and_is_due_soon_read_the_running_deadline(walk: Walk) -> None:
    with time_machine.travel(MON, tick=False):
        request = walk.to(Status.IN_PROGRESS)
    assert not request.is_due_soon(MON) and not request.is_overdue(MON)
    assert request.is_due_soon(RESOLVE_BY - hours(23)) and not request.is_overdue(
        RESOLVE_BY - hours(23)
    )
    assert request.is_overdue(RESOLVE_BY + hours(1)) and not request.is_due_soon(
        RESOLVE_BY + hours(1)
    )
    workflow.resolve(request, actor=walk.worker, reply="已处理")
    assert not request.is_overdue(RESOLVE_BY + hours(1))
