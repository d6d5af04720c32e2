"""GET /open311/v2/requests, requests/{id} and tokens/{token}, in json and xml: the spec's fields,
filters and limits; what the public sees and what a key with requests.read sees."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
import time_machine
from conftest import IN_GRID_A, IN_GRID_B, City

from shiliu.api.models import Scope
from shiliu.api.open311.views import STATUS_MAP
from shiliu.api.tests.conftest import anonymous, issue
from shiliu.api.tests.open311_spec import (
    ERRORS_JSON,
    REQUESTS_JSON,
    REQUESTS_XML,
    TOKEN_JSON,
    TOKEN_XML,
    assert_json_like,
    assert_xml_like,
    records,
)
from shiliu.people.models import User
from shiliu.service_requests import services, workflow
from shiliu.service_requests.models import Category, Channel, ServiceRequest
from shiliu.service_requests.tests.journeys import WITH_CONTACT
from shiliu.service_requests.workflow import Status

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 3, 4, 10, 0, tzinfo=SHANGHAI)


def submit(
    category: Category,
    where: dict[str, float] = IN_GRID_A,
    text: str = "路灯坏了。一直没人修",
    at: datetime = NOW,
) -> ServiceRequest:
    return services.service_request_submit(
        actor=None,
        channel=Channel.PORTAL,
        category=category,
        description=text,
        address="团结路12号",
        contact_phone="13900001111",
        consents=WITH_CONTACT,
        submitted_at=at,
        **where,
    )


def get(path: str, **params: str) -> object:
    query = f"?{urlencode(params)}" if params else ""
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        return anonymous().get(f"/open311/v2/{path}{query}")


def test_every_state_maps_to_open_or_closed() -> None:
    assert set(STATUS_MAP) == set(Status.values)
    closed = {s for s, spec in STATUS_MAP.items() if spec == "closed"}
    assert closed == {Status.RESOLVED, Status.CLOSED, Status.NOT_ACCEPTED, Status.MERGED}


def test_the_public_list_has_the_specs_fields_without_what_residents_wrote(city: City) -> None:
    sr = submit(city.other_category)
    as_json = get("requests.json")
    assert as_json.status_code == 200
    assert_json_like(as_json.json(), REQUESTS_JSON)
    [item] = as_json.json()
    assert item["service_request_id"] == sr.reference and item["status"] == "open"
    assert item["service_code"] == "street-lights" and item["service_name"] == "路灯"
    assert item["requested_datetime"] == "2026-03-04T10:00:00+08:00"
    assert item["expected_datetime"] == "2026-03-05T10:00:00+08:00"  # accept within 24 hours
    assert item["description"] is None and item["address"] is None and item["media_url"] is None
    assert (item["lat"], item["long"]) == (30.005, 104.005)  # already coarse: rounded to 3 places
    assert item["address_id"] == "grid-a"
    assert "13900001111" not in as_json.content.decode()
    [record] = records(assert_xml_like(get("requests.xml").content, REQUESTS_XML))
    assert record["service_request_id"] == sr.reference and record["status"] == "open"


def test_a_key_that_may_read_sees_its_units_requests_in_full(city: City) -> None:
    mine, theirs = submit(city.other_category, IN_GRID_A), submit(city.other_category, IN_GRID_B)
    _, raw_key = issue(city.grid_a, [Scope.REQUESTS_READ])
    items = get("requests.json", api_key=raw_key).json()
    assert [i["service_request_id"] for i in items] == [mine.reference]
    # Exactly what the resident gave, within the key's unit (the read is audited)
    assert items[0]["description"] == "路灯坏了。一直没人修" and items[0]["address"] == "团结路12号"
    assert theirs.reference not in str(items)
    assert get("requests.json", api_key="sl_bad_key").status_code == 403


def test_filters_by_id_service_status_and_dates(city: City, dispatcher: User) -> None:
    old = submit(city.category, at=NOW - timedelta(days=30))
    new = submit(city.other_category)
    workflow.decline(new, actor=dispatcher, reason="不属于受理范围")
    ids = lambda response: [i["service_request_id"] for i in response.json()]  # noqa: E731
    assert ids(get("requests.json", service_request_id=f"{old.reference},{new.reference}")) == [
        new.reference,
        old.reference,
    ]
    # service_request_id overrides every other filter
    assert ids(get("requests.json", service_request_id=old.reference, status="closed")) == [
        old.reference
    ]
    assert ids(get("requests.json", service_code="housing-repairs")) == [old.reference]
    assert ids(get("requests.json", service_code="housing-repairs,street-lights")) == [
        new.reference,
        old.reference,
    ]
    assert ids(get("requests.json", status="closed")) == [new.reference]
    assert ids(get("requests.json", status="open")) == [old.reference]
    assert ids(get("requests.json", status="open,closed")) == [new.reference, old.reference]
    assert ids(get("requests.json", start_date="2026-03-01T00:00:00+08:00")) == [new.reference]
    assert ids(get("requests.json", end_date="2026-02-10T00:00:00Z")) == [old.reference]
    assert ids(get("requests.json", start_date="", end_date="", status="")) == [
        new.reference,
        old.reference,
    ]


def test_the_default_window_is_the_last_90_days(city: City) -> None:
    submit(city.other_category, at=NOW - timedelta(days=91))
    recent = submit(city.other_category, at=NOW - timedelta(days=89))
    assert [i["service_request_id"] for i in get("requests.json").json()] == [recent.reference]


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"}, "90 days"),
        (
            {"start_date": "2026-03-01T00:00:00Z", "end_date": "2026-02-01T00:00:00Z"},
            "before start_date",
        ),
        ({"start_date": "last tuesday"}, "W3C"),
        ({"end_date": "0001-01-02T00:00:00Z"}, "2000 to 2099"),
        ({"start_date": "9999-12-31T00:00:00Z"}, "2000 to 2099"),
        ({"start_date": "1999-12-31T00:00:00+08:00"}, "2000 to 2099"),
        ({"status": "pending"}, "status must be"),
        ({"page_size": "0"}, "page_size"),
        ({"page": "-1"}, "page"),
    ],
)
def test_bad_filters_are_400_in_the_error_format(
    city: City, params: dict[str, str], words: str
) -> None:
    response = get("requests.json", **params)
    assert response.status_code == 400
    assert_json_like(response.json(), ERRORS_JSON)
    assert words in response.json()[0]["description"]


def test_page_and_page_size_extensions(city: City) -> None:
    made = [submit(city.other_category, at=NOW - timedelta(minutes=n)) for n in range(3)]
    first = get("requests.json", page_size="2").json()
    second = get("requests.json", page_size="2", page="2").json()
    assert [i["service_request_id"] for i in first + second] == [sr.reference for sr in made]


def test_one_request_by_id_in_both_formats(city: City) -> None:
    sr = submit(city.other_category)
    as_json = get(f"requests/{sr.reference}.json")
    assert_json_like(as_json.json(), REQUESTS_JSON)
    assert len(as_json.json()) == 1 and as_json.json()[0]["service_request_id"] == sr.reference
    [record] = records(assert_xml_like(get(f"requests/{sr.reference}.xml").content, REQUESTS_XML))
    assert record["service_request_id"] == sr.reference
    missing = get("requests/SL-1999-000001.xml")
    assert missing.status_code == 404 and b"<errors><error><code>404</code>" in missing.content


def test_a_token_answers_with_its_request_id(city: City) -> None:
    sr = submit(city.other_category)
    as_json = get(f"tokens/{sr.tracking_token}.json").json()
    assert_json_like(as_json, TOKEN_JSON)
    assert as_json == [{"service_request_id": sr.reference, "token": sr.tracking_token}]
    [record] = records(assert_xml_like(get(f"tokens/{sr.tracking_token}.xml").content, TOKEN_XML))
    assert record == {"service_request_id": sr.reference, "token": sr.tracking_token}
    assert get("tokens/unknown.json").status_code == 404


def test_agency_and_notes_come_from_the_timeline(city: City, dispatcher: User) -> None:
    sr = submit(city.other_category)
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        workflow.accept(sr, actor=dispatcher)
        workflow.dispatch(sr, actor=dispatcher, unit=city.housing, note="请住建局处理")
    [item] = get(f"requests/{sr.reference}.json").json()
    assert item["status"] == "open" and item["agency_responsible"] == "区住建局"
    assert item["status_notes"] == "Dispatched to 区住建局"  # the step in words, not the note
    assert item["expected_datetime"] == sr.resolve_by.astimezone(SHANGHAI).isoformat()
    _, raw_key = issue(city.city, [Scope.REQUESTS_READ])
    [full] = get(f"requests/{sr.reference}.json", api_key=raw_key).json()
    # a key sees no more: the dispatcher's instruction is for staff only
    assert full["status_notes"] == "Dispatched to 区住建局"


def test_xml_leaves_out_characters_xml_cannot_carry(city: City) -> None:
    sr = submit(city.other_category, text="灯坏了\x01\x0b。\ufffe好几天")
    _, raw_key = issue(city.city, [Scope.REQUESTS_READ])
    [record] = records(
        assert_xml_like(get(f"requests/{sr.reference}.xml", api_key=raw_key).content, REQUESTS_XML)
    )
    assert record["description"] == "灯坏了。好几天"
    [item] = get(f"requests/{sr.reference}.json", api_key=raw_key).json()
    assert item["description"] == "灯坏了\x01\x0b。\ufffe好几天"
