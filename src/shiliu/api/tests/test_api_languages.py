"""The APIs answer in the language of Accept-Language, every language of settings.LANGUAGES
included (Uyghur and Tibetan too, not Chinese in their place): their addresses have no language
prefix, and a language cookie left by the website does not outvote the header."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from conftest import City
from django.conf import settings
from django.test import Client
from django.utils import translation

from shiliu.api.tests.conftest import anonymous, issue, post_json

pytestmark = pytest.mark.django_db


def in_language(code: str, message: str) -> str:
    with translation.override(code):
        return translation.gettext(message)


@pytest.mark.parametrize("code", ["ug", "bo"])
def test_rest_errors_come_back_in_uyghur_and_tibetan(city: City, code: str) -> None:
    response = post_json(anonymous(code), "/api/v1/requests", {"description": ""})
    assert response.status_code == 400 and response["Content-Language"] == code
    expected = in_language(code, "Please correct the errors below.")
    assert expected != in_language("zh-hans", "Please correct the errors below.")
    assert response.json()["message"] == expected


@pytest.mark.parametrize("code", ["ug", "bo"])
def test_open311_errors_come_back_in_uyghur_and_tibetan(city: City, code: str) -> None:
    response = anonymous(code).get("/open311/v2/services/no-such.json")
    assert response.status_code == 404 and response["Content-Language"] == code
    description = response.json()[0]["description"]
    assert description == in_language(code, "The service_code “%(code)s” was not found.") % {
        "code": "no-such"
    }
    assert "未找到" not in description

    form = {"api_key": issue(city.city)[1], "service_code": city.other_category.code}
    refused = anonymous(code).post("/open311/v2/requests.xml", urlencode(form),
                                   content_type="application/x-www-form-urlencoded")
    assert refused.status_code == 400
    located = in_language(code, "A location is required: lat and long, address_string or address_id.")
    assert located.encode() in refused.content


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_accept_language_outvotes_the_websites_language_cookie(city: City, code: str) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE=code)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en" if code != "en" else "zh-hans"
    response = client.get("/api/v1/track/no-such-token")
    assert response.status_code == 404 and response["Content-Language"] == code
    assert response.json()["message"] == in_language(code, "Nothing was found at this address.")


def test_without_accept_language_the_cookie_still_counts(city: City) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ug"
    assert client.get("/api/v1/track/no-such-token")["Content-Language"] == "ug"
