"""Residents' requests (诉求工单): categories with time limits, routing rules, the request itself,
its events, extensions, attachments, and the holiday overrides the SLA calendar reads."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Cast, Floor
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shiliu.core import masking
from shiliu.core.fields import TranslationsField, translated
from shiliu.core.languages import resident_language_choices
from shiliu.core.models import TimeStampedModel
from shiliu.privacy.fields import BlindIndexField, EncryptedTextField
from shiliu.service_requests.duplicates import CELL_ROW, CELLS_PER_DEGREE
from shiliu.service_requests.search import SearchDocumentField
from shiliu.service_requests.workflow import CLOCKED_STATUSES, OPEN_STATUSES, Status

if TYPE_CHECKING:
    from django.http import HttpRequest

    from shiliu.org.models import OrgUnit


class TimeUnit(models.TextChoices):
    HOURS = "hours", _("hours")
    WORKING_DAYS = "working_days", _("working days")


class Category(TimeStampedModel):
    """A two-level tree. Time limits set on a top-level category apply to its children unless the
    child sets its own; every limit is city configuration, never code (SPEC §4.1)."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=80, help_text=_("In the default language."))
    name_translations = TranslationsField(
        _("name in other languages"), max_length=80,
        help_text=_("Left empty, a language shows the default-language name."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    keywords = models.CharField(
        _("keywords"), max_length=300, blank=True,
        help_text=_("Space-separated words that suggest this category from a resident's text."),
    )
    accept_within = models.PositiveIntegerField(_("accept within"), null=True, blank=True)
    accept_unit = models.CharField(
        _("unit"), max_length=16, choices=TimeUnit.choices, default=TimeUnit.HOURS
    )
    sign_within = models.PositiveIntegerField(_("sign for within"), null=True, blank=True)
    sign_unit = models.CharField(
        _("unit"), max_length=16, choices=TimeUnit.choices, default=TimeUnit.HOURS
    )
    resolve_within = models.PositiveIntegerField(_("resolve within"), null=True, blank=True)
    resolve_unit = models.CharField(
        _("unit"), max_length=16, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAYS
    )
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        """The name in the active language, after its parent's: "住房 / 物业维修"."""
        name = translated(self, "name")
        if self.parent_id and self.parent:
            return f"{translated(self.parent, 'name')} / {name}"
        return name

    def clean(self) -> None:
        if self.parent is not None and self.parent.parent_id is not None:
            raise ValidationError({"parent": _("Categories have two levels only.")})

    @property
    def top(self) -> Category:
        return self.parent if self.parent_id and self.parent else self

    def limit(self, stage: str) -> tuple[int, str]:
        """(amount, TimeUnit) for stage "accept", "sign" or "resolve", inherited from the parent."""
        for category in (self, self.parent):
            if category is None:
                continue
            amount = getattr(category, f"{stage}_within")
            if amount:
                return amount, getattr(category, f"{stage}_unit")
        return DEFAULT_LIMITS[stage]


# Used only when neither a category nor its parent sets a limit (24 h to accept and sign, 7 working
# days to resolve, the general case of SPEC §4.1).
DEFAULT_LIMITS: dict[str, tuple[int, str]] = {
    "accept": (24, TimeUnit.HOURS),
    "sign": (24, TimeUnit.HOURS),
    "resolve": (7, TimeUnit.WORKING_DAYS),
}


class RoutingRule(TimeStampedModel):
    """Requests of `category` (or its children) arising in `jurisdiction` (or below) go to
    `handling_unit`. The most specific rule wins: child category before parent, nearer
    jurisdiction before farther."""

    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="routing_rules"
    )
    jurisdiction = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("jurisdiction"), on_delete=models.CASCADE,
        related_name="routing_rules",
    )
    handling_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("handling unit"), on_delete=models.PROTECT,
        related_name="routed_rules",
    )

    class Meta:
        ordering = ["category__code", "jurisdiction__path"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "jurisdiction"], name="one_rule_per_category_and_jurisdiction"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category} @ {self.jurisdiction} → {self.handling_unit}"


