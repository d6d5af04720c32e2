"""Every verb of workflow.TRANSITIONS from every status, by every role, in and out of scope.

What is allowed is written out by hand below (EXPECTED: status × verb → the status it lands on),
and the workflow functions themselves are tested against it: a wrong row in TRANSITIONS fails
here instead of passing because the test read the same row. A verb added to TRANSITIONS fails
the first test until EXPECTED and WAYS say what it does and how to perform it with valid input.
Requests are driven into each status by the workflow functions (journeys.Walk), never by writing
a status.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
import time_machine

from shiliu.core.permissions import Role
from shiliu.org.models import OrgUnit
from shiliu.people.models import User
from shiliu.service_requests import workflow
from shiliu.service_requests.models import Extension, ServiceRequest
from shiliu.service_requests.tests.factories import OrgUnitFactory, square, staff
from shiliu.service_requests.tests.journeys import NOW, Walk, submit
from shiliu.service_requests.workflow import (
    RESIDENT,
    TRANSITIONS,
    Conflict,
    InvalidInput,
    InvalidTransition,
    NotAllowed,
    Status,
)

NOTE = "已电话联系居民核实情况"


# --- How these tests perform each verb -----------------------------------------------------------


def _pending_extension(walk: Walk, request: ServiceRequest) -> Extension:
    """An extension waiting for a decision: asked for through the workflow when the request is in
    progress, otherwise a row left over from when it was."""
    pending = Extension.objects.filter(request=request, decision=Extension.Decision.PENDING).first()
    if pending is not None:
        return pending
    if request.status == Status.IN_PROGRESS:
        return workflow.request_extension(
            request,
            actor=walk.worker,
            reason="需要协调产权单位",
            new_resolve_by=request.resolve_by + timedelta(days=5),
        )
    return Extension.objects.create(
        request=request,
        requested_by=walk.worker,
        reason="需要协调产权单位",
        new_resolve_by=NOW + timedelta(days=30),
    )


@dataclass(frozen=True)
class Way:
    """How to perform a verb with valid input (`prepare` makes what it needs, passed as `extra`),
    and a fragment the recorded event's note or words must contain."""

    perform: Callable[[ServiceRequest, User | None, Any], object]
    prepare: Callable[[Walk, ServiceRequest], Any] = lambda walk, request: None
    note: Callable[[Any], str] = lambda extra: ""


WAYS: dict[str, Way] = {
    "accept": Way(lambda r, a, x: workflow.accept(r, actor=a, note=NOTE), note=lambda x: NOTE),
    "decline": Way(
        lambda r, a, x: workflow.decline(r, actor=a, reason="属于司法程序范围不予受理"),
        note=lambda x: "属于司法程序范围不予受理",
    ),
    "merge": Way(
        lambda r, a, x: workflow.merge(r, actor=a, into=x),
        prepare=lambda walk, r: submit(walk.category),
        note=lambda x: x.reference,
    ),
    "dispatch": Way(
        lambda r, a, x: workflow.dispatch(r, actor=a, unit=x, note=NOTE),
        prepare=lambda walk, r: walk.unit,
        note=lambda x: NOTE,
    ),
    "transfer": Way(
        lambda r, a, x: workflow.transfer(r, actor=a, to=x, reason="路段属于另一区"),
        prepare=lambda walk, r: walk.far()[0],
        note=lambda x: "路段属于另一区",
    ),
    "accept_transfer": Way(
        lambda r, a, x: workflow.accept_transfer(r, actor=a, note=NOTE), note=lambda x: NOTE
    ),
    "refuse_transfer": Way(
        lambda r, a, x: workflow.refuse_transfer(r, actor=a, reason="不属于本辖区"),
        note=lambda x: "不属于本辖区",
    ),
    "sign": Way(lambda r, a, x: workflow.sign(r, actor=a)),
    "return": Way(
        lambda r, a, x: workflow.return_(
            r, actor=a, reason="不属于本单位职责", policy_basis="《物业管理条例》第二十条"
        ),
        note=lambda x: "《物业管理条例》第二十条",
    ),
    "resolve": Way(
        lambda r, a, x: workflow.resolve(r, actor=a, reply="路灯已更换"),
        note=lambda x: "路灯已更换",
    ),
    "rate": Way(
        lambda r, a, x: workflow.rate(r, actor=a, rating=5, comment="师傅很负责"),
        note=lambda x: "师傅很负责",
    ),
    "close": Way(lambda r, a, x: workflow.close(r, actor=a, note=NOTE), note=lambda x: NOTE),
    "request_extension": Way(
        lambda r, a, x: workflow.request_extension(
            r,
            actor=a,
            reason="需要协调产权单位",
            new_resolve_by=(r.resolve_by or NOW) + timedelta(days=5),
        ),
        note=lambda x: "需要协调产权单位",
    ),
    "approve_extension": Way(
        lambda r, a, x: workflow.decide_extension(x, actor=a, approve=True, note=NOTE),
        prepare=_pending_extension,
        note=lambda x: NOTE,
    ),
    "refuse_extension": Way(
        lambda r, a, x: workflow.decide_extension(x, actor=a, approve=False, note=NOTE),
        prepare=_pending_extension,
        note=lambda x: NOTE,
    ),
    "remind": Way(lambda r, a, x: workflow.remind(r, actor=a, note=NOTE), note=lambda x: NOTE),
    "supervise": Way(
        lambda r, a, x: workflow.supervise(r, actor=a, note=NOTE), note=lambda x: NOTE
    ),
}


