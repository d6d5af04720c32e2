"""Uploaded photos are re-encoded before they are stored, so nothing but the pixels survives:
no EXIF (camera, time, GPS position), no XMP, no embedded comments or thumbnails."""

from __future__ import annotations

import io
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Larger photos are scaled down: enough to see a broken pipe, far less to store.
MAX_SIDE = 2560


class NotAnImage(ValueError):
    pass


def reencode(upload: UploadedFile) -> ContentFile[bytes]:
    """A new JPEG (or PNG, for images with transparency) made from the upload's pixels only.
    The EXIF orientation is applied first, so the photo still shows the right way up."""
    try:
        upload.seek(0)
        with Image.open(upload) as original:
            original.load()
            image = ImageOps.exif_transpose(original)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError):
        raise NotAnImage(_("The file is not a photo we can read. Please send a JPEG or PNG.")) from None
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    has_alpha = image.mode in {"RGBA", "LA"} or (image.mode == "P" and "transparency" in image.info)
    buffer = io.BytesIO()
    stem = PurePath(upload.name or "photo").stem[:80] or "photo"
    if has_alpha:
        image.convert("RGBA").save(buffer, format="PNG", optimize=True)
        name = f"{stem}.png"
    else:
        image.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
        name = f"{stem}.jpg"
    return ContentFile(buffer.getvalue(), name=name)
