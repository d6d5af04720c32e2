"""A PDF receipt of a submitted request, in the resident's language.

WeasyPrint lays the page out with Pango and HarfBuzz, so Uyghur (Arabic script, right to left) and
Tibetan stacks are shaped correctly; reportlab draws glyphs one by one and cannot join Arabic
letters. Fonts come from the system (Debian's fonts-noto-core and fonts-noto-cjk): nothing is
downloaded. When WeasyPrint, Pango or a needed font is missing, `ReceiptUnavailable` says which,
and the portal explains that the reference and the private link are the receipt meanwhile.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from shiliu.service_requests.models import ServiceRequest

logger = logging.getLogger("shiliu.service_requests")

# Font files (glob patterns) each script needs; CJK always, since names may fall back to Chinese.
SCRIPT_FONTS = {
    "cjk": ["NotoSansCJK-Regular.ttc", "NotoSansCJK*.ttc", "NotoSansSC-*.otf"],
    "arabic": ["NotoNaskhArabic-Regular.ttf", "NotoSansArabic-Regular.ttf", "NotoNaskhArabic*.ttf"],
    "tibetan": ["NotoSerifTibetan-Regular.ttf", "NotoSansTibetan-Regular.ttf",
                "NotoSerifTibetan*.ttf"],
}
LANGUAGE_SCRIPTS = {"ug": ["cjk", "arabic"], "bo": ["cjk", "tibetan"]}


class ReceiptUnavailable(Exception):
    """The server cannot render PDFs now; the message says why (for the log, not the resident)."""


@lru_cache(maxsize=16)
def _font_found(script: str) -> bool:
    for folder in settings.SHILIU_FONT_DIRS:
        root = Path(folder)
        patterns = SCRIPT_FONTS[script]
        if root.is_dir() and any(next(root.rglob(pattern), None) for pattern in patterns):
            return True
    return False


def missing_fonts(language: str) -> list[str]:
    return [script for script in LANGUAGE_SCRIPTS.get(language, ["cjk"]) if not _font_found(script)]


def _weasyprint() -> object:
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango or its libraries are missing
        raise ReceiptUnavailable(f"WeasyPrint cannot load: {error}") from None
    return weasyprint


def qr_data_uri(url: str) -> str:
    """A QR code of `url` as an SVG data URI (the CSP allows data: images; WeasyPrint draws it)."""
    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=2))


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
    missing = missing_fonts(language)
    if missing:
        raise ReceiptUnavailable(f"no system font for {', '.join(missing)} "
                                 "(install fonts-noto-core and fonts-noto-cjk)")
    weasyprint = _weasyprint()
    html = receipt_html(request, tracking_url=tracking_url)
    stylesheet = finders.find("service_requests/receipt.css")
    document = weasyprint.HTML(string=html)  # type: ignore[attr-defined]
    css = weasyprint.CSS(filename=stylesheet)  # type: ignore[attr-defined]
    return document.write_pdf(stylesheets=[css], **pdf_options)  # type: ignore[no-any-return]
