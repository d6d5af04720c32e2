"""A call that carries two credentials, one of them invalid, is refused with 401: a valid key
never covers for a wrong one beside it, on signed-in and public operations alike."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import City
from django.test import Client

from shiliu.api.tests.conftest import issue
from shiliu.people.models import User

pytestmark = pytest.mark.django_db

SIGNED_IN = "/api/v1/requests"
PUBLIC = "/api/v1/categories"


@pytest.mark.parametrize("path", [SIGNED_IN, PUBLIC])
@pytest.mark.parametrize(
    "authorization",
    ["Bearer sl_nope_nope", "Bearer ", "Basic dXNlcjpwYXNz", "sl_nope_nope", "", " \t"],
)
def test_a_valid_key_with_a_bad_authorization_header_is_401(
    city: City, city_key: str, path: str, authorization: str
) -> None:
    client = Client(HTTP_X_API_KEY=city_key, HTTP_AUTHORIZATION=authorization)

    response = client.get(path)

    assert response.status_code == 401, response.content
    assert response.json()["code"] == "unauthenticated"


def test_a_valid_bearer_with_a_bad_key_header_is_401(city: City, city_key: str) -> None:
    client = Client(HTTP_X_API_KEY="sl_nope_nope", HTTP_AUTHORIZATION=f"Bearer {city_key}")
    assert client.get(SIGNED_IN).status_code == 401


def test_two_different_valid_keys_are_refused(city: City, city_key: str) -> None:
    _other, other_key = issue(city.community, name="another client")
    client = Client(HTTP_X_API_KEY=city_key, HTTP_AUTHORIZATION=f"Bearer {other_key}")
    assert client.get(SIGNED_IN).status_code == 401


def test_the_same_key_in_both_headers_is_accepted(city: City, city_key: str) -> None:
    client = Client(HTTP_X_API_KEY=city_key, HTTP_AUTHORIZATION=f"Bearer {city_key}")
    assert client.get(SIGNED_IN).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_X_API_KEY": "sl_nope_nope"}, {"HTTP_AUTHORIZATION": "Bearer sl_nope_nope"},
     {"HTTP_AUTHORIZATION": "Basic dXNlcjpwYXNz"}],
)
@pytest.mark.parametrize("path", [SIGNED_IN, PUBLIC])
def test_a_session_with_a_bad_key_is_401(
    city: City, dispatcher: User, login_staff: Any, headers: dict[str, str], path: str
) -> None:
    client = Client(**headers)
    login_staff(client, dispatcher)

    assert client.get(path).status_code == 401


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_AUTHORIZATION": "Basic dXNlcjpwYXNz"}, {"HTTP_AUTHORIZATION": " "},
     {"HTTP_X_API_KEY": ""}],
)
def test_an_anonymous_call_with_a_bad_or_blank_credential_is_401(
    city: City, headers: dict[str, str]
) -> None:
    assert Client(**headers).get(PUBLIC).status_code == 401
