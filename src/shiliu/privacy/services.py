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

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from shiliu.audit.models import AuditAction
from shiliu.audit.services import audit_record
from shiliu.core import config, errors
from shiliu.core.sms import Kind, send_sms
from shiliu.privacy import registry
from shiliu.privacy.models import REQUEST_PURPOSES, Consent, Notice, Purpose

if TYPE_CHECKING:
    from shiliu.people.models import User
    from shiliu.service_requests.models import ServiceRequest

logger = logging.getLogger("shiliu.privacy")


class PrivacyError(errors.DomainError):
    """A refused privacy action (400); `code` is stable, `message` is for people."""

    code = "privacy_error"


class ConsentRequired(PrivacyError, errors.ConsentRequired):
    code = "consent_required"


class NoNotice(PrivacyError, errors.Unavailable):
    """No version of the notice is published: the city has not set this up yet (503)."""

    code = "no_notice"

    def __init__(self, message: str = "") -> None:
        super().__init__(message or _(
            "The city has not published its notice on personal information for this yet, so it "
            "cannot be done now. Please try again later."
        ))


def published_notices() -> dict[str, Notice]:
    """The latest published version of each purpose's notice, with its texts: cached
    configuration (`core.config`, reloaded after any notice or text is saved), so intake reads
    no notice row."""

    def load() -> dict[str, Notice]:
        notices = (Notice.objects.filter(published_at__isnull=False)
                   .prefetch_related("texts").order_by("purpose", "version"))
        return {notice.purpose: notice for notice in notices}  # the last version wins

    return config.cached("privacy.published_notices", load)


def notice_current(purpose: str) -> Notice:
    """The latest published notice version of `purpose`."""
    notice = (Notice.objects.filter(purpose=purpose, published_at__isnull=False)
              .prefetch_related("texts").order_by("-version").first())
    if notice is None:
        raise NoNotice()
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
    new_subject: bool = False,
) -> list[Consent]:
    """`consent_give` for several purposes at once (one audit event), e.g. at intake.
    `new_subject`: the request was created in the caller's transaction, so nothing can be agreed
    for it yet and the INSERT needs no savepoint to fall back from."""
    if service_request is not None and not set(purposes) <= REQUEST_PURPOSES:
        raise ValueError(f"{purposes} are agreed to by an account, not for one request")
    subject = subject_of(user=user, service_request=service_request)
    notices = published_notices()
    if set(purposes) - set(notices):
        raise NoNotice()
    staff = actor if actor is not None and user is None and getattr(actor, "is_staff_member", False) else None
    now = now or timezone.now()
    fresh = [
        Consent(subject=subject, user=user, service_request=service_request, purpose=purpose,
                notice=notices[purpose], language=_text_language(notices[purpose], language),
                given_at=now, recorded_by=staff)
        for purpose in purposes
    ]
    if new_subject:
        created = Consent.objects.bulk_create(fresh)
        given = list(created)
    else:
        created, given = _consents_insert(subject, fresh)
    if created:
        audit_record(actor=actor, action=AuditAction.CREATE, target=created[0], request=request,
                     detail={"subject": subject, "consents": [
                         {"purpose": c.purpose, "notice_version": c.notice.version} for c in created]})
    return given


def _consents_insert(subject: str, fresh: list[Consent]) -> tuple[list[Consent], list[Consent]]:
    """(created, given): one INSERT when none is agreed yet; else the active consents stand and
    the others are added."""
    try:  # usually none is given yet: one INSERT
        with transaction.atomic():
            created = Consent.objects.bulk_create(fresh)
        given = list(created)
    except IntegrityError:  # one is agreed already: its active consent stands, the others are added
        created, given = [], []
        for consent in fresh:
            try:
                with transaction.atomic():
                    consent.save(force_insert=True)
                created.append(consent)
            except IntegrityError:
                consent = Consent.objects.get(subject=subject, purpose=consent.purpose,
                                              withdrawn_at__isnull=True)
            given.append(consent)
    return created, given


def _text_language(notice: Notice, language: str) -> str:
    text = notice.text_for(language)
    return text.language if text else language