class HolidayOverride(TimeStampedModel):
    """A date the State Council declared a holiday or an adjusted workday (调休), for years the
    calendar library does not cover yet or to correct it."""

    day = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("is a working day"))
    note = models.CharField(_("note"), max_length=120, blank=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("holiday override")
        verbose_name_plural = _("holiday overrides")

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {'workday' if self.is_workday else 'holiday'}"


class RequestType(models.TextChoices):
    """The 12345 types 咨询 / 求助 / 投诉 / 举报 / 建议; each language shows only its own word."""

    CONSULT = "consult", pgettext_lazy("request type", "Enquiry")
    HELP = "help", pgettext_lazy("request type", "Request for help")
    COMPLAINT = "complaint", pgettext_lazy("request type", "Complaint")
    REPORT = "report", pgettext_lazy("request type", "Report")
    SUGGESTION = "suggestion", pgettext_lazy("request type", "Suggestion")


class Channel(models.TextChoices):
    PORTAL = "portal", _("Resident portal")
    VISIT = "visit", _("Home visit")
    PHONE = "phone", _("Phone")
    COUNTER = "counter", _("Counter")
    API = "api", _("REST API")
    OPEN311 = "open311", _("Open311")
    IMPORT = "import", _("Ledger import")


class Rating(models.IntegerChoices):
    """The five 好差评 levels."""

    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    FAIRLY_SATISFIED = 3, _("Fairly satisfied")
    UNSATISFIED = 2, _("Unsatisfied")
    VERY_UNSATISFIED = 1, _("Very unsatisfied")


SATISFIED_RATINGS = (Rating.VERY_SATISFIED, Rating.SATISFIED, Rating.FAIRLY_SATISFIED)


def new_tracking_token() -> str:
    return secrets.token_urlsafe(24)


class ServiceRequest(TimeStampedModel):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    tracking_token = models.CharField(max_length=64, unique=True, default=new_tracking_token)
    # No index of its own: request_status_due (status, due_at) serves every lookup by status, and
    # each index more is written at every intake and every step (issue 10).
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    request_type = models.CharField(
        _("type"), max_length=16, choices=RequestType.choices, default=RequestType.HELP
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="requests"
    )
    description = models.TextField(_("description"))
    # Personal data is encrypted at rest and shown masked (privacy/): the address may be a home.
    address = EncryptedTextField(_("address"), blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    # The map square of about a kilometre the point lies in (duplicates.cell_of, computed by the
    # database): intake's duplicate check reads the newest open requests of the few squares
    # around a point, so a place where thousands of requests pile up costs it no more than a
    # quiet one (issue 10). None when the request has no point.
    place_cell = models.GeneratedField(
        expression=Cast(Floor(F("latitude") * CELLS_PER_DEGREE) * CELL_ROW + Floor(F("longitude") * CELLS_PER_DEGREE),
                        models.IntegerField()),
        output_field=models.IntegerField(), db_persist=True, editable=False,
    )
    jurisdiction = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("place"), on_delete=models.PROTECT,
        related_name="requests_arising",
        help_text=_("The finest unit the request is known to arise in: its grid when located."),
    )
    assigned_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("handling unit"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="requests_assigned",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("grid worker in charge"),
        on_delete=models.SET_NULL,
        null=True, blank=True, related_name="requests_in_charge",
        help_text=_("Set when the request is dispatched to a grid: preferably a grid worker who "
                    "speaks the resident's language. The whole grid may still act on it."),
    )
    handling_jurisdiction = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("transferred to"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="requests_transferred",
        help_text=_("The jurisdiction whose dispatchers own the request after a transfer (转办); "
                    "empty while it belongs where it arises."),
    )
    transferred_from = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("transferred from"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
        help_text=_("While a transfer waits: who owned it before (empty: where it arises)."),
    )
    routed_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("suggested handling unit"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="requests_routed",
        help_text=_("What the routing rules suggest; the community itself when no rule matches."),
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    language = models.CharField(
        _("preferred language"), max_length=16, choices=resident_language_choices, default="zh-hans"
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    contact_name = EncryptedTextField(_("contact name"), blank=True)
    contact_phone = EncryptedTextField(_("contact phone"), blank=True)
    contact_phone_index = BlindIndexField(source="contact_phone", kind="phone")
    contact_email = EncryptedTextField(
        _("contact e-mail"), blank=True,
        help_text=_("Given through the APIs for follow-up; notifications go to it when the request "
                    "belongs to no account."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="requests_submitted",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="requests_entered", help_text=_("Staff who entered it on the resident's behalf."),
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_requests"
    )
    possible_duplicate_of = models.ForeignKey(
        "self", verbose_name=_("possible duplicate of"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="possible_duplicates",
        help_text=_("An open request like this one in words, place and time, found at intake; "
                    "the dispatcher decides whether to merge."),
    )
    # Character pairs of the description, reply, reference and address, and the place's units,
    # phones left out (search.py); on PostgreSQL stored as its tsvector. Indexed per database by
    # migrations 0022 and 0025. Written by services and workflow.
    search_text = SearchDocumentField(blank=True, default="", editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    # The deadline of the current clocked stage (accept, sign for, resolve); None when no clock runs.
    # Indexed first in request_queue_order and the open lists' indexes: no index of its own.
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    # The (possibly extended) deadline to resolve, kept after resolution for the on-time rate.
    resolve_by = models.DateTimeField(_("resolve by"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_at = models.DateTimeField(
        _("marked overdue at"), null=True, blank=True, db_index=True,
        help_text=_("Set by the deadline sweep; the request is then on the supervisors' list."),
    )
    reply = models.TextField(_("reply"), blank=True)
    reply_language = models.CharField(
        _("language of the reply"), max_length=16, blank=True, choices=resident_language_choices,
        help_text=_("The language the reply is written in, shown to the resident with it."),
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), choices=Rating.choices, null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rating_comment = models.TextField(_("rating comment"), blank=True)
    solved = models.BooleanField(_("problem solved"), null=True, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    personal_data_erased_at = models.DateTimeField(
        _("personal data erased at"), null=True, blank=True,
        help_text=_("Contact details and the precise address were removed (retention, withdrawal or "
                    "account deletion); the request stays for the figures."),
    )

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        indexes = [
            models.Index(fields=["status", "due_at"], name="request_status_due"),
            # The queue's order (selectors.QUEUE_ORDER): keyset pages walk it, no sort, no count.
            models.Index(fields=["due_at", "-submitted_at", "id"], name="request_queue_order"),
            # The open lists walk partial indexes in their own order (selectors.*_ORDER): at 10M
            # requests the open ones are ~1%, too many to sort on every page, too few to find
            # quickly by walking the whole queue.
            models.Index(fields=["due_at", "-submitted_at", "id"], name="request_open_queue",
                         condition=models.Q(status__in=sorted(OPEN_STATUSES))),
            models.Index(fields=["due_at", "submitted_at", "id"], name="request_to_accept",
                         condition=models.Q(status__in=[Status.SUBMITTED, Status.TRANSFERRED])),
            models.Index(fields=["overdue_at", "submitted_at", "id"], name="request_supervision",
                         condition=models.Q(status__in=sorted(OPEN_STATUSES))),
            # The duplicate check's candidates, newest first: by map square, and by grid or
            # community (duplicates._candidates reads at most MAX_CANDIDATES of each).
            models.Index(fields=["place_cell", "-submitted_at"], name="request_open_by_cell",
                         condition=models.Q(status__in=sorted(OPEN_STATUSES))),
            models.Index(fields=["jurisdiction", "-submitted_at"], name="request_open_by_place",
                         condition=models.Q(status__in=sorted(OPEN_STATUSES))),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in CLOCKED_STATUSES or self.status == Status.RETURNED or (
            self.status == Status.ESCALATED
        )

    @property
    def owning_jurisdiction(self) -> OrgUnit:
        """Whose dispatchers the request belongs to: where it was transferred to, else where it
        arises."""
        return self.handling_jurisdiction or self.jurisdiction

    @property
    def is_rehandling(self) -> bool:
        """Being handled again (重办) after the resident's unsatisfied rating."""
        return self.reopen_count > 0 and self.status == Status.IN_PROGRESS and self.rating is not None

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.due_at is not None and self.due_at < (now or timezone.now())

    def is_due_soon(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.due_at is None or self.due_at < now:
            return False
        return (self.due_at - now).total_seconds() <= settings.SHILIU_DUE_SOON_HOURS * 3600

    @property
    def masked_phone(self) -> str:
        return masking.mask_phone(self.contact_phone)

    @property
    def masked_name(self) -> str:
        return masking.mask_name(self.contact_name)

    @property
    def masked_address(self) -> str:
        return masking.mask_address(self.address)

    def tracking_path(self) -> str:
        from django.urls import reverse

        return reverse("service_requests:portal-track", args=[self.tracking_token])

    def tracking_url(self, language: str, http_request: HttpRequest | None = None) -> str:
        """The full private link, in `language` (for messages, receipts and QR codes that leave
        the site), on `core.links.site_url`: the request being served, else the one in progress."""
        from django.utils import translation

        from shiliu.audit.services import current_request
        from shiliu.core.links import site_url

        with translation.override(language):
            path = self.tracking_path()
        return site_url(http_request or current_request()) + path


class RequestEvent(models.Model):
    """One entry of a request's timeline: a transition (from → to) or a note-worthy act such as a
    reminder, a supervision notice or an extension decision (from == to)."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=24, db_index=True)
    from_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="request_events",
    )
    actor_label = models.CharField(max_length=80, blank=True)
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text=_("The unit acted upon, e.g. the unit a request was dispatched to."),
    )
    kind = models.CharField(
        _("kind"), max_length=24, db_index=True,
        help_text=_("What happened, put into words in the reader's language when shown."),
    )
    params = models.JSONField(
        _("parameters"), default=dict, blank=True,
        help_text=_("What the words need: unit ids, dates, codes; never sentences."),
    )
    note = models.TextField(_("note"), blank=True, help_text=_("What a person typed, shown as typed."))
    note_is_public = models.BooleanField(
        _("the resident may read the note"), default=False,
        help_text=_("A reply or a reason for the resident; otherwise the note is for staff only."),
    )
    is_public = models.BooleanField(default=True, help_text=_("Shown on the resident's timeline."))
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("request event")
        verbose_name_plural = _("request events")

    def __str__(self) -> str:
        return f"{self.request_id} {self.action} {self.from_status}→{self.to_status}"

    @property
    def action_label(self) -> str:
        from shiliu.service_requests.workflow import TRANSITIONS

        extra: dict[str, object] = {"submit": _("Submitted"), "reopen": _("Reopened for re-handling"),
                 "escalate": _("Escalated to a supervisor"),
                 "erase_personal_data": _("Personal data removed"),
                 "follow": _("Followed by another resident")}
        if self.action in TRANSITIONS:
            return str(TRANSITIONS[self.action].label)
        return str(extra.get(self.action, self.action))

    def describe(self) -> str:
        """The event as a sentence in the active language."""
        from shiliu.service_requests.timeline import describe

        return describe(self)

    @property
    def public_note(self) -> str:
        """The note if the resident may read it, else nothing."""
        return self.note if self.note_is_public else ""


class Extension(TimeStampedModel):
    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn (the request was answered)")

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="extensions")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("reason"))
    new_resolve_by = models.DateTimeField(_("new deadline"))
    decision = models.CharField(
        _("decision"), max_length=16, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        constraints = [
            models.UniqueConstraint(
                fields=["request"], condition=Q(decision="pending"),
                name="one_pending_extension_per_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request} → {self.new_resolve_by:%Y-%m-%d}"


def attachment_file_name(instance: models.Model, filename: str) -> str:
    """requests/2026/03/<32 random hex digits>.jpg: nothing of the uploaded name survives but the
    extension the photo check chose (jpg or png)."""
    extension = "png" if filename.lower().endswith(".png") else "jpg"
    return f"requests/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"


class Attachment(TimeStampedModel):
    """A photo of a request. Its file lives in private storage (MEDIA_ROOT, never served as such)
    and is read only through the policy views (`views/attachments.py`)."""

    class Kind(models.TextChoices):
        REQUEST = "request", _("sent with the request")
        REPLY = "reply", _("sent with the reply")

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    image = models.ImageField(_("photo"), upload_to=attachment_file_name)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.REQUEST)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return str(self.image.name)

    @property
    def content_type(self) -> str:
        return "image/png" if self.image.name.endswith(".png") else "image/jpeg"


def pending_file_name(instance: models.Model, filename: str) -> str:
    extension = "png" if filename.lower().endswith(".png") else "jpg"
    return f"pending/{secrets.token_hex(16)}.{extension}"


def new_pending_key() -> str:
    return secrets.token_urlsafe(32)


class PendingPhoto(TimeStampedModel):
    """A checked photo from a form that came back with an error (the portal's, staff entry's),
    kept for the next try: the form carries a signed token of `key` in a hidden field. Taken by
    the submission that uses it; otherwise removed by `manage.py sweep_uploads` once expired
    (SHILIU_PENDING_PHOTO_SECONDS)."""

    key = models.CharField(max_length=64, unique=True, default=new_pending_key)
    image = models.ImageField(_("photo"), upload_to=pending_file_name)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("pending photo")
        verbose_name_plural = _("pending photos")

    def __str__(self) -> str:
        return str(self.image.name)


class ReferenceCounter(models.Model):
    """The last reference number issued per year; incremented by a conditional update."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class ReplyTemplate(TimeStampedModel):
    """A standard reply (标准答复): a text the city keeps per category and language, which a
    handler chooses, adapts and sends, so that a Uyghur resident is answered in Uyghur.

    Placeholders in braces are filled in for the request at hand, in the reply's language:
    {reference}, {category}, {unit} (the handling unit), {date} (today) and {deadline}."""

    PLACEHOLDERS = ("reference", "category", "unit", "date", "deadline")

    title = models.CharField(_("title"), max_length=120, help_text=_("In the default language."))
    title_translations = TranslationsField(_("title in other languages"), max_length=120)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="reply_templates",
        help_text=_("Left empty, it is offered for every request; a top-level category's replies "
                    "are offered for its sub-categories too."),
    )
    body = models.TextField(
        _("text"),
        help_text=_("In the default language. Placeholders: {reference}, {category}, {unit}, "
                    "{date}, {deadline}."),
    )
    body_translations = TranslationsField(_("text in other languages"), textarea=True)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("standard reply")
        verbose_name_plural = _("standard replies")

    def __str__(self) -> str:
        return translated(self, "title")

    def clean(self) -> None:
        import string

        texts = [self.body, *(self.body_translations or {}).values()]
        for text in texts:
            try:
                names = {name for _literal, name, _spec, _conv in string.Formatter().parse(text)
                         if name is not None}
            except ValueError:
                raise ValidationError({"body": _("A brace is not closed; write placeholders as "
                                                 "{reference}.")}) from None
            unknown = sorted(names - set(self.PLACEHOLDERS))
            if unknown:
                raise ValidationError({"body": _("Unknown placeholder: %(names)s. Use %(known)s.")
                                       % {"names": ", ".join(unknown),
                                          "known": ", ".join(f"{{{n}}}" for n in self.PLACEHOLDERS)}})

    def text_for(self, request: ServiceRequest, language: str) -> str:
        """The reply in `language` (else the default one), its placeholders filled for `request`."""
        from django.utils import translation

        with translation.override(language):
            isolate = (lambda value: f"\u2066{value}\u2069") if translation.get_language_bidi() \
                else (lambda value: value)
            unit = request.assigned_unit or request.jurisdiction
            deadline = timezone.localtime(request.resolve_by).strftime("%Y-%m-%d") \
                if request.resolve_by else ""
            values = {
                "reference": isolate(request.reference),
                "category": str(request.category),
                "unit": str(unit) if unit else "",
                "date": isolate(timezone.localdate().strftime("%Y-%m-%d")),
                "deadline": isolate(deadline) if deadline else "",
            }
            text = translated(self, "body", language)
        try:
            return text.format_map(_Placeholders(values))
        except (ValueError, IndexError):  # a stray brace: the text as written, never a 500
            return text


class _Placeholders(dict[str, str]):
    """Leaves an unknown placeholder as written rather than failing the handler's page."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
