"""The declaration receipt is a PDF in the resident's language, with its text really there:
extracted with pypdf and checked (the reference, a translated heading, the community's services
once confirmed). Uyghur is drawn right to left in an Arabic-script font; pypdf returns the words
HarfBuzz shaped as their letters in logical order for most words, so the test checks words
that survive extraction, not the whole sentence."""

from __future__ import annotations

import io
import os
from typing import Any

import pytest
from conftest import City
from django.utils import translation
from pypdf import PdfReader

from shiliu.core import pdf
from shiliu.core.permissions import Role
from shiliu.residence import receipts, workflow
from shiliu.residence.tests.factories import declaration, resident, service_point
from shiliu.residence.tests.test_declaration_http import signed_in
from shiliu.service_requests.tests.factories import staff

pytestmark = pytest.mark.django_db


def needs_pdf(language: str) -> None:
    try:
        pdf.weasyprint()
        missing = pdf.missing_fonts(language)
    except pdf.PdfUnavailable:
        missing = ["weasyprint"]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must draw PDF receipts: install weasyprint's Pango and fonts-noto-*")
        pytest.skip("WeasyPrint or the Noto fonts are not installed here")


def text_of(content: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def confirmed(city: City, language: str) -> Any:
    service_point(city.community)
    declared = declaration(resident(language=language), city.community, language=language)
    workflow.confirm(declared, actor=staff(Role.STATION_STAFF, city.community, username="st"))
    return declared


def test_chinese_receipt_names_the_reference_heading_and_services(city: City) -> None:
    needs_pdf("zh-hans")
    declared = confirmed(city, "zh-hans")
    text = text_of(receipts.render_receipt(declared, page_url="http://example.org/x/", language="zh-hans"))
    assert declared.reference in text
    with translation.override("zh-hans"):
        assert translation.gettext("Residence declaration receipt") in text
    assert "居住申报回执" in text and "同心小学" in text and "同心社区" in text


def test_uyghur_receipt_is_right_to_left_with_the_translated_heading(city: City) -> None:
    needs_pdf("ug")
    declared = confirmed(city, "ug")
    html = receipts.receipt_html(declared, page_url="http://example.org/x/", language="ug")
    assert 'dir="rtl"' in html and 'lang="ug"' in html
    text = text_of(receipts.render_receipt(declared, page_url="http://example.org/x/", language="ug"))
    assert declared.reference in text
    with translation.override("ug"):
        heading = translation.gettext("Residence declaration receipt")
    assert heading != "Residence declaration receipt"
    # Words of the heading and the school's Uyghur name survive extraction (as pypdf returns them).
    for word in [*heading.split()[:1], "مەكتىپى"]:
        assert word in text, (word, text[:400])


def test_the_resident_downloads_the_receipt_in_the_page_language(city: City) -> None:
    needs_pdf("ug")
    someone = resident()
    declared = declaration(someone, city.community)
    response = signed_in(someone).get(f"/ug/me/residence/{declared.reference}/receipt.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert signed_in(resident()).get(f"/ug/me/residence/{declared.reference}/receipt.pdf").status_code == 404


def test_without_fonts_the_resident_gets_a_clear_page(city: City, settings: Any) -> None:
    settings.SHILIU_FONT_DIRS = ["/nonexistent"]
    pdf.font_found.cache_clear()
    someone = resident()
    declared = declaration(someone, city.community)
    try:
        response = signed_in(someone).get(f"/bo/me/residence/{declared.reference}/receipt.pdf")
    finally:
        pdf.font_found.cache_clear()
    assert response.status_code == 503 and declared.reference in response.content.decode()


def test_receipt_in_every_language_renders(city: City) -> None:
    declared = confirmed(city, "zh-hans")
    for language in ("zh-hans", "zh-hant", "en", "ug", "bo"):
        html = receipts.receipt_html(declared, page_url="http://example.org/x/", language=language)
        assert f'lang="{language}"' in html and declared.reference in html
