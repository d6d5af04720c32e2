"""Photos for the attachment tests, made in memory: an ordinary one, and a decompression bomb (a
13000 × 13000 PNG of a few kilobytes that would unpack to 169 million pixels)."""

from __future__ import annotations

import functools
import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def jpeg_bytes(size: tuple[int, int] = (32, 24), colour: str = "blue") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def photo(name: str = "张三-身份证-13911112222.jpg", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content or jpeg_bytes(), content_type="image/jpeg")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


@functools.cache
def bomb_bytes(side: int = 13000) -> bytes:
    """A valid one-bit PNG, side × side, all black: every row is a filter byte and zeros."""
    row = b"\x00" * (1 + (side + 7) // 8)
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    pixels = zlib.compress(row * side, 9)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", pixels) + _chunk(b"IEND", b"")


def bomb(name: str = "bomb.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, bomb_bytes(), content_type="image/png")
