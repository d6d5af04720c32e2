"""Messages leave the platform only for residents who agreed to be contacted about their request,
and an e-mail goes to the address the resident signed up with (kept encrypted in their profile)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from conftest import City
from django.core import mail
from django.test import Client
from django.urls import reverse

from shiliu.notifications.models import Delivery
from shiliu.people.models import User
from shiliu.privacy.models import ResidentProfile
from shiliu.privacy.services import resident_sign_up
from shiliu.service_requests.tests.journeys import HANDLING, WITH_CONTACT, Walk, submit

pytestmark = pytest.mark.django_db

ADDRESS = "dolma@example.org"


@pytest.fixture
def resident() -> User:
    return resident_sign_up(identifier=ADDRESS, password="a long pass phrase 7", language="bo")


@pytest.fixture
def walk(city: City, dispatcher: User, supervisor: User, handler: User) -> Walk:
    return Walk(dispatcher=dispatcher, supervisor=supervisor, worker=handler, unit=city.housing,
                category=city.category)


def test_the_answer_reaches_a_resident_who_agreed_at_the_address_they_signed_up_with(
    city: City, resident: User, walk: Walk, run_tasks: Any
) -> None:
    # the address lives encrypted in the profile only, not on the account
    assert resident.email == "" and ResidentProfile.objects.get(user=resident).email == ADDRESS
    request = submit(city.category, actor=resident, language="bo", consents=WITH_CONTACT)
    walk.accept(request)
    walk.dispatch(request)
    walk.sign(request)
    walk.resolve(request)
    run_tasks()

    assert [m.to for m in mail.outbox] == [[ADDRESS], [ADDRESS]]
    assert request.reference in mail.outbox[-1].subject
    assert list(Delivery.objects.values_list("channel", "status")) == [("email", "sent"), ("email", "sent")]


def test_without_follow_up_consent_nothing_is_sent_and_the_delivery_says_why(
    city: City, resident: User, walk: Walk, run_tasks: Any
) -> None:
    request = submit(city.category, actor=resident, consents=HANDLING)
    walk.accept(request)
    walk.dispatch(request)
    walk.sign(request)
    walk.resolve(request)
    run_tasks()

    assert mail.outbox == []
    withheld = list(Delivery.objects.values_list("notification__kind", "channel", "status", "error"))
    assert withheld == [
        ("received", "email", "withheld", "no consent to follow-up contact"),
        ("answered", "email", "withheld", "no consent to follow-up contact"),
    ]


def test_once_consent_is_withdrawn_on_the_tracking_page_the_answer_is_not_sent(
    city: City, resident: User, walk: Walk, run_tasks: Any
) -> None:
    request = submit(city.category, actor=resident, consents=WITH_CONTACT)
    run_tasks()
    assert len(mail.outbox) == 1  # "we received your request"

    # when the resident withdraws follow-up contact from their private link
    response = Client().post(reverse("service_requests:portal-consent-withdraw",
                                     args=[request.tracking_token, "follow_up_contact"]))
    assert response.status_code == 302
    walk.accept(request)
    walk.dispatch(request)
    walk.sign(request)
    walk.resolve(request)
    run_tasks()

    # then the answer is on the tracking page only, and the record says why it was not sent
    assert len(mail.outbox) == 1
    answered = Delivery.objects.get(notification__kind="answered")
    assert (answered.channel, answered.status) == ("email", "withheld")
    assert request.notifications.filter(kind="answered").exists()


def test_a_refused_address_is_neither_logged_nor_kept(
    city: City, resident: User, settings: Any, caplog: Any, run_tasks: Any
) -> None:
    settings.SHILIU_NOTIFICATION_BACKENDS = ["shiliu.notifications.tests.test_contact_consent.RefusingEmail"]
    with caplog.at_level(logging.INFO):
        submit(city.category, actor=resident, consents=WITH_CONTACT)
        run_tasks()

    failed = Delivery.objects.get()
    assert failed.status == "failed"
    assert ADDRESS not in failed.error and ADDRESS not in caplog.text


class RefusingEmail:
    channel = "email"

    def address_for(self, request: Any) -> str | None:
        from shiliu.notifications.backends import EmailBackend

        return EmailBackend().address_for(request)

    def send(self, notification: Any, address: str) -> None:
        raise ConnectionError(f"recipient refused: {address}")
