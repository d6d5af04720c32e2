"""A resident's whole journey in a real browser, in each of the five languages (Simplified and
Traditional Chinese, English, Uyghur right to left, Tibetan): switch language, choose a category,
report a problem, follow it, read the privacy notice and the PDF receipt, read the answer, its
timeline entry and notification, rate it. Staff resolve it in between through the domain functions.
The layout is checked by element positions at a phone's size, and a screenshot of each step is
written to test-output/screenshots/ (paths printed at the end).

Every page, the notice, the receipt's text, the timeline and the notifications must be in the
page's script (`core.tests.scripts.foreign`): no Han characters on /en/, /ug/ and /bo/, no
Simplified-only forms on /zh-hant/. What the resident or staff typed is exempt (templates mark it
`data-typed` or `dir="auto"`), as is text that declares its own language (the switcher's names).

Debian's Chromium is driven by Playwright for Python (never `playwright install`). Without
/usr/bin/chromium these tests are skipped, except under CI=true where they must run.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SCREENSHOT_FOLDER, City
from django.utils import timezone

from shiliu.core.tests.scripts import VISIBLE_TEXT_JS, foreign
from shiliu.demo import translations as demo_names
from shiliu.people.models import User
from shiliu.service_requests import workflow
from shiliu.service_requests.models import ReplyTemplate, ServiceRequest
from shiliu.service_requests.workflow import Status

pytestmark = [
    pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("published_notices")
]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
OUTPUT = SCREENSHOT_FOLDER

JOURNEYS = {
    # language: (direction, words the tracking page must show after rating: "Very satisfied")
    "zh-hans": ("ltr", "非常满意"),
    "zh-hant": ("ltr", "非常滿意"),
    "en": ("ltr", "Very satisfied"),
    "ug": ("rtl", "ناھايىتى رازى"),
    "bo": ("ltr", "ཧ་ཅང་ཚིམ།"),
}
# The test city's categories in the other languages (its places come from the demo's names).
CATEGORY_NAMES = {
    "住房": {"zh-hant": "住房", "en": "Housing", "ug": "تۇرالغۇ", "bo": "སྡོད་ཁང"},
    "物业维修": {"zh-hant": "物業維修", "en": "Repairs", "ug": "ئۆي ئوڭشاش", "bo": "ཁང་པ་ཉམས་གསོ"},
    "公共设施": demo_names.category("公共设施"),
    "路灯": demo_names.category("路灯照明"),
}
HEADER_MAX_HEIGHT = 140  # brand and switcher on one row, the links on a second


def translate_city(city: City) -> None:
    """Staff have entered the city's names in every language, as the demo city has."""
    for unit in (city.city, city.district, city.street, city.community):
        unit.name_translations = demo_names.place(unit.name)
        unit.save(update_fields=["name_translations"])
    for grid, number, numeral in ((city.grid_a, 1, "一"), (city.grid_b, 2, "二")):
        grid.name_translations = demo_names.grid(city.community.name, number, numeral)
        grid.save(update_fields=["name_translations"])
    city.housing.name_translations = demo_names.department(city.district.name, "住建局")
    city.housing.save(update_fields=["name_translations"])
    for category in (city.category, city.category.parent, city.other_category,
                     city.other_category.parent):
        category.name_translations = CATEGORY_NAMES[category.name]
        category.save(update_fields=["name_translations"])


def assert_own_script(page: Any, language: str, step: str) -> None:
    """The page shows nothing outside its language's script but what people typed."""
    bad = foreign(page.evaluate(VISIBLE_TEXT_JS), language)
    assert not bad, f"/{language}/ {step} ({page.url}) shows {bad}"


def receipt_text(page: Any, url: str) -> str | None:
    """The text of the PDF receipt, as a PDF reader extracts it (None: no fonts to draw it)."""
    from pypdf import PdfReader

    response = page.request.get(url)
    if response.status == 503 and os.environ.get("CI") != "true":
        return None
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    return "\n".join(p.extract_text() or "" for p in reader.pages)


@pytest.fixture
def browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Any) -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the browser tests: apt-get install chromium")
        pytest.skip("Debian's chromium is not installed here")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # synchronous and safe, so Django's async guard is lifted for this module's tests only.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.SHILIU_MAP_TILES = ""  # offline: no tile server; the grids are drawn from the page
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=str(CHROMIUM), headless=True,
            args=CHROMIUM_ARGS, viewport=PHONE, device_scale_factor=2, locale="zh-CN",
        )
        yield context
        context.close()


