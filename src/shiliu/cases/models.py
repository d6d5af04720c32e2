"""Casework (帮扶台账) and pairing (结对帮扶): households in difficulty, their cases with a needs
assessment against a configurable checklist, an assistance plan, visits, referrals to other
units (each a request in the spine), and staff paired with households.

Names, phones and everything a caseworker writes about a household are encrypted at rest
(`privacy.fields`); there is no field for ethnicity, religion or origin, and none may be added.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shiliu.cases.workflow import OPEN_STATUSES, Status
from shiliu.core import masking
from shiliu.core.fields import TranslationsField, translated
from shiliu.core.languages import resident_language_choices
from shiliu.core.models import TimeStampedModel
from shiliu.privacy.fields import BlindIndexField, EncryptedTextField


class ReferenceCounter(models.Model):
    """The last number issued per series ("HH", "CA-2026"); incremented by a conditional update."""

    series = models.CharField(max_length=16, primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["series"]

    def __str__(self) -> str:
        return f"{self.series}: {self.last}"


class Method(models.TextChoices):
    HOME = "home", _("Home visit")
    PHONE = "phone", _("Phone call")
    OFFICE = "office", _("At the office")
    ONLINE = "online", _("Online")


class Household(TimeStampedModel):
    reference = models.CharField(_("reference"), max_length=16, unique=True, editable=False)
    unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("grid or community"), on_delete=models.PROTECT,
        related_name="households",
    )
    building = models.CharField(_("building"), max_length=40, blank=True)
    unit_no = models.CharField(_("entrance"), max_length=20, blank=True)
    room = EncryptedTextField(_("room"), blank=True)  # with the building, an exact address
    head_name = EncryptedTextField(_("head of household"))
    head_phone = EncryptedTextField(_("phone"), blank=True)
    head_phone_index = BlindIndexField(source="head_phone", kind="phone")
    members_count = models.PositiveSmallIntegerField(
        _("members"), default=1, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    language = models.CharField(
        _("preferred language"), max_length=16, choices=resident_language_choices, default="zh-hans",
        help_text=_("The language to serve the household in (a service need)."),
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("resident account"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="households",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    personal_data_erased_at = models.DateTimeField(_("personal data removed at"), null=True, blank=True)

    class Meta:
        ordering = ["reference"]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return f"{self.reference} {self.masked_name}"

    @property
    def masked_name(self) -> str:
        return masking.mask_name(self.head_name)

    @property
    def masked_phone(self) -> str:
        return masking.mask_phone(self.head_phone)

    @property
    def address(self) -> str:
        """Building, entrance and room, as a caseworker writes them: "3栋 2单元 501"."""
        return " ".join(part for part in (self.building, self.unit_no, self.room) if part)

    @property
    def masked_address(self) -> str:
        """The building and entrance, never the room: "3栋 2单元 ***"."""
        parts = [part for part in (self.building, self.unit_no) if part]
        return " ".join([*parts, "***"]) if self.room else " ".join(parts)


class Source(models.TextChoices):
    VISIT = "visit", _("Found on a visit")
    REQUEST = "request", _("Asked for help")
    REFERRAL = "referral", _("Referred by another unit")
    OTHER = "other", _("Other")


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Difficulty resolved")
    IMPROVED = "improved", _("Situation improved")
    REFERRED = "referred", _("Handed over to another unit")
    MOVED = "moved", _("Household moved away")
    DECLINED = "declined", _("Household declined help")
    OTHER = "other", _("Other")


class Case(TimeStampedModel):
    reference = models.CharField(_("reference"), max_length=16, unique=True, editable=False)
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="cases"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    source = models.CharField(_("found through"), max_length=16, choices=Source.choices)
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("caseworker"), on_delete=models.PROTECT,
        related_name="cases",
    )
    unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="cases"
    )
    summary = EncryptedTextField(_("summary"))
    opened_on = models.DateField(_("opened on"))
    assess_by = models.DateField(
        _("assess by"), null=True, blank=True, db_index=True,
        help_text=_("Working days after opening (SHILIU_CASE_ASSESS_WORKING_DAYS)."),
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_note = EncryptedTextField(_("outcome note"), blank=True)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [models.Index(fields=["unit", "status"], name="case_unit_status")]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def assessment_overdue(self, today: date) -> bool:
        return self.status == Status.OPEN and self.assess_by is not None and self.assess_by < today


class CaseEvent(models.Model):
    """One line of a case's history: its kind (a verb or "open", "action_add", …) and params
    (ids, codes, dates: never sentences), worded at read time in the reader's language."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=24)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    params = models.JSONField(default=dict, blank=True)
    note = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class NeedItem(TimeStampedModel):
    """One line of the needs checklist (income, housing, …), configured in the admin."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=60, help_text=_("In the default language."))
    name_translations = TranslationsField(_("name in other languages"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("need checklist item")
        verbose_name_plural = _("need checklist items")

    def __str__(self) -> str:
        return translated(self, "name")


class Level(models.TextChoices):
    NONE = "none", _("No difficulty")
    SOME = "some", _("Some difficulty")
    SEVERE = "severe", _("Serious difficulty")


class CaseNeed(TimeStampedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="needs")
    item = models.ForeignKey(NeedItem, verbose_name=_("need"), on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("level"), max_length=8, choices=Level.choices, default=Level.NONE)
    note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        ordering = ["item__order", "item__code"]
        verbose_name = _("assessed need")
        verbose_name_plural = _("assessed needs")
        constraints = [models.UniqueConstraint(fields=["case", "item"], name="one_need_per_item")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.item_id} {self.level}"


class PlanAction(TimeStampedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=120)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due on"), db_index=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: date) -> bool:
        return self.done_on is None and self.due_on < today


class Visit(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="visits")
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="visits")
    visited_on = models.DateField(_("visited on"), db_index=True)
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("visitor"), on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(_("how"), max_length=8, choices=Method.choices, default=Method.HOME)
    notes = EncryptedTextField(_("notes"))
    next_step = EncryptedTextField(_("next step"), blank=True)
    next_visit_on = models.DateField(_("next visit on"), null=True, blank=True, db_index=True)
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-visited_on", "-pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self) -> str:
        return f"{self.household_id} {self.visited_on}"


class Referral(models.Model):
    """A case handed to another unit: the request in the spine carries it (routed, clocked,
    rated); the case shows that request's status."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    service_request = models.OneToOneField(
        "service_requests.ServiceRequest", on_delete=models.PROTECT, related_name="case_referral"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.case_id} → {self.service_request_id}"