def consent_withdraw(
    *,
    actor: User | None,
    purpose: str,
    user: User | None = None,
    service_request: ServiceRequest | None = None,
    now: datetime | None = None,
    request: HttpRequest | None = None,
) -> Consent:
    """Withdraw the active consent to `purpose` and stop using what it covered: every registered
    holder of personal data acts on it (`registry`; for a request, withdrawing follow-up contact
    erases the contact details kept with it, withdrawing request handling all its personal data)."""
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
            consent.service_request = service_request  # the holder updates the caller's copy too
        for holder in registry.holders():
            holder.consent_withdrawn(actor=actor, consent=consent, now=now, request=request)
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

class WrongCode(PrivacyError):
    code = "wrong_code"


class CodeSpent(PrivacyError):
    code = "code_spent"


class InvalidIdentifier(PrivacyError):
    code = "invalid_identifier"


class ContactTaken(PrivacyError):
    code = "contact_taken"


class SignInLocked(PrivacyError, errors.TooMany):
    code = "locked_out"


def _identifier_checked(identifier: str) -> tuple[str, str]:
    """(kind, normalised value) of a sign-in identifier, or PrivacyError."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    from shiliu.privacy import crypto
    from shiliu.privacy.selectors import identifier_kind

    kind = identifier_kind(identifier)
    value = crypto.NORMALISERS[kind](identifier)
    if kind == "phone" and not (len(value) == 11 and value.startswith("1")):
        raise InvalidIdentifier(_("Enter an 11-digit mobile number or an e-mail address."))
    if kind == "email":
        try:
            validate_email(value)
        except ValidationError:
            raise InvalidIdentifier(_("Enter an 11-digit mobile number or an e-mail address.")) from None
    return kind, value


def _password_checked(password: str, user: User) -> None:
    from django.contrib.auth import password_validation
    from django.core.exceptions import ValidationError

    validators = password_validation.get_default_password_validators()  # the one password policy
    try:
        password_validation.validate_password(password, user, password_validators=validators)
    except ValidationError as error:
        raise PrivacyError(" ".join(error.messages)) from None


def _new_resident(language: str) -> User:
    import secrets

    from shiliu.people.models import User

    return User(username=f"resident-{secrets.token_hex(8)}", preferred_language=language)


def _resident_create(*, user: User, kind: str, value: str, request: HttpRequest | None) -> User:
    from shiliu.privacy.models import ResidentProfile

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


def resident_sign_up(
    *, identifier: str, password: str, language: str, request: HttpRequest | None = None
) -> User:
    """A resident account signed in by phone or e-mail, created at once (for staff tools and
    tests; the web sign-up proves the identifier first, `resident_sign_up_start`). The
    identifier is stored encrypted with its blind index; the account gets a random username
    that nobody needs to know."""
    from shiliu.privacy.selectors import resident_profile_find

    kind, value = _identifier_checked(identifier)
    if resident_profile_find(identifier=value) is not None:
        raise PrivacyError(_("An account with this phone number or e-mail address already exists. "
                             "Sign in instead."))
    user = _new_resident(language)
    _password_checked(password, user)
    user.set_password(password)
    return _resident_create(user=user, kind=kind, value=value, request=request)


def _send_to(kind: str, value: str, *, subject: str, text: str, sms_kind: str,
             params: tuple[object, ...] = (), language: str = "") -> None:
    """The message to a phone by text message (SmsNotSent when the provider refuses it), to an
    e-mail address by mail."""
    from django.core.mail import send_mail

    if kind == "email":
        send_mail(subject, text, None, [value])
    else:
        send_sms(value, text, kind=sms_kind, params=params, language=language)


def resident_sign_up_start(
    *, identifier: str, password: str, language: str, now: datetime | None = None
) -> dict[str, Any]:
    """The first step of the web sign-up. It answers alike whether or not the phone number or
    e-mail address has an account, so sign-up never reveals which do: a new one gets a code
    to bring back (`resident_sign_up_confirm`), the owner of an existing one is told by text
    or e-mail that someone tried. Returns the pending sign-up for the session: identifier
    encrypted, password hashed, the code as an HMAC (empty when there is an account)."""
    from django.contrib.auth.hashers import make_password
    from django.utils import translation

    from shiliu.privacy import codes, crypto
    from shiliu.privacy.selectors import resident_profile_find

    kind, value = _identifier_checked(identifier)
    _password_checked(password, _new_resident(language))
    purpose = "sign_up:" + crypto.blind_index(value, kind=kind)
    pending: dict[str, Any] = {
        "kind": kind, "identifier": crypto.encrypt(value), "password": make_password(password),
        "language": language, "code": "", "attempts": 0,
        "expires_at": codes.code_expiry(now).isoformat(),
    }
    with translation.override(language):
        subject = _("Your Shiliu resident account")
        if resident_profile_find(identifier=value) is not None:
            text = _("Someone asked to create a Shiliu account with this phone number or e-mail "
                     "address. You already have an account: sign in with it. If it was not you, "
                     "ignore this message.")
            sms_kind, params = Kind.SIGN_UP_EXISTS, tuple[object, ...]()
        else:
            code = codes.code_new()
            pending["code"] = codes.code_hash(code, purpose=purpose)
            text = _("Your Shiliu sign-up code is %(code)s. It is valid for %(minutes)d minutes. "
                     "Never tell it to anyone.") % {"code": code, "minutes": settings.SHILIU_CODE_MINUTES}
            sms_kind, params = Kind.SIGN_UP_CODE, tuple[object, ...]((code, settings.SHILIU_CODE_MINUTES))
    _send_to(kind, value, subject=subject, text=text, sms_kind=sms_kind, params=params, language=language)
    return pending


def resident_sign_up_confirm(
    *, pending: dict[str, Any], code: str, request: HttpRequest | None = None,
    now: datetime | None = None,
) -> User:
    """The second step: the right code creates the account. Each try counts in `pending` (the
    caller keeps it in the session); after SHILIU_CODE_ATTEMPTS tries or once expired, a new
    code is needed. A wrong code and a number that already has an account are refused alike."""
    from shiliu.privacy import codes, crypto

    now = now or timezone.now()
    if not codes.attempts_left(int(pending.get("attempts", 0))) or (
        datetime.fromisoformat(pending["expires_at"]) <= now
    ):
        raise CodeSpent(_("This code can no longer be used. Ask for a new code by signing up again."))
    pending["attempts"] = int(pending.get("attempts", 0)) + 1
    kind, value = pending["kind"], crypto.decrypt(pending["identifier"])
    purpose = "sign_up:" + crypto.blind_index(value, kind=kind)
    if not codes.code_matches(code, pending["code"], purpose=purpose):
        raise WrongCode(_("The code is not right. Check the message we sent and try again."))
    user = _new_resident(pending["language"])
    user.password = pending["password"]
    return _resident_create(user=user, kind=kind, value=value, request=request)


_NOT_COUNTED = {"exported_at", "account", "consents"}


def resident_export(*, actor: User, fmt: str, request: HttpRequest | None = None) -> bytes:
    """All the resident's data as JSON or xlsx; the export itself is audited."""
    from shiliu.privacy import export
    from shiliu.privacy.selectors import resident_data

    data = resident_data(user=actor)
    content = export.to_xlsx(data) if fmt == "xlsx" else export.to_json(data)
    audit_record(actor=actor, action=AuditAction.EXPORT, target=actor, request=request,
                 detail={"format": fmt, "consents": len(data["consents"]),
                         **{section: len(data[section]) for section in data if section not in _NOT_COUNTED}})
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
    return resident_erase(actor=actor, user=actor, reason="account_deleted", now=now, request=request)


