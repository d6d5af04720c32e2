"""Applies a language chosen during the request (see core.languages.remember)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import translate_url

from shiliu.core.languages import REMEMBER_ATTRIBUTE


class RememberLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
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
