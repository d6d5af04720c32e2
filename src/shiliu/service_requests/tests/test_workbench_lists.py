"""The queue's and the supervisors' list's pages: the default "open" filter holds on every page,
the supervisors' list has a pager and shows extensions waiting for a decision, and a decided
extension leaves no decision buttons behind."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from conftest import IN_GRID_A, City
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff
from shiliu.service_requests import services, workflow
from shiliu.service_requests.models import Channel, ServiceRequest
from shiliu.service_requests.tests.journeys import HANDLING, NOW, Walk
from shiliu.service_requests.workflow import Status

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    return login_staff(Client(), user)


def submit(city: City, text: str = "楼道灯不亮", **extra: Any) -> ServiceRequest:
    return services.service_request_submit(
        consents=HANDLING, actor=None, channel=Channel.PORTAL, category=city.other_category,
        description=text, **IN_GRID_A, **extra,
    )


def next_link(html: str) -> str:
    match = re.search(r'<a href="(\?[^"]*)"[^>]*>(?:下一页|Next)', html)
    assert match, "no link to the next page"
    return match.group(1).replace("&amp;", "&")


def test_the_queues_second_page_still_shows_only_open_requests(city: City, dispatcher: User) -> None:
    # given 51 open requests and a declined one, the oldest of all
    declined = submit(city, "重复反映", submitted_at=timezone.now() - timedelta(days=1))
    workflow.decline(declined, actor=dispatcher, reason="已在其他渠道答复")
    for n in range(51):
        submit(city, f"第{n}件事")
    client = signed_in(dispatcher)
    url = reverse("service_requests:workbench")

    # when the dispatcher follows the pager (a keyset cursor) from the default view
    first = client.get(url).content.decode()
    followed = client.get(url + next_link(first)).content.decode()

    # then page 2 holds the last open request and not the declined one, and leads back
    assert declined.reference not in followed
    assert followed.count('name="references"') == 1
    assert "首页" in followed or "First page" in followed
    assert 'rel="next"' not in followed


def test_a_cursor_that_is_not_ours_shows_the_first_page(city: City, dispatcher: User) -> None:
    submit(city, "楼道灯不亮")
    client = signed_in(dispatcher)
    url = reverse("service_requests:workbench")

    for cursor in ("garbage", "W10=", "WzEsMiwzXQ=="):  # not base64 JSON; []; [1, 2, 3]
        response = client.get(url, {"after": cursor})
        assert response.status_code == 200
        assert response.content.decode().count('name="references"') == 1


def test_the_supervision_list_has_a_pager(city: City, supervisor: User) -> None:
    # given 51 requests nobody accepted in time, marked overdue by the sweep
    for n in range(51):
        submit(city, f"第{n}件事", submitted_at=timezone.now() - timedelta(days=3))
    services.service_request_sweep_deadlines()
    client = signed_in(supervisor)
    url = reverse("service_requests:workbench-supervision")

    # when the supervisor opens the list and follows its pager
    first = client.get(url).content.decode()
    second = client.get(url + next_link(first)).content.decode()

    # then the 51st is on the second page
    references = set(ServiceRequest.objects.values_list("reference", flat=True))
    shown = {ref for ref in references if ref in first} | {ref for ref in references if ref in second}
    assert shown == references
    assert len({ref for ref in references if ref in second}) == 1


@pytest.fixture
def pending(walk: Walk, handler: User) -> ServiceRequest:
    with time_machine.travel(NOW, tick=False):
        request = walk.to(Status.IN_PROGRESS)
        workflow.request_extension(request, actor=handler, reason="需要产权单位共同维修",
                                   new_resolve_by=request.resolve_by + timedelta(days=7))
    return request


def test_a_pending_extension_is_on_the_supervisors_list(pending: ServiceRequest, supervisor: User) -> None:
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        page = signed_in(supervisor).get(reverse("service_requests:workbench-supervision")).content.decode()
    assert pending.reference in page
    assert "extension-pending" in page


def test_after_approval_the_decision_buttons_are_gone(pending: ServiceRequest, supervisor: User) -> None:
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        client = signed_in(supervisor)
        detail = reverse("service_requests:workbench-detail", args=[pending.reference])
        buttons = [reverse("service_requests:workbench-act", args=[pending.reference, verb])
                   for verb in ("approve_extension", "refuse_extension")]
        before = client.get(detail).content.decode()
        assert all(f'action="{url}"' in before for url in buttons)
        approved = client.post(buttons[0], {})
        assert approved.status_code == 302
        after = client.get(detail).content.decode()
    assert not any(f'action="{url}"' in after for url in buttons)
    assert pending.reference not in client.get(reverse("service_requests:workbench-supervision")).content.decode()


def test_a_new_grid_and_renamed_units_and_categories_show_in_the_queue_at_once(
        city: City, dispatcher: User) -> None:
    """The selects' choices and the rows' names come from the configuration cache: a change is
    seen by the next page."""
    from shiliu.org.models import OrgUnit
    from shiliu.service_requests.tests.factories import OrgUnitFactory

    submit(city)
    client = signed_in(dispatcher)
    first = client.get(reverse("service_requests:workbench")).content.decode()
    assert "第三网格" not in first and "公共设施" in first
    assert '<td class="place" data-label="所在地">第一网格</td>' in first
    OrgUnitFactory(code="grid-c", name="第三网格", kind=OrgUnit.Kind.GRID, parent=city.community)
    facilities = city.other_category.parent
    assert facilities is not None
    facilities.name = "公用设施"
    facilities.save()
    city.grid_a.name = "一号网格"
    city.grid_a.save()
    page = client.get(reverse("service_requests:workbench")).content.decode()
    bulk = page[page.index('name="unit"'):]
    assert "第三网格" in bulk[:bulk.index("</select>")]
    assert "公用设施 / 路灯" in page and "公共设施" not in page
    assert '<td class="place" data-label="所在地">一号网格</td>' in page