def resident_erase(*, actor: User | None, user: User, reason: str, now: datetime | None = None,
                   request: HttpRequest | None = None) -> int:
    """Erase a resident's personal data from every registered holder and their account; the
    number of rows the holders anonymised."""
    now = now or timezone.now()
    with transaction.atomic():
        holders = registry.holders()
        # The subjects first: erasing drops the rows' link to the account.
        subjects = [f"user:{user.pk}", *(s for holder in holders for s in holder.consent_subjects(user=user))]
        anonymised = sum(holder.erase_resident(actor=actor, user=user, reason=reason, now=now, request=request)
                         for holder in holders)
        Consent.objects.filter(withdrawn_at__isnull=True, subject__in=subjects).update(
            withdrawn_at=now, updated_at=now)
        audit_record(actor=actor, action=AuditAction.DELETE, target=user, request=request,
                     actor_label="" if actor else "retention",
                     detail={"account": "resident", "requests_anonymised": anonymised, "reason": reason})
        # The row stays as an empty tombstone: the append-only audit trail refers to it (PostgreSQL
        # refuses the SET NULL a deletion would cascade to it). Nothing personal is left on it.
        from shiliu.privacy.models import RequestClaim, ResidentProfile

        RequestClaim.objects.filter(resident=user, confirmed_at__isnull=True).delete()
        ResidentProfile.objects.filter(user=user).delete()
        user.username = f"deleted-{user.pk}"
        user.first_name = user.last_name = user.email = user.display_name = ""
        user.is_active = False
        user.last_login = None
        user.set_unusable_password()
        user.save()
    return anonymised


