"""Consent per purpose, the notices residents agree to, and residents' sign-in identities.

A `Notice` is one version of the text that explains a purpose; its texts (`NoticeText`, one per
language) are frozen once the version is published: a published text can be neither edited nor
removed, only a missing language added. A `Consent` records that a subject (a resident account,
or one request for residents without an account) agreed to a purpose under a given notice version
in a given language, and when it was withdrawn.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shiliu.core.models import TimeStampedModel
from shiliu.privacy.fields import BlindIndexField, EncryptedTextField


class Purpose(models.TextChoices):
    REQUEST_HANDLING = "request_handling", _("Handling my request")
    RESIDENCE_DECLARATION = "residence_declaration", _("Residence declaration")
    COURSE_ENROLMENT = "course_enrolment", _("Course enrolment")
    FOLLOW_UP_CONTACT = "follow_up_contact", _("Contact for follow-up")
    EQUALITY_STATISTICS = "equality_statistics", _("Equality statistics (optional)")


# Purposes a resident may agree to for one request; the others belong to an account.
REQUEST_PURPOSES = frozenset({Purpose.REQUEST_HANDLING, Purpose.FOLLOW_UP_CONTACT})
# The language a notice falls back to when it has no text in the resident's language.
FALLBACK_LANGUAGES = ("zh-hans", "en")


class NoticeIsPublished(Exception):
    """A published notice version is immutable."""


class Notice(TimeStampedModel):
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    published_at = models.DateTimeField(
        _("published at"), null=True, blank=True,
        help_text=_("Once published, the texts of this version can no longer change."),
    )

    class Meta:
        ordering = ["purpose", "-version"]
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")
        constraints = [
            models.UniqueConstraint(fields=["purpose", "version"], name="one_notice_per_purpose_version")
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} v{self.version}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk and Notice.objects.filter(pk=self.pk, published_at__isnull=False).exists():
            raise NoticeIsPublished(f"{self} is published and cannot change")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        if self.published_at is not None:
            raise NoticeIsPublished(f"{self} is published and cannot be removed")
        return super().delete(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def missing_languages(self) -> list[str]:
        """Resident languages this version has no text in yet."""
        present = {t.language for t in self.texts.all()}
        return [code for code, _label in settings.RESIDENT_LANGUAGES if code not in present]

    def text_for(self, language: str) -> NoticeText | None:
        """The text in `language`, else in the fallback languages, else None."""
        texts = {t.language: t for t in self.texts.all()}
        for code in (language, *FALLBACK_LANGUAGES):
            if code in texts:
                return texts[code]
        return None


class NoticeText(TimeStampedModel):
    notice = models.ForeignKey(Notice, verbose_name=_("notice"), on_delete=models.CASCADE,
                               related_name="texts")
    language = models.CharField(_("language"), max_length=16, choices=settings.RESIDENT_LANGUAGES)
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"))

    class Meta:
        ordering = ["notice", "language"]
        verbose_name = _("notice text")
        verbose_name_plural = _("notice texts")
        constraints = [
            models.UniqueConstraint(fields=["notice", "language"], name="one_text_per_notice_language")
        ]

    def __str__(self) -> str:
        return f"{self.notice} [{self.language}]"

    def save(self, *args: object, **kwargs: object) -> None:
        # A missing language may be added to a published version; an existing text never changes.
        if self.pk and Notice.objects.filter(pk=self.notice_id, published_at__isnull=False).exists():
            raise NoticeIsPublished(f"{self} belongs to a published notice and cannot change")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        if Notice.objects.filter(pk=self.notice_id, published_at__isnull=False).exists():
            raise NoticeIsPublished(f"{self} belongs to a published notice and cannot be removed")
        return super().delete(*args, **kwargs)  # type: ignore[arg-type]


class Consent(TimeStampedModel):
    """One agreement to one purpose. Withdrawal sets `withdrawn_at`; giving consent again later
    creates a new row, so the history of a subject's choices is kept."""

    subject = models.CharField(
        _("subject"), max_length=40, db_index=True,
        help_text=_("user:<id> for an account, request:<id> for one request; kept after deletion."),
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="consents")
    service_request = models.ForeignKey(
        "service_requests.ServiceRequest", verbose_name=_("request"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="consents",
    )
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose.choices)
    notice = models.ForeignKey(Notice, verbose_name=_("notice version"), on_delete=models.PROTECT,
                               related_name="consents")
    language = models.CharField(_("language of the notice shown"), max_length=16)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("Staff who recorded the resident's spoken consent (visit, phone, counter)."),
    )

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(fields=["subject", "purpose"], condition=Q(withdrawn_at__isnull=True),
                                    name="one_active_consent_per_subject_purpose")
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.purpose} v{self.notice.version}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class ResidentProfile(TimeStampedModel):
    """How a resident signs in: a phone number or an e-mail address, both encrypted, each found
    through its blind index. Staff accounts have none and cannot use the residents' sign-in."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="resident_profile")
    phone = EncryptedTextField(_("phone"), blank=True)
    phone_index = BlindIndexField(source="phone", kind="phone")
    email = EncryptedTextField(_("e-mail"), blank=True)
    email_index = BlindIndexField(source="email", kind="email")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("resident profile")
        verbose_name_plural = _("resident profiles")
        constraints = [
            models.UniqueConstraint(fields=["phone_index"], condition=~Q(phone_index=""),
                                    name="one_account_per_phone"),
            models.UniqueConstraint(fields=["email_index"], condition=~Q(email_index=""),
                                    name="one_account_per_email"),
        ]

    def __str__(self) -> str:
        return f"resident {self.user_id}"


class RequestClaim(TimeStampedModel):
    """A signed-in resident asking to add a request to their account. The private link alone is
    not enough, since the account's export then shows the request's phone, name and address:
    the resident brings back a one-time code sent to the request's contact phone (kept here as
    an HMAC only, `privacy.codes`), or a staff member in scope confirms the claim. One row per
    request and resident; asking again sends a fresh code."""

    class Method(models.TextChoices):
        CODE = "code", _("code sent to the contact phone")
        STAFF = "staff", _("confirmed by staff")

    service_request = models.ForeignKey("service_requests.ServiceRequest", verbose_name=_("request"),
                                        on_delete=models.CASCADE, related_name="claims")
    resident = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("resident"),
                                 on_delete=models.CASCADE, related_name="request_claims")
    code_hash = models.CharField(max_length=64, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"),
                                     null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    method = models.CharField(_("confirmed through"), max_length=8, choices=Method.choices, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("request claim")
        verbose_name_plural = _("request claims")
        constraints = [
            models.UniqueConstraint(fields=["service_request", "resident"], name="one_claim_per_resident"),
        ]

    def __str__(self) -> str:
        return f"claim of request {self.service_request_id} by {self.resident_id}"

    @property
    def is_pending(self) -> bool:
        return self.confirmed_at is None


class OneTimeCode(TimeStampedModel):
    """A code sent to a phone number or e-mail address: to sign in with it, or to prove a new
    contact address for an account. The code is kept only as an HMAC (`privacy.codes`), valid
    for SHILIU_CODE_MINUTES and SHILIU_CODE_ATTEMPTS tries, used once; asking again replaces it.
    The address is kept as its blind index (`address_key`, "phone:…" or "email:…") and, for a
    new contact, encrypted until it is proven. A sign-in code is kept alike whether or not the
    address has an account, without any code behind it when there is none, so its answers are
    the same either way. Expired rows are purged (retention kind `one_time_codes`)."""

    class Use(models.TextChoices):
        SIGN_IN = "sign_in", _("sign-in")
        CONTACT = "contact", _("new contact address")

    use = models.CharField(_("use"), max_length=8, choices=Use.choices)
    address_key = models.CharField(max_length=80, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+")
    value = EncryptedTextField(_("new address"), blank=True)
    code_hash = models.CharField(max_length=64, blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        constraints = [
            models.UniqueConstraint(fields=["address_key"], condition=Q(use="sign_in"),
                                    name="one_sign_in_code_per_address"),
            models.UniqueConstraint(fields=["user"], condition=Q(use="contact"),
                                    name="one_contact_code_per_account"),
        ]

    def __str__(self) -> str:
        return f"{self.use} code {self.pk}"
