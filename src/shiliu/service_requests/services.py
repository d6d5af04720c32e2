"""Every write to requests that is not a single transition: intake from any channel, bulk
dispatch, and the deadline sweep. Transitions themselves live in workflow.py."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from shiliu.core.permissions import INTAKE_ROLES
from shiliu.notifications.models import Kind
from shiliu.notifications.services import notify_resident
from shiliu.service_requests import routing, sla, workflow
from shiliu.service_requests.models import (
    Attachment,
    Category,
    Channel,
    ReferenceCounter,
    RequestEvent,
    RequestType,
    ServiceRequest,
)
from shiliu.service_requests.workflow import OPEN_STATUSES, Status

if TYPE_CHECKING:
    from shiliu.org.models import OrgUnit
    from shiliu.people.models import User

logger = logging.getLogger("shiliu.service_requests")

STAFF_CHANNELS = {Channel.VISIT, Channel.PHONE, Channel.COUNTER}


def next_reference(year: int) -> str:
    """SL-2026-000123: per-year sequence, incremented by one conditional UPDATE inside the
    caller's transaction (the row lock serialises concurrent intake on PostgreSQL; SQLite's
    IMMEDIATE transactions serialise it there)."""
    ReferenceCounter.objects.get_or_create(year=year)
    ReferenceCounter.objects.filter(year=year).update(last=F("last") + 1)
    number = ReferenceCounter.objects.values_list("last", flat=True).get(year=year)
    return f"SL-{year}-{number:06d}"


def service_request_submit(
    *,
    actor: User | None,
    channel: str,
    category: Category,
    description: str,
    request_type: str = RequestType.HELP,
    address: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    unit: OrgUnit | None = None,
    language: str = "zh-hans",
    is_anonymous: bool = False,
    contact_name: str = "",
    contact_phone: str = "",
    photos: list[UploadedFile] | None = None,
    submitted_at: datetime | None = None,
) -> ServiceRequest:
    """Create a request from any channel: placed, routed, clocked and recorded the same way."""
    now = submitted_at or timezone.now()
    description = (description or "").strip()
    if not description:
        raise workflow.InvalidInput(_("Please describe the problem."))
    if channel in STAFF_CHANNELS and (actor is None or not actor.has_role(*INTAKE_ROLES)):
        raise workflow.NotAllowed(_("Only staff can enter a request on a resident's behalf."))
    if (latitude is None) != (longitude is None):
        raise workflow.InvalidInput(_("A location needs both latitude and longitude."))
    if latitude is None and not address.strip() and unit is None:
        raise workflow.InvalidInput(_("Please pick the place on the map or type its address."))
    if is_anonymous:
        contact_name = ""
    place = routing.place_of(latitude=latitude, longitude=longitude, unit=unit)
    amount, time_unit = category.limit("accept")
    accept_by = sla.deadline(now, amount, time_unit, sla.load_overrides())
    with transaction.atomic():
        request = ServiceRequest(
            reference=next_reference(timezone.localtime(now).year),
            request_type=request_type,
            category=category,
            description=description,
            address=address.strip(),
            latitude=latitude,
            longitude=longitude,
            jurisdiction=place,
            routed_unit=routing.handling_unit_for(category, place),
            channel=channel,
            language=language,
            is_anonymous=is_anonymous,
            contact_name=contact_name.strip(),
            contact_phone=contact_phone.strip(),
            submitted_by=actor if channel not in STAFF_CHANNELS else None,
            entered_by=actor if channel in STAFF_CHANNELS else None,
            submitted_at=now,
            due_at=accept_by,
        )
        try:
            request.full_clean(exclude=["tracking_token"])
        except ValidationError as error:
            raise workflow.InvalidInput(" ".join(error.messages)) from None
        request.save()
        RequestEvent.objects.create(
            request=request, action="submit", from_status="", to_status=Status.SUBMITTED,
            actor=actor, actor_label=str(actor) if actor else _("Resident"),
            note=str(Channel(channel).label), created_at=now,
        )
        for photo in photos or []:
            Attachment.objects.create(request=request, image=photo)
        notify_resident(request, Kind.RECEIVED)
    return request


def service_request_bulk_dispatch(
    *, actor: User, requests: list[ServiceRequest], unit: OrgUnit | None
) -> tuple[list[ServiceRequest], list[tuple[ServiceRequest, str]]]:
    """Accept (when needed) and dispatch each request, to `unit` or else to its routed unit.
    Each request succeeds or fails on its own; failures come back with their reason."""
    done, failed = [], []
    for request in requests:
        target = unit or request.routed_unit
        try:
            with transaction.atomic():
                if request.status == Status.SUBMITTED:
                    workflow.accept(request, actor=actor)
                if target is None:
                    raise workflow.InvalidInput(_("No handling unit is known for it."))
                workflow.dispatch(request, actor=actor, unit=target)
            done.append(request)
        except workflow.WorkflowError as error:
            failed.append((request, error.message))
    return done, failed


@dataclass
class SweepResult:
    reminded: list[str] = field(default_factory=list)
    supervised: list[str] = field(default_factory=list)


def service_request_sweep_deadlines(*, now: datetime | None = None) -> SweepResult:
    """Remind (催办) open requests whose deadline is near, and put those whose deadline passed on
    the supervisors' list with a supervision notice (督办). Safe to run any number of times: each
    request is claimed by a conditional update before it is touched."""
    now = now or timezone.now()
    result = SweepResult()
    open_requests = ServiceRequest.objects.filter(status__in=OPEN_STATUSES, due_at__isnull=False)
    # Claim only requests the verb applies to, so no request is marked without its event.
    supervisable = open_requests.filter(status__in=workflow.TRANSITIONS["supervise"].sources)
    remindable = open_requests.filter(status__in=workflow.TRANSITIONS["remind"].sources)
    for request in supervisable.filter(due_at__lt=now, overdue_at__isnull=True).select_related("category"):
        if ServiceRequest.objects.filter(pk=request.pk, overdue_at__isnull=True).update(overdue_at=now):
            request.overdue_at = now
            try:
                workflow.supervise(request, actor=None, system=True, now=now)
                result.supervised.append(request.reference)
            except workflow.WorkflowError:
                logger.info("sweep skipped %s: it moved on meanwhile", request.reference)
    soon = now + timedelta(hours=settings.SHILIU_DUE_SOON_HOURS)
    for request in remindable.filter(due_at__gte=now, due_at__lte=soon, reminded_at__isnull=True):
        if ServiceRequest.objects.filter(pk=request.pk, reminded_at__isnull=True).update(reminded_at=now):
            try:
                workflow.remind(request, actor=None, system=True, now=now)
                result.reminded.append(request.reference)
            except workflow.WorkflowError:
                logger.info("sweep skipped %s: it moved on meanwhile", request.reference)
    return result