# --- Retention -------------------------------------------------------------------------------------

def personal_data_purge(
    *, now: datetime | None = None, dry_run: bool = False,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, int]:
    """Remove every piece of personal data past its retention period (privacy/retention.py) and
    return how many were removed per kind. Safe to run at any time and any number of times; a
    dry run only counts. The run itself is one audit event; each request it strips is another."""
    from shiliu.privacy import retention

    now = now or timezone.now()
    counts: dict[str, int] = {}
    for rule in retention.rules():
        rows = rule.candidates(rule.cutoff(now))
        total = rows.count()
        counts[rule.kind] = 0
        if dry_run:
            counts[rule.kind] = total
            continue
        for done, row in enumerate(list(rows.iterator(chunk_size=500)), start=1):
            counts[rule.kind] += bool(rule.purge(row, now))
            if on_progress:
                on_progress(rule.kind, done, total)
    if not dry_run:
        audit_record(actor=None, action=AuditAction.DELETE, target_type="privacy.retention",
                     actor_label="retention", detail={"removed": counts})
    return counts


# --- Signing in with a code; the profile ------------------------------------------------------------

CODE_BACKEND = "shiliu.privacy.backends.ResidentCodeBackend"


def _address_key(kind: str, value: str) -> str:
    from shiliu.privacy import crypto

    return f"{kind}:{crypto.blind_index(value, kind=kind)}"


def _client_address(request: HttpRequest | None) -> str:
    return str(request.META.get("REMOTE_ADDR") or "") if request is not None else ""


def resident_sign_in_code_send(
    *, identifier: str, request: HttpRequest | None = None, now: datetime | None = None
) -> None:
    """Send a sign-in code to a phone number (text message) or an e-mail address (mail). The
    answer is the same whether or not the address has an account: an account's owner gets a
    code, in their preferred language; any other address a message saying it has no account (so
    nothing differs, not even the provider's refusals). Counted per client address and per
    phone number or e-mail address (`core.limits`, RateLimited), the code row kept alike
    either way (`OneTimeCode`): asking again replaces the code and its tries."""
    from django.utils import translation

    from shiliu.core import limits
    from shiliu.privacy import codes
    from shiliu.privacy.models import OneTimeCode
    from shiliu.privacy.selectors import resident_profile_find

    kind, value = _identifier_checked(identifier)
    key = _address_key(kind, value)
    limits.check(bucket="sign_in_code", identity=limits.address_identity(_client_address(request)))
    limits.check(bucket="sign_in_code_identity", identity=key)
    now = now or timezone.now()
    profile = resident_profile_find(identifier=value)
    user = profile.user if profile is not None and _may_sign_in(profile.user) else None
    code = codes.code_new() if user is not None else ""
    defaults = {"code_hash": codes.code_hash(code, purpose=f"sign_in:{key}") if code else "",
                "expires_at": codes.code_expiry(now), "attempts": 0, "used_at": None}
    try:
        with transaction.atomic():
            OneTimeCode.objects.update_or_create(use=OneTimeCode.Use.SIGN_IN, address_key=key, defaults=defaults)
    except IntegrityError:  # asked twice at once: the later code stands
        OneTimeCode.objects.filter(use=OneTimeCode.Use.SIGN_IN, address_key=key).update(**defaults)
    language = user.preferred_language if user is not None else (translation.get_language() or "")
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = _("Your Shiliu sign-in code")
        if user is not None:
            text = _("Your Shiliu sign-in code is %(code)s. It is valid for %(minutes)d minutes. "
                     "Never tell it to anyone, including staff.") % {
                "code": code, "minutes": settings.SHILIU_CODE_MINUTES}
            sms_kind, params = Kind.SIGN_IN_CODE, tuple[object, ...]((code, settings.SHILIU_CODE_MINUTES))
        else:
            text = _("Someone asked to sign in to Shiliu with this phone number or e-mail address, "
                     "which has no account. You can create one on the Shiliu site. If it was not "
                     "you, ignore this message.")
            sms_kind, params = Kind.SIGN_IN_NO_ACCOUNT, tuple[object, ...]()
    # Sent outside the message's language: a refusal is told in the caller's.
    _send_to(kind, value, subject=subject, text=text, sms_kind=sms_kind, params=params, language=language)