class Pairing(TimeStampedModel):
    """A member of staff paired with a household (结对帮扶), to be in touch at least
    `min_contacts` times every `period_days` days."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff"), on_delete=models.PROTECT, related_name="pairings"
    )
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="pairings"
    )
    min_contacts = models.PositiveSmallIntegerField(
        _("contacts at least"), default=1, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    period_days = models.PositiveSmallIntegerField(
        _("every (days)"), default=30, validators=[MinValueValidator(7), MaxValueValidator(366)]
    )
    active = models.BooleanField(_("active"), default=True)
    started_on = models.DateField(_("since"))

    class Meta:
        ordering = ["-started_on", "pk"]
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        constraints = [
            models.UniqueConstraint(fields=["staff", "household"], condition=Q(active=True),
                                    name="one_active_pairing_per_staff_and_household")
        ]

    def __str__(self) -> str:
        return f"{self.staff} · {self.household}"


class PairingContact(models.Model):
    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="contacts")
    contacted_on = models.DateField(_("contacted on"), db_index=True)
    method = models.CharField(_("how"), max_length=8, choices=Method.choices, default=Method.HOME)
    note = EncryptedTextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contacted_on", "-pk"]
        verbose_name = _("pairing contact")
        verbose_name_plural = _("pairing contacts")

    def __str__(self) -> str:
        return f"{self.pairing_id} {self.contacted_on}"
