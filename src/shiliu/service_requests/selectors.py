"""Every non-trivial read of requests, scoped to the acting user."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from shiliu.core import config, permissions
from shiliu.core.pagination import Key
from shiliu.service_requests import search
from shiliu.service_requests.models import Attachment, Category, ServiceRequest
from shiliu.service_requests.workflow import OPEN_STATUSES

if TYPE_CHECKING:
    from shiliu.people.models import User


# A reference or a piece of one ("SL-2026-000123", "2026-0001", "000123"): found by reference.
REFERENCE_LIKE = re.compile(r"(?i)sl[-0-9]*|[0-9][0-9-]*")
WHOLE_REFERENCE = re.compile(r"(?i)sl-[0-9]{4}-[0-9]{6,}")


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    category: int | None = None
    channel: str = ""
    overdue: bool = False
    due_soon: bool = False
    query: str = ""
    language: str = ""


def intake_categories() -> dict[str, Category]:
    """The active sub-categories a request may be filed under, by code, with their parents: part
    of the cached configuration (`core.config`), so intake reads no category row."""

    def load() -> dict[str, Category]:
        from shiliu.service_requests.forms import category_queryset

        return {category.code: category for category in category_queryset()}

    return config.cached("service_requests.intake_categories", load)


def intake_category(code: str) -> Category | None:
    return intake_categories().get(code.strip())


# The lists' orders, each ending in the primary key, for keyset pages (core.pagination); the
# REST list and the workbench queue share QUEUE_ORDER.
QUEUE_ORDER = (Key("due_at", nullable=True), Key("submitted_at", descending=True), Key("id"))
TO_ACCEPT_ORDER = (Key("due_at", nullable=True), Key("submitted_at"), Key("id"))
SUPERVISION_ORDER = (Key("overdue_at", nullable=True), Key("submitted_at"), Key("id"))


_UNITS = ("jurisdiction", "assigned_unit", "routed_unit")


def _with_relations(queryset: QuerySet[ServiceRequest]) -> QuerySet[ServiceRequest]:
    # Not the units' GeoJSON boundaries: no page of a request draws them, and a grid's would be
    # decoded on every read (org.geo keeps its own copy for placing points).
    return queryset.select_related(
        "category", "category__parent", *_UNITS, "assigned_to",
    ).defer(*(f"{unit}__boundary" for unit in _UNITS))


# What a workbench list row shows of a request, and the keys of the lists' orders. Nothing else
# is read: each encrypted column would be decrypted on load for every row, the search text and
# the units' GeoJSON boundaries decoded, every timestamp parsed. The category's and the units'
# names come from the configuration cache (`names`), not from joined rows.
_LISTED = ("reference", "status", "channel", "language", "reopen_count", "rating", "due_at",
           "submitted_at", "overdue_at", "category", "jurisdiction", "assigned_unit", "routed_unit")


def listed(queryset: QuerySet[ServiceRequest]) -> QuerySet[ServiceRequest]:
    """`queryset` with only the columns a workbench list shows, no related row."""
    return queryset.select_related(None).only(*_LISTED)


def names() -> tuple[dict[int, str], dict[int, str]]:
    """Every category's name ("住房 / 物业维修") and every unit's, by id, in the active language:
    what `str()` of each says, from the configuration cache (both models are watched), so a list
    of requests neither joins nor builds their rows."""
    from django.utils.translation import get_language

    from shiliu.org.models import OrgUnit

    def load() -> tuple[dict[int, str], dict[int, str]]:
        categories = {c.pk: str(c) for c in Category.objects.select_related("parent")}
        units = {u.pk: str(u) for u in OrgUnit.objects.only("name", "name_translations")}
        return categories, units

    return config.cached(f"service_requests.names:{get_language()}", load)


def request_queue(*, user: User, filters: QueueFilters, units_first: bool = False) -> QuerySet[ServiceRequest]:
    """The workbench queue: requests in or assigned to the user's units and below (their ids
    read first with `units_first`: permissions.request_scope)."""
    from shiliu.service_requests.permissions import ServiceRequestPolicy

    queryset = (ServiceRequestPolicy().visible(user, ServiceRequest.objects.all(), units_first=True)
                if units_first else permissions.visible_to(user, ServiceRequest))
    now = timezone.now()
    if filters.status == "open":
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    elif filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.category:
        queryset = queryset.filter(Q(category_id=filters.category) | Q(category__parent_id=filters.category))
    if filters.channel:
        queryset = queryset.filter(channel=filters.channel)
    if filters.language:
        queryset = queryset.filter(language=filters.language)
    if filters.overdue:
        queryset = queryset.filter(status__in=OPEN_STATUSES, due_at__lt=now)
    if filters.due_soon:
        soon = now + timedelta(hours=settings.SHILIU_DUE_SOON_HOURS)
        queryset = queryset.filter(status__in=OPEN_STATUSES, due_at__gte=now, due_at__lte=soon)
    if filters.query:
        typed = filters.query.strip()
        if WHOLE_REFERENCE.fullmatch(typed):  # the unique index, not a scan for a substring
            queryset = queryset.filter(reference=typed.upper())
        elif REFERENCE_LIKE.fullmatch(typed):
            queryset = queryset.filter(reference__icontains=typed)
        else:
            # Every match, the newest first; `request_search` gives a ranked page of them.
            return _with_relations(search.matching(queryset, filters.query)).order_by("-pk")
    # Nearest deadline first; requests without a running clock after them on both databases.
    return _with_relations(queryset).order_by(*(key.order() for key in QUEUE_ORDER))


def request_search(*, user: User, filters: QueueFilters, offset: int = 0, size: int = 50) -> search.Found:
    """A page of the queue searched for `filters.query`: the best matches first among the newest
    `search.CANDIDATES` (search.ranked), counted up to that; a reference (or a piece of one) is
    looked up by reference instead, in the queue's order."""
    if REFERENCE_LIKE.fullmatch(filters.query.strip()):
        queryset = request_queue(user=user, filters=filters)
        counted = queryset.order_by()[: search.CANDIDATES + 1].count()
        return search.Found(rows=list(queryset[offset : offset + size]),
                            count=min(counted, search.CANDIDATES), count_is_exact=counted <= search.CANDIDATES)
    # The scope by unit ids, so the search's GIN bitmap and the scope's indexes combine.
    scoped = request_queue(user=user, filters=replace(filters, query=""), units_first=True)
    # Their units, for the index to look in (PostgreSQL); the policy's scope is checked all the same.
    units = search.scope_units(user.unit_paths(permissions.REQUEST_ROLES)) if user.is_authenticated else []
    return search.ranked(scoped, filters.query, offset=offset, size=size, scope=units)


