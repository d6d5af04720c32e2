"""Lockout after repeated failed sign-ins, kept by django-axes with our keys and thresholds.

`LockoutBackend` (axes' standalone backend) stands first in AUTHENTICATION_BACKENDS, so every way
of signing in passes it: the staff sign-in, the residents' sign-in, the admin and the sessions the
API accepts. A failure is a wrong password (Django's `user_login_failed`) or a wrong second-factor
code (`failure_record`). Failures are kept by axes' database handler, one row per account, address
and browser, for SHILIU_LOCKOUT_MINUTES after the last one.

Two keys, two thresholds:
- the account: "user:<username>" for the username sign-in, "resident:<blind index>" for a
  resident's phone number or e-mail address (however it is written; never stored in clear).
  SHILIU_LOCKOUT_FAILURES failures lock it.
- the address: SHILIU_LOCKOUT_ADDRESS_FAILURES failures from one address lock the address; this is
  much higher, because a service station's counters share one address, and one resident getting
  their password wrong there must not lock the staff out.

While a lock holds, nothing is checked and nothing is counted, so it ends at a known time the page
states (`lockout_response`: 429 with Retry-After, in the caller's language). A completed sign-in
forgives its own account's failures, never the address's nor anybody else's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from axes.attempts import get_cool_off_threshold
from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

MASKED = "********************"  # how Django hides a credential named like a key in the signal
RESIDENT_KEY = "resident_key"  # the residents' backend takes the phone or e-mail under this name


class ResidentIdentities(Protocol):
    """How residents' phone numbers and e-mail addresses become lockout keys and back into
    accounts. Residents' identities are personal data, held by `privacy` (a layer above
    people), which registers this at start-up (`privacy.apps`)."""

    def key_of(self, identifier: str) -> str:
        """A stable, non-reversible key for the identifier however it is written."""

    def user_id_of(self, key: str) -> int | None:
        """The account whose identifier has this key, if any."""


_resident_identities: ResidentIdentities | None = None


def register_resident_identities(identities: ResidentIdentities) -> None:
    global _resident_identities
    _resident_identities = identities


def resident_identities() -> ResidentIdentities:
    if _resident_identities is None:
        raise RuntimeError("no app registered residents' identities (privacy.apps does)")
    return _resident_identities


@dataclass(frozen=True)
class Lock:
    until: datetime
    scope: str  # "account" or "address"
    failures: int

    @property
    def retry_after(self) -> int:
        return max(1, int((self.until - timezone.now()).total_seconds() + 0.999))


def failure_limit(request: HttpRequest | None = None, credentials: Any = None) -> int:
    """AXES_FAILURE_LIMIT: the account's limit (the handler applies the address's itself)."""
    return int(settings.SHILIU_LOCKOUT_FAILURES)


def cool_off(request: HttpRequest | None = None) -> timedelta:
    """AXES_COOLOFF_TIME: how long a failure counts, and so how long a lock lasts."""
    return timedelta(minutes=settings.SHILIU_LOCKOUT_MINUTES)


def account_key(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """The account a sign-in names (AXES_USERNAME_CALLABLE). Remembered on the request, because
    the failed-sign-in signal carries the resident's identifier masked."""
    credentials = credentials or {}
    remembered = getattr(request, "shiliu_account_key", "")
    if RESIDENT_KEY in credentials:
        raw = str(credentials.get(RESIDENT_KEY) or "")
        if not raw or raw == MASKED:
            return remembered or "resident:"
        key = "resident:" + resident_identities().key_of(raw)
    else:
        username = str(credentials.get("username") or "")
        if not username and remembered:
            return str(remembered)
        key = "user:" + username.strip().lower()[:150]
    if request is not None:
        request.shiliu_account_key = key  # type: ignore[attr-defined]
    return key


def _lock_of(attempts: QuerySet[AccessAttempt], limit: int, scope: str) -> Lock | None:
    """Locked while the rows still in the window hold `limit` failures: until the row that
    reaches the limit (newest first) leaves the window."""
    total = 0
    for attempt_time, failures in attempts.order_by("-attempt_time").values_list(
        "attempt_time", "failures_since_start"
    ):
        total += failures
        if total >= limit:
            return Lock(until=attempt_time + cool_off(), scope=scope, failures=total)
    return None


