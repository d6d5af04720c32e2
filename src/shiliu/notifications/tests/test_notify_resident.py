"""Residents are told when their request is received, answered, given more time and closed: in
their language, in the app (the tracking page) and through the channels that can reach them."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
from conftest import City
from django.core import mail
from django.db import transaction
from django.test import Client
from django_tasks_db.models import DBTaskResult

from shiliu.notifications.models import Delivery, Notification
from shiliu.people.models import User
from shiliu.privacy.services import resident_sign_up
from shiliu.service_requests import workflow
from shiliu.service_requests.tests.journeys import WITH_CONTACT, Walk, submit

pytestmark = pytest.mark.django_db


def walk(city: City, dispatcher: User, supervisor: User, handler: User) -> Walk:
    return Walk(dispatcher=dispatcher, supervisor=supervisor, worker=handler, unit=city.housing,
                category=city.category)


def test_a_uyghur_request_is_acknowledged_in_uyghur_by_app_and_sms(
    city: City, run_tasks: Any, caplog: Any
) -> None:
    with caplog.at_level(logging.INFO, logger="shiliu.notifications"):
        request = submit(city.category, language="ug", contact_phone="13812341234")
        run_tasks()
    notification = Notification.objects.get(request=request)
    assert notification.kind == "received" and notification.language == "ug"
    assert request.reference in notification.subject
    assert "تەلىپىڭىز" in notification.body  # "your request", in Uyghur
    assert f"/ug/track/{request.tracking_token}/" in notification.body
    assert list(Delivery.objects.values_list("channel", "status")) == [("sms", "sent")]
    # The log names the message, never the whole phone number
    assert "13812341234" not in caplog.text and "1234" in caplog.text


def test_nothing_goes_out_when_the_change_is_rolled_back(city: City, run_tasks: Any) -> None:
    with pytest.raises(RolledBack), transaction.atomic():
        submit(city.category, language="bo", contact_phone="13812341234")
        # The news is written with the change, and nothing is sent before the change commits
        assert Notification.objects.count() == 1 and Delivery.objects.count() == 0
        raise RolledBack
    # The in-app copy and the order to send it went with the change: nothing is left to send
    assert Notification.objects.count() == 0 and DBTaskResult.objects.count() == 0
    assert run_tasks() == 0 and Delivery.objects.count() == 0


def test_without_an_outside_channel_only_the_in_app_copy_is_written_and_nothing_waits(
    city: City, run_tasks: Any, settings: Any
) -> None:
    # as while the demo city writes a year of history: a worker started later must send none of it
    settings.SHILIU_NOTIFICATION_BACKENDS = []
    request = submit(city.category, contact_phone="13812341234")
    assert Notification.objects.filter(request=request).count() == 1
    assert not Notification.objects.filter(in_outbox=True).exists()
    settings.SHILIU_NOTIFICATION_BACKENDS = ["shiliu.notifications.backends.LoggingSmsBackend"]
    assert run_tasks() == 0 and not Delivery.objects.exists()


def test_an_anonymous_report_is_told_in_the_app_only_and_queues_no_delivery(
    city: City, run_tasks: Any
) -> None:
    # given a report without an account or contact details (as most Open311 ones come)
    request = submit(city.category)
    # then the in-app copy is written, and no worker's task is spent on finding nobody
    assert Notification.objects.filter(request=request).count() == 1
    assert not Notification.objects.filter(in_outbox=True).exists()
    assert run_tasks() == 0 and not Delivery.objects.exists()
    # while one with a phone waits in the outbox and is sent
    submit(city.category, contact_phone="13812341234")
    assert Notification.objects.filter(in_outbox=True).count() == 1 and run_tasks() == 1
    assert list(Delivery.objects.values_list("channel", "status")) == [("sms", "sent")]


def test_answer_extension_and_closing_reach_an_account_holder_by_email_in_tibetan(
    city: City, dispatcher: User, supervisor: User, handler: User, run_tasks: Any,
) -> None:
    resident = resident_sign_up(identifier="dolma@example.org", password="a long pass phrase 7", language="bo")
    steps = walk(city, dispatcher, supervisor, handler)
    request = submit(city.category, language="bo", actor=resident, consents=WITH_CONTACT)
    steps.accept(request)
    steps.dispatch(request)
    steps.sign(request)
    extension = workflow.request_extension(
        request, actor=handler, reason="等待配件",
        new_resolve_by=request.resolve_by + timedelta(days=7))
    workflow.decide_extension(extension, actor=supervisor, approve=True)
    steps.resolve(request)
    workflow.rate(request, actor=None, rating=5)
    assert run_tasks() == 1  # one drain of the outbox sends the four
    kinds = list(Notification.objects.filter(request=request).order_by("id")
                 .values_list("kind", flat=True))
    assert kinds == ["received", "extended", "answered", "closed"]
    assert all(n.recipient == resident for n in Notification.objects.all())
    assert len(mail.outbox) == 4 and mail.outbox[0].to == ["dolma@example.org"]
    extended = Notification.objects.get(kind="extended")
    new_date = f"{request.resolve_by:%Y-%m-%d}"
    assert new_date in extended.body and "/bo/track/" in extended.body
    assert "ཞུ་གཏུག" in extended.subject  # "request", in Tibetan


def test_a_refused_extension_and_staff_steps_tell_the_resident_nothing(
    city: City, dispatcher: User, supervisor: User, handler: User, django_capture_on_commit_callbacks: Any
) -> None:
    steps = walk(city, dispatcher, supervisor, handler)
    with django_capture_on_commit_callbacks(execute=True):
        request = steps.to("in_progress")
        extension = workflow.request_extension(
            request, actor=handler, reason="等待配件",
            new_resolve_by=request.resolve_by + timedelta(days=7))
        workflow.decide_extension(extension, actor=supervisor, approve=False)
    assert list(Notification.objects.values_list("kind", flat=True)) == ["received"]


def test_a_failing_channel_is_recorded_and_does_not_stop_the_others(
    city: City, settings: Any, run_tasks: Any
) -> None:
    settings.SHILIU_NOTIFICATION_BACKENDS = [
        "shiliu.notifications.tests.test_notify_resident.BrokenBackend",
        "shiliu.notifications.backends.LoggingSmsBackend",
    ]
    submit(city.category, contact_phone="13812341234")
    run_tasks()
    assert sorted(Delivery.objects.values_list("channel", "status")) == [
        ("broken", "failed"), ("sms", "sent")]


def test_the_tracking_page_shows_the_messages_in_their_language(
    city: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        request = submit(city.category, language="zh-hant")
    html = Client().get(f"/zh-hant/track/{request.tracking_token}/").content.decode()
    assert "給您的消息" in html
    assert f"我們已收到您的訴求 {request.reference}" in html


class RolledBack(Exception):
    pass


class BrokenBackend:
    channel = "broken"

    def address_for(self, request: Any) -> str:
        return "somewhere"

    def send(self, notification: Any, address: str) -> None:
        raise ConnectionError("gateway down")
