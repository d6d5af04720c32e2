"""Chinese search over requests (search.py): two-character words are found on SQLite and on
PostgreSQL, ranked and highlighted, only among the requests the reader may see, and a phone
number typed into the text is never found by its value."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import City
from django.test import Client
from django.urls import reverse

from shiliu.api.tests.conftest import signed_in as api_client
from shiliu.core.permissions import Role
from shiliu.org.models import OrgUnit
from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff
from shiliu.service_requests import search, selectors, services, workflow
from shiliu.service_requests.tests.factories import OrgUnitFactory, square, staff
from shiliu.service_requests.tests.journeys import IN_GRID_A, IN_GRID_B, submit

pytestmark = pytest.mark.django_db

FAR = {"longitude": 110.005, "latitude": 35.005}


@pytest.fixture
def far_dispatcher(city: City) -> User:
    district = OrgUnitFactory(code="far-district", name="和睦区", kind=OrgUnit.Kind.DISTRICT, parent=city.city)
    street = OrgUnitFactory(code="far-street", kind=OrgUnit.Kind.STREET, parent=district)
    community = OrgUnitFactory(code="far-community", kind=OrgUnit.Kind.COMMUNITY, parent=street)
    OrgUnitFactory(code="far-grid", kind=OrgUnit.Kind.GRID, parent=community, boundary=square(110.0, 35.0))
    return staff(Role.DISPATCHER, district, username="far-dispatcher")


def queue(client: Client, q: str) -> Any:
    return client.get(reverse("service_requests:workbench"), {"q": q, "status": ""})


def references(response: Any) -> list[str]:
    return [sr.reference for sr in response.context["page"]]


# --- The segmentation, table-driven ------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("停车难", ["停车", "车难", "难"]),
    ("Wi-Fi 坏了", ["wi", "fi", "坏了", "了"]),
    ("ＡＢＣ路灯", ["abc", "路灯", "灯"]),  # full-width letters folded
    ("请回电13812345678", ["请回", "回电", "电"]),  # the phone never becomes a token
    ("身份证450102199001011234", ["身份", "份证", "证"]),
    ("12号楼", ["12", "号楼", "楼"]),  # a house number stays searchable
    ("水，电", ["水", "电"]),  # a character standing alone is its own token
])
def test_text_is_cut_into_pairs_and_last_characters_without_phones(text: str, expected: list[str]) -> None:
    assert search.tokens(text) == expected


def test_the_knowledge_base_keeps_every_character() -> None:
    assert search.tokens("停车难", characters=True) == ["停", "停车", "车", "车难", "难"]


@pytest.mark.parametrize(("query", "expected"), [
    ("停车", ["停车"]),
    ("水", ["水"]),
    ("垃圾桶", ["垃圾", "圾桶"]),
    ("路灯 不亮", ["路灯", "不亮"]),
    ("13812345678", []),
])
def test_a_query_asks_for_the_pairs_of_its_words(query: str, expected: list[str]) -> None:
    assert search.query_terms(query) == expected


# --- Through the workbench and REST, on whichever database runs the suite -------------------------


def test_a_two_character_word_is_found_in_the_workbench(city: City, dispatcher: User) -> None:
    # given three requests, two mentioning parking (停车), one about a lamp
    parking = submit(city.other_category, description="小区门口乱停车，消防通道被堵。")
    again = submit(city.other_category, description="停车位不够，晚上停车很难。", at=IN_GRID_B)
    lamp = submit(city.other_category, description="楼道灯坏了。")

    # when the dispatcher searches for the two-character word
    response = queue(login_staff(Client(), dispatcher), "停车")

    # then both parking requests are found, the one saying it twice first, and not the lamp
    found = references(response)
    assert found == [again.reference, parking.reference]
    assert lamp.reference not in found
    assert "<mark>停车</mark>" in response.content.decode()


def test_search_finds_the_reply_and_the_place_name(city: City, dispatcher: User, walk: Any) -> None:
    answered = walk.to(workflow.Status.RESOLVED)
    lamp = submit(city.other_category, description="楼道灯坏了。")
    client = login_staff(Client(), dispatcher)
    assert answered.reference in references(queue(client, answered.reply[:2]))
    # the community's name (同心社区) is part of every request's place
    by_place = references(queue(client, "同心"))
    assert lamp.reference in by_place and answered.reference in by_place


def test_another_districts_request_is_not_found(city: City, dispatcher: User, far_dispatcher: User) -> None:
    ours = submit(city.other_category, description="垃圾桶满了没人清理。")
    theirs = submit(city.other_category, description="垃圾桶满了没人清理。", at=FAR)
    assert references(queue(login_staff(Client(), dispatcher), "垃圾")) == [ours.reference]
    assert references(queue(login_staff(Client(), far_dispatcher), "垃圾")) == [theirs.reference]


def test_a_phone_number_in_the_text_is_not_found(city: City, dispatcher: User) -> None:
    submit(city.other_category, description="路灯不亮，请打13812345678联系我。")
    client = login_staff(Client(), dispatcher)
    for query in ("13812345678", "138 1234 5678", "12345678", "5678", "138****5678"):
        assert references(queue(client, query)) == [], query
    assert len(references(queue(client, "路灯"))) == 1


def test_a_reference_is_still_found_by_reference(city: City, dispatcher: User) -> None:
    sr = submit(city.other_category, description="路灯不亮。")
    assert references(queue(login_staff(Client(), dispatcher), sr.reference)) == [sr.reference]


def test_a_whole_reference_is_looked_up_by_the_index_and_a_piece_by_substring(
    city: City, dispatcher: User
) -> None:
    sr = submit(city.other_category, description="路灯不亮。")
    whole = selectors.request_queue(user=dispatcher, filters=selectors.QueueFilters(query=sr.reference.lower()))
    assert [r.reference for r in whole] == [sr.reference]
    sql = str(whole.query).upper()  # a substring of the reference took 1.5 s at 1M requests, a scan
    assert f'"REFERENCE" = {sr.reference}' in sql and '"REFERENCE" LIKE' not in sql
    piece = selectors.request_queue(user=dispatcher, filters=selectors.QueueFilters(query=sr.reference[-4:]))
    assert [r.reference for r in piece] == [sr.reference]


def test_the_rest_list_searches_ranks_and_highlights(city: City, dispatcher: User) -> None:
    once = submit(city.other_category, description="噪音扰民，晚上施工。")
    twice = submit(city.other_category, description="施工噪音太大，夜里噪音不停。", at=IN_GRID_B)
    submit(city.other_category, description="路灯不亮。")
    body = api_client(dispatcher).get("/api/v1/requests", {"q": "噪音"}).json()
    assert [item["reference"] for item in body["results"]] == [twice.reference, once.reference]
    assert body["results"][0]["search_rank"] > body["results"][1]["search_rank"]
    assert "<mark>噪音</mark>" in body["results"][0]["highlight"]


def test_a_reopened_request_is_no_longer_found_by_its_withdrawn_reply(
    city: City, dispatcher: User, walk: Any
) -> None:
    answered = walk.to(workflow.Status.RESOLVED)
    workflow.rate(answered, actor=None, rating=1, comment="没有解决", solved=False)
    client = login_staff(Client(), dispatcher)
    assert answered.reference not in references(queue(client, answered.reply[:2] or "已修"))


def test_the_reindex_command_writes_the_same_text(city: City, dispatcher: User) -> None:
    sr = submit(city.other_category, description="井盖松动，走路危险。")
    assert services.service_request_search_reindex() >= 1
    found = selectors.request_queue(user=dispatcher, filters=selectors.QueueFilters(query="井盖"))
    assert [each.reference for each in found] == [sr.reference]


def test_highlight_escapes_the_text() -> None:
    assert str(search.highlight("<b>停车</b>难", "停车")) == "&lt;b&gt;<mark>停车</mark>&lt;/b&gt;难"


def test_places_are_indexed_in_their_translations(city: City, dispatcher: User) -> None:
    city.community.name_translations = {"en": "Tongxin Community"}
    city.community.save()
    sr = submit(city.other_category, description="路灯不亮。", at=IN_GRID_A)
    assert references(queue(login_staff(Client(), dispatcher), "tongxin")) == [sr.reference]


def test_a_longer_word_is_found_only_as_a_phrase(city: City, dispatcher: User) -> None:
    # given one request with the word 停车场, another with its pairs 停车 and 车场 apart
    lot = submit(city.other_category, description="停车场收费太贵。")
    submit(city.other_category, description="停车难，车场收费贵。", at=IN_GRID_B)
    # then only the first is found for the word, both for each pair
    client = login_staff(Client(), dispatcher)
    assert references(queue(client, "停车场")) == [lot.reference]
    assert len(references(queue(client, "车场"))) == 2


def test_only_the_newest_matches_are_ranked_and_the_count_says_more(
    city: City, dispatcher: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given three requests about noise, the oldest saying it most often, and a cap of two
    oldest = submit(city.other_category, description="噪音，噪音，还是噪音。")
    once = submit(city.other_category, description="晚上施工噪音。", at=IN_GRID_B)
    twice = submit(city.other_category, description="噪音太大，夜里噪音不停。")
    monkeypatch.setattr(search, "CANDIDATES", 2)

    # when the dispatcher searches through REST and the workbench
    body = api_client(dispatcher).get("/api/v1/requests", {"q": "噪音"}).json()
    response = queue(login_staff(Client(), dispatcher), "噪音")

    # then the two newest are ranked (best first), the oldest left out, and the count says more
    assert [item["reference"] for item in body["results"]] == [twice.reference, once.reference]
    assert oldest.reference not in references(response)
    assert (body["count"], body["count_is_exact"]) == (2, False)
    assert "More than 2 matches" in response.content.decode()


def test_an_exact_count_is_shown_when_few_match(city: City, dispatcher: User) -> None:
    submit(city.other_category, description="井盖松动。")
    body = api_client(dispatcher).get("/api/v1/requests", {"q": "井盖"}).json()
    assert (body["count"], body["count_is_exact"]) == (1, True)
    assert "1 match" in queue(login_staff(Client(), dispatcher), "井盖").content.decode()


def test_a_single_character_is_found_inside_a_word_and_at_its_end(city: City, dispatcher: User) -> None:
    # given requests with 车 inside a word, ending one, standing alone, and one without it
    inside = submit(city.other_category, description="停车难。")
    ending = submit(city.other_category, description="乱停车。", at=IN_GRID_B)
    alone = submit(city.other_category, description="车，堵了。")
    submit(city.other_category, description="楼道灯坏了。")
    found = references(queue(login_staff(Client(), dispatcher), "车"))
    assert sorted(found) == sorted([inside.reference, ending.reference, alone.reference])


def test_the_text_is_stored_once_and_read_back_as_written(city: City) -> None:
    sr = submit(city.other_category, description="井盖松动，走路危险。")
    stored = type(sr).objects.get(pk=sr.pk).search_text
    assert stored == search.document(sr)
    assert stored.split(" ")[:3] == ["井盖", "盖松", "松动"]
    # the place is its units (city down to grid), not their names in every language
    assert search.place_token(city.community.pk) in stored.split(" ")
    assert city.community.name not in stored


def test_a_renamed_unit_is_found_by_its_new_name_without_writing_the_requests_again(
    city: City, dispatcher: User
) -> None:
    sr = submit(city.other_category, description="路灯不亮。", at=IN_GRID_A)
    city.community.name = "长乐社区"
    city.community.save()
    assert references(queue(login_staff(Client(), dispatcher), "长乐")) == [sr.reference]


def test_the_newest_matches_are_found_window_by_window(
    city: City, dispatcher: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given five requests about noise, one about a lamp between them, and windows of one id
    # (on PostgreSQL the search reads the newest ids first, then more, then the rest)
    noisy = [submit(city.other_category, description=f"噪音第{n}次。") for n in "一二三"]
    submit(city.other_category, description="路灯不亮。")
    noisy += [submit(city.other_category, description=f"噪音第{n}次。") for n in "四五"]
    monkeypatch.setattr(search, "BUCKET", 1)
    monkeypatch.setattr(search, "WINDOW", 1)
    monkeypatch.setattr(search, "SMALL", 0)
    monkeypatch.setattr(search, "CANDIDATES", 3)

    page = selectors.request_search(user=dispatcher, filters=selectors.QueueFilters(query="噪音"))

    # then the three newest are kept, and the count says more
    assert sorted(sr.pk for sr in page) == sorted(sr.pk for sr in noisy[-3:])
    assert (page.count, page.count_is_exact) == (3, False)
    monkeypatch.setattr(search, "CANDIDATES", 10)
    everything = selectors.request_search(user=dispatcher, filters=selectors.QueueFilters(query="噪音"))
    assert sorted(sr.pk for sr in everything) == sorted(sr.pk for sr in noisy)
    assert (everything.count, everything.count_is_exact) == (5, True)


def test_someone_without_a_unit_finds_nothing(city: City) -> None:
    submit(city.other_category, description="井盖松动。")
    nobody = User.objects.create(username="no-unit")
    page = selectors.request_search(user=nobody, filters=selectors.QueueFilters(query="井盖"))
    assert (list(page), page.count, page.count_is_exact) == ([], 0, True)