def _may_sign_in(user: User) -> bool:
    return bool(user.is_active and not user.staff_roles.exists())


def resident_sign_in_code_check(*, identifier: str, code: str, now: datetime | None = None) -> User | None:
    """The account a right, live sign-in code names; None for a wrong code (it counts as a
    try); CodeSpent once it expired, was used or had its tries. For `ResidentCodeBackend`, which
    runs after the lockout's check: call `resident_sign_in_with_code` instead."""
    from django.db.models import F

    from shiliu.privacy import codes
    from shiliu.privacy.models import OneTimeCode
    from shiliu.privacy.selectors import resident_profile_find

    try:
        kind, value = _identifier_checked(identifier)
    except PrivacyError:
        return None
    key = _address_key(kind, value)
    now = now or timezone.now()
    row = OneTimeCode.objects.filter(use=OneTimeCode.Use.SIGN_IN, address_key=key).first()
    spent = CodeSpent(_("This code can no longer be used. Ask for a new code."))
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise spent
    # The try is counted before the code is compared, and only while tries are left, so two
    # guesses at once cannot both pass the limit.
    if not OneTimeCode.objects.filter(pk=row.pk, used_at__isnull=True,
                                      attempts__lt=settings.SHILIU_CODE_ATTEMPTS).update(
            attempts=F("attempts") + 1, updated_at=now):
        raise spent
    if not codes.code_matches(code, row.code_hash, purpose=f"sign_in:{key}"):
        return None
    if not OneTimeCode.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=now, updated_at=now):
        raise spent  # used a moment ago
    profile = resident_profile_find(identifier=value)
    if profile is None or not _may_sign_in(profile.user):
        return None
    return profile.user


def resident_sign_in_with_code(*, request: HttpRequest, identifier: str, code: str) -> User:
    """The second step of the code sign-in, for every channel: through Django's `authenticate`,
    so the lockout (`people.sign_in_locks`, django-axes) checks the account and the address first
    and counts a wrong code as a failed sign-in, audited like a wrong password. Returns the
    account to sign in (`login` with CODE_BACKEND); WrongCode for a wrong code and for an address
    without an account alike, CodeSpent, or SignInLocked (429) while a lock holds. The caller
    answers a lock in its own format: axes' lockout page is not sent."""
    from django.contrib.auth import authenticate

    from shiliu.people import sign_in_locks

    request.shiliu_sign_in_factor = "code"  # type: ignore[attr-defined]
    user = authenticate(request, resident_key=identifier, code_secret=code, factor="code")
    if user is not None:
        return user
    if getattr(request, "axes_locked_out", False):
        request.axes_locked_out = False  # type: ignore[attr-defined]  # answered here, not by axes' page
        lock = sign_in_locks.lock_for(request, account=getattr(request, "shiliu_account_key", ""))
        message = (sign_in_locks.lockout_message(lock) if lock is not None
                   else _("Too many failed sign-ins. Please try again later."))
        raise SignInLocked(message, retry_after=lock.retry_after if lock is not None else 60)
    raise WrongCode(_("The code is not right. Check the message we sent and try again."))


