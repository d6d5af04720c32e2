"""The one check every photo passes, whatever the channel (portal, staff entry, Open311, the
handler's reply): a size limit, a pixel limit read from the file's header before anything is
decoded (a 500 KB PNG can unpack to gigabytes), a format allow-list judged by content, never by
name, and a re-encoding from the pixels alone, so no EXIF (camera, time, GPS position), XMP,
comment or embedded thumbnail survives.

`clean_photo` returns a `CleanPhoto`; handing one to `clean_photo` again costs nothing, so a
service may call it on whatever a form or an adapter passes on."""

from __future__ import annotations

import io
import warnings
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Formats we open (by content) and the extension each re-encoded photo gets.
FORMATS = ("JPEG", "PNG", "WEBP")
# Larger photos are scaled down: enough to see a broken pipe, far less to store.
MAX_SIDE = 2560

if TYPE_CHECKING:
    _ContentFile = ContentFile[bytes]
else:
    _ContentFile = ContentFile


class NotAnImage(ValueError):
    """The upload was refused; the message says why, in the active language."""


class CleanPhoto(_ContentFile):
    """Pixels re-encoded by `clean_photo`: JPEG, or PNG for images with transparency."""

    def __init__(self, content: bytes, *, extension: str) -> None:
        super().__init__(content, name=f"photo.{extension}")
        self.extension = extension

    @property
    def content_type(self) -> str:
        return "image/png" if self.extension == "png" else "image/jpeg"


def max_bytes() -> int:
    return int(settings.SHILIU_PHOTO_MAX_BYTES)


def max_pixels() -> int:
    return int(settings.SHILIU_PHOTO_MAX_PIXELS)


def clean_photo(upload: Any) -> CleanPhoto:
    """`upload` (any file object) checked and re-encoded, or NotAnImage saying why not.

    The EXIF orientation is applied first, so the photo still shows the right way up."""
    if isinstance(upload, CleanPhoto):
        return upload
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes():
        raise NotAnImage(_("The photo is larger than %(size)d MB.") % {"size": max_bytes() // (1024 * 1024)})
    refused = NotAnImage(_("The file is not a photo we can accept: send a JPEG, PNG or WebP image."))
    try:
        upload.seek(0)
        # Opening reads the header only; the pixels are decoded by load(), after our own pixel
        # check, which is stricter than Pillow's warning (so that warning is not needed here).
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            original = Image.open(upload, formats=FORMATS)
        with original:
            width, height = original.size
            if width * height > max_pixels():
                raise NotAnImage(
                    _("The photo has too many pixels (%(found)d megapixels; at most %(limit)d). "
                      "Please send a smaller photo.")
                    % {"found": round(width * height / 1_000_000), "limit": max_pixels() // 1_000_000}
                )
            original.load()
            image = ImageOps.exif_transpose(original)
    except NotAnImage:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise refused from None
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    has_alpha = image.mode in {"RGBA", "LA"} or (image.mode == "P" and "transparency" in image.info)
    buffer = io.BytesIO()
    if has_alpha:
        image.convert("RGBA").save(buffer, format="PNG", optimize=True)
        extension = "png"
    else:
        image.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
        extension = "jpg"
    return CleanPhoto(buffer.getvalue(), extension=extension)
