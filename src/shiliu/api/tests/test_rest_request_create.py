"""POST /api/v1/requests: a resident reports without an account and reads the request back with
its private token; bad input gets a 4xx in the caller's language; creation is idempotent."""

from __future__ import annotations

import pytest
from conftest import IN_GRID_A, City

from shiliu.api.models import CategoryQuestion, IdempotencyRecord, Scope
from shiliu.api.tests.conftest import anonymous, issue, keyed, post_json, signed_in
from shiliu.people.models import User
from shiliu.people.tests.auth import sign_in
from shiliu.service_requests.models import Channel, ServiceRequest

pytestmark = pytest.mark.django_db

URL = "/api/v1/requests"


def body(city: City, **extra: object) -> dict[str, object]:
    return {
        "category": city.other_category.code,
        "description": "楼道灯坏了三天。",
        "consents": ["request_handling", "follow_up_contact"],
        **IN_GRID_A,
        **extra,
    }


def test_a_resident_creates_a_request_and_reads_it_back_with_the_private_token(city: City) -> None:
    client = anonymous()
    response = post_json(client, URL, body(city, contact_phone="13800001234", language="ug"))
    assert response.status_code == 201
    created = response.json()
    sr = ServiceRequest.objects.get()
    assert created["reference"] == sr.reference and created["status"] == "submitted"
    assert sr.channel == Channel.API and sr.language == "ug" and sr.jurisdiction == city.grid_a
    # The link opens in the resident's language, like the link in the SMS and on the receipt.
    assert created["tracking_url"].endswith(f"/ug/track/{created['tracking_token']}/")

    tracked = client.get(f"/api/v1/track/{created['tracking_token']}")
    assert tracked.status_code == 200
    assert tracked.json()["reference"] == sr.reference
    assert tracked.json()["timeline"][0]["action"] == "submit"
    assert "13800001234" not in tracked.content.decode()


def test_an_unknown_token_is_404(city: City) -> None:
    response = anonymous().get("/api/v1/track/no-such-token")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_missing_fields_are_named_with_a_message_in_english(city: City) -> None:
    response = post_json(anonymous("en"), URL, {"description": ""})
    assert response.status_code == 400
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors["category"] == "This field is required."
    assert errors["description"] == "Ensure this value has at least 1 character (it has 0)."


def test_messages_follow_accept_language(city: City) -> None:
    response = post_json(anonymous("zh-hans"), URL, {"description": "x" * 4001, "category": "x"})
    assert response.status_code == 400
    assert response["Content-Language"] == "zh-hans"
    messages = [e["message"] for e in response.json()["errors"]]
    assert any("4000" in m and "4001" in m and "确保" in m for m in messages), messages


def test_a_wrong_type_is_a_readable_400_not_a_500(city: City) -> None:
    response = post_json(anonymous(), URL, body(city, latitude="north", is_anonymous=[1]))
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"latitude", "is_anonymous"} <= fields


def test_a_body_that_is_not_json_is_a_400(city: City) -> None:
    response = anonymous().post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.json()["message"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"category": "no-such"}, "Choose an active sub-category"),
        ({"category": "facilities"}, "Choose an active sub-category"),  # a top-level category
        ({"community": "housing", "latitude": None, "longitude": None}, "No community or other"),
        ({"language": "xx"}, "Choose a language"),
        ({"contact_phone": "12345"}, "11-digit mobile number"),
        ({"latitude": None}, "both latitude and longitude"),
        ({"latitude": None, "longitude": None}, "pick the place on the map"),
        ({"description": "   "}, "describe the problem"),
        ({"unexpected": 1}, "Please correct the errors"),
    ],
)
def test_domain_refusals_are_400_with_the_reason(
    city: City, extra: dict[str, object], message: str
) -> None:
    response = post_json(anonymous(), URL, body(city, **extra))
    assert response.status_code == 400, response.content
    assert message in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_answers_to_the_categorys_questions_are_checked_and_kept(city: City) -> None:
    CategoryQuestion.objects.create(
        category=city.other_category,
        code="floors",
        question="Which floor?",
        datatype="number",
        required=True,
    )
    missing = post_json(anonymous(), URL, body(city))
    assert missing.status_code == 400 and "Which floor?" in missing.json()["message"]
    wrong = post_json(anonymous(), URL, body(city, answers={"floors": "third"}))
    assert wrong.status_code == 400 and "must be a number" in wrong.json()["message"]
    ok = post_json(anonymous(), URL, body(city, answers={"floors": "3"}))
    assert ok.status_code == 201
    assert ServiceRequest.objects.get().description.endswith("Which floor?: 3")


