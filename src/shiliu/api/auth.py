"""Who is calling: a system with an API key, a member of staff signed in with a session, or an
anonymous resident. Each REST operation lists the callers it accepts; ninja tries them in order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import APIKeyHeader, HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from shiliu.api.models import ApiKey, Scope
from shiliu.api.services import api_key_authenticate
from shiliu.core import access, limits
from shiliu.people.models import User


@dataclass(frozen=True)
class Caller:
    user: User | None  # staff, or the key's service account; None for the public
    api_key: ApiKey | None = None
    address: str = ""
    # A resident signed in to the portal calls as the public does (the anonymous bucket, no staff
    # scopes), but what they report through REST is theirs.
    resident: User | None = None

    @property
    def is_anonymous(self) -> bool:
        return self.user is None

    @property
    def identity(self) -> str:
        """Whose retries and limits these are. Addresses are hashed: no raw IP is kept anywhere."""
        if self.api_key is not None:
            return f"key:{self.api_key.pk}"
        if self.user is not None:
            return f"user:{self.user.pk}"
        return limits.address_identity(self.address)

    def may(self, scope: str) -> bool:
        """Whether the caller may use `scope` at all; the policy then decides per object."""
        if self.api_key is not None:
            return self.api_key.allows(scope)
        if self.user is not None:
            return True
        return scope == Scope.REQUESTS_CREATE


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "")


def caller_for_key(request: HttpRequest, raw_key: str) -> Caller:
    """The caller behind `raw_key`, or AuthenticationError: a wrong key never falls back to
    anonymous access."""
    api_key = api_key_authenticate(raw_key)
    if api_key is None:
        raise AuthenticationError(401, _("The API key is not valid or has been revoked."))
    return Caller(user=api_key.user, api_key=api_key, address=client_address(request))


def _counted(request: HttpRequest, caller: Caller) -> Caller:
    limits.check(bucket="anonymous" if caller.is_anonymous else "keyed", identity=caller.identity)
    return caller


def presented_key(request: HttpRequest) -> Caller | None:
    """The caller named by the API keys the call carries, in `X-API-Key` and/or
    `Authorization: Bearer`; None when it carries none. Every credential presented must hold:
    a wrong, revoked or malformed one, or two headers naming different keys, is a 401 even
    beside a valid key or session, so a caller never gets in on one credential while another
    it sent is refused."""
    raw_keys = []
    header = request.headers.get(KeyHeader.param_name)
    if header is not None:  # sent, even blank: it must hold
        raw_keys.append(header.strip())
    authorization = request.headers.get("Authorization")
    if authorization is not None:
        scheme, _sep, token = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationError(
                401, _("The Authorization header must be “Bearer” followed by an API key.")
            )
        raw_keys.append(token.strip())
    if not raw_keys:
        return None
    callers = [caller_for_key(request, raw_key) for raw_key in raw_keys]
    if len({c.api_key.pk for c in callers if c.api_key is not None}) > 1:
        raise AuthenticationError(
            401, _("Send one API key: the X-API-Key and Authorization headers name different keys.")
        )
    return _counted(request, callers[0])


class KeyHeader(APIKeyHeader):
    """`X-API-Key: sl_…` (checked together with any `Authorization` header)."""

    param_name = "X-API-Key"

    def __call__(self, request: HttpRequest) -> Any:
        return presented_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Caller | None:
        return presented_key(request)


class KeyBearer(HttpBearer):
    """`Authorization: Bearer sl_…` (checked together with any `X-API-Key` header)."""

    def __call__(self, request: HttpRequest) -> Any:
        return presented_key(request)

    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        return presented_key(request)


class StaffSession(APIKeyCookie):
    """Staff signed in to the workbench; a signed-in resident calls as the public does (the
    anonymous bucket, no staff scopes). The CSRF token is required only when the session cookie
    is what authenticates the call, so a resident's anonymous call needs none."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Caller | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not access.is_staff(user):  # a signed-in resident calls as the public does
            return None
        if request.method not in {"GET", "HEAD", "OPTIONS"} and check_csrf(request) is not None:
            raise AuthenticationError(
                403, _("The CSRF token is missing or wrong. Reload the page.")
            )
        return _counted(request, Caller(user=user, address=client_address(request)))


class ResidentSession(APIKeyCookie):
    """A resident signed in with their account (the portal's session, or the session cookie
    `POST /api/v1/residents/sign-in/verify` set). Counted in the anonymous bucket of their address;
    reading needs no CSRF token. Anyone else gets a 401 saying to sign in as a resident."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Caller | None:
        from shiliu.privacy.selectors import is_resident

        user = getattr(request, "user", None)
        if user is None or not is_resident(user) or access.is_staff(user):
            raise AuthenticationError(401, _("Sign in with a resident account first."))
        return _counted(request, Caller(user=None, address=client_address(request), resident=user))


def anonymous(request: HttpRequest) -> Caller:
    """Anyone: a resident reporting a problem or following it with the private token (signed in
    to the portal or not)."""
    user = getattr(request, "user", None)
    resident = user if user is not None and user.is_authenticated and not access.is_staff(user) else None
    return _counted(request, Caller(user=None, address=client_address(request), resident=resident))


key_header = KeyHeader()
key_bearer = KeyBearer()
staff_session = StaffSession()
resident_session = ResidentSession()

SIGNED_IN = [key_header, key_bearer, staff_session]
ANYONE = [key_header, key_bearer, staff_session, anonymous]
