"""Every write to requests that is not a single transition: intake from any channel, bulk
dispatch, and the deadline sweep. Transitions themselves live in workflow.py."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shiliu.audit.models import AuditAction
from shiliu.audit.services import audit_record
from shiliu.core import masking
from shiliu.core.permissions import INTAKE_ROLES
from shiliu.core.sms import Kind, send_sms
from shiliu.privacy import codes, images
from shiliu.privacy import services as privacy_services
from shiliu.privacy.models import REQUEST_PURPOSES, Purpose, RequestClaim
from shiliu.service_requests import duplicates, events, references, routing, search, sla, workflow
from shiliu.service_requests.models import (
    Attachment,
    Category,
    Channel,
    PendingPhoto,
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
# Channels through which another system (an API key's service account) or a staff session may
# carry a resident's request: the carrier is recorded, but only a signed-in resident owns it.
REMOTE_CHANNELS = {Channel.API, Channel.OPEN311}

PHONE_PATTERN = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


class InvalidIntake(workflow.InvalidInput):
    """Input no channel may store; `code` names the rule, the same on every channel."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def normalised_phone(phone: str) -> str:
    """A contact phone without spaces or brackets (a mobile number also without China's country
    code or dashes); InvalidIntake unless it is a mobile number or a landline with its area code."""
    phone = re.sub(r"[\s()]", "", phone or "")
    if not phone or PHONE_PATTERN.match(phone):
        return phone
    from shiliu.privacy.crypto import normalise_phone

    digits = normalise_phone(phone)  # "+86 138-1234-1234" → "13812341234", as the blind index
    if not PHONE_PATTERN.match(digits) or not digits.startswith("1"):
        raise InvalidIntake(
            _("Enter an 11-digit mobile number or a landline such as 028-12345678."), "invalid_phone"
        )
    return digits


def normalised_email(email: str) -> str:
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise InvalidIntake(_("Enter a valid e-mail address."), "invalid_email") from None
    return email


def checked_language(language: str) -> str:
    if language not in dict(settings.RESIDENT_LANGUAGES):
        raise InvalidIntake(
            _("Choose a language from: %(codes)s.") % {"codes": ", ".join(dict(settings.RESIDENT_LANGUAGES))},
            "unknown_language",
        )
    return language


def place_by_code(code: str) -> OrgUnit:
    """The active unit of the jurisdiction tree (city to grid) with this code; departments are
    not places."""
    from shiliu.org.models import OrgUnit

    unit = OrgUnit.objects.filter(code=code.strip(), is_active=True, kind__in=OrgUnit.LEVELS).first()
    if unit is None:
        raise InvalidIntake(
            _("No community or other place has the code “%(code)s”.") % {"code": code.strip()[:64]},
            "unknown_place",
        )
    return unit


def owner_of(actor: User | None, channel: str) -> User | None:
    """Who the request belongs to: the resident submitting it. Staff entering it on a resident's
    behalf, and systems or staff carrying it through the APIs, are recorded as its submitter in
    the timeline but never own it, so the resident can claim it and is the one told."""
    if channel in STAFF_CHANNELS or actor is None:
        return None
    if channel in REMOTE_CHANNELS:
        from shiliu.privacy.selectors import is_resident

        return actor if is_resident(actor) else None
    return actor


def next_reference(year: int) -> str:
    """SL-2026-000123, the next of its year, inside the caller's transaction and without a lock
    held to COMMIT on PostgreSQL (a sequence per year, gaps allowed: references.py)."""
    return references.next_reference(year)


def photo_check(upload: File[Any]) -> images.CleanPhoto:
    """The one image check every channel's photos pass (privacy/images.py), refused as
    InvalidInput with the reason in the active language."""
    try:
        return images.clean_photo(upload)
    except images.NotAnImage as error:
        raise workflow.InvalidInput(str(error)) from None


def attachments_add(
    *, service_request: ServiceRequest, photos: Sequence[File[Any]], kind: str = Attachment.Kind.REQUEST
) -> list[Attachment]:
    """Attach `photos` (each through the one image check) inside the caller's transaction.

    Only the rows are written now; each file is written once the outermost transaction commits,
    so an intake that rolls back (a lost idempotency race, a later error) leaves no file that no
    row points to. Nothing reads a file before its commit: the request is not visible until then."""
    added = []
    for photo in photos:
        clean = photo_check(photo)
        attachment = Attachment(request=service_request, kind=kind)
        name = attachment.image.field.generate_filename(attachment, clean.name or "photo.jpg")
        attachment.image.name = name  # assigned, not written yet
        attachment.save()
        transaction.on_commit(functools.partial(_attachment_write, attachment.pk, name, clean))
        added.append(attachment)
    return added


