"""Encryption of personal data at rest, and the keyed hash (blind index) used to look it up.

Values are sealed with Fernet (AES-128-CBC with HMAC-SHA256: authenticated, so a tampered value
fails to open instead of decrypting to garbage). Keys come from `SHILIU_FIELD_KEYS`, a
comma-separated list: the first key seals, every key opens. Rotation without downtime is
therefore: put the new key first, keep the old ones after it, run `manage.py rotate_field_keys`
(which re-seals every value under the first key), then drop the old keys.

A blind index is HMAC-SHA256 of the normalised value under `SHILIU_BLIND_INDEX_KEY`: equal inputs
give equal indexes, so staff can find a request by an exact phone number without the database
ever holding the number in clear, and without the index being reversible by someone who has the
database but not the key.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class DecryptionError(Exception):
    """A stored value could not be opened with any configured key (wrong keys or tampering)."""


@functools.lru_cache(maxsize=4)
def _keyring(keys: tuple[str, ...]) -> tuple[MultiFernet, Fernet]:
    if not keys:
        raise ImproperlyConfigured("SHILIU_FIELD_KEYS is empty: personal data cannot be encrypted.")
    try:
        fernets = [Fernet(key.encode()) for key in keys]
    except ValueError:
        raise ImproperlyConfigured(
            "SHILIU_FIELD_KEYS must hold Fernet keys (32 url-safe base64-encoded bytes); "
            "make one with: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'"
        ) from None
    return MultiFernet(fernets), fernets[0]


def keyring() -> tuple[MultiFernet, Fernet]:
    """(all keys, the sealing key) from the current settings."""
    return _keyring(tuple(settings.SHILIU_FIELD_KEYS))


def encrypt(plaintext: str) -> str:
    return keyring()[0].encrypt(plaintext.encode()).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return keyring()[0].decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeError):
        raise DecryptionError("a stored value could not be decrypted with the configured keys") from None


def is_current(token: str) -> bool:
    """Whether `token` is sealed under the first (current) key."""
    try:
        keyring()[1].decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeError):
        return False
    return True


def rotate(token: str) -> str:
    """The same plaintext sealed under the current key (old keys must still be configured)."""
    try:
        return keyring()[0].rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeError):
        raise DecryptionError("a stored value could not be decrypted with the configured keys") from None


# --- Blind index ----------------------------------------------------------------------------------

def normalise_phone(value: str) -> str:
    """Digits only, without China's country code: "+86 138-1234-1234" → "13812341234"."""
    digits = re.sub(r"\D", "", value or "")
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 11:
            return digits[len(prefix):]
    return digits


def normalise_id_number(value: str) -> str:
    """Resident ID numbers: no spaces, the check character upper-cased."""
    return re.sub(r"\s", "", value or "").upper()


def normalise_email(value: str) -> str:
    return (value or "").strip().lower()


NORMALISERS = {"phone": normalise_phone, "id_number": normalise_id_number, "email": normalise_email}


def blind_index(value: str, *, kind: str) -> str:
    """HMAC-SHA256 of the normalised value, or "" when there is nothing to index."""
    normalised = NORMALISERS[kind](value)
    if not normalised:
        return ""
    key = settings.SHILIU_BLIND_INDEX_KEY
    if not key:
        raise ImproperlyConfigured("SHILIU_BLIND_INDEX_KEY is empty: personal data cannot be indexed.")
    message = f"{kind}:{normalised}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()
