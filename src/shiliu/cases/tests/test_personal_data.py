"""A household linked to a resident's account: listed on their page, in their export, erased
with their account; and the retention purge of households long without an open case."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from conftest import City
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shiliu.audit.models import AuditEvent
from shiliu.cases import services
from shiliu.cases.models import Case, Household, Visit
from shiliu.cases.tests import factories
from shiliu.people.models import User
from shiliu.privacy.services import personal_data_purge, resident_erase, resident_export, resident_sign_up

pytestmark = pytest.mark.django_db


def test_a_residents_casework_is_listed_exported_and_erased(city: City, grid_worker: User) -> None:
    resident = resident_sign_up(identifier="13912345678", password="石榴-very-long-passphrase", language="zh-hans")
    household = factories.household(grid_worker, city.grid_a, head_name="王桂兰", resident=resident)
    case = factories.case(grid_worker, home=household, summary="老伴去世后收入骤减")
    services.visit_record(grid_worker, household=household, case=case, visited_on=case.opened_on, method="home",
                          notes="送去申请表")
    client = Client()
    client.force_login(resident)
    page = client.get(reverse("privacy:resident-home")).content.decode()
    assert case.reference in page and "王桂兰" not in page  # the case is listed; nothing written about them

    exported = json.loads(resident_export(actor=resident, fmt="json"))
    section = exported["casework"][0]
    assert section["head_name"] == "王桂兰" and section["cases"][0]["summary"] == "老伴去世后收入骤减"
    assert section["visits"][0]["notes"] == "送去申请表"

    resident_erase(actor=resident, user=resident, reason="account_deleted")
    household.refresh_from_db()
    assert household.head_name == "" and household.head_phone == "" and household.resident is None
    assert Case.objects.get(pk=case.pk).summary == "" and Visit.objects.get().notes == ""
    assert Case.objects.filter(pk=case.pk).exists()  # the rows stay for the figures
    erased = AuditEvent.objects.get(action="delete", target_type="cases.household")
    assert "王" not in json.dumps(erased.detail, ensure_ascii=False)


def test_households_long_without_an_open_case_are_purged(city: City, grid_worker: User, settings) -> None:
    settings.SHILIU_RETENTION_DAYS = {**settings.SHILIU_RETENTION_DAYS, "closed_case_notes": 365}
    old = factories.household(grid_worker, city.grid_a, head_name="旧户")
    closed = factories.case(grid_worker, home=old, opened_on=date(2023, 1, 5))
    services.case_close(grid_worker, case=closed, outcome="resolved")
    Case.objects.filter(pk=closed.pk).update(closed_on=date(2023, 3, 1))
    Household.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=1200))
    still_open = factories.case(grid_worker, city.grid_a, opened_on=date(2023, 1, 5))
    Household.objects.filter(pk=still_open.household_id).update(created_at=timezone.now() - timedelta(days=1200))
    recent = factories.household(grid_worker, city.grid_a)

    assert personal_data_purge(dry_run=True)["closed_case_notes"] == 1
    personal_data_purge()
    old.refresh_from_db()
    assert old.head_name == "" and old.personal_data_erased_at is not None
    assert Case.objects.get(pk=closed.pk).summary == ""
    for kept in (Household.objects.get(pk=still_open.household_id), recent):
        assert kept.head_name and kept.personal_data_erased_at is None
    with connection.cursor() as cursor:
        cursor.execute("SELECT head_name FROM cases_household WHERE id = %s", [old.pk])
        assert cursor.fetchone()[0] == ""
