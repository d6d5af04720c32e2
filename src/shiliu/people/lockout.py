"""Lockout after repeated failed sign-ins, per username and per address.

A failure is a wrong password or a wrong second-factor code. SHILIU_LOCKOUT_FAILURES failures for
one username within SHILIU_LOCKOUT_MINUTES lock that username; SHILIU_LOCKOUT_ADDRESS_FAILURES
failures from one address lock that address (higher, because a service station's counters share
one address). A lock lasts until the window no longer holds that many failures, so it ends at a
known time that the sign-in page tells the person. While locked, no password is checked and no
failure is counted, so waiting is always enough. A completed sign-in clears its username.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from shiliu.people.models import SignInFailure


@dataclass(frozen=True)
class Lock:
    until: datetime
    scope: str  # "username" or "address"
    failures: int


def _window() -> timedelta:
    return timedelta(minutes=settings.SHILIU_LOCKOUT_MINUTES)


def _normalise(username: str) -> str:
    return (username or "").strip().lower()[:150]


def _lock_of(
    failures: QuerySet[SignInFailure], limit: int, scope: str, now: datetime
) -> Lock | None:
    """Locked while the window holds `limit` failures: until the limit-th newest leaves it."""
    times = list(
        failures.filter(created_at__gt=now - _window())
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    if len(times) < limit:
        return None
    return Lock(until=times[-1] + _window(), scope=scope, failures=limit)


def lock_for(*, username: str, address: str | None, now: datetime | None = None) -> Lock | None:
    """The lock that stops a sign-in as `username` from `address` now, if any."""
    now = now or timezone.now()
    locks = [
        _lock_of(
            SignInFailure.objects.filter(username=_normalise(username)),
            settings.SHILIU_LOCKOUT_FAILURES,
            "username",
            now,
        ),
    ]
    if address:
        locks.append(
            _lock_of(
                SignInFailure.objects.filter(ip_address=address),
                settings.SHILIU_LOCKOUT_ADDRESS_FAILURES,
                "address",
                now,
            )
        )
    found = [lock for lock in locks if lock is not None]
    return max(found, key=lambda lock: lock.until) if found else None


def failure_record(
    *, username: str, address: str | None, now: datetime | None = None
) -> Lock | None:
    """Count one failure; return the lock it starts, if this failure is the one that reaches a
    limit (so the lockout is audited once, when it begins)."""
    now = now or timezone.now()
    SignInFailure.objects.filter(created_at__lte=now - _window()).delete()
    before = lock_for(username=username, address=address, now=now)
    SignInFailure.objects.create(
        username=_normalise(username), ip_address=address or None, created_at=now
    )
    after = lock_for(username=username, address=address, now=now)
    return after if after is not None and before is None else None


def failures_clear(*, username: str) -> None:
    """A completed sign-in forgives that username's failures (not its address's)."""
    SignInFailure.objects.filter(username=_normalise(username)).delete()
