"""The interface languages, read from settings.LANGUAGES, and how a choice is remembered.

A visitor's choice lives in the language cookie (Django's `set_language`); a signed-in user's
choice is also saved as `User.preferred_language`, and signing in on a device that has no cookie
yet brings that preference back. Accept-Language decides only a first visit (LocaleMiddleware).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation

REMEMBER_ATTRIBUTE = "_shiliu_remember_language"


def language_codes() -> list[str]:
    """The interface languages, default first as settings list them."""
    return [code for code, _name in settings.LANGUAGES]


def resident_language_choices() -> list[tuple[str, Any]]:
    """The languages a resident may prefer (settings.RESIDENT_LANGUAGES), read when needed.

    Model fields take this callable rather than the list, so their migrations name the function
    and adding a language to settings needs no migration."""
    return list(settings.RESIDENT_LANGUAGES)


def is_interface_language(code: str | None) -> bool:
    return bool(code) and code in language_codes()


def in_language(url: str, code: str) -> str:
    """`url` (a path of this site, with or without a language prefix) in language `code`.

    The URL is read in the language of its own prefix, whatever language is active, so an explicit
    choice always wins over the browser's Accept-Language and over an earlier cookie."""
    prefix = translation.get_language_from_path(urlsplit(url).path)
    with translation.override(prefix or translation.get_language()):
        return translate_url(url, code)


def remember(request: HttpRequest, code: str) -> None:
    """Ask RememberLanguageMiddleware to set the language cookie on this response."""
    setattr(request, REMEMBER_ATTRIBUTE, code)


def on_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Signing in on a device with no language choice yet restores the user's preference."""
    if request is None or settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return
    preferred = getattr(user, "preferred_language", "")
    if is_interface_language(preferred):
        remember(request, preferred)
