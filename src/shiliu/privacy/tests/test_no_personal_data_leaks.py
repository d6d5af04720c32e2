"""Personal data stays out of logs, pages and files:

- the whole request loop through HTTP (portal → dispatch → resolve → rate) with every logger at
  DEBUG, SQL included, never logs the resident's phone number or name;
- no page of that loop, nor the figures CSV, shows the phone unmasked unless it is revealed;
- a photo's EXIF, GPS position included, is gone from the stored file.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import ExifTags, Image

from shiliu.people.models import User
from shiliu.people.tests.auth import sign_in
from shiliu.privacy.logfilter import PersonalDataFilter, mask_text
from shiliu.service_requests.models import Attachment, ServiceRequest
from shiliu.service_requests.tests.journeys import IN_GRID_A

pytestmark = pytest.mark.django_db

PHONE = "13812345678"
NAME = "阿依古丽·买买提"
ADDRESS = "团结路 88 号 6 栋 2 单元"


@pytest.fixture
def everything_logged(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every logger at DEBUG, including SQL (django.db.backends) and django.request."""
    names = ["", "django", "django.request", "django.db.backends", "django.template", "shiliu",
             *logging.root.manager.loggerDict]
    for name in names:
        caplog.set_level(logging.DEBUG, logger=name)
    connection.force_debug_cursor = True
    try:
        yield caplog
    finally:
        connection.force_debug_cursor = False


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def signed_in(user: User) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def gps_photo() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCam"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (30.0, 39.0, 31.0),
        ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: (104.0, 3.0, 53.0),
    }
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_the_request_loop_leaks_no_phone_or_name_to_logs_or_pages(
    everything_logged: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str],
    city: Any, dispatcher: User, handler: User, analyst: User,
) -> None:
    pages: dict[str, str] = {}

    def visit(label: str, response: Any) -> Any:
        pages[label] = response.content.decode("utf-8-sig", errors="replace")
        return response

    resident = Client()
    visit("form", resident.get(reverse("service_requests:portal-submit")))
    visit("form with an error", resident.post(reverse("service_requests:portal-submit"), {
        "category": city.category.pk, "description": "楼顶漏水", "contact_name": NAME,
        "contact_phone": PHONE, "address": ADDRESS}))  # no consent ticked: a 400
    submitted = visit("tracking", resident.post(reverse("service_requests:portal-submit"), {
        "category": city.category.pk, "request_type": "help", "description": "楼顶水管漏水，已经两天了。",
        "contact_name": NAME, "contact_phone": PHONE, "address": ADDRESS, "consent_handling": "on",
        "consent_follow_up": "on", **IN_GRID_A}, follow=True))
    tracking_url = submitted.redirect_chain[-1][0]
    sr = ServiceRequest.objects.get()
    assert sr.contact_phone == PHONE and sr.contact_name == NAME

    staff = signed_in(dispatcher)
    visit("queue", staff.get(reverse("service_requests:workbench")))
    detail = reverse("service_requests:workbench-detail", args=[sr.reference])
    visit("detail", staff.get(detail))

    def act(client: Client, verb: str, data: dict[str, Any] | None = None) -> None:
        response = client.post(reverse("service_requests:workbench-act", args=[sr.reference, verb]),
                               {f"{verb}-{k}": v for k, v in (data or {}).items()})
        assert response.status_code == 302, verb

    act(staff, "accept")
    act(staff, "dispatch", {"unit": city.housing.pk})
    department = signed_in(handler)
    visit("handler detail", department.get(detail))
    act(department, "sign")
    act(department, "resolve", {"reply": "已更换水管。"})
    visit("tracking after reply", resident.get(tracking_url))
    visit("rated", resident.post(tracking_url, {"rating": 5, "solved": "yes"}, follow=True))
    visit("detail after closing", staff.get(detail))
    visit("find by phone", staff.post(reverse("service_requests:workbench-find-by-phone"), {"phone": PHONE}))
    period = {"start": (timezone.localdate().replace(day=1)).isoformat(), "end": timezone.localdate().isoformat()}
    visit("figures", signed_in(analyst).get(reverse("reports:figures"), period))
    visit("figures csv", signed_in(analyst).get(reverse("reports:figures"), {**period, "format": "csv"}))

    # the resident's own form gives back what they typed, to correct it (never cached)...
    assert PHONE in pages.pop("form with an error")
    # ...and no other page shows the phone, the name or the exact address
    for label, body in pages.items():
        assert PHONE not in body, label
        assert NAME not in body, label
        assert "88 号" not in body, label
    assert "138****5678" in pages["detail"] and "阿**" in pages["detail"]
    assert sr.reference in pages["find by phone"]

    # and nothing logged it, though plenty was logged
    records = everything_logged.records
    assert any(r.name == "django.db.backends" for r in records)
    assert any(r.name == "django.request" and r.levelno == logging.WARNING for r in records)
    logged = "\n".join(r.getMessage() for r in records) + everything_logged.text + "".join(capfd.readouterr())
    assert PHONE not in logged and PHONE[-4:] + PHONE[3:7] not in logged
    assert NAME not in logged and "88 号" not in logged
    assert f"/track/{sr.tracking_token}" not in logged  # the private link, e.g. in "Bad Request: /track/…"


