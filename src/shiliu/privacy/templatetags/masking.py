"""`{{ text|mask_phones }}`: free text a person typed, with the phone numbers in it masked (staff
pages show them in full only through the reveal flow)."""

from __future__ import annotations

from django import template

from shiliu.core.masking import mask_phones_in_text

register = template.Library()


@register.filter
def mask_phones(text: object) -> str:
    """Plain text in, plain text out: autoescaping and linebreaksbr still apply after it."""
    return mask_phones_in_text("" if text is None else str(text))
