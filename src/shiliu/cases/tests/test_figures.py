"""The casework figures against values counted by hand, and an analyst who sees counts only."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from conftest import City
from django.test import Client
from django.urls import reverse

from shiliu.cases import services
from shiliu.cases.models import Case
from shiliu.cases.tests import factories
from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff
from shiliu.reports.figures import casework_figures

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 18)


@time_machine.travel("2026-03-18 10:00 +0800", tick=False)
def test_the_casework_counts(city: City, grid_worker: User, other_grid_worker: User, analyst: User,
                             station_staff: User) -> None:
    # Grid A: three cases. One opened in February and closed on 3 March; one opened on 2 March with
    # an action due 10 March (overdue) and one due 25 March; one opened on 17 March.
    closed = factories.case(grid_worker, city.grid_a, opened_on=date(2026, 2, 10))
    services.case_close(grid_worker, case=closed, outcome="resolved")
    Case.objects.filter(pk=closed.pk).update(closed_on=date(2026, 3, 3))
    active = factories.case(grid_worker, city.grid_a, opened_on=date(2026, 3, 2))
    services.plan_action_add(grid_worker, case=active, title="申请低保", owner=grid_worker, due_on=date(2026, 3, 10))
    services.plan_action_add(grid_worker, case=active, title="联系学校", owner=grid_worker, due_on=date(2026, 3, 25))
    done = services.plan_action_add(grid_worker, case=active, title="送米面油", owner=grid_worker,
                                    due_on=date(2026, 3, 5))
    services.plan_action_done(grid_worker, action=done, done_on=date(2026, 3, 6))
    factories.case(grid_worker, city.grid_a, opened_on=date(2026, 3, 17))
    # Visits: two in March (one set a next visit on 15 March: overdue), one in February.
    services.visit_record(grid_worker, household=active.household, visited_on=date(2026, 2, 20), method="home",
                          notes="初访")
    services.visit_record(grid_worker, household=active.household, visited_on=date(2026, 3, 1), method="phone",
                          notes="电话", next_visit_on=date(2026, 3, 15))
    services.visit_record(grid_worker, household=closed.household, visited_on=date(2026, 3, 12), method="home",
                          notes="回访", next_visit_on=date(2026, 4, 12))
    # Pairings: one 60 days old with no contact (short), one with its contact, one only 10 days old.
    services.pairing_create(station_staff, staff=grid_worker, household=active.household,
                            started_on=TODAY - timedelta(days=60))
    kept = services.pairing_create(station_staff, staff=grid_worker, household=closed.household,
                                   started_on=TODAY - timedelta(days=60))
    services.pairing_contact_record(grid_worker, pairing=kept, contacted_on=TODAY - timedelta(days=3), method="phone")
    services.pairing_create(station_staff, staff=station_staff, household=active.household,
                            started_on=TODAY - timedelta(days=10))
    # Grid B: one open case, counted by the analyst at the city but not by grid A's worker.
    factories.case(other_grid_worker, city.grid_b, opened_on=date(2026, 1, 5))

    expected_grid_a = {"open_cases": 2, "cases_opened_this_month": 2, "cases_closed_this_month": 1,
                       "overdue_actions": 1, "overdue_visits": 1, "visits_this_month": 2,
                       "pairings_short_of_contact": 1}
    got = {cell.figure.key: cell.value for cell in casework_figures(user=grid_worker, today=TODAY)}
    assert got == expected_grid_a
    city_wide = {cell.figure.key: cell.value for cell in casework_figures(user=analyst, today=TODAY)}
    assert city_wide == {**expected_grid_a, "open_cases": 3}

    page = login_staff(Client(), analyst).get(reverse("reports:figures")).content.decode()
    assert 'class="figure-open_cases">3<' in page
    assert "李秀" not in page  # counts only, never a name
