"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the request spine.

Status: our states collapse to the spec's two (STATUS_MAP). Reads need no key; without one (or
with a key lacking requests.read) they show what is safe to publish: no description, address or
photo, a location rounded to about 100 m, and status notes without their text. A key with
requests.read sees its unit's requests in full, and any key the requests it posted: the
description as stored, the exact location and address, and as media_url a signed link to the
first photo that expires (SHILIU_SHARED_PHOTO_SECONDS); each such read is audited. Contact data
never leaves, not even masked.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db.models import Max, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from shiliu.api import questions
from shiliu.api.auth import Caller, client_address
from shiliu.api.models import CategoryQuestion, Scope
from shiliu.api.open311.render import error_response, respond, w3c
from shiliu.api.services import api_key_authenticate, body_hash, idempotent_create
from shiliu.audit.models import AuditAction
from shiliu.audit.services import audit_record
from shiliu.core import dates, limits, permissions
from shiliu.core.errors import DomainError, status_for
from shiliu.core.limits import PayloadTooLarge, RateLimited
from shiliu.org.models import OrgUnit
from shiliu.privacy.services import consents_vouched_by_client
from shiliu.service_requests import selectors, services
from shiliu.service_requests.forms import category_queryset
from shiliu.service_requests.models import Category, Channel, RequestEvent, ServiceRequest
from shiliu.service_requests.workflow import Status

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"

# Our states → the spec's open/closed. A request counts as closed once it is answered (resolved,
# even before the resident's rating), refused (not accepted) or merged into another.
STATUS_MAP: dict[str, str] = {
    Status.SUBMITTED: "open",
    Status.ACCEPTED: "open",
    Status.DISPATCHED: "open",
    Status.IN_PROGRESS: "open",
    Status.RETURNED: "open",
    Status.TRANSFERRED: "open",
    Status.ESCALATED: "open",
    Status.RESOLVED: "closed",
    Status.CLOSED: "closed",
    Status.NOT_ACCEPTED: "closed",
    Status.MERGED: "closed",
}
# The events whose note explains a closed request.
CLOSING_ACTIONS = ("resolve", "decline", "merge", "close")
MAX_SPAN = timedelta(days=90)
MAX_RESULTS = 1000
MAX_IDS = 200
MAX_DESCRIPTION = 4000


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def open311_view(
    *methods: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Only `methods`; every refusal in the spec's error format with its HTTP status."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                response = error_response(
                    request,
                    405,
                    _("Use %(methods)s at this address.") % {"methods": " or ".join(methods)},
                )
                response["Allow"] = ", ".join(methods)
                return response
            try:
                return view(request, *args, **kwargs)
            except Open311Error as error:
                return error_response(request, error.status, error.description)
            except DomainError as error:
                return error_response(request, open311_status(error), error.message)
            except Http404:
                return error_response(request, 404, _("Nothing was found at this address."))
            except RateLimited as error:
                return error_response(
                    request, 429, error.message, headers={"Retry-After": str(error.retry_after)}
                )
            except (RequestDataTooBig, TooManyFieldsSent):
                too_large = PayloadTooLarge(int(settings.SHILIU_API_MAX_UPLOAD_BYTES))
                return error_response(request, 413, too_large.message)

        return wrapped

    return decorate


def open311_status(error: DomainError) -> int:
    """The one map (`core.errors.status_for`) in the spec's codes: 403 for a refused key, 404 for
    nothing there, 422 for an Idempotency-Key reused with another body, 503 when the city is not
    set up for intake; 400 for anything else the caller sent."""
    status = status_for(error)
    return status if status in {403, 404, 422, 503} else 400


# --- Callers, jurisdiction, services -------------------------------------------------------------


def _caller(request: HttpRequest, params: QueryDict, *, required: bool) -> Caller | None:
    raw_key = (params.get("api_key") or "").strip()
    if not raw_key:
        if required:
            raise Open311Error(403, _("An api_key is required to post a service request."))
        limits.check(
            bucket="anonymous", identity=Caller(user=None, address=client_address(request)).identity
        )
        return None
    api_key = api_key_authenticate(raw_key)
    if api_key is None:
        raise Open311Error(403, _("The api_key is not valid or has been revoked."))
    caller = Caller(user=api_key.user, api_key=api_key, address=client_address(request))
    limits.check(bucket="keyed", identity=caller.identity)
    return caller


