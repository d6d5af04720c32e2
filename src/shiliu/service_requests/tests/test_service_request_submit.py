"""Intake (services.service_request_submit): every channel creates the same record, placed, routed,
clocked and recorded; what it refuses, it refuses before writing anything."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine

from shiliu.core.permissions import INTAKE_ROLES, Role
from shiliu.people.models import User
from shiliu.service_requests import services
from shiliu.service_requests.models import Channel, ReferenceCounter, RequestEvent, ServiceRequest
from shiliu.service_requests.tests.factories import UserFactory, staff
from shiliu.service_requests.tests.journeys import (
    DESCRIPTION,
    HANDLING,
    IN_GRID_A,
    NOW,
    WITH_CONTACT,
)
from shiliu.service_requests.workflow import InvalidInput, NotAllowed, Status


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def nothing_was_written() -> bool:
    return not (
        ServiceRequest.objects.exists()
        or RequestEvent.objects.exists()
        or ReferenceCounter.objects.filter(last__gt=0).exists()
    )


def test_a_resident_request_is_placed_routed_clocked_and_recorded(city: Any) -> None:
    # when a resident submits from inside grid A through the portal
    request = services.service_request_submit(consents=WITH_CONTACT,
        actor=None,
        channel=Channel.PORTAL,
        category=city.category,
        description=f"  {DESCRIPTION}  ",
        address=" 同心社区 3 栋 ",
        contact_name="王女士",
        contact_phone="13812341234",
        **IN_GRID_A,
    )

    # then it is submitted, in grid A, suggested to housing, due to be accepted within 24 hours
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED
    assert (request.description, request.address) == (DESCRIPTION, "同心社区 3 栋")
    assert (request.jurisdiction, request.routed_unit, request.assigned_unit) == (
        city.grid_a,
        city.housing,
        None,
    )
    assert request.submitted_at == NOW
    assert request.due_at == NOW + timedelta(hours=24)
    assert request.masked_phone == "138****1234"
    assert len(request.tracking_token) >= 32
    [event] = request.events.all()
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        "submit",
        "",
        Status.SUBMITTED,
        None,
    )


def test_an_anonymous_request_keeps_no_name(city: Any) -> None:
    request = services.service_request_submit(consents=HANDLING,
        actor=None,
        channel=Channel.PORTAL,
        category=city.category,
        description=DESCRIPTION,
        is_anonymous=True,
        contact_name="王女士",
        **IN_GRID_A,
    )
    assert request.is_anonymous and request.contact_name == ""


@pytest.mark.parametrize("channel", [Channel.VISIT, Channel.PHONE, Channel.COUNTER])
def test_staff_enter_a_request_on_a_residents_behalf(
    city: Any, grid_worker: User, channel: str
) -> None:
    # when a grid worker records a request from a visit, a call or the counter
    request = services.service_request_submit(consents=HANDLING,
        actor=grid_worker,
        channel=channel,
        category=city.category,
        description=DESCRIPTION,
        **IN_GRID_A,
    )

    # then the worker is recorded as having entered it, not as the resident who submitted it
    assert (request.entered_by, request.submitted_by, request.channel) == (
        grid_worker,
        None,
        channel,
    )
    assert request.events.get().actor == grid_worker


def someone(who: str, city: Any) -> User | None:
    """A resident (None), an account with no role, or a holder of `who` at the community."""
    if who == "anonymous":
        return None
    if who == "outsider":
        return UserFactory()  # type: ignore[no-any-return]
    return staff(who, city.community)


@pytest.mark.parametrize("who", sorted(INTAKE_ROLES))
def test_intake_staff_may_enter_a_request_by_phone(city: Any, who: str) -> None:
    actor = someone(who, city)
    request = services.service_request_submit(consents=HANDLING,
        actor=actor,
        channel=Channel.PHONE,
        category=city.category,
        description=DESCRIPTION,
        **IN_GRID_A,
    )
    assert request.entered_by == actor


@pytest.mark.parametrize("who", [*sorted(set(Role.values) - INTAKE_ROLES), "outsider", "anonymous"])
def test_anyone_else_using_a_staff_channel_is_not_allowed_and_nothing_is_written(
    city: Any, who: str
) -> None:
    # given a resident, an account with no role, or a role that does not take requests in
    actor = someone(who, city)

    # when they use each staff-only channel, then they are not allowed and nothing is written
    for channel in (Channel.VISIT, Channel.PHONE, Channel.COUNTER):
        with pytest.raises(NotAllowed):
            services.service_request_submit(consents=HANDLING,
                actor=actor,
                channel=channel,
                category=city.category,
                description=DESCRIPTION,
                **IN_GRID_A,
            )
    assert nothing_was_written()


INVALID = [
    pytest.param({"description": ""}, id="empty-description"),
    pytest.param({"description": " \n\t "}, id="blank-description"),
    pytest.param({"latitude": 30.005}, id="latitude-without-longitude"),
    pytest.param({"longitude": 104.005}, id="longitude-without-latitude"),
    pytest.param({"address": "   "}, id="no-point-no-address-no-unit"),
]


@pytest.mark.parametrize("change", INVALID)
def test_an_incomplete_submission_is_invalid_input_and_writes_nothing(
    city: Any, change: dict[str, Any]
) -> None:
    # given a submission missing its description or a usable location
    fields: dict[str, Any] = {"description": DESCRIPTION, "address": "", **change}

    # when it is submitted, then it is refused before anything is written
    with pytest.raises(InvalidInput):
        services.service_request_submit(consents=HANDLING,
            actor=None, channel=Channel.PORTAL, category=city.category, **fields
        )
    assert nothing_was_written()


@pytest.mark.parametrize(
    ("location", "place"),
    [
        pytest.param({"address": "团结街道 8 号"}, "city", id="address-only"),
        pytest.param({"unit": "community"}, "community", id="unit-only"),
        pytest.param(IN_GRID_A, "grid_a", id="point-only"),
    ],
)
def test_any_one_kind_of_location_is_enough(
    city: Any, location: dict[str, Any], place: str
) -> None:
    fields = {
        key: getattr(city, value) if key == "unit" else value for key, value in location.items()
    }
    request = services.service_request_submit(consents=HANDLING,
        actor=None,
        channel=Channel.PORTAL,
        category=city.category,
        description=DESCRIPTION,
        **fields,
    )
    assert request.jurisdiction == getattr(city, place)
