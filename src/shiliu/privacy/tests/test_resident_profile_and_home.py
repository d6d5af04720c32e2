"""The resident's profile (preferred language, contact addresses proven by a code) and the
account page's sections, which the apps holding the records register."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from shiliu.audit.models import AuditAction, AuditEvent
from shiliu.notifications.models import Notification
from shiliu.people.models import User
from shiliu.privacy import registry
from shiliu.privacy.models import ResidentProfile
from shiliu.privacy.services import resident_sign_up
from shiliu.service_requests.tests.journeys import submit

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
PASSWORD = "石榴-very-long-passphrase"


@pytest.fixture
def resident(db: None) -> User:
    return resident_sign_up(identifier=PHONE, password=PASSWORD, language="en")


def signed_in() -> Client:
    client = Client()
    assert client.post("/en/me/sign-in/", {"identifier": PHONE, "password": PASSWORD}).status_code == 302
    return client


def code_in(text: str) -> str:
    return re.search(r"\b\d{6}\b", text).group(0)  # type: ignore[union-attr]


@pytest.mark.parametrize(("language", "direction", "heading"), [
    ("ug", "rtl", None), ("bo", "ltr", None), ("zh-hans", "ltr", "我的账号"), ("zh-hant", "ltr", "我的帳號"),
])
def test_changing_the_preferred_language_changes_the_pages(
    resident: User, language: str, direction: str, heading: str | None
) -> None:
    client = signed_in()
    response = client.post("/en/me/profile/", {"preferred_language": language})
    assert response.status_code == 302 and response["Location"] == f"/{language}/me/profile/"
    resident.refresh_from_db()
    assert resident.preferred_language == language
    assert client.cookies["django_language"].value == language
    home = client.get("/me/", follow=True)  # no prefix: the remembered language decides
    html = home.content.decode()
    assert home.redirect_chain[-1][0] == f"/{language}/me/"
    assert f'lang="{language}"' in html and f'dir="{direction}"' in html
    if heading:
        assert heading in html
    assert AuditEvent.objects.filter(action=AuditAction.CHANGE, target_id=str(resident.pk),
                                     detail__fields=["preferred_language"]).exists()


def test_the_preferred_language_is_the_language_of_notifications(
    city: Any, resident: User, django_capture_on_commit_callbacks: Any
) -> None:
    signed_in().post("/en/me/profile/", {"preferred_language": "ug"})
    resident.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        request = submit(city.category, actor=resident, language="zh-hans")
    [received] = Notification.objects.filter(request=request)
    assert received.language == "ug"
    with django_capture_on_commit_callbacks(execute=True):
        anonymous = submit(city.category, language="zh-hans")
    assert Notification.objects.filter(request=anonymous).first() is None or \
        Notification.objects.get(request=anonymous).language == "zh-hans"


def test_an_unknown_language_is_refused(resident: User) -> None:
    response = signed_in().post("/en/me/profile/", {"preferred_language": "xx"})
    assert response.status_code == 400


def test_a_new_phone_number_is_proven_by_a_code(resident: User, sms_outbox: list[tuple[str, str]]) -> None:
    client = signed_in()
    assert client.get("/en/me/profile/contact/confirm/").status_code == 302  # nothing asked yet
    response = client.post("/en/me/profile/contact/", {"identifier": "137 0000 1111"})
    assert response.status_code == 302 and response["Location"].endswith("/me/profile/contact/confirm/")
    [(number, text)] = sms_outbox
    assert number == "13700001111"
    assert client.post("/en/me/profile/contact/confirm/", {"code": "000000" if code_in(text) != "000000"
                                                           else "111111"}).status_code == 400
    assert ResidentProfile.objects.get().phone == PHONE  # unchanged until proven
    response = client.post("/en/me/profile/contact/confirm/", {"code": code_in(text)})
    assert response.status_code == 302
    assert ResidentProfile.objects.get().phone == "13700001111"
    assert "137****1111" in client.get("/en/me/profile/").content.decode()
    # The old number no longer signs in; the new one does.
    assert Client().post("/en/me/sign-in/", {"identifier": PHONE, "password": PASSWORD}).status_code == 400
    assert Client().post("/en/me/sign-in/", {"identifier": "13700001111", "password": PASSWORD}).status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.CHANGE, detail__fields=["phone"]).exists()


def test_an_e_mail_address_is_added_and_one_in_use_is_refused_once_proven(resident: User) -> None:
    resident_sign_up(identifier="taken@example.org", password=PASSWORD, language="en")
    client = signed_in()
    client.post("/en/me/profile/contact/", {"identifier": "ayi@example.org"})
    client.post("/en/me/profile/contact/confirm/", {"code": code_in(mail.outbox[-1].body)})
    profile = ResidentProfile.objects.get(user=resident)
    assert (profile.phone, profile.email) == (PHONE, "ayi@example.org")
    client.post("/en/me/profile/contact/", {"identifier": "taken@example.org"})
    taken = client.post("/en/me/profile/contact/confirm/", {"code": code_in(mail.outbox[-1].body)})
    assert taken.status_code == 400 and "Another account already uses" in taken.content.decode()
    profile.refresh_from_db()
    assert profile.email == "ayi@example.org"


def test_profile_pages_need_a_resident(city: Any, dispatcher: User, login_staff: Any) -> None:
    assert Client().get("/en/me/profile/").status_code == 302
    staff = Client()
    login_staff(staff, dispatcher)
    assert staff.get("/en/me/profile/").status_code == 404


@pytest.fixture
def cases_section() -> Iterator[None]:
    """A section as another module (casework) would register it."""

    def items(user: User) -> list[registry.ResidentItem]:
        if user.preferred_language != "en":
            return []
        return [registry.ResidentItem(title="Neighbour dispute", reference="CASE-2026-0007", status="Open",
                                      url="/en/cases/7/", date=date(2026, 3, 4))]

    registered = dict(registry._sections)  # the real modules' sections, put back afterwards
    registry.register_resident_section("cases", title="My cases", order=30, items_for=items,
                                       empty="No cases concern you.")
    registry.register_resident_section("residence", title="My residence declarations", order=20,
                                       items_for=lambda user: [])
    yield
    registry._sections.clear()
    registry._sections.update(registered)


def test_the_account_page_lists_every_registered_section_in_order(
    city: Any, resident: User, cases_section: None
) -> None:
    request = submit(city.category, actor=resident)
    client = signed_in()
    html = client.get(reverse("privacy:resident-home")).content.decode()
    positions = [html.index(f'id="section-{key}"') for key in ("requests", "residence", "cases", "consents")]
    assert positions == sorted(positions)
    requests = html[positions[0]:positions[1]]
    assert request.reference in requests and request.tracking_path() in requests
    assert request.get_status_display() in requests
    cases = html[positions[2]:positions[3]]
    assert "Neighbour dispute" in cases and "CASE-2026-0007" in cases and "2026-03-04" in cases
    residence = html[positions[1]:positions[2]]
    assert "Nothing here yet." in residence  # an empty section without its own words
    api = client.get("/api/v1/residents/me").json()
    assert [s["key"] for s in api["sections"]] == ["requests", "residence", "cases"]
    assert api["sections"][2]["items"][0]["date"] == "2026-03-04"


def test_an_empty_requests_section_says_so_and_offers_to_report(resident: User) -> None:
    html = signed_in().get(reverse("privacy:resident-home")).content.decode()
    assert "No requests yet." in html and reverse("service_requests:portal-submit") in html
