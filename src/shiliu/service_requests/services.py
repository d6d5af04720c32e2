"""Every write to requests that is not a single transition: intake from any channel, bulk
dispatch, and the deadline sweep. Transitions themselves live in workflow.py."""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shiliu.audit.models import AuditAction
from shiliu.audit.services import audit_record
from shiliu.core.permissions import INTAKE_ROLES
from shiliu.notifications.models import Kind
from shiliu.notifications.services import notify_resident
from shiliu.privacy import images, masking
from shiliu.privacy.models import REQUEST_PURPOSES, Purpose
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
    consents: Collection[str] = (),
    photos: list[UploadedFile] | None = None,
    submitted_at: datetime | None = None,
) -> ServiceRequest:
    """Create a request from any channel: placed, routed, clocked and recorded the same way.

    `consents` are the purposes the resident agreed to for this request (the portal's boxes, or
    what staff recorded them saying): request handling is required; contact details are kept
    only with follow-up contact, so without it a name or phone is refused rather than stored.
    """
    now = submitted_at or timezone.now()
    description = (description or "").strip()
    if not description:
        raise workflow.InvalidInput(_("Please describe the problem."))
    unknown = set(consents) - REQUEST_PURPOSES
    if unknown:
        raise workflow.InvalidInput(
            _("Unknown consent purpose: %(purpose)s.") % {"purpose": ", ".join(sorted(unknown))}
        )
    if Purpose.REQUEST_HANDLING not in consents:
        raise workflow.InvalidInput(
            _("Please agree to the notice on how your information is used to handle the request.")
        )
    if channel in STAFF_CHANNELS and (actor is None or not actor.has_role(*INTAKE_ROLES)):
        raise workflow.NotAllowed(_("Only staff can enter a request on a resident's behalf."))
    if (latitude is None) != (longitude is None):
        raise workflow.InvalidInput(_("A location needs both latitude and longitude."))
    if latitude is None and not address.strip() and unit is None:
        raise workflow.InvalidInput(_("Please pick the place on the map or type its address."))
    if is_anonymous:
        contact_name = ""
    contact_name, contact_phone = contact_name.strip(), contact_phone.strip()
    if (contact_name or contact_phone) and Purpose.FOLLOW_UP_CONTACT not in consents:
        raise workflow.InvalidInput(
            _("A name or phone number is kept only with consent to be contacted for follow-up: "
              "agree to it, or leave them out.")
        )
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
            contact_name=contact_name,
            contact_phone=contact_phone,
            submitted_by=actor if channel not in STAFF_CHANNELS else None,
            entered_by=actor if channel in STAFF_CHANNELS else None,
            submitted_at=now,
            due_at=accept_by,
        )
        try:
            # The related objects were just loaded; re-checking that they exist costs 5 queries.
            request.full_clean(
                exclude=["tracking_token", "category", "jurisdiction", "routed_unit", "submitted_by", "entered_by"]
            )
        except ValidationError as error:
            raise workflow.InvalidInput(" ".join(error.messages)) from None
        request.save()
        RequestEvent.objects.create(
            request=request, action="submit", from_status="", to_status=Status.SUBMITTED,
            actor=actor, actor_label=str(actor) if actor else _("Resident"),
            kind="submit", params={"channel": channel}, created_at=now,
        )
        from shiliu.privacy.services import consents_give

        consents_give(actor=actor, purposes=sorted(consents), language=language, service_request=request, now=now)
        for photo in photos or []:
            try:
                clean_photo = images.reencode(photo)
            except images.NotAnImage as error:
                raise workflow.InvalidInput(str(error)) from None
            Attachment.objects.create(request=request, image=clean_photo)
        notify_resident(request, Kind.RECEIVED)
    logger.debug("request %s submitted through %s", request.reference, channel)
    return request


# What each revealable field was collected for: it is shown only while that consent stands.
REVEALABLE_FIELDS: dict[str, tuple[str, object]] = {
    "contact_phone": (Purpose.FOLLOW_UP_CONTACT, gettext_lazy("contact phone")),
    "contact_name": (Purpose.FOLLOW_UP_CONTACT, gettext_lazy("contact name")),
    "address": (Purpose.REQUEST_HANDLING, gettext_lazy("exact address")),
}
MIN_REASON_LENGTH = 4


def service_request_reveal(
    *, actor: User, service_request: ServiceRequest, field: str, reason: str,
    http_request: HttpRequest | None = None,
) -> str:
    """The unmasked value of one personal field, for a stated reason, recorded in the audit trail.
    Refused to anyone outside the reveal policy and when the purpose's consent is not active."""
    from shiliu.core.permissions import policy_for
    from shiliu.privacy.services import consent_active
    from shiliu.service_requests.permissions import REVEAL

    if field not in REVEALABLE_FIELDS:
        raise workflow.InvalidInput(_("This field cannot be revealed."))
    reason = " ".join((reason or "").split())
    if len(reason) < MIN_REASON_LENGTH:
        raise workflow.InvalidInput(
            _("Please say why you need it (at least %(count)d characters).") % {"count": MIN_REASON_LENGTH}
        )
    if not policy_for(ServiceRequest).allows(actor, REVEAL, service_request):
        raise workflow.NotAllowed(_("You may not see this resident's personal data."))
    purpose, _label = REVEALABLE_FIELDS[field]
    value: str = getattr(service_request, field)
    if not value:
        raise workflow.InvalidInput(_("Nothing is stored in this field."))
    if not consent_active(purpose, service_request=service_request):
        raise workflow.NotAllowed(_("The resident has not agreed to this use of their data, or withdrew it."))
    audit_record(actor=actor, action=AuditAction.REVEAL, target=service_request, request=http_request,
                 detail={"field": field, "reason": reason})
    return value


