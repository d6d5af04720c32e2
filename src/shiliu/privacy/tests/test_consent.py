"""Consent per purpose: notices are versioned and frozen once published, intake records what the
resident agreed to, contact data is not kept without follow-up consent, and withdrawal stops
its use."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from shiliu.audit.models import AuditAction, AuditEvent
from shiliu.people.tests.auth import sign_in
from shiliu.privacy.models import Consent, Notice, NoticeIsPublished, NoticeText, Purpose
from shiliu.privacy.services import consent_active, notice_current
from shiliu.service_requests import services, workflow
from shiliu.service_requests.models import Channel, ServiceRequest
from shiliu.service_requests.tests.journeys import HANDLING, IN_GRID_A, WITH_CONTACT, submit

pytestmark = pytest.mark.django_db

PHONE = "13812341234"


def portal_form(city: Any, **extra: str) -> dict[str, Any]:
    return {"category": city.category.pk, "request_type": "help", "description": "楼道灯坏了",
            **IN_GRID_A, **extra}


def test_every_purpose_has_a_published_notice_in_every_resident_language() -> None:
    for purpose in Purpose:
        notice = notice_current(purpose)
        assert notice.version == 1 and notice.is_published
        languages = {t.language for t in notice.texts.all()}
        assert languages == {"zh-hans", "zh-hant", "en", "ug", "bo"}
        assert notice.missing_languages() == []


def test_a_published_notice_text_cannot_change_but_a_missing_language_can_be_added(
    settings: Any,
) -> None:
    settings.RESIDENT_LANGUAGES = [*settings.RESIDENT_LANGUAGES, ("kk", "Kazakh")]
    notice = notice_current(Purpose.FOLLOW_UP_CONTACT)
    text = notice.texts.get(language="zh-hans")
    text.body = "改过的文字"
    with pytest.raises(NoticeIsPublished):
        text.save()
    with pytest.raises(NoticeIsPublished):
        text.delete()
    with pytest.raises(NoticeIsPublished):
        notice.save()
    assert notice.missing_languages() == ["kk"]
    NoticeText.objects.create(notice=notice, language="kk", title="Байланыс", body="…")
    assert "kk" not in notice_current(Purpose.FOLLOW_UP_CONTACT).missing_languages()


def test_a_draft_version_can_be_edited_until_published() -> None:
    draft = Notice.objects.create(purpose=Purpose.FOLLOW_UP_CONTACT, version=2)
    text = NoticeText.objects.create(notice=draft, language="en", title="Draft", body="first")
    text.body = "second"
    text.save()
    assert notice_current(Purpose.FOLLOW_UP_CONTACT).version == 1  # drafts are not shown


def test_the_notice_page_shows_the_readers_language_or_says_it_falls_back(db: None) -> None:
    english = Client().get("/en/privacy/notices/follow_up_contact/")
    assert english.status_code == 200 and "Contact for follow-up" in english.content.decode()
    chinese = Client().get("/zh-hans/privacy/notices/follow_up_contact/")
    assert "回访联系告知" in chinese.content.decode()
    assert Client().get("/en/privacy/notices/ethnicity/").status_code == 404
    assert Client().get("/en/privacy/notices/follow_up_contact/v9/").status_code == 404


def test_portal_submission_records_the_consents_given_with_the_notice_version(city: Any) -> None:
    response = Client().post("/en/report/", portal_form(
        city, contact_phone=PHONE, consent_handling="on", consent_follow_up="on"))
    assert response.status_code == 302
    request = ServiceRequest.objects.get()
    consents = {c.purpose: c for c in request.consents.all()}
    assert set(consents) == {Purpose.REQUEST_HANDLING, Purpose.FOLLOW_UP_CONTACT}
    handling = consents[Purpose.REQUEST_HANDLING]
    assert handling.notice.version == 1 and handling.language == "en" and handling.given_at is not None
    assert handling.subject == f"request:{request.pk}" and handling.withdrawn_at is None
    assert request.contact_phone == PHONE


def test_portal_refuses_a_request_without_handling_consent(city: Any) -> None:
    response = Client().post("/en/report/", portal_form(city))
    assert response.status_code == 400
    assert "Please agree to the notice on request handling" in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_a_phone_without_follow_up_consent_is_refused_not_stored(city: Any) -> None:
    response = Client().post("/en/report/", portal_form(city, contact_phone=PHONE, consent_handling="on"))
    assert response.status_code == 400
    assert "only if you agree to be contacted" in response.content.decode()
    assert not ServiceRequest.objects.exists()
    # and every other channel obeys the same rule in the service
    with pytest.raises(workflow.InvalidInput, match="follow-up"):
        services.service_request_submit(actor=None, channel=Channel.API, category=city.category,
                                        description="x", contact_phone=PHONE, consents=HANDLING, **IN_GRID_A)


def test_without_follow_up_consent_a_request_keeps_no_contact_data(city: Any) -> None:
    Client().post("/en/report/", portal_form(city, consent_handling="on"))
    request = ServiceRequest.objects.get()
    assert (request.contact_name, request.contact_phone, request.contact_phone_index) == ("", "", "")
    assert not consent_active(Purpose.FOLLOW_UP_CONTACT, service_request=request)


def test_staff_record_the_residents_spoken_consent(city: Any, grid_worker: Any) -> None:
    client = Client()
    sign_in(client, grid_worker)
    response = client.post("/en/workbench/new/", portal_form(
        city, channel="phone", language="zh-hans", contact_phone=PHONE,
        consent_handling="on", consent_follow_up="on"))
    assert response.status_code == 302
    consent = Consent.objects.get(purpose=Purpose.FOLLOW_UP_CONTACT)
    assert consent.recorded_by == grid_worker


def test_withdrawing_follow_up_consent_through_the_private_link_erases_the_phone(city: Any) -> None:
    request = submit(city.category, contact_name="王秀英", contact_phone=PHONE)
    resident = Client()
    page = resident.get(request.tracking_path()).content.decode()
    withdraw_url = reverse("service_requests:portal-consent-withdraw",
                           args=[request.tracking_token, Purpose.FOLLOW_UP_CONTACT])
    assert withdraw_url in page
    response = resident.post(withdraw_url, follow=True)
    assert response.status_code == 200
    request.refresh_from_db()
    assert (request.contact_name, request.contact_phone, request.contact_phone_index) == ("", "", "")
    consent = Consent.objects.get(purpose=Purpose.FOLLOW_UP_CONTACT)
    assert consent.withdrawn_at is not None and consent.notice.version == 1
    assert not consent_active(Purpose.FOLLOW_UP_CONTACT, service_request=request)
    assert request.events.filter(action="erase_personal_data").exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, target_id=str(request.pk),
                                     detail__fields=["contact_name", "contact_phone"]).exists()
    # withdrawing twice is a clear message, not an error page
    again = resident.post(withdraw_url, follow=True)
    assert again.status_code == 200 and "no consent to withdraw" in again.content.decode().lower()


def test_withdrawing_handling_consent_removes_the_requests_personal_data(city: Any) -> None:
    request = submit(city.category, contact_phone=PHONE, address="团结路 12 号 3 栋")
    Client().post(reverse("service_requests:portal-consent-withdraw",
                          args=[request.tracking_token, Purpose.REQUEST_HANDLING]))
    request.refresh_from_db()
    assert request.contact_phone == "" and request.address == "团结路***"
    assert request.personal_data_erased_at is not None
    assert request.description  # the problem itself stays


def test_consent_can_be_given_again_after_withdrawal_and_history_is_kept(city: Any) -> None:
    request = submit(city.category, consents=WITH_CONTACT)
    from shiliu.privacy.services import consent_give, consent_withdraw

    consent_withdraw(actor=None, purpose=Purpose.FOLLOW_UP_CONTACT, service_request=request)
    consent_give(actor=None, purpose=Purpose.FOLLOW_UP_CONTACT, language="zh-hans", service_request=request)
    assert Consent.objects.filter(purpose=Purpose.FOLLOW_UP_CONTACT).count() == 2
    assert consent_active(Purpose.FOLLOW_UP_CONTACT, service_request=request)


def test_unknown_purpose_in_the_withdraw_link_is_404(city: Any) -> None:
    request = submit(city.category)
    url = reverse("service_requests:portal-consent-withdraw", args=[request.tracking_token, "nonsense"])
    assert Client().post(url).status_code == 404
    assert Client().post(reverse("service_requests:portal-consent-withdraw",
                                 args=["no-such-token", "follow_up_contact"])).status_code == 404


def test_staff_are_told_to_record_follow_up_consent_for_a_phone(city: Any, grid_worker: Any) -> None:
    client = Client()
    sign_in(client, grid_worker)
    response = client.post("/en/workbench/new/", portal_form(
        city, channel="phone", language="zh-hans", contact_phone=PHONE, consent_handling="on"))
    assert response.status_code == 400 and "the resident agrees to be contacted" in response.content.decode()
    assert not ServiceRequest.objects.exists()
