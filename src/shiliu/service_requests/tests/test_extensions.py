"""Extensions (延期): the handling unit asks with a reason and a later date, one at a time; a
supervisor approves (the deadline moves) or refuses (it does not), once."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import IntegrityError, transaction

from shiliu.people.models import User
from shiliu.service_requests import selectors, services, workflow
from shiliu.service_requests.models import Extension, ServiceRequest
from shiliu.service_requests.tests.journeys import NOW, SHANGHAI, Walk
from shiliu.service_requests.workflow import Conflict, InvalidInput, NotAllowed, Status

# Accepted on Wednesday 4 March 2026 with 5 working days: due at the close of Wednesday 11 March.
RESOLVE_BY = datetime(2026, 3, 12, 0, 0, tzinfo=SHANGHAI)
LATER = datetime(2026, 3, 20, 0, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def in_progress(city: Any, dispatcher: User, supervisor: User, handler: User) -> ServiceRequest:
    walk = Walk(
        dispatcher=dispatcher,
        supervisor=supervisor,
        worker=handler,
        unit=city.housing,
        category=city.category,
    )
    request = walk.to(Status.IN_PROGRESS)
    assert request.resolve_by == RESOLVE_BY
    return request


def ask(request: ServiceRequest, handler: User, new_resolve_by: datetime = LATER) -> Extension:
    return workflow.request_extension(
        request, actor=handler, reason="需要产权单位共同维修", new_resolve_by=new_resolve_by
    )


def test_asking_for_an_extension_leaves_it_pending_and_the_deadline_unchanged(
    in_progress: ServiceRequest, handler: User
) -> None:
    # when the handler asks for more time
    extension = ask(in_progress, handler)

    # then the extension waits for a decision, the deadline stands, and the timeline says so
    extension.refresh_from_db()
    assert extension.decision == Extension.Decision.PENDING
    assert (extension.requested_by, extension.new_resolve_by) == (handler, LATER)
    in_progress.refresh_from_db()
    assert (in_progress.status, in_progress.resolve_by, in_progress.due_at) == (
        Status.IN_PROGRESS,
        RESOLVE_BY,
        RESOLVE_BY,
    )
    event = in_progress.events.last()
    assert (event.action, event.actor) == ("request_extension", handler)
    assert event.note == "需要产权单位共同维修" and "2026-03-20" in event.describe()


def test_a_second_pending_extension_is_refused(in_progress: ServiceRequest, handler: User) -> None:
    # given one extension waiting for a decision
    ask(in_progress, handler)
    events_before = in_progress.events.count()

    # when the handler asks again, then it is refused and nothing is added
    with pytest.raises(InvalidInput):
        ask(in_progress, handler, LATER + timedelta(days=3))
    assert in_progress.extensions.count() == 1
    assert in_progress.events.count() == events_before


def test_the_database_itself_holds_one_pending_extension_per_request(
    in_progress: ServiceRequest, handler: User
) -> None:
    # given one pending extension written directly
    Extension.objects.create(
        request=in_progress, requested_by=handler, reason="一", new_resolve_by=LATER
    )

    # when a second pending row is written, then the conditional unique constraint refuses it
    with pytest.raises(IntegrityError), transaction.atomic():
        Extension.objects.create(
            request=in_progress, requested_by=handler, reason="二", new_resolve_by=LATER
        )

    # and decided rows do not count against it
    Extension.objects.create(
        request=in_progress,
        requested_by=handler,
        reason="三",
        new_resolve_by=LATER,
        decision=Extension.Decision.REFUSED,
    )
    assert in_progress.extensions.count() == 2


def test_a_new_extension_may_be_asked_for_once_the_last_is_decided(
    in_progress: ServiceRequest, handler: User, supervisor: User
) -> None:
    # given a refused extension
    workflow.decide_extension(ask(in_progress, handler), actor=supervisor, approve=False)

    # when the handler asks again, then it is pending
    assert ask(in_progress, handler).decision == Extension.Decision.PENDING


def test_approval_moves_the_resolve_deadline_and_the_running_clock(
    in_progress: ServiceRequest, handler: User, supervisor: User
) -> None:
    # given a pending extension
    extension = ask(in_progress, handler)

    # when the supervisor approves it
    workflow.decide_extension(extension, actor=supervisor, approve=True, note="情况属实")

    # then both deadlines move to the new date, and the decision is recorded
    in_progress.refresh_from_db()
    assert (in_progress.resolve_by, in_progress.due_at) == (LATER, LATER)
    extension.refresh_from_db()
    assert (extension.decision, extension.decided_by, extension.decided_at) == (
        Extension.Decision.APPROVED,
        supervisor,
        NOW,
    )
    event = in_progress.events.last()
    assert (event.action, event.actor) == ("approve_extension", supervisor)
    assert "情况属实" in event.note


def test_approval_takes_an_overdue_request_off_the_supervision_list(
    in_progress: ServiceRequest, handler: User, supervisor: User
) -> None:
    # given an extension asked for in time, and the deadline passing before the decision
    extension = ask(in_progress, handler)
    overdue = RESOLVE_BY + timedelta(hours=2)
    with time_machine.travel(overdue, tick=False):
        services.service_request_sweep_deadlines()
        assert in_progress in selectors.supervision_list(user=supervisor)

        # when the supervisor approves it
        workflow.decide_extension(extension, actor=supervisor, approve=True)

    # then the request is no longer overdue
    in_progress.refresh_from_db()
    assert in_progress.overdue_at is None
    assert in_progress not in selectors.supervision_list(user=supervisor)


def test_refusal_leaves_the_deadlines_where_they_were(
    in_progress: ServiceRequest, handler: User, supervisor: User
) -> None:
    # given a pending extension
    extension = ask(in_progress, handler)

    # when the supervisor refuses it
    workflow.decide_extension(extension, actor=supervisor, approve=False, note="理由不充分")

    # then the deadlines stand and the refusal is recorded
    in_progress.refresh_from_db()
    assert (in_progress.resolve_by, in_progress.due_at) == (RESOLVE_BY, RESOLVE_BY)
    extension.refresh_from_db()
    assert extension.decision == Extension.Decision.REFUSED
    assert in_progress.events.last().action == "refuse_extension"


@pytest.mark.parametrize(
    ("first", "second"), [(True, True), (True, False), (False, True), (False, False)]
)
def test_deciding_an_extension_twice_is_a_conflict(
    in_progress: ServiceRequest, handler: User, supervisor: User, first: bool, second: bool
) -> None:
    # given an extension decided once, and a second supervisor holding the same pending row
    extension = ask(in_progress, handler)
    stale = Extension.objects.select_related("request").get(pk=extension.pk)
    workflow.decide_extension(extension, actor=supervisor, approve=first)
    in_progress.refresh_from_db()
    deadlines = (in_progress.resolve_by, in_progress.due_at)

    # when it is decided again, then it is a conflict and the first decision stands
    with pytest.raises(Conflict):
        workflow.decide_extension(stale, actor=supervisor, approve=second)
    stale.refresh_from_db()
    assert stale.decision == (Extension.Decision.APPROVED if first else Extension.Decision.REFUSED)
    in_progress.refresh_from_db()
    assert (in_progress.resolve_by, in_progress.due_at) == deadlines


@pytest.mark.parametrize(
    "new_date", [RESOLVE_BY, RESOLVE_BY - timedelta(days=1)], ids=["same-date", "earlier-date"]
)
def test_the_new_date_must_be_later_than_the_current_deadline(
    in_progress: ServiceRequest, handler: User, new_date: datetime
) -> None:
    # when the handler asks for a date that is not later, then it is refused and nothing is stored
    with pytest.raises(InvalidInput):
        ask(in_progress, handler, new_date)
    assert not in_progress.extensions.exists()


def test_only_a_supervisor_decides_and_only_the_handling_unit_asks(
    in_progress: ServiceRequest, handler: User, supervisor: User, dispatcher: User
) -> None:
    # the supervisor cannot ask for an extension on the unit's behalf
    with pytest.raises(NotAllowed):
        ask(in_progress, supervisor)
    # the handler and the dispatcher cannot approve
    extension = ask(in_progress, handler)
    for actor in (handler, dispatcher):
        with pytest.raises(NotAllowed):
            workflow.decide_extension(extension, actor=actor, approve=True)
    extension.refresh_from_db()
    assert extension.decision == Extension.Decision.PENDING


def test_resolving_withdraws_a_pending_extension_so_it_can_never_move_the_deadline_back(
    in_progress: ServiceRequest, handler: User, supervisor: User
) -> None:
    # given an extension to 20 March left undecided when the request was resolved, then rated
    # unsatisfied on 18 March and so reopened with a new deadline of 24:00 on 25 March
    extension = ask(in_progress, handler)
    workflow.resolve(in_progress, actor=handler, reply="已处理")
    extension.refresh_from_db()
    assert extension.decision == "withdrawn"
    with time_machine.travel(datetime(2026, 3, 18, 10, 0, tzinfo=SHANGHAI), tick=False):
        workflow.rate(in_progress, actor=None, rating=2)
    reopened_deadline = datetime(2026, 3, 26, 0, 0, tzinfo=SHANGHAI)
    assert in_progress.resolve_by == reopened_deadline

    # when the supervisor tries to approve the old extension, then it is refused
    with pytest.raises(Conflict):
        workflow.decide_extension(extension, actor=supervisor, approve=True)

    # and the deadline stands, and a new extension may be asked for at once
    in_progress.refresh_from_db()
    assert (in_progress.resolve_by, in_progress.due_at) == (reopened_deadline, reopened_deadline)
    assert ask(in_progress, handler, reopened_deadline + timedelta(days=3)).decision == "pending"


def test_approval_refuses_a_date_earlier_than_the_current_deadline(
    in_progress: ServiceRequest, handler: User, supervisor: User
) -> None:
    extension = ask(in_progress, handler)
    # the deadline moved past the asked-for date meanwhile (e.g. set by a re-dispatch)
    ServiceRequest.objects.filter(pk=in_progress.pk).update(resolve_by=extension.new_resolve_by + timedelta(days=1))
    in_progress.refresh_from_db()
    with pytest.raises(InvalidInput):
        workflow.decide_extension(extension, actor=supervisor, approve=True)


def test_a_lost_race_to_resolve_leaves_the_pending_extension_pending(
    in_progress: ServiceRequest, handler: User
) -> None:
    # given a pending extension, and a copy of the request read before someone returned it
    extension = ask(in_progress, handler)
    stale = ServiceRequest.objects.select_related("category", "assigned_unit").get(pk=in_progress.pk)
    workflow.return_(in_progress, actor=handler, reason="不属于本单位", policy_basis="职责清单")

    # when the handler resolves the stale copy, then it is a conflict
    with pytest.raises(Conflict):
        workflow.resolve(stale, actor=handler, reply="已处理")

    # and the extension was not withdrawn by the resolution that did not happen
    extension.refresh_from_db()
    assert extension.decision == Extension.Decision.PENDING


def test_an_extension_whose_new_date_has_passed_cannot_be_approved(
    in_progress: ServiceRequest, handler: User, supervisor: User
) -> None:
    # given an extension to 20 March, left undecided until 21 March
    extension = ask(in_progress, handler)
    # when the supervisor approves it, then it is refused with a reason
    with time_machine.travel(datetime(2026, 3, 21, 9, 0, tzinfo=SHANGHAI), tick=False), pytest.raises(
        InvalidInput
    ):
        workflow.decide_extension(extension, actor=supervisor, approve=True)

    # and the extension waits to be refused, and the deadline did not move
    extension.refresh_from_db()
    in_progress.refresh_from_db()
    assert extension.decision == Extension.Decision.PENDING
    assert in_progress.resolve_by == RESOLVE_BY


def test_a_returned_request_forgets_its_reminder_so_the_next_unit_is_reminded_too(
    in_progress: ServiceRequest, handler: User
) -> None:
    # given a request reminded before its deadline
    with time_machine.travel(RESOLVE_BY - timedelta(hours=10), tick=False):
        assert services.service_request_sweep_deadlines().reminded == [in_progress.reference]

    # when the handler returns it
    workflow.return_(in_progress, actor=handler, reason="不属于本单位", policy_basis="职责清单")

    # then it no longer counts as reminded
    in_progress.refresh_from_db()
    assert in_progress.reminded_at is None
