"""What requests keep about residents, registered with privacy (`privacy.registry`): listed on
the resident's account page (the "requests" section), exported, erased with the account or a
withdrawn consent, and purged after closure (contact details, photos)."""

from __future__ import annotations

import functools
from collections.abc import Collection
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from shiliu.audit.models import AuditAction
from shiliu.audit.services import audit_record
from shiliu.people.models import User
from shiliu.privacy.models import Consent, Purpose
from shiliu.privacy.registry import PersonalDataHolder, ResidentItem
from shiliu.privacy.retention import RetentionRule
from shiliu.service_requests.models import Attachment, ServiceRequest
from shiliu.service_requests.services import service_request_erase_personal_data
from shiliu.service_requests.workflow import FINAL_STATUSES


def resident_requests(*, user: User) -> QuerySet[ServiceRequest]:
    return (ServiceRequest.objects.filter(submitted_by=user)
            .select_related("category", "category__parent", "jurisdiction").order_by("-submitted_at"))


def resident_request_items(user: User) -> list[ResidentItem]:
    """The resident's requests for their account page (`privacy.registry` section "requests"):
    those they sent while signed in and those they claimed."""
    return [ResidentItem(title=str(r.category), url=r.tracking_path(), reference=r.reference,
                         status=str(r.get_status_display()), date=r.submitted_at)
            for r in resident_requests(user=user)]


def register_resident_section() -> None:
    from django.urls import reverse

    from shiliu.privacy.registry import register_resident_section as register

    register("requests", title=_("My requests"), order=10, items_for=resident_request_items,
             empty=_("No requests yet. A request you sent without signing in can be added here from its "
                     "private link."),
             action_label=_("Report a problem"), action_url=lambda: reverse("service_requests:portal-submit"))


def _closed_with_contact(cutoff: datetime) -> QuerySet[Any]:
    return ServiceRequest.objects.filter(
        status__in=FINAL_STATUSES, closed_at__lt=cutoff, personal_data_erased_at__isnull=True
    ).order_by("closed_at", "pk")


def _erase_contact(service_request: ServiceRequest, now: datetime) -> bool:
    return bool(service_request_erase_personal_data(
        actor=None, service_request=service_request, parts={"contact", "address"}, reason="retention", now=now))


def _closed_photos(cutoff: datetime) -> QuerySet[Any]:
    return Attachment.objects.filter(
        request__status__in=FINAL_STATUSES, request__closed_at__lt=cutoff
    ).select_related("request").order_by("request_id", "pk")


def _delete_photo(photo: Attachment, now: datetime) -> bool:
    with transaction.atomic():
        # The file goes once the row's deletion is committed: a purge that rolls back leaves no
        # row pointing at a missing file.
        name, storage = photo.image.name, photo.image.storage
        photo.delete()
        transaction.on_commit(functools.partial(storage.delete, name))
        audit_record(actor=None, action=AuditAction.DELETE, target=photo.request, actor_label="retention",
                     detail={"fields": ["photo"], "reason": "retention"})
    return True


class RequestData(PersonalDataHolder):
    export_section = "requests"
    retention_rules = (
        RetentionRule("closed_request_contact", _(
            "Contact name, phone and exact address of a request, counted from when it was closed, not "
            "accepted or merged. The address is cut to its road or community; the request stays."),
            _closed_with_contact, _erase_contact),
        RetentionRule("closed_request_photos", _("Photos attached to a request, counted from its closure."),
                      _closed_photos, _delete_photo),
    )

    def consent_subjects(self, *, user: User) -> list[str]:
        return [f"request:{pk}" for pk in ServiceRequest.objects.filter(submitted_by=user).values_list("pk", flat=True)]

    def export(self, *, user: User) -> list[dict[str, Any]]:
        return [
            {
                "reference": r.reference,
                "submitted_at": r.submitted_at.isoformat(),
                "status": r.status,
                "type": r.request_type,
                "category": str(r.category),
                "description": r.description,
                "address": r.address,
                "latitude": r.latitude,
                "longitude": r.longitude,
                "place": str(r.jurisdiction),
                "contact_name": r.contact_name,
                "contact_phone": r.contact_phone,
                "contact_email": r.contact_email,
                "language": r.language,
                "reply": r.reply,
                "rating": r.rating,
                "rating_comment": r.rating_comment,
                "solved": r.solved,
                "closed_at": r.closed_at.isoformat() if r.closed_at else None,
                "photos": [a.image.name for a in r.attachments.all()],
                "timeline": [
                    {"at": e.created_at.isoformat(), "action": e.action, "status": e.to_status,
                     "text": e.describe(), "note": e.public_note}
                    for e in r.events.all() if e.is_public
                ],
            }
            for r in resident_requests(user=user).prefetch_related("events__unit", "attachments")
        ]

    def erase_resident(
        self, *, actor: User | None, user: User, reason: str, now: datetime, request: HttpRequest | None
    ) -> int:
        """The requests stay for the figures: contact, exact address and the account link go."""
        requests = list(resident_requests(user=user))
        for service_request in requests:
            service_request_erase_personal_data(
                actor=actor, service_request=service_request, parts={"contact", "address", "account"},
                reason=reason, now=now, http_request=request,
            )
        return len(requests)

    def consent_withdrawn(
        self, *, actor: User | None, consent: Consent, now: datetime, request: HttpRequest | None
    ) -> None:
        if consent.service_request is None:
            return
        follow_up = consent.purpose == Purpose.FOLLOW_UP_CONTACT
        parts: Collection[str] = {"contact"} if follow_up else {"contact", "address", "account"}
        service_request_erase_personal_data(
            actor=actor, service_request=consent.service_request, parts=parts, now=now,
            reason="follow_up_withdrawn" if follow_up else "handling_withdrawn", http_request=request,
        )
