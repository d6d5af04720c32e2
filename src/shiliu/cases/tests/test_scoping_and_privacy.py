"""Who sees which household and case (404 elsewhere), what is masked for whom, and that names,
phones and notes are ciphertext in the database."""

from __future__ import annotations

import pytest
from conftest import City
from django.db import connection
from django.test import Client
from django.urls import reverse

from shiliu.cases import selectors, services
from shiliu.cases.tests import factories
from shiliu.core.permissions import Role
from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff
from shiliu.service_requests.tests.factories import staff

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    return login_staff(Client(), user)


def test_a_grid_worker_gets_404_for_another_grids_household_and_case(
    city: City, grid_worker: User, other_grid_worker: User
) -> None:
    theirs = factories.case(other_grid_worker, city.grid_b)
    client = signed_in(grid_worker)
    household_ref, case_ref = theirs.household.reference, theirs.reference
    assert client.get(reverse("cases:household-detail", args=[household_ref])).status_code == 404
    assert client.get(reverse("cases:case-detail", args=[case_ref])).status_code == 404
    close = reverse("cases:case-act", args=[case_ref, "close"])
    assert client.post(close, {"close-outcome": "other"}).status_code == 404
    assert client.post(reverse("cases:visit-record", args=[household_ref]),
                       {"visited_on": "2026-01-05", "method": "home", "notes": "x"}).status_code == 404
    assert case_ref not in client.get(reverse("cases:case-list") + "?status=").content.decode()


def test_a_supervisor_sees_the_district_masked(city: City, grid_worker: User, supervisor: User) -> None:
    case = factories.case(grid_worker, city.grid_a, home=factories.household(
        grid_worker, city.grid_a, head_name="王桂兰", head_phone="13912345678"))
    page = signed_in(supervisor).get(reverse("cases:household-detail", args=[case.household.reference]))
    body = page.content.decode()
    assert page.status_code == 200 and "王**" in body and "王桂兰" not in body and "13912345678" not in body
    grid_page = signed_in(grid_worker).get(reverse("cases:household-detail", args=[case.household.reference]))
    assert "王桂兰" in grid_page.content.decode()


def test_an_analyst_sees_no_household_and_no_case(city: City, grid_worker: User, analyst: User) -> None:
    case = factories.case(grid_worker, city.grid_a)
    client = signed_in(analyst)
    assert client.get(reverse("cases:case-list")).status_code == 403
    assert client.get(reverse("cases:household-detail", args=[case.household.reference])).status_code == 403
    assert not selectors.household_list(analyst).exists() and not selectors.case_list(analyst).exists()


def test_a_paired_member_of_staff_sees_their_household_only(city: City, grid_worker: User, handler: User) -> None:
    paired = factories.household(grid_worker, city.grid_a)
    other = factories.household(grid_worker, city.grid_a)
    pairing = services.pairing_create(grid_worker, staff=handler, household=paired)
    assert list(selectors.household_list(handler)) == [paired]
    assert list(selectors.pairing_list(handler)) == [pairing]
    client = signed_in(handler)
    assert client.post(reverse("cases:pairing-contact", args=[pairing.pk]),
                       {"contacted_on": "2026-01-05", "method": "phone"}).status_code == 302
    assert other not in selectors.household_list(handler)


def test_names_phones_and_notes_are_ciphertext_in_the_database(city: City, grid_worker: User) -> None:
    household = factories.household(grid_worker, city.grid_a, head_name="王桂兰", head_phone="13912345678",
                                     notes="独居老人")
    case = factories.case(grid_worker, home=household, summary="低保边缘户，需要申请临时救助")
    visit, _created = services.visit_record(grid_worker, household=household, case=case, visited_on=case.opened_on,
                                            method="home", notes="老人腿脚不便", next_step="联系社区医生")
    with connection.cursor() as cursor:
        cursor.execute("SELECT head_name, head_phone, notes FROM cases_household WHERE id = %s", [household.pk])
        raw_household = cursor.fetchone()
        cursor.execute("SELECT summary FROM cases_case WHERE id = %s", [case.pk])
        raw_case = cursor.fetchone()
        cursor.execute("SELECT notes, next_step FROM cases_visit WHERE id = %s", [visit.pk])
        raw_visit = cursor.fetchone()
    for raw, plain in zip([*raw_household, *raw_case, *raw_visit],
                          ["王桂兰", "13912345678", "独居老人", "低保边缘户", "老人腿脚", "社区医生"], strict=True):
        assert plain not in raw and raw.startswith("gAAAA")
    household.refresh_from_db()
    assert household.head_name == "王桂兰"


def test_a_household_is_found_by_its_whole_phone_number(city: City, grid_worker: User) -> None:
    household = factories.household(grid_worker, city.grid_a, head_phone="13912345678")
    assert list(selectors.household_list(grid_worker, query="139 1234 5678")) == [household]
    assert not selectors.household_list(grid_worker, query="1391234").exists()


def test_station_staff_of_the_community_see_both_grids(city: City, grid_worker: User, other_grid_worker: User,
                                                       station_staff: User) -> None:
    a = factories.household(grid_worker, city.grid_a)
    b = factories.household(other_grid_worker, city.grid_b)
    assert set(selectors.household_list(station_staff)) == {a, b}
    elsewhere_staff = staff(Role.STATION_STAFF, city.housing)
    assert not selectors.household_list(elsewhere_staff).exists()
