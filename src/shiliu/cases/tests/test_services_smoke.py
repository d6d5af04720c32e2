from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from shiliu.cases import selectors, services
from shiliu.cases.tests import factories
from shiliu.cases.workflow import Status


@pytest.mark.django_db
def test_a_case_goes_from_open_to_closed(city, grid_worker):
    case = factories.case(grid_worker, city.grid_a)
    assert case.reference.startswith(f"CA-{case.opened_on.year}-")
    services.case_assess(grid_worker, case=case, levels={"income": "severe", "schooling": "some"})
    action = services.plan_action_add(grid_worker, case=case, title="申请临时救助", owner=grid_worker,
                                      due_on=timezone.localdate() + timedelta(days=10))
    services.case_start_plan(grid_worker, case=case)
    visit, created = services.visit_record(grid_worker, household=case.household, case=case,
                                           visited_on=timezone.localdate(), method="home", notes="已送去申请表",
                                           idempotency_key="0b6a4c1e-1111-4b22-8c33-123456789abc")
    again, created_again = services.visit_record(grid_worker, household=case.household, case=case,
                                                 visited_on=timezone.localdate(), method="home", notes="x",
                                                 idempotency_key="0b6a4c1e-1111-4b22-8c33-123456789abc")
    assert created and not created_again and again.pk == visit.pk
    services.plan_action_done(grid_worker, action=action)
    services.case_monitor(grid_worker, case=case)
    services.case_close(grid_worker, case=case, outcome="resolved")
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert [e.kind for e in case.events.all()] == [
        "open", "assess", "action_add", "start_plan", "visit", "action_done", "monitor", "close"]
    assert list(selectors.case_list(grid_worker)) == [case]
