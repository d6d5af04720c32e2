"""Intake's rules (phone format, language, place) are the service's: the REST API, Open311 and the
portal refuse the same bad input with the same code and the same sentence, because each of them
hands it to service_request_submit instead of checking it itself."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import IN_GRID_A, City
from django.urls import reverse
from django.utils import translation

from shiliu.api.tests.conftest import anonymous, post_json
from shiliu.service_requests import services, workflow
from shiliu.service_requests.models import Channel, ServiceRequest
from shiliu.service_requests.tests.journeys import WITH_CONTACT

pytestmark = pytest.mark.django_db

PHONE_MESSAGE = "Enter an 11-digit mobile number or a landline such as 028-12345678."
PLACE_MESSAGE = "No community or other place has the code “nowhere”."


def service_error(city: City, **given: Any) -> workflow.WorkflowError:
    arguments: dict[str, Any] = {
        "actor": None,
        "channel": Channel.API,
        "category": city.other_category,
        "description": "路灯不亮",
        "consents": WITH_CONTACT,
        **IN_GRID_A,
        **given,
    }
    with pytest.raises(workflow.InvalidInput) as refused:
        services.service_request_submit(**arguments)
    return refused.value


def rest(city: City, **given: Any) -> Any:
    body = {
        "category": city.other_category.code,
        "description": "路灯不亮",
        "consents": ["request_handling", "follow_up_contact"],
        **IN_GRID_A,
        **given,
    }
    return post_json(anonymous(), "/api/v1/requests", body)


def open311(city_key: str, city: City, **given: str) -> Any:
    form = {
        "api_key": city_key,
        "service_code": city.other_category.code,
        "lat": "30.005",
        "long": "104.005",
        "description": "路灯不亮",
        **given,
    }
    return anonymous().post("/open311/v2/requests.json", form)


def test_a_bad_phone_gets_the_same_code_and_sentence_everywhere(
    city: City, city_key: str
) -> None:
    assert service_error(city, contact_phone="12345").code == "invalid_phone"

    by_rest = rest(city, contact_phone="12345")
    assert by_rest.status_code == 400
    assert by_rest.json()["code"] == "invalid_phone"
    assert by_rest.json()["message"] == PHONE_MESSAGE

    by_open311 = open311(city_key, city, phone="12345")
    assert by_open311.status_code == 400
    assert by_open311.json() == [{"code": 400, "description": PHONE_MESSAGE}]

    with translation.override("en"):
        portal_url = reverse("service_requests:portal-submit")
    portal = anonymous().post(
        portal_url,
        {
            "category": city.other_category.pk,
            "request_type": "help",
            "description": "路灯不亮",
            "latitude": "30.005",
            "longitude": "104.005",
            "contact_phone": "12345",
            "consent_handling": "on",
            "consent_follow_up": "on",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert PHONE_MESSAGE in portal.content.decode()
    assert not ServiceRequest.objects.exists()


def test_phones_are_normalised_the_same_everywhere(city: City, city_key: str) -> None:
    assert rest(city, contact_phone="138 0000 1234").status_code == 201
    assert open311(city_key, city, phone="(028) 12345678").status_code == 200
    phones = sorted(ServiceRequest.objects.values_list("contact_phone", flat=True))
    assert phones == ["02812345678", "13800001234"]


def test_an_unknown_language_gets_the_same_code_on_rest_and_in_the_service(city: City) -> None:
    assert service_error(city, language="xx").code == "unknown_language"

    response = rest(city, language="xx")

    assert response.status_code == 400
    assert response.json()["code"] == "unknown_language"
    assert response.json()["message"].startswith("Choose a language from: zh-hans")


def test_an_unknown_place_gets_the_same_code_and_sentence_everywhere(
    city: City, city_key: str
) -> None:
    no_point = {"latitude": None, "longitude": None}
    assert service_error(city, place_code="nowhere", **no_point).code == "unknown_place"

    by_rest = rest(city, community="nowhere", **no_point)
    assert by_rest.status_code == 400
    assert (by_rest.json()["code"], by_rest.json()["message"]) == ("unknown_place", PLACE_MESSAGE)

    by_open311 = open311(city_key, city, address_id="nowhere", lat="", long="")
    assert by_open311.status_code == 400
    assert by_open311.json() == [{"code": 400, "description": PLACE_MESSAGE}]


@pytest.mark.parametrize("code", ["housing", "nowhere"])
def test_a_department_is_no_place_on_either_channel(city: City, city_key: str, code: str) -> None:
    no_point = {"latitude": None, "longitude": None}
    assert rest(city, community=code, **no_point).json()["code"] == "unknown_place"
    assert open311(city_key, city, address_id=code, lat="", long="").status_code == 400


def test_a_known_place_code_places_the_request_on_both_channels(city: City, city_key: str) -> None:
    assert rest(city, community="community", latitude=None, longitude=None).status_code == 201
    assert open311(city_key, city, address_id="community", lat="", long="").status_code == 200
    places = set(ServiceRequest.objects.values_list("jurisdiction__code", flat=True))
    assert places == {"community"}
