"""Residence self-declarations (居住申报, SPEC §4.2): a resident who moved to the city tells their
community where they live, since when and why, and who lives with them; the community confirms it
and the resident is linked to the community's services.

What is kept is what the community needs to serve the household, nothing else: the address inside
the city (community from the org tree, then building, unit and room), the move-in date, the
purpose of the stay and the members' names, relation and birth year with any schooling need.
Names and the exact address are encrypted. There is no field for ethnicity, religion or origin,
and there must never be one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shiliu.core.masking import mask_name
from shiliu.core.models import TimeStampedModel
from shiliu.privacy.fields import EncryptedTextField
from shiliu.residence.workflow import Status


class StayPurpose(models.TextChoices):
    WORK = "work", _("Work")
    STUDY = "study", _("Study")
    BUSINESS = "business", _("Business")
    FAMILY = "family", _("Living with family")
    OTHER = "other", _("Other")


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Brother or sister")
    GRANDCHILD = "grandchild", _("Grandchild")
    OTHER = "other", _("Other relative or housemate")


class Schooling(models.TextChoices):
    NONE = "", _("No schooling needed")
    KINDERGARTEN = "kindergarten", _("Kindergarten place")
    PRIMARY = "primary", _("Primary school place")
    JUNIOR = "junior", _("Junior secondary school place")
    SENIOR = "senior", _("Senior secondary school place")


class Declaration(TimeStampedModel):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False,
                                 help_text=_("RD-YYYY-NNNNNN, from the row's number once it is saved."))
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("resident"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="residence_declarations",
        help_text=_("Emptied when the resident's account is deleted."),
    )
    full_name = EncryptedTextField(_("name of the declarant"))
    community = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("community"), on_delete=models.PROTECT,
        related_name="residence_declarations",
    )
    building = EncryptedTextField(_("building"), blank=True)
    unit_no = EncryptedTextField(_("entrance / unit"), blank=True)
    room = EncryptedTextField(_("room"), blank=True)
    moved_in_on = models.DateField(_("moved in on"))
    purpose = models.CharField(_("purpose of the stay"), max_length=16, choices=StayPurpose.choices)
    language = models.CharField(_("language"), max_length=16, default="zh-hans",
                                help_text=_("The language the resident reads: a service need."))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.SUBMITTED, db_index=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    moved_out_on = models.DateField(_("moved out on"), null=True, blank=True)
    moved_out_at = models.DateTimeField(_("moved out recorded at"), null=True, blank=True, db_index=True)
    personal_data_erased_at = models.DateTimeField(_("personal data removed at"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("residence declaration")
        verbose_name_plural = _("residence declarations")
        indexes = [models.Index(fields=["community", "status"], name="declaration_unit_status")]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("residence:declaration-detail", args=[self.reference])

    @property
    def masked_name(self) -> str:
        return mask_name(self.full_name)

    @property
    def address_line(self) -> str:
        """The exact address below the community (for the resident and the PDF)."""
        return " ".join(part for part in (self.building, self.unit_no, self.room) if part)


class HouseholdMember(models.Model):
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="members")
    name = EncryptedTextField(_("name"))
    relation = models.CharField(_("relation to the declarant"), max_length=16, choices=Relation.choices)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"))
    schooling = models.CharField(_("schooling needed"), max_length=16, choices=Schooling.choices,
                                 blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["declaration", "position", "id"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def __str__(self) -> str:
        return f"{self.get_relation_display()} {self.birth_year}"

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)


class DeclarationEvent(models.Model):
    """One entry of a declaration's history: its kind and parameters (dates, codes, never
    sentences), worded in the reader's language when shown; `note` is what a person typed (the
    reason for returning it), shown to the resident as typed."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=24, db_index=True)
    from_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    by_resident = models.BooleanField(default=False)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("declaration event")
        verbose_name_plural = _("declaration events")

    def __str__(self) -> str:
        return f"{self.declaration_id} {self.kind} {self.from_status}→{self.to_status}"

    def describe(self) -> str:
        from shiliu.residence.workflow import describe

        return describe(self)
