"""A PDF receipt of a submitted request, in the resident's language.

Drawn by `core.pdf` (WeasyPrint with the system's Noto fonts; Uyghur is shaped right to left).
When WeasyPrint, Pango or a needed font is missing, `ReceiptUnavailable` says which, and the
portal explains that the reference and the private link are the receipt meanwhile.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from shiliu.core import pdf
from shiliu.core.pdf import LANGUAGE_SCRIPTS, SCRIPT_FONTS, missing_fonts, qr_data_uri
from shiliu.service_requests.models import ServiceRequest

logger = logging.getLogger("shiliu.service_requests")

__all__ = ["LANGUAGE_SCRIPTS", "SCRIPT_FONTS", "ReceiptUnavailable", "missing_fonts", "qr_data_uri",
           "receipt_html", "render_receipt"]

ReceiptUnavailable = pdf.PdfUnavailable
_font_found = pdf.font_found
_weasyprint = pdf.weasyprint


def receipt_html(request: ServiceRequest, *, tracking_url: str) -> str:
    """The receipt's HTML, written in the request's preferred language."""
    language = request.language or settings.LANGUAGE_CODE
    with translation.override(language):
        return render_to_string("service_requests/receipt.html", {
            "sr": request, "tracking_url": tracking_url, "qr": qr_data_uri(tracking_url),
            "bidi": translation.get_language_bidi(), "language": language,
        })


def render_receipt(request: ServiceRequest, *, tracking_url: str, **pdf_options: object) -> bytes:
    """The receipt as PDF bytes, written in the request's preferred language."""
    language = request.language or settings.LANGUAGE_CODE
    return pdf.render_pdf(receipt_html(request, tracking_url=tracking_url), language=language,
                          stylesheets=("core/receipt.css",), **pdf_options)
