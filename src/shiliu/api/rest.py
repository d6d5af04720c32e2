"""The REST API (django-ninja), mounted at /api/: version 1 under /api/v1/, its OpenAPI document
at /api/openapi.json and interactive docs at /api/docs.

Each operation turns HTTP into one call of a selector, a service or a workflow function; domain
errors become status codes in errors.py. Workflow actions bind the same forms as the workbench, so
both channels validate and perform a verb the same way.
"""

from collections.abc import Callable
from datetime import timedelta
from typing import Annotated, Any, Literal

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Router, Schema
from ninja.errors import ValidationError, ValidationErrorContext
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from ninja.responses import Status as Respond
from ninja.utils import check_csrf
from pydantic import ConfigDict, Field, WithJsonSchema

from shiliu.api import errors, questions
from shiliu.api.auth import ANYONE, SIGNED_IN, Caller, anonymous
from shiliu.api.models import Scope
from shiliu.api.presenters import (
    category_out,
    declaration_detail_out,
    declaration_out,
    figures_out,
    knowledge_out,
    org_unit_out,
    request_detail_out,
    request_out,
    service_point_out,
    track_out,
)
from shiliu.api.residents import router as residents_router
from shiliu.api.schemas import (
    AcceptIn,
    AcceptTransferIn,
    ApproveExtensionIn,
    CategoryOut,
    CloseIn,
    DeclarationConfirmIn,
    DeclarationCreatedOut,
    DeclarationCreateIn,
    DeclarationDetailOut,
    DeclarationPageOut,
    DeclarationReturnIn,
    DeclarationStatusCode,
    DeclineIn,
    DispatchIn,
    ErrorOut,
    ExtensionIn,
    FigureDay,
    FiguresOut,
    HotIssuePageOut,
    KnowledgeArticleOut,
    KnowledgePageOut,
    MergeIn,
    OrgUnitPageOut,
    RatingIn,
    RefuseExtensionIn,
    RefuseTransferIn,
    RemindIn,
    RequestCreatedOut,
    RequestCreateIn,
    RequestDetailOut,
    RequestPageOut,
    ResolveIn,
    ReturnIn,
    ServicePointPageOut,
    SignIn,
    StaffRatingIn,
    SuggestionIn,
    SuggestionOut,
    SuperviseIn,
    TrackOut,
    TransferIn,
    document_storable_text,
)
from shiliu.api.services import body_hash, idempotent_create
from shiliu.core import access, dates, limits
from shiliu.core.pagination import BadCursor, keyset_cursor, keyset_page
from shiliu.knowledge import selectors as knowledge_selectors
from shiliu.knowledge.models import Article
from shiliu.org.models import OrgUnit, ServicePoint
from shiliu.reports import figures as report_figures
from shiliu.residence import selectors as residence_selectors
from shiliu.residence import services as residence_services
from shiliu.residence.models import Declaration
from shiliu.service_requests import selectors, services, workflow
from shiliu.service_requests.forms import ACTION_FORMS, RatingForm
from shiliu.service_requests.models import Category, Channel, ServiceRequest


class ShiliuOpenAPISchema(OpenAPISchema):
    def operation_security(self, operation: Operation) -> list[dict[str, Any]] | None:
        """An operation anyone may call also lists the empty requirement: credentials are
        optional there (but checked when sent)."""
        security = super().operation_security(operation) or []
        if anonymous in operation.auth_callbacks:
            security.append({})
        return security or None


class ShiliuNinjaAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return ShiliuOpenAPISchema(self, path_prefix)

    def validation_error_from_error_contexts(
        self, error_contexts: list[ValidationErrorContext[Any]]
    ) -> ValidationError:
        """Keep what a readable message needs (a string's length, the offending choice) before
        ninja drops the input."""
        error = super().validation_error_from_error_contexts(error_contexts)
        raw = [
            e for c in error_contexts for e in c.pydantic_validation_error.errors(include_url=False)
        ]
        for item, original in zip(error.errors, raw, strict=False):
            value = original.get("input")
            ctx = dict(item.get("ctx") or {})
            if isinstance(value, str | list):
                ctx.setdefault("actual_length", len(value))
            item["ctx"] = ctx
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                item["input"] = str(value)[:50]
        return error


