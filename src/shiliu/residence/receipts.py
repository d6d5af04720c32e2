"""The residence declaration's receipt as a PDF in the resident's language (`core.pdf`:
WeasyPrint, system Noto fonts, Uyghur right to left), with a QR code of the declaration's page
and, once confirmed, the community's services and service points."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from shiliu.core import pdf
from shiliu.residence import selectors
from shiliu.residence.models import Declaration
from shiliu.residence.workflow import Status

ReceiptUnavailable = pdf.PdfUnavailable


def receipt_context(declaration: Declaration) -> dict[str, object]:
    confirmed = declaration.status == Status.CONFIRMED
    return {"declaration": declaration, "confirmed": confirmed,
            "services": selectors.community_services(community=declaration.community) if confirmed else []}


def receipt_html(declaration: Declaration, *, page_url: str, language: str = "") -> str:
    language = language or declaration.language or settings.LANGUAGE_CODE
    with translation.override(language):
        return render_to_string("residence/receipt.html", {
            **receipt_context(declaration), "page_url": page_url, "qr": pdf.qr_data_uri(page_url),
            "bidi": translation.get_language_bidi(), "language": language,
        })


def render_receipt(declaration: Declaration, *, page_url: str, language: str = "", **options: object) -> bytes:
    language = language or declaration.language or settings.LANGUAGE_CODE
    return pdf.render_pdf(receipt_html(declaration, page_url=page_url, language=language), language=language,
                          stylesheets=("core/receipt.css", "residence/receipt.css"), **options)
