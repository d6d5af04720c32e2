"""Domain errors and bad input turned into status codes and messages in the caller's language
(Accept-Language, through Django's LocaleMiddleware). Nothing a caller sends becomes a 500.
Domain errors take their status from the one map, `core.errors.status_for`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from shiliu.core import dates
from shiliu.core import errors as domain
from shiliu.core.errors import status_for
from shiliu.core.limits import PayloadTooLarge, RateLimited

__all__ = ["install", "problem", "status_for"]


def field_message(error: dict[str, Any]) -> str:
    """A readable message for one pydantic error. The sentences are Django's own validation
    messages, so they are already translated in every language Django ships."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in {"string_too_long", "too_long"}:
        limit = int(ctx.get("max_length", 0))
        return ngettext(
            "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
            limit,
        ) % {"limit_value": limit, "show_value": int(ctx.get("actual_length") or limit + 1)}
    if kind in {"string_too_short", "too_short"}:
        limit = int(ctx.get("min_length", 0))
        return ngettext(
            "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
            limit,
        ) % {"limit_value": limit, "show_value": int(ctx.get("actual_length") or 0)}
    if kind in {"less_than_equal", "greater_than_equal"} and any(
        str(ctx.get(bound)) in {dates.EARLIEST.isoformat(), dates.LATEST.isoformat()}
        for bound in ("le", "ge")
    ):
        return dates.out_of_range_message()
    if kind in {"less_than_equal", "less_than"}:
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("le", ctx.get("lt"))
        }
    if kind in {"greater_than_equal", "greater_than"}:
        return _("Ensure this value is greater than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("ge", ctx.get("gt"))
        }
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("Enter a whole number.")
    if kind in {"float_parsing", "float_type", "finite_number"}:
        return _("Enter a number.")
    if kind in {
        "datetime_parsing",
        "datetime_type",
        "datetime_from_date_parsing",
        "timezone_aware",
    }:
        return _("Enter a valid date/time.")
    if kind in {"date_parsing", "date_type", "date_from_datetime_parsing"}:
        return _("Enter a valid date.")
    if kind in {"enum", "literal_error"}:
        return _("Select a valid choice. %(value)s is not one of the available choices.") % {
            "value": error.get("input", "?")
        }
    if kind in {"string_pattern_mismatch"}:
        return _("Enter a valid value.")
    if kind in {"dict_type", "model_type", "model_attributes_type", "list_type"}:
        return _("Enter a valid value.")
    if kind == "value_error" and "unstorable text" in str(error.get("msg", "")):
        return _("Null characters are not allowed.")
    if kind == "value_error" and "request_handling consent required" in str(error.get("msg", "")):
        return _(
            "Please agree to the notice on how your information is used to handle the request."
        )
    if kind == "extra_forbidden":
        return _("This field is not expected here.")
    return _("Enter a valid value.")


def field_name(error: dict[str, Any]) -> str:
    """“body.description” → “description”; the source (body, query, path) is kept when the
    field is not in the body."""
    loc = [str(part) for part in error.get("loc", ())]
    if loc and loc[0] in {"body", "query", "path", "header"}:
        source, rest = loc[0], loc[1:]
        if source == "body" and rest and rest[0] == "payload":
            rest = rest[1:]
        return ".".join(rest) or source
    return ".".join(loc)


def problem(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if errors:
        body["errors"] = errors
    response = api.create_response(request, body, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def install(api: NinjaAPI) -> None:
    """Register the handlers on the REST API."""

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [{"field": field_name(e), "message": field_message(e)} for e in exc.errors]
        return problem(
            api, request, 400, "invalid_input", _("Please correct the errors below."), errors
        )

    @api.exception_handler(domain.DomainError)
    def refused(request: HttpRequest, exc: domain.DomainError) -> HttpResponse:
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, domain.TooMany) else None
        return problem(api, request, status_for(exc), exc.code, exc.message, headers=headers)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = (
            exc.message
            if exc.message != "Unauthorized"
            else _("Sign in, or send an API key in the X-API-Key header.")
        )
        code = "forbidden" if exc.status_code == 403 else "unauthenticated"
        return problem(api, request, exc.status_code, code, str(message))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:
            message = _("The request body could not be read: send JSON encoded as UTF-8.")
            return problem(api, request, 400, "invalid_body", message)
        return problem(api, request, exc.status_code, "error", str(exc.message))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem(api, request, 404, "not_found", _("Nothing was found at this address."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return problem(api, request, 403, "forbidden", str(exc) or _("You may not do this."))

    @api.exception_handler(RateLimited)
    def too_many(request: HttpRequest, exc: RateLimited) -> HttpResponse:
        return problem(
            api,
            request,
            429,
            "rate_limited",
            exc.message,
            headers={"Retry-After": str(exc.retry_after)},
        )

    @api.exception_handler(PayloadTooLarge)
    def too_large(request: HttpRequest, exc: PayloadTooLarge) -> HttpResponse:
        return problem(api, request, 413, "too_large", exc.message)
