"""A resident on a phone signs in with a code sent by text message and reads their account
page, in each of the five languages (Uyghur right to left): the code page, the account page with
its sections, the profile. Nothing sticks out sideways and nothing shows outside the page's
script but what people typed. Screenshots go to test-output/screenshots/."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import City

from shiliu.core.sms import MemorySmsSender
from shiliu.privacy.services import resident_sign_up
from shiliu.service_requests.tests.journeys import submit
from shiliu.service_requests.tests.test_browser_resident_journey import (  # noqa: F401  (fixture)
    JOURNEYS,
    assert_own_script,
    browser,
    no_sideways_scroll,
    shoot,
    translate_city,
)

pytestmark = [
    pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("published_notices")
]

PHONE = "13912345678"


@pytest.mark.parametrize("language", list(JOURNEYS))
def test_a_resident_signs_in_with_a_code_on_a_phone_and_sees_their_account(
    browser: Any, live_server: Any, city: City, sms_outbox: list[tuple[str, str]], language: str  # noqa: F811
) -> None:
    direction = JOURNEYS[language][0]
    translate_city(city)
    resident = resident_sign_up(identifier=PHONE, password="石榴-very-long-passphrase", language=language)
    request = submit(city.category, actor=resident, language=language)
    page = browser.new_page()
    page.goto(f"{live_server.url}/{language}/me/sign-in/")
    page.click(f"a[href^='/{language}/me/sign-in/code/']")
    page.fill("#id_identifier", "139 1234 5678")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/me/sign-in/code/enter/$"))
    assert page.locator("html").get_attribute("dir") == direction
    assert_own_script(page, language, "code")
    no_sideways_scroll(page)
    shoot(page, language, "sign-in-code")
    [(number, text)] = MemorySmsSender.outbox
    assert number == PHONE
    page.fill("#id_code", re.search(r"\d{6}", text).group(0))  # type: ignore[union-attr]
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(rf"/{language}/me/$"))
    section = page.locator("#section-requests")
    assert request.reference in section.inner_text()
    assert_own_script(page, language, "account")
    no_sideways_scroll(page)
    shoot(page, language, "account")
    page.click(f"a[href='/{language}/me/profile/']")
    assert page.locator("#id_preferred_language").input_value() == language
    assert_own_script(page, language, "profile")
    no_sideways_scroll(page)
    shoot(page, language, "profile")
