"""Reads about residents and their data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from shiliu.privacy import crypto
from shiliu.privacy.models import Consent, ResidentProfile

if TYPE_CHECKING:
    from shiliu.people.models import User
    from shiliu.service_requests.models import ServiceRequest


def identifier_kind(identifier: str) -> str:
    """"email" when it looks like an address, else "phone"."""
    return "email" if "@" in (identifier or "") else "phone"


def resident_profile_find(*, identifier: str) -> ResidentProfile | None:
    kind = identifier_kind(identifier)
    index = crypto.blind_index(identifier, kind=kind)
    if not index:
        return None
    lookup = {"email_index": index} if kind == "email" else {"phone_index": index}
    return ResidentProfile.objects.select_related("user").filter(**lookup).first()


def is_resident(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)
                and ResidentProfile.objects.filter(user_id=user.pk).exists())


def resident_requests(*, user: User) -> QuerySet[ServiceRequest]:
    from shiliu.service_requests.models import ServiceRequest

    return (ServiceRequest.objects.filter(submitted_by=user)
            .select_related("category", "category__parent", "jurisdiction").order_by("-submitted_at"))


def resident_consents(*, user: User) -> QuerySet[Consent]:
    """The account's own consents and those given for its requests."""
    from django.db.models import Q

    return (Consent.objects.filter(Q(user=user) | Q(service_request__submitted_by=user))
            .select_related("notice", "service_request").order_by("-given_at", "-id"))


def resident_data(*, user: User) -> dict[str, Any]:
    """Everything the platform keeps about this resident, in clear: it is their own data."""
    from django.utils import timezone

    profile = ResidentProfile.objects.filter(user=user).first()
    requests = list(resident_requests(user=user).prefetch_related("events__unit", "attachments"))
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "phone": profile.phone if profile else "",
            "email": profile.email if profile else "",
            "preferred_language": user.preferred_language,
            "created_at": user.date_joined.isoformat(),
            "last_sign_in": user.last_login.isoformat() if user.last_login else None,
        },
        "consents": [
            {
                "purpose": c.purpose,
                "notice_version": c.notice.version,
                "language": c.language,
                "request": c.service_request.reference if c.service_request else None,
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in resident_consents(user=user)
        ],
        "requests": [
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
            for r in requests
        ],
    }
