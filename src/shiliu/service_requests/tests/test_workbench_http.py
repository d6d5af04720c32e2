"""The workbench through HTTP: scoping, entry on a resident's behalf, bulk dispatch, filters and
the supervisors' list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import IN_GRID_A, IN_GRID_B, City
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shiliu.core.permissions import Role
from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff
from shiliu.service_requests import services, workflow
from shiliu.service_requests.models import Channel, ServiceRequest
from shiliu.service_requests.tests.factories import staff
from shiliu.service_requests.tests.journeys import HANDLING
from shiliu.service_requests.workflow import Status

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    return login_staff(Client(), user)


def submit(city: City, where: dict[str, float], text: str = "楼道灯不亮") -> ServiceRequest:
    return services.service_request_submit(consents=HANDLING,
        actor=None, channel=Channel.PORTAL, category=city.other_category, description=text, **where
    )


def test_grid_worker_gets_404_for_another_grids_request(
    city: City, grid_worker: User, other_grid_worker: User
) -> None:
    mine = submit(city, IN_GRID_A)
    theirs = submit(city, IN_GRID_B)
    client = signed_in(grid_worker)
    assert client.get(reverse("service_requests:workbench-detail", args=[mine.reference])).status_code == 200
    assert client.get(reverse("service_requests:workbench-detail", args=[theirs.reference])).status_code == 404
    assert client.post(reverse("service_requests:workbench-act", args=[theirs.reference, "accept"])).status_code == 404
    queue = client.get(reverse("service_requests:workbench")).content.decode()
    assert mine.reference in queue and theirs.reference not in queue


def test_department_handler_sees_only_requests_dispatched_to_it(
    city: City, dispatcher: User, handler: User
) -> None:
    sent = submit(city, IN_GRID_A)
    kept = submit(city, IN_GRID_A, "另一件事")
    workflow.accept(sent, actor=dispatcher)
    workflow.dispatch(sent, actor=dispatcher, unit=city.housing)
    client = signed_in(handler)
    assert client.get(reverse("service_requests:workbench-detail", args=[sent.reference])).status_code == 200
    assert client.get(reverse("service_requests:workbench-detail", args=[kept.reference])).status_code == 404


def test_outsider_and_anonymous_are_kept_out(city: City, outsider: User) -> None:
    sr = submit(city, IN_GRID_A)
    assert signed_in(outsider).get(reverse("service_requests:workbench")).status_code == 403
    assert signed_in(outsider).get(
        reverse("service_requests:workbench-detail", args=[sr.reference])).status_code == 403
    anonymous = Client().get(reverse("service_requests:workbench"))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_grid_worker_enters_a_phone_request_for_a_resident(city: City, grid_worker: User) -> None:
    client = signed_in(grid_worker)
    assert client.get(reverse("service_requests:workbench-enter")).status_code == 200
    response = client.post(reverse("service_requests:workbench-enter"), {
        "channel": "phone", "language": "ug", "category": city.other_category.pk, "request_type": "help",
        "description": "老人家门口台阶破损，行走不便。", "contact_name": "阿依古丽",
        "contact_phone": "13900001111", "consent_handling": "on", "consent_follow_up": "on", **IN_GRID_A,
    })
    sr = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert sr.channel == Channel.PHONE and sr.language == "ug"
    assert sr.entered_by == grid_worker and sr.submitted_by is None
    assert sr.jurisdiction == city.grid_a


def test_department_handler_cannot_enter_requests(city: City, handler: User) -> None:
    assert signed_in(handler).get(reverse("service_requests:workbench-enter")).status_code == 403


def test_bad_submission_shows_errors_not_a_500(city: City, grid_worker: User) -> None:
    response = signed_in(grid_worker).post(reverse("service_requests:workbench-enter"), {
        "channel": "phone", "language": "zh-hans", "category": city.other_category.pk,
        "description": "", "contact_phone": "12345",
    })
    assert response.status_code == 400
    assert ServiceRequest.objects.count() == 0


def test_bulk_dispatch_accepts_and_sends_each_to_its_routed_unit(city: City, dispatcher: User) -> None:
    housing = services.service_request_submit(consents=HANDLING,
        actor=None, channel=Channel.PORTAL, category=city.category, description="屋顶漏水", **IN_GRID_A)
    lights = submit(city, IN_GRID_A)
    response = signed_in(dispatcher).post(reverse("service_requests:workbench-bulk-dispatch"),
                                          {"references": [housing.reference, lights.reference], "unit": ""})
    assert response.status_code == 302
    housing.refresh_from_db()
    lights.refresh_from_db()
    assert housing.status == Status.DISPATCHED and housing.assigned_unit == city.housing
    # No rule for street lights: the suggestion is the community itself
    assert lights.status == Status.DISPATCHED and lights.assigned_unit == city.community


def test_bulk_dispatch_ignores_requests_outside_the_dispatchers_scope(
    city: City, dispatcher: User
) -> None:
    grid_b_dispatcher = staff(Role.DISPATCHER, city.grid_b, username="dispatcher-b")
    sr = submit(city, IN_GRID_A)
    response = signed_in(grid_b_dispatcher).post(
        reverse("service_requests:workbench-bulk-dispatch"), {"references": [sr.reference], "unit": ""})
    assert response.status_code == 302
    sr.refresh_from_db()
    assert sr.status == Status.SUBMITTED


def test_bulk_dispatch_is_not_available_to_staff_who_do_not_dispatch(
    city: City, other_grid_worker: User
) -> None:
    sr = submit(city, IN_GRID_A)
    response = signed_in(other_grid_worker).post(
        reverse("service_requests:workbench-bulk-dispatch"),
        {"references": [sr.reference], "unit": ""},
    )
    assert response.status_code == 403
    sr.refresh_from_db()
    assert sr.status == Status.SUBMITTED


def test_queue_filters_overdue_and_serves_an_htmx_fragment(city: City, dispatcher: User) -> None:
    late = services.service_request_submit(consents=HANDLING,
        actor=None, channel=Channel.PORTAL, category=city.other_category, description="早就该处理",
        submitted_at=timezone.now() - timedelta(days=5), **IN_GRID_A)
    fresh = submit(city, IN_GRID_A)
    client = signed_in(dispatcher)
    page = client.get(reverse("service_requests:workbench"), {"overdue": "on"}).content.decode()
    assert late.reference in page and fresh.reference not in page
    fragment = client.get(reverse("service_requests:workbench"), {"channel": "portal"}, HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert fresh.reference in body and "<html" not in body


def test_queue_query_count_does_not_grow_with_requests(
    city: City, dispatcher: User, django_assert_max_num_queries: object
) -> None:
    for n in range(30):
        submit(city, IN_GRID_A, f"第{n}件事")
    client = signed_in(dispatcher)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get(reverse("service_requests:workbench")).status_code == 200


def test_supervision_list_shows_requests_marked_overdue(city: City, supervisor: User) -> None:
    late = services.service_request_submit(consents=HANDLING,
        actor=None, channel=Channel.PORTAL, category=city.other_category, description="积水严重",
        submitted_at=timezone.now() - timedelta(days=3), **IN_GRID_A)
    services.service_request_sweep_deadlines()
    page = signed_in(supervisor).get(reverse("service_requests:workbench-supervision")).content.decode()
    assert late.reference in page


def test_queue_shows_open_requests_by_default_and_closed_ones_on_request(city: City, dispatcher: User) -> None:
    open_one = submit(city, IN_GRID_A)
    declined = submit(city, IN_GRID_A, "重复反映")
    workflow.decline(declined, actor=dispatcher, reason="已在其他渠道答复")
    client = signed_in(dispatcher)
    default = client.get(reverse("service_requests:workbench")).content.decode()
    assert open_one.reference in default and declined.reference not in default
    finished = client.get(reverse("service_requests:workbench"), {"status": "not_accepted"}).content.decode()
    assert declined.reference in finished and open_one.reference not in finished


def test_unknown_pages_get_a_friendly_404_in_chinese(db: None) -> None:
    response = Client().get("/zh-hans/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode() or "找不到" in response.content.decode()


def test_a_page_of_another_role_says_so_in_the_users_language_with_a_link_home(
    city: City, handler: User
) -> None:
    client = signed_in(handler)
    response = client.get(reverse("service_requests:workbench-enter"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "您的角色不能使用此页面" in page and reverse("people:start") in page
    uyghur = client.get("/ug/workbench/new/")
    assert uyghur.status_code == 403 and 'dir="rtl"' in uyghur.content.decode()
    assert "رولىڭىز" in uyghur.content.decode()


def test_a_request_outside_ones_units_stays_404_not_the_role_page(
    city: City, grid_worker: User
) -> None:
    theirs = submit(city, IN_GRID_B)
    response = signed_in(grid_worker).get(reverse("service_requests:workbench-detail", args=[theirs.reference]))
    assert response.status_code == 404
    assert "您的角色不能使用此页面" not in response.content.decode()


def test_a_refused_action_shows_its_reason_inside_its_own_form(city: City, dispatcher: User) -> None:
    sr = submit(city, IN_GRID_A)
    response = signed_in(dispatcher).post(  # merged into itself: the workflow refuses
        reverse("service_requests:workbench-act", args=[sr.reference, "merge"]), {"merge-into": sr.reference})
    assert response.status_code == 400
    page = response.content.decode()
    action = reverse("service_requests:workbench-act", args=[sr.reference, "merge"])
    merge_form = page[page.index(f'action="{action}"'):]
    merge_form = merge_form[:merge_form.index("</form>")]
    refusal = f"您负责的未办结诉求中没有编号为 {sr.reference} 的诉求。"
    assert refusal in merge_form
    assert refusal not in page[:page.index("<main")]  # not at the top
