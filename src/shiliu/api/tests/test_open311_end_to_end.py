"""An Open311 client's report travels the whole loop: it shows up in the workbench, a dispatcher
accepts and dispatches it, the department signs for it and resolves it there, and the client then
sees it closed, with the status notes taken from the timeline."""

from __future__ import annotations

from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from conftest import City
from django.test import Client
from django.urls import reverse

from shiliu.api.tests.conftest import anonymous, issue, signed_in
from shiliu.api.tests.open311_spec import parse_xml, records
from shiliu.people.models import User
from shiliu.service_requests.models import ServiceRequest
from shiliu.service_requests.workflow import Status

pytestmark = pytest.mark.django_db


def test_an_open311_report_is_handled_in_the_workbench_and_seen_closed(
    city: City, dispatcher: User, handler: User
) -> None:
    _, raw_key = issue(city.city, name="city app")
    client = anonymous()
    posted = client.post(
        "/open311/v2/requests.json",
        urlencode(
            {
                "api_key": raw_key,
                "service_code": "housing-repairs",
                "lat": "30.005",
                "long": "104.005",
                "description": "楼顶漏水。三楼墙面发霉。",
                "first_name": "小明",
            }
        ),
        content_type="application/x-www-form-urlencoded",
    )
    reference = posted.json()[0]["service_request_id"]
    [before] = client.get(f"/open311/v2/requests/{reference}.json").json()
    assert before["status"] == "open" and before["agency_responsible"] is None

    # The dispatcher finds it in the workbench queue and accepts and dispatches it there.
    desk = signed_in(dispatcher)
    assert reference in desk.get(reverse("service_requests:workbench")).content.decode()
    act = lambda who, verb, data: who.post(  # noqa: E731
        reverse("service_requests:workbench-act", args=[reference, verb]), data
    )
    assert act(desk, "accept", {"accept-note": ""}).status_code == 302
    dispatched = act(
        desk, "dispatch", {"dispatch-unit": city.housing.pk, "dispatch-note": "请尽快处理"}
    )
    assert dispatched.status_code == 302
    [open_item] = client.get(f"/open311/v2/requests/{reference}.json").json()
    assert open_item["status"] == "open" and open_item["agency_responsible"] == "区住建局"

    # The housing department signs for it and answers the resident.
    department = signed_in(handler)
    assert act(department, "sign", {}).status_code == 302
    reply = "已派维修队修补楼顶防水层。墙面已处理。"
    assert act(department, "resolve", {"resolve-reply": reply}).status_code == 302
    assert ServiceRequest.objects.get(reference=reference).status == Status.RESOLVED

    # The Open311 client sees it closed, with the answer from the timeline.
    [public] = client.get(f"/open311/v2/requests/{reference}.json").json()
    assert public["status"] == "closed" and public["status_notes"] == "Answered"
    [keyed_view] = records_of_xml(client, f"/open311/v2/requests/{reference}.xml?api_key={raw_key}")
    assert keyed_view["status"] == "closed"
    assert keyed_view["status_notes"] == f"Answered: {reply}"
    sr = ServiceRequest.objects.get(reference=reference)
    resolved_at = sr.resolved_at.astimezone(ZoneInfo("Asia/Shanghai")).isoformat(timespec="seconds")
    assert keyed_view["updated_datetime"] == resolved_at


def records_of_xml(client: Client, path: str) -> list[dict[str, str]]:
    return records(parse_xml(client.get(path).content))
