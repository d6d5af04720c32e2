"""Request limits for the APIs, before any view runs: a body larger than the limit is refused with
413 before it is read; an address holding a NUL character (which no database column can store),
and an address, form or JSON body that is not valid UTF-8 (which Django would otherwise store as
U+FFFD, losing what was sent), with 400; each in the format the caller asked for."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote, unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from shiliu.core.limits import PayloadTooLarge

REST_PREFIX = "/api/"
OPEN311_PREFIX = "/open311/"


def header_language(request: HttpRequest) -> str | None:
    """The first language of Accept-Language that the site speaks (a variant such as ug-CN
    counts as ug), or None."""
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None


class ApiLanguageMiddleware:
    """The APIs have no language prefix, and LocaleMiddleware lets the website's language
    cookie outvote Accept-Language; an API client's header is what it asks for, so on /api/ and
    /open311/ the header decides (the cookie only when there is no usable header)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith((REST_PREFIX, OPEN311_PREFIX)):
            code = header_language(request)
            if code:
                translation.activate(code)
                request.LANGUAGE_CODE = code
        return self.get_response(request)


def body_limit(request: HttpRequest) -> int:
    """Multipart posts may carry one photo; everything else is small."""
    if request.content_type == "multipart/form-data":
        return int(settings.SHILIU_API_MAX_UPLOAD_BYTES)
    return int(settings.SHILIU_API_MAX_BODY_BYTES)


class BodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path.startswith((REST_PREFIX, OPEN311_PREFIX)):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            limit = body_limit(request)
            if length > limit:
                return too_large(request, PayloadTooLarge(limit))
            if "\x00" in path or "\x00" in unquote(request.META.get("QUERY_STRING", "")):
                return bad_input(request, _("Null characters are not allowed."))
            if not is_utf8(request):
                return bad_input(
                    request, _("The request is not valid UTF-8 text: send it encoded as UTF-8.")
                )
        return self.get_response(request)


TEXT_BODIES = ("application/x-www-form-urlencoded", "application/json")


def _decodes(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def is_utf8(request: HttpRequest) -> bool:
    """The query string and a form or JSON body, percent-decoded, are valid UTF-8. (The body is
    already known to be within the limit; Django parses the form from the same bytes later.)"""
    query = request.META.get("QUERY_STRING", "").encode("iso-8859-1", errors="replace")
    if not _decodes(unquote_to_bytes(query.replace(b"+", b" "))):
        return False
    charset = (request.content_params or {}).get("charset", "utf-8").lower().replace("_", "-")
    if request.content_type not in TEXT_BODIES or charset not in {"utf-8", "utf8"}:
        return True  # a body in another declared charset is decoded with that charset
    body = request.body
    if request.content_type == "application/x-www-form-urlencoded":
        body = unquote_to_bytes(body.replace(b"+", b" "))
    return _decodes(body)


def bad_input(request: HttpRequest, message: str) -> HttpResponse:
    if request.path_info.startswith(OPEN311_PREFIX):
        from shiliu.api.open311.render import error_response

        return error_response(request, 400, message)
    return JsonResponse({"code": "invalid_input", "message": message}, status=400)


def too_large(request: HttpRequest, error: PayloadTooLarge) -> HttpResponse:
    if request.path_info.startswith(OPEN311_PREFIX):
        from shiliu.api.open311.render import error_response

        return error_response(request, 413, error.message)
    # No "Connection: close": WSGI forbids hop-by-hop headers (servers answer 500 instead); the
    # server itself closes a connection whose body was left unread.
    return JsonResponse({"code": "too_large", "message": error.message}, status=413)