S = Status
_SAME = "(unchanged)"

# The transition table as the product specifies it (SPEC §4.1 and issue 8): for each verb, the
# statuses it may start from and where it lands. Every other status × verb is refused as an
# invalid transition. "rate" is shown with a satisfied rating (the unsatisfied ones are in
# test_workflow_rating.py); event-only verbs leave the status as it is.
EXPECTED: dict[str, dict[str, str]] = {
    "accept": {S.SUBMITTED: S.ACCEPTED},
    "decline": {S.SUBMITTED: S.NOT_ACCEPTED},
    "merge": {S.SUBMITTED: S.MERGED, S.ACCEPTED: S.MERGED},
    "dispatch": {S.ACCEPTED: S.DISPATCHED, S.RETURNED: S.DISPATCHED, S.ESCALATED: S.DISPATCHED},
    "transfer": {S.ACCEPTED: S.TRANSFERRED, S.RETURNED: S.TRANSFERRED},
    "accept_transfer": {S.TRANSFERRED: S.ACCEPTED},
    "refuse_transfer": {S.TRANSFERRED: S.RETURNED},
    "sign": {S.DISPATCHED: S.IN_PROGRESS},
    "return": {S.DISPATCHED: S.RETURNED, S.IN_PROGRESS: S.RETURNED},
    "resolve": {S.IN_PROGRESS: S.RESOLVED},
    "rate": {S.RESOLVED: S.CLOSED},
    "close": {S.RESOLVED: S.CLOSED, S.ESCALATED: S.CLOSED},
    "request_extension": {S.IN_PROGRESS: _SAME},
    "approve_extension": {S.IN_PROGRESS: _SAME},
    "refuse_extension": {S.IN_PROGRESS: _SAME},
    "remind": {S.ACCEPTED: _SAME, S.DISPATCHED: _SAME, S.IN_PROGRESS: _SAME, S.RETURNED: _SAME,
               S.TRANSFERRED: _SAME},
    "supervise": {S.SUBMITTED: _SAME, S.ACCEPTED: _SAME, S.DISPATCHED: _SAME, S.IN_PROGRESS: _SAME,
                  S.RETURNED: _SAME, S.TRANSFERRED: _SAME},
}


def expected_status(verb: str, source: str) -> str:
    landing = EXPECTED[verb][source]
    return source if landing == _SAME else landing


# --- The cast ------------------------------------------------------------------------------------

# Where a persona of each role sits so that a request arising in grid A (and, for handlers,
# dispatched to the persona's unit) is in its scope; the same places in a second district are not.
HOME = {
    Role.DISPATCHER: "community",
    Role.STATION_STAFF: "community",
    Role.SUPERVISOR: "district",
    Role.HANDLER: "housing",
    Role.GRID_WORKER: "grid_a",
}
# The role that performs each verb when the role does not matter: the first permitted of these.
PREFERRED_ROLES = [
    RESIDENT,
    Role.DISPATCHER,
    Role.HANDLER,
    Role.SUPERVISOR,
    Role.GRID_WORKER,
    Role.STATION_STAFF,
]


