"""The deadline sweep: a reminder (催办) once when a deadline is near, a supervision notice (督办)
once when it has passed, nothing for requests that moved on; and the `sla_sweep` command."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command

from shiliu.people.models import User
from shiliu.service_requests import selectors, workflow
from shiliu.service_requests.models import ServiceRequest
from shiliu.service_requests.services import SweepResult, service_request_sweep_deadlines
from shiliu.service_requests.tests.journeys import NOW, SHANGHAI, Walk
from shiliu.service_requests.workflow import Status

# Accepted on Wednesday 4 March 2026 at 10:00 with 5 working days: due at 24:00 on Wed 11 March.
RESOLVE_BY = datetime(2026, 3, 12, 0, 0, tzinfo=SHANGHAI)
DUE_SOON = RESOLVE_BY - timedelta(hours=16)  # inside the 24-hour warning window
NOT_YET = RESOLVE_BY - timedelta(hours=40)
OVERDUE = RESOLVE_BY + timedelta(hours=1)


@pytest.fixture
def in_progress(walk: Walk) -> ServiceRequest:
    with time_machine.travel(NOW, tick=False):
        request = walk.to(Status.IN_PROGRESS)
    assert request.due_at == RESOLVE_BY
    return request


def sweep(at: datetime) -> SweepResult:
    with time_machine.travel(at, tick=False):
        return service_request_sweep_deadlines()


def actions(request: ServiceRequest, action: str) -> int:
    return request.events.filter(action=action).count()


def test_a_request_far_from_its_deadline_is_left_alone(in_progress: ServiceRequest) -> None:
    result = sweep(NOT_YET)
    assert result == SweepResult()
    in_progress.refresh_from_db()
    assert (in_progress.reminded_at, in_progress.overdue_at) == (None, None)


def test_a_request_due_soon_gets_one_reminder_and_not_two(in_progress: ServiceRequest) -> None:
    # when the sweep runs inside the warning window
    result = sweep(DUE_SOON)

    # then the request gets a reminder from the system, on the staff timeline only
    assert result.reminded == [in_progress.reference]
    assert result.supervised == []
    in_progress.refresh_from_db()
    assert in_progress.reminded_at == DUE_SOON
    event = in_progress.events.last()
    assert (event.action, event.actor, event.is_public, event.created_at) == (
        "remind",
        None,
        False,
        DUE_SOON,
    )
    assert (event.from_status, event.to_status) == (Status.IN_PROGRESS, Status.IN_PROGRESS)

    # and when the sweep runs again an hour later, there is no second reminder
    assert sweep(DUE_SOON + timedelta(hours=1)).reminded == []
    assert actions(in_progress, "remind") == 1


def test_an_overdue_request_gets_one_supervision_notice_and_lands_on_the_supervision_list(
    in_progress: ServiceRequest, supervisor: User
) -> None:
    # given a reminder already sent
    sweep(DUE_SOON)

    # when the sweep runs after the deadline
    result = sweep(OVERDUE)

    # then the request is marked overdue, noticed once, and on the supervisors' list
    assert result.supervised == [in_progress.reference]
    in_progress.refresh_from_db()
    assert in_progress.overdue_at == OVERDUE
    assert in_progress.events.last().action == "supervise"
    assert list(selectors.supervision_list(user=supervisor)) == [in_progress]

    # and a second run changes nothing
    assert sweep(OVERDUE + timedelta(hours=3)) == SweepResult()
    in_progress.refresh_from_db()
    assert in_progress.overdue_at == OVERDUE
    assert actions(in_progress, "supervise") == 1


def test_a_request_that_passed_its_deadline_unreminded_is_supervised_not_reminded(
    in_progress: ServiceRequest,
) -> None:
    result = sweep(OVERDUE)
    assert (result.reminded, result.supervised) == ([], [in_progress.reference])
    assert actions(in_progress, "remind") == 0


@pytest.mark.parametrize(
    "status", [Status.RESOLVED, Status.CLOSED, Status.NOT_ACCEPTED, Status.MERGED]
)
def test_a_request_that_moved_on_before_its_deadline_is_untouched(walk: Walk, status: str) -> None:
    # given a request resolved, closed, declined or merged in good time
    with time_machine.travel(NOW, tick=False):
        request = walk.to(status)
    events_before = request.events.count()

    # when the sweep runs while its old deadline is near and after it passed
    sweep(DUE_SOON)
    sweep(OVERDUE + timedelta(days=3))

    # then nothing happened to it
    request.refresh_from_db()
    assert (request.reminded_at, request.overdue_at) == (None, None)
    assert request.events.count() == events_before


def test_signing_for_an_overdue_order_takes_it_off_the_list_until_the_next_deadline_passes(
    walk: Walk, supervisor: User
) -> None:
    # given an order dispatched on NOW and not signed for within 24 hours
    with time_machine.travel(NOW, tick=False):
        request = walk.to(Status.DISPATCHED)
    assert sweep(NOW + timedelta(hours=25)).supervised == [request.reference]

    # when the unit signs for it
    with time_machine.travel(NOW + timedelta(hours=26), tick=False):
        walk.sign(request)

    # then it leaves the list, and the sweep leaves it alone until the resolve deadline is near
    assert request not in selectors.supervision_list(user=supervisor)
    assert sweep(NOW + timedelta(hours=27)) == SweepResult()
    assert sweep(OVERDUE).supervised == [request.reference]


def test_the_sweep_never_marks_a_request_reminded_without_recording_the_reminder(
    walk: Walk,
) -> None:
    # given a fresh submission (24 hours to accept) and a fresh order (24 hours to sign for),
    # both inside the warning window an hour later
    with time_machine.travel(NOW, tick=False):
        submitted, dispatched = walk.to(Status.SUBMITTED), walk.to(Status.DISPATCHED)

    # when the sweep runs
    result = sweep(NOW + timedelta(hours=1))

    # then the order is reminded, and each request is marked reminded exactly when its timeline
    # shows the reminder (the table has no reminder for a request not yet accepted)
    assert dispatched.reference in result.reminded
    for request in (submitted, dispatched):
        request.refresh_from_db()
        reminders = actions(request, "remind")
        assert reminders in (0, 1)
        assert (request.reminded_at is not None) == (reminders == 1), request.status


def test_the_sweeps_notices_are_attributed_to_the_system_not_to_the_resident(
    in_progress: ServiceRequest, walk: Walk
) -> None:
    # given a resident's own event on another request, for comparison
    with time_machine.travel(NOW, tick=False):
        resident_label = walk.to(Status.CLOSED).events.get(action="rate").actor_label

    # when the sweep reminds and then supervises
    sweep(DUE_SOON)
    sweep(OVERDUE)

    # then neither notice says the resident sent it
    for action in ("remind", "supervise"):
        event = in_progress.events.get(action=action)
        assert event.actor is None
        assert event.actor_label and event.actor_label != resident_label


def test_the_sla_sweep_command_reports_what_it_did(walk: Walk) -> None:
    # given one request due soon and one overdue at the time the command runs
    with time_machine.travel(NOW, tick=False):
        overdue = walk.to(Status.IN_PROGRESS)
    with time_machine.travel(NOW + timedelta(days=8), tick=False):
        due_soon = walk.to(Status.DISPATCHED)

    # when an operator runs `manage.py sla_sweep`
    out = io.StringIO()
    with time_machine.travel(NOW + timedelta(days=8, hours=2), tick=False):
        call_command("sla_sweep", stdout=out)

    # then it prints its counts, and the work was done
    assert out.getvalue().strip() == "sweep: 1 supervision notice(s), 1 reminder(s)"
    assert actions(overdue, "supervise") == 1
    assert actions(due_soon, "remind") == 1


def test_staff_may_also_remind_by_hand(in_progress: ServiceRequest, dispatcher: User) -> None:
    # when the dispatcher sends a reminder
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        workflow.remind(in_progress, actor=dispatcher, note="请尽快处理")

    # then it is recorded with the dispatcher's name, and the sweep does not remind again
    in_progress.refresh_from_db()
    assert in_progress.reminded_at == NOW + timedelta(days=1)
    assert in_progress.events.last().actor == dispatcher
    assert sweep(DUE_SOON).reminded == []


def test_a_request_signed_for_between_the_sweeps_look_and_its_claim_stays_off_the_list(
    walk: Walk, supervisor: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given an order nobody signed for within 24 hours, which the sweep finds overdue
    from shiliu.service_requests import services

    with time_machine.travel(NOW, tick=False):
        request = walk.to(Status.DISPATCHED)
    late = NOW + timedelta(hours=25)
    with time_machine.travel(late, tick=False):
        found = services._due_for_supervision(late)
        assert [r.pk for r in found] == [request.pk]

        # when the unit signs for it before the sweep acts on what it found
        walk.sign(ServiceRequest.objects.get(pk=request.pk))
        monkeypatch.setattr(services, "_due_for_supervision", lambda now: found)
        result = service_request_sweep_deadlines()

    # then the sweep leaves it alone: not on the supervisors' list, no supervision notice
    assert result.supervised == []
    request.refresh_from_db()
    assert request.status == Status.IN_PROGRESS
    assert request.overdue_at is None
    assert request not in selectors.supervision_list(user=supervisor)
    assert actions(request, "supervise") == 0