api = ShiliuNinjaAPI(
    title="Shiliu REST API",
    version="1",
    description=(
        "Residents' requests, categories, organisation units, service points and figures. "
        "Staff call it with their session (and the CSRF token for changes); other systems with "
        "an API key in the `X-API-Key` header (or `Authorization: Bearer`). Creating a request "
        "needs no account: a resident gets back a private tracking token. Send an "
        "`Idempotency-Key` header to make a creation safe to retry. Errors are "
        "`{code, message, errors?}` with the message in the language of `Accept-Language`."
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    error = limits.PayloadTooLarge(int(settings.SHILIU_API_MAX_BODY_BYTES))
    return errors.problem(api, request, 413, "too_large", error.message)


v1 = Router()

# Every operation: bad input 400, a credential that does not hold 401 (even where none is needed),
# too many calls 429. Bodies over the limit are 413; forbidden (a key's permission, the CSRF token
# of a session) 403.
COMMON_ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 429: ErrorOut}
KEYED_ERRORS: dict[int, type[Schema]] = {**COMMON_ERRORS, 403: ErrorOut}
POST_ERRORS: dict[int, type[Schema]] = {**KEYED_ERRORS, 413: ErrorOut}


def caller_of(request: HttpRequest) -> Caller:
    return request.auth  # type: ignore[attr-defined, no-any-return]


def require(caller: Caller, scope: str) -> None:
    if not caller.may(scope):
        raise workflow.NotAllowed(
            _("This API key does not have the permission “%(scope)s”.") % {"scope": scope}
        )


class PageQuery(Schema):
    model_config = ConfigDict(json_schema_extra=document_storable_text)

    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(50, ge=1, le=200)


def paginate(
    queryset: QuerySet[Any], query: PageQuery, present: Callable[[Any], Any]
) -> dict[str, Any]:
    paginator = Paginator(queryset, query.page_size)
    page = paginator.page(query.page) if query.page <= max(paginator.num_pages, 1) else None
    return {
        "count": paginator.count,
        "page": query.page,
        "page_size": query.page_size,
        "results": [present(item) for item in page.object_list] if page else [],
    }


# --- Reference data: public ----------------------------------------------------------------------


@v1.get(
    "/categories",
    response={200: list[CategoryOut], **COMMON_ERRORS},
    auth=ANYONE,
    tags=["reference"],
    summary="Categories, their time limits and extra questions",
)
def list_categories(request: HttpRequest) -> list[dict[str, Any]]:
    categories = (
        Category.objects.filter(is_active=True)
        .select_related("parent")
        .order_by("parent__position", "parent__code", "position", "code")
    )
    top_first = sorted(categories, key=lambda c: (c.parent_id is not None, c.position, c.code))
    asked = questions.questions_by_category(top_first)
    return [category_out(c, asked[c.pk]) for c in top_first]


def _choices(values: list[str]) -> WithJsonSchema:
    """An enum stated inline: two models' `Kind` enums would share one name in the document."""
    return WithJsonSchema({"type": "string", "enum": values})


UnitKind = Annotated[OrgUnit.Kind, _choices(list(OrgUnit.Kind.values))]
PointKind = Annotated[ServicePoint.Kind, _choices(list(ServicePoint.Kind.values))]


class UnitQuery(PageQuery):
    kind: UnitKind | None = None
    parent: str | None = Field(
        None, max_length=64, description="Only the children of this unit code."
    )


@v1.get(
    "/org-units",
    response={200: OrgUnitPageOut, **COMMON_ERRORS},
    auth=ANYONE,
    tags=["reference"],
    summary="The organisation tree, city to grid, and departments",
)
def list_org_units(request: HttpRequest, query: Query[UnitQuery]) -> dict[str, Any]:
    units = OrgUnit.objects.filter(is_active=True).select_related("parent")
    if query.kind:
        units = units.filter(kind=query.kind)
    if query.parent:
        units = units.filter(parent__code=query.parent)
    return paginate(units.order_by("path"), query, org_unit_out)


class ServicePointQuery(PageQuery):
    kind: PointKind | None = None
    unit: str | None = Field(
        None, max_length=64, description="Points of this unit and the units below it."
    )
    language: str | None = Field(
        None, max_length=16, description="Points where staff speak this language."
    )


@v1.get(
    "/service-points",
    response={200: ServicePointPageOut, **COMMON_ERRORS},
    auth=ANYONE,
    tags=["reference"],
    summary="Service points: stations, 民族之家, legal aid, …",
)
def list_service_points(request: HttpRequest, query: Query[ServicePointQuery]) -> dict[str, Any]:
    points = ServicePoint.objects.select_related("unit")
    if query.kind:
        points = points.filter(kind=query.kind)
    if query.unit:
        unit = OrgUnit.objects.filter(code=query.unit).first()
        points = points.filter(unit__path__startswith=unit.path) if unit else points.none()
    if query.language:
        points = points.filter(languages__icontains=query.language.strip())
    return paginate(points.order_by("unit__path", "name", "pk"), query, service_point_out)


class KnowledgeQuery(PageQuery):
    q: str | None = Field(None, max_length=100, description="Words of the question or answer, in any "
                          "language (Chinese words of any length).")
    category: str | None = Field(None, max_length=64, description="A category's code.")


@v1.get(
    "/knowledge",
    response={200: KnowledgePageOut, **COMMON_ERRORS},
    auth=ANYONE,
    tags=["knowledge"],
    summary="Policy answers in force (知识库), searched, in the caller's language",
)
def list_knowledge(request: HttpRequest, query: Query[KnowledgeQuery]) -> dict[str, Any]:
    category = Category.objects.filter(code=query.category).first() if query.category else None
    if query.category and category is None:
        return paginate(Article.objects.none(), query, lambda a: a)
    found = knowledge_selectors.article_search(query=query.q or "", category=category, limit=1000)
    language = get_language() or settings.LANGUAGE_CODE
    return paginate([f.article for f in found], query, lambda a: knowledge_out(a, language))  # type: ignore[arg-type]


@v1.get(
    "/knowledge/{article_id}",
    response={200: KnowledgeArticleOut, **COMMON_ERRORS, 404: ErrorOut},
    auth=ANYONE,
    tags=["knowledge"],
    summary="One policy answer in force",
)
def get_knowledge(request: HttpRequest, article_id: int) -> dict[str, Any]:
    article = knowledge_selectors.article_get(pk=article_id)
    return knowledge_out(article, get_language() or settings.LANGUAGE_CODE)


# --- Requests ------------------------------------------------------------------------------------


def _create(caller: Caller, payload: RequestCreateIn) -> ServiceRequest:
    """The payload handed to intake as it came: the service checks the phone, e-mail, language
    and place, the same for every channel. A key's service account or a staff session carries
    the request (recorded in its timeline); only a signed-in resident owns it."""
    category = selectors.intake_category(payload.category)
    if category is None:
        raise workflow.InvalidInput(
            _("Choose an active sub-category: “%(code)s” is not one.")
            % {"code": payload.category[:64]}
        )
    description = questions.answered_description(
        category, payload.description.strip(), payload.answers
    )
    return services.service_request_submit(
        actor=caller.user or caller.resident,
        channel=Channel.API,
        category=category,
        description=description,
        request_type=payload.request_type,
        address=payload.address,
        latitude=payload.latitude,
        longitude=payload.longitude,
        place_code=payload.community or "",
        language=payload.language,
        is_anonymous=payload.is_anonymous,
        contact_name=payload.contact_name,
        contact_phone=payload.contact_phone,
        contact_email=payload.contact_email,
        consents=set(payload.consents),
    )


@v1.post(
    "/requests",
    response={201: RequestCreatedOut, 422: ErrorOut, **POST_ERRORS},
    auth=ANYONE,
    tags=["requests"],
    summary="Report a problem (any caller; keys need requests.create)",
)
def create_request(
    request: HttpRequest, response: HttpResponse, payload: RequestCreateIn
) -> Respond[dict[str, Any]]:
    """Creates one request. With an `Idempotency-Key` header (any string up to 255 characters,
    e.g. a UUID), a retry with the same key and body returns the same request, however many
    arrive at once; the same key with a different body is refused with 422."""
    caller = caller_of(request)
    require(caller, Scope.REQUESTS_CREATE)
    limits.check(
        bucket="anonymous_intake" if caller.is_anonymous else "keyed_intake",
        identity=caller.identity,
    )
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > 255:
        raise workflow.InvalidInput(_("The Idempotency-Key may be at most 255 characters long."))
    if key:
        created, replayed = idempotent_create(
            client=caller.identity,
            key=key,
            digest=body_hash(payload.model_dump(mode="json")),
            create=lambda: _create(caller, payload),
        )
    else:
        created, replayed = _create(caller, payload), False
    if replayed:
        response["Idempotent-Replayed"] = "true"
    body = {
        "reference": created.reference,
        "status": created.status,
        "tracking_token": created.tracking_token,
        "tracking_url": created.tracking_url(created.language, request),
        "submitted_at": created.submitted_at,
        "due_at": created.due_at,
    }
    return Respond(201, body)


QueueStatus = Literal[
    "open",
    "submitted",
    "accepted",
    "not_accepted",
    "merged",
    "dispatched",
    "in_progress",
    "returned",
    "resolved",
    "closed",
    "escalated",
    "transferred",
]


class RequestQuery(PageQuery):
    after: str | None = Field(
        None, max_length=400,
        description="The `next` of the previous page: the page after it, found through the "
        "list's index (no offset). Takes the place of `page`.",
    )
    status: QueueStatus | None = Field(None, description="A status, or “open” for every open one.")
    category: str | None = Field(None, max_length=64, description="A top-level category's code.")
    channel: Channel | None = None
    overdue: bool = False
    due_soon: bool = False
    q: str | None = Field(
        None, max_length=100,
        description="Words of the description, reply or place (Chinese words of any length; the best "
        "match first, each with its highlighted excerpt), or a reference.",
    )


@v1.get(
    "/requests",
    response={200: RequestPageOut, **KEYED_ERRORS},
    auth=SIGNED_IN,
    tags=["requests"],
    summary="Requests in the caller's units, filtered and paginated",
)
def list_requests(request: HttpRequest, query: Query[RequestQuery]) -> dict[str, Any]:
    caller = caller_of(request)
    require(caller, Scope.REQUESTS_READ)
    if query.status and query.status != "open" and query.status not in workflow.Status.values:
        raise workflow.InvalidInput(
            _("Choose a status from: %(codes)s.")
            % {"codes": ", ".join(["open", *workflow.Status.values])}
        )
    category_id = None
    if query.category:
        category_id = (
            Category.objects.filter(code=query.category).values_list("pk", flat=True).first() or -1
        )
    filters = selectors.QueueFilters(
        status=query.status or "",
        category=category_id,
        channel=query.channel or "",
        overdue=query.overdue,
        due_soon=query.due_soon,
        query=(query.q or "").strip(),
    )
    now = timezone.now()
    if filters.query:
        # Ranked among the newest matches and counted up to as many (selectors.request_search).
        found = selectors.request_search(user=caller.user, filters=filters,  # type: ignore[arg-type]
                                         offset=(query.page - 1) * query.page_size, size=query.page_size)
        return {"count": found.count, "count_is_exact": found.count_is_exact, "page": query.page,
                "page_size": query.page_size, "next": None,
                "results": [request_out(sr, now, search_query=filters.query) for sr in found]}
    queryset = selectors.request_queue(user=caller.user, filters=filters)  # type: ignore[arg-type]
    # Nearest deadline first, requests without a running clock last on both databases, and a
    # unique tiebreak (the queue's order) so pages never repeat or skip a request. A page is
    # found by keyset (`after`), or by offset for `page`; the count stops at REQUEST_COUNT_LIMIT,
    # so no page costs a COUNT over the whole table. A search (`q`), above, is ranked by
    # relevance instead and paged by offset.
    # Counted along the list's own order, so the count walks the same index as the page.
    ordered = queryset.order_by(*(k.order() for k in selectors.QUEUE_ORDER))
    limited = ordered[: REQUEST_COUNT_LIMIT + 1].count()
    if query.after:
        try:
            page = keyset_page(queryset, selectors.QUEUE_ORDER, cursor=query.after,
                               size=query.page_size)
        except BadCursor:
            raise workflow.InvalidInput(_("This “after” is not one this list gave.")) from None
        rows, next_cursor = page.object_list, page.next_cursor
    else:
        offset = (query.page - 1) * query.page_size
        window = list(ordered[offset: offset + query.page_size + 1])
        rows = window[: query.page_size]
        next_cursor = (keyset_cursor(rows[-1], selectors.QUEUE_ORDER)
                       if len(window) > query.page_size else None)
    return {
        "count": min(limited, REQUEST_COUNT_LIMIT),
        "count_is_exact": limited <= REQUEST_COUNT_LIMIT,
        "page": query.page,
        "page_size": query.page_size,
        "next": next_cursor,
        "results": [request_out(sr, now) for sr in rows],
    }


REQUEST_COUNT_LIMIT = 1000


@v1.get(
    "/requests/{reference}",
    response={200: RequestDetailOut, **KEYED_ERRORS, 404: ErrorOut},
    auth=SIGNED_IN,
    tags=["requests"],
    summary="One request with its whole timeline",
)
def get_request(request: HttpRequest, reference: str) -> dict[str, Any]:
    caller = caller_of(request)
    require(caller, Scope.REQUESTS_READ)
    service_request = selectors.request_get(user=caller.user, reference=reference[:20])  # type: ignore[arg-type]
    services.service_request_read_record(actor=caller.user, service_request=service_request, channel="rest",  # type: ignore[arg-type]
                                http_request=request)
    return request_detail_out(service_request, caller)


def _perform(
    request: HttpRequest, reference: str, verb: str, data: dict[str, Any]
) -> dict[str, Any]:
    """Bind the workbench's form for `verb` and perform it: the same checks on both channels."""
    caller = caller_of(request)
    require(caller, Scope.REQUESTS_READ)
    service_request = selectors.request_get(user=caller.user, reference=reference[:20])  # type: ignore[arg-type]
    require(caller, Scope.REQUESTS_ACT)
    form = ACTION_FORMS[verb](data, request=service_request, actor=caller.user)
    if not form.is_valid():
        field_errors = [
            {"field": name, "message": str(message)}
            for name, messages in form.errors.items()
            for message in messages
        ]
        raise ValidationFailed(field_errors)
    form.perform(caller.user)  # type: ignore[arg-type]
    try:
        after = selectors.request_get(user=caller.user, reference=service_request.reference)  # type: ignore[arg-type]
    except Http404:
        # The verb handed it out of the caller's sight (a transfer sent back): answer with what
        # they acted on, as it now stands.
        service_request.refresh_from_db()
        after = service_request
    return request_detail_out(after, caller)


class ValidationFailed(Exception):
    def __init__(self, field_errors: list[dict[str, str]]) -> None:
        super().__init__("invalid")
        self.field_errors = field_errors


@api.exception_handler(ValidationFailed)
def _form_invalid(request: HttpRequest, exc: ValidationFailed) -> HttpResponse:
    return errors.problem(
        api, request, 400, "invalid_input", _("Please correct the errors below."), exc.field_errors
    )


def _form_data(verb: str, payload: Schema) -> dict[str, Any]:
    """The payload as the verb's form takes it, typed where the form's field takes a typed value
    (a unit, a date); only the yes/no choice of `solved` is spelled as the form spells it."""
    data = payload.model_dump()
    for name in {"dispatch": "unit", "transfer": "to"}.get(verb, "").split():
        data[name] = OrgUnit.objects.filter(code=data[name]).first()
    if verb == "rate":
        data["solved"] = {True: "yes", False: "no", None: ""}[data.get("solved")]
    return {key: "" if value is None else value for key, value in data.items()}


ACTION_INPUTS: list[tuple[str, type[Schema], str]] = [
    ("accept", AcceptIn, "Accept (受理)"),
    ("decline", DeclineIn, "Do not accept, with the reason (不予受理)"),
    ("merge", MergeIn, "Merge into the request it repeats"),
    ("dispatch", DispatchIn, "Dispatch to a handling unit (派单)"),
    ("transfer", TransferIn, "Transfer to another jurisdiction's dispatchers (转办)"),
    ("accept_transfer", AcceptTransferIn, "Accept a request transferred to your jurisdiction"),
    ("refuse_transfer", RefuseTransferIn, "Send a transferred request back, with the reason"),
    ("sign", SignIn, "Sign for a dispatched request (签收)"),
    ("return", ReturnIn, "Return it, with reason and policy basis (退单)"),
    ("resolve", ResolveIn, "Reply and resolve (办结/答复)"),
    ("rate", StaffRatingIn, "Record the resident's rating from the follow-up call (回访)"),
    ("close", CloseIn, "Close (supervisor)"),
    ("request_extension", ExtensionIn, "Ask for an extension (延期)"),
    ("approve_extension", ApproveExtensionIn, "Approve the pending extension"),
    ("refuse_extension", RefuseExtensionIn, "Refuse the pending extension"),
    ("remind", RemindIn, "Send a reminder (催办)"),
    ("supervise", SuperviseIn, "Issue a supervision notice (督办)"),
]

ACTION_RESPONSES: dict[int, type[Schema]] = {
    200: RequestDetailOut,
    **POST_ERRORS,
    404: ErrorOut,
    409: ErrorOut,
}


def _register_action(verb: str, schema: type[Schema], summary: str) -> None:
    def act(request: HttpRequest, reference: str, payload: Any) -> dict[str, Any]:
        return _perform(request, reference, verb, _form_data(verb, payload))

    act.__annotations__["payload"] = schema
    act.__name__ = f"request_{verb}"
    v1.post(
        f"/requests/{{reference}}/{verb.replace('_', '-')}",
        response=ACTION_RESPONSES,
        auth=SIGNED_IN,
        tags=["request actions"],
        summary=summary,
        operation_id=f"request_{verb}",
    )(act)


for _verb, _schema, _summary in ACTION_INPUTS:
    _register_action(_verb, _schema, _summary)


# --- Residence declarations ----------------------------------------------------------------------


def _declare(resident: Any, payload: DeclarationCreateIn) -> Declaration:
    """The payload handed to the declaration service as it came: the service checks the address
    against the organisation tree, the dates, the members and the consent."""
    units = {u.code: u for u in OrgUnit.objects.filter(
        code__in=[payload.district, payload.street, payload.community])}
    return residence_services.declaration_submit(
        resident,
        district=units.get(payload.district),
        street=units.get(payload.street),
        community=units.get(payload.community),
        building=payload.building,
        unit_no=payload.unit_no,
        room=payload.room,
        full_name=payload.full_name,
        moved_in_on=payload.moved_in_on,
        purpose=payload.purpose,
        members=[
            residence_services.Member(m.name, m.relation, m.birth_year, m.schooling)
            for m in payload.members
        ],
        consents=set(payload.consents),
        language=payload.language,
    )


@v1.post(
    "/residence-declarations",
    response={201: DeclarationCreatedOut, 422: ErrorOut, **POST_ERRORS},
    auth=ANYONE,
    tags=["residence declarations"],
    summary="Declare one's residence (居住申报; a signed-in resident)",
)
def create_declaration(
    request: HttpRequest, response: HttpResponse, payload: DeclarationCreateIn
) -> Respond[dict[str, Any]]:
    """A resident signed in to their account (session cookie and CSRF token) declares where
    they live. With an `Idempotency-Key` header, a retry with the same key and body returns the
    same declaration; the same key with a different body is refused with 422."""
    caller = caller_of(request)
    if caller.resident is None:
        raise workflow.NotAllowed(
            _("Only a resident signed in to their account can declare their residence.")
        )
    if check_csrf(request) is not None:
        raise workflow.NotAllowed(_("The CSRF token is missing or wrong. Reload the page."))
    limits.check(bucket="anonymous_intake", identity=caller.identity)
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > 255:
        raise workflow.InvalidInput(_("The Idempotency-Key may be at most 255 characters long."))
    resident = caller.resident
    if key:
        created, replayed = idempotent_create(
            client=f"user:{resident.pk}",
            key=key,
            digest=body_hash({"declaration": payload.model_dump(mode="json")}),
            create=lambda: _declare(resident, payload),
            target="declaration",
        )
    else:
        created, replayed = _declare(resident, payload), False
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return Respond(201, {
        "reference": created.reference,
        "status": created.status,
        "submitted_at": created.submitted_at,
        "url": request.build_absolute_uri(created.get_absolute_url()),
    })


class DeclarationQuery(PageQuery):
    # The named type, not the bare enum: both apps call their enum `Status`, and the OpenAPI
    # document would offer the request states under that one name.
    status: DeclarationStatusCode | None = Field(None, description="Only declarations in this state.")


@v1.get(
    "/residence-declarations",
    response={200: DeclarationPageOut, **KEYED_ERRORS},
    auth=SIGNED_IN,
    tags=["residence declarations"],
    summary="Declarations of the caller's communities, newest first (names masked)",
)
def list_declarations(request: HttpRequest, query: Query[DeclarationQuery]) -> dict[str, Any]:
    caller = caller_of(request)
    require(caller, Scope.REQUESTS_READ)
    queryset = residence_selectors.declaration_queue(user=caller.user, status=query.status or "")  # type: ignore[arg-type]
    return paginate(queryset.order_by("-submitted_at", "-pk"), query, declaration_out)


@v1.get(
    "/residence-declarations/{reference}",
    response={200: DeclarationDetailOut, **KEYED_ERRORS, 404: ErrorOut},
    auth=SIGNED_IN,
    tags=["residence declarations"],
    summary="One declaration with its members and history (names masked; the read is audited)",
)
def get_declaration(request: HttpRequest, reference: str) -> dict[str, Any]:
    caller = caller_of(request)
    require(caller, Scope.REQUESTS_READ)
    declaration = residence_selectors.declaration_get(
        user=caller.user, reference=reference, http_request=request)  # type: ignore[arg-type]
    return declaration_detail_out(declaration)


DECLARATION_ACTION_RESPONSES: dict[int, type[Schema]] = {
    200: DeclarationDetailOut, **POST_ERRORS, 404: ErrorOut, 409: ErrorOut}


def _declaration_for_verb(request: HttpRequest, reference: str) -> tuple[Caller, Declaration]:
    caller = caller_of(request)
    require(caller, Scope.REQUESTS_READ)
    declaration = residence_selectors.declaration_get(
        user=caller.user, reference=reference, http_request=request)  # type: ignore[arg-type]
    require(caller, Scope.REQUESTS_ACT)
    return caller, declaration


@v1.post(
    "/residence-declarations/{reference}/confirm",
    response=DECLARATION_ACTION_RESPONSES,
    auth=SIGNED_IN,
    tags=["residence declarations"],
    summary="Confirm a declaration (the declared community's staff and above)",
    operation_id="declaration_confirm",
)
def declaration_confirm(
    request: HttpRequest, reference: str, payload: DeclarationConfirmIn
) -> dict[str, Any]:
    caller, declaration = _declaration_for_verb(request, reference)
    residence_services.declaration_confirm(caller.user, declaration=declaration)  # type: ignore[arg-type]
    return declaration_detail_out(residence_selectors.declaration_as_acted_on(declaration))


@v1.post(
    "/residence-declarations/{reference}/return",
    response=DECLARATION_ACTION_RESPONSES,
    auth=SIGNED_IN,
    tags=["residence declarations"],
    summary="Return a declaration for correction, saying what to correct",
    operation_id="declaration_return",
)
def declaration_return(
    request: HttpRequest, reference: str, payload: DeclarationReturnIn
) -> dict[str, Any]:
    caller, declaration = _declaration_for_verb(request, reference)
    residence_services.declaration_return(
        caller.user, declaration=declaration, reason=payload.reason)  # type: ignore[arg-type]
    return declaration_detail_out(residence_selectors.declaration_as_acted_on(declaration))


# --- The resident's private token ----------------------------------------------------------------


@v1.get(
    "/track/{token}",
    response={200: TrackOut, **COMMON_ERRORS, 404: ErrorOut},
    auth=ANYONE,
    tags=["residents"],
    summary="Follow a request with its private token",
)
def track(request: HttpRequest, token: str) -> dict[str, Any]:
    return track_out(selectors.request_by_token(token=token[:64]))


@v1.post(
    "/track/{token}/rating",
    response={200: TrackOut, **POST_ERRORS, 404: ErrorOut, 409: ErrorOut},
    auth=ANYONE,
    tags=["residents"],
    summary="Rate the answer (好差评)",
)
def rate(request: HttpRequest, token: str, payload: RatingIn) -> dict[str, Any]:
    service_request = selectors.request_by_token(token=token[:64])
    form = RatingForm(_form_data("rate", payload))
    if not form.is_valid():
        raise ValidationFailed(
            [{"field": n, "message": str(m)} for n, ms in form.errors.items() for m in ms]
        )
    form.perform(None, service_request)
    return track_out(selectors.request_by_token(token=service_request.tracking_token))


# --- Figures -------------------------------------------------------------------------------------


class FiguresQuery(Schema):
    model_config = ConfigDict(json_schema_extra=document_storable_text)

    group: report_figures.GroupBy = "month"
    start: FigureDay | None = Field(
        None, description="First day (default: eleven months ago, day 1)."
    )
    end: FigureDay | None = Field(
        None,
        description=(
            "Last day (default: today); not before the first day, at most ten years after it."
        ),
    )


@v1.get(
    "/figures",
    response={200: FiguresOut, **KEYED_ERRORS},
    auth=SIGNED_IN,
    tags=["figures"],
    summary="The request figures of the caller's units, each with its definition",
)
def figures(request: HttpRequest, query: Query[FiguresQuery]) -> dict[str, Any]:
    from shiliu.reports.forms import MAX_PERIOD_DAYS, default_period

    caller = caller_of(request)
    require(caller, Scope.FIGURES_READ)
    if not access.may_open(caller.user, "reports:figures"):
        raise workflow.NotAllowed(_("Only staff with a figure role see figures."))
    default_start, default_end = default_period(timezone.localdate())
    start, end = query.start or default_start, query.end or default_end
    if not (dates.in_range(start) and dates.in_range(end)):
        raise workflow.InvalidInput(dates.out_of_range_message())
    if start > end:
        raise workflow.InvalidInput(_("The first day must not come after the last day."))
    if end - start > timedelta(days=MAX_PERIOD_DAYS):
        raise workflow.InvalidInput(_("Choose a period of at most ten years."))
    table = report_figures.compute(user=caller.user, group_by=query.group, start=start, end=end)  # type: ignore[arg-type]
    return figures_out(table)


v1.add_router("/residents", residents_router)
from shiliu.api.cases import router as cases_router  # noqa: E402  (after v1's own operations)

v1.add_router("", cases_router)
# --- Insights ------------------------------------------------------------------------------------


@v1.post(
    "/suggestions",
    response={200: SuggestionOut, **POST_ERRORS},
    auth=ANYONE,
    tags=["insights"],
    summary="The category and type suggested for a description, with the model's confidence",
)
def suggest(request: HttpRequest, payload: SuggestionIn) -> dict[str, Any]:
    """Suggests; stores nothing. Creating the request records the suggestion beside it."""
    from shiliu.insights.suggestions import suggest as suggest_for

    caller = caller_of(request)
    limits.check(bucket="suggest", identity=caller.identity)
    suggested = suggest_for(payload.text)
    category = suggested.category
    return {
        "category": {"code": category.code, "name": str(category)} if category else None,
        "request_type": suggested.request_type or None,
        "confidence": round(suggested.confidence, 4),
        "prefill": suggested.prefill,
        "model_version": suggested.version.number if suggested.version else None,
    }


class HotIssueQuery(Schema):
    days: Annotated[int, WithJsonSchema({"type": "integer", "enum": [7, 30], "default": 7})] = Field(
        7, description="The window: the last 7 or 30 days.")


@v1.get(
    "/hot-issues",
    response={200: HotIssuePageOut, **KEYED_ERRORS},
    auth=SIGNED_IN,
    tags=["insights"],
    summary="Clusters of similar requests in the caller's units (热点诉求), most requests first",
)
def hot_issues(request: HttpRequest, query: Query[HotIssueQuery]) -> dict[str, Any]:
    from shiliu.insights.selectors import hot_clusters

    caller = caller_of(request)
    require(caller, Scope.REQUESTS_READ)
    if not access.may_open(caller.user, "insights:hot-issues"):
        raise workflow.NotAllowed(_("Only dispatchers and supervisors see hot issues."))
    clusters = hot_clusters(user=caller.user, days=query.days)  # type: ignore[arg-type]
    return {"days": query.days, "results": [{
        "key": c.key, "title": c.title, "count": c.count, "previous_count": c.previous_count,
        "trend": c.trend, "place": c.place, "category": c.category,
        "requests": [sr.reference for sr in c.requests],
        "points": [{"latitude": lat, "longitude": lng} for lat, lng in c.places],
    } for c in clusters]}


api.add_router("/v1", v1)