def _attachment_write(pk: int, name: str, content: File[Any]) -> None:
    storage = Attachment._meta.get_field("image").storage
    stored = storage.save(name, content)
    if stored != name:  # the storage found the random name taken and chose another
        Attachment.objects.filter(pk=pk).update(image=stored)


PENDING_PHOTO_SALT = "shiliu.service_requests.pending-photo"


def pending_photo_keep(*, photo: File[Any]) -> str:
    """Keep a checked photo of a form that must be sent again; the signed token to carry."""
    from django.core import signing

    pending = PendingPhoto.objects.create(image=photo_check(photo))
    return signing.dumps(pending.key, salt=PENDING_PHOTO_SALT)


def pending_photo_get(*, token: str) -> PendingPhoto | None:
    """The pending photo a token names, while the token is genuine and not expired."""
    from django.core import signing

    try:
        key = signing.loads(token, salt=PENDING_PHOTO_SALT, max_age=settings.SHILIU_PENDING_PHOTO_SECONDS)
    except signing.BadSignature:
        return None
    return PendingPhoto.objects.filter(key=key).first()


def pending_photo_take(*, token: str) -> images.CleanPhoto | None:
    """The photo kept under `token`, ready to attach (it passed the check when it was kept)."""
    pending = pending_photo_get(token=token)
    if pending is None:
        return None
    try:
        with pending.image.open("rb") as stored:
            content = stored.read()
    except FileNotFoundError:
        return None
    return images.CleanPhoto(content, extension="png" if pending.image.name.endswith(".png") else "jpg")


def pending_photo_discard(*, token: str) -> None:
    """Forget a pending photo once its submission is committed (or it was removed)."""
    pending = pending_photo_get(token=token)
    if pending is None:
        return
    name, storage = pending.image.name, pending.image.storage
    pending.delete()
    transaction.on_commit(functools.partial(storage.delete, name))


def uploads_sweep(*, now: datetime | None = None, grace: timedelta = timedelta(hours=1)) -> dict[str, int]:
    """Remove expired pending photos, and files under requests/ and pending/ that no row points
    to (left by a crash between writing and committing) once older than `grace`."""
    now = now or timezone.now()
    expired = PendingPhoto.objects.filter(
        created_at__lt=now - timedelta(seconds=settings.SHILIU_PENDING_PHOTO_SECONDS))
    counts = {"pending": 0, "unreferenced": 0}
    for pending in list(expired):
        pending.image.delete(save=False)
        pending.delete()
        counts["pending"] += 1
    storage = Attachment._meta.get_field("image").storage
    known = set(Attachment.objects.values_list("image", flat=True)) | set(
        PendingPhoto.objects.values_list("image", flat=True))
    for top in ("requests", "pending"):
        for name in _files_under(storage, top):
            if name not in known and storage.get_modified_time(name) < now - grace:
                storage.delete(name)
                counts["unreferenced"] += 1
    return counts