def supervision_list(*, user: User) -> QuerySet[ServiceRequest]:
    """The supervisor's list: open requests marked overdue by the sweep, escalated ones, and those
    with an extension waiting for a decision (`pending_extension_until`: its new deadline)."""
    from shiliu.service_requests.models import Extension

    pending = Extension.objects.filter(request=OuterRef("pk"), decision=Extension.Decision.PENDING)
    queryset = permissions.visible_to(user, ServiceRequest).annotate(
        pending_extension_until=Subquery(pending.values("new_resolve_by")[:1])
    ).filter(
        Q(status__in=OPEN_STATUSES, overdue_at__isnull=False) | Q(status="escalated")
        | Q(status__in=OPEN_STATUSES, pending_extension_until__isnull=False),
        # Implied by the above (escalated is open), said once so the plan walks the partial
        # index `request_supervision` (open requests only) rather than every overdue_at ever set.
        status__in=OPEN_STATUSES,
    )
    return _with_relations(queryset).order_by(*(key.order() for key in SUPERVISION_ORDER))


def to_accept_list(*, user: User) -> QuerySet[ServiceRequest]:
    """New requests waiting for `user` to accept them (where they may accept), and requests
    transferred (转办) to their jurisdiction, the nearest accept deadline first, so the overdue
    ones lead."""
    from django.db.models import Q

    from shiliu.service_requests.permissions import request_scope
    from shiliu.service_requests.workflow import TRANSITIONS, Status

    paths = user.unit_paths(TRANSITIONS["accept"].roles)
    transferred_here = Q(pk__in=[])
    for path in user.unit_paths(TRANSITIONS["accept_transfer"].roles):
        transferred_here |= Q(handling_jurisdiction__path__startswith=path)
    queryset = ServiceRequest.objects.filter(
        (request_scope(paths) & Q(status=Status.SUBMITTED)) | (transferred_here & Q(status=Status.TRANSFERRED)))
    return _with_relations(queryset).order_by(*(key.order() for key in TO_ACCEPT_ORDER))


def request_get(*, user: User, reference: str, action: str = "view") -> ServiceRequest:
    return permissions.get_for(
        user, ServiceRequest, action, queryset=_with_relations(ServiceRequest.objects.all()),
        reference=reference,
    )


def request_just_entered(*, user: User, reference: str, entered: list[str]) -> ServiceRequest:
    """A request `user` entered on a resident's behalf in this session (`entered`: the session's
    references), or 404. It may lie outside the user's units (placed by the resident's address):
    only this page after entry shows it to them, with its private link to hand over."""
    if reference not in entered:
        raise Http404
    try:
        return _with_relations(ServiceRequest.objects.all()).get(reference=reference, entered_by=user)
    except ServiceRequest.DoesNotExist:
        raise Http404 from None