def shoot(page: Any, language: str, step: str) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"{language}-{step}.png"
    page.screenshot(path=str(path), full_page=True)


def laid_out(page: Any) -> Any:
    """The page once its stylesheets are in: a click that navigates returns before they are, and
    a loaded machine measured the unstyled page (a label 25 px off its field)."""
    page.wait_for_load_state("load")
    return page


def no_sideways_scroll(page: Any) -> None:
    widths = laid_out(page).evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"horizontal overflow: {widths}"


def box(page: Any, selector: str) -> dict[str, float]:
    return laid_out(page).eval_on_selector(selector, "e => { const r = e.getBoundingClientRect(); "
                                 "return {left: r.left, right: r.right, top: r.top}; }")


def text_box(page: Any, selector: str) -> dict[str, float]:
    """Where the text of an element actually is (not its box, which may fill the line)."""
    return laid_out(page).eval_on_selector(selector, "e => { const range = document.createRange(); "
                                 "range.selectNodeContents(e); "
                                 "const r = range.getBoundingClientRect(); "
                                 "return {left: r.left, right: r.right}; }")


def assert_layout(page: Any, language: str, direction: str) -> None:
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == direction
    no_sideways_scroll(page)  # nothing sticks out sideways at a phone's width
    header = page.eval_on_selector(".site-header", "e => e.getBoundingClientRect().height")
    assert header <= HEADER_MAX_HEIGHT, f"the header takes {header}px of {PHONE['height']}"
    brand, switcher = box(page, ".brand"), box(page, ".language-switcher select")
    if direction == "rtl":  # the header mirrors: the brand starts at the right
        assert brand["right"] > switcher["right"] or brand["left"] > switcher["left"], (
            brand, switcher)
        assert brand["right"] > PHONE["width"] - 40
    else:
        assert brand["left"] < switcher["left"] or brand["left"] < 40, (brand, switcher)
        assert brand["left"] < 40


def assert_labels_follow_direction(page: Any, direction: str) -> None:
    field = box(page, ".field:has(#id_description)")
    label = text_box(page, "label[for=id_description]")
    if direction == "rtl":  # right-aligned: the text ends at the field's right edge
        assert abs(label["right"] - field["right"]) < 4 and label["left"] > field["left"] + 20
    else:
        assert abs(label["left"] - field["left"]) < 4 and label["right"] < field["right"] - 20


def assert_reads_left_to_right(page: Any, selector: str, first: str, second: str) -> None:
    """`first` is drawn left of `second` inside the text of `selector` (e.g. 138 before 1234)."""
    lefts = laid_out(page).eval_on_selector(selector, """(e, parts) => {
        const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
        const found = {};
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const part of parts) {
                const at = node.textContent.indexOf(part);
                if (at >= 0 && !(part in found)) {
                    const range = document.createRange();
                    range.setStart(node, at); range.setEnd(node, at + part.length);
                    found[part] = range.getBoundingClientRect().left;
                }
            }
        }
        return parts.map(part => found[part]);
    }""", [first, second])
    assert None not in lefts and lefts[0] < lefts[1], (selector, first, second, lefts)


def resolve_as_staff(reference: str, dispatcher: User, handler: User, city: City) -> str:
    """Staff answer with the demo city's "repair done" standard reply, written in the resident's
    language and filled in for the request; returns the reply."""
    request = ServiceRequest.objects.select_related("category").get(reference=reference)
    workflow.accept(request, actor=dispatcher)
    workflow.dispatch(request, actor=dispatcher, unit=city.housing)
    workflow.sign(request, actor=handler)
    _code, texts = next(entry for entry in demo_names.REPLY_TEMPLATES if entry[0] == "housing")
    template = ReplyTemplate(
        title=texts["zh-hans"][0], body=texts["zh-hans"][1], category=city.category.parent,
        body_translations={code: body for code, (_title, body) in texts.items() if code != "zh-hans"})
    reply = template.text_for(request, request.language)
    workflow.resolve(request, actor=handler, reply=reply)
    return reply