def resident_language_set(*, actor: User, language: str, request: HttpRequest | None = None) -> User:
    """The resident's preferred language: their pages, codes and notifications use it."""
    if language not in {code for code, _label in settings.RESIDENT_LANGUAGES}:
        raise PrivacyError(_("Choose one of the languages offered."))
    if actor.preferred_language != language:
        actor.preferred_language = language
        actor.save(update_fields=["preferred_language"])
        audit_record(actor=actor, action=AuditAction.CHANGE, target=actor, request=request,
                     detail={"fields": ["preferred_language"], "language": language})
    return actor


def resident_contact_change_start(
    *, actor: User, identifier: str, request: HttpRequest | None = None, now: datetime | None = None
) -> None:
    """A new phone number or e-mail address for the account, proven by a code sent to it (in
    the resident's language). Counted per account and per address; asking again replaces the
    code. Whether another account already uses the address is said only once it is proven."""
    from django.utils import translation

    from shiliu.core import limits
    from shiliu.privacy import codes
    from shiliu.privacy.models import OneTimeCode

    kind, value = _identifier_checked(identifier)
    key = _address_key(kind, value)
    limits.check(bucket="contact_code", identity=f"user:{actor.pk}")
    limits.check(bucket="sign_in_code_identity", identity=key)
    now = now or timezone.now()
    code = codes.code_new()
    defaults = {"address_key": key, "value": value, "code_hash": codes.code_hash(code, purpose=f"contact:{key}"),
                "expires_at": codes.code_expiry(now), "attempts": 0, "used_at": None}
    OneTimeCode.objects.update_or_create(use=OneTimeCode.Use.CONTACT, user=actor, defaults=defaults)
    with translation.override(actor.preferred_language or settings.LANGUAGE_CODE):
        text = _("Your code to add this phone number or e-mail address to your Shiliu account is "
                 "%(code)s. It is valid for %(minutes)d minutes. If you did not ask for it, ignore "
                 "this message.") % {"code": code, "minutes": settings.SHILIU_CODE_MINUTES}
        subject = _("Confirm your new contact address")
    _send_to(kind, value, subject=subject, text=text, sms_kind=Kind.CONTACT_CODE,
             params=(code, settings.SHILIU_CODE_MINUTES), language=actor.preferred_language)


def resident_contact_pending(*, actor: User) -> str:
    """The kind ("phone" or "email") of the address waiting for its code, or ""."""
    from shiliu.privacy.models import OneTimeCode

    key = (OneTimeCode.objects.filter(use=OneTimeCode.Use.CONTACT, user=actor, used_at__isnull=True)
           .values_list("address_key", flat=True).first())
    return key.partition(":")[0] if key else ""


def resident_contact_change_confirm(
    *, actor: User, code: str, request: HttpRequest | None = None, now: datetime | None = None
) -> str:
    """The right code puts the new address on the account (the phone number or the e-mail
    address it replaces is gone); returns its kind. WrongCode (a try counted), CodeSpent,
    ContactTaken when another account signs in with it."""
    from django.db.models import F

    from shiliu.privacy import codes
    from shiliu.privacy.models import OneTimeCode, ResidentProfile

    now = now or timezone.now()
    row = OneTimeCode.objects.filter(use=OneTimeCode.Use.CONTACT, user=actor).first()
    spent = CodeSpent(_("This code can no longer be used. Ask for a new code."))
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise spent
    if not OneTimeCode.objects.filter(pk=row.pk, used_at__isnull=True,
                                      attempts__lt=settings.SHILIU_CODE_ATTEMPTS).update(
            attempts=F("attempts") + 1, updated_at=now):
        raise spent
    if not codes.code_matches(code, row.code_hash, purpose=f"contact:{row.address_key}"):
        raise WrongCode(_("The code is not right. Check the message we sent and try again."))
    kind = row.address_key.partition(":")[0]
    try:
        with transaction.atomic():
            if not OneTimeCode.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=now, updated_at=now):
                raise spent
            profile = ResidentProfile.objects.get(user=actor)
            setattr(profile, kind, row.value)
            profile.save()
            audit_record(actor=actor, action=AuditAction.CHANGE, target=actor, request=request,
                         detail={"fields": [kind], "proven_by": "code"})
    except IntegrityError:
        raise ContactTaken(_("Another account already uses this phone number or e-mail address.")) from None
    return kind
