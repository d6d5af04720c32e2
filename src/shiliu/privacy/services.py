"""Every write about consent and residents' rights: giving and withdrawing consent, resident
accounts (sign-up, claiming a request, export, deletion) and the retention purge.

Each function is keyword-only with the acting user first, opens one transaction, and records
what it did in the audit trail (field names and identifiers, never the values).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from shiliu.audit.models import AuditAction
from shiliu.audit.services import audit_record
from shiliu.privacy.models import REQUEST_PURPOSES, Consent, Notice, Purpose

if TYPE_CHECKING:
    from shiliu.people.models import User
    from shiliu.service_requests.models import ServiceRequest

logger = logging.getLogger("shiliu.privacy")


class PrivacyError(Exception):
    """A refused privacy action; `code` is stable, `message` is for people."""

    code = "privacy_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConsentRequired(PrivacyError):
    code = "consent_required"


class NoNotice(PrivacyError):
    code = "no_notice"


def notice_current(purpose: str) -> Notice:
    """The latest published notice version of `purpose`."""
    notice = (Notice.objects.filter(purpose=purpose, published_at__isnull=False)
              .prefetch_related("texts").order_by("-version").first())
    if notice is None:
        raise NoNotice(_("No notice is published for this purpose yet."))
    return notice


def subject_of(*, user: User | None = None, service_request: ServiceRequest | None = None) -> str:
    if (user is None) == (service_request is None):
        raise ValueError("a consent belongs to exactly one account or one request")
    return f"user:{user.pk}" if user is not None else f"request:{service_request.pk}"  # type: ignore[union-attr]


def consent_active(
    purpose: str, *, user: User | None = None, service_request: ServiceRequest | None = None
) -> bool:
    subject = subject_of(user=user, service_request=service_request)
    return Consent.objects.filter(subject=subject, purpose=purpose, withdrawn_at__isnull=True).exists()


def consent_give(
    *,
    actor: User | None,
    purpose: str,
    language: str,
    user: User | None = None,
    service_request: ServiceRequest | None = None,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Consent:
    """Record agreement to the current notice of `purpose`. `actor` is staff recording a
    resident's spoken consent, or the resident themself (None when not signed in)."""
    return consents_give(actor=actor, purposes=[purpose], language=language, user=user,
                         service_request=service_request, now=now, request=request)[0]


