"""The dispatcher's "to accept" list, accept-and-dispatch in one step, and the unit list grouped
by level with a search box."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import IN_GRID_A, IN_GRID_B, City
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shiliu.core.permissions import Role
from shiliu.org.models import OrgUnit
from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff
from shiliu.service_requests import services, workflow
from shiliu.service_requests.models import Channel, ServiceRequest
from shiliu.service_requests.tests.factories import OrgUnitFactory, staff
from shiliu.service_requests.tests.journeys import HANDLING
from shiliu.service_requests.workflow import Status

pytestmark = pytest.mark.django_db
TO_ACCEPT = reverse("service_requests:workbench-to-accept")


def submit(city: City, text: str, where: dict[str, float] = IN_GRID_A) -> ServiceRequest:
    return services.service_request_submit(
        consents=HANDLING, actor=None, channel=Channel.PORTAL, category=city.category, description=text, **where,
    )


def due_in(request: ServiceRequest, hours: float) -> None:
    ServiceRequest.objects.filter(pk=request.pk).update(due_at=timezone.now() + timedelta(hours=hours))


def test_to_accept_lists_new_requests_by_accept_deadline_with_overdue_first(
    city: City, dispatcher: User
) -> None:
    later, overdue, sooner = submit(city, "晚些到期"), submit(city, "早已过期的事"), submit(city, "快到期", IN_GRID_B)
    due_in(later, 30)
    due_in(overdue, -5)
    due_in(sooner, 2)
    accepted = submit(city, "已受理")
    workflow.accept(accepted, actor=dispatcher)

    response = login_staff(Client(), dispatcher).get(TO_ACCEPT)

    assert response.status_code == 200
    page = response.content.decode()
    positions = [page.index(r.reference) for r in (overdue, sooner, later)]
    assert positions == sorted(positions)
    assert accepted.reference not in page
    assert "早已过期的事" not in page  # descriptions stay on the detail page
    assert page.count('class="flag overdue"') == 1
    assert "区住建局" in page  # the suggested unit, and the one-step button for it


def test_to_accept_is_in_the_dispatchers_navigation_and_not_for_grid_workers(
    city: City, dispatcher: User, grid_worker: User
) -> None:
    home = login_staff(Client(), dispatcher).get(reverse("service_requests:workbench")).content.decode()
    assert TO_ACCEPT in home
    assert login_staff(Client(), grid_worker).get(TO_ACCEPT).status_code == 403


def test_accept_and_dispatch_to_the_suggested_unit_in_one_step(city: City, dispatcher: User) -> None:
    sr = submit(city, "屋顶漏水")
    response = login_staff(Client(), dispatcher).post(
        reverse("service_requests:workbench-accept-dispatch", args=[sr.reference]),
        {"accept_dispatch-unit": city.housing.pk, "next": "to-accept"},
    )
    assert response.status_code == 302 and response["Location"].endswith(TO_ACCEPT)
    sr.refresh_from_db()
    assert sr.status == Status.DISPATCHED and sr.assigned_unit == city.housing
    assert list(sr.events.values_list("action", flat=True).order_by("id"))[-2:] == ["accept", "dispatch"]


def test_a_refused_dispatch_leaves_the_request_unaccepted(city: City, dispatcher: User) -> None:
    sr = submit(city, "屋顶漏水")
    with pytest.raises(workflow.InvalidInput):
        services.service_request_accept_and_dispatch(actor=dispatcher, service_request=sr, unit=city.city)
    sr.refresh_from_db()
    assert sr.status == Status.SUBMITTED
    assert not sr.events.filter(action="accept").exists()


def test_accept_and_dispatch_without_a_unit_shows_the_error_next_to_the_field(
    city: City, dispatcher: User
) -> None:
    sr = submit(city, "屋顶漏水")
    response = login_staff(Client(), dispatcher).post(
        reverse("service_requests:workbench-accept-dispatch", args=[sr.reference]), {"accept_dispatch-unit": ""})
    assert response.status_code == 400
    page = response.content.decode()
    form = page[page.index('class="stacked accept-dispatch"'):]
    assert 'has-error' in form[:form.index("</form>")]
    sr.refresh_from_db()
    assert sr.status == Status.SUBMITTED


def test_accept_and_dispatch_is_404_outside_the_dispatchers_units(city: City) -> None:
    other_district = OrgUnitFactory(code="other", name="别的区", kind=OrgUnit.Kind.DISTRICT, parent=city.city)
    other = staff(Role.DISPATCHER, other_district, username="other-dispatcher")
    sr = submit(city, "屋顶漏水")
    response = login_staff(Client(), other).post(
        reverse("service_requests:workbench-accept-dispatch", args=[sr.reference]),
        {"accept_dispatch-unit": city.housing.pk})
    assert response.status_code == 404
    sr.refresh_from_db()
    assert sr.status == Status.SUBMITTED


def test_the_detail_page_offers_units_grouped_by_level_with_a_search_box(city: City, dispatcher: User) -> None:
    sr = submit(city, "屋顶漏水")
    page = login_staff(Client(), dispatcher).get(
        reverse("service_requests:workbench-detail", args=[sr.reference])).content.decode()
    form = page[page.index('class="stacked accept-dispatch"'):]
    form = form[:form.index("</form>")]
    assert 'data-searchable' in form and "core/select-search.js" in page
    for group in ("街道/乡镇", "社区/村", "网格", "职能部门"):
        assert f'<optgroup label="{group}">' in form, group
    # The suggested unit is chosen already
    assert f'<option value="{city.housing.pk}" selected>' in form
