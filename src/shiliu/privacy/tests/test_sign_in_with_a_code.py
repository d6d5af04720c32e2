"""Residents sign in with a one-time code sent to their phone (text message) or e-mail: the same
answer whether or not the address has an account, hashed codes with few tries and a short life,
limits per address and per phone or e-mail, the lockout and the audit trail as for a password."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from shiliu.audit.models import AuditAction, AuditEvent
from shiliu.people.models import User
from shiliu.privacy.models import OneTimeCode
from shiliu.privacy.services import (
    CodeSpent,
    personal_data_purge,
    resident_sign_in_code_check,
    resident_sign_up,
)

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
PASSWORD = "石榴-very-long-passphrase"
T0 = datetime(2026, 3, 4, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
SEND = "/en/me/sign-in/code/"
ENTER = "/en/me/sign-in/code/enter/"


@pytest.fixture
def resident(db: None) -> User:
    return resident_sign_up(identifier=PHONE, password=PASSWORD, language="en")


def code_in(text: str) -> str:
    return re.search(r"\b\d{6}\b", text).group(0)  # type: ignore[union-attr]


def without_tokens(html: str) -> str:
    """The page without what differs on every response (the CSRF token, the CSP nonce)."""
    return re.sub(r'(name="csrfmiddlewaretoken" value|nonce)="[^"]*"', "", html)


def ask(client: Client, identifier: str, **extra: Any) -> Any:
    return client.post(SEND, {"identifier": identifier}, **extra)


def test_a_resident_signs_in_with_a_code_sent_to_their_phone(
    resident: User, sms_outbox: list[tuple[str, str]]
) -> None:
    from shiliu.core.sms import Kind, MemorySmsSender

    client = Client()
    response = ask(client, "139 1234 5678")
    assert response.status_code == 302 and response["Location"].endswith(ENTER)
    [(number, text)] = sms_outbox
    assert number == PHONE and "sign-in code" in text
    [message] = MemorySmsSender.messages
    assert message.kind == Kind.SIGN_IN_CODE and message.params == (code_in(text), "10")
    # The code is kept only as a hash.
    row = OneTimeCode.objects.get()
    assert code_in(text) not in str(list(OneTimeCode.objects.values())) and row.code_hash

    response = client.post(ENTER, {"code": code_in(text)})
    assert response.status_code == 302 and response["Location"].endswith("/me/")
    assert client.get(reverse("privacy:resident-home")).status_code == 200
    [signed_in] = AuditEvent.objects.filter(action=AuditAction.SIGN_IN)
    assert signed_in.actor == resident and signed_in.detail["factor"] == "code"
    # A code is used once.
    with pytest.raises(CodeSpent):
        resident_sign_in_code_check(identifier=PHONE, code=code_in(text))


def test_a_resident_signs_in_with_a_code_sent_by_e_mail(db: None, sms_outbox: list[tuple[str, str]]) -> None:
    resident_sign_up(identifier="ayi@example.org", password=PASSWORD, language="en")
    client = Client()
    assert ask(client, "Ayi@Example.org").status_code == 302
    [sent] = mail.outbox
    assert sent.to == ["ayi@example.org"] and not sms_outbox
    response = client.post(ENTER, {"code": code_in(sent.body)})
    assert response.status_code == 302
    assert client.get(reverse("privacy:resident-home")).status_code == 200


def test_an_unknown_number_gets_the_same_answer_and_no_code(
    resident: User, sms_outbox: list[tuple[str, str]]
) -> None:
    known, unknown = Client(), Client()
    known_answer, unknown_answer = ask(known, PHONE), ask(unknown, "13800000000")
    assert (known_answer.status_code, known_answer["Location"]) == (unknown_answer.status_code,
                                                                    unknown_answer["Location"])
    known_page, unknown_page = known.get(ENTER), unknown.get(ENTER)
    assert without_tokens(known_page.content.decode()) == without_tokens(unknown_page.content.decode())
    [(_n, to_known), (number, to_unknown)] = sms_outbox
    assert number == "13800000000" and "no account" in to_unknown and not re.search(r"\d{6}", to_unknown)
    # Any code for the unknown number is refused just like a wrong one.
    wrong_known = known.post(ENTER, {"code": "000000" if code_in(to_known) != "000000" else "111111"})
    wrong_unknown = unknown.post(ENTER, {"code": "123456"})
    assert wrong_known.status_code == wrong_unknown.status_code == 400
    assert "not right" in wrong_known.content.decode() and "not right" in wrong_unknown.content.decode()
    assert OneTimeCode.objects.count() == 2  # a row either way, none with a code for the unknown one
    assert OneTimeCode.objects.filter(code_hash="").count() == 1


def test_a_wrong_code_counts_and_the_tries_run_out(
    resident: User, sms_outbox: list[tuple[str, str]], settings: Any
) -> None:
    settings.SHILIU_LOCKOUT_FAILURES = 50  # the code's own limit, not the lockout, is tested here
    client = Client()
    ask(client, PHONE)
    code = code_in(sms_outbox[-1][1])
    wrong = "000000" if code != "000000" else "111111"
    statuses = [client.post(ENTER, {"code": wrong}).status_code for _ in range(5)]
    assert statuses == [400] * 5
    spent = client.post(ENTER, {"code": code})  # right, but the five tries are used
    assert spent.status_code == 400 and "no longer be used" in spent.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILED, detail__factor="code").count() == 5
    # A new code starts the count again.
    ask(client, PHONE)
    assert client.post(ENTER, {"code": code_in(sms_outbox[-1][1])}).status_code == 302


def test_an_expired_code_is_refused(resident: User, sms_outbox: list[tuple[str, str]]) -> None:
    client = Client()
    with time_machine.travel(T0, tick=False):
        ask(client, PHONE)
    with time_machine.travel(T0 + timedelta(minutes=10, seconds=1), tick=False):
        response = client.post(ENTER, {"code": code_in(sms_outbox[-1][1])})
    assert response.status_code == 400 and "no longer be used" in response.content.decode()
    with time_machine.travel(T0 + timedelta(days=2), tick=False):
        assert personal_data_purge()["one_time_codes"] == 1  # expired codes are purged
    assert not OneTimeCode.objects.exists()


def test_wrong_codes_lock_the_account_like_wrong_passwords(
    resident: User, sms_outbox: list[tuple[str, str]], settings: Any
) -> None:
    settings.SHILIU_CODE_ATTEMPTS = 50
    client = Client()
    with time_machine.travel(T0, tick=False):
        ask(client, PHONE)
        code = code_in(sms_outbox[-1][1])
        wrong = "000000" if code != "000000" else "111111"
        statuses = [client.post(ENTER, {"code": wrong}).status_code for _ in range(6)]
        assert statuses[:4] == [400] * 4 and set(statuses[4:]) == {429}
        locked = client.post(ENTER, {"code": code})  # the right code is refused while it holds
        assert locked.status_code == 429 and "paused until 10:15" in locked.content.decode()
        assert locked["Retry-After"] == str(15 * 60)
        # The password is locked too: it is one account.
        assert Client().post("/en/me/sign-in/", {"identifier": PHONE, "password": PASSWORD}).status_code == 429
    [lock] = AuditEvent.objects.filter(action=AuditAction.LOCKOUT)
    assert lock.target_id == str(resident.pk)
    with time_machine.travel(T0 + timedelta(minutes=15, seconds=1), tick=False):
        assert client.post(ENTER, {"code": code}).status_code == 400  # outlived by the lock
        ask(client, PHONE)
        assert client.post(ENTER, {"code": code_in(sms_outbox[-1][1])}).status_code == 302


def test_codes_are_limited_per_number_and_per_address(
    resident: User, sms_outbox: list[tuple[str, str]], settings: Any
) -> None:
    settings.SHILIU_RATE_LIMITS = {**settings.SHILIU_RATE_LIMITS, "sign_in_code_identity": "2/hour",
                                   "sign_in_code": "3/hour"}
    with time_machine.travel(T0, tick=False):
        statuses = [ask(Client(), "139-1234-5678" if n % 2 else PHONE, REMOTE_ADDR=f"198.51.100.{n}").status_code
                    for n in range(3)]
        assert statuses == [302, 302, 429]  # the same number however written, from any address
        # An unknown number is counted alike.
        assert [ask(Client(), "13800000000", REMOTE_ADDR=f"198.51.100.{n}").status_code
                for n in range(10, 13)] == [302, 302, 429]
        # One address asking for many numbers.
        from_one = [ask(Client(), f"1370000000{n}", REMOTE_ADDR="203.0.113.9").status_code for n in range(4)]
        assert from_one == [302, 302, 302, 429]
        page = ask(Client(), "13600000000", REMOTE_ADDR="203.0.113.9")
        assert page.status_code == 429 and page["Retry-After"]
    assert len(sms_outbox) == 7


def test_staff_accounts_cannot_sign_in_with_a_code(
    city: Any, dispatcher: User, sms_outbox: list[tuple[str, str]]
) -> None:
    from shiliu.privacy.models import ResidentProfile

    ResidentProfile.objects.create(user=dispatcher, phone="13700000000")
    client = Client()
    ask(client, "13700000000")
    [(_number, text)] = sms_outbox
    assert "no account" in text  # treated as an address without a resident account
    assert client.post(ENTER, {"code": "123456"}).status_code == 400


def test_bad_addresses_are_explained(db: None) -> None:
    for identifier in ("12345", "not-an-address@", "a@b"):
        response = ask(Client(), identifier)
        assert response.status_code == 400, identifier
        assert "11-digit mobile number or an e-mail address" in response.content.decode()
    assert Client().get(ENTER).status_code == 302  # nothing asked for yet: back to the first step
