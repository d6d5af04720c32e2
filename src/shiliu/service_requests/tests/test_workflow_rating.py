"""The resident's rating (回访): satisfied closes, the first unsatisfied reopens (重办), the second
escalates to the supervisors (督办), who close it or dispatch it again."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine

from shiliu.people.models import User
from shiliu.service_requests import selectors, workflow
from shiliu.service_requests.models import Rating, ServiceRequest
from shiliu.service_requests.tests.journeys import NOW, SHANGHAI, Walk
from shiliu.service_requests.workflow import InvalidInput, NotAllowed, Status

# The category resolves within 5 working days. Rated on Wednesday 11 March 2026, a reopened request
# is due at the close of Wednesday 18 March (12, 13, 16, 17, 18 March).
RATED_AT = datetime(2026, 3, 11, 15, 0, tzinfo=SHANGHAI)
REOPEN_DEADLINE = datetime(2026, 3, 19, 0, 0, tzinfo=SHANGHAI)


@pytest.fixture
def resolved(walk: Walk) -> ServiceRequest:
    """A request resolved on NOW (Wednesday 4 March 2026), waiting for the resident's rating."""
    with time_machine.travel(NOW, tick=False):
        return walk.to(Status.RESOLVED)


@pytest.mark.parametrize(
    "rating", [Rating.VERY_SATISFIED, Rating.SATISFIED, Rating.FAIRLY_SATISFIED]
)
def test_a_satisfied_rating_closes_the_request(resolved: ServiceRequest, rating: int) -> None:
    # when the resident (holder of the private link) rates it 3, 4 or 5
    with time_machine.travel(RATED_AT, tick=False):
        workflow.rate(resolved, actor=None, rating=rating, solved=True, comment="  谢谢社区  ")

    # then it is closed, with the rating recorded on the request and on its timeline
    resolved.refresh_from_db()
    assert resolved.status == Status.CLOSED
    assert (resolved.rating, resolved.solved, resolved.rating_comment) == (rating, True, "谢谢社区")
    assert resolved.rated_at == RATED_AT
    assert resolved.closed_at == RATED_AT
    assert resolved.due_at is None
    assert resolved.reopen_count == 0
    event = resolved.events.last()
    assert (event.action, event.actor, event.from_status, event.to_status) == (
        "rate",
        None,
        Status.RESOLVED,
        Status.CLOSED,
    )
    assert "谢谢社区" in event.note


@pytest.mark.parametrize("rating", [Rating.UNSATISFIED, Rating.VERY_UNSATISFIED])
def test_the_first_unsatisfied_rating_reopens_the_request_with_a_new_deadline(
    resolved: ServiceRequest, rating: int
) -> None:
    # given the resolve deadline set when it was accepted
    first_deadline = resolved.resolve_by

    # when the resident rates it 1 or 2
    with time_machine.travel(RATED_AT, tick=False):
        workflow.rate(resolved, actor=None, rating=rating, solved=False, comment="灯还是不亮")

    # then it is back in progress with the same unit, once reopened, with a fresh resolve deadline
    resolved.refresh_from_db()
    assert resolved.status == Status.IN_PROGRESS
    assert resolved.reopen_count == 1
    assert resolved.resolve_by == REOPEN_DEADLINE != first_deadline
    assert resolved.due_at == REOPEN_DEADLINE
    assert resolved.resolved_at is None
    assert resolved.assigned_unit is not None
    event = resolved.events.last()
    assert (event.action, event.from_status, event.to_status) == (
        "reopen",
        Status.RESOLVED,
        Status.IN_PROGRESS,
    )
    assert event.created_at == RATED_AT


def test_the_second_unsatisfied_rating_escalates_to_the_supervision_list(
    resolved: ServiceRequest, walk: Walk, supervisor: User
) -> None:
    # given a request reopened once and resolved again
    with time_machine.travel(RATED_AT, tick=False):
        workflow.rate(resolved, actor=None, rating=Rating.UNSATISFIED)
        walk.resolve(resolved)
    assert resolved not in selectors.supervision_list(user=supervisor)

    # when the resident is unsatisfied again
    with time_machine.travel(RATED_AT + timedelta(days=2), tick=False):
        workflow.rate(resolved, actor=None, rating=Rating.VERY_UNSATISFIED)

    # then it is escalated, on the supervisors' list, with no clock running, and not reopened again
    resolved.refresh_from_db()
    assert resolved.status == Status.ESCALATED
    assert resolved.reopen_count == 1
    assert resolved.due_at is None
    assert resolved.events.last().action == "escalate"
    assert list(selectors.supervision_list(user=supervisor)) == [resolved]


