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
from shiliu.service_requests import selectors, services, workflow
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


# --- Dispatching and transfers (issue 8, finding 2) ------------------------------------------------


def accepted(city: City, dispatcher: User) -> ServiceRequest:
    sr = submit(city)
    workflow.accept(sr, actor=dispatcher)
    return sr


def test_the_dispatch_form_offers_only_units_of_the_dispatchers_jurisdiction(
    city: City, far: Far, district_dispatcher: User
) -> None:
    sr = accepted(city, district_dispatcher)
    page = signed_in(district_dispatcher).get(reverse("service_requests:workbench-detail", args=[sr.reference]))
    choices = {str(value) for value, _label in page.context["actions"][_index(page, "dispatch")]["form"]
               .fields["unit"].choices if value}
    assert {str(city.housing.pk), str(city.grid_a.pk), str(city.community.pk)} <= choices
    assert str(far.department.pk) not in choices and str(far.community.pk) not in choices


def test_a_community_dispatcher_may_dispatch_to_the_departments_of_its_district(
    city: City, dispatcher: User
) -> None:
    sr = accepted(city, dispatcher)
    workflow.dispatch(sr, actor=dispatcher, unit=city.housing)
    assert sr.status == Status.DISPATCHED


def test_dispatching_to_another_districts_department_is_refused_on_every_channel(
    city: City, far: Far, district_dispatcher: User
) -> None:
    # given an accepted request of our district
    sr = accepted(city, district_dispatcher)

    # when our dispatcher sends it to the other district's department: the form, the API, the
    # workflow function itself all refuse
    response = act(signed_in(district_dispatcher), sr, "dispatch", {"unit": far.department.pk})
    assert response.status_code == 400
    rest = post_json(api_client(district_dispatcher), f"/api/v1/requests/{sr.reference}/dispatch",
                     {"unit": far.department.code})
    assert rest.status_code == 400
    with pytest.raises(workflow.WorkflowError):
        workflow.dispatch(sr, actor=district_dispatcher, unit=far.department)

    # and the request waits where it was, unassigned
    sr.refresh_from_db()
    assert (sr.status, sr.assigned_unit) == (Status.ACCEPTED, None)


def test_a_transfer_puts_the_request_in_the_other_districts_queue_and_out_of_our_reach(
    city: City, far: Far, district_dispatcher: User
) -> None:
    # given an accepted request that belongs to the other district
    sr = accepted(city, district_dispatcher)

    # when our dispatcher transfers it there, with the reason
    response = act(signed_in(district_dispatcher), sr, "transfer",
                   {"to": far.district.pk, "reason": "路段归和睦区管理"})
    assert response.status_code == 302

    # then it waits in the other district's queue
    sr.refresh_from_db()
    assert sr.status == Status.TRANSFERRED
    queue = signed_in(far.dispatcher).get(reverse("service_requests:workbench")).content.decode()
    assert sr.reference in queue

    # and when their dispatcher accepts it and dispatches it to their department
    assert act(signed_in(far.dispatcher), sr, "accept_transfer", {}).status_code == 302
    assert act(signed_in(far.dispatcher), sr, "dispatch", {"unit": far.department.pk}).status_code == 302
    sr.refresh_from_db()
    assert (sr.status, sr.assigned_unit) == (Status.DISPATCHED, far.department)

    # then their handler may reveal the phone for the call-back, and our side no longer may
    assert services.service_request_reveal(actor=far.handler, service_request=sr, field="contact_phone",
                                           reason="回访: 电话确认") == PHONE
    with pytest.raises(workflow.NotAllowed):
        services.service_request_reveal(actor=district_dispatcher, service_request=sr,
                                        field="contact_phone", reason="回访: 电话确认")
    # nor act on it
    assert not workflow.allowed_verbs(district_dispatcher, sr)


def test_the_sending_side_cannot_accept_its_own_transfer(
    city: City, far: Far, district_dispatcher: User
) -> None:
    sr = accepted(city, district_dispatcher)
    workflow.transfer(sr, actor=district_dispatcher, to=far.district, reason="路段归和睦区管理")
    with pytest.raises(workflow.NotAllowed):
        workflow.accept_transfer(sr, actor=district_dispatcher)
    with pytest.raises(workflow.NotAllowed):
        services.service_request_reveal(actor=district_dispatcher, service_request=sr,
                                        field="contact_phone", reason="回访: 电话确认")


def test_the_receiving_dispatcher_may_send_a_transfer_back(
    city: City, far: Far, district_dispatcher: User
) -> None:
    # given a request transferred to the other district
    sr = accepted(city, district_dispatcher)
    workflow.transfer(sr, actor=district_dispatcher, to=far.district, reason="路段归和睦区管理")

    # when their dispatcher sends it back with a reason
    workflow.refuse_transfer(sr, actor=far.dispatcher, reason="该路段仍属和平区")

    # then it is ours again to dispatch, and theirs no more
    sr.refresh_from_db()
    assert sr.status == Status.RETURNED
    workflow.dispatch(sr, actor=district_dispatcher, unit=city.housing)
    assert not workflow.allowed_verbs(far.dispatcher, sr)


def test_a_transfer_needs_a_reason_and_another_jurisdiction(
    city: City, far: Far, district_dispatcher: User
) -> None:
    sr = accepted(city, district_dispatcher)
    with pytest.raises(workflow.InvalidInput):
        workflow.transfer(sr, actor=district_dispatcher, to=far.district, reason=" ")
    with pytest.raises(workflow.InvalidInput):
        workflow.transfer(sr, actor=district_dispatcher, to=city.community, reason="本区内")
    assert ServiceRequest.objects.get(pk=sr.pk).status == Status.ACCEPTED


def test_rest_transfers_with_the_same_checks(city: City, far: Far, district_dispatcher: User) -> None:
    sr = accepted(city, district_dispatcher)
    path = f"/api/v1/requests/{sr.reference}/transfer"
    missing = post_json(api_client(district_dispatcher), path, {"to": far.district.code, "reason": ""})
    assert missing.status_code == 400
    done = post_json(api_client(district_dispatcher), path, {"to": far.district.code, "reason": "路段归和睦区管理"})
    assert done.status_code == 200 and done.json()["status"] == "transferred"
    back = post_json(api_client(far.dispatcher), f"/api/v1/requests/{sr.reference}/refuse-transfer",
                     {"reason": "该路段仍属和平区"})
    assert back.status_code == 200 and back.json()["status"] == "returned"


def test_a_transferred_request_is_found_by_the_receiving_districts_search_and_not_by_ours(
    city: City, far: Far, district_dispatcher: User
) -> None:
    # given a request of ours about a lamp, transferred to the other district
    sr = accepted(city, district_dispatcher)
    workflow.transfer(sr, actor=district_dispatcher, to=far.district, reason="路段归和睦区管理")

    def found(user: User) -> list[str]:
        page = selectors.request_search(user=user, filters=selectors.QueueFilters(query="路灯"))
        return [each.reference for each in page]

    # then their dispatcher finds it by its words (the index holds the unit it is handled by now)
    assert found(far.dispatcher) == [sr.reference]
    # and after they send it back, it is ours again and theirs no more
    workflow.refuse_transfer(sr, actor=far.dispatcher, reason="该路段仍属和平区")
    assert found(far.dispatcher) == []
    assert found(district_dispatcher) == [sr.reference]
