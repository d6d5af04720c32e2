"""Abuse limits: requests per window counted in Django's cache (Redis when configured), so every
process shares one count; a fixed window per (bucket, caller). settings.SHILIU_RATE_LIMITS names
the buckets: the APIs' (api/auth.py), the portal's submissions and the residents' sign-up
(`rate_limited`, which answers a web page with the 429 page in the visitor's language)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
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
    limit, period = parse_rate(settings.SHILIU_RATE_LIMITS[bucket])
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


def address_identity(address: str) -> str:
    """Whose count an anonymous call is. Addresses are hashed: no raw IP is kept in the cache."""
    return "anon:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def check_request(request: HttpRequest, *, bucket: str, account_bucket: str = "") -> None:
    """Count one call from this request's address in `bucket` and, when someone is signed in,
    one for their account in `account_bucket` (from whatever address)."""
    check(bucket=bucket, identity=address_identity(str(request.META.get("REMOTE_ADDR") or "")))
    user = getattr(request, "user", None)
    if account_bucket and user is not None and user.is_authenticated:
        check(bucket=account_bucket, identity=f"user:{user.pk}")


def too_many(request: HttpRequest, error: RateLimited) -> HttpResponse:
    """The 429 page: what happened and when to try again, with Retry-After."""
    response = render(request, "core/rate_limited.html", {"message": error.message}, status=429)
    response["Retry-After"] = str(error.retry_after)
    return response


def too_many_json(error: RateLimited) -> JsonResponse:
    """The 429 answer of a JSON endpoint (the map picker's): the same message, as its `error`."""
    response = JsonResponse({"error": error.message}, status=429)
    response["Retry-After"] = str(error.retry_after)
    return response


def rate_limited(
    bucket: str, *, account_bucket: str = "", methods: frozenset[str] = frozenset({"POST"}), json: bool = False,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A web view whose `methods` count in `bucket` (and `account_bucket`, see `check_request`);
    over the limit, the 429 page (or, for a JSON endpoint, a JSON body) in the visitor's language."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in methods:
                try:
                    check_request(request, bucket=bucket, account_bucket=account_bucket)
                except RateLimited as error:
                    return too_many_json(error) if json else too_many(request, error)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
