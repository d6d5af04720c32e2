# ruff: noqa: E501  (the specification's examples, copied verbatim)
"""The response examples of the GeoReport v2 specification (wiki.open311.org/GeoReport_v2 and
Service_Discovery), copied in both formats, and helpers that compare our responses with them
field by field: the same root and item elements, the same fields in the same order, the same JSON
keys and kinds of value. Incoming XML is parsed only with defusedxml."""

from __future__ import annotations

import json
from typing import Any

from defusedxml import ElementTree as SafeET

SERVICES_XML = """<?xml version="1.0" encoding="utf-8"?>
<services>
  <service>
    <service_code>001</service_code>
    <service_name>Cans left out 24x7</service_name>
    <description>Garbage or recycling cans that have been left out for more than 24 hours after collection. Violators will be cited.</description>
    <metadata>true</metadata>
    <type>realtime</type>
    <keywords>lorem, ipsum, dolor</keywords>
    <group>sanitation</group>
  </service>
</services>"""

SERVICES_JSON = """[{"service_code": "001", "service_name": "Cans left out 24x7",
  "description": "Garbage or recycling cans that have been left out for more than 24 hours after collection. Violators will be cited.",
  "metadata": true, "type": "realtime", "keywords": "lorem, ipsum, dolor", "group": "sanitation"}]"""

DEFINITION_XML = """<?xml version="1.0" encoding="utf-8"?>
<service_definition>
  <service_code>DMV66</service_code>
  <attributes>
    <attribute>
      <variable>true</variable>
      <code>WHISHETN</code>
      <datatype>singlevaluelist</datatype>
      <required>true</required>
      <datatype_description></datatype_description>
      <order>1</order>
      <description>What is the ticket/tag/DL number?</description>
      <values>
        <value>
          <key>123</key>
          <name>Ford</name>
        </value>
      </values>
    </attribute>
  </attributes>
</service_definition>"""

DEFINITION_JSON = """{"service_code": "DMV66", "attributes": [{"variable": true, "code": "WHISHETN",
  "datatype": "singlevaluelist", "required": true, "datatype_description": null, "order": 1,
  "description": "What is the ticket/tag/DL number?", "values": [{"key": "123", "name": "Ford"}]}]}"""

POST_XML = """<?xml version="1.0" encoding="utf-8"?>
<service_requests>
  <request>
    <service_request_id>293944</service_request_id>
    <service_notice>The City will inspect and require the responsible party to correct within 24 hours and/or issue a Correction Notice or Notice of Violation of the Public Works Code</service_notice>
    <account_id/>
  </request>
</service_requests>"""

POST_JSON = """[{"service_request_id": "293944", "service_notice": "The City will inspect and require the responsible party to correct within 24 hours and/or issue a Correction Notice or Notice of Violation of the Public Works Code",
  "account_id": null}]"""

REQUESTS_XML = """<?xml version="1.0" encoding="utf-8"?>
<service_requests>
  <request>
    <service_request_id>638344</service_request_id>
    <status>closed</status>
    <status_notes>Duplicate request.</status_notes>
    <service_name>Sidewalk and Curb Issues</service_name>
    <service_code>006</service_code>
    <description></description>
    <agency_responsible></agency_responsible>
    <service_notice></service_notice>
    <requested_datetime>2010-04-14T06:37:38-08:00</requested_datetime>
    <updated_datetime>2010-04-14T06:37:38-08:00</updated_datetime>
    <expected_datetime>2010-04-15T06:37:38-08:00</expected_datetime>
    <address>8TH AVE and JUDAH ST</address>
    <address_id>545483</address_id>
    <zipcode>94122</zipcode>
    <lat>37.762221815</lat>
    <long>-122.4651145</long>
    <media_url>http://city.gov.s3.amazonaws.com/requests/media/638344.jpg</media_url>
  </request>
</service_requests>"""

REQUESTS_JSON = """[{"service_request_id": "638344", "status": "closed", "status_notes": "Duplicate request.",
  "service_name": "Sidewalk and Curb Issues", "service_code": "006", "description": null,
  "agency_responsible": null, "service_notice": null,
  "requested_datetime": "2010-04-14T06:37:38-08:00", "updated_datetime": "2010-04-14T06:37:38-08:00",
  "expected_datetime": "2010-04-15T06:37:38-08:00", "address": "8TH AVE and JUDAH ST",
  "address_id": "545483", "zipcode": "94122", "lat": 37.762221815, "long": -122.4651145,
  "media_url": "http://city.gov.s3.amazonaws.com/requests/media/638344.jpg"}]"""

