"""PDFs for residents in their language: WeasyPrint with the system's Noto fonts, QR codes by segno.

WeasyPrint lays the page out with Pango and HarfBuzz, so Uyghur (Arabic script, right to left) and
Tibetan stacks are shaped correctly; reportlab draws glyphs one by one and cannot join Arabic
letters. Fonts come from the system (Debian's fonts-noto-core and fonts-noto-cjk): nothing is
downloaded. When WeasyPrint, Pango or a needed font is missing, `PdfUnavailable` says which, and
the page that offered the PDF explains what the resident has meanwhile. The request receipt
(`service_requests.receipts`) and the residence receipt (`residence.receipts`) both draw here.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import segno
from django.conf import settings
from django.contrib.staticfiles import finders

# Font files (glob patterns) each script needs; CJK always, since names may fall back to Chinese.
SCRIPT_FONTS = {
    "cjk": ["NotoSansCJK-Regular.ttc", "NotoSansCJK*.ttc", "NotoSansSC-*.otf"],
    "arabic": ["NotoNaskhArabic-Regular.ttf", "NotoSansArabic-Regular.ttf", "NotoNaskhArabic*.ttf"],
    "tibetan": ["NotoSerifTibetan-Regular.ttf", "NotoSansTibetan-Regular.ttf",
                "NotoSerifTibetan*.ttf"],
}
LANGUAGE_SCRIPTS = {"ug": ["cjk", "arabic"], "bo": ["cjk", "tibetan"]}


class PdfUnavailable(Exception):
    """The server cannot render PDFs now; the message says why (for the log, not the resident)."""


@lru_cache(maxsize=16)
def font_found(script: str) -> bool:
    for folder in settings.SHILIU_FONT_DIRS:
        root = Path(folder)
        patterns = SCRIPT_FONTS[script]
        if root.is_dir() and any(next(root.rglob(pattern), None) for pattern in patterns):
            return True
    return False


def missing_fonts(language: str) -> list[str]:
    return [script for script in LANGUAGE_SCRIPTS.get(language, ["cjk"]) if not font_found(script)]


def weasyprint() -> Any:
    try:
        import weasyprint as module
    except (ImportError, OSError) as error:  # OSError: Pango or its libraries are missing
        raise PdfUnavailable(f"WeasyPrint cannot load: {error}") from None
    return module


def qr_data_uri(url: str) -> str:
    """A QR code of `url` as an SVG data URI (the CSP allows data: images; WeasyPrint draws it)."""
    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=2))


def render_pdf(html: str, *, language: str, stylesheets: Sequence[str], **pdf_options: object) -> bytes:
    """`html` as PDF bytes, styled by `stylesheets` (static names, in order), after checking the
    fonts `language` needs are installed."""
    missing = missing_fonts(language)
    if missing:
        raise PdfUnavailable(f"no system font for {', '.join(missing)} "
                             "(install fonts-noto-core and fonts-noto-cjk)")
    module = weasyprint()
    document = module.HTML(string=html)
    found = [finders.find(name) for name in stylesheets]
    missing_sheets = [name for name, path in zip(stylesheets, found, strict=True) if not isinstance(path, str)]
    if missing_sheets:
        raise PdfUnavailable(f"stylesheet not found: {', '.join(missing_sheets)}")
    css = [module.CSS(filename=path) for path in found]
    return document.write_pdf(stylesheets=css, **pdf_options)  # type: ignore[no-any-return]
