"""What declarations keep about residents goes with the resident's rights: their export holds
the declarations (and no ethnicity, religion or origin column), deleting the account or
withdrawing the residence consent anonymises them, and moved-out declarations are anonymised
once past their retention period."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from conftest import City
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from shiliu.audit.models import AuditAction, AuditEvent
from shiliu.core.permissions import Role
from shiliu.privacy.models import Purpose
from shiliu.privacy.services import consent_withdraw, personal_data_purge, resident_erase
from shiliu.residence import workflow
from shiliu.residence.models import Declaration, HouseholdMember
from shiliu.residence.personal_data import EXPORT_FIELDS
from shiliu.residence.tests.factories import declaration, resident
from shiliu.residence.tests.test_declaration_http import FORBIDDEN, signed_in
from shiliu.residence.workflow import Status
from shiliu.service_requests.tests.factories import staff

pytestmark = pytest.mark.django_db


def test_the_residents_export_holds_their_declarations(city: City) -> None:
    someone = resident()
    declared = declaration(someone, city.community, full_name="赵一鸣")
    declaration(resident(), city.community)  # someone else's
    client = signed_in(someone)

    data = json.loads(client.get("/zh-hans/me/export/json/").content)
    [mine] = data["residence_declarations"]
    assert mine["reference"] == declared.reference and mine["full_name"] == "赵一鸣"
    assert mine["members"] == [{"name": "王小明", "relation": "child", "birth_year": 2019, "schooling": "primary"}]
    assert list(mine) == EXPORT_FIELDS

    book = load_workbook(io.BytesIO(client.get("/zh-hans/me/export/xlsx/").content))
    sheet = book["residence_declarations"]
    header = [cell.value for cell in sheet[1]]
    assert header == EXPORT_FIELDS and sheet.max_row == 2
    columns = [*header, *mine["members"][0]]
    assert not [c for c in columns if any(word in c for word in FORBIDDEN)]


def test_deleting_the_account_anonymises_declarations(city: City) -> None:
    someone = resident()
    declared = declaration(someone, city.community)

    resident_erase(actor=None, user=someone, reason="account_deleted")

    declared.refresh_from_db()
    assert declared.resident is None and declared.personal_data_erased_at is not None
    assert (declared.full_name, declared.building, declared.room) == ("—", "", "")
    assert set(HouseholdMember.objects.values_list("name", flat=True)) == {"—"}
    assert declared.community == city.community and declared.moved_in_on == date(2026, 3, 2)
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, target_type="residence.declaration").exists()


def test_withdrawing_the_residence_consent_anonymises_declarations(city: City) -> None:
    someone = resident()
    declared = declaration(someone, city.community)

    consent_withdraw(actor=someone, purpose=Purpose.RESIDENCE_DECLARATION, user=someone)

    declared.refresh_from_db()
    assert declared.personal_data_erased_at is not None and declared.full_name == "—"


def test_moved_out_declarations_are_anonymised_after_retention(city: City, settings: Any) -> None:
    settings.SHILIU_RETENTION_DAYS = {**settings.SHILIU_RETENTION_DAYS, "moved_out_declarations": 30}
    station = staff(Role.STATION_STAFF, city.community, username="st")
    old, recent, staying = (declaration(resident(), city.community) for _ in range(3))
    for declared in (old, recent, staying):
        workflow.confirm(declared, actor=station)
    start = timezone.now()
    with time_machine.travel(start - timedelta(days=40), tick=False):
        workflow.move_out(old, actor=station, moved_out_on=timezone.localdate() - timedelta(days=1))
    workflow.move_out(recent, actor=station, moved_out_on=timezone.localdate())

    personal_data_purge(now=start)

    erased = set(Declaration.objects.filter(personal_data_erased_at__isnull=False).values_list("pk", flat=True))
    assert erased == {old.pk}
    assert Declaration.objects.get(pk=staying.pk).status == Status.CONFIRMED


def test_the_residents_account_page_lists_their_declarations(city: City) -> None:
    someone = resident()
    made = declaration(someone, city.community)
    page = signed_in(someone).get(reverse("privacy:resident-home")).content.decode()
    assert made.reference in page and made.get_absolute_url() in page
