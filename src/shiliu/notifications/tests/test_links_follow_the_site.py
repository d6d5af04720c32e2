"""Links in notifications and receipts lead to the site the resident used: SHILIU_SITE_URL in
production, otherwise the host of the request being served (a dev server on any port), and the
setting again for messages sent from a task with no request."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import City
from django.test import Client

from shiliu.notifications.models import Notification
from shiliu.service_requests import receipts
from shiliu.service_requests.models import ServiceRequest
from shiliu.service_requests.tests.journeys import submit

pytestmark = pytest.mark.django_db
FORM = {"description": "楼道灯坏了一个星期。", "address": "团结路 12 号", "consent_handling": "on",
        "request_type": "help"}


def portal_submit(city: City, host: str) -> ServiceRequest:
    client = Client(HTTP_HOST=host)
    response = client.post("/en/report/", {**FORM, "category": city.category.pk,
                                           "community": city.community.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    return ServiceRequest.objects.get(tracking_token=token)


@pytest.mark.django_db(transaction=True)  # the notification is written when the view's change commits
def test_outside_production_the_link_uses_the_host_the_resident_used(
    published_notices: None, city: City, settings: Any
) -> None:
    settings.SHILIU_SITE_URL = "http://127.0.0.1:8000"
    request = portal_submit(city, "127.0.0.1:8107")
    body = Notification.objects.get(request=request).body
    assert f"http://127.0.0.1:8107/en/track/{request.tracking_token}/" in body
    assert "127.0.0.1:8000" not in body


def test_in_production_the_link_uses_the_configured_site(
    city: City, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.PRODUCTION = True
    settings.SHILIU_SITE_URL = "https://shiliu.example.org/"
    settings.ALLOWED_HOSTS = ["internal-host", "testserver"]
    with django_capture_on_commit_callbacks(execute=True):
        request = portal_submit(city, "internal-host")
    body = Notification.objects.get(request=request).body
    assert f"https://shiliu.example.org/en/track/{request.tracking_token}/" in body
    assert "internal-host" not in body


def test_a_message_sent_with_no_request_uses_the_setting(
    city: City, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SHILIU_SITE_URL = "http://shiliu.local:9000"
    with django_capture_on_commit_callbacks(execute=True):
        request = submit(city.category, language="bo")  # as from a task or a command
    body = Notification.objects.get(request=request).body
    assert f"http://shiliu.local:9000/bo/track/{request.tracking_token}/" in body


def test_the_receipt_links_and_qr_code_use_the_host_the_resident_used(city: City) -> None:
    request = submit(city.category, language="ug")
    url = f"http://localhost:8107/ug/track/{request.tracking_token}/"
    html = receipts.receipt_html(request, tracking_url=url)
    assert url in html
    assert receipts.qr_data_uri(url) in html
    response = Client(HTTP_HOST="localhost:8107").get(
        f"/ug/track/{request.tracking_token}/receipt.pdf")
    assert response.status_code in (200, 503)  # 503: this machine cannot draw PDFs


def test_the_tracking_page_offers_a_qr_code_and_a_share_button(city: City) -> None:
    request = submit(city.category, language="bo")
    html = Client(HTTP_HOST="127.0.0.1:8107").get(f"/bo/track/{request.tracking_token}/").content.decode()
    link = f"http://127.0.0.1:8107/bo/track/{request.tracking_token}/"
    assert re.search(r'<img class="qr"[^>]+src="data:image/svg\+xml', html)
    assert receipts.qr_data_uri(link) in html
    assert f'data-share-url="{link}"' in html
    assert "share-link.js" in html and "onclick" not in html
