"""Cross-cutting middleware: security headers on every response, the access gate that makes the
permission map in `core.access` the one place that decides who may open which URL, the language
a person chose during a request (see core.languages.remember), and a page for any domain error a
view did not show itself (`core.errors`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from shiliu.core import access, errors


def content_security_policy(directives: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


class SecurityHeadersMiddleware:
    """Content-Security-Policy (no 'unsafe-inline', no framing) and Permissions-Policy.

    Django's SecurityMiddleware already sends HSTS (over HTTPS), nosniff, Referrer-Policy and
    Cross-Origin-Opener-Policy; XFrameOptionsMiddleware sends X-Frame-Options: DENY.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csp = content_security_policy(settings.SHILIU_CSP)
        self.permissions_policy: str = settings.SHILIU_PERMISSIONS_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response


SEEN_KEY = "shiliu_seen_at"


def mark_active(request: HttpRequest) -> None:
    """Note activity now, for the idle timeout (called at sign-in, then at most once a minute)."""
    request.session[SEEN_KEY] = int(timezone.now().timestamp())


class AccessMiddleware:
    """Applies the permission map (`core.access.ACCESS`) before any view runs.

    In order: a URL missing from the map is 404; a staff session idle for longer than
    SHILIU_STAFF_IDLE_MINUTES is signed out; public pages and private links pass; anyone else must
    be signed in; staff must have passed the second factor in this session; and the person must
    hold one of the rule's roles (otherwise 403: "not available to your role"). Which objects a
    page shows is the policy registry's answer, and there missing and forbidden are both 404.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        rule = access.rule_for(request.resolver_match)
        if rule is None:
            raise Http404
        user = request.user
        staff = user.is_authenticated and access.is_staff(user)
        if staff and self._idle_too_long(request):
            return self._sign_out_idle(request)
        if rule.public:
            return None
        verified = getattr(user, "is_verified", lambda: False)()  # set by django_otp's middleware
        if rule.token:
            # The API layer authenticates tokens and asks `access.allows`; a browser session of
            # staff who have not passed the second factor gets no further than here.
            if staff and not verified:
                return JsonResponse({"detail": _("Two-step sign-in is not complete.")}, status=401)
            return None
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse(rule.login) if rule.login else None)
        if staff and not verified and not rule.before_second_factor:
            step = access.second_factor_step(user)
            return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        if not access.allows(user, rule):
            # A page of another role says so, in the person's language, with a way home; objects
            # outside one's units stay 404 (the policy registry), so no record reveals itself.
            raise PermissionDenied
        return None

    def _idle_too_long(self, request: HttpRequest) -> bool:
        now = int(timezone.now().timestamp())
        seen = request.session.get(SEEN_KEY)
        if isinstance(seen, int) and now - seen > settings.SHILIU_STAFF_IDLE_MINUTES * 60:
            return True
        if not isinstance(seen, int) or now - seen >= 60:  # one session write a minute at most
            mark_active(request)
        return False

    def _sign_out_idle(self, request: HttpRequest) -> HttpResponse:
        request.signout_reason = "idle"  # type: ignore[attr-defined]
        logout(request)
        messages.warning(
            request,
            _(
                "You were signed out after %(minutes)d minutes without activity. "
                "Please sign in again."
            )
            % {"minutes": settings.SHILIU_STAFF_IDLE_MINUTES},
        )
        login_url = f"{reverse('people:login')}?{urlencode({'next': request.get_full_path()})}"
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login_url
            return response
        return HttpResponseRedirect(login_url)


class RememberLanguageMiddleware:
    """Stores a language chosen during the request in the cookie, and follows it in redirects."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.urls import translate_url

        from shiliu.core.languages import REMEMBER_ATTRIBUTE

        response = self.get_response(request)
        code = getattr(request, REMEMBER_ATTRIBUTE, None)
        if code:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, code,
                max_age=settings.LANGUAGE_COOKIE_AGE, path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN, secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
            )
            if response.status_code in (301, 302, 303) and response.has_header("Location"):
                response["Location"] = translate_url(response["Location"], code)
        return response


class DomainErrorMiddleware:
    """A domain error that reaches no handler becomes a page in the reader's language with the
    status of the one map (`core.errors.status_for`), never a 500. The APIs answer in their own
    formats (api.errors, Open311's decorator) before it comes to this."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, errors.DomainError):
            return None
        response = render(request, "core/refused.html", {"message": exception.message},
                          status=errors.status_for(exception))
        if isinstance(exception, errors.TooMany):
            response["Retry-After"] = str(exception.retry_after)
        return response