def _check_jurisdiction(params: QueryDict) -> None:
    """One jurisdiction: an empty or absent id is fine, so is ours; any other is not found."""
    given = (params.get("jurisdiction_id") or "").strip()
    if not given:
        return
    ours = {settings.SHILIU_OPEN311_JURISDICTION_ID} - {""}
    ours |= set(OrgUnit.objects.filter(parent__isnull=True).values_list("code", flat=True))
    if given not in ours:
        raise Open311Error(
            404, _("The jurisdiction_id “%(id)s” is not served here.") % {"id": given[:64]}
        )


def _services() -> QuerySet[Category]:
    return category_queryset()  # type: ignore[no-any-return]


def _service(code: str) -> Category:
    category = selectors.intake_category(code)
    if category is None:
        raise Open311Error(
            404, _("The service_code “%(code)s” was not found.") % {"code": code[:64]}
        )
    return category


def _limit_text(category: Category, stage: str) -> str:
    amount, unit = category.limit(stage)
    return _("%(amount)d %(unit)s") % {
        "amount": amount,
        "unit": _("working days") if unit == "working_days" else _("hours"),
    }


def service_notice(category: Category) -> str:
    """The category's standard promise, from its time limits."""
    return _("We accept it within %(accept)s and answer within %(resolve)s.") % {
        "accept": _limit_text(category, "accept"),
        "resolve": _limit_text(category, "resolve"),
    }


def service_out(category: Category, has_questions: bool) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": service_notice(category),
        "metadata": has_questions,
        "type": "realtime",
        "keywords": ", ".join(category.keywords.split()),
        "group": category.parent.name if category.parent else "",
    }


DATATYPE_DESCRIPTIONS: dict[str, str] = {
    CategoryQuestion.Datatype.NUMBER: "A number, e.g. 3 or 2.5.",
    CategoryQuestion.Datatype.DATETIME: (
        "ISO 8601 with the time zone, e.g. 2026-03-04T10:00:00+08:00."
    ),
}


def attribute_out(question: CategoryQuestion, order: int) -> dict[str, Any]:
    return {
        "variable": True,
        "code": question.code,
        "datatype": question.datatype,
        "required": question.required,
        "datatype_description": DATATYPE_DESCRIPTIONS.get(question.datatype, ""),
        "order": order,
        "description": question.question,
        "values": [{"key": key, "name": name} for key, name in question.values()],
    }


# --- Discovery and services ----------------------------------------------------------------------


def changeset() -> str:
    latest = [
        Category.objects.aggregate(at=Max("updated_at"))["at"],
        CategoryQuestion.objects.aggregate(at=Max("updated_at"))["at"],
    ]
    moments = [m for m in latest if m is not None]
    return w3c(max(moments)) if moments else "1970-01-01T08:00:00+08:00"