def consents_give(
    *,
    actor: User | None,
    purposes: Collection[str],
    language: str,
    user: User | None = None,
    service_request: ServiceRequest | None = None,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> list[Consent]:
    """`consent_give` for several purposes at once (one audit event), e.g. at intake."""
    if service_request is not None and not set(purposes) <= REQUEST_PURPOSES:
        raise ValueError(f"{purposes} are agreed to by an account, not for one request")
    subject = subject_of(user=user, service_request=service_request)
    notices = {n.purpose: n for n in Notice.objects.filter(purpose__in=purposes, published_at__isnull=False)
               .prefetch_related("texts").order_by("purpose", "version")}  # the last one wins
    if set(purposes) - set(notices):
        raise NoNotice(_("No notice is published for this purpose yet."))
    staff = actor if actor is not None and user is None and getattr(actor, "is_staff_member", False) else None
    given, created = [], []
    for purpose in purposes:
        notice = notices[purpose]
        text = notice.text_for(language)
        try:
            with transaction.atomic():
                consent = Consent.objects.create(
                    subject=subject, user=user, service_request=service_request, purpose=purpose,
                    notice=notice, language=text.language if text else language,
                    given_at=now or timezone.now(), recorded_by=staff,
                )
            created.append(consent)
        except IntegrityError:  # already agreed: the active consent stands
            consent = Consent.objects.get(subject=subject, purpose=purpose, withdrawn_at__isnull=True)
        given.append(consent)
    if created:
        audit_record(actor=actor, action=AuditAction.CREATE, target=created[0], request=request,
                     detail={"subject": subject, "consents": [
                         {"purpose": c.purpose, "notice_version": c.notice.version} for c in created]})
    return given


def consent_withdraw(
    *,
    actor: User | None,
    purpose: str,
    user: User | None = None,
    service_request: ServiceRequest | None = None,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Consent:
    """Withdraw the active consent to `purpose` and stop using what it covered: withdrawing
    follow-up contact erases the contact details kept with the request; withdrawing request
    handling erases all its personal data (the request stays, anonymised, for the figures)."""
    from shiliu.service_requests.services import service_request_erase_personal_data

    subject = subject_of(user=user, service_request=service_request)
    now = now or timezone.now()
    with transaction.atomic():
        consent = Consent.objects.filter(subject=subject, purpose=purpose, withdrawn_at__isnull=True).first()
        if consent is None or not Consent.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=now, updated_at=now
        ):
            raise PrivacyError(_("There is no consent to withdraw for this purpose."))
        consent.withdrawn_at = now
        if service_request is not None:
            parts: Collection[str] = (
                {"contact"} if purpose == Purpose.FOLLOW_UP_CONTACT else {"contact", "address", "account"}
            )
            service_request_erase_personal_data(
                actor=actor, service_request=service_request, parts=parts, now=now,
                reason="follow_up_withdrawn" if purpose == Purpose.FOLLOW_UP_CONTACT else "handling_withdrawn",
                http_request=request,
            )
        audit_record(actor=actor, action=AuditAction.CHANGE, target=consent, request=request,
                     detail={"purpose": purpose, "withdrawn": True, "subject": subject})
    return consent


def consents_vouched_by_client(*, contact_given: bool) -> set[str]:
    """The consents an Open311 client vouches for when it posts a request. GeoReport has no
    consent field: a client posting a request asks for it to be handled, and the contact fields
    (name, phone, e-mail) exist for follow-up, so the client vouches for both, its own app having
    shown the resident our notices (a condition of the API key). Without contact details nothing
    beyond request handling is assumed."""
    given = {str(Purpose.REQUEST_HANDLING)}
    if contact_given:
        given.add(str(Purpose.FOLLOW_UP_CONTACT))
    return given


def consents_of(*, user: User | None = None, service_request: ServiceRequest | None = None) -> Any:
    subject = subject_of(user=user, service_request=service_request)
    return Consent.objects.filter(subject=subject).select_related("notice").order_by("purpose", "-given_at")


# --- Resident accounts -----------------------------------------------------------------------------

def resident_sign_up(
    *, identifier: str, password: str, language: str, request: HttpRequest | None = None
) -> User:
    """A resident account signed in by phone or e-mail. The identifier is stored encrypted with
    its blind index; the account gets a random username that nobody needs to know."""
    import secrets

    from django.contrib.auth import password_validation
    from django.core.exceptions import ValidationError

    from shiliu.people.models import User
    from shiliu.privacy import crypto
    from shiliu.privacy.models import ResidentProfile
    from shiliu.privacy.selectors import identifier_kind, resident_profile_find

    kind = identifier_kind(identifier)
    value = crypto.NORMALISERS[kind](identifier)
    if kind == "phone" and not (len(value) == 11 and value.startswith("1")):
        raise PrivacyError(_("Enter an 11-digit mobile number or an e-mail address."))
    if resident_profile_find(identifier=value) is not None:
        raise PrivacyError(_("An account with this phone number or e-mail address already exists. "
                             "Sign in instead."))
    user = User(username=f"resident-{secrets.token_hex(8)}", preferred_language=language)
    validators = password_validation.get_default_password_validators()  # the one password policy
    try:
        password_validation.validate_password(password, user, password_validators=validators)
    except ValidationError as error:
        raise PrivacyError(" ".join(error.messages)) from None
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
            ResidentProfile.objects.create(user=user, **{kind: value})
            audit_record(actor=user, action=AuditAction.CREATE, target=user, request=request,
                         detail={"account": "resident", "fields": [kind]})
    except IntegrityError:  # the same identifier signed up a moment ago
        raise PrivacyError(_("An account with this phone number or e-mail address already exists. "
                             "Sign in instead.")) from None
    return user


def request_claim(*, actor: User, service_request: ServiceRequest, request: HttpRequest | None = None) -> None:
    """A signed-in resident adds a request they hold the private link of to their account."""
    from shiliu.service_requests.models import ServiceRequest

    if service_request.submitted_by_id == actor.pk:
        return
    if service_request.submitted_by_id is not None or not ServiceRequest.objects.filter(
        pk=service_request.pk, submitted_by__isnull=True
    ).update(submitted_by=actor, updated_at=timezone.now()):
        raise PrivacyError(_("This request already belongs to an account."))
    service_request.submitted_by = actor
    audit_record(actor=actor, action=AuditAction.CHANGE, target=service_request, request=request,
                 detail={"fields": ["submitted_by"], "claimed": True})


def resident_export(*, actor: User, fmt: str, request: HttpRequest | None = None) -> bytes:
    """All the resident's data as JSON or xlsx; the export itself is audited."""
    from shiliu.privacy import export
    from shiliu.privacy.selectors import resident_data

    data = resident_data(user=actor)
    content = export.to_xlsx(data) if fmt == "xlsx" else export.to_json(data)
    audit_record(actor=actor, action=AuditAction.EXPORT, target=actor, request=request,
                 detail={"format": fmt, "requests": len(data["requests"]), "consents": len(data["consents"])})
    return content


def resident_delete(*, actor: User, password: str, request: HttpRequest | None = None,
                    now: datetime | None = None) -> int:
    """Delete the resident's account: sign-in identity and password gone, the account row left as
    an inactive, empty tombstone (`deleted-<id>`). Their requests stay for the figures without personal
    data: contact name and phone removed, the address cut to its road or community, the link to
    the account dropped; the description is kept (see the privacy app's README). Consents are
    marked withdrawn and kept, without the account, for their retention period. Returns the
    number of requests anonymised."""
    if not actor.check_password(password):
        raise PrivacyError(_("The password is not right: the account was not deleted."))
    return _resident_erase(actor=actor, user=actor, reason="account_deleted", now=now, request=request)


def _resident_erase(*, actor: User | None, user: User, reason: str, now: datetime | None = None,
                    request: HttpRequest | None = None) -> int:
    from shiliu.privacy.selectors import resident_requests
    from shiliu.service_requests.services import service_request_erase_personal_data

    now = now or timezone.now()
    with transaction.atomic():
        requests = list(resident_requests(user=user))
        for service_request in requests:
            service_request_erase_personal_data(
                actor=actor, service_request=service_request, parts={"contact", "address", "account"},
                reason=reason, now=now, http_request=request,
            )
        Consent.objects.filter(withdrawn_at__isnull=True).filter(
            subject__in=[f"user:{user.pk}", *(f"request:{r.pk}" for r in requests)]
        ).update(withdrawn_at=now, updated_at=now)
        audit_record(actor=actor, action=AuditAction.DELETE, target=user, request=request,
                     actor_label="" if actor else "retention",
                     detail={"account": "resident", "requests_anonymised": len(requests), "reason": reason})
        # The row stays as an empty tombstone: the append-only audit trail refers to it (PostgreSQL
        # refuses the SET NULL a deletion would cascade to it). Nothing personal is left on it.
        from shiliu.privacy.models import ResidentProfile

        ResidentProfile.objects.filter(user=user).delete()
        user.username = f"deleted-{user.pk}"
        user.first_name = user.last_name = user.email = user.display_name = ""
        user.is_active = False
        user.last_login = None
        user.set_unusable_password()
        user.save()
    return len(requests)


# --- Retention -------------------------------------------------------------------------------------

def personal_data_purge(
    *, now: datetime | None = None, dry_run: bool = False,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, int]:
    """Remove every piece of personal data past its retention period (privacy/retention.py) and
    return how many were removed per kind. Safe to run at any time and any number of times; a
    dry run only counts. The run itself is one audit event; each request it strips is another."""
    from shiliu.privacy import retention
    from shiliu.service_requests.services import service_request_erase_personal_data

    now = now or timezone.now()
    counts: dict[str, int] = {}
    for rule in retention.RULES:
        rows = retention.candidates(rule.kind, now=now)
        total = rows.count()
        counts[rule.kind] = 0
        if dry_run:
            counts[rule.kind] = total
            continue
        for done, row in enumerate(list(rows.iterator(chunk_size=500)), start=1):
            if rule.kind == "closed_request_contact":
                erased = service_request_erase_personal_data(
                    actor=None, service_request=row, parts={"contact", "address"}, reason="retention", now=now)
                counts[rule.kind] += bool(erased)
            elif rule.kind == "closed_request_photos":
                with transaction.atomic():
                    row.image.delete(save=False)
                    row.delete()
                    audit_record(actor=None, action=AuditAction.DELETE, target=row.request, actor_label="retention",
                                 detail={"fields": ["photo"], "reason": "retention"})
                counts[rule.kind] += 1
            elif rule.kind == "inactive_resident_accounts":
                _resident_erase(actor=None, user=row, reason="retention", now=now)
                counts[rule.kind] += 1
            elif rule.kind == "withdrawn_consents":
                row.delete()
                counts[rule.kind] += 1
            if on_progress:
                on_progress(rule.kind, done, total)
    if not dry_run:
        audit_record(actor=None, action=AuditAction.DELETE, target_type="privacy.retention",
                     actor_label="retention", detail={"removed": counts})
    return counts