def _files_under(storage: Any, folder: str) -> list[str]:
    if not storage.exists(folder):
        return []
    folders, files = storage.listdir(folder)
    found = [f"{folder}/{name}" for name in files]
    for sub in folders:
        found += _files_under(storage, f"{folder}/{sub}")
    return found


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
    place_code: str = "",
    language: str = "zh-hans",
    is_anonymous: bool = False,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    consents: Collection[str] = (),
    photos: Sequence[File[Any]] | None = None,
    submitted_at: datetime | None = None,
) -> ServiceRequest:
    """Create a request from any channel: placed, routed, clocked and recorded the same way.

    `consents` are the purposes the resident agreed to for this request (the portal's boxes, or
    what staff recorded them saying): request handling is required; contact details are kept
    only with follow-up contact, so without it a name, phone or e-mail is refused rather than
    stored. `place_code` names the place (a unit of the jurisdiction tree) when `unit` is not
    given. The phone, e-mail, language and place are checked here, the same for every channel
    (InvalidIntake with a stable code). `actor` is who submits: the resident, staff entering it
    for them, or the system that carried it (owner_of decides who owns it).
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
    language = checked_language(language)
    if unit is None and place_code.strip():
        unit = place_by_code(place_code)
    if latitude is None and not address.strip() and unit is None:
        raise workflow.InvalidInput(_("Please pick the place on the map or type its address."))
    if is_anonymous:
        contact_name = ""
    contact_name = contact_name.strip()
    contact_phone, contact_email = normalised_phone(contact_phone), normalised_email(contact_email)
    if (contact_name or contact_phone or contact_email) and Purpose.FOLLOW_UP_CONTACT not in consents:
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
            contact_email=contact_email,
            submitted_by=owner_of(actor, channel),
            entered_by=actor if channel in STAFF_CHANNELS else None,
            submitted_at=now,
            due_at=accept_by,
        )
        try:
            # The related objects were just loaded; re-checking that they exist costs 5 queries. The
            # reference and the tracking token are unique by construction (and by constraint).
            request.full_clean(
                exclude=["tracking_token", "category", "jurisdiction", "routed_unit", "submitted_by", "entered_by"],
                validate_unique=False,
            )
        except ValidationError as error:
            raise workflow.InvalidInput(" ".join(error.messages)) from None
        request.search_text = search.document(request)
        request.possible_duplicate_of_id = duplicates.most_alike_open_request(
            description=description, place=place, latitude=latitude, longitude=longitude, now=now)
        request.save()
        search.index_write(request.pk, request.search_text, new=True)
        RequestEvent.objects.create(
            request=request, action="submit", from_status="", to_status=Status.SUBMITTED,
            actor=actor, actor_label=str(actor) if actor else _("Resident"),
            kind="submit", params={"channel": channel}, created_at=now,
        )
        privacy_services.consents_give(actor=actor, purposes=sorted(consents), language=language,
                                       service_request=request, now=now, new_subject=True)
        attachments_add(service_request=request, photos=photos or [])
        for _receiver, outcome in events.submitted.send_robust(sender=ServiceRequest, request=request):
            if isinstance(outcome, Exception):
                logger.error("after intake of %s: %r", request.reference, outcome)
        events.publish(request, events.RECEIVED)
    logger.debug("request %s submitted through %s", request.reference, channel)
    return request


# What each revealable field was collected for: it is shown only while that consent stands.
REVEALABLE_FIELDS: dict[str, tuple[str, object]] = {
    "contact_phone": (Purpose.FOLLOW_UP_CONTACT, gettext_lazy("contact phone")),
    "contact_name": (Purpose.FOLLOW_UP_CONTACT, gettext_lazy("contact name")),
    "address": (Purpose.REQUEST_HANDLING, gettext_lazy("exact address")),
    # Phone numbers the resident typed into the description are masked everywhere else.
    "description": (Purpose.REQUEST_HANDLING, gettext_lazy("description with its phone numbers")),
}
MIN_REASON_LENGTH = 4


def service_request_reveal(
    *, actor: User, service_request: ServiceRequest, field: str, reason: str,
    http_request: HttpRequest | None = None,
) -> str:
    """The unmasked value of one personal field, for a stated reason, recorded in the audit trail.
    Refused to anyone outside the reveal policy and when the purpose's consent is not active."""
    from shiliu.core.permissions import policy_for
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
    if not privacy_services.consent_active(purpose, service_request=service_request):
        raise workflow.NotAllowed(_("The resident has not agreed to this use of their data, or withdrew it."))
    audit_record(actor=actor, action=AuditAction.REVEAL, target=service_request, request=http_request,
                 detail={"field": field, "reason": reason})
    return value


# What a staff reader sees of a request on its detail page or through the REST API: the text the
# resident wrote, the place and the masked contact. Recorded by name, never by value.
DETAIL_FIELDS = ["description", "address", "location", "contact_name_masked", "contact_phone_masked"]


def service_request_read_record(
    *, actor: User, service_request: ServiceRequest, channel: str, fields: list[str] | None = None,
    http_request: HttpRequest | None = None,
) -> None:
    """Audit that `actor` read a request's personal data (its detail, a photo): every read of
    personal data is on the trail, whichever page or API it came through."""
    audit_record(actor=actor, action=AuditAction.READ, target=service_request, request=http_request,
                 detail={"channel": channel, "fields": fields or DETAIL_FIELDS})


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