def canonical_role(verb: str) -> str:
    return next(role for role in PREFERRED_ROLES if role in TRANSITIONS[verb].roles)


def first_source(verb: str) -> str:
    return sorted(EXPECTED[verb])[0]


@dataclass
class Scene:
    city: Any
    dispatcher: User
    supervisor: User
    handler: User
    _elsewhere: dict[str, OrgUnit] = field(default_factory=dict)

    def unit(self, place: str) -> OrgUnit:
        return getattr(self.city, place)  # type: ignore[no-any-return]

    def elsewhere(self, place: str) -> OrgUnit:
        """The same level of a second district, which covers nothing of the first."""
        if not self._elsewhere:
            district = OrgUnitFactory(kind=OrgUnit.Kind.DISTRICT, parent=self.city.city)
            street = OrgUnitFactory(kind=OrgUnit.Kind.STREET, parent=district)
            community = OrgUnitFactory(kind=OrgUnit.Kind.COMMUNITY, parent=street)
            grid = OrgUnitFactory(
                kind=OrgUnit.Kind.GRID, parent=community, boundary=square(110.0, 35.0)
            )
            housing = OrgUnitFactory(kind=OrgUnit.Kind.DEPARTMENT, parent=district)
            self._elsewhere = {
                "district": district,
                "street": street,
                "community": community,
                "grid_a": grid,
                "housing": housing,
            }
        return self._elsewhere[place]

    def persona(self, role: str, *, unit: OrgUnit | None = None) -> User | None:
        """Someone holding `role` at `unit` (default: the role's home); None is the resident."""
        if role == RESIDENT:
            return None
        assert unit is not None or role in HOME, f"give role {role!r} a HOME in this module"
        return staff(role, unit or self.unit(HOME[role]))

    def walk(self, role: str | None = None, persona: User | None = None) -> Walk:
        """A walk whose handling unit is the persona's unit when the persona is a handler."""
        if role in workflow.HANDLERS and persona is not None:
            return Walk(
                dispatcher=self.dispatcher,
                supervisor=self.supervisor,
                worker=persona,
                unit=self.unit(HOME[role]),
                category=self.city.category,
            )
        return Walk(
            dispatcher=self.dispatcher,
            supervisor=self.supervisor,
            worker=self.handler,
            unit=self.city.housing,
            category=self.city.category,
        )

    def actor_for(self, verb: str) -> User | None:
        role = canonical_role(verb)
        return {
            RESIDENT: None,
            Role.DISPATCHER: self.dispatcher,
            Role.HANDLER: self.handler,
            Role.SUPERVISOR: self.supervisor,
        }.get(role) or self.persona(role)


@pytest.fixture
def scene(city: Any, dispatcher: User, supervisor: User, handler: User) -> Scene:
    return Scene(city, dispatcher, supervisor, handler)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def snapshot(request: ServiceRequest) -> tuple[str, int, list[tuple[int, str]]]:
    """What a refused action must leave alone: the stored status, the timeline, the extensions."""
    return (
        ServiceRequest.objects.values_list("status", flat=True).get(pk=request.pk),
        request.events.count(),
        list(Extension.objects.order_by("pk").values_list("pk", "decision")),
    )


# --- The matrix ----------------------------------------------------------------------------------

ALLOWED = [
    pytest.param(verb, source, id=f"{verb}-from-{source}")
    for verb, sources in EXPECTED.items()
    for source in sorted(sources)
]
ALL_ROLES = [*Role.values, RESIDENT]


def attempt(verb: str, request: ServiceRequest, actor: User | None, extra: Any) -> str:
    """Try a verb; the name of the error it raised, or "done"."""
    try:
        WAYS[verb].perform(request, actor, extra)
    except workflow.WorkflowError as error:
        return type(error).__name__
    return "done"


def test_these_tests_know_how_to_perform_every_verb_in_the_table() -> None:
    assert set(WAYS) == set(TRANSITIONS) == set(EXPECTED)
    assert {role for t in TRANSITIONS.values() for role in t.roles} <= {*HOME, RESIDENT}


