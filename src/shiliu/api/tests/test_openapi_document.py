"""The OpenAPI document states what the server enforces: lengths, allowed values, date ranges,
which operations need credentials, and every status an operation answers with."""

from __future__ import annotations

from typing import Any, get_args

import pytest
from django.test import Client

from shiliu.api.rest import QueueStatus
from shiliu.service_requests.workflow import Status


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return Client().get("/api/openapi.json").json()  # type: ignore[no-any-return]


def operation(document: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    return document["paths"][path][method]  # type: ignore[no-any-return]


def parameter(op: dict[str, Any], name: str) -> dict[str, Any]:
    [found] = [p for p in op["parameters"] if p["name"] == name]
    schema = found["schema"]
    return schema["anyOf"][0] if "anyOf" in schema else schema  # type: ignore[no-any-return]


def test_the_tracking_endpoints_list_401_and_their_other_answers(document: dict[str, Any]) -> None:
    track = operation(document, "get", "/api/v1/track/{token}")
    rating = operation(document, "post", "/api/v1/track/{token}/rating")
    assert {"200", "400", "401", "404", "429"} <= set(track["responses"])
    assert {"200", "400", "401", "403", "404", "409", "413", "429"} <= set(rating["responses"])


def test_every_post_lists_413_and_creation_lists_422(document: dict[str, Any]) -> None:
    posts = [ops["post"] for ops in document["paths"].values() if "post" in ops]
    assert posts and all("413" in op["responses"] for op in posts)
    assert "422" in operation(document, "post", "/api/v1/requests")["responses"]


def test_public_operations_state_that_credentials_are_optional(document: dict[str, Any]) -> None:
    public = operation(document, "get", "/api/v1/categories")
    signed_in = operation(document, "get", "/api/v1/requests")
    assert {} in public["security"] and {"KeyHeader": []} in public["security"]
    assert {} not in signed_in["security"]


def test_allowed_values_are_enums(document: dict[str, Any]) -> None:
    listing = operation(document, "get", "/api/v1/requests")
    assert set(parameter(listing, "status")["enum"]) == {"open", *Status.values}
    assert set(get_args(QueueStatus)) == {"open", *Status.values}
    created = document["components"]["schemas"]["RequestCreateIn"]["properties"]
    assert created["language"]["enum"] == ["zh-hans", "zh-hant", "en", "ug", "bo"]
    assert created["consents"]["contains"] == {"const": "request_handling"}
    kinds = parameter(operation(document, "get", "/api/v1/org-units"), "kind")["enum"]
    points = parameter(operation(document, "get", "/api/v1/service-points"), "kind")["enum"]
    assert "grid" in kinds and "grid" not in points  # two enums, not one shared name


def test_lengths_and_text_rules_are_stated(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    description = schemas["RequestCreateIn"]["properties"]["description"]
    assert (description["minLength"], description["maxLength"]) == (1, 4000)
    assert "\\s" in description["pattern"]  # required text is not blank
    unit = schemas["DispatchIn"]["properties"]["unit"]
    assert (unit["minLength"], unit["maxLength"]) == (1, 64)
    assert schemas["RatingIn"]["properties"]["rating"] == {
        "description": "5 very satisfied … 1 very unsatisfied (好差评).",
        "maximum": 5,
        "minimum": 1,
        "title": "Rating",
        "type": "integer",
    }


def test_date_ranges_are_stated(document: dict[str, Any]) -> None:
    start = parameter(operation(document, "get", "/api/v1/figures"), "start")
    new_date = document["components"]["schemas"]["ExtensionIn"]["properties"]["new_date"]
    assert start["format"] == "date" and start["pattern"].startswith("^(199[0-9]|20[0-9][0-9])-")
    assert new_date["pattern"].startswith("^20[0-9][0-9]-")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/figures?start=1989-12-31", 400),
        ("/api/v1/requests?status=nonsense", 400),
        ("/api/v1/org-units?kind=one_stop", 400),
        ("/api/v1/service-points?kind=grid", 400),
    ],
)
def test_the_server_refuses_what_the_document_excludes(path: str, status: int) -> None:
    assert Client().get(path).status_code in {status, 401}


def test_a_transfer_names_a_jurisdiction(document: dict[str, Any]) -> None:
    """Found by `schemathesis run --checks all` against the demo city: an empty `to` was
    schema-valid and refused with 400."""
    target = document["components"]["schemas"]["TransferIn"]["properties"]["to"]
    assert target["minLength"] == 1