def request_by_token(*, token: str) -> ServiceRequest:
    """The request behind a resident's private tracking link, or 404."""
    try:
        return _with_relations(ServiceRequest.objects.all()).get(tracking_token=token)
    except ServiceRequest.DoesNotExist:
        raise Http404 from None


def request_photos(*, request: ServiceRequest) -> list[Attachment]:
    """The photos of a request, oldest first."""
    return list(request.attachments.order_by("created_at", "pk"))


def attachment_get(*, user: User, pk: int) -> Attachment:
    """A photo of a request `user` may see (staff in scope), or 404."""
    attachment = Attachment.objects.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    permissions.get_for(user, ServiceRequest, "view", pk=attachment.request_id)
    return attachment


def attachment_by_token(*, token: str, pk: int) -> Attachment:
    """A photo of the request behind a private tracking link, or 404."""
    attachment = Attachment.objects.filter(pk=pk, request__tracking_token=token).first()
    if attachment is None:
        raise Http404
    return attachment


SHARED_PHOTO_SALT = "shiliu.service_requests.photo-shared"


def attachment_shared_path(attachment: Attachment) -> str:
    """A signed link to one photo that works for whoever holds it, for SHILIU_SHARED_PHOTO_SECONDS:
    Open311's media_url for a keyed reader, whose client fetches it without credentials."""
    from django.core import signing
    from django.urls import reverse

    return reverse("service_requests:photo-shared", args=[signing.dumps(attachment.pk, salt=SHARED_PHOTO_SALT)])


def attachment_by_signature(*, signed: str) -> Attachment:
    """The photo a shared link names, while the link is genuine and not expired; else 404."""
    from django.core import signing

    try:
        pk = signing.loads(signed, salt=SHARED_PHOTO_SALT, max_age=settings.SHILIU_SHARED_PHOTO_SECONDS)
    except signing.BadSignature:
        raise Http404 from None
    attachment = Attachment.objects.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    return attachment


def request_timeline(*, request: ServiceRequest, public_only: bool) -> QuerySet[Any]:
    events = request.events.select_related("actor", "unit")
    return events.filter(is_public=True) if public_only else events


def request_notifications(*, request: ServiceRequest) -> QuerySet[Any]:
    """What the resident was told about this request, newest first (the in-app copies)."""
    return request.notifications.order_by("-created_at", "-id")


@dataclass(frozen=True)
class StandardReply:
    pk: int
    title: str  # in the handler's language
    text: str  # in the reply's language, placeholders filled for the request


def standard_replies(*, request: ServiceRequest, language: str) -> list[StandardReply]:
    """The active standard replies for the request's category (its own, its parent's, then the
    ones for every category), written in `language` and filled in for the request."""
    from shiliu.service_requests.models import ReplyTemplate

    category = request.category
    categories = [category.pk, *([category.parent_id] if category.parent_id else [])]
    templates = sorted(
        ReplyTemplate.objects.filter(is_active=True)
        .filter(Q(category_id__in=categories) | Q(category__isnull=True)),
        key=lambda t: (categories.index(t.category_id) if t.category_id else len(categories),
                       t.position, t.pk),
    )
    return [StandardReply(pk=t.pk, title=str(t), text=t.text_for(request, language)) for t in templates]


def merge_suggestions(*, user: User, request: ServiceRequest) -> list[Any]:
    """Open requests in the user's sight that look like `request` (duplicates.Likeness, most
    alike first; the one flagged at intake among them), for the dispatcher to merge into."""
    from shiliu.service_requests import duplicates

    if request.status not in OPEN_STATUSES:
        return []
    found = duplicates.similar_open_requests(
        description=request.description, place=request.jurisdiction, latitude=request.latitude,
        longitude=request.longitude, now=request.submitted_at, exclude_pk=request.pk, limit=5)
    found = [like for like in found if like.request.submitted_at <= request.submitted_at]
    visible = set(permissions.visible_to(user, ServiceRequest).filter(
        pk__in=[like.request.pk for like in found]).values_list("pk", flat=True))
    return [like for like in found if like.request.pk in visible]


def request_public(*, pk: int) -> ServiceRequest:
    """A request by id for its public part only (reference, category, status: the caller shows
    nothing else), or 404."""
    try:
        return ServiceRequest.objects.select_related("category").get(pk=pk)
    except ServiceRequest.DoesNotExist:
        raise Http404 from None
