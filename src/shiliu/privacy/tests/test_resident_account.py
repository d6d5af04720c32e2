"""Resident accounts: sign up and in with a phone or e-mail, own the requests sent while signed
in, claim one sent anonymously, download everything (JSON, xlsx), delete the account."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from shiliu.audit.models import AuditAction, AuditEvent
from shiliu.people.models import User
from shiliu.people.tests.auth import sign_in
from shiliu.privacy.models import Consent, Purpose, ResidentProfile
from shiliu.privacy.selectors import request_claims_pending
from shiliu.privacy.services import resident_sign_up
from shiliu.service_requests.models import ServiceRequest
from shiliu.service_requests.services import service_request_claim_staff_confirm
from shiliu.service_requests.tests.journeys import IN_GRID_A, submit

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
PASSWORD = "石榴-very-long-passphrase"


@pytest.fixture
def resident(db: None) -> User:
    return resident_sign_up(identifier=PHONE, password=PASSWORD, language="zh-hans")


def same_page(location: str, path: str) -> bool:
    """The same page, in whichever language the sign-in restored (the resident's own)."""
    return location.split("/", 2)[-1] == path.split("/", 2)[-1]


def signed_in_resident(user: User | None = None) -> Client:
    client = Client()
    response = client.post(reverse("privacy:resident-sign-in"), {"identifier": PHONE, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def test_a_resident_signs_up_with_a_phone_and_it_is_stored_encrypted(
    db: None, sms_outbox: list[tuple[str, str]]
) -> None:
    client = Client()
    response = client.post(reverse("privacy:resident-sign-up"), {
        "identifier": "139 1234 5678", "password": PASSWORD, "password_again": PASSWORD,
        "preferred_language": "ug"})
    assert response.status_code == 302
    [(_number, text)] = sms_outbox
    code = re.search(r"\d{6}", text).group(0)  # type: ignore[union-attr]
    response = client.post(reverse("privacy:resident-sign-up-confirm"), {"code": code})
    assert response.status_code == 302 and same_page(response["Location"], reverse("privacy:resident-home"))
    profile = ResidentProfile.objects.get()
    assert profile.phone == PHONE and profile.user.preferred_language == "ug"
    assert client.get(reverse("privacy:resident-home")).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, target_id=str(profile.user_id)).exists()


def test_sign_up_explains_what_is_wrong(resident: User) -> None:
    taken = Client().post(reverse("privacy:resident-sign-up"), {
        "identifier": PHONE, "password": PASSWORD, "password_again": PASSWORD, "preferred_language": "en"})
    assert taken.status_code == 302  # as for a new number: sign-up never says which have accounts
    weak = Client().post(reverse("privacy:resident-sign-up"), {
        "identifier": "a@example.org", "password": "123", "password_again": "123", "preferred_language": "en"})
    assert weak.status_code == 400 and "too short" in weak.content.decode()
    bad_phone = Client().post(reverse("privacy:resident-sign-up"), {
        "identifier": "12345", "password": PASSWORD, "password_again": PASSWORD, "preferred_language": "en"})
    assert bad_phone.status_code == 400 and "11-digit" in bad_phone.content.decode()


def test_a_resident_signs_in_with_phone_or_email_and_a_wrong_password_is_refused(db: None) -> None:
    resident_sign_up(identifier="Ayi@Example.org", password=PASSWORD, language="en")
    client = Client()
    assert client.post(reverse("privacy:resident-sign-in"),
                       {"identifier": "ayi@example.org", "password": PASSWORD}).status_code == 302
    wrong = Client().post(reverse("privacy:resident-sign-in"), {"identifier": "ayi@example.org", "password": "x"})
    assert wrong.status_code == 400 and "not right" in wrong.content.decode()
    unknown = Client().post(reverse("privacy:resident-sign-in"), {"identifier": "13000000000", "password": "x"})
    assert unknown.status_code == 400


def test_staff_cannot_use_the_residents_sign_in(city: Any, dispatcher: User) -> None:
    ResidentProfile.objects.create(user=dispatcher, phone="13700000000")
    dispatcher.set_password(PASSWORD)
    dispatcher.save()
    response = Client().post(reverse("privacy:resident-sign-in"), {"identifier": "13700000000", "password": PASSWORD})
    assert response.status_code == 400


def test_resident_pages_need_a_resident(city: Any, dispatcher: User) -> None:
    anonymous = Client().get(reverse("privacy:resident-home"))
    assert anonymous.status_code == 302 and reverse("privacy:resident-sign-in") in anonymous["Location"]
    staff = Client()
    sign_in(staff, dispatcher)
    assert staff.get(reverse("privacy:resident-home")).status_code == 404
    assert staff.get(reverse("privacy:resident-export", args=["json"])).status_code == 404


def test_requests_sent_while_signed_in_belong_to_the_account(city: Any, resident: User) -> None:
    client = signed_in_resident()
    client.post(reverse("service_requests:portal-submit"), {
        "category": city.category.pk, "request_type": "help", "description": "楼道灯坏了",
        "consent_handling": "on", **IN_GRID_A})
    request = ServiceRequest.objects.get()
    assert request.submitted_by == resident
    assert request.reference in client.get(reverse("privacy:resident-home")).content.decode()


def test_a_resident_claims_an_anonymous_request_by_its_private_link(
    city: Any, resident: User, dispatcher: User
) -> None:
    request = submit(city.category)
    client = signed_in_resident()
    assert reverse("service_requests:portal-claim", args=[request.tracking_token]) in client.get(
        request.tracking_path()).content.decode()
    client.post(reverse("service_requests:portal-claim", args=[request.tracking_token]))
    request.refresh_from_db()
    assert request.submitted_by is None  # the link alone is not enough (test_request_claim.py)
    [claim] = request_claims_pending(service_request=request)
    service_request_claim_staff_confirm(actor=dispatcher, claim=claim)
    request.refresh_from_db()
    assert request.submitted_by == resident
    other = resident_sign_up(identifier="13911112222", password=PASSWORD, language="zh-hans")
    someone_else = Client()
    sign_in(someone_else, other)
    response = someone_else.post(reverse("service_requests:portal-claim", args=[request.tracking_token]), follow=True)
    assert "already belongs" in response.content.decode()
    request.refresh_from_db()
    assert request.submitted_by == resident


def test_a_resident_downloads_all_their_data_as_json_and_xlsx(city: Any, resident: User) -> None:
    request = submit(city.category, actor=resident, contact_name="=HYPERLINK(\"x\")", contact_phone=PHONE,
                     address="团结路 12 号")
    client = signed_in_resident()
    response = client.get(reverse("privacy:resident-export", args=["json"]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["phone"] == PHONE
    [mine] = data["requests"]
    assert mine["reference"] == request.reference and mine["address"] == "团结路 12 号"
    assert {c["purpose"] for c in data["consents"]} == {Purpose.REQUEST_HANDLING, Purpose.FOLLOW_UP_CONTACT}
    assert mine["timeline"][0]["action"] == "submit"

    xlsx = client.get(reverse("privacy:resident-export", args=["xlsx"]))
    book = load_workbook(io.BytesIO(xlsx.content))
    # the sections of the other holders follow (residence declarations), one sheet each
    assert book.sheetnames[:4] == ["account", "consents", "requests", "timeline"]
    rows = list(book["requests"].values)
    assert request.reference in rows[1]
    name_cell = next(c for c in book["requests"][2] if c.value == "=HYPERLINK(\"x\")")
    assert name_cell.data_type == "s"  # text, never a formula
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=resident).count() == 2
    assert client.get(reverse("privacy:resident-export", args=["pdf"])).status_code == 404


def test_deleting_the_account_keeps_requests_without_personal_data(city: Any, resident: User) -> None:
    request = submit(city.category, actor=resident, contact_name="王秀英", contact_phone=PHONE,
                     address="团结路 12 号 3 栋")
    client = signed_in_resident()
    wrong = client.post(reverse("privacy:resident-delete"), {"password": "nope"})
    assert wrong.status_code == 400 and "not right" in wrong.content.decode()
    response = client.post(reverse("privacy:resident-delete"), {"password": PASSWORD})
    assert response.status_code == 302
    tombstone = User.objects.get(pk=resident.pk)  # kept only because the audit trail points at it
    assert not tombstone.is_active and not tombstone.has_usable_password()
    assert tombstone.username == f"deleted-{resident.pk}" and not ResidentProfile.objects.exists()
    assert Client().post(reverse("privacy:resident-sign-in"),
                         {"identifier": PHONE, "password": PASSWORD}).status_code == 400
    request.refresh_from_db()
    assert request.submitted_by is None
    assert (request.contact_name, request.contact_phone, request.address) == ("", "", "团结路***")
    assert request.description and request.personal_data_erased_at is not None
    assert not Consent.objects.filter(withdrawn_at__isnull=True).exists()
    assert Consent.objects.filter(subject=f"request:{request.pk}").count() == 2  # kept as evidence
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, target_id=str(resident.pk),
                                     detail__requests_anonymised=1).exists()
    assert client.get(reverse("privacy:resident-home")).status_code == 302  # signed out


def test_account_consents_are_given_and_withdrawn_from_the_account_page(resident: User) -> None:
    client = signed_in_resident()
    client.post(reverse("privacy:resident-consent", args=[Purpose.EQUALITY_STATISTICS, "give"]))
    consent = Consent.objects.get(purpose=Purpose.EQUALITY_STATISTICS)
    assert consent.user == resident and consent.subject == f"user:{resident.pk}"
    client.post(reverse("privacy:resident-consent", args=[Purpose.EQUALITY_STATISTICS, "withdraw"]))
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert client.post(reverse("privacy:resident-consent",
                               args=[Purpose.REQUEST_HANDLING, "give"])).status_code == 404


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_sign_in_never_redirects_off_site(resident: User, target: str) -> None:
    response = Client().post(reverse("privacy:resident-sign-in"),
                             {"identifier": PHONE, "password": PASSWORD, "next": target})
    assert response.status_code == 302 and same_page(response["Location"], reverse("privacy:resident-home"))


def test_sign_in_returns_to_the_page_that_asked(city: Any, resident: User) -> None:
    request = submit(city.category)
    claim_page = request.tracking_path()
    response = Client().post(reverse("privacy:resident-sign-in"),
                             {"identifier": PHONE, "password": PASSWORD, "next": claim_page})
    assert same_page(response["Location"], claim_page)


def test_a_resident_is_told_staff_endpoints_are_not_for_their_role(city: Any, resident: User) -> None:
    request = submit(city.category, actor=resident, contact_phone=PHONE)
    client = signed_in_resident()
    for url in (reverse("service_requests:workbench"),
                reverse("service_requests:workbench-detail", args=[request.reference]),
                reverse("service_requests:workbench-find-by-phone"),
                reverse("service_requests:workbench-enter")):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("service_requests:workbench-reveal", args=[request.reference]),
                       {"field": "contact_phone", "reason": "想看看自己的"}).status_code == 403
    assert client.post(reverse("service_requests:workbench-act", args=[request.reference, "accept"])).status_code == 403