@pytest.fixture
def escalated(walk: Walk) -> ServiceRequest:
    with time_machine.travel(NOW, tick=False):
        return walk.to(Status.ESCALATED)


def test_a_supervisor_closes_an_escalated_request_with_a_note(
    escalated: ServiceRequest, supervisor: User
) -> None:
    # when the supervisor closes it
    with time_machine.travel(RATED_AT, tick=False):
        workflow.close(escalated, actor=supervisor, note="经督办核实已与居民沟通达成一致")

    # then it is closed and off the supervision list
    escalated.refresh_from_db()
    assert escalated.status == Status.CLOSED
    assert escalated.closed_at == RATED_AT
    assert escalated.events.last().actor == supervisor
    assert escalated not in selectors.supervision_list(user=supervisor)


def test_a_supervisor_dispatches_an_escalated_request_again(
    escalated: ServiceRequest, supervisor: User, city: Any
) -> None:
    # when the supervisor dispatches it to the street for another try
    with time_machine.travel(RATED_AT, tick=False):
        workflow.dispatch(escalated, actor=supervisor, unit=city.street)

    # then it is dispatched to the street, the clock to sign for it runs, and it leaves the list
    escalated.refresh_from_db()
    assert escalated.status == Status.DISPATCHED
    assert escalated.assigned_unit == city.street
    assert escalated.due_at == RATED_AT + timedelta(hours=24)
    assert escalated not in selectors.supervision_list(user=supervisor)


def test_after_escalation_and_re_dispatch_an_unsatisfied_rating_escalates_again_not_reopens(
    escalated: ServiceRequest, walk: Walk, supervisor: User
) -> None:
    # given an escalated request dispatched again and resolved
    with time_machine.travel(RATED_AT, tick=False):
        workflow.dispatch(escalated, actor=supervisor, unit=walk.unit)
        walk.sign(escalated)
        walk.resolve(escalated)

    # when the resident is unsatisfied once more
    with time_machine.travel(RATED_AT, tick=False):
        workflow.rate(escalated, actor=None, rating=Rating.UNSATISFIED)

    # then it is escalated again: a request is reopened once only
    escalated.refresh_from_db()
    assert (escalated.status, escalated.reopen_count) == (Status.ESCALATED, 1)


def test_a_dispatcher_may_record_a_rating_taken_by_phone(
    resolved: ServiceRequest, dispatcher: User
) -> None:
    # when the dispatcher records the resident's rating from a follow-up call
    workflow.rate(resolved, actor=dispatcher, rating=Rating.SATISFIED)

    # then it is closed and the event names the dispatcher
    resolved.refresh_from_db()
    assert resolved.status == Status.CLOSED
    assert resolved.events.last().actor == dispatcher


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_a_rating_outside_the_five_levels_is_refused(resolved: ServiceRequest, rating: int) -> None:
    # when the rating is not one of the five 好差评 levels, then it is refused and nothing changes
    with pytest.raises(InvalidInput):
        workflow.rate(resolved, actor=None, rating=rating)
    resolved.refresh_from_db()
    assert (resolved.status, resolved.rating) == (Status.RESOLVED, None)


def test_the_resident_may_rate_but_do_nothing_else(walk: Walk, resolved: ServiceRequest) -> None:
    # given a request in progress and one resolved
    in_progress = walk.to(Status.IN_PROGRESS)

    # then the resident's only verb, anywhere, is rating a resolved request
    assert [t.verb for t in workflow.allowed_verbs(None, resolved)] == ["rate"]
    assert workflow.allowed_verbs(None, in_progress) == []
    with pytest.raises(NotAllowed):
        workflow.resolve(in_progress, actor=None, reply="已解决")  # type: ignore[arg-type]
    with pytest.raises(NotAllowed):
        workflow.close(resolved, actor=None, note="我自己结案")  # type: ignore[arg-type]
    resolved.refresh_from_db()
    assert resolved.status == Status.RESOLVED


def test_redispatch_after_escalation_gets_a_fresh_resolve_deadline(walk: Walk, city: Any, supervisor: User) -> None:
    # given a request escalated after two unsatisfied ratings
    with time_machine.travel(NOW, tick=False):
        request = walk.to(Status.ESCALATED)
    # when the supervisor re-dispatches it a month later
    later = NOW + timedelta(days=30)
    with time_machine.travel(later, tick=False):
        workflow.dispatch(request, actor=supervisor, unit=city.housing)
    # then the unit's clock starts afresh from the re-dispatch
    assert request.resolve_by is not None and request.resolve_by > later
