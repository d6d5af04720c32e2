"""Category suggestion (its trained model versions and what each request was suggested) and the
hot issues (热点诉求) dispatchers record for clusters of similar requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shiliu.core.models import TimeStampedModel


class ModelVersion(TimeStampedModel):
    """One trained suggester, kept as bytes in the database so every process and both databases
    see the same file; the newest version is the one in use."""

    number = models.PositiveIntegerField(_("version"), unique=True)
    sample_count = models.PositiveIntegerField(_("requests trained on"))
    labels = models.JSONField(_("categories"), default=list, help_text=_("Category codes it knows."))
    holdout_macro_f1 = models.FloatField(
        _("macro-F1 on held-out requests"), null=True, blank=True,
        help_text=_("Measured on a fifth of the requests kept aside, before training on all of them."),
    )
    size_bytes = models.PositiveIntegerField(_("size in bytes"))
    data = models.BinaryField(_("model"), editable=False)
    trained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        verbose_name = _("suggestion model version")
        verbose_name_plural = _("suggestion model versions")

    def __str__(self) -> str:
        return f"v{self.number}"


class CategorySuggestion(TimeStampedModel):
    """What the model suggested for one request at intake, beside what was finally chosen: the
    corrections a city's staff make are the next version's lessons."""

    request = models.OneToOneField(
        "service_requests.ServiceRequest", on_delete=models.CASCADE, related_name="category_suggestion"
    )
    model_version = models.ForeignKey(
        ModelVersion, verbose_name=_("model version"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="suggestions",
    )
    suggested_category = models.ForeignKey(
        "service_requests.Category", verbose_name=_("suggested category"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    suggested_type = models.CharField(_("suggested type"), max_length=16, blank=True)
    confidence = models.FloatField(_("confidence"), default=0.0)
    prefilled = models.BooleanField(
        _("pre-filled"), default=False,
        help_text=_("The confidence passed the threshold, so the form chose the category for the person."),
    )
    final_category = models.ForeignKey(
        "service_requests.Category", verbose_name=_("chosen category"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    final_type = models.CharField(_("chosen type"), max_length=16, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("category suggestion")
        verbose_name_plural = _("category suggestions")

    def __str__(self) -> str:
        return f"{self.request_id}: {self.suggested_category_id} → {self.final_category_id}"

    @property
    def corrected(self) -> bool:
        """A suggestion was made and a person chose another category."""
        return self.suggested_category_id is not None and self.suggested_category_id != self.final_category_id


class HotIssue(TimeStampedModel):
    """A cluster of similar requests a dispatcher took up as one matter: the requests linked, the
    action decided and who recorded it."""

    title = models.CharField(_("title"), max_length=120)
    action = models.TextField(_("action"), help_text=_("What will be done about all of them."))
    unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="hot_issues",
        help_text=_("The dispatcher's unit that took it up."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requests = models.ManyToManyField(
        "service_requests.ServiceRequest", verbose_name=_("requests"), related_name="hot_issues"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("hot issue")
        verbose_name_plural = _("hot issues")

    def __str__(self) -> str:
        return self.title
