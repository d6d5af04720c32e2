"""Who sees which requests, through the selectors the views use: staff see requests arising in or
assigned to their unit and below; everyone else sees none, and a hidden request is a 404."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from shiliu.core import access
from shiliu.core.permissions import Role
from shiliu.org.models import OrgUnit
from shiliu.people.models import User
from shiliu.service_requests import permissions, selectors, workflow
from shiliu.service_requests.models import ServiceRequest
from shiliu.service_requests.selectors import QueueFilters
from shiliu.service_requests.tests.factories import OrgUnitFactory, square, staff
from shiliu.service_requests.tests.journeys import IN_GRID_A, IN_GRID_B, NOW, Walk, submit
from shiliu.service_requests.workflow import Status


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def elsewhere(city: Any) -> dict[str, OrgUnit]:
    """A second community in another street, with a grid of its own."""
    street = OrgUnitFactory(kind=OrgUnit.Kind.STREET, parent=city.district)
    community = OrgUnitFactory(kind=OrgUnit.Kind.COMMUNITY, parent=street)
    grid = OrgUnitFactory(kind=OrgUnit.Kind.GRID, parent=community, boundary=square(104.1, 30.1))
    return {"street": street, "community": community, "grid": grid}


@pytest.fixture
def requests(city: Any, walk: Walk, elsewhere: dict[str, OrgUnit]) -> dict[str, ServiceRequest]:
    """One request of each kind of place and assignment."""
    in_a = submit(city.other_category, at=IN_GRID_A)
    in_b = submit(city.other_category, at=IN_GRID_B)
    at_community = submit(city.other_category, at={}, unit=city.community)
    in_a_to_housing = walk.to(Status.DISPATCHED)  # arises in grid A, assigned to housing
    other_community = submit(city.other_category, at={"longitude": 104.105, "latitude": 30.105})
    assert other_community.jurisdiction == elsewhere["grid"]
    return {
        "in_a": in_a,
        "in_b": in_b,
        "at_community": at_community,
        "in_a_to_housing": in_a_to_housing,
        "other_community": other_community,
    }


def queue(user: Any, **filters: Any) -> set[str]:
    return {
        r.reference for r in selectors.request_queue(user=user, filters=QueueFilters(**filters))
    }


def refs(requests: dict[str, ServiceRequest], *names: str) -> set[str]:
    return {requests[name].reference for name in names}


def test_a_grid_worker_sees_their_grids_requests_only(
    grid_worker: User, other_grid_worker: User, requests: dict[str, ServiceRequest]
) -> None:
    assert queue(grid_worker) == refs(requests, "in_a", "in_a_to_housing")
    assert queue(other_grid_worker) == refs(requests, "in_b")


def test_a_grid_worker_opening_another_grids_request_gets_404(
    grid_worker: User, requests: dict[str, ServiceRequest]
) -> None:
    assert (
        selectors.request_get(user=grid_worker, reference=requests["in_a"].reference)
        == requests["in_a"]
    )
    with pytest.raises(Http404):
        selectors.request_get(user=grid_worker, reference=requests["in_b"].reference)


def test_a_department_handler_sees_what_was_dispatched_to_the_department_only(
    handler: User, requests: dict[str, ServiceRequest]
) -> None:
    assert queue(handler) == refs(requests, "in_a_to_housing")
    with pytest.raises(Http404):
        selectors.request_get(user=handler, reference=requests["in_a"].reference)


def test_a_returned_request_leaves_the_departments_view(
    handler: User, requests: dict[str, ServiceRequest]
) -> None:
    # when the housing department returns its order
    workflow.return_(
        requests["in_a_to_housing"], actor=handler, reason="非本部门职责", policy_basis="职责清单"
    )

    # then the department no longer sees it
    assert queue(handler) == set()


def test_a_community_dispatcher_sees_everything_arising_in_the_community(
    dispatcher: User, requests: dict[str, ServiceRequest]
) -> None:
    assert queue(dispatcher) == refs(requests, "in_a", "in_b", "at_community", "in_a_to_housing")
    with pytest.raises(Http404):
        selectors.request_get(user=dispatcher, reference=requests["other_community"].reference)


def test_a_district_supervisor_sees_both_communities(
    supervisor: User, requests: dict[str, ServiceRequest]
) -> None:
    assert queue(supervisor) == refs(requests, *requests)


def test_staff_at_the_second_community_see_only_theirs(
    elsewhere: dict[str, OrgUnit], requests: dict[str, ServiceRequest]
) -> None:
    their_dispatcher = staff(Role.DISPATCHER, elsewhere["community"])
    assert queue(their_dispatcher) == refs(requests, "other_community")


@pytest.mark.parametrize("who", ["outsider", "anonymous", "analyst"])
def test_people_without_a_request_role_see_no_request_at_all(
    request: Any, requests: dict[str, ServiceRequest], who: str
) -> None:
    # given an account with no role, a visitor who is not signed in, or the city's analyst
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)

    # then the queue and the supervision list are empty, and every request is a 404
    assert queue(user) == set()
    assert not selectors.supervision_list(user=user).exists()
    for each in requests.values():
        with pytest.raises(Http404):
            selectors.request_get(user=user, reference=each.reference)


def test_the_analyst_sees_figures_but_not_individual_requests(
    analyst: User, outsider: User
) -> None:
    assert access.may_open(analyst, "reports:figures")
    assert not access.may_open(outsider, "reports:figures")
    assert not access.may_open(AnonymousUser(), "reports:figures")
    assert not access.may_open(analyst, "service_requests:workbench")


def test_request_get_for_an_action_is_404_when_the_user_may_see_but_not_act(
    grid_worker: User, dispatcher: User, requests: dict[str, ServiceRequest]
) -> None:
    # given a submitted request in grid A, which grid A's worker can see
    reference = requests["in_a"].reference

    # then asking for it in order to accept it is a 404 for the worker, and fine for the dispatcher
    with pytest.raises(Http404):
        selectors.request_get(user=grid_worker, reference=reference, action="accept")
    assert (
        selectors.request_get(user=dispatcher, reference=reference, action="accept").reference
        == reference
    )


def test_the_supervision_list_is_scoped_like_everything_else(
    city: Any, walk: Walk, supervisor: User
) -> None:
    # given an escalated request in our district, and a supervisor of another district
    escalated = walk.to(Status.ESCALATED)
    other_district = OrgUnitFactory(kind=OrgUnit.Kind.DISTRICT, parent=city.city)
    their_supervisor = staff(Role.SUPERVISOR, other_district)

    # then only ours sees it
    assert list(selectors.supervision_list(user=supervisor)) == [escalated]
    assert not selectors.supervision_list(user=their_supervisor).exists()


def test_the_private_link_finds_its_request_and_nothing_else(
    requests: dict[str, ServiceRequest],
) -> None:
    request = requests["in_a"]
    assert selectors.request_by_token(token=request.tracking_token) == request
    with pytest.raises(Http404):
        selectors.request_by_token(token="not-a-token")


def test_the_public_timeline_hides_returns_and_notices(
    walk: Walk, handler: User, dispatcher: User
) -> None:
    # given a request returned once and reminded by the dispatcher
    request = walk.to(Status.RETURNED)
    workflow.remind(request, actor=dispatcher)

    # then the resident's timeline leaves out the return and the reminder; staff see everything
    public = [e.action for e in selectors.request_timeline(request=request, public_only=True)]
    full = [e.action for e in selectors.request_timeline(request=request, public_only=False)]
    assert public == ["submit", "accept", "dispatch", "sign"]
    assert full == ["submit", "accept", "dispatch", "sign", "return", "remind"]


def test_queue_filters_narrow_within_what_the_user_may_see(
    dispatcher: User, requests: dict[str, ServiceRequest]
) -> None:
    assert queue(dispatcher, status=Status.DISPATCHED) == refs(requests, "in_a_to_housing")
    assert queue(dispatcher, status="open") == refs(
        requests, "in_a", "in_b", "at_community", "in_a_to_housing"
    )
    assert queue(dispatcher, query=requests["in_b"].reference) == refs(requests, "in_b")
    assert queue(dispatcher, query=requests["other_community"].reference) == set()


def test_request_scope_matches_nothing_without_a_path(requests: dict[str, ServiceRequest]) -> None:
    assert not ServiceRequest.objects.filter(permissions.request_scope([])).exists()