@pytest.mark.parametrize("language", list(JOURNEYS))
def test_resident_switches_language_reports_follows_and_rates(
    language: str, browser: Any, live_server: Any, city: City, dispatcher: User, handler: User
) -> None:
    direction, very_satisfied = JOURNEYS[language]
    translate_city(city)
    page = browser.new_page()
    # No request may leave the machine: everything but the test server is refused
    page.route("**/*", lambda route: route.continue_()
               if route.request.url.startswith(live_server.url) else route.abort())

    # Given a resident (on a zh-CN phone) on the home page in another language than theirs
    start = "en" if language == "zh-hans" else "zh-hans"
    page.goto(f"{live_server.url}/{start}/")
    assert page.locator("html").get_attribute("lang") == start

    # When they pick their language in the switcher (it submits itself)
    with page.expect_navigation():
        page.select_option("#language-select", language)
    assert page.url.endswith(f"/{language}/")
    assert_layout(page, language, direction)
    assert_own_script(page, language, "home")
    shoot(page, language, "1-home")

    # And report a problem, choosing its category, placing it by address and community
    page.click("main a.button.primary")
    page.wait_for_selector("#id_description")
    assert_layout(page, language, direction)
    assert_labels_follow_direction(page, direction)
    assert_own_script(page, language, "report form")
    page.select_option("#id_category", str(city.category.pk))
    page.fill("#id_description", "3号楼楼道灯坏了一个星期。")
    page.fill("#id_address", "团结路 12 号 3 栋")
    page.select_option("#id_community", str(city.community.pk))
    page.fill("#id_contact_phone", "13812341234")
    # They agree to the notices: handling the request, and being called back about it
    page.check("#id_consent_handling")
    page.check("#id_consent_follow_up")
    # Numbers keep their order inside right-to-left text: the masked-phone example reads 138****1234
    assert_reads_left_to_right(page, ".field:has(#id_contact_phone) .help", "138", "1234")
    shoot(page, language, "2-report")
    with page.expect_navigation():
        page.click("form.card button[type=submit]")

    # Then they land on their private tracking page, in their language, with a reference
    assert "/track/" in page.url and f"/{language}/" in page.url
    reference = re.search(r"SL-\d{4}-\d{6}", page.content()).group(0)  # type: ignore[union-attr]
    request = ServiceRequest.objects.get(reference=reference)
    assert request.language == language and request.status == Status.SUBMITTED
    assert_layout(page, language, direction)
    assert_own_script(page, language, "tracking page")
    year = str(request.submitted_at.year)
    month_day = f"-{timezone.localtime(request.submitted_at):%m-%d}"
    assert_reads_left_to_right(page, ".facts", year, month_day)
    assert_reads_left_to_right(page, "h1", "SL-", reference[-6:])
    shoot(page, language, "3-submitted")
    tracking = page.url

    # The notice they agreed to is in their language
    page.goto(f"{live_server.url}/{language}/privacy/notices/request_handling/")
    assert page.locator("article.notice").get_attribute("lang") == language
    assert_layout(page, language, direction)
    assert_own_script(page, language, "notice")
    shoot(page, language, "4-notice")

    # So is their PDF receipt
    receipt = receipt_text(page, f"{tracking}receipt.pdf")
    if receipt is not None:
        assert reference in receipt.replace("\u2066", "").replace("\u2069", "")
        bad = foreign(receipt, language)
        assert not bad, f"/{language}/ receipt shows {bad}"

    # Staff answer it (through the domain functions, not the browser)
    reply = resolve_as_staff(reference, dispatcher, handler, city)

    # The resident follows the link: the reply (in their language, saying so), its timeline entry
    # and notification are theirs
    page.goto(tracking)
    assert page.locator(".reply p[data-typed]").inner_text().strip() == reply.strip()
    assert page.locator(".reply p[data-typed]").get_attribute("lang") == language
    assert not foreign(reply, language)
    assert page.locator(".timeline li").count() >= 4
    assert page.locator(".notification").count() >= 2
    assert_own_script(page, language, "answered")
    shoot(page, language, "5-answered")
    page.check("input[name=rating][value='5']")
    page.check("input[name=solved][value='yes']")
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")
    request.refresh_from_db()
    assert request.status == Status.CLOSED and request.rating == 5 and request.solved is True
    assert very_satisfied in page.content()
    assert_layout(page, language, direction)
    assert_own_script(page, language, "rated")
    shoot(page, language, "6-rated")
    page.close()
