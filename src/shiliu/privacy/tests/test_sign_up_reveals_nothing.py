"""Signing up never tells whether a phone number or e-mail address already has an account: the
same answer and the same page for both; a code sent to the number (or address) proves it is the
signer's, and the owner of an existing account is told by text instead."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from shiliu.privacy.models import ResidentProfile
from shiliu.privacy.services import resident_sign_up

pytestmark = pytest.mark.django_db

TAKEN = "13912345678"
NEW = "13812345678"
PASSWORD = "石榴-very-long-passphrase"
SIGN_UP = "/en/me/sign-up/"
CONFIRM = "/en/me/sign-up/confirm/"


def start(client: Client, identifier: str) -> object:
    return client.post(SIGN_UP, {"identifier": identifier, "password": PASSWORD,
                                 "password_again": PASSWORD, "preferred_language": "en"})


def visible(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def code_in(text: str) -> str:
    found = re.search(r"\b(\d{6})\b", text)
    assert found, text
    return found.group(1)


@pytest.fixture
def taken(db: None) -> None:
    resident_sign_up(identifier=TAKEN, password=PASSWORD, language="en")


def test_an_existing_and_a_new_number_get_the_same_answer_and_page(
    taken: None, sms_outbox: list[tuple[str, str]]
) -> None:
    answers = {}
    for number in (TAKEN, NEW):
        client = Client()
        response = start(client, number)
        page = client.get(response["Location"])  # type: ignore[index]
        answers[number] = (response.status_code, response["Location"], page.status_code,  # type: ignore[index]
                           visible(page.content.decode()))
    assert answers[TAKEN] == answers[NEW]
    assert answers[NEW][1].endswith(CONFIRM)
    assert "If this number or address can be used for a new account" in answers[NEW][3]
    assert ResidentProfile.objects.count() == 1  # nothing created before the code comes back
    # The owner of the existing account is told, without a code; the new number gets one.
    [(_taken, told)], [(_new, coded)] = ([m for m in sms_outbox if m[0] == n] for n in (TAKEN, NEW))
    assert "already have an account" in told and not re.search(r"\b\d{6}\b", told)
    assert code_in(coded)


def test_the_code_sent_to_a_new_number_creates_the_account(sms_outbox: list[tuple[str, str]]) -> None:
    client = Client()
    start(client, "138 1234 5678")
    [(number, text)] = sms_outbox
    assert number == NEW
    response = client.post(CONFIRM, {"code": code_in(text)})
    assert response.status_code == 302 and response["Location"].endswith("/me/")
    assert ResidentProfile.objects.get().phone == NEW
    assert client.get("/en/me/").status_code == 200


def test_no_code_opens_an_existing_account_and_the_refusal_looks_the_same(
    taken: None, sms_outbox: list[tuple[str, str]]
) -> None:
    taken_client, new_client = Client(), Client()
    start(taken_client, TAKEN)
    start(new_client, NEW)
    wrong = "000000" if code_in(sms_outbox[-1][1]) != "000000" else "111111"
    wrong_for_taken = taken_client.post(CONFIRM, {"code": wrong})
    wrong_for_new = new_client.post(CONFIRM, {"code": wrong})
    assert wrong_for_taken.status_code == wrong_for_new.status_code == 400
    assert visible(wrong_for_taken.content.decode()) == visible(wrong_for_new.content.decode())
    assert "The code is not right" in wrong_for_new.content.decode()
    assert ResidentProfile.objects.count() == 1


def test_wrong_codes_are_limited_then_a_new_code_is_needed(sms_outbox: list[tuple[str, str]]) -> None:
    client = Client()
    start(client, NEW)
    code = code_in(sms_outbox[-1][1])
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        assert client.post(CONFIRM, {"code": wrong}).status_code == 400
    late = client.post(CONFIRM, {"code": code})
    assert late.status_code == 400 and "Ask for a new code" in late.content.decode()
    assert not ResidentProfile.objects.exists()


def test_an_e_mail_address_gets_its_code_by_e_mail(db: None) -> None:
    client = Client()
    start(client, "Ayi@Example.org")
    [message] = mail.outbox
    assert message.to == ["ayi@example.org"]
    assert client.post(CONFIRM, {"code": code_in(message.body)}).status_code == 302
    assert ResidentProfile.objects.get().email == "ayi@example.org"