@pytest.mark.parametrize(("verb", "source"), ALLOWED)
def test_each_permitted_role_performs_the_verb_from_each_allowed_status_and_it_is_recorded(
    scene: Scene, verb: str, source: str
) -> None:
    expected = expected_status(verb, source)
    for role in sorted(TRANSITIONS[verb].roles):
        # given a request in `source`, and someone holding `role` in scope
        actor = scene.persona(role)
        walk = scene.walk(role, actor)
        request = walk.to(source)
        extra = WAYS[verb].prepare(walk, request)
        events_before = request.events.count()

        # when they perform the verb
        WAYS[verb].perform(request, actor, extra)

        # then the request moves where the table says, and one event tells who, from, to and when
        request.refresh_from_db()
        assert request.status == expected, role
        assert request.events.count() == events_before + 1, role
        event = request.events.last()
        assert (event.action, event.actor, event.from_status, event.to_status) == (
            verb,
            actor,
            source,
            expected,
        ), role
        # what was typed is the note, the rest is in the words made from kind and parameters
        assert WAYS[verb].note(extra) in f"{event.note} {event.describe()}", role
        assert event.kind == verb, role
        assert event.created_at == NOW, role


@pytest.mark.parametrize("status", Status.values)
def test_every_verb_that_does_not_start_from_the_status_is_an_invalid_transition(
    scene: Scene, status: str
) -> None:
    # given a request in `status`, and for each verb that does not start there a permitted actor
    walk = scene.walk()
    request = walk.to(status)
    refused = [verb for verb in EXPECTED if status not in EXPECTED[verb]]
    extras = {verb: WAYS[verb].prepare(walk, request) for verb in refused}
    before = snapshot(request)

    # when each tries their verb
    outcomes = {
        verb: attempt(verb, request, scene.actor_for(verb), extras[verb]) for verb in refused
    }

    # then every one is an invalid transition (not "not allowed"), and nothing changed
    assert outcomes == dict.fromkeys(refused, "InvalidTransition")
    assert snapshot(request) == before


@pytest.mark.parametrize("verb", TRANSITIONS)
def test_roles_the_table_does_not_name_are_not_allowed_even_over_the_whole_city(
    scene: Scene, verb: str
) -> None:
    # given a request where the verb is possible, and for every role the table does not name for
    # it, someone holding that role at the city (the resident: no one signed in)
    walk = scene.walk()
    request = walk.to(first_source(verb))
    extra = WAYS[verb].prepare(walk, request)
    wrong = [role for role in ALL_ROLES if role not in TRANSITIONS[verb].roles]
    actors = {role: scene.persona(role, unit=scene.city.city) for role in wrong}
    before = snapshot(request)

    # when each tries it
    outcomes = {role: attempt(verb, request, actors[role], extra) for role in wrong}

    # then none is allowed, and nothing changed
    assert outcomes == dict.fromkeys(wrong, "NotAllowed")
    assert snapshot(request) == before


@pytest.mark.parametrize("verb", TRANSITIONS)
def test_permitted_roles_in_another_district_are_not_allowed(scene: Scene, verb: str) -> None:
    # given a request in our district where the verb is possible, and for every staff role the
    # table names, someone holding it at the same level of another district
    walk = scene.walk()
    request = walk.to(first_source(verb))
    extra = WAYS[verb].prepare(walk, request)
    roles = sorted(TRANSITIONS[verb].roles - {RESIDENT})
    actors = {role: scene.persona(role, unit=scene.elsewhere(HOME[role])) for role in roles}
    before = snapshot(request)

    # when each tries it
    outcomes = {role: attempt(verb, request, actors[role], extra) for role in roles}

    # then none is allowed, and nothing changed
    assert outcomes == dict.fromkeys(roles, "NotAllowed")
    assert snapshot(request) == before


# --- Another writer got there first --------------------------------------------------------------

# How a second writer moves a request on from each status the table starts from.
RIVAL_MOVES: dict[str, Callable[[Walk, ServiceRequest], Any]] = {
    Status.SUBMITTED: lambda walk, r: walk.decline(r),
    Status.ACCEPTED: lambda walk, r: walk.dispatch(r),
    Status.DISPATCHED: lambda walk, r: walk.sign(r),
    Status.IN_PROGRESS: lambda walk, r: walk.resolve(r),
    Status.RETURNED: lambda walk, r: walk.dispatch(r),
    Status.RESOLVED: lambda walk, r: workflow.close(
        r, actor=walk.supervisor, note="居民电话确认已解决"
    ),
    Status.ESCALATED: lambda walk, r: workflow.close(r, actor=walk.supervisor, note="督办结案"),
    Status.TRANSFERRED: lambda walk, r: walk.accept_transfer(r),
}


