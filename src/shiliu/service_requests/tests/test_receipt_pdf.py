"""The PDF receipt of a submitted request, in the resident's language, drawn with system fonts.

Rendering needs WeasyPrint with Pango and Debian's Noto fonts; without them the tests that draw
are skipped on a developer's machine but fail under CI=true, where .ci/run installs them.
"""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from conftest import City
from django.test import Client

from shiliu.service_requests import receipts
from shiliu.service_requests.tests.journeys import submit

pytestmark = pytest.mark.django_db


def can_draw(language: str) -> bool:
    try:
        receipts._weasyprint()
    except receipts.ReceiptUnavailable:
        return False
    return not receipts.missing_fonts(language)


def needs_pdf(language: str) -> None:
    if not can_draw(language):
        if os.environ.get("CI") == "true":
            pytest.fail("CI must draw PDF receipts: install weasyprint's Pango and fonts-noto-*")
        pytest.skip("WeasyPrint or the Noto fonts are not installed here")


def fonts_of(pdf: bytes) -> set[str]:
    """The font names embedded in an uncompressed PDF, without the subset prefix."""
    names = re.findall(rb"/BaseFont\s*/([A-Za-z0-9+\-]+)", pdf)
    return {name.split(b"+")[-1].decode() for name in names}


@pytest.mark.parametrize("language", ["ug", "bo", "zh-hant", "en", "zh-hans"])
def test_receipt_is_a_pdf_in_the_residents_language(language: str, city: City) -> None:
    needs_pdf(language)
    request = submit(city.category, language=language)
    response = Client().get(f"/{language}/track/{request.tracking_token}/receipt.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert f'filename="{request.reference}.pdf"' in response["Content-Disposition"]


def test_receipt_text_is_written_in_uyghur_with_an_arabic_script_font(city: City) -> None:
    needs_pdf("ug")
    request = submit(city.category, language="ug")
    pdf = receipts.render_receipt(request, tracking_url="http://example.org/ug/track/x/",
                                  uncompressed_pdf=True)
    fonts = fonts_of(pdf)
    assert "Noto-Naskh-Arabic" in fonts, fonts  # the Uyghur text, shaped by HarfBuzz
    assert any(font.startswith("Noto-Sans-CJK") for font in fonts)  # the Chinese category name


def test_receipt_text_is_written_in_tibetan_with_a_tibetan_font(city: City) -> None:
    needs_pdf("bo")
    request = submit(city.category, language="bo")
    pdf = receipts.render_receipt(request, tracking_url="http://example.org/bo/track/x/",
                                  uncompressed_pdf=True)
    assert "Noto-Serif-Tibetan" in fonts_of(pdf)


def test_receipt_degrades_to_a_clear_page_when_fonts_are_missing(
    city: City, settings: Any, caplog: Any
) -> None:
    settings.SHILIU_FONT_DIRS = ["/nonexistent"]
    receipts._font_found.cache_clear()
    request = submit(city.category, language="bo")
    try:
        response = Client().get(f"/bo/track/{request.tracking_token}/receipt.pdf")
    finally:
        receipts._font_found.cache_clear()
    assert response.status_code == 503
    html = response.content.decode()
    assert request.reference in html and 'lang="bo"' in html
    assert "PDF receipt unavailable" in caplog.text


def test_unknown_token_has_no_receipt(db: Any) -> None:
    assert Client().get("/en/track/nope/receipt.pdf").status_code == 404


def fact_positions(request: Any) -> list[tuple[str, float]]:
    """(dt or dd, left edge) of the receipt's facts as WeasyPrint lays them out."""
    from django.contrib.staticfiles import finders

    weasyprint = receipts._weasyprint()
    html = receipts.receipt_html(request, tracking_url="http://example.org/track/x/")
    css = weasyprint.CSS(filename=finders.find("core/receipt.css"))  # type: ignore[attr-defined]
    document = weasyprint.HTML(string=html).render(stylesheets=[css])  # type: ignore[attr-defined]
    found: list[tuple[str, float]] = []

    def walk(box: Any) -> None:
        if getattr(box, "element_tag", None) in ("dt", "dd") and type(box).__name__ == "BlockBox":
            found.append((box.element_tag, box.position_x))
        for child in getattr(box, "children", []):
            walk(child)

    walk(document.pages[0]._page_box)
    return found


@pytest.mark.parametrize(("language", "labels_right"), [("ug", True), ("en", False), ("bo", False)])
def test_receipt_labels_stand_on_the_reading_side_of_their_values(
    language: str, labels_right: bool, city: City
) -> None:
    needs_pdf(language)
    positions = fact_positions(submit(city.category, language=language))
    pairs = list(zip(positions[::2], positions[1::2], strict=True))
    assert len(pairs) >= 4
    for (dt, dt_x), (dd, dd_x) in pairs:
        assert (dt, dd) == ("dt", "dd")
        assert (dt_x > dd_x) is labels_right, (language, dt_x, dd_x)


@pytest.mark.parametrize(("language", "brand"), [
    ("zh-hans", "石榴社区服务</p>"), ("zh-hant", "石榴社區服務</p>"),
    ("en", "Shiliu community services</p>"),
])
def test_receipt_names_shiliu_once(language: str, brand: str, city: City) -> None:
    html = receipts.receipt_html(submit(city.category, language=language),
                                 tracking_url="http://example.org/track/x/")
    assert f'<p class="brand">{brand}' in html
