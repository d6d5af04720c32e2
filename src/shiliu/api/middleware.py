"""Request limits for the APIs, before any view runs: a body larger than the limit is refused with
413 before it is read, and an address holding a NUL character (which no database column can
store) with 400, in the format the caller asked for."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from shiliu.core.limits import PayloadTooLarge

REST_PREFIX = "/api/"
OPEN311_PREFIX = "/open311/"


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
        return self.get_response(request)


def bad_input(request: HttpRequest, message: str) -> HttpResponse:
    if request.path_info.startswith(OPEN311_PREFIX):
        from shiliu.api.open311.render import error_response

        return error_response(request, 400, message)
    return JsonResponse({"code": "invalid_input", "message": message}, status=400)


def too_large(request: HttpRequest, error: PayloadTooLarge) -> HttpResponse:
    if request.path_info.startswith(OPEN311_PREFIX):
        from shiliu.api.open311.render import error_response

        return error_response(request, 413, error.message)
    response = JsonResponse({"code": "too_large", "message": error.message}, status=413)
    response["Connection"] = "close"
    return response