def test_a_key_without_the_create_permission_is_refused(city: City) -> None:
    _, raw_key = issue(city.city, [Scope.REQUESTS_READ])
    response = post_json(keyed(raw_key), URL, body(city))
    assert response.status_code == 403 and "requests.create" in response.json()["message"]


def test_a_keyed_request_is_carried_by_the_keys_service_account(city: City) -> None:
    api_key, raw_key = issue(city.city, [Scope.REQUESTS_CREATE])
    assert post_json(keyed(raw_key), URL, body(city)).status_code == 201
    sr = ServiceRequest.objects.get()
    assert sr.submitted_by is None  # the resident's, to claim
    assert sr.events.get(action="submit").actor == api_key.user


def test_a_staff_session_needs_the_csrf_token_to_create(city: City, dispatcher: User) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    sign_in(client, dispatcher)
    response = post_json(client, URL, body(city))
    assert response.status_code == 403 and "CSRF" in response.json()["message"]
    assert not ServiceRequest.objects.exists()


def test_a_signed_in_dispatcher_creates_through_the_api(city: City, dispatcher: User) -> None:
    assert post_json(signed_in(dispatcher), URL, body(city)).status_code == 201
    sr = ServiceRequest.objects.get()
    assert sr.submitted_by is None and sr.events.get(action="submit").actor == dispatcher


# --- Idempotency ---------------------------------------------------------------------------------


def test_a_retry_with_the_same_key_returns_the_same_request(city: City) -> None:
    client = anonymous()
    first = post_json(client, URL, body(city), HTTP_IDEMPOTENCY_KEY="3f1c9a52-retry")
    again = post_json(client, URL, body(city), HTTP_IDEMPOTENCY_KEY="3f1c9a52-retry")
    assert first.status_code == again.status_code == 201
    assert again.json()["reference"] == first.json()["reference"]
    assert again["Idempotent-Replayed"] == "true"
    assert ServiceRequest.objects.count() == 1 and IdempotencyRecord.objects.count() == 1


def test_the_same_key_with_another_body_is_a_422(city: City) -> None:
    _, raw_key = issue(city.city)
    client = keyed(raw_key)
    post_json(client, URL, body(city), HTTP_IDEMPOTENCY_KEY="k-1")
    response = post_json(
        client, URL, body(city, description="另一件事"), HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert response.status_code == 422
    assert "already used for a different request" in response.json()["message"]
    assert ServiceRequest.objects.count() == 1


def test_keys_belong_to_their_client(city: City) -> None:
    _, one = issue(city.city, name="one")
    _, two = issue(city.city, name="two")
    post_json(keyed(one), URL, body(city), HTTP_IDEMPOTENCY_KEY="same")
    post_json(keyed(two), URL, body(city), HTTP_IDEMPOTENCY_KEY="same")
    assert ServiceRequest.objects.count() == 2


def test_a_key_may_be_reused_after_the_retry_window(city: City, settings: object) -> None:
    import time_machine

    client = anonymous()
    with time_machine.travel("2026-03-04 10:00 +0800", tick=False):
        first = post_json(client, URL, body(city), HTTP_IDEMPOTENCY_KEY="daily")
    with time_machine.travel("2026-03-05 10:01 +0800", tick=False):
        later = post_json(client, URL, body(city), HTTP_IDEMPOTENCY_KEY="daily")
    assert later.status_code == 201 and later.json()["reference"] != first.json()["reference"]
    assert IdempotencyRecord.objects.count() == 1


def test_a_refused_creation_records_no_key(city: City) -> None:
    client = anonymous()
    bad = post_json(client, URL, body(city, category="no-such"), HTTP_IDEMPOTENCY_KEY="k")
    assert bad.status_code == 400 and not IdempotencyRecord.objects.exists()
    good = post_json(client, URL, body(city), HTTP_IDEMPOTENCY_KEY="k2")
    assert good.status_code == 201


def test_an_overlong_idempotency_key_is_refused(city: City) -> None:
    response = post_json(anonymous(), URL, body(city), HTTP_IDEMPOTENCY_KEY="k" * 256)
    assert response.status_code == 400 and "255" in response.json()["message"]


def test_text_no_database_can_store_is_refused_with_a_400(city: City) -> None:
    nul = post_json(anonymous(), URL, body(city, description="灯\x00坏了"))
    assert (
        nul.status_code == 400
        and nul.json()["errors"][0]["message"] == "Null characters are not allowed."
    )
    surrogate = anonymous().post(
        URL,
        '{"category": "street-lights", "description": "\\ud800"}',
        content_type="application/json",
    )
    assert surrogate.status_code == 400
    in_query = anonymous().get("/api/v1/org-units?parent=%00")
    assert (
        in_query.status_code == 400
        and in_query.json()["message"] == "Null characters are not allowed."
    )
    assert not ServiceRequest.objects.exists()
