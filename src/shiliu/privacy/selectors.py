"""Reads about residents and their data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from shiliu.privacy import crypto, registry
from shiliu.privacy.models import Consent, RequestClaim, ResidentProfile

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
    """Whether the account has a resident profile; no query when the profile was loaded with
    the account (select_related("resident_profile"), as the API's cached keys do)."""
    if not getattr(user, "is_authenticated", False):
        return False
    profile = ResidentProfile._meta.get_field("user").remote_field  # the reverse one-to-one
    if profile.is_cached(user):
        return profile.get_cached_value(user) is not None
    return ResidentProfile.objects.filter(user_id=user.pk).exists()


def resident_consents(*, user: User) -> QuerySet[Consent]:
    """The account's own consents and those given for what it holds elsewhere (its requests)."""
    from django.db.models import Q

    subjects = [s for holder in registry.holders() for s in holder.consent_subjects(user=user)]
    return (Consent.objects.filter(Q(user=user) | Q(subject__in=subjects))
            .select_related("notice", "service_request").order_by("-given_at", "-id"))


@dataclass(frozen=True)
class SectionOf:
    """One registered section with the resident's items in it."""

    section: registry.ResidentSection
    items: list[registry.ResidentItem]

    @property
    def action_url(self) -> str:
        return self.section.action_url() if self.section.action_url is not None else ""


def resident_sections(*, user: User) -> list[SectionOf]:
    """The sections of the resident's account page, in order, each with the resident's items
    (registered by the apps holding them, `registry.register_resident_section`)."""
    return [SectionOf(section=section, items=list(section.items_for(user)))
            for section in registry.resident_sections()]


def resident_contacts(*, user: User) -> dict[str, str]:
    """The resident's phone number and e-mail address, masked for the page ("" when none)."""
    from shiliu.core.masking import mask_email, mask_phone

    profile = ResidentProfile.objects.filter(user=user).first()
    if profile is None:
        return {"phone": "", "email": ""}
    return {"phone": mask_phone(profile.phone) if profile.phone else "",
            "email": mask_email(profile.email) if profile.email else ""}


def resident_data(*, user: User) -> dict[str, Any]:
    """Everything the platform keeps about this resident, in clear: it is their own data."""
    from django.utils import timezone

    profile = ResidentProfile.objects.filter(user=user).first()
    data: dict[str, Any] = {
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
    }
    for holder in registry.holders():
        if holder.export_section:
            data[holder.export_section] = holder.export(user=user)
    return data


def request_claims_pending(*, service_request: ServiceRequest) -> QuerySet[RequestClaim]:
    """Residents waiting for staff to confirm that this request is theirs."""
    return (RequestClaim.objects.filter(service_request=service_request, confirmed_at__isnull=True)
            .select_related("resident").order_by("created_at"))


def request_claim_for(*, service_request: ServiceRequest, resident: Any) -> RequestClaim | None:
    return RequestClaim.objects.filter(service_request=service_request, resident_id=resident.pk,
                                       confirmed_at__isnull=True).first()