def service_request_send_tracking_link(
    *, actor: User, service_request: ServiceRequest, http_request: HttpRequest | None = None
) -> None:
    """Text the resident their private tracking link, at the contact number on the request, when
    the person who entered it asks (one tap on the page after entry). Only with the resident's
    consent to follow-up contact; reading the number to send it is audited (field names only).
    Published as news for text messages only; notifications sends it through the SMS backends on
    commit and keeps the in-app copy like every notification."""
    if service_request.entered_by_id != actor.pk:
        raise workflow.NotAllowed(_("Only the person who entered this request can send its link."))
    if not service_request.contact_phone:
        raise workflow.InvalidInput(_("No phone number was recorded for this request."))
    if not privacy_services.consent_active(Purpose.FOLLOW_UP_CONTACT, service_request=service_request):
        raise workflow.NotAllowed(
            _("The resident has not agreed to be contacted about this request, so no text message can be sent.")
        )
    with transaction.atomic():
        audit_record(actor=actor, action=AuditAction.READ, target=service_request, request=http_request,
                     detail={"fields": ["contact_phone"], "purpose": "send_tracking_link"})
        events.publish(service_request, events.RECEIVED, channels=("sms",))


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
    if "contact" in parts and (
        service_request.contact_name or service_request.contact_phone or service_request.contact_email
    ):
        changes.update(contact_name="", contact_phone="", contact_phone_index="")
        if service_request.contact_email:
            changes["contact_email"] = ""
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


def _claim_owned_check(actor: User, service_request: ServiceRequest) -> bool:
    """True when it is already the actor's; Conflict when it is someone else's."""
    if service_request.submitted_by_id == actor.pk:
        return True
    if service_request.submitted_by_id is not None:
        raise workflow.Conflict(_("This request already belongs to an account."))
    return False


def service_request_claim_start(
    *, actor: User, service_request: ServiceRequest, request: HttpRequest | None = None,
    now: datetime | None = None,
) -> RequestClaim | None:
    """A signed-in resident holding the private link asks to add the request to their account.
    With a contact phone on the request, a one-time code goes to that phone (asking again sends
    a fresh one); without one, the claim waits for a staff member in scope to confirm it. Nothing
    of the request is the resident's until then. None when it is theirs already."""

    if _claim_owned_check(actor, service_request):
        return None
    now = now or timezone.now()
    claim, _created = RequestClaim.objects.get_or_create(service_request=service_request, resident=actor)
    code = ""
    if service_request.contact_phone:
        code = codes.code_new()
        claim.code_hash = codes.code_hash(code, purpose=f"claim:{claim.pk}")
        claim.code_expires_at = codes.code_expiry(now)
        claim.attempts = 0
        claim.save(update_fields=["code_hash", "code_expires_at", "attempts", "updated_at"])
    audit_record(actor=actor, action=AuditAction.CREATE, target=claim, request=request,
                 detail={"request": service_request.pk, "code_sent": bool(code)})
    if code:
        with translation.override(service_request.language or actor.preferred_language):
            text = _("Your code to add request %(reference)s to a Shiliu account is %(code)s. It is "
                     "valid for %(minutes)d minutes. If you did not ask for it, ignore this message.") % {
                "reference": service_request.reference, "code": code,
                "minutes": settings.SHILIU_CODE_MINUTES}
        send_sms(service_request.contact_phone, text, kind=Kind.CLAIM_CODE,
                 params=(service_request.reference, code, settings.SHILIU_CODE_MINUTES),
                 language=service_request.language or actor.preferred_language)
    return claim


def _claim_grant(*, actor: User, claim: RequestClaim, method: str, now: datetime,
                 request: HttpRequest | None) -> None:

    with transaction.atomic():
        if not ServiceRequest.objects.filter(pk=claim.service_request_id, submitted_by__isnull=True).update(
            submitted_by=claim.resident_id, updated_at=now
        ):
            raise workflow.Conflict(_("This request already belongs to an account."))
        RequestClaim.objects.filter(pk=claim.pk).update(
            confirmed_at=now, confirmed_by=actor, method=method, code_hash="", updated_at=now)
        RequestClaim.objects.filter(service_request_id=claim.service_request_id,
                                    confirmed_at__isnull=True).exclude(pk=claim.pk).delete()
        audit_record(actor=actor, action=AuditAction.CHANGE, target=claim.service_request, request=request,
                     detail={"fields": ["submitted_by"], "claimed": method, "claim": claim.pk,
                             "resident": claim.resident_id})
    claim.service_request.submitted_by_id = claim.resident_id


