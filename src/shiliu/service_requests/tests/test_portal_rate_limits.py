"""The portal's abuse limits: submissions per address and per signed-in account, counted in the
same cache-based limiter as the APIs, with a clear 429 page in the resident's language."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from conftest import IN_GRID_A, City
from django.test import Client

from shiliu.privacy.services import resident_sign_up
from shiliu.service_requests.models import ServiceRequest

pytestmark = pytest.mark.django_db

SUBMIT = "/en/report/"
T0 = "2026-03-04 10:00:00 +0800"


def form(city: City) -> dict[str, Any]:
    return {"category": city.category.pk, "request_type": "help", "description": "楼顶水管漏水",
            "consent_handling": "on", "latitude": IN_GRID_A["latitude"],
            "longitude": IN_GRID_A["longitude"],
            # The same text again would first be shown as a possible duplicate (test_duplicates).
            "not_a_duplicate": "1"}


def test_portal_submissions_are_limited_per_address_with_a_clear_429(
    city: City, settings: Any
) -> None:
    settings.SHILIU_RATE_LIMITS = {**settings.SHILIU_RATE_LIMITS, "portal_intake": "3/hour"}
    client = Client(REMOTE_ADDR="198.51.100.20")
    with time_machine.travel(T0, tick=False):
        statuses = [client.post(SUBMIT, form(city)).status_code for _ in range(3)]
        refused = client.post(SUBMIT, form(city))
        uyghur = client.post("/ug/report/", form(city))
        elsewhere = Client(REMOTE_ADDR="198.51.100.21").post(SUBMIT, form(city))
    assert statuses == [302, 302, 302]
    assert refused.status_code == 429 and refused["Retry-After"] == "3601"
    assert "Too many requests. Please try again in 3601 seconds." in refused.content.decode()
    assert uyghur.status_code == 429 and 'lang="ug"' in uyghur.content.decode()
    assert elsewhere.status_code == 302
    assert ServiceRequest.objects.count() == 4


def test_a_signed_in_resident_is_limited_per_account_from_any_address(
    city: City, settings: Any
) -> None:
    settings.SHILIU_RATE_LIMITS = {**settings.SHILIU_RATE_LIMITS, "portal_intake_account": "2/hour"}
    resident_sign_up(identifier="13912345678", password="石榴-very-long-passphrase", language="en")
    client = Client()
    client.post("/en/me/sign-in/", {"identifier": "13912345678", "password": "石榴-very-long-passphrase"})
    with time_machine.travel(T0, tick=False):
        statuses = [client.post(SUBMIT, form(city), REMOTE_ADDR=f"198.51.100.{n}").status_code
                    for n in range(3)]
    assert statuses == [302, 302, 429]


def test_sign_ups_are_limited_per_address(db: None, settings: Any) -> None:
    settings.SHILIU_RATE_LIMITS = {**settings.SHILIU_RATE_LIMITS, "sign_up": "2/hour"}
    client = Client(REMOTE_ADDR="198.51.100.30")
    password = "石榴-very-long-passphrase"
    with time_machine.travel(T0, tick=False):
        statuses = [
            Client(REMOTE_ADDR="198.51.100.30").post("/en/me/sign-up/", {
                "identifier": f"1391234567{n}", "password": password, "password_again": password,
                "preferred_language": "en"}).status_code
            for n in range(3)
        ]
        page = client.post("/en/me/sign-up/", {})
    assert statuses[:2] != [429, 429] and statuses[2] == 429
    assert page.status_code == 429 and page["Retry-After"] == "3601"


def test_the_default_limits_stop_a_flood_from_one_address(city: City) -> None:
    client = Client(REMOTE_ADDR="198.51.100.40")
    with time_machine.travel(T0, tick=False):
        statuses = [client.post(SUBMIT, form(city)).status_code for _ in range(25)]
    assert 429 in statuses
