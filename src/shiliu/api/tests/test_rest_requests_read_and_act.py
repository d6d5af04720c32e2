"""Reading requests and acting on them through the REST API: scoped like the workbench, the same
verbs with the same checks, and each refusal with its own status."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import IN_GRID_A, IN_GRID_B, City
from django.test import Client
from django.utils import timezone

from shiliu.api.models import Scope
from shiliu.api.tests.conftest import anonymous, issue, keyed, post_json, signed_in
from shiliu.audit.models import AuditAction, AuditEvent
from shiliu.people.models import User
from shiliu.service_requests import services, workflow
from shiliu.service_requests.models import Channel, ServiceRequest
from shiliu.service_requests.tests.journeys import WITH_CONTACT
from shiliu.service_requests.workflow import Status

pytestmark = pytest.mark.django_db


def submit(
    city: City,
    where: dict[str, float] = IN_GRID_A,
    text: str = "楼道灯不亮",
    phone: str = "13912345678",
) -> ServiceRequest:
    return services.service_request_submit(
        actor=None,
        channel=Channel.PORTAL,
        category=city.other_category,
        description=text,
        contact_phone=phone,
        consents=WITH_CONTACT,
        **where,
    )


def act(
    client: Client, sr: ServiceRequest, verb: str, payload: dict[str, Any] | None = None
) -> Any:
    return post_json(client, f"/api/v1/requests/{sr.reference}/{verb}", payload or {})


def test_staff_list_only_requests_of_their_units(city: City, grid_worker: User) -> None:
    mine, theirs = submit(city, IN_GRID_A), submit(city, IN_GRID_B)
    page = signed_in(grid_worker).get("/api/v1/requests").json()
    assert [r["reference"] for r in page["results"]] == [mine.reference]
    assert page["count"] == 1 and page["page"] == 1
    assert theirs.reference not in str(page)


def test_a_key_lists_the_requests_of_its_unit_with_filters_and_pages(city: City) -> None:
    for n in range(3):
        submit(city, text=f"第{n}件")
    submit(city, IN_GRID_B)
    _, raw_key = issue(city.grid_a, [Scope.REQUESTS_READ])
    client = keyed(raw_key)
    first = client.get("/api/v1/requests?page_size=2").json()
    second = client.get("/api/v1/requests?page_size=2&page=2").json()
    assert first["count"] == 3 and len(first["results"]) == 2 and len(second["results"]) == 1
    assert client.get("/api/v1/requests?status=open&category=facilities").json()["count"] == 3
    assert client.get("/api/v1/requests?status=closed").json()["count"] == 0
    assert client.get("/api/v1/requests?q=第1件").json()["count"] == 1
    assert client.get("/api/v1/requests?page=99").json()["results"] == []


def test_list_filters_are_validated(city: City, dispatcher: User) -> None:
    client = signed_in(dispatcher)
    assert client.get("/api/v1/requests?status=bogus").status_code == 400
    assert client.get("/api/v1/requests?page=0").status_code == 400
    assert client.get("/api/v1/requests?page_size=1000").status_code == 400
    assert client.get("/api/v1/requests?channel=pigeon").status_code == 400


def test_reading_requests_needs_a_session_or_a_key(city: City, outsider: User) -> None:
    response = anonymous().get("/api/v1/requests")
    assert response.status_code == 401 and "API key" in response.json()["message"]
    # A session without a staff role (a resident's, say) is no way in either.
    assert signed_in(outsider).get("/api/v1/requests").status_code == 401


def test_the_detail_has_the_timeline_and_only_a_masked_phone(city: City, dispatcher: User) -> None:
    sr = submit(city)
    workflow.accept(sr, actor=dispatcher, note="收到")
    response = signed_in(dispatcher).get(f"/api/v1/requests/{sr.reference}")
    detail = response.json()
    assert [e["action"] for e in detail["timeline"]] == ["submit", "accept"]
    assert detail["contact_phone_masked"] == "139****5678"
    assert "13912345678" not in response.content.decode()
    assert "dispatch" in detail["allowed_actions"]
    [read] = AuditEvent.objects.filter(action=AuditAction.READ, target_id=str(sr.pk))
    assert read.actor == dispatcher and read.detail["channel"] == "rest"


def test_another_units_request_is_404_whatever_the_verb(city: City, grid_worker: User) -> None:
    theirs = submit(city, IN_GRID_B)
    client = signed_in(grid_worker)
    assert client.get(f"/api/v1/requests/{theirs.reference}").status_code == 404
    assert act(client, theirs, "accept").status_code == 404


def test_a_dispatcher_accepts_and_dispatches_through_the_api(city: City, dispatcher: User) -> None:
    sr = submit(city)
    client = signed_in(dispatcher)
    accepted = act(client, sr, "accept", {"note": "受理"})
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    dispatched = act(client, sr, "dispatch", {"unit": "housing", "note": "请处理"})
    assert dispatched.status_code == 200
    assert dispatched.json()["assigned_unit"] == {"code": "housing", "name": "区住建局"}
    assert dispatched.json()["timeline"][-1]["action"] == "dispatch"


def test_a_wrong_state_is_409_and_a_wrong_person_403(
    city: City, dispatcher: User, handler: User
) -> None:
    sr = submit(city)
    wrong_state = act(signed_in(dispatcher), sr, "resolve", {"reply": "已修好"})
    assert wrong_state.status_code == 409 and wrong_state.json()["code"] == "invalid_transition"
    workflow.accept(sr, actor=dispatcher)
    workflow.dispatch(sr, actor=dispatcher, unit=city.housing)
    wrong_person = act(signed_in(dispatcher), sr, "sign")
    assert wrong_person.status_code == 403 and wrong_person.json()["code"] == "not_allowed"
    assert act(signed_in(handler), sr, "sign").json()["status"] == "in_progress"


def test_form_errors_of_a_verb_are_named(city: City, dispatcher: User) -> None:
    sr = submit(city)
    workflow.accept(sr, actor=dispatcher)
    response = act(signed_in(dispatcher), sr, "dispatch", {"unit": "no-such-unit"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "unit"
    far = act(
        signed_in(dispatcher), sr, "request-extension", {"reason": "x", "new_date": "9999-12-31"}
    )
    assert far.status_code == 400 and far.json()["errors"][0]["field"] == "new_date"
    missing = act(signed_in(dispatcher), sr, "decline", {})
    assert missing.status_code == 400 and missing.json()["errors"][0]["field"] == "reason"


def test_a_key_needs_the_act_permission_to_act(city: City) -> None:
    sr = submit(city)
    _, reader = issue(city.city, [Scope.REQUESTS_READ], name="reader")
    _, actor = issue(city.city, [Scope.REQUESTS_READ, Scope.REQUESTS_ACT], name="actor")
    refused = act(keyed(reader), sr, "accept")
    assert refused.status_code == 403 and "requests.act" in refused.json()["message"]
    assert act(keyed(actor), sr, "accept").json()["status"] == "accepted"
    assert keyed(reader).get(f"/api/v1/requests/{sr.reference}").json()["allowed_actions"] == []


def test_a_key_walks_a_request_to_resolved_with_the_workflows_own_checks(city: City) -> None:
    sr = submit(city)
    _, raw_key = issue(city.city, [Scope.REQUESTS_READ, Scope.REQUESTS_ACT])
    client = keyed(raw_key)
    for verb, payload in [
        ("accept", {}),
        ("dispatch", {"unit": "housing"}),
        ("sign", {}),
        ("resolve", {"reply": "已更换灯泡"}),
    ]:
        assert act(client, sr, verb, payload).status_code == 200, verb
    assert ServiceRequest.objects.get().status == Status.RESOLVED
    close = act(client, sr, "close", {"note": "结案"})  # closing is a supervisor's, not the key's
    assert close.status_code == 403


def test_the_resident_rates_with_the_private_token(
    city: City, dispatcher: User, handler: User
) -> None:
    sr = submit(city)
    workflow.accept(sr, actor=dispatcher)
    workflow.dispatch(sr, actor=dispatcher, unit=city.housing)
    workflow.sign(sr, actor=handler)
    early = post_json(anonymous(), f"/api/v1/track/{sr.tracking_token}/rating", {"rating": 5})
    assert early.status_code == 409
    workflow.resolve(sr, actor=handler, reply="已修好")
    bad = post_json(anonymous(), f"/api/v1/track/{sr.tracking_token}/rating", {"rating": 9})
    assert bad.status_code == 400
    rated = post_json(
        anonymous(),
        f"/api/v1/track/{sr.tracking_token}/rating",
        {"rating": 5, "solved": True, "comment": "谢谢"},
    )
    assert rated.status_code == 200 and rated.json()["status"] == "closed"
    assert rated.json()["can_rate"] is False


def test_an_extension_asked_through_the_api_takes_the_date_as_given(
    city: City, dispatcher: User, handler: User
) -> None:
    from datetime import timedelta

    from shiliu.service_requests.models import Extension

    sr = submit(city)
    workflow.accept(sr, actor=dispatcher)
    workflow.dispatch(sr, actor=dispatcher, unit=city.housing)
    workflow.sign(sr, actor=handler)
    new_day = timezone.localdate() + timedelta(days=60)

    response = act(
        signed_in(handler), sr, "request-extension", {"reason": "需要协调", "new_date": new_day.isoformat()}
    )

    assert response.status_code == 200, response.content
    extension = Extension.objects.get(request=sr)
    assert timezone.localtime(extension.new_resolve_by).date() == new_day + timedelta(days=1)
