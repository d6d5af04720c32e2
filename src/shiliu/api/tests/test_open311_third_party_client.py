"""Third-party Open311 clients work against a running server, end to end.

`georeport` (PyPI, GeoReport v2, maintained) drives what it implements: the service list, a
service definition, the request list and one request, in json and xml. It has no discovery, POST
or tokens, and the older clients on PyPI (`open311` 2011, `three` 2013) are Python 2 only; those
calls go through `SpecClient`, written strictly from the published spec (shared/OPEN311.md) the
way such libraries do it: requests, form-encoded POST with api_key, `.json` and `.xml` suffixes,
XML read with defusedxml."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from conftest import City
from defusedxml import ElementTree as SafeET
from georeport import GeoReport

from shiliu.api.models import CategoryQuestion, Scope
from shiliu.api.tests.conftest import issue
from shiliu.service_requests.models import ServiceRequest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("published_notices")]

DESCRIPTION = "团结路口的路灯不亮了"
ADDRESS = "团结路12号"


class SpecClient:
    """GeoReport v2 as the spec writes it, for the calls georeport lacks."""

    def __init__(self, endpoint: str, api_key: str, fmt: str = "json") -> None:
        self.endpoint, self.api_key, self.fmt = endpoint.rstrip("/"), api_key, fmt
        self.session = requests.Session()

    def _parse(self, response: requests.Response) -> Any:
        response.raise_for_status()
        expected = "application/json" if self.fmt == "json" else "text/xml"
        assert response.headers["Content-Type"].startswith(expected)
        if self.fmt == "json":
            return response.json()
        return SafeET.fromstring(response.content)

    def discovery(self) -> Any:
        return self._parse(self.session.get(f"{self.endpoint}/discovery.{self.fmt}", timeout=10))

    def post_request(self, service_code: str, **fields: str) -> Any:
        data = {"api_key": self.api_key, "service_code": service_code, **fields}
        response = self.session.post(
            f"{self.endpoint}/requests.{self.fmt}",
            data=data,  # application/x-www-form-urlencoded, UTF-8
            timeout=10,
        )
        return self._parse(response)

    def token(self, token: str) -> Any:
        return self._parse(self.session.get(f"{self.endpoint}/tokens/{token}.{self.fmt}", timeout=10))


@pytest.fixture
def endpoint(live_server: Any, city: City, settings: Any) -> str:
    settings.SHILIU_RATE_LIMITS = dict.fromkeys(settings.SHILIU_RATE_LIMITS, "1000/hour")
    CategoryQuestion.objects.create(
        category=city.other_category,
        code="pole",
        question="Pole number?",
        datatype=CategoryQuestion.Datatype.STRING,
        required=False,
    )
    return f"{live_server.url}/open311/v2"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_third_party_client_reports_and_follows_a_request(
    endpoint: str, city: City, fmt: str
) -> None:
    _key, raw_key = issue(city.city, [Scope.REQUESTS_CREATE], name="third-party app")
    spec = SpecClient(endpoint, raw_key, fmt)
    library = GeoReport(endpoint, api_key=raw_key, output_format=fmt)

    # Discovery: the endpoint, its specification and both formats
    found = spec.discovery()
    if fmt == "json":
        [advertised] = found["endpoints"]
        assert advertised["specification"] == "http://wiki.open311.org/GeoReport_v2"
        assert set(advertised["formats"]) == {"text/xml", "application/json"}
    else:
        assert found.findtext("endpoints/endpoint/specification") == (
            "http://wiki.open311.org/GeoReport_v2"
        )

    # Services and a service definition, through the library
    services = library.get_service_list()
    codes = {s["service_code"] for s in services}
    assert {"street-lights", "housing-repairs"} <= codes
    lights = next(s for s in services if s["service_code"] == "street-lights")
    assert str(lights["metadata"]).lower() == "true"
    definition = library.get_service_definition("street-lights")
    attributes = definition["attributes"]
    attribute = attributes[0] if fmt == "json" else attributes["attribute"]
    assert attribute["code"] == "pole"

    # POST with the api_key, form-encoded: a realtime service answers with the id at once
    answer = spec.post_request(
        "street-lights",
        lat="30.005",
        long="104.005",
        address_string=ADDRESS,
        description=DESCRIPTION,
        **{"attribute[pole]": "A-17"},
    )
    if fmt == "json":
        [created] = answer
        reference = created["service_request_id"]
        assert "token" not in created
    else:
        reference = answer.findtext("request/service_request_id")
    sr = ServiceRequest.objects.get(reference=reference)
    assert sr.submitted_by is None and sr.category.code == "street-lights"

    # GET requests and one request, through the library (anonymous: the public view)
    listed = library.get_service_requests(service_request_id=reference)
    item = listed[0] if fmt == "json" else listed
    assert item["service_request_id"] == reference and item["status"] == "open"
    one = library.get_service_request(reference)
    assert one["service_code"] == "street-lights"
    assert not one["description"]  # residents' words stay out of public reads

    # A token (the resident's private one) gives the request id
    tokens = spec.token(sr.tracking_token)
    if fmt == "json":
        assert tokens == [{"service_request_id": reference, "token": sr.tracking_token}]
    else:
        assert tokens.findtext("request/service_request_id") == reference


def test_the_library_reads_errors_as_http_errors(endpoint: str, city: City) -> None:
    library = GeoReport(endpoint, output_format="json")
    with pytest.raises(requests.HTTPError) as refused:
        library.get_service_definition("no-such-service")
    assert refused.value.response.status_code == 404
    assert refused.value.response.json()[0]["code"] == 404