@pytest.mark.parametrize("verb", TRANSITIONS)
def test_acting_on_a_stale_copy_after_another_writer_moved_the_request_is_a_conflict(
    scene: Scene, verb: str
) -> None:
    for source in sorted(EXPECTED[verb]):
        # given a request in `source` held in memory, which another writer then moves on
        walk = scene.walk()
        request = walk.to(source)
        extra = WAYS[verb].prepare(walk, request)
        assert source in RIVAL_MOVES, f"add a rival move from {source!r}"
        rival = ServiceRequest.objects.select_related("category", "assigned_unit").get(
            pk=request.pk
        )
        RIVAL_MOVES[source](walk, rival)
        before = snapshot(request)

        # when the verb is performed on the stale copy, then it is a conflict and nothing is written
        assert attempt(verb, request, scene.actor_for(verb), extra) == "Conflict", source
        assert snapshot(request) == before, source


# --- Errors and required inputs ------------------------------------------------------------------


def test_invalid_transition_not_allowed_conflict_and_invalid_input_are_distinct_errors() -> None:
    errors = [InvalidTransition, NotAllowed, Conflict, InvalidInput]
    for error in errors:
        assert issubclass(error, workflow.WorkflowError)
        assert not any(issubclass(error, other) for other in errors if other is not error)
    assert len({error.code for error in errors}) == len(errors)


BLANKS = ["", "  \n\t "]
REQUIRED_INPUTS = [
    pytest.param(
        Status.SUBMITTED,
        lambda s, r, blank: workflow.decline(r, actor=s.dispatcher, reason=blank),
        id="decline-reason",
    ),
    pytest.param(
        Status.IN_PROGRESS,
        lambda s, r, blank: workflow.return_(
            r, actor=s.handler, reason=blank, policy_basis="《物业管理条例》"
        ),
        id="return-reason",
    ),
    pytest.param(
        Status.DISPATCHED,
        lambda s, r, blank: workflow.return_(
            r, actor=s.handler, reason="不属于本单位", policy_basis=blank
        ),
        id="return-policy-basis",
    ),
    pytest.param(
        Status.IN_PROGRESS,
        lambda s, r, blank: workflow.resolve(r, actor=s.handler, reply=blank),
        id="resolve-reply",
    ),
    pytest.param(
        Status.RESOLVED,
        lambda s, r, blank: workflow.close(r, actor=s.supervisor, note=blank),
        id="close-note",
    ),
    pytest.param(
        Status.IN_PROGRESS,
        lambda s, r, blank: workflow.request_extension(
            r, actor=s.handler, reason=blank, new_resolve_by=r.resolve_by + timedelta(days=3)
        ),
        id="extension-reason",
    ),
]


@pytest.mark.parametrize(("status", "act"), REQUIRED_INPUTS)
def test_a_verb_that_needs_words_refuses_blank_input(
    scene: Scene, status: str, act: Callable[..., Any]
) -> None:
    # given a request where the verb is possible
    request = scene.walk().to(status)
    before = snapshot(request)

    # when the reason, basis, reply or note is empty or only whitespace, then it is invalid input
    # and nothing changes
    for blank in BLANKS:
        with pytest.raises(InvalidInput):
            act(scene, request, blank)
        assert snapshot(request) == before


def test_a_return_records_both_its_reason_and_its_policy_basis_off_the_public_timeline(
    scene: Scene,
) -> None:
    # given a request the housing department signed for
    request = scene.walk().to(Status.IN_PROGRESS)

    # when the handler returns it
    workflow.return_(
        request, actor=scene.handler, reason="属于街道职责", policy_basis="区政府职责清单第3条"
    )

    # then it is unassigned, and the event names the unit, the reason and the basis
    request.refresh_from_db()
    assert request.assigned_unit is None
    event = request.events.last()
    assert event.note == "属于街道职责" and event.params["policy_basis"] == "区政府职责清单第3条"
    assert "区政府职责清单第3条" in event.describe()
    assert event.unit == scene.city.housing
    assert event.is_public is False and event.note_is_public is False


