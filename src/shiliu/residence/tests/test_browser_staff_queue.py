"""Community staff in a real browser: the declaration queue and a declaration on a 390×844
phone (cards, no sideways scrolling) and on a desktop (a table); confirming from the phone.
Debian's Chromium through Playwright, as in the spine's browser tests."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import City

from shiliu.core.permissions import Role
from shiliu.residence.models import Declaration
from shiliu.residence.tests.factories import declaration, resident
from shiliu.residence.workflow import Status
from shiliu.service_requests.tests.factories import staff
from shiliu.service_requests.tests.test_browser_resident_journey import (  # noqa: F401  (fixture)
    PHONE,
    browser,
    no_sideways_scroll,
    shoot,
)
from shiliu.service_requests.tests.test_browser_workbench import DESKTOP, staff_page

pytestmark = [
    pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("published_notices")
]


def test_station_staff_confirm_a_declaration_from_a_phone(
    browser: Any, live_server: Any, city: City  # noqa: F811
) -> None:
    station = staff(Role.STATION_STAFF, city.community, username="station-b")
    declared = [declaration(resident(), city.community, full_name=name) for name in ("欧阳明月", "李晓梅", "张伟")]
    page = staff_page(browser, live_server, station)

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/zh-hans/workbench/residence/")
    no_sideways_scroll(page)
    assert "欧**" in page.content() and "欧阳明月" not in page.content()
    assert page.locator("table.queue thead").bounding_box()["height"] <= 1  # cards, not a table
    shoot(page, "zh-hans", "residence-queue-phone")
    page.click(f"text={declared[0].reference}")
    no_sideways_scroll(page)
    shoot(page, "zh-hans", "residence-detail-phone")
    page.click("button:has-text('确认')")
    page.locator(".badge", has_text="已确认").first.wait_for()
    assert Declaration.objects.get(pk=declared[0].pk).status == Status.CONFIRMED

    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/zh-hans/workbench/residence/?status=")
    no_sideways_scroll(page)
    assert page.locator("table.queue thead").bounding_box()["height"] > 10
    shoot(page, "zh-hans", "residence-queue-desktop")
