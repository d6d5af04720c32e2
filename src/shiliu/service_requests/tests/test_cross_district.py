"""Requests stay in the jurisdiction they belong to: a dispatcher merges only into open requests
they can see, dispatches only to units of their jurisdiction and the departments registered for
it, and moves work to another district by a transfer (转办) that the other side accepts or sends
back, after which the sending side no longer sees the resident's personal data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from conftest import IN_GRID_A, City
from django.test import Client
from django.urls import reverse

from shiliu.api.tests.conftest import post_json
from shiliu.api.tests.conftest import signed_in as api_client
from shiliu.core.permissions import Role
from shiliu.org.models import OrgUnit
from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff
from shiliu.service_requests import services, workflow
from shiliu.service_requests.models import Channel, ServiceRequest
from shiliu.service_requests.tests.factories import OrgUnitFactory, square, staff
from shiliu.service_requests.tests.journeys import WITH_CONTACT
from shiliu.service_requests.workflow import Status

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
IN_FAR_GRID = {"longitude": 110.005, "latitude": 35.005}


@dataclass
class Far:
    district: OrgUnit
    community: OrgUnit
    department: OrgUnit
    dispatcher: User
    handler: User


@pytest.fixture
def far(city: City) -> Far:
    """A second district with its own community, grid, department and staff."""
    district = OrgUnitFactory(code="far-district", name="和睦区", kind=OrgUnit.Kind.DISTRICT, parent=city.city)
    street = OrgUnitFactory(code="far-street", kind=OrgUnit.Kind.STREET, parent=district)
    community = OrgUnitFactory(code="far-community", kind=OrgUnit.Kind.COMMUNITY, parent=street)
    OrgUnitFactory(code="far-grid", kind=OrgUnit.Kind.GRID, parent=community, boundary=square(110.0, 35.0))
    department = OrgUnitFactory(code="far-urban", name="和睦区城管局", kind=OrgUnit.Kind.DEPARTMENT,
                                parent=district)
    return Far(
        district=district, community=community, department=department,
        dispatcher=staff(Role.DISPATCHER, district, username="far-dispatcher", display_name="和睦区派单员"),
        handler=staff(Role.HANDLER, department, username="far-handler", display_name="城管局经办人"),
    )


@pytest.fixture
def district_dispatcher(city: City) -> User:
    return staff(Role.DISPATCHER, city.district, username="district-dispatcher", display_name="和平区派单员")


def submit(city: City, where: dict[str, float] = IN_GRID_A, text: str = "路灯不亮") -> ServiceRequest:
    return services.service_request_submit(
        actor=None, channel=Channel.PORTAL, category=city.other_category, description=text,
        contact_phone=PHONE, consents=WITH_CONTACT, **where,
    )


def signed_in(user: User) -> Client:
    return login_staff(Client(), user)


def act(client: Client, sr: ServiceRequest, verb: str, data: dict[str, Any]) -> Any:
    prefixed = {f"{verb}-{key}": value for key, value in data.items()}
    return client.post(reverse("service_requests:workbench-act", args=[sr.reference, verb]), prefixed)


# --- Merging (issue 8, finding 1) -------------------------------------------------------------------


def test_merging_into_another_districts_request_is_refused_like_an_unknown_reference(
    city: City, far: Far, district_dispatcher: User
) -> None:
    # given a request of ours, and one that arose in the other district
    ours, theirs = submit(city), submit(city, IN_FAR_GRID)
    client = signed_in(district_dispatcher)

    # when our dispatcher merges ours into theirs, and into a reference nobody has
    into_theirs = act(client, ours, "merge", {"into": theirs.reference})
    into_nothing = act(client, ours, "merge", {"into": "SL-2026-999999"})

    # then both are refused with the same words, which do not tell that the first exists
    assert into_theirs.status_code == into_nothing.status_code == 400
    words = [
        [str(e) for e in response.context["actions"][_index(response, "merge")]["form"].errors["into"]]
        for response in (into_theirs, into_nothing)
    ]
    assert words[0] == [w.replace("SL-2026-999999", theirs.reference) for w in words[1]]
    ours.refresh_from_db()
    assert ours.status == Status.SUBMITTED and ours.merged_into is None


def _index(response: Any, verb: str) -> int:
    return [a["verb"] for a in response.context["actions"]].index(verb)


def test_merging_into_a_closed_request_is_refused(city: City, dispatcher: User, walk: Any) -> None:
    # given a request answered and closed after a satisfied rating, and a new one repeating it
    closed = walk.to(Status.CLOSED)
    new = walk.to(Status.SUBMITTED)

    # when the dispatcher merges the new one into it, then it is refused and nothing moved
    response = act(signed_in(dispatcher), new, "merge", {"into": closed.reference})
    assert response.status_code == 400
    new.refresh_from_db()
    assert new.status == Status.SUBMITTED
    with pytest.raises(workflow.InvalidInput):
        workflow.merge(new, actor=dispatcher, into=closed)


def test_the_workflow_itself_refuses_a_merge_target_out_of_scope(
    city: City, far: Far, district_dispatcher: User
) -> None:
    ours, theirs = submit(city), submit(city, IN_FAR_GRID)
    with pytest.raises(workflow.InvalidInput):
        workflow.merge(ours, actor=district_dispatcher, into=theirs)


def test_rest_merge_into_another_districts_request_is_refused_like_an_unknown_one(
    city: City, far: Far, district_dispatcher: User
) -> None:
    ours, theirs = submit(city), submit(city, IN_FAR_GRID)
    client = api_client(district_dispatcher)
    path = f"/api/v1/requests/{ours.reference}/merge"
    into_theirs = post_json(client, path, {"into": theirs.reference})
    into_nothing = post_json(client, path, {"into": "SL-2026-999999"})
    assert into_theirs.status_code == into_nothing.status_code == 400
    assert into_theirs.json()["errors"][0]["message"] == into_nothing.json()["errors"][0]["message"].replace(
        "SL-2026-999999", theirs.reference)


def test_a_dispatcher_still_merges_into_an_open_request_of_their_district(
    city: City, dispatcher: User
) -> None:
    original, repeat = submit(city), submit(city)
    response = act(signed_in(dispatcher), repeat, "merge", {"into": original.reference})
    assert response.status_code == 302
    repeat.refresh_from_db()
    assert repeat.status == Status.MERGED and repeat.merged_into == original