TOKEN_XML = """<?xml version="1.0" encoding="utf-8"?>
<service_requests>
  <request>
    <service_request_id>638344</service_request_id>
    <token>12345</token>
  </request>
</service_requests>"""

TOKEN_JSON = """[{"service_request_id": "638344", "token": "12345"}]"""

ERRORS_XML = """<?xml version="1.0" encoding="utf-8"?>
<errors>
  <error>
    <code>403</code>
    <description>Invalid api_key received -- can't proceed with create_request.</description>
  </error>
</errors>"""

ERRORS_JSON = """[{"code": 403, "description": "Invalid api_key received -- can't proceed with create_request."}]"""

DISCOVERY_XML = """<?xml version="1.0" encoding="utf-8"?>
<discovery>
  <changeset>2011-04-05T17:48:34Z</changeset>
  <contact>Please email ( content.311@sfgov.org )  or call ( 415-701-2311 ) for assistance or to report bugs</contact>
  <key_service>To get an API_KEY please visit this website:  http://apps.sfgov.org/Open311API/</key_service>
  <endpoints>
    <endpoint>
      <specification>http://wiki.open311.org/GeoReport_v2</specification>
      <url>https://open311.sfgov.org/v2</url>
      <changeset>2011-04-20T17:48:34Z</changeset>
      <type>production</type>
      <formats>
        <format>text/xml</format>
        <format>application/json</format>
      </formats>
    </endpoint>
  </endpoints>
</discovery>"""

DISCOVERY_JSON = """{"changeset": "2011-04-05T17:48:34Z",
  "contact": "Please email ( content.311@sfgov.org )  or call ( 415-701-2311 ) for assistance or to report bugs",
  "key_service": "To get an API_KEY please visit this website:  http://apps.sfgov.org/Open311API/",
  "endpoints": [{"specification": "http://wiki.open311.org/GeoReport_v2", "url": "https://open311.sfgov.org/v2",
    "changeset": "2011-04-20T17:48:34Z", "type": "production",
    "formats": ["text/xml", "application/json"]}]}"""


def parse_xml(content: bytes) -> Any:
    """Our XML, read the only way incoming XML may be read: with defusedxml."""
    assert content.startswith(b'<?xml version="1.0" encoding="utf-8"?>'), content[:60]
    return SafeET.fromstring(content)


def xml_shape(element: Any) -> tuple[str, list[Any]]:
    """(tag, children's shapes); a repeated item counts once, so lists of any length compare."""
    children: list[Any] = []
    seen: set[str] = set()
    for child in element:
        if child.tag in seen:
            continue
        seen.add(child.tag)
        children.append(xml_shape(child))
    return element.tag, children


def assert_xml_like(content: bytes, example: str) -> Any:
    ours = parse_xml(content)
    spec = SafeET.fromstring(example.encode())
    assert xml_shape(ours) == xml_shape(spec) if len(ours) else ours.tag == spec.tag
    return ours


def _kind(value: Any) -> str:
    if value is None:
        return "absent"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return type(value).__name__


def assert_json_like(ours: Any, example: str) -> None:
    """Same keys everywhere; each value of the same kind, or absent (null) where the spec allows."""
    _compare(ours, json.loads(example), "$")


def _compare(ours: Any, spec: Any, where: str) -> None:
    if isinstance(spec, list):
        assert isinstance(ours, list), where
        for item in ours:
            _compare(item, spec[0], f"{where}[]")
    elif isinstance(spec, dict):
        assert isinstance(ours, dict) and list(ours) == list(spec), (where, list(ours), list(spec))
        for key, value in spec.items():
            _compare(ours[key], value, f"{where}.{key}")
    elif ours is not None and spec is not None:
        assert _kind(ours) == _kind(spec), (where, ours, spec)


def records(element: Any) -> list[dict[str, str]]:
    """The items of an XML collection as {field: text}."""
    return [{child.tag: (child.text or "") for child in item} for item in element]
