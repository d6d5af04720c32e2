"""Open311's abuse limits answer in the spec's error format: 429 with Retry-After, 413 for a body
over the limit."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from conftest import City

from shiliu.api.tests.conftest import anonymous, issue
from shiliu.api.tests.open311_spec import ERRORS_XML, assert_xml_like

pytestmark = pytest.mark.django_db


def test_open311_posts_are_limited_with_the_specs_error_format(
    city: City, settings: object
) -> None:
    settings.SHILIU_RATE_LIMITS = {**settings.SHILIU_RATE_LIMITS, "keyed_intake": "1/hour"}  # type: ignore[attr-defined]
    _, raw_key = issue(city.city)
    form = {"api_key": raw_key, "service_code": "street-lights", "lat": "30.005", "long": "104.005"}
    client = anonymous()
    assert (
        client.post("/open311/v2/requests.json", {**form, "description": "一"}).status_code == 200
    )
    refused = client.post("/open311/v2/requests.json", {**form, "description": "二"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert (
        refused.json()[0]["code"] == 429 and "Too many requests" in refused.json()[0]["description"]
    )


def test_an_open311_body_over_the_limit_is_413_in_xml(city: City, settings: object) -> None:
    settings.SHILIU_API_MAX_BODY_BYTES = 1024  # type: ignore[attr-defined]
    response = anonymous().post(
        "/open311/v2/requests.xml",
        urlencode({"description": "x" * 2000}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert_xml_like(response.content, ERRORS_XML)
    assert b"<code>413</code>" in response.content
