"""Residents' sign-in is locked per account like the staff's, and a shared address (a service
station's counters) does not lock its staff out when one resident keeps getting it wrong."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from shiliu.audit.models import AuditAction, AuditEvent
from shiliu.people.models import User
from shiliu.privacy.services import resident_sign_up

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
PASSWORD = "石榴-very-long-passphrase"
STATION = "203.0.113.50"  # one address for every counter of the service station
T0 = datetime(2026, 3, 4, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
RESIDENT_SIGN_IN = "/en/me/sign-in/"
STAFF_SIGN_IN = "/en/accounts/login/"


@pytest.fixture
def resident(db: None) -> User:
    return resident_sign_up(identifier=PHONE, password=PASSWORD, language="en")


def resident_sign_in(client: Client, password: str, *, identifier: str = PHONE) -> object:
    return client.post(RESIDENT_SIGN_IN, {"identifier": identifier, "password": password},
                       REMOTE_ADDR=STATION)


def test_twelve_wrong_resident_passwords_lock_the_account_until_the_stated_time(
    resident: User, outsider: User
) -> None:
    client = Client()
    with time_machine.travel(T0, tick=False):
        statuses = [resident_sign_in(client, f"wrong-guess-{n}").status_code for n in range(12)]
        assert statuses[:4] == [400] * 4 and set(statuses[4:]) == {429}
        # The right password is refused too, and the page says until when, in the resident's words.
        refused = resident_sign_in(client, PASSWORD)
        html = refused.content.decode()
        assert refused.status_code == 429
        assert "Signing in is paused until 10:15" in html
        assert refused["Retry-After"] == str(15 * 60)
        # Writing the number differently is the same account.
        assert resident_sign_in(client, PASSWORD, identifier="139 1234 5678").status_code == 429
        # A staff member at the same counter still signs in.
        staff = Client().post(STAFF_SIGN_IN, {"username": "outsider", "password": "pass-Word-123"},
                              REMOTE_ADDR=STATION)
        assert staff.status_code == 302

    # axes keeps the account as a blind index and never the number or the password typed.
    kept = str(list(AccessAttempt.objects.values()))
    assert PHONE not in kept and "wrong-guess" not in kept and "resident:" in kept

    [lock] = AuditEvent.objects.filter(action=AuditAction.LOCKOUT)
    assert lock.target_id == str(resident.pk) and lock.ip_address == STATION
    assert lock.detail["scope"] == "account"
    assert PHONE not in str(lock.content()) and PHONE not in lock.actor_label

    with time_machine.travel(T0 + timedelta(minutes=15, seconds=1), tick=False):
        response = resident_sign_in(client, PASSWORD)
        assert response.status_code == 302
        assert client.get(reverse("privacy:resident-home")).status_code == 200


def test_the_lockout_page_is_in_the_residents_language(resident: User) -> None:
    client = Client()
    with time_machine.travel(T0, tick=False):
        for n in range(6):
            response = client.post("/ug/me/sign-in/", {"identifier": PHONE, "password": f"no-{n}"})
    assert response.status_code == 429
    assert 'lang="ug"' in response.content.decode()
