"""Open311 output in both formats, built from the same plain data: JSON as the spec's "Spark
convention" (collections are bare arrays) and XML with the standard library's ElementTree, no
namespace, after an XML declaration naming UTF-8. Errors use the spec's `errors` shape."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any
from xml.etree import ElementTree as ET  # builds output only; input XML is parsed with defusedxml

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'

# The element name of one item of each list, as the spec's XML examples name them.
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}


# Characters XML 1.0 cannot carry at all (C0 controls but tab, newline and return; surrogates;
# U+FFFE/U+FFFF). A resident's text may hold them; the XML leaves them out, the JSON keeps them.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return w3c(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def w3c(moment: datetime) -> str:
    """W3C-DTF with the offset, in the city's time zone: 2026-03-04T10:00:00+08:00."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    if isinstance(value, datetime | date):
        return scalar(value)
    return value


def _xml_fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _xml_fill(ET.SubElement(element, key), child)
    elif isinstance(value, list):
        item_name = ITEM_NAMES.get(element.tag, "item")
        for child in value:
            _xml_fill(ET.SubElement(element, item_name), child)
    else:
        element.text = NOT_XML.sub("", scalar(value))


def to_xml(root: str, data: Any) -> str:
    element = ET.Element(root)
    _xml_fill(element, data)
    return XML_DECLARATION + ET.tostring(element, encoding="unicode")


def respond(fmt: str, root: str, data: Any, status: int = 200) -> HttpResponse:
    """`data` as JSON, or as XML under the element `root` (a list becomes its items)."""
    if fmt == "json":
        body = json.dumps(_json_ready(data), ensure_ascii=False)
        return HttpResponse(body, content_type=JSON_TYPE, status=status)
    return HttpResponse(to_xml(root, data), content_type=XML_TYPE, status=status)


def format_of(request: HttpRequest) -> str:
    return "json" if request.path_info.rstrip("/").endswith(".json") else "xml"


def error_response(
    request: HttpRequest,
    status: int,
    description: str,
    *,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    """The spec's error body: a list of {code, description}, the code being the HTTP status (a
    number, so typed clients read every error alike) and the description for people."""
    errors = [{"code": status, "description": description}]
    response = respond(format_of(request), "errors", errors, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response
