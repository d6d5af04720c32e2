"""Staff in a real browser: a grid worker on a 390×844 phone enters a request on a resident's
behalf and ends on it with its QR code; the queue fits a phone as cards (no sideways scrolling)
and stays a table on a desktop. Screenshots go to test-output/screenshots/ (paths printed at the
end). Debian's Chromium through Playwright, as in test_browser_resident_journey.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from conftest import IN_GRID_A, City
from django.test import Client
from django.utils import timezone

from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff
from shiliu.service_requests import services
from shiliu.service_requests.models import Channel, ServiceRequest
from shiliu.service_requests.tests.journeys import HANDLING
from shiliu.service_requests.tests.test_browser_resident_journey import (  # noqa: F401  (fixture)
    PHONE,
    browser,
    no_sideways_scroll,
    shoot,
)

pytestmark = [
    pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("published_notices")
]
DESKTOP = {"width": 1280, "height": 800}


def staff_page(browser: Any, live_server: Any, user: User) -> Any:  # noqa: F811
    """A page signed in as `user` with a verified second factor (the session of the test client)."""
    client = login_staff(Client(), user)
    cookie = client.cookies["sessionid"]
    browser.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    page = browser.new_page()
    page.route("**/*", lambda route: route.continue_()
               if route.request.url.startswith(live_server.url) else route.abort())
    return page


def requests_in_grid_a(city: City, count: int) -> list[ServiceRequest]:
    made = [
        services.service_request_submit(
            consents=HANDLING, actor=None, channel=Channel.PORTAL, category=city.other_category,
            description=f"第 {n} 号楼路灯不亮，晚上看不清台阶。", **IN_GRID_A,
        )
        for n in range(count)
    ]
    # One is past its accept deadline, so the overdue flag shows.
    ServiceRequest.objects.filter(pk=made[0].pk).update(due_at=timezone.now() - timedelta(hours=3))
    return made


def test_grid_worker_on_a_phone_enters_a_request_and_ends_on_its_qr_code(
    browser: Any, live_server: Any, city: City, grid_worker: User  # noqa: F811
) -> None:
    page = staff_page(browser, live_server, grid_worker)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/zh-hans/workbench/new/")
    no_sideways_scroll(page)
    page.select_option("#id_channel", "visit")
    page.select_option("#id_language", "ug")
    page.select_option("#id_category", str(city.other_category.pk))
    page.fill("#id_description", "老人家门口台阶破损，行走不便。")
    # The map opens on the worker's own grid: a tap in its middle names the grid, not coordinates
    page.click("#map-picker", position={"x": 170, "y": 140})
    page.locator("#map-status", has_text="第一网格").wait_for()  # polls without eval (strict CSP)
    assert "同心社区" in page.locator("#map-status").inner_text()
    page.fill("#id_address", "团结路 12 号 3 栋")
    page.fill("#id_contact_name", "阿依古丽")
    page.fill("#id_contact_phone", "13900001111")
    page.check("#id_consent_handling")
    page.check("#id_consent_follow_up")
    shoot(page, "staff", "1-enter-on-behalf-phone")
    with page.expect_navigation():
        page.click("form.card button[type=submit]")

    sr = ServiceRequest.objects.get()
    assert f"/workbench/new/{sr.reference}/" in page.url
    assert sr.reference in page.locator("h1").inner_text()
    qr = page.locator("img.qr")
    assert qr.is_visible()
    assert page.evaluate("document.querySelector('img.qr').naturalWidth") > 0
    box = qr.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.locator("button", has_text="139****1111").is_visible()
    no_sideways_scroll(page)
    shoot(page, "staff", "2-entered-qr-phone")


@pytest.mark.parametrize("language", ["zh-hans", "ug"])
def test_the_queue_fits_a_phone_as_cards(
    browser: Any, live_server: Any, city: City, grid_worker: User, language: str  # noqa: F811
) -> None:
    made = requests_in_grid_a(city, 6)
    page = staff_page(browser, live_server, grid_worker)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/{language}/workbench/")
    no_sideways_scroll(page)
    card = page.locator("table.queue tbody tr", has=page.locator(f"a:has-text('{made[0].reference}')"))
    # The reference reads on one line, and the deadline with its overdue flag is in view
    reference = card.locator("td.reference a").bounding_box()
    assert reference is not None and reference["height"] < 30, reference
    due = card.locator("td.due").bounding_box()
    assert due is not None and due["x"] >= 0 and due["x"] + due["width"] <= PHONE["width"]
    assert card.locator(".flag.overdue").is_visible()
    assert card.locator("td.place").is_visible() and card.locator("td.category").is_visible()
    shoot(page, "staff", f"3-queue-phone-{language}")


def test_the_queue_is_a_table_on_a_desktop(
    browser: Any, live_server: Any, city: City, dispatcher: User  # noqa: F811
) -> None:
    requests_in_grid_a(city, 3)
    page = staff_page(browser, live_server, dispatcher)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/zh-hans/workbench/")
    no_sideways_scroll(page)
    assert page.locator("table.queue thead th.wide-only").first.is_visible()
    assert page.locator("table.queue tbody td.wide-only").first.is_visible()
    rows = page.locator("table.queue tbody tr")
    first, second = rows.nth(0).bounding_box(), rows.nth(1).bounding_box()
    assert first and second and second["y"] - first["y"] < 80  # one line a request
    shoot(page, "staff", "4-queue-desktop")


def test_a_dispatcher_accepts_from_the_to_accept_list_on_a_phone_and_searches_units_on_a_desktop(
    browser: Any, live_server: Any, city: City, dispatcher: User  # noqa: F811
) -> None:
    made = [
        services.service_request_submit(
            consents=HANDLING, actor=None, channel=Channel.PORTAL, category=city.category,
            description=f"{n} 号楼屋顶漏水。", **IN_GRID_A,
        )
        for n in range(3)
    ]
    ServiceRequest.objects.filter(pk=made[2].pk).update(due_at=timezone.now() - timedelta(hours=1))
    page = staff_page(browser, live_server, dispatcher)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/zh-hans/workbench/to-accept/")
    no_sideways_scroll(page)
    first = page.locator("table.to-accept tbody tr").first
    assert made[2].reference in first.inner_text() and first.locator(".flag.overdue").is_visible()
    shoot(page, "staff", "5-to-accept-phone")
    with page.expect_navigation():
        first.locator("button", has_text="区住建局").click()
    assert ServiceRequest.objects.get(pk=made[2].pk).status == "dispatched"
    assert made[2].reference not in page.locator("table.to-accept").inner_text()

    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/zh-hans/workbench/requests/{made[0].reference}/")
    search = page.locator("form.accept-dispatch input.select-search")
    search.fill("第二")
    visible = page.eval_on_selector_all(
        "#id_accept_dispatch-unit option", "os => os.filter(o => !o.hidden && o.value).map(o => o.text)")
    assert visible == ["第二网格"], visible
    shoot(page, "staff", "6-unit-search-desktop")
    with page.expect_navigation():
        page.click("form.accept-dispatch button[type=submit]")
    request = ServiceRequest.objects.get(pk=made[0].pk)
    assert request.status == "dispatched" and request.assigned_unit == city.grid_b
