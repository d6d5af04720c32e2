"""Timeline events are stored as a kind and parameters (unit ids, dates, codes) and put into words
in the reader's language when read; what a person typed stays as typed. A note is either for staff
only or for the resident too, and staff-only notes never reach the resident: not on the tracking
page, not through REST, not in a notification."""

from __future__ import annotations

import json
from typing import Any

import pytest
import time_machine
from conftest import City
from django.test import Client
from django.urls import reverse
from django.utils import translation

from shiliu.api.tests.conftest import signed_in as api_client
from shiliu.notifications.models import Notification
from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff
from shiliu.service_requests import workflow
from shiliu.service_requests.models import ServiceRequest
from shiliu.service_requests.tests.journeys import NOW, Walk
from shiliu.service_requests.workflow import Status

pytestmark = pytest.mark.django_db

INSTRUCTION = "请尽快修复路灯。"
REPLY = "路灯已于今日修复。"


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def named(city: City) -> City:
    city.housing.name_translations = {"en": "District Housing Bureau", "ug": "رايونلۇق تۇرالغۇ ئىدارىسى"}
    city.housing.save()
    return city


@pytest.fixture
def dispatched(named: City, walk: Walk) -> ServiceRequest:
    request = walk.to(Status.ACCEPTED)
    workflow.dispatch(request, actor=walk.dispatcher, unit=named.housing, note=INSTRUCTION)
    return request


def track(request: ServiceRequest, language: str) -> str:
    with translation.override(language):
        path = reverse("service_requests:portal-track", args=[request.tracking_token])
    return Client().get(path).content.decode()


def test_a_dispatch_is_stored_as_a_kind_and_the_units_id(dispatched: ServiceRequest, named: City) -> None:
    event = dispatched.events.get(action="dispatch")
    assert event.kind == "dispatch"
    assert event.params == {"unit": named.housing.pk}
    assert event.note == INSTRUCTION


@pytest.mark.parametrize(
    ("language", "sentence", "elsewhere"),
    [
        ("en", "Dispatched to District Housing Bureau", "已派单"),
        ("zh-hans", "已派单至区住建局", "Dispatched"),
        ("ug", "رايونلۇق تۇرالغۇ ئىدارىسى", "已派单"),
    ],
)
def test_the_residents_timeline_reads_in_the_residents_language(
    dispatched: ServiceRequest, language: str, sentence: str, elsewhere: str
) -> None:
    page = track(dispatched, language)
    assert sentence in page
    assert elsewhere not in page


def test_a_dispatchers_instruction_never_reaches_the_resident(
    dispatched: ServiceRequest, walk: Walk, dispatcher: User
) -> None:
    # given the order was signed for and answered (the resident was notified), and rated
    walk.sign(dispatched)
    workflow.resolve(dispatched, actor=walk.worker, reply=REPLY)

    # then the tracking page shows the reply as typed and not the instruction
    for language in ("zh-hans", "en"):
        page = track(dispatched, language)
        assert REPLY in page and INSTRUCTION not in page

    # and neither does REST for the resident, nor any notification
    body = json.dumps(Client().get(f"/api/v1/track/{dispatched.tracking_token}").json(), ensure_ascii=False)
    assert REPLY in body and INSTRUCTION not in body
    assert not Notification.objects.filter(body__contains=INSTRUCTION).exists()
    assert not Notification.objects.filter(subject__contains=INSTRUCTION).exists()

    # while staff see it, marked as theirs alone, on the workbench and through REST
    detail = login_staff(Client(), dispatcher).get(
        reverse("service_requests:workbench-detail", args=[dispatched.reference])).content.decode()
    assert INSTRUCTION in detail and "note-staff" in detail
    timeline = api_client(dispatcher).get(f"/api/v1/requests/{dispatched.reference}").json()["timeline"]
    note = next(e for e in timeline if e["action"] == "dispatch")
    assert (note["note"], note["note_is_public"]) == (INSTRUCTION, False)


def test_the_open311_status_notes_leave_the_instruction_out(dispatched: ServiceRequest, city: City) -> None:
    from shiliu.api.tests.conftest import issue, keyed

    body = keyed(issue(city.city)[1], "zh-hans").get(
        f"/open311/v2/requests/{dispatched.reference}.json").content.decode()
    assert INSTRUCTION not in body


def test_rest_events_carry_their_kind_params_and_the_sentence_in_the_callers_language(
    dispatched: ServiceRequest, dispatcher: User, named: City
) -> None:
    timeline = api_client(dispatcher, language="en").get(
        f"/api/v1/requests/{dispatched.reference}").json()["timeline"]
    event = next(e for e in timeline if e["action"] == "dispatch")
    assert event["kind"] == "dispatch" and event["params"] == {"unit": named.housing.pk}
    assert event["text"] == "Dispatched to District Housing Bureau"


def test_the_forms_say_who_reads_each_note(dispatched: ServiceRequest, dispatcher: User, walk: Walk) -> None:
    from shiliu.service_requests.forms import ACTION_FORMS

    with translation.override("en"):
        staff_only = {verb: str(ACTION_FORMS[verb](request=dispatched).fields[name].help_text)
                      for verb, name in (("accept", "note"), ("dispatch", "note"), ("return", "reason"),
                                         ("remind", "note"))}
        public = {verb: str(ACTION_FORMS[verb](request=dispatched).fields[name].help_text)
                  for verb, name in (("resolve", "reply"), ("decline", "reason"))}
    assert set(staff_only.values()) == {"Only staff see this."}
    assert set(public.values()) == {"The resident sees this."}
