"""Bad input never breaks Open311: generated parameters (any text, including NUL characters and
long strings) sent to every endpoint get an answer below 500, in the spec's format."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from conftest import City
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from shiliu.api.tests.conftest import anonymous, issue
from shiliu.api.tests.open311_spec import parse_xml

pytestmark = pytest.mark.django_db

NAMES = [
    "api_key",
    "service_code",
    "lat",
    "long",
    "address_string",
    "address_id",
    "description",
    "jurisdiction_id",
    "phone",
    "media_url",
    "first_name",
    "attribute[kind]",
    "attribute[kind][]",
    "service_request_id",
    "start_date",
    "end_date",
    "status",
    "page",
    "page_size",
]
VALUES = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "",
            "30.005",
            "104.005",
            "street-lights",
            "nan",
            "inf",
            "-1",
            "2026-03-04T10:00:00Z",
            "open,closed",
            "\x00",
            "0" * 400,
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "housing",
            "community",
            "灯\x01\x0b\ufffe",
        ]
    ),
)
PARAMS = st.dictionaries(st.sampled_from(NAMES), VALUES, max_size=8)
PATHS = [
    "requests",
    "services",
    "services/street-lights",
    "discovery",
    "tokens/abc",
    "requests/SL-2026-000001",
]


@hypothesis_settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(
    params=PARAMS,
    path=st.sampled_from(PATHS),
    fmt=st.sampled_from(["json", "xml"]),
    method=st.sampled_from(["GET", "POST"]),
    with_key=st.booleans(),
)
def test_any_parameters_get_a_4xx_or_a_valid_answer(
    city: City, params: dict[str, Any], path: str, fmt: str, method: str, with_key: bool
) -> None:
    if with_key:
        params = {**params, "api_key": issue(city.city, name="fuzz")[1]}
    url = f"/open311/v2/{path}.{fmt}"
    client = anonymous()
    if method == "GET":
        response = client.get(f"{url}?{urlencode(params)}")
    else:
        response = client.post(
            url, urlencode(params), content_type="application/x-www-form-urlencoded"
        )
    assert response.status_code < 500, response.content
    body = response.content
    parsed = json.loads(body) if fmt == "json" else parse_xml(body)
    if response.status_code >= 400:
        first = parsed[0] if fmt == "json" else {c.tag: c.text for c in parsed[0]}
        assert int(first["code"]) == response.status_code and first["description"]
