"""Personal data is masked by default; revealing one field takes a permission and a reason, is
audited, and shows the value in that response only. Staff find a request by an exact phone
number through the blind index, and every search is audited."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from shiliu.audit.models import AuditAction, AuditEvent
from shiliu.people.models import User
from shiliu.people.tests.auth import sign_in
from shiliu.privacy.models import Purpose
from shiliu.privacy.services import consent_withdraw
from shiliu.service_requests import workflow
from shiliu.service_requests.models import ServiceRequest
from shiliu.service_requests.tests.journeys import IN_GRID_B, submit

pytestmark = pytest.mark.django_db

PHONE = "13812341234"
NAME = "王秀英"


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


def signed_in(user: User) -> Client:
    client = Client()
    sign_in(client, user)
    return client


@pytest.fixture
def sr(city: Any) -> ServiceRequest:
    return submit(city.category, contact_name=NAME, contact_phone=PHONE, address="团结路 12 号 3 栋")


def reveal(client: Client, request: ServiceRequest, field: str = "contact_phone",
           reason: str = "回访确认维修结果") -> Any:
    return client.post(reverse("service_requests:workbench-reveal", args=[request.reference]),
                       {"field": field, "reason": reason})


def test_detail_page_shows_contact_and_address_masked(sr: ServiceRequest, dispatcher: User) -> None:
    page = signed_in(dispatcher).get(reverse("service_requests:workbench-detail", args=[sr.reference]))
    body = page.content.decode()
    assert "138****1234" in body and "王**" in body and "团结路***" in body
    assert PHONE not in body and NAME not in body and "12 号" not in body


def test_dispatcher_reveals_the_phone_once_with_a_reason_and_it_is_audited(
    sr: ServiceRequest, dispatcher: User
) -> None:
    client = signed_in(dispatcher)
    response = reveal(client, sr)
    assert response.status_code == 200 and PHONE in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action=AuditAction.REVEAL)
    assert event.actor == dispatcher and event.target_id == str(sr.pk)
    assert event.detail == {"field": "contact_phone", "reason": "回访确认维修结果"}
    assert PHONE not in str(event.content())
    # the next view of the page is masked again
    again = client.get(reverse("service_requests:workbench-detail", args=[sr.reference])).content.decode()
    assert PHONE not in again


def test_reveal_needs_a_reason_of_a_few_characters(sr: ServiceRequest, dispatcher: User) -> None:
    response = reveal(signed_in(dispatcher), sr, reason="看")
    assert response.status_code == 400 and PHONE not in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.REVEAL).exists()


def test_handler_reveals_only_once_the_request_is_assigned_to_their_unit(
    city: Any, sr: ServiceRequest, dispatcher: User, handler: User
) -> None:
    client = signed_in(handler)
    assert reveal(client, sr).status_code == 404  # not visible to them yet
    workflow.accept(sr, actor=dispatcher)
    workflow.dispatch(sr, actor=dispatcher, unit=city.housing)
    response = reveal(client, sr, field="address")
    assert response.status_code == 200 and "团结路 12 号 3 栋" in response.content.decode()


@pytest.mark.parametrize("persona", ["analyst", "outsider", "other_grid_worker"])
def test_people_without_the_reveal_permission_cannot_reveal(
    request: pytest.FixtureRequest, sr: ServiceRequest, persona: str
) -> None:
    user = request.getfixturevalue(persona)
    response = reveal(signed_in(user), sr)
    # Without a request role the page is not theirs (403); a grid worker elsewhere meets 404
    expected = 404 if persona == "other_grid_worker" else 403
    assert response.status_code == expected and PHONE not in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.REVEAL).exists()


def test_a_visible_request_outside_reveal_scope_is_a_clear_403(
    city: Any, sr: ServiceRequest, grid_worker: User
) -> None:
    # the grid worker sees requests of their grid, but only the assigned unit calls the resident
    response = reveal(signed_in(grid_worker), sr)
    assert response.status_code == 403 and PHONE not in response.content.decode()
    assert "may not see" in response.content.decode()


def test_a_phone_is_not_revealed_once_follow_up_consent_is_withdrawn(
    sr: ServiceRequest, dispatcher: User
) -> None:
    consent_withdraw(actor=None, purpose=Purpose.FOLLOW_UP_CONTACT, service_request=sr)
    response = reveal(signed_in(dispatcher), sr)
    assert response.status_code == 400 and PHONE not in response.content.decode()


def test_data_kept_without_its_consent_is_not_used(sr: ServiceRequest, dispatcher: User) -> None:
    # e.g. a phone from before consents were recorded: present, but its purpose was never agreed
    sr.consents.filter(purpose=Purpose.FOLLOW_UP_CONTACT).delete()
    response = reveal(signed_in(dispatcher), sr)
    assert response.status_code == 403 and PHONE not in response.content.decode()


def test_find_by_phone_uses_the_blind_index_within_scope_and_is_audited(
    city: Any, sr: ServiceRequest, grid_worker: User
) -> None:
    elsewhere = submit(city.category, at=IN_GRID_B, contact_phone=PHONE)
    other_phone = submit(city.category, contact_phone="13900001111")
    client = signed_in(grid_worker)
    assert client.get(reverse("service_requests:workbench-find-by-phone")).status_code == 200
    response = client.post(reverse("service_requests:workbench-find-by-phone"), {"phone": "138 1234 1234"})
    body = response.content.decode()
    assert response.status_code == 200
    assert sr.reference in body and elsewhere.reference not in body and other_phone.reference not in body
    assert PHONE not in body and "138****1234" in body
    event = AuditEvent.objects.get(action=AuditAction.READ)
    assert event.actor == grid_worker and event.detail["matches"] == [sr.reference]
    assert PHONE not in str(event.content())


def test_find_by_phone_is_exact_only_and_explains_bad_input(sr: ServiceRequest, dispatcher: User) -> None:
    client = signed_in(dispatcher)
    partial = client.post(reverse("service_requests:workbench-find-by-phone"), {"phone": "1234"},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert partial.status_code == 400 and "exact numbers only" in partial.content.decode()
    miss = client.post(reverse("service_requests:workbench-find-by-phone"), {"phone": "13812341235"})
    assert sr.reference not in miss.content.decode()


def test_find_by_phone_is_for_request_staff_only(analyst: User, outsider: User) -> None:
    for user in (analyst, outsider):
        assert signed_in(user).post(reverse("service_requests:workbench-find-by-phone"),
                                    {"phone": PHONE}).status_code == 403


def test_opening_a_request_is_on_the_audit_trail_with_the_fields_not_their_values(
    sr: ServiceRequest, dispatcher: User
) -> None:
    signed_in(dispatcher).get(reverse("service_requests:workbench-detail", args=[sr.reference]))
    [event] = AuditEvent.objects.filter(action=AuditAction.READ, target_id=str(sr.pk))
    assert event.actor == dispatcher and event.detail["channel"] == "workbench"
    assert "description" in event.detail["fields"]
    assert PHONE not in str(event.detail) and NAME not in str(event.detail)


def test_a_request_out_of_reach_leaves_no_read_on_the_trail(sr: ServiceRequest, outsider: User) -> None:
    client = signed_in(outsider)
    assert client.get(reverse("service_requests:workbench-detail", args=[sr.reference])).status_code in {403, 404}
    assert not AuditEvent.objects.filter(action=AuditAction.READ).exists()
