"""Entry on a resident's behalf ends on the new request: its reference, its private link as a QR
code, and a one-tap text message of the link (with consent, audited)."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import City
from django.test import Client
from django.urls import reverse

from shiliu.audit.models import AuditEvent
from shiliu.notifications.models import Delivery
from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff
from shiliu.service_requests.models import ServiceRequest

pytestmark = pytest.mark.django_db


def enter(client: Client, city: City, **extra: Any) -> Any:
    """Placed by address and community: outside a grid worker's own grid."""
    data = {
        "channel": "visit", "language": "ug", "category": city.other_category.pk, "request_type": "help",
        "description": "路灯不亮，晚上看不清路。", "address": "团结路 12 号", "community": city.community.pk,
        "consent_handling": "on", **extra,
    }
    return client.post(reverse("service_requests:workbench-enter"), data, follow=True)


WITH_PHONE = {"contact_name": "阿依古丽", "contact_phone": "13900001111", "consent_follow_up": "on"}


def test_grid_worker_lands_on_the_new_request_with_its_qr_code(city: City, grid_worker: User) -> None:
    client = login_staff(Client(), grid_worker)
    response = enter(client, city, **WITH_PHONE)
    sr = ServiceRequest.objects.get()
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith(
        reverse("service_requests:workbench-entered", args=[sr.reference]))
    page = response.content.decode()
    assert sr.reference in page
    assert 'class="qr" src="data:image/svg+xml' in page
    assert sr.tracking_token in page  # the link, written out under the code
    assert "139****1111" in page and "13900001111" not in page


def test_the_page_after_entry_opens_only_in_the_session_that_entered_it(
    city: City, grid_worker: User, station_staff: User
) -> None:
    enter(login_staff(Client(), grid_worker), city)
    sr = ServiceRequest.objects.get()
    url = reverse("service_requests:workbench-entered", args=[sr.reference])
    assert login_staff(Client(), grid_worker).get(url).status_code == 404
    assert login_staff(Client(), station_staff).get(url).status_code == 404


def test_send_link_texts_the_tracking_link_and_audits_reading_the_phone(
    city: City, grid_worker: User, run_tasks: Any
) -> None:
    client = login_staff(Client(), grid_worker)
    enter(client, city, **WITH_PHONE)
    sr = ServiceRequest.objects.get()
    run_tasks()
    Delivery.objects.all().delete()  # the intake's own acknowledgement
    response = client.post(reverse("service_requests:workbench-send-link", args=[sr.reference]),
                           follow=True)
    assert response.status_code == 200
    run_tasks()
    assert "139****1111" in response.content.decode()
    delivery = Delivery.objects.get()
    assert delivery.channel == "sms" and delivery.status == Delivery.Status.SENT
    assert sr.tracking_token in delivery.notification.body
    event = AuditEvent.objects.filter(target_id=str(sr.pk), action="read").get()
    assert event.detail == {"fields": ["contact_phone"], "purpose": "send_tracking_link"}


def test_no_text_message_without_a_phone(city: City, grid_worker: User) -> None:
    client = login_staff(Client(), grid_worker)
    page = enter(client, city).content.decode()
    sr = ServiceRequest.objects.get()
    assert reverse("service_requests:workbench-send-link", args=[sr.reference]) not in page
    response = client.post(reverse("service_requests:workbench-send-link", args=[sr.reference]))
    assert response.status_code == 400
    assert "此诉求未登记电话号码。" in response.content.decode()
    assert not Delivery.objects.filter(channel="sms").exists()


def test_texting_links_is_rate_limited_per_staff_account(
    city: City, grid_worker: User, settings: Any, run_tasks: Any
) -> None:
    settings.SHILIU_RATE_LIMITS = {**settings.SHILIU_RATE_LIMITS, "send_link": "2/hour"}
    client = login_staff(Client(), grid_worker)
    enter(client, city, **WITH_PHONE)
    sr = ServiceRequest.objects.get()
    url = reverse("service_requests:workbench-send-link", args=[sr.reference])
    run_tasks()
    Delivery.objects.all().delete()  # the intake's own acknowledgement
    assert [client.post(url).status_code for _ in range(3)] == [302, 302, 429]
    run_tasks()
    assert Delivery.objects.filter(channel="sms", notification__body__contains=sr.tracking_token).count() == 2
