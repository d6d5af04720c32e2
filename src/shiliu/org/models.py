"""The organisation: jurisdiction tree down to grids, departments, service points.

Every unit stores its materialised path ("/1/4/17/"), so "this unit and everything below it" is one
indexed prefix query on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shiliu.core.fields import TranslationsField, translated
from shiliu.core.models import TimeStampedModel
from shiliu.org import geo


def ids_on_path(path: str) -> list[int]:
    """The ids of the units of a unit's materialised path ("/1/2/7/"), from the city down."""
    return [int(part) for part in (path or "").strip("/").split("/") if part]


class OrgUnit(TimeStampedModel):
    class Kind(models.TextChoices):
        CITY = "city", _("City")
        DISTRICT = "district", _("District")
        STREET = "street", _("Street / town")
        COMMUNITY = "community", _("Community / village")
        GRID = "grid", _("Grid")
        DEPARTMENT = "department", _("Department")

    # The jurisdiction levels, top-down; a department hangs under any of them.
    LEVELS = [Kind.CITY, Kind.DISTRICT, Kind.STREET, Kind.COMMUNITY, Kind.GRID]

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=120, help_text=_("In the default language."))
    name_translations = TranslationsField(
        _("name in other languages"), max_length=120,
        help_text=_("Left empty, a language shows the default-language name."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    boundary = models.JSONField(
        _("boundary (GeoJSON)"),
        null=True,
        blank=True,
        help_text=_("A GeoJSON Polygon or MultiPolygon in longitude/latitude; required for grids."),
    )
    phone = models.CharField(_("public phone"), max_length=32, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")

    def __str__(self) -> str:
        """The name in the active language (residents and staff see the unit in theirs)."""
        return translated(self, "name")

    def clean(self) -> None:
        if self.kind == self.Kind.CITY and self.parent_id is not None:
            raise ValidationError({"parent": _("A city is the root of the tree.")})
        if self.kind != self.Kind.CITY and self.parent_id is None:
            raise ValidationError({"parent": _("Every unit but the city has a parent.")})
        if self.parent is not None and self.kind in self.LEVELS:
            expected = self.LEVELS[self.LEVELS.index(self.Kind(self.kind)) - 1]
            if self.parent.kind != expected:
                raise ValidationError(
                    {"parent": _("A %(kind)s belongs to a %(parent)s.")
                     % {"kind": self.get_kind_display(), "parent": self.Kind(expected).label}}
                )
        if self.kind == self.Kind.GRID and not self.boundary:
            raise ValidationError({"boundary": _("A grid needs a boundary.")})
        if self.boundary:
            error = geo.boundary_error(self.boundary)
            if error:
                raise ValidationError({"boundary": error})

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The path needs the primary key, so a new unit is saved twice.
        if self.pk is None:
            super().save(*args, **kwargs)
            kwargs = {}
        old_path = self.path
        parent_path = self.parent.path if self.parent_id and self.parent else "/"
        self.path = f"{parent_path}{self.pk}/"
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            # Each unit below is stamped as changed too; every save of a unit is a configuration
            # change (`core.config`), so every process reloads its grids and tree at its next request.
            for descendant in OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                descendant.path = self.path + descendant.path[len(old_path) :]
                descendant.save(update_fields=["path", "updated_at"])
        if self.kind == self.Kind.GRID or (old_path and old_path != self.path):
            geo.forget_grids()

    @property
    def localized_name(self) -> str:
        """The name in the active language (the default language's when not translated)."""
        return translated(self, "name")

    def covers(self, other: OrgUnit | None) -> bool:
        """Whether `other` is this unit or below it."""
        return other is not None and other.path.startswith(self.path)

    def ancestors(self) -> models.QuerySet[OrgUnit]:
        """This unit and every unit above it, root first."""
        return OrgUnit.objects.filter(pk__in=ids_on_path(self.path)).order_by("path")

    def nearest(self, kind: str) -> OrgUnit | None:
        """The closest unit of `kind` at or above this one."""
        return self.ancestors().filter(kind=kind).order_by("-path").first()


class ServicePoint(TimeStampedModel):
    class Kind(models.TextChoices):
        ONE_STOP = "one_stop", _("One-stop service station")
        COMMUNITY_HOME = "community_home", _("Community home (民族之家)")
        WORRY_FREE = "worry_free", _("Worry-free counter (解忧超市)")
        LEGAL_AID = "legal_aid", _("Legal-aid centre")
        HOSPITAL = "hospital", _("Hospital with priority channel")
        CLINIC = "clinic", _("Community health centre")
        SCHOOL = "school", _("School or school-enrolment office")
        TRAINING = "training", _("Training base or site")
        INCUBATOR = "incubator", _("Entrepreneurship street or incubator")
        CULTURE = "culture", _("Cultural venue")

    name = models.CharField(_("name"), max_length=120, help_text=_("In the default language."))
    name_translations = TranslationsField(_("name in other languages"), max_length=120)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="service_points"
    )
    address = models.CharField(_("address"), max_length=200)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    opening_hours_translations = TranslationsField(
        _("opening hours in other languages"), max_length=200
    )
    services = models.TextField(
        _("services offered"), blank=True, help_text=_("In the default language.")
    )
    services_translations = TranslationsField(
        _("services offered in other languages"), textarea=True
    )
    languages = models.CharField(
        _("languages spoken"), max_length=120, blank=True, help_text=_("Comma-separated, e.g. zh-hans, ug, en")
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    class Meta:
        ordering = ["unit__path", "name"]
        verbose_name = _("service point")
        verbose_name_plural = _("service points")

    def __str__(self) -> str:
        return translated(self, "name")

    @property
    def localized_services(self) -> str:
        return translated(self, "services")

    @property
    def localized_opening_hours(self) -> str:
        return translated(self, "opening_hours")
