"""The literal table of the case workflow: every verb from every state, allowed or refused, and
who may perform it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import City
from django.utils import timezone

from shiliu.cases import services, workflow
from shiliu.cases.models import Case, CaseEvent
from shiliu.cases.tests import factories
from shiliu.cases.workflow import TRANSITIONS, Status
from shiliu.core import errors
from shiliu.people.models import User

pytestmark = pytest.mark.django_db

OP, AS, AC, M, C = Status.OPEN, Status.ASSESSED, Status.ACTIVE, Status.MONITORING, Status.CLOSED

# verb: {state it may start from: state it ends in}; every other state refuses it.
TABLE = {
    "assess": {OP: AS, AS: AS},
    "start_plan": {AS: AC},
    "monitor": {AC: M},
    "resume": {M: AC},
    "close": {OP: C, AS: C, AC: C, M: C},
    "reopen": {C: AS},
    "reassign": {OP: OP, AS: AS, AC: AC, M: M},
}


def test_the_table_in_the_code_is_the_table_here() -> None:
    assert {verb: set(t.sources) for verb, t in TRANSITIONS.items()} == {v: set(s) for v, s in TABLE.items()}


def _case_in(state: str, actor: User, city: City) -> Case:
    case = factories.case(actor, city.grid_a)
    services.plan_action_add(actor, case=case, title="上门走访", owner=actor,
                             due_on=timezone.localdate() + timedelta(days=7))
    Case.objects.filter(pk=case.pk).update(status=state)
    case.refresh_from_db()
    return case


def _perform(verb: str, case: Case, actor: User, other: User) -> None:
    if verb == "assess":
        services.case_assess(actor, case=case, levels={"income": "some"})
    elif verb == "close":
        services.case_close(actor, case=case, outcome="improved")
    elif verb == "reopen":
        services.case_reopen(actor, case=case, reason="又出现困难")
    elif verb == "reassign":
        services.case_reassign(actor, case=case, caseworker=other)
    else:
        getattr(services, f"case_{verb}")(actor, case=case)


@pytest.mark.parametrize("verb", sorted(TABLE))
@pytest.mark.parametrize("state", [OP, AS, AC, M, C])
def test_each_verb_from_each_state(verb: str, state: str, city: City, station_staff: User,
                                   grid_worker: User) -> None:
    case = _case_in(state, station_staff, city)
    if state in TABLE[verb]:
        _perform(verb, case, station_staff, grid_worker)
        case.refresh_from_db()
        assert case.status == TABLE[verb][state]
        event = CaseEvent.objects.filter(case=case).last()
        assert event is not None and event.kind == verb and event.from_status == state
    else:
        with pytest.raises(errors.InvalidTransition):
            _perform(verb, case, station_staff, grid_worker)
        case.refresh_from_db()
        assert case.status == state


def test_a_grid_worker_may_not_reopen_or_reassign(city: City, grid_worker: User, other_grid_worker: User) -> None:
    closed = _case_in(C, grid_worker, city)
    with pytest.raises(errors.NotAllowed):
        services.case_reopen(grid_worker, case=closed, reason="x")
    open_case = _case_in(OP, grid_worker, city)
    with pytest.raises(errors.NotAllowed):
        services.case_reassign(grid_worker, case=open_case, caseworker=grid_worker)


def test_nobody_acts_on_a_case_outside_their_units(city: City, grid_worker: User, other_grid_worker: User,
                                                     analyst: User, handler: User) -> None:
    case = _case_in(OP, grid_worker, city)
    for outsider in (other_grid_worker, analyst, handler):
        with pytest.raises(errors.NotAllowed):
            services.case_close(outsider, case=case, outcome="other")
    assert not workflow.allowed_verbs(analyst, case)


def test_a_lost_race_is_a_conflict(city: City, grid_worker: User) -> None:
    case = _case_in(AC, grid_worker, city)
    stale = Case.objects.get(pk=case.pk)
    services.case_monitor(grid_worker, case=case)
    with pytest.raises(errors.Conflict):
        workflow._apply(stale, verb="monitor", actor=grid_worker)


def test_closing_needs_an_outcome(city: City, grid_worker: User) -> None:
    case = _case_in(AC, grid_worker, city)
    with pytest.raises(errors.InvalidInput):
        services.case_close(grid_worker, case=case, outcome="")
