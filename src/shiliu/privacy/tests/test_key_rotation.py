"""`manage.py rotate_field_keys` moves every value to the new key while old keys still decrypt."""

from __future__ import annotations

import io
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from shiliu.privacy import crypto
from shiliu.privacy.services import resident_sign_up
from shiliu.service_requests.models import ServiceRequest
from shiliu.service_requests.tests.journeys import submit

pytestmark = pytest.mark.django_db


def stored_phone(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone FROM service_requests_servicerequest WHERE id = %s", [pk])
        return str(cursor.fetchone()[0])


def test_rotation_reencrypts_in_batches_and_old_keys_can_then_go(settings: Any, city: Any) -> None:
    old_key = settings.SHILIU_FIELD_KEYS[0]
    requests = [submit(city.category, contact_phone=f"1381234{n:04d}", contact_name="王秀英") for n in range(5)]
    resident_sign_up(identifier="13700000000", password="石榴-long-password", language="en")
    new_key = Fernet.generate_key().decode()
    settings.SHILIU_FIELD_KEYS = [new_key, old_key]
    # the site keeps working between the key change and the rotation
    assert ServiceRequest.objects.get(pk=requests[0].pk).contact_phone == "13812340000"
    out, err = io.StringIO(), io.StringIO()
    call_command("rotate_field_keys", "--batch-size", "2", stdout=out, stderr=err)
    assert "ServiceRequest.contact_phone: 5 re-encrypted" in out.getvalue()
    assert "ResidentProfile.phone: 1 re-encrypted" in out.getvalue()
    assert all(crypto.is_current(stored_phone(r.pk)) for r in requests)
    settings.SHILIU_FIELD_KEYS = [new_key]
    assert [r.contact_phone for r in ServiceRequest.objects.order_by("pk")] == [f"1381234{n:04d}" for n in range(5)]
    # running it again has nothing left to do
    out = io.StringIO()
    call_command("rotate_field_keys", "--no-progress", stdout=out)
    assert "ServiceRequest.contact_phone: 0 re-encrypted" in out.getvalue()


def test_reindex_follows_a_new_blind_index_key(settings: Any, city: Any) -> None:
    request = submit(city.category, contact_phone="13812341234")
    settings.SHILIU_BLIND_INDEX_KEY = "a-new-blind-index-key"
    call_command("rotate_field_keys", "--reindex", "--no-progress", stdout=io.StringIO())
    request.refresh_from_db()
    assert request.contact_phone_index == crypto.blind_index("13812341234", kind="phone")
