"""Open311 discovery, service list and service definitions, in json and xml, compared with the
spec's own examples field by field."""

from __future__ import annotations

import pytest
from conftest import City

from shiliu.api.models import CategoryQuestion
from shiliu.api.tests.conftest import anonymous
from shiliu.api.tests.open311_spec import (
    DEFINITION_JSON,
    DEFINITION_XML,
    DISCOVERY_JSON,
    DISCOVERY_XML,
    ERRORS_JSON,
    ERRORS_XML,
    SERVICES_JSON,
    SERVICES_XML,
    assert_json_like,
    assert_xml_like,
    records,
)

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"


@pytest.fixture
def questions(city: City) -> None:
    CategoryQuestion.objects.create(
        category=city.other_category,
        code="pole",
        question="Which pole? (number on it)",
        order=2,
        datatype="string",
        required=False,
    )
    CategoryQuestion.objects.create(
        category=city.other_category,
        code="kind",
        question="What is wrong?",
        order=1,
        required=True,
        datatype="singlevaluelist",
        choices="dark|The light is off\nflicker|It flickers",
    )


def test_discovery_in_json_and_xml(city: City) -> None:
    as_json = anonymous().get(f"{BASE}/discovery.json")
    assert as_json["Content-Type"] == "application/json; charset=utf-8"
    assert_json_like(as_json.json(), DISCOVERY_JSON)
    endpoint = as_json.json()["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2" and endpoint["type"] == "production"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    as_xml = anonymous().get(f"{BASE}/discovery.xml")
    assert as_xml["Content-Type"] == "text/xml; charset=utf-8"
    root = assert_xml_like(as_xml.content, DISCOVERY_XML)
    assert [f.text for f in root.find("endpoints/endpoint/formats")] == [
        "text/xml",
        "application/json",
    ]


def test_the_service_list_has_every_active_sub_category(city: City, questions: None) -> None:
    services = anonymous().get(f"{BASE}/services.json").json()
    assert_json_like(services, SERVICES_JSON)
    by_code = {s["service_code"]: s for s in services}
    assert set(by_code) == {"street-lights", "housing-repairs"}
    lights = by_code["street-lights"]
    assert lights["service_name"] == "路灯" and lights["group"] == "公共设施"
    assert lights["metadata"] is True and by_code["housing-repairs"]["metadata"] is False
    assert lights["type"] == "realtime"
    assert "5 working days" in lights["description"]
    xml = records(assert_xml_like(anonymous().get(f"{BASE}/services.xml").content, SERVICES_XML))
    assert {r["service_code"]: r["metadata"] for r in xml} == {
        "street-lights": "true",
        "housing-repairs": "false",
    }


def test_keywords_are_comma_separated(city: City) -> None:
    city.other_category.keywords = "路灯 灯 照明"
    city.other_category.save()
    lights = next(
        s
        for s in anonymous().get(f"{BASE}/services.json").json()
        if s["service_code"] == "street-lights"
    )
    assert lights["keywords"] == "路灯, 灯, 照明"


def test_a_service_definition_lists_its_questions_as_attributes(
    city: City, questions: None
) -> None:
    definition = anonymous().get(f"{BASE}/services/street-lights.json").json()
    assert_json_like(definition, DEFINITION_JSON)
    first, second = definition["attributes"]
    assert (first["code"], first["order"], first["required"], first["variable"]) == (
        "kind",
        1,
        True,
        True,
    )
    assert first["values"] == [
        {"key": "dark", "name": "The light is off"},
        {"key": "flicker", "name": "It flickers"},
    ]
    assert (second["code"], second["order"], second["values"]) == ("pole", 2, [])
    root = assert_xml_like(
        anonymous().get(f"{BASE}/services/street-lights.xml").content, DEFINITION_XML
    )
    assert root.find("attributes/attribute/values/value/key").text == "dark"


def test_an_unknown_service_is_404_in_the_specs_error_format(city: City) -> None:
    as_json = anonymous().get(f"{BASE}/services/no-such.json")
    assert as_json.status_code == 404
    assert_json_like(as_json.json(), ERRORS_JSON)
    assert as_json.json()[0]["code"] == 404 and "no-such" in as_json.json()[0]["description"]
    as_xml = anonymous().get(f"{BASE}/services/no-such.xml")
    assert as_xml.status_code == 404
    assert_xml_like(as_xml.content, ERRORS_XML)


def test_jurisdiction_id_is_accepted_when_it_is_ours(city: City, settings: object) -> None:
    settings.SHILIU_OPEN311_JURISDICTION_ID = "shiliu.example.cn"  # type: ignore[attr-defined]
    client = anonymous()
    assert client.get(f"{BASE}/services.json?jurisdiction_id=shiliu.example.cn").status_code == 200
    assert (
        client.get(f"{BASE}/services.json?jurisdiction_id=city").status_code == 200
    )  # the root's code
    assert client.get(f"{BASE}/services.json?jurisdiction_id=").status_code == 200  # empty = absent
    other = client.get(f"{BASE}/services.xml?jurisdiction_id=sfgov.org")
    assert other.status_code == 404 and b"sfgov.org" in other.content


def test_unknown_addresses_and_formats_answer_in_the_error_format(city: City) -> None:
    for path, status in [("/services.html", 404), ("/nothing.json", 404), ("/requests", 404)]:
        response = anonymous().get(BASE + path)
        assert response.status_code == status
        assert response.content.startswith(b"<?xml") or response["Content-Type"].startswith(
            "application/json"
        )
    wrong_method = anonymous().delete(f"{BASE}/services.json")
    assert wrong_method.status_code == 405 and wrong_method.json()[0]["code"] == 405
