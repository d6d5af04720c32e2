"""A logging filter that keeps personal data out of application logs.

Installed on every handler in settings.LOGGING (gunicorn's loggers included). It renders each
record's message once, masks mobile and landline numbers, resident ID numbers and private
tracking tokens in it (the portal's and REST's /track/…, Open311's /tokens/…), replaces the
values of known personal fields (in dict arguments and in `extra`) with a mask, and freezes the
result on the record, so every handler after it, and any formatter, sees the masked text only.
Names cannot be recognised in free text: code logs identifiers (references, primary keys), never
names, and the request-loop test checks that it does.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from shiliu.core.masking import mask_id_number, mask_phones_in_text

_DIGITS = r"(?<![0-9A-Za-z])"
_END = r"(?![0-9A-Za-z])"
ID_NUMBER = re.compile(_DIGITS + r"\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}\d{3}[\dXx]" + _END)
# A private token in an address: the portal's and REST's /track/<token>, Open311's
# /tokens/<token>.json. Whatever stands there is masked, a guess as much as a real token.
TRACKING_LINK = re.compile(r"/(track|tokens)/[^/\s?#.\"']+")

# Attribute and dict-argument names whose values are personal data wherever they appear.
PERSONAL_FIELDS = frozenset({
    "contact_name", "contact_phone", "phone", "mobile", "address", "id_number", "email",
    "identifier", "resident_key", "password", "display_name",
})
REDACTED = "[redacted]"


def mask_text(text: str) -> str:
    text = ID_NUMBER.sub(lambda m: mask_id_number(m.group(0)), text)
    text = mask_phones_in_text(text)
    return TRACKING_LINK.sub(r"/\1/***", text)


def _mask_argument(key: Any, value: Any) -> Any:
    return REDACTED if str(key).lower() in PERSONAL_FIELDS and value not in (None, "") else value


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, Mapping):
            record.args = {k: _mask_argument(k, v) for k, v in record.args.items()}
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to the handler's own error path
            return True
        record.msg, record.args = mask_text(message), None
        for key in PERSONAL_FIELDS & record.__dict__.keys():
            setattr(record, key, _mask_argument(key, getattr(record, key)))
        for key in ("sql", "params"):  # django.db.backends passes the query as extra too
            if key in record.__dict__:
                setattr(record, key, mask_text(str(getattr(record, key))))
        if record.exc_info and not record.exc_text:
            record.exc_text = mask_text(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        return True
