"""A resident signed in on the portal calls the REST API as the public does: in the anonymous
bucket of their address, never in the staff and keys' bucket."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.test import Client

from shiliu.privacy.services import resident_sign_up

pytestmark = pytest.mark.django_db


def test_a_signed_in_resident_gets_the_anonymous_bucket_on_rest(db: None, settings: Any) -> None:
    settings.SHILIU_RATE_LIMITS = {**settings.SHILIU_RATE_LIMITS, "anonymous": "2/minute",
                                   "keyed": "100/minute"}
    resident_sign_up(identifier="13912345678", password="石榴-very-long-passphrase", language="en")
    client = Client()
    client.post("/en/me/sign-in/", {"identifier": "13912345678", "password": "石榴-very-long-passphrase"})
    with time_machine.travel("2026-03-04 10:00:00 +0800", tick=False):
        statuses = [client.get("/api/v1/categories").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
