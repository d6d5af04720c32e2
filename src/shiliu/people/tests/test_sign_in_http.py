"""Signing in through HTTP: password, lockout, two-factor enrolment and verification, recovery
codes, the idle timeout, and the audit trail of each step."""

from __future__ import annotations

import base64
import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django_otp.oath import totp

from shiliu.audit.models import AuditAction, AuditEvent
from shiliu.people.models import User
from shiliu.people.tests.auth import current_code
from shiliu.people.two_factor import enrol_demo_totp

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/login/"
VERIFY = "/en/accounts/two-factor/verify/"
SETUP = "/en/accounts/two-factor/setup/"
WORKBENCH = "/en/workbench/"
PASSWORD = "pass-Word-123"  # the factories' password
T0 = datetime(2026, 3, 4, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def sign_in(
    client: Client,
    username: str,
    password: str = PASSWORD,
    *,
    address: str = "203.0.113.7",
    **fields: str,
) -> Any:
    return client.post(
        LOGIN, {"username": username, "password": password, **fields}, REMOTE_ADDR=address
    )


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


# --- Password ------------------------------------------------------------------------------------


def test_a_sign_in_is_audited_with_the_address(outsider: User) -> None:
    client = Client()
    response = sign_in(client, "outsider")
    assert response.status_code == 302
    event = events(AuditAction.SIGN_IN)[-1]
    assert event.actor_id == outsider.pk and event.ip_address == "203.0.113.7"


def test_a_failed_sign_in_records_the_username_tried_never_the_password(outsider: User) -> None:
    response = sign_in(Client(), "outsider", "Wrong-Secret-42")
    assert response.status_code == 400
    assert "Please enter a correct username and password" in response.content.decode()
    [event] = events(AuditAction.SIGN_IN_FAILED)
    assert event.actor_label == "outsider" and event.target_id == str(outsider.pk)
    assert event.ip_address == "203.0.113.7"
    assert "Wrong-Secret-42" not in str(event.content())


def test_signing_out_is_audited(outsider: User) -> None:
    client = Client()
    sign_in(client, "outsider")
    client.post("/en/accounts/logout/")
    [event] = events(AuditAction.SIGN_OUT)
    assert event.actor_id == outsider.pk and event.detail == {"reason": "asked"}


# --- Lockout -------------------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(outsider: User) -> None:
    client = Client()
    with time_machine.travel(T0, tick=False):
        for _ in range(4):
            assert sign_in(client, "outsider", "not-the-password").status_code == 400
        fifth = sign_in(client, "outsider", "not-the-password")
        assert fifth.status_code == 429
        assert "Signing in is paused until 10:15" in fifth.content.decode()
        # Even the right password is refused now, with the time to come back.
        response = sign_in(client, "outsider")
        assert response.status_code == 429
        assert "Too many failed sign-ins. Signing in is paused until 10:15" in (
            response.content.decode()
        )
    [lock] = events(AuditAction.LOCKOUT)
    assert lock.actor_label == "outsider" and lock.detail["scope"] == "account"
    refused = events(AuditAction.SIGN_IN_FAILED)[-1]
    assert refused.detail == {"factor": "password", "refused": "locked"}

    with time_machine.travel(T0 + timedelta(minutes=15, seconds=1), tick=False):
        assert sign_in(client, "outsider").status_code == 302


def test_the_lock_does_not_grow_while_people_keep_trying(outsider: User) -> None:
    client = Client()
    with time_machine.travel(T0, tick=False):
        for _ in range(5):
            sign_in(client, "outsider", "not-the-password")
    with time_machine.travel(T0 + timedelta(minutes=10), tick=False):
        assert sign_in(client, "outsider", "still-wrong").status_code == 429
    with time_machine.travel(T0 + timedelta(minutes=15, seconds=1), tick=False):
        assert sign_in(client, "outsider").status_code == 302
    assert len(events(AuditAction.LOCKOUT)) == 1


def test_a_completed_sign_in_forgives_earlier_failures(outsider: User) -> None:
    client = Client()
    with time_machine.travel(T0, tick=False):
        for _ in range(4):
            sign_in(client, "outsider", "not-the-password")
        assert sign_in(client, "outsider").status_code == 302
        client.post("/en/accounts/logout/")
        for _ in range(4):
            sign_in(client, "outsider", "not-the-password")
        assert sign_in(client, "outsider").status_code == 302


def test_one_address_trying_many_usernames_is_locked_out(outsider: User) -> None:
    client = Client()
    with time_machine.travel(T0, tick=False):
        for n in range(20):
            sign_in(client, f"guess{n}", "password1234")
        response = sign_in(client, "outsider")
        assert response.status_code == 429
        # Another address is not affected.
        assert sign_in(Client(), "outsider", address="198.51.100.9").status_code == 302
    assert events(AuditAction.LOCKOUT)[-1].detail["scope"] == "address"


def test_the_lockout_message_is_in_the_callers_language(outsider: User) -> None:
    client = Client()
    with time_machine.travel(T0, tick=False):
        for _ in range(6):
            response = client.post(
                "/zh-hans/accounts/login/", {"username": "outsider", "password": "wrong-one-1"}
            )
    assert response.status_code == 429
    assert 'lang="zh-hans"' in response.content.decode()


# --- Two factors ---------------------------------------------------------------------------------


def test_staff_without_a_device_are_sent_to_enrol_and_can_then_work(
    client: Client, dispatcher: User
) -> None:
    with time_machine.travel(T0, tick=False):
        response = sign_in(client, "dispatcher", next=WORKBENCH)
        assert response.status_code == 302
        # The password alone opens no staff page: the workbench sends them to enrol.
        response = client.get(WORKBENCH)
        assert response.status_code == 302 and response["Location"].startswith(SETUP)

        page = client.get(response["Location"])
        html = page.content.decode()
        assert page.status_code == 200
        assert 'src="data:image/svg+xml' in html  # the QR code, no script needed
        secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', html)
        assert secret is not None

        wrong = client.post(SETUP, {"code": "000000", "next": WORKBENCH})
        assert wrong.status_code == 400 and "That code is not right" in wrong.content.decode()

    with time_machine.travel(T0 + timedelta(seconds=31), tick=False):
        # The phone computes the code from the secret shown on the page.
        typed = secret.group(1).replace(" ", "")
        key = base64.b32decode(typed + "=" * (-len(typed) % 8))
        code = f"{totp(key):06d}"
        done = client.post(SETUP, {"code": code, "next": WORKBENCH})
        assert done.status_code == 200
        codes = re.findall(r"<li><code>([a-z2-7-]+)</code></li>", done.content.decode())
        assert len(codes) == 10
        assert client.get(WORKBENCH).status_code == 200
    enrolled = events(AuditAction.PERMISSION_CHANGE)[-1]
    assert enrolled.target_id == str(dispatcher.pk) and enrolled.detail["two_factor"] == "enrolled"


def test_enrolled_staff_verify_a_code_after_the_password(client: Client, dispatcher: User) -> None:
    enrol_demo_totp(dispatcher)
    with time_machine.travel(T0, tick=False):
        response = sign_in(client, "dispatcher", next=WORKBENCH)
        assert client.get(WORKBENCH)["Location"].startswith(VERIFY)
        response = client.post(VERIFY, {"code": current_code(dispatcher), "next": WORKBENCH})
        assert response.status_code == 302 and response["Location"] == WORKBENCH
        assert client.get(WORKBENCH).status_code == 200
    verified = events(AuditAction.SIGN_IN)[-1]
    assert verified.detail == {"factor": "totp"} and verified.ip_address == "127.0.0.1"


def test_a_code_one_step_old_is_accepted_and_an_older_one_is_not(
    client: Client, dispatcher: User
) -> None:
    enrol_demo_totp(dispatcher)
    with time_machine.travel(T0, tick=False):
        old_code = current_code(dispatcher)
    with time_machine.travel(T0 - timedelta(seconds=90), tick=False):
        older_code = current_code(dispatcher)
    with time_machine.travel(T0 + timedelta(seconds=30), tick=False):
        sign_in(client, "dispatcher")
        rejected = client.post(VERIFY, {"code": older_code})
        assert rejected.status_code == 400
    with time_machine.travel(T0 + timedelta(seconds=35), tick=False):  # after the 1 s back-off
        assert client.post(VERIFY, {"code": old_code}).status_code == 302


def test_a_recovery_code_works_once(client: Client, dispatcher: User) -> None:
    with time_machine.travel(T0, tick=False):
        sign_in(client, "dispatcher")
        client.get(SETUP)
        done = client.post(SETUP, {"code": current_code(dispatcher)})
        codes = re.findall(r"<li><code>([a-z2-7-]+)</code></li>", done.content.decode())
        client.post("/en/accounts/logout/")

        sign_in(client, "dispatcher")
        assert client.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
        client.post("/en/accounts/logout/")

        sign_in(client, "dispatcher")
        again = client.post(VERIFY, {"code": codes[0]})
        assert again.status_code == 400 and "recovery codes" in again.content.decode()
    used = [e for e in events(AuditAction.SIGN_IN) if e.detail.get("factor") == "recovery_code"]
    assert used[0].detail["recovery_codes_left"] == 9


def test_five_wrong_codes_sign_the_person_out_and_lock_the_account(
    client: Client, dispatcher: User
) -> None:
    enrol_demo_totp(dispatcher)
    moment = T0
    with time_machine.travel(moment, tick=False):
        sign_in(client, "dispatcher")
    for attempt in range(5):
        # Past the device's own back-off (1, 2, 4, 8 s), so each wrong code is really checked.
        moment += timedelta(seconds=2**attempt + 1)
        with time_machine.travel(moment, tick=False):
            wrong = f"{(int(current_code(dispatcher)) + 500_000) % 1_000_000:06d}"
            response = client.post(VERIFY, {"code": wrong})
    # The fifth wrong code answers with the lockout page, saying until when; they are signed out.
    assert response.status_code == 429
    assert "Too many failed sign-ins. Signing in is paused until" in response.content.decode()
    with time_machine.travel(moment, tick=False):
        assert client.get(WORKBENCH)["Location"].startswith(LOGIN)
        assert sign_in(client, "dispatcher").status_code == 429
    assert events(AuditAction.LOCKOUT)[-1].detail["scope"] == "account"
    assert events(AuditAction.SIGN_OUT)[-1].detail == {"reason": "lockout"}


def test_a_forced_login_is_not_a_verified_staff_session(client: Client, dispatcher: User) -> None:
    client.force_login(dispatcher)
    response = client.get(WORKBENCH)
    assert response.status_code == 302 and response["Location"].startswith(SETUP)


def test_people_without_a_staff_role_need_no_second_factor(client: Client, outsider: User) -> None:
    sign_in(client, "outsider")
    assert client.get("/en/accounts/two-factor/setup/").status_code == 302
    assert client.get("/en/").status_code == 200


# --- Idle timeout --------------------------------------------------------------------------------


def test_staff_are_signed_out_after_fifteen_idle_minutes(
    client: Client, dispatcher: User, login_staff: Any
) -> None:
    with time_machine.travel(T0, tick=False):
        login_staff(client, dispatcher)
        assert client.get(WORKBENCH).status_code == 200
    with time_machine.travel(T0 + timedelta(minutes=14), tick=False):
        assert client.get(WORKBENCH).status_code == 200  # activity moves the clock on
    with time_machine.travel(T0 + timedelta(minutes=29, seconds=30), tick=False):
        response = client.get(WORKBENCH)
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)
        page = client.get(response["Location"])
        assert "You were signed out after 15 minutes without activity" in page.content.decode()
    assert events(AuditAction.SIGN_OUT)[-1].detail == {"reason": "idle"}


def test_signing_in_again_with_the_password_does_not_forgive_wrong_codes(
    client: Client, dispatcher: User
) -> None:
    """Only the second factor forgives a staff account, or a known password would allow
    endless guessing of codes."""
    enrol_demo_totp(dispatcher)
    moment = T0
    for attempt in range(5):
        moment += timedelta(seconds=2**attempt + 1)
        with time_machine.travel(moment, tick=False):
            sign_in(client, "dispatcher")  # the password again, each time
            wrong = f"{(int(current_code(dispatcher)) + 500_000) % 1_000_000:06d}"
            response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 429
    assert events(AuditAction.LOCKOUT)[-1].target_id == str(dispatcher.pk)