def test_a_revealed_phone_appears_in_that_response_only(city: Any, dispatcher: User) -> None:
    Client().post(reverse("service_requests:portal-submit"), {
        "category": city.category.pk, "request_type": "help", "description": "漏水", "contact_phone": PHONE,
        "consent_handling": "on", "consent_follow_up": "on", **IN_GRID_A})
    sr = ServiceRequest.objects.get()
    staff = signed_in(dispatcher)
    revealed = staff.post(reverse("service_requests:workbench-reveal", args=[sr.reference]),
                          {"field": "contact_phone", "reason": "回访确认结果"})
    assert PHONE in revealed.content.decode() and "no-store" in revealed["Cache-Control"]
    later = staff.get(reverse("service_requests:workbench-detail", args=[sr.reference]))
    assert PHONE not in later.content.decode()


def test_the_filter_masks_numbers_personal_fields_and_tracking_links() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(PersonalDataFilter())
    logger = logging.getLogger("shiliu.tests.filter")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("call %s or 028-12345678 about %s", "+86 138 1234 5678", "/track/abcdefghijklmnopqrstuvwx/")
        logger.warning("person %(contact_name)s at %(address)s", {"contact_name": NAME, "address": ADDRESS})
        logger.warning("id 450102199001011234", extra={"phone": PHONE})
        try:
            raise ValueError(f"bad phone {PHONE}")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    output = stream.getvalue()
    assert "138****5678" in output and "028*****5678" in output and "/track/***" in output
    assert NAME not in output and ADDRESS not in output and "[redacted]" in output
    assert "4501**********1234" in output and "450102199001011234" not in output
    assert PHONE not in output and "abcdefghijklmnop" not in output


def test_mask_text_leaves_ordinary_numbers_alone() -> None:
    assert mask_text("SL-2026-000123 took 13 ms, 2026-03-04") == "SL-2026-000123 took 13 ms, 2026-03-04"
    assert re.search(r"\*{4}", mask_text("电话13812345678。")) is not None


def test_an_uploaded_photo_is_stored_without_exif_or_gps(city: Any, django_capture_on_commit_callbacks: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    original = gps_photo()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test photo has GPS
    with django_capture_on_commit_callbacks(execute=True):  # the file is written once the request commits
        response = Client().post(reverse("service_requests:portal-submit"), {
            "category": city.category.pk, "request_type": "help", "description": "井盖破损",
            "consent_handling": "on",
            "photo": SimpleUploadedFile("IMG_0001.jpg", original, content_type="image/jpeg"), **IN_GRID_A})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    with attachment.image.open("rb") as stored_file:
        stored = stored_file.read()
    image = Image.open(io.BytesIO(stored))
    assert image.size == (64, 48)
    assert not image.getexif() and not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert b"Exif" not in stored and b"PhoneCam" not in stored


def test_a_file_that_is_not_a_photo_is_refused_clearly(city: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = Client().post("/en/report/", {
        "category": city.category.pk, "request_type": "help", "description": "井盖破损", "consent_handling": "on",
        "photo": SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg"), **IN_GRID_A})
    assert response.status_code == 400 and not ServiceRequest.objects.exists()
