"""Duplicates at intake: a new request alike in words, place and time to an open one is flagged
whatever its channel, suggested to the dispatcher for merging with the reason, and shown to a
resident on the portal (its public part only) to follow instead of sending it again."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

import pytest
from conftest import City
from django.test import Client
from django.urls import reverse

from shiliu.api.tests.conftest import issue
from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff
from shiliu.service_requests import duplicates, workflow
from shiliu.service_requests.models import Channel, ServiceRequest
from shiliu.service_requests.tests.journeys import IN_GRID_A, IN_GRID_B, WITH_CONTACT, submit

pytestmark = pytest.mark.django_db

FIRST = "小区门口的垃圾桶满了，好几天没人清理，味道很大。"
AGAIN = "门口垃圾桶满了没人清理，臭味很大"
NEARBY = {"latitude": IN_GRID_A["latitude"] + 0.0005, "longitude": IN_GRID_A["longitude"]}  # ~55 m


@pytest.fixture
def city_key(city: City) -> str:
    return issue(city.city)[1]


def portal_form(city: City, description: str, **extra: Any) -> dict[str, Any]:
    return {"category": city.other_category.pk, "request_type": "complaint", "description": description,
            "consent_handling": "on", "latitude": NEARBY["latitude"], "longitude": NEARBY["longitude"],
            **extra}


@pytest.mark.parametrize(("a", "b", "alike"), [
    (FIRST, AGAIN, True),
    (FIRST, "楼道灯坏了，晚上看不见路。", False),
    ("路灯不亮", "路灯不亮了", True),
])
def test_likeness_of_texts(a: str, b: str, alike: bool) -> None:
    assert (duplicates.likeness(a, b) >= 0.35) is alike


def test_shared_words_are_the_longest_common_stretches() -> None:
    assert duplicates.shared_words(FIRST, AGAIN)[:2] == ("垃圾桶满了", "没人清理")


def test_an_open311_request_is_flagged_as_a_duplicate_of_a_portal_one(city: City, city_key: str,
                                                                        dispatcher: User) -> None:
    # given a resident's portal request about an overflowing bin
    first = submit(city.other_category, description=FIRST, contact_phone="13812345678",
                   consents=WITH_CONTACT)
    # when a third-party Open311 client reports the same bin 55 m away
    response = Client().post("/open311/v2/requests.json", urlencode({
        "api_key": city_key, "service_code": "street-lights", "lat": NEARBY["latitude"],
        "long": NEARBY["longitude"], "description": AGAIN}),
        content_type="application/x-www-form-urlencoded; charset=utf-8")
    assert response.status_code == 200, response.content
    second = ServiceRequest.objects.exclude(pk=first.pk).get()
    # then it is flagged as a possible duplicate of the portal request
    assert second.channel == Channel.OPEN311 and second.possible_duplicate_of == first

    # and the dispatcher sees a merge suggestion with the reason on the detail page, and merges
    client = login_staff(Client(), dispatcher)
    page = client.get(reverse("service_requests:workbench-detail", args=[second.reference])).content.decode()
    assert "merge-suggestion" in page and first.reference in page and "受理时发现" in page
    assert re.search(r"相距 (4|5|6)\d 米", page) and "共同说到：垃圾桶满了" in page
    merged = client.post(reverse("service_requests:workbench-act", args=[second.reference, "merge"]),
                         {"merge-into": first.reference})
    assert merged.status_code == 302
    second.refresh_from_db()
    assert second.status == workflow.Status.MERGED and second.merged_into == first


def test_an_unlike_or_far_or_finished_request_is_not_flagged(city: City, walk: Any) -> None:
    submit(city.other_category, description=FIRST)
    assert submit(city.other_category, description="楼道灯坏了。").possible_duplicate_of is None
    far = {"latitude": 30.02, "longitude": 104.03}  # outside every grid, 3 km away
    assert submit(city.other_category, description=AGAIN, at=far).possible_duplicate_of is None
    closed = walk.to(workflow.Status.CLOSED)
    assert submit(city.category, description=closed.description, at=IN_GRID_B).possible_duplicate_of is None


def test_a_request_without_a_point_is_compared_within_its_community(city: City) -> None:
    # given an open request placed in the community by its code, without a point
    first = submit(city.other_category, description=FIRST, at={}, unit=city.community, address="同心小区")
    # then the same problem in the same community is flagged, one placed in another unit is not
    again = submit(city.other_category, description=AGAIN, at={}, unit=city.community, address="同心小区")
    assert again.possible_duplicate_of == first
    elsewhere = submit(city.other_category, description=AGAIN, at={}, unit=city.street, address="团结街")
    assert elsewhere.possible_duplicate_of is None


def test_a_like_request_across_a_map_square_edge_is_flagged(city: City) -> None:
    # given an open request just south of the line 30.03°N, outside every grid
    south = {"latitude": 30.0298, "longitude": 104.035}
    north = {"latitude": 30.0302, "longitude": 104.035}  # ~45 m north, in the next map square
    assert duplicates.cell_of(**south) != duplicates.cell_of(**north)
    first = submit(city.other_category, description=FIRST, at=south)
    # then the same problem reported just north of the line is flagged as its duplicate
    assert submit(city.other_category, description=AGAIN, at=north).possible_duplicate_of == first


@pytest.mark.parametrize("point", [(30.005, 104.005), (30.0299999, 104.0300001), (-33.8688, 151.2093),
                                   (40.0, -74.0)])
def test_the_database_places_a_request_in_the_map_square_intake_reads(city: City,
                                                                     point: tuple[float, float]) -> None:
    latitude, longitude = point
    made = submit(city.other_category, description=FIRST, at={"latitude": latitude, "longitude": longitude})
    assert ServiceRequest.objects.get(pk=made.pk).place_cell == duplicates.cell_of(latitude, longitude)
    assert ServiceRequest.objects.get(pk=submit(city.other_category, description=FIRST, at={},
                                                unit=city.community, address="同心小区").pk).place_cell is None


def test_a_pile_of_requests_in_one_spot_is_compared_newest_first_up_to_the_cap(
        city: City, monkeypatch: pytest.MonkeyPatch) -> None:
    # given a like request, then more open requests piled at the same spot than the check reads
    monkeypatch.setattr(duplicates, "MAX_CANDIDATES", 3)
    submit(city.other_category, description=FIRST)
    for n in range(3):
        submit(city.other_category, description=f"楼道灯坏了第{n}次。")
    # then the like one, now fourth newest, is past the cap
    again = submit(city.other_category, description=AGAIN)
    assert again.possible_duplicate_of is None
    # and the next like one meets the newest: the one just sent
    assert submit(city.other_category, description=FIRST).possible_duplicate_of == again


def test_the_portal_asks_the_resident_to_follow_the_open_request_instead(city: City) -> None:
    # given an open request with a phone number and a name in its text
    first = submit(city.other_category, description=FIRST + "联系人王小明13812345678",
                   contact_name="王小明", contact_phone="13812345678", consents=WITH_CONTACT)
    resident = Client()

    # when another resident sends the same problem
    asked = resident.post(reverse("service_requests:portal-submit"), portal_form(city, AGAIN))

    # then nothing is stored yet; the open request is shown with its public part only
    assert asked.status_code == 200 and ServiceRequest.objects.count() == 1
    page = asked.content.decode()
    assert "duplicates-title" in page and first.reference in page
    assert "13812345678" not in page and first.tracking_token not in page
    assert "王小明" not in page and "王**" in page  # the name typed into the text is masked too

    # when they follow it, it is recorded on the staff timeline and nothing new is created
    follow = asked.context["alike"][0]["follow"]
    followed = resident.post(reverse("service_requests:portal-follow", args=[follow]))
    assert followed.status_code == 200 and first.reference in followed.content.decode()
    assert ServiceRequest.objects.count() == 1
    assert first.events.get(kind="follow").is_public is False


def test_the_resident_may_still_send_their_own(city: City) -> None:
    submit(city.other_category, description=FIRST)
    resident = Client()
    sent = resident.post(reverse("service_requests:portal-submit"),
                         portal_form(city, AGAIN, not_a_duplicate="1"))
    assert sent.status_code == 302 and ServiceRequest.objects.count() == 2


def test_a_forged_follow_link_is_404(city: City) -> None:
    first = submit(city.other_category, description=FIRST)
    response = Client().post(reverse("service_requests:portal-follow", args=[str(first.pk)]))
    assert response.status_code == 404