def service_request_find_by_phone(
    *, actor: User, phone: str, http_request: HttpRequest | None = None
) -> list[ServiceRequest]:
    """Requests the actor may see whose contact phone is exactly `phone`, found through the
    blind index (the number itself is never compared or stored in clear). Every search is
    audited, whether or not it finds anything."""
    from shiliu.core.permissions import visible_to
    from shiliu.privacy import crypto

    normalised = crypto.normalise_phone(phone)
    if not 7 <= len(normalised) <= 12:
        raise workflow.InvalidInput(_("Enter the whole phone number: search finds exact numbers only."))
    index = crypto.blind_index(normalised, kind="phone")
    found = list(
        visible_to(actor, ServiceRequest).filter(contact_phone_index=index)
        .select_related("category", "category__parent", "jurisdiction", "assigned_unit")
        .order_by("-submitted_at")[:100]
    )
    audit_record(actor=actor, action=AuditAction.READ, target_type="service_requests.servicerequest",
                 request=http_request,
                 detail={"search": "contact_phone", "matches": [r.reference for r in found]})
    return found


ERASURE_REASONS = {
    "follow_up_withdrawn": gettext_lazy("Consent to follow-up contact withdrawn: contact details removed."),
    "handling_withdrawn": gettext_lazy("Consent withdrawn: personal data removed."),
    "account_deleted": gettext_lazy("The resident deleted their account: personal data removed."),
    "retention": gettext_lazy("Retention period over: personal data removed."),
}


def service_request_erase_personal_data(
    *,
    actor: User | None,
    service_request: ServiceRequest,
    parts: Collection[str],
    reason: str,
    now: datetime | None = None,
    http_request: HttpRequest | None = None,
) -> list[str]:
    """Remove personal data from a request that stays for the figures: "contact" (name and
    phone), "address" (cut to its road or community), "account" (the link to the resident's
    account). The description is kept: personal details in free text cannot be found reliably.
    Returns the fields that held something and were cleared."""
    now = now or timezone.now()
    changes: dict[str, object] = {}
    if "contact" in parts and (service_request.contact_name or service_request.contact_phone):
        changes.update(contact_name="", contact_phone="", contact_phone_index="")
    if "address" in parts:
        area = masking.mask_address(service_request.address)
        if area != service_request.address:
            changes["address"] = area
    if "account" in parts and service_request.submitted_by_id is not None:
        changes["submitted_by"] = None
    full = {"contact", "address"} <= set(parts)
    if full and service_request.personal_data_erased_at is None:
        changes["personal_data_erased_at"] = now
    cleared = sorted(name for name in changes if name not in {"contact_phone_index", "personal_data_erased_at"})
    if not changes:
        return []
    with transaction.atomic():
        ServiceRequest.objects.filter(pk=service_request.pk).update(**changes, updated_at=now)
        if cleared:
            RequestEvent.objects.create(
                request=service_request, action="erase_personal_data", from_status=service_request.status,
                to_status=service_request.status, actor=actor, kind="erase_personal_data",
                params={"reason": reason},
                actor_label=str(actor) if actor else (_("System") if reason == "retention" else _("Resident")),
                created_at=now,
            )
            audit_record(actor=actor, action=AuditAction.DELETE, target=service_request,
                         request=http_request, detail={"fields": cleared, "reason": reason})
    for name, value in changes.items():
        setattr(service_request, name, value)
    return cleared


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


def _due_for_supervision(now: datetime) -> list[ServiceRequest]:
    """Open requests the supervision verb applies to whose deadline passed, not yet marked."""
    return list(
        ServiceRequest.objects.filter(
            status__in=workflow.TRANSITIONS["supervise"].sources, due_at__isnull=False,
            due_at__lt=now, overdue_at__isnull=True,
        ).select_related("category")
    )


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
    remindable = open_requests.filter(status__in=workflow.TRANSITIONS["remind"].sources)
    for request in _due_for_supervision(now):
        # Claim and act in one transaction, and claim only if the row is still what was found
        # (same status, deadline still passed): a request signed for or answered meanwhile is
        # left alone, and a refused notice takes its mark back with it.
        try:
            with transaction.atomic():
                claimed = ServiceRequest.objects.filter(
                    pk=request.pk, status=request.status, overdue_at__isnull=True, due_at__lt=now
                ).update(overdue_at=now)
                if not claimed:
                    raise workflow.Conflict("moved on")
                request.overdue_at = now
                workflow.supervise(request, actor=None, system=True, now=now)
            result.supervised.append(request.reference)
        except workflow.WorkflowError:
            request.overdue_at = None
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