def service_request_claim_confirm(
    *, actor: User, service_request: ServiceRequest, code: str, request: HttpRequest | None = None,
    now: datetime | None = None,
) -> None:
    """The resident brings back the code sent to the request's contact phone. Only their own
    claim of this request counts; SHILIU_CODE_ATTEMPTS tries, SHILIU_CODE_MINUTES valid."""

    now = now or timezone.now()
    if _claim_owned_check(actor, service_request):
        return
    claim = RequestClaim.objects.filter(service_request=service_request, resident=actor,
                                        confirmed_at__isnull=True).first()
    if claim is None or not claim.code_hash:
        raise privacy_services.WrongCode(_("The code is not right. Check the message we sent and try again."))
    counted = RequestClaim.objects.filter(
        pk=claim.pk, attempts__lt=settings.SHILIU_CODE_ATTEMPTS, code_expires_at__gt=now
    ).update(attempts=F("attempts") + 1)
    if not counted:
        raise privacy_services.CodeSpent(_("This code can no longer be used. Ask for a new code."))
    if not codes.code_matches(code, claim.code_hash, purpose=f"claim:{claim.pk}"):
        raise privacy_services.WrongCode(_("The code is not right. Check the message we sent and try again."))
    _claim_grant(actor=actor, claim=claim, method="code", now=now, request=request)


def service_request_claim_staff_confirm(
    *, actor: User, claim: RequestClaim, request: HttpRequest | None = None, now: datetime | None = None,
) -> None:
    """A staff member in scope (the caller fetched the request through the policy) confirms a
    claim, having checked who the resident is: at the counter, or by calling the contact."""
    if not claim.is_pending:
        return
    _claim_grant(actor=actor, claim=claim, method="staff", now=now or timezone.now(), request=request)


def service_request_accept_and_dispatch(
    *, actor: User, service_request: ServiceRequest, unit: OrgUnit, note: str = ""
) -> ServiceRequest:
    """Accept a new request and dispatch it in one step (when the suggested unit is right): both
    workflow verbs in one transaction, so a refused dispatch leaves the request unaccepted."""
    with transaction.atomic():
        workflow.accept(service_request, actor=actor)
        workflow.dispatch(service_request, actor=actor, unit=unit, note=note)
    return service_request


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


def service_request_search_reindex(*, batch: int = 500) -> int:
    """Write the search text of every request again (after an upgrade, or a unit moved in the
    tree; a renamed unit needs nothing: queries match unit names as they are now);
    returns how many. Batched, each batch in its own transaction."""
    count, last = 0, 0
    while True:
        with transaction.atomic():
            rows = list(ServiceRequest.objects.filter(pk__gt=last).select_related("jurisdiction")
                        .order_by("pk")[:batch])
            if not rows:
                return count
            for row in rows:
                row.search_text = search.document(row)
                ServiceRequest.objects.filter(pk=row.pk).update(search_text=row.search_text)
                search.index_write(row.pk, row.search_text)
        count, last = count + len(rows), rows[-1].pk


def service_request_draft_duplicates(
    *, description: str, latitude: float | None = None, longitude: float | None = None,
    unit: OrgUnit | None = None, place_code: str = "", now: datetime | None = None, **_rest: Any,
) -> list[duplicates.Likeness]:
    """Open requests like a request not yet submitted (the portal asks the resident before they
    send it); none when its place cannot be told yet (the submission will say why)."""
    try:
        if unit is None and place_code.strip():
            unit = place_by_code(place_code)
        place = routing.place_of(latitude=latitude, longitude=longitude, unit=unit)
    except workflow.WorkflowError:
        return []
    return duplicates.similar_open_requests(description=description, place=place, latitude=latitude,
                                            longitude=longitude, now=now or timezone.now())


def service_request_follow(*, actor: User | None, service_request: ServiceRequest, language: str,
                           now: datetime | None = None) -> RequestEvent:
    """A resident with the same problem follows an open request instead of sending another: the
    staff timeline records it (who, when a resident is signed in; nothing else about them)."""
    if service_request.status not in OPEN_STATUSES:
        raise workflow.InvalidInput(_("This request is already finished; please send your own."))
    return RequestEvent.objects.create(
        request=service_request, action="follow", from_status=service_request.status,
        to_status=service_request.status, actor=actor if actor and actor.is_authenticated else None,
        actor_label=_("Resident"), is_public=False, kind="follow", params={"language": language},
        created_at=now or timezone.now())