@open311_view("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    _caller(request, request.GET, required=False)
    stamp = changeset()
    endpoint = {
        "specification": SPECIFICATION,
        "url": request.build_absolute_uri("/open311/v2"),
        "changeset": stamp,
        "type": "production",
        "formats": ["text/xml", "application/json"],
    }
    body = {
        "changeset": stamp,
        "contact": settings.SHILIU_OPEN311_CONTACT,
        "key_service": settings.SHILIU_OPEN311_KEY_SERVICE,
        "endpoints": [endpoint],
    }
    return respond(fmt, "discovery", body)


@open311_view("GET")
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    _check_jurisdiction(request.GET)
    _caller(request, request.GET, required=False)
    categories = list(_services())
    asked = questions.questions_by_category(categories)
    body = [service_out(c, bool(asked[c.pk])) for c in categories]
    return respond(fmt, "services", body)


@open311_view("GET")
def service_definition(request: HttpRequest, fmt: str, service_code: str) -> HttpResponse:
    _check_jurisdiction(request.GET)
    _caller(request, request.GET, required=False)
    category = _service(service_code)
    attributes = [
        attribute_out(q, n) for n, q in enumerate(questions.questions_for(category), start=1)
    ]
    return respond(
        fmt, "service_definition", {"service_code": category.code, "attributes": attributes}
    )


# --- Requests ------------------------------------------------------------------------------------


@open311_view("GET", "POST")
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _post_request(request, fmt)
    return _get_requests(request, fmt)


def _float(params: QueryDict, name: str, low: float, high: float) -> float | None:
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not low <= value <= high:
        raise Open311Error(
            400,
            _("%(name)s must be a number from %(low)s to %(high)s.")
            % {"name": name, "low": low, "high": high},
        )
    return value


def _attributes(params: QueryDict) -> dict[str, list[str]]:
    """attribute[CODE]=v and attribute[CODE][]=v1&attribute[CODE][]=v2."""
    answers: dict[str, list[str]] = {}
    for name in params:
        if not name.startswith("attribute[") or "]" not in name:
            continue
        code = name[len("attribute[") : name.index("]")]
        answers.setdefault(code, []).extend(v for v in params.getlist(name) if v.strip())
    return answers


def _media_url(params: QueryDict) -> str:
    url = (params.get("media_url") or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc or len(url) > 500:
        raise Open311Error(
            400, _("media_url must be an http or https address of at most 500 characters.")
        )
    return url


def _language() -> str:
    active = (get_language() or settings.LANGUAGE_CODE).lower()
    return active if active in dict(settings.RESIDENT_LANGUAGES) else settings.LANGUAGE_CODE


def _digest(params: QueryDict, photo_digest: str) -> str:
    pairs = sorted((k, v) for k in params if k != "api_key" for v in params.getlist(k))
    return body_hash({"params": pairs, "media": photo_digest})


def _post_request(request: HttpRequest, fmt: str) -> HttpResponse:
    params = request.POST
    if any("\x00" in value for name in params for value in [name, *params.getlist(name)]):
        raise Open311Error(400, _("Null characters are not allowed."))
    caller = _caller(request, params, required=True)
    assert caller is not None and caller.api_key is not None
    if not caller.may(Scope.REQUESTS_CREATE):
        raise Open311Error(403, _("This api_key may not post service requests."))
    limits.check(bucket="keyed_intake", identity=caller.identity)
    _check_jurisdiction(params)
    code = (params.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, _("service_code was not provided."))
    category = _service(code)
    latitude, longitude = _float(params, "lat", -90, 90), _float(params, "long", -180, 180)
    if (latitude is None) != (longitude is None):
        raise Open311Error(400, _("Give both lat and long, or neither."))
    address = (params.get("address_string") or "").strip()
    if len(address) > 200:
        raise Open311Error(400, _("address_string may be at most 200 characters long."))
    address_id = (params.get("address_id") or "").strip()
    if latitude is None and not address and not address_id:
        raise Open311Error(
            400, _("A location is required: lat and long, address_string or address_id.")
        )
    description = (params.get("description") or "").strip()
    if len(description) > MAX_DESCRIPTION:
        raise Open311Error(400, _("description may be at most 4,000 characters long."))
    description = questions.answered_description(
        category, description or str(category), _attributes(params)
    )
    media_url = _media_url(params)
    if media_url:
        description += "\n" + _("Photo: %(url)s") % {"url": media_url}
    name = " ".join(
        p
        for p in ((params.get("first_name") or "").strip(), (params.get("last_name") or "").strip())
        if p
    )
    phone = (params.get("phone") or "").strip()
    email = (params.get("email") or "").strip()
    photos = []
    upload = request.FILES.get("media")
    if upload is not None:
        upload.seek(0)
        photo_digest = hashlib.sha256(upload.read()).hexdigest()
        photos = [services.photo_check(upload)]
    else:
        photo_digest = ""

    def create() -> ServiceRequest:
        return services.service_request_submit(
            actor=caller.user,
            channel=Channel.OPEN311,
            category=category,
            description=description,
            address=address,
            latitude=latitude,
            longitude=longitude,
            place_code=address_id,
            language=_language(),
            contact_name=name[:60],
            contact_phone=phone,
            contact_email=email,
            photos=photos,
            consents=consents_vouched_by_client(contact_given=bool(name or phone or email)),
        )

    digest = _digest(params, photo_digest)
    key = (request.headers.get("Idempotency-Key") or "").strip()[:200] or f"body:{digest}"
    created, _replayed = idempotent_create(
        client=caller.identity, key=key, digest=digest, create=create
    )
    body = [
        {
            "service_request_id": created.reference,
            "service_notice": service_notice(category),
            "account_id": None,
        }
    ]
    return respond(fmt, "service_requests", body)


def _moment(params: QueryDict, name: str) -> datetime | None:
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise Open311Error(
            400,
            _("%(name)s must be a W3C date and time such as 2026-03-04T10:00:00+08:00.")
            % {"name": name},
        ) from None
    if not dates.in_range(moment):
        raise Open311Error(
            400,
            _("%(name)s must fall in the years %(first)d to %(last)d.")
            % {"name": name, "first": dates.EARLIEST.year, "last": dates.LATEST.year},
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _split(params: QueryDict, name: str) -> list[str]:
    return [part.strip() for part in (params.get(name) or "").split(",") if part.strip()]


def _int(params: QueryDict, name: str, default: int, high: int) -> int:
    raw = (params.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= high:
        raise Open311Error(
            400,
            _("%(name)s must be a whole number from 1 to %(high)d.") % {"name": name, "high": high},
        )
    return int(raw)


def _readable(caller: Caller | None) -> QuerySet[ServiceRequest]:
    """Every request for the public view; the key's unit and below for a key that may read."""
    base = ServiceRequest.objects.select_related(
        "category", "category__parent", "assigned_unit", "jurisdiction"
    )
    if caller is not None and caller.may(Scope.REQUESTS_READ):
        return permissions.visible_to(caller.user, ServiceRequest, base)
    return base


def _shown_in_full(caller: Caller | None, chosen: list[ServiceRequest]) -> set[int]:
    """The requests `caller` sees in full: with requests.read, all it may read (its unit's, as
    `_readable` chose them); with any key, those it posted itself (its service account is the
    submit event's actor). Nobody else's key and no anonymous reader see what residents wrote."""
    if caller is None or caller.user is None or not chosen:
        return set()
    if caller.may(Scope.REQUESTS_READ):
        return {sr.pk for sr in chosen}
    posted = RequestEvent.objects.filter(
        request__in=chosen, action="submit", actor=caller.user
    ).values_list("request_id", flat=True)
    return set(posted)


def _respond_requests(
    request: HttpRequest, fmt: str, caller: Caller | None, chosen: list[ServiceRequest]
) -> HttpResponse:
    full = _shown_in_full(caller, chosen)
    if full:
        assert caller is not None
        audit_record(
            actor=caller.user,
            action=AuditAction.READ,
            target_type="service_requests.servicerequest",
            request=request,
            detail={
                "channel": "open311",
                "fields": ["address", "description", "location"],
                "requests": [sr.reference for sr in chosen if sr.pk in full],
            },
        )
    return respond(fmt, "service_requests", _requests_out(request, chosen, full=full))


def _get_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    params = request.GET
    _check_jurisdiction(params)
    caller = _caller(request, params, required=False)
    queryset = _readable(caller)
    ids = _split(params, "service_request_id")
    page = _int(params, "page", 1, 100_000)
    page_size = _int(params, "page_size", MAX_RESULTS, MAX_RESULTS)
    if ids:
        if len(ids) > MAX_IDS:
            raise Open311Error(
                400,
                _("Ask for at most %(count)d service_request_id values at once.")
                % {"count": MAX_IDS},
            )
        queryset = queryset.filter(reference__in=ids)
    else:
        start, end = _moment(params, "start_date"), _moment(params, "end_date")
        if start and end and end < start:
            raise Open311Error(400, _("end_date must not come before start_date."))
        if start and end and end - start > MAX_SPAN:
            raise Open311Error(400, _("start_date and end_date may be at most 90 days apart."))
        if end is None:
            end = min(start + MAX_SPAN, timezone.now()) if start else timezone.now()
            end = max(end, start) if start else end
        start = start or end - MAX_SPAN
        queryset = queryset.filter(submitted_at__gte=start, submitted_at__lte=end)
        codes = _split(params, "service_code")
        if codes:
            queryset = queryset.filter(category__code__in=codes)
        wanted = set(_split(params, "status"))
        if wanted - {"open", "closed"}:
            raise Open311Error(400, _("status must be open, closed, or both separated by a comma."))
        if wanted and wanted != {"open", "closed"}:
            statuses = [s for s, spec in STATUS_MAP.items() if spec in wanted]
            queryset = queryset.filter(status__in=statuses)
    chosen = list(
        queryset.order_by("-submitted_at", "-pk")[(page - 1) * page_size : page * page_size]
    )
    return _respond_requests(request, fmt, caller, chosen)


@open311_view("GET")
def request_detail(request: HttpRequest, fmt: str, service_request_id: str) -> HttpResponse:
    _check_jurisdiction(request.GET)
    caller = _caller(request, request.GET, required=False)
    found = list(_readable(caller).filter(reference=service_request_id[:20]))
    if not found:
        raise Open311Error(
            404, _("No service request has the id “%(id)s”.") % {"id": service_request_id[:20]}
        )
    return _respond_requests(request, fmt, caller, found)


@open311_view("GET")
def token(request: HttpRequest, fmt: str, token: str) -> HttpResponse:
    """Our requests get their id at once (type realtime); a resident's private tracking token
    also answers here with its request's id."""
    _check_jurisdiction(request.GET)
    _caller(request, request.GET, required=False)
    found = selectors.request_by_token(token=token[:64])
    return respond(
        fmt, "service_requests", [{"service_request_id": found.reference, "token": token}]
    )


@csrf_exempt
def not_found(request: HttpRequest) -> HttpResponse:
    return error_response(
        request,
        404,
        _(
            "Nothing was found at this address. Open311 addresses end "
            "in .json or .xml, e.g. /open311/v2/services.json."
        ),
    )


# --- One request in the spec's fields ------------------------------------------------------------


def _notes(request: ServiceRequest, events: list[RequestEvent], full: bool) -> str | None:
    changes = [e for e in events if e.is_public and e.from_status != e.to_status]
    if STATUS_MAP[request.status] == "closed":
        closing = [e for e in changes if e.action in CLOSING_ACTIONS]
        changes = closing or changes
    if not changes:
        return None
    event = changes[-1]
    # Only what the resident may read: the event in words, and a note meant for them.
    if full and event.public_note:
        return f"{event.describe()}: {event.public_note}"
    return event.describe()


def _updated(request: ServiceRequest) -> datetime:
    if STATUS_MAP[request.status] == "closed":
        return request.closed_at or request.resolved_at or request.updated_at
    return request.updated_at


def _requests_out(
    http: HttpRequest, chosen: list[ServiceRequest], *, full: set[int]
) -> list[dict[str, Any]]:
    """The spec's fields; the requests in `full` with what the resident wrote, exactly (the
    caller's own or its unit's), the others redacted for the public."""
    events: dict[int, list[RequestEvent]] = {}
    for event in RequestEvent.objects.filter(request__in=chosen, is_public=True).select_related(
        "unit"  # the status notes name it, in the caller's language
    ).order_by("created_at", "id"):
        events.setdefault(event.request_id, []).append(event)
    photos: dict[int, str] = {}
    if full:
        from shiliu.service_requests.models import Attachment

        shown = [sr for sr in chosen if sr.pk in full]
        reported = Attachment.objects.filter(request__in=shown, kind=Attachment.Kind.REQUEST)
        for attachment in reported.order_by("created_at", "pk"):
            photos.setdefault(
                attachment.request_id,
                http.build_absolute_uri(selectors.attachment_shared_path(attachment)),
            )
    out = []
    for sr in chosen:
        exact = sr.pk in full
        lat, lng = sr.latitude, sr.longitude
        if not exact and lat is not None and lng is not None:
            lat, lng = round(lat, 3), round(lng, 3)
        out.append(
            {
                "service_request_id": sr.reference,
                "status": STATUS_MAP[sr.status],
                "status_notes": _notes(sr, events.get(sr.pk, []), exact),
                "service_name": sr.category.name,
                "service_code": sr.category.code,
                "description": sr.description if exact else None,
                "agency_responsible": sr.assigned_unit.name if sr.assigned_unit else None,
                "service_notice": service_notice(sr.category),
                "requested_datetime": sr.submitted_at,
                "updated_datetime": _updated(sr),
                "expected_datetime": sr.resolve_by
                or (sr.due_at if STATUS_MAP[sr.status] == "open" else None),
                "address": (sr.address or None) if exact else None,
                "address_id": sr.jurisdiction.code,
                "zipcode": None,
                "lat": lat,
                "long": lng,
                "media_url": photos.get(sr.pk) if exact else None,
            }
        )
    return out
