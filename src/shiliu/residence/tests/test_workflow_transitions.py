"""The declaration's state machine as a literal table: every verb from every state, by the
declarant, by the community's staff, by another community's staff and by another resident."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from conftest import City

from shiliu.core import errors
from shiliu.core.access import RESIDENCE_ROLES
from shiliu.core.permissions import Role
from shiliu.org.models import OrgUnit
from shiliu.residence import services, workflow
from shiliu.residence.models import Declaration
from shiliu.residence.tests.factories import declaration, resident
from shiliu.residence.workflow import Status
from shiliu.service_requests.tests.factories import OrgUnitFactory, staff

pytestmark = pytest.mark.django_db

S, C, R, M = Status.SUBMITTED, Status.CONFIRMED, Status.RETURNED, Status.MOVED_OUT

# (verb, from state, who) → the state after it, or the error refused with.
TABLE: list[tuple[str, str, str, Any]] = [
    ("confirm", S, "staff", C),
    ("confirm", S, "declarant", errors.NotAllowed),
    ("confirm", S, "other_staff", errors.NotAllowed),
    ("confirm", C, "staff", errors.InvalidTransition),
    ("confirm", R, "staff", errors.InvalidTransition),
    ("confirm", M, "staff", errors.InvalidTransition),
    ("return", S, "staff", R),
    ("return", S, "declarant", errors.NotAllowed),
    ("return", S, "other_staff", errors.NotAllowed),
    ("return", C, "staff", errors.InvalidTransition),
    ("return", R, "staff", errors.InvalidTransition),
    ("resubmit", R, "declarant", S),
    ("resubmit", R, "staff", errors.NotAllowed),
    ("resubmit", R, "other_resident", errors.NotAllowed),
    ("resubmit", S, "declarant", errors.InvalidTransition),
    ("resubmit", C, "declarant", errors.InvalidTransition),
    ("move_out", C, "declarant", M),
    ("move_out", C, "staff", M),
    ("move_out", C, "other_staff", errors.NotAllowed),
    ("move_out", C, "other_resident", errors.NotAllowed),
    ("move_out", S, "declarant", errors.InvalidTransition),
    ("move_out", R, "staff", errors.InvalidTransition),
    ("move_out", M, "declarant", errors.InvalidTransition),
]


def test_the_table_covers_every_verb_and_nothing_else() -> None:
    assert set(workflow.TRANSITIONS) == {verb for verb, *_rest in TABLE}
    assert {t.verb: (set(t.sources), t.target) for t in workflow.TRANSITIONS.values()} == {
        "confirm": ({S}, C), "return": ({S}, R), "resubmit": ({R}, S), "move_out": ({C}, M)}
    assert workflow.STAFF_ROLES == RESIDENCE_ROLES  # the access map lets the same roles in


def _in_state(target: str, declared: Declaration, station: Any) -> Declaration:
    if target in {C, M}:
        workflow.confirm(declared, actor=station)
    if target == M:
        workflow.move_out(declared, actor=station, moved_out_on=date(2026, 4, 1))
    if target == R:
        workflow.return_(declared, actor=station, reason="请补充")
    return declared


def _perform(verb: str, declared: Declaration, actor: Any) -> None:
    street = declared.community.parent
    assert street is not None
    if verb == "confirm":
        services.declaration_confirm(actor, declaration=declared)
    elif verb == "return":
        services.declaration_return(actor, declaration=declared, reason="房号不清")
    elif verb == "move_out":
        services.declaration_move_out(actor, declaration=declared, moved_out_on=date(2026, 4, 2))
    else:
        services.declaration_resubmit(
            actor, declaration=declared, district=street.parent, street=street, community=declared.community,
            building="3栋", room="601", full_name="李晓梅", moved_in_on=date(2026, 3, 2), purpose="work")


@pytest.mark.parametrize(("verb", "source", "who", "expected"), TABLE)
def test_transition(city: City, verb: str, source: str, who: str, expected: Any) -> None:
    other_community = OrgUnitFactory(code="c-other", kind=OrgUnit.Kind.COMMUNITY, parent=city.street)
    station = staff(Role.STATION_STAFF, city.community, username="st")
    declarant = resident()
    actors = {"staff": station, "declarant": declarant, "other_resident": resident(),
              "other_staff": staff(Role.DISPATCHER, other_community, username="other")}
    declared = _in_state(source, declaration(declarant, city.community), station)
    events_before = declared.events.count()

    if isinstance(expected, type):
        with pytest.raises(expected):
            _perform(verb, declared, actors[who])
        declared.refresh_from_db()
        assert declared.status == source and declared.events.count() == events_before
    else:
        _perform(verb, declared, actors[who])
        declared.refresh_from_db()
        assert declared.status == expected
        event = declared.events.order_by("-id").first()
        assert event is not None and (event.kind, event.from_status, event.to_status) == (verb, source, expected)


def test_a_stale_copy_loses_to_the_writer_who_came_first(city: City) -> None:
    station = staff(Role.STATION_STAFF, city.community, username="st")
    declared = declaration(resident(), city.community)
    stale = Declaration.objects.get(pk=declared.pk)
    workflow.confirm(declared, actor=station)
    with pytest.raises(errors.Conflict):
        workflow.return_(stale, actor=station, reason="晚了")
