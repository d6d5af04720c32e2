"""入户走访 on a 390 px phone with no connection, in a real browser: two visits recorded offline
wait on the phone (and survive a reload), then reach the server exactly once each when the
connection is back, even though the answer to the first send was lost on the way. The page
itself opens again with no connection (the service worker's copy), and signing out deletes it. Screenshots
go to test-output/screenshots/. Debian's Chromium through Playwright, as the other browser tests.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import City

from shiliu.cases.models import Visit
from shiliu.cases.tests import factories
from shiliu.people.models import User
from shiliu.service_requests.tests.test_browser_resident_journey import (  # noqa: F401  (fixture)
    PHONE,
    browser,
    no_sideways_scroll,
    shoot,
)
from shiliu.service_requests.tests.test_browser_workbench import staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
STATUS = "[data-queue-status='visits']"
VISIT_PAGE = "**/cases/field/visit/"
WORKER_READY = ("Promise.race([navigator.serviceWorker.ready.then(() => 'ready'),"
                " new Promise(done => setTimeout(() => done('no worker after 10 s'), 10000))])")


def no_connection(page: Any, offline: bool) -> None:
    """The phone loses (or finds) its connection. Chromium's offline emulation does not always
    reach a page that a service worker controls, so the visit page's sends are refused too
    (the route registered last is asked first)."""
    page.context.set_offline(offline)
    if offline:
        page.route(VISIT_PAGE, lambda route: route.abort("internetdisconnected")
                   if route.request.method == "POST" else route.fallback())
    else:
        page.unroute(VISIT_PAGE)


def record(page: Any, household: str, method: str, notes: str) -> None:
    page.select_option("#id_household", household)
    page.check(f"input[name=method][value={method}]")
    page.fill("#id_notes", notes)
    page.click("form[data-offline-queue] button[type=submit]")


def test_visits_recorded_offline_are_sent_once_when_the_connection_returns(
    browser: Any, live_server: Any, city: City, grid_worker: User  # noqa: F811
) -> None:
    first = factories.household(grid_worker, city.grid_a, building="3栋", room="501")
    second = factories.household(grid_worker, city.grid_a, building="5栋", room="102")
    page = staff_page(browser, live_server, grid_worker)
    page.set_viewport_size(PHONE)
    url = f"{live_server.url}/zh-hans/cases/field/visit/"
    page.goto(url)
    page.locator(STATUS, has_text="走访记录已全部发送").wait_for()
    no_sideways_scroll(page)

    no_connection(page, True)
    record(page, first.reference, "home", "老人腿脚不便，已联系社区医生上门。")
    page.locator(STATUS, has_text="1 条走访记录待发送").wait_for()
    record(page, second.reference, "phone", "电话回访，孩子已复学。")
    page.locator(STATUS, has_text="2 条走访记录待发送").wait_for()
    assert page.locator("[data-queue-list='visits'] li").count() == 2
    no_sideways_scroll(page)
    shoot(page, "staff", "4-visits-waiting-offline-phone")
    assert not Visit.objects.exists()

    # The connection comes back but the sending fails at first; the queue survives a reload.
    page.route(url, lambda route: route.abort() if route.request.method == "POST" else route.continue_())
    no_connection(page, False)
    page.reload()
    page.locator(STATUS, has_text="2 条走访记录待发送").wait_for()
    shoot(page, "staff", "5-visits-waiting-after-reload-phone")
    page.unroute(url)

    # The first send reaches the server, but its answer is lost: the phone sends it again.
    lost = {"count": 0}

    def lose_first_answer(route: Any) -> None:
        if route.request.method == "POST" and lost["count"] == 0:
            lost["count"] += 1
            route.fetch()  # the server stores the visit ...
            route.abort()  # ... and the phone never hears back
        else:
            route.continue_()

    page.route(url, lose_first_answer)
    with page.expect_event("requestfailed"):
        page.click("[data-queue-send]")
    page.locator(STATUS, has_text="2 条走访记录待发送").wait_for()
    assert Visit.objects.count() == 1 and lost["count"] == 1
    page.click("[data-queue-send]")
    page.locator(STATUS, has_text="走访记录已全部发送").wait_for()
    shoot(page, "staff", "6-visits-sent-phone")

    visits = Visit.objects.order_by("pk")
    assert [(v.household_id, v.method, v.visitor_id) for v in visits] == [
        (first.pk, "home", grid_worker.pk), (second.pk, "phone", grid_worker.pk)]
    assert all(v.idempotency_key is not None for v in visits)


def test_the_visit_page_opens_again_with_no_connection_and_sign_out_forgets_it(
    browser: Any, live_server: Any, city: City, grid_worker: User  # noqa: F811
) -> None:
    household = factories.household(grid_worker, city.grid_a, building="3栋", room="501")
    page = staff_page(browser, live_server, grid_worker)
    page.set_viewport_size(PHONE)
    url = f"{live_server.url}/zh-hans/cases/field/visit/"
    page.goto(url)
    assert page.evaluate(WORKER_READY) == "ready"
    page.reload()  # the first visit since the worker started: now it keeps a copy of the page
    page.locator(STATUS, has_text="走访记录已全部发送").wait_for()
    assert page.evaluate("navigator.serviceWorker.controller !== null")

    no_connection(page, True)
    record(page, household.reference, "home", "楼道里没有信号，先存在手机上。")
    page.locator(STATUS, has_text="1 条走访记录待发送").wait_for()
    later = factories.household(grid_worker, city.grid_a, building="7栋", room="203")
    page.reload()  # no connection: the kept page opens, with the visit still waiting
    page.locator(STATUS, has_text="1 条走访记录待发送").wait_for()
    assert page.locator(f"#id_household option[value='{household.reference}']").count() == 1
    # the phone's copy, not the server's page: the household added since is not on it
    assert page.locator(f"#id_household option[value='{later.reference}']").count() == 0
    shoot(page, "staff", "5b-visit-page-reloaded-offline-phone")
    # Whether the server stayed unreached here is Chromium's offline emulation, which a page
    # under a service worker escapes now and then (CI saw a visit arrive): not asserted. What
    # the phone does is: the visit still waits, and reaches the server exactly once below.

    no_connection(page, False)
    page.click("[data-queue-send]")
    page.locator(STATUS, has_text="走访记录已全部发送").wait_for()
    assert Visit.objects.filter(household=household, visitor=grid_worker).count() == 1
    page.reload()
    assert page.locator(f"#id_household option[value='{later.reference}']").count() == 1

    with page.expect_navigation():
        page.click("form[data-sign-out] button")
    assert page.evaluate("caches.has('shiliu-offline-pages')") is False


def test_the_visit_page_reads_right_to_left_in_uyghur(
    browser: Any, live_server: Any, city: City, grid_worker: User  # noqa: F811
) -> None:
    factories.household(grid_worker, city.grid_a)
    page = staff_page(browser, live_server, grid_worker)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/ug/cases/field/visit/")
    assert page.get_attribute("html", "dir") == "rtl"
    page.locator(STATUS).wait_for()
    no_sideways_scroll(page)
    shoot(page, "staff", "7-visit-page-phone-ug")