class LockoutHandler(AxesDatabaseHandler):  # type: ignore[misc]  # axes ships no type hints
    """Axes' database handler with a threshold per key: the account's, and the address's."""

    def lock(self, request: HttpRequest, account: str) -> Lock | None:
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        locks = [_lock_of(recent.filter(username=account), settings.SHILIU_LOCKOUT_FAILURES, "account")]
        address = getattr(request, "axes_ip_address", None)
        if address:
            locks.append(_lock_of(recent.filter(ip_address=address),
                                  settings.SHILIU_LOCKOUT_ADDRESS_FAILURES, "address"))
        found = [lock for lock in locks if lock is not None]
        return max(found, key=lambda lock: lock.until) if found else None

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """What axes compares with AXES_FAILURE_LIMIT (the account's limit): the account's
        failures, or that limit itself while any lock holds (the address's is higher)."""
        account = account_key(request, credentials)
        if self.lock(request, account) is not None:
            return failure_limit()
        recent = AccessAttempt.objects.filter(
            username=account, attempt_time__gte=get_cool_off_threshold(request)
        )
        return sum(recent.values_list("failures_since_start", flat=True))

    def user_logged_in(self, sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
        """A completed sign-in forgives the account; staff only once the second factor is
        verified too (`failures_clear`), or a known password would allow endless code guessing."""
        from shiliu.core import access

        super().user_logged_in(sender, request, user, **kwargs)
        if not access.is_staff(user):
            self.reset_user_attempts(request, {"username": user.get_username()})

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        """A completed sign-in forgives its own account only: forgiving the address would let
        anyone with an account clear the count of the accounts they are guessing."""
        key = getattr(request, "shiliu_account_key", "") or account_key(request, credentials)
        count, _rows = AccessAttempt.objects.filter(username=key).delete()
        return int(count)


class LockoutBackend(AxesStandaloneBackend):  # type: ignore[misc]
    """Axes' backend, marking a refused attempt so the audit tells a refusal from a new lock."""

    def authenticate(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        try:
            super().authenticate(request, *args, **kwargs)
        except AxesBackendPermissionDenied:
            request.shiliu_sign_in_refused = True  # type: ignore[attr-defined]
            raise


def user_account(username: str) -> str:
    """The account key of a username sign-in (staff, and the second factor)."""
    return account_key(None, {"username": username})


def _handler() -> LockoutHandler | None:
    handler = AxesProxyHandler.get_implementation()
    return handler if isinstance(handler, LockoutHandler) else None


def lock_for(request: HttpRequest, *, account: str) -> Lock | None:
    """The lock that stops `account` signing in from this request's address now, if any."""
    AxesProxyHandler.update_request(request)
    handler = _handler()
    return handler.lock(request, account) if handler is not None else None


def failure_record(request: HttpRequest, *, username: str, factor: str) -> Lock | None:
    """A wrong second-factor code: counted (and audited) like a wrong password. Returns the lock
    it starts, if it is the failure that reaches a limit."""
    AxesProxyHandler.update_request(request)
    request.shiliu_account_key = user_account(username)  # type: ignore[attr-defined]
    user_login_failed.send(
        sender=__name__, credentials={"username": username, "factor": factor}, request=request
    )
    if not request.axes_locked_out:  # type: ignore[attr-defined]
        return None
    return lock_for(request, account=user_account(username))


def failures_clear(request: HttpRequest, *, username: str) -> None:
    """The second factor is verified: the account's failures are forgiven (not the address's)."""
    AccessAttempt.objects.filter(username=user_account(username)).delete()


def lockout_message(lock: Lock) -> str:
    when = formats.time_format(timezone.localtime(lock.until), "H:i")
    return _(
        "Too many failed sign-ins. Signing in is paused until %(time)s; please try again then."
    ) % {"time": when}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the page a locked sign-in gets, saying until when (429)."""
    handler = _handler()
    account = account_key(request, credentials)
    lock = handler.lock(request, account) if handler is not None else None
    if lock is None:  # the lock has just ended: say the full window, never less
        lock = Lock(until=timezone.now() + cool_off(), scope="account", failures=0)
    response = render(
        request,
        "people/locked_out.html",
        {"message": lockout_message(lock), "again": request.path},
        status=429,
    )
    response["Retry-After"] = str(lock.retry_after)
    return response
