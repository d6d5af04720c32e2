"""Abuse limits: requests per window counted in Django's cache (Redis when configured), so every
process shares one count; a fixed window per (bucket, caller)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        self.message = ngettext(
            "Too many requests. Please try again in %(seconds)d second.",
            "Too many requests. Please try again in %(seconds)d seconds.",
            retry_after,
        ) % {"seconds": retry_after}
        super().__init__(self.message)


class PayloadTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        self.message = _("The request is too large: send at most %(size)s KB.") % {
            "size": limit // 1024
        }
        super().__init__(self.message)


def parse_rate(rate: str) -> tuple[int, int]:
    """ "20/hour" → (20, 3600)."""
    count, _sep, period = rate.partition("/")
    return int(count), PERIODS[period.strip().rstrip("s")]


def check(*, bucket: str, identity: str) -> None:
    """Count one call of `identity` in `bucket`; RateLimited once the bucket's limit is passed."""
    limit, period = parse_rate(settings.SHILIU_API_RATE_LIMITS[bucket])
    now = time.time()
    window = int(now // period)
    key = f"shiliu-rate:{bucket}:{identity}:{window}"
    if cache.add(key, 1, timeout=period + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr: a new window has begun
            cache.set(key, 1, timeout=period + 1)
            count = 1
    if count > limit:
        raise RateLimited(retry_after=max(1, int((window + 1) * period - now) + 1))
