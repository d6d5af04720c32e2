"""Encryption at rest: values are sealed in the database, open with any configured key, rotate
to the first key, and can only be found through the blind index."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.db import connection

from shiliu.privacy import crypto
from shiliu.service_requests.models import ServiceRequest
from shiliu.service_requests.tests.journeys import submit

pytestmark = pytest.mark.django_db

PHONE = "13812341234"


def raw_row(pk: int) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT contact_name, contact_phone, address, contact_phone_index "
            "FROM service_requests_servicerequest WHERE id = %s", [pk],
        )
        name, phone, address, index = cursor.fetchone()
    return {"name": name, "phone": phone, "address": address, "index": index}


def test_contact_data_is_ciphertext_in_the_database_and_plaintext_in_the_model(city: Any) -> None:
    request = submit(city.category, contact_name="王秀英", contact_phone=PHONE, address="团结路 12 号 3 栋")
    row = raw_row(request.pk)
    for stored, clear in ((row["name"], "王秀英"), (row["phone"], PHONE), (row["address"], "团结路 12 号 3 栋")):
        assert clear not in stored and stored.startswith("gAAAA")
    again = ServiceRequest.objects.get(pk=request.pk)
    assert (again.contact_name, again.contact_phone, again.address) == ("王秀英", PHONE, "团结路 12 号 3 栋")


def test_the_same_phone_seals_differently_but_indexes_the_same(city: Any) -> None:
    first = submit(city.category, contact_phone=PHONE)
    second = submit(city.category, contact_phone="+86 138-1234-1234")
    one, two = raw_row(first.pk), raw_row(second.pk)
    assert one["phone"] != two["phone"]
    assert one["index"] == two["index"] == crypto.blind_index(PHONE, kind="phone")
    assert len(one["index"]) == 64 and PHONE not in one["index"]


def test_an_encrypted_field_refuses_to_be_searched_by_value(city: Any) -> None:
    submit(city.category, contact_phone=PHONE)
    with pytest.raises(FieldError, match="blind index"):
        list(ServiceRequest.objects.filter(contact_phone=PHONE))
    with pytest.raises(FieldError):
        list(ServiceRequest.objects.filter(contact_phone__icontains="1234"))
    assert ServiceRequest.objects.filter(contact_phone="").count() == 0
    assert ServiceRequest.objects.exclude(contact_phone="").count() == 1


def test_a_tampered_value_does_not_decrypt(settings: Any) -> None:
    token = crypto.encrypt("13812341234")
    tampered = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(tampered)


def test_old_keys_still_decrypt_and_rotation_moves_values_to_the_first_key(settings: Any) -> None:
    old = settings.SHILIU_FIELD_KEYS[0]
    token = crypto.encrypt("王秀英")
    settings.SHILIU_FIELD_KEYS = [Fernet.generate_key().decode(), old]
    assert crypto.decrypt(token) == "王秀英" and not crypto.is_current(token)
    rotated = crypto.rotate(token)
    assert crypto.is_current(rotated) and crypto.decrypt(rotated) == "王秀英"
    settings.SHILIU_FIELD_KEYS = settings.SHILIU_FIELD_KEYS[:1]
    assert crypto.decrypt(rotated) == "王秀英"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token)


@pytest.mark.parametrize(("typed", "normalised"), [
    ("138 1234 1234", "13812341234"),
    ("+86 138-1234-1234", "13812341234"),
    ("008613812341234", "13812341234"),
    ("028-12345678", "02812345678"),
])
def test_phone_numbers_are_normalised_before_indexing(typed: str, normalised: str) -> None:
    assert crypto.normalise_phone(typed) == normalised
    assert crypto.blind_index(typed, kind="phone") == crypto.blind_index(normalised, kind="phone")


def test_the_blind_index_depends_on_the_key(settings: Any) -> None:
    before = crypto.blind_index(PHONE, kind="phone")
    settings.SHILIU_BLIND_INDEX_KEY = "another-key"
    assert crypto.blind_index(PHONE, kind="phone") != before
    assert crypto.blind_index("", kind="phone") == ""
