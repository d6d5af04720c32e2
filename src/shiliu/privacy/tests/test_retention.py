"""The retention purge removes exactly what is past its period, through the command and the
scheduled task alike, and is safe to run again."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from shiliu.audit.models import AuditAction, AuditEvent
from shiliu.people.models import User
from shiliu.privacy.models import Consent, Purpose, ResidentProfile
from shiliu.privacy.services import consent_withdraw, personal_data_purge, resident_sign_up
from shiliu.privacy.tasks import purge_personal_data
from shiliu.service_requests.models import Attachment, ServiceRequest
from shiliu.service_requests.tests.journeys import NOW, Walk, submit

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


@pytest.fixture
def walk(city: Any, dispatcher: User, supervisor: User, handler: User) -> Walk:
    return Walk(dispatcher=dispatcher, supervisor=supervisor, worker=handler, unit=city.housing,
                category=city.category)


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="JPEG")
    return SimpleUploadedFile("p.jpg", buffer.getvalue(), content_type="image/jpeg")


def closed_request(walk: Walk, **extra: Any) -> ServiceRequest:
    request = submit(walk.category, contact_name="王秀英", contact_phone="13812341234",
                     address="团结路 12 号 3 栋", photos=[photo()], **extra)
    return walk.to("closed", request)


def test_the_purge_removes_exactly_what_is_past_retention(settings: Any, walk: Walk) -> None:
    settings.SHILIU_RETENTION_DAYS = {"closed_request_contact": 90, "closed_request_photos": 365,
                                      "inactive_resident_accounts": 730, "withdrawn_consents": 1095,
                                      "one_time_codes": 1, "moved_out_declarations": 365,
                                      "closed_case_notes": 1095}
    with time_machine.travel(NOW, tick=False):
        old = closed_request(walk)
        still_open = submit(walk.category, contact_phone="13900001111", address="团结路 1 号")
        idle = resident_sign_up(identifier="13700000001", password="石榴-long-password", language="zh-hans")
        consent_withdraw(actor=None, purpose=Purpose.FOLLOW_UP_CONTACT, service_request=still_open)
    with time_machine.travel(NOW + 80 * DAY, tick=False):
        recent = closed_request(walk)
        active = resident_sign_up(identifier="13700000002", password="石榴-long-password", language="zh-hans")

    # 91 days on: only the first closed request's contact data is past its 90 days
    with time_machine.travel(NOW + 91 * DAY, tick=False):
        assert personal_data_purge() == {"closed_request_contact": 1, "closed_request_photos": 0,
                                         "inactive_resident_accounts": 0, "withdrawn_consents": 0,
                                         "one_time_codes": 0, "moved_out_declarations": 0,
                                         "closed_case_notes": 0}
    old.refresh_from_db()
    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert (old.contact_name, old.contact_phone, old.address) == ("", "", "团结路***")
    assert old.personal_data_erased_at is not None and old.description
    assert recent.contact_phone == "13812341234" and recent.address == "团结路 12 号 3 栋"
    assert still_open.address == "团结路 1 号"  # open requests are never purged

    # two and three years on: photos, the idle account, then the withdrawn consent record
    with time_machine.travel(NOW + 366 * DAY, tick=False):
        counts = personal_data_purge()
    assert counts["closed_request_contact"] == 1 and counts["closed_request_photos"] == 1
    assert Attachment.objects.filter(request=old).count() == 0
    assert Attachment.objects.filter(request=recent).count() == 1
    with time_machine.travel(NOW + 731 * DAY, tick=False):
        counts = personal_data_purge()
    assert counts["inactive_resident_accounts"] == 1 and counts["closed_request_photos"] == 1
    assert not User.objects.get(pk=idle.pk).is_active and User.objects.get(pk=active.pk).is_active
    assert ResidentProfile.objects.get().user == active
    with time_machine.travel(NOW + 1096 * DAY, tick=False):
        counts = personal_data_purge()
    assert counts["withdrawn_consents"] == 1  # withdrawn on day 0; kept 1095 days
    assert not Consent.objects.filter(withdrawn_at__lt=NOW + DAY).exists()
    assert Consent.objects.filter(service_request=still_open, purpose=Purpose.REQUEST_HANDLING).exists()

    # and running it again removes nothing more
    with time_machine.travel(NOW + 1096 * DAY, tick=False):
        assert set(personal_data_purge().values()) == {0}
    runs = AuditEvent.objects.filter(action=AuditAction.DELETE, target_type="privacy.retention")
    assert runs.count() == 5


def test_the_command_shows_progress_and_a_dry_run_changes_nothing(settings: Any, walk: Walk) -> None:
    with time_machine.travel(NOW, tick=False):
        request = closed_request(walk)
    out, err = io.StringIO(), io.StringIO()
    with time_machine.travel(NOW + 400 * DAY, tick=False):
        call_command("purge_personal_data", "--dry-run", stdout=out, stderr=err)
        assert "closed_request_contact: would remove 1" in out.getvalue()
        request.refresh_from_db()
        assert request.contact_phone == "13812341234"
        out = io.StringIO()
        call_command("purge_personal_data", stdout=out, stderr=err)
    assert "closed_request_contact: removed 1" in out.getvalue()
    assert "closed_request_contact" in err.getvalue()  # the progress bar
    request.refresh_from_db()
    assert request.contact_phone == ""


def test_the_scheduled_task_runs_the_purge(walk: Walk) -> None:
    with time_machine.travel(NOW, tick=False):
        request = closed_request(walk)
    with time_machine.travel(NOW + 400 * DAY, tick=False):
        result = purge_personal_data.call()
    assert result["closed_request_contact"] == 1
    request.refresh_from_db()
    assert request.contact_phone == "" and not ResidentProfile.objects.exists()


class Abandoned(Exception):
    pass


def test_a_purge_that_rolls_back_leaves_the_photo_files_in_place(
    settings: Any, walk: Walk, django_capture_on_commit_callbacks: Any
) -> None:
    from django.db import transaction

    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        request = closed_request(walk)
    attachment = request.attachments.get()
    assert attachment.image.storage.exists(attachment.image.name)
    later = time_machine.travel(NOW + 400 * DAY, tick=False)
    with later, django_capture_on_commit_callbacks(execute=True), pytest.raises(Abandoned), transaction.atomic():
        personal_data_purge()
        raise Abandoned
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert attachment.image.storage.exists(attachment.image.name)  # the row still points at its file
    with time_machine.travel(NOW + 400 * DAY, tick=False), django_capture_on_commit_callbacks(execute=True):
        personal_data_purge()
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not attachment.image.storage.exists(attachment.image.name)