@pytest.mark.parametrize("target", ["itself", Status.MERGED, Status.NOT_ACCEPTED])
def test_a_request_merges_only_into_another_open_request(scene: Scene, target: str) -> None:
    # given a submitted request, and a merge target that is itself or already finished
    walk = scene.walk()
    request = walk.to(Status.SUBMITTED)
    into = request if target == "itself" else walk.to(target)
    before = snapshot(request)

    # when the dispatcher merges it, then it is refused
    with pytest.raises(InvalidInput):
        workflow.merge(request, actor=scene.dispatcher, into=into)
    assert snapshot(request) == before


@pytest.mark.parametrize("target", ["city", "district", "inactive department"])
def test_dispatch_goes_only_to_an_active_department_grid_community_or_street(
    scene: Scene, target: str
) -> None:
    # given an accepted request, and a target that cannot handle it
    request = scene.walk().to(Status.ACCEPTED)
    if target == "inactive department":
        unit = OrgUnitFactory(
            kind=OrgUnit.Kind.DEPARTMENT, parent=scene.city.district, is_active=False
        )
    else:
        unit = getattr(scene.city, target)
    before = snapshot(request)

    # when the dispatcher dispatches it there, then it is refused
    with pytest.raises(InvalidInput):
        workflow.dispatch(request, actor=scene.dispatcher, unit=unit)
    assert snapshot(request) == before


@pytest.mark.parametrize("kind", ["grid_a", "community", "street"])
def test_dispatch_to_a_grid_community_or_street_lets_its_staff_sign(
    scene: Scene, kind: str
) -> None:
    # given an accepted request and a grid worker or station staff of the receiving unit
    unit = getattr(scene.city, kind)
    worker = staff(Role.GRID_WORKER if kind == "grid_a" else Role.STATION_STAFF, unit)
    request = scene.walk().to(Status.ACCEPTED)

    # when it is dispatched there and they sign for it
    workflow.dispatch(request, actor=scene.dispatcher, unit=unit)
    workflow.sign(request, actor=worker)

    # then it is in progress with that unit
    request.refresh_from_db()
    assert (request.status, request.assigned_unit) == (Status.IN_PROGRESS, unit)


def test_the_grid_worker_where_a_request_arises_may_not_sign_for_another_units_order(
    scene: Scene, grid_worker: User
) -> None:
    # given a request arising in grid A but dispatched to the housing department
    request = scene.walk().to(Status.DISPATCHED)

    # when grid A's worker tries to sign for it, then they are not allowed: the order is housing's
    with pytest.raises(NotAllowed):
        workflow.sign(request, actor=grid_worker)
    assert not workflow.may(grid_worker, "sign", request)
    assert workflow.may(scene.handler, "sign", request)


def test_allowed_verbs_lists_exactly_what_the_actor_may_do_now(scene: Scene) -> None:
    # given a resolved request
    request = scene.walk().to(Status.RESOLVED)

    # then the resident may only rate, the dispatcher may rate, the supervisor may rate or close
    assert [t.verb for t in workflow.allowed_verbs(None, request)] == ["rate"]
    assert [t.verb for t in workflow.allowed_verbs(scene.dispatcher, request)] == ["rate"]
    assert {t.verb for t in workflow.allowed_verbs(scene.supervisor, request)} == {"rate", "close"}
    assert workflow.allowed_verbs(scene.handler, request) == []


def test_the_happy_path_records_an_unbroken_chain_of_events(scene: Scene) -> None:
    # given a request walked from submission to closure
    request = scene.walk().to(Status.CLOSED)

    # then its timeline is submit → accept → dispatch → sign → resolve → rate, each starting where
    # the previous one ended
    events = list(request.events.all())
    assert [e.action for e in events] == ["submit", "accept", "dispatch", "sign", "resolve", "rate"]
    assert events[0].from_status == ""
    for previous, current in itertools.pairwise(events):
        assert current.from_status == previous.to_status
    assert events[-1].to_status == Status.CLOSED
    assert all(e.created_at == NOW for e in events)
    assert [e.actor for e in events] == [
        None,
        scene.dispatcher,
        scene.dispatcher,
        scene.handler,
        scene.handler,
        None,
    ]
