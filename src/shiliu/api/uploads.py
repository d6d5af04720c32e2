"""Photos sent through the APIs are checked by what they contain, never by their name: Pillow
must open and verify them as one of the formats below. The stored name is ours, with the
extension of the format found."""

from __future__ import annotations

import warnings

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image

from shiliu.service_requests import workflow

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; anything larger is refused, not decoded


def checked_photo(upload: UploadedFile, *, max_bytes: int) -> UploadedFile:
    """`upload` renamed after its real format, or InvalidInput saying why it was refused."""
    if upload.size is not None and upload.size > max_bytes:
        raise workflow.InvalidInput(
            _("The photo is larger than %(size)d MB.") % {"size": max_bytes // (1024 * 1024)}
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as image:
                found = image.format
                width, height = image.size
                image.verify()
    except Exception:
        found = None
        width = height = 0
    if found not in FORMATS or width * height > MAX_PIXELS:
        raise workflow.InvalidInput(
            _("The file is not a photo we can accept: send a JPEG, PNG or WebP image.")
        )
    upload.seek(0)
    upload.name = f"photo.{FORMATS[found]}"
    return upload
