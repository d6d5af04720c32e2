"""One-time codes sent by text message or e-mail: six digits, kept only as an HMAC under the
site's secret (salted with what the code is for), valid for SHILIU_CODE_MINUTES and for
SHILIU_CODE_ATTEMPTS tries; whoever keeps the count refuses after that."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone


def code_new() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def code_hash(code: str, *, purpose: str) -> str:
    message = f"{purpose}:{''.join(code.split())}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def code_matches(code: str, digest: str, *, purpose: str) -> bool:
    """Whether `code` is the one behind `digest` (an empty digest matches nothing)."""
    return bool(digest) and hmac.compare_digest(code_hash(code, purpose=purpose), digest)


def code_expiry(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + timedelta(minutes=settings.SHILIU_CODE_MINUTES)


def attempts_left(attempts: int) -> bool:
    return attempts < settings.SHILIU_CODE_ATTEMPTS
