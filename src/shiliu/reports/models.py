"""Stored daily tallies of the figures (`rollups.py`): derived data only, rebuilt from the
requests and their events at any time; nothing else is written by this app."""

from __future__ import annotations

from django.db import models

from shiliu.reports.figures import RATES


class FigureRollup(models.Model):
    """The tally (`figures.Tally`) of the requests submitted on one local day that share a place,
    a receiving jurisdiction, a handling unit, a top-level category, a channel and a language.
    The three units carry the names of the request's own fields, so the request scope
    (`service_requests.permissions.request_scope`) filters these rows exactly as it filters
    requests. One pair of columns per rate of the registry (`<key>_num`, `<key>_den`, added below)."""

    day = models.DateField()
    jurisdiction = models.ForeignKey("org.OrgUnit", on_delete=models.CASCADE, null=True,
                                     related_name="+")
    handling_jurisdiction = models.ForeignKey("org.OrgUnit", on_delete=models.CASCADE, null=True,
                                              related_name="+")
    assigned_unit = models.ForeignKey("org.OrgUnit", on_delete=models.CASCADE, null=True,
                                      related_name="+")
    category = models.ForeignKey("service_requests.Category", on_delete=models.CASCADE,
                                 related_name="+")
    channel = models.CharField(max_length=16)
    language = models.CharField(max_length=16)
    submitted = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)  # len(hours)
    hours = models.JSONField(default=list)  # hours to the first resolution, one per request

    class Meta:
        indexes = [models.Index(fields=["day"], name="figure_rollup_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.category_id} {self.channel} {self.language}: {self.submitted}"


for _rate in RATES:
    FigureRollup.add_to_class(f"{_rate.key}_num", models.PositiveIntegerField(default=0))
    FigureRollup.add_to_class(f"{_rate.key}_den", models.PositiveIntegerField(default=0))


class RollupState(models.Model):
    """One row: how far the stored tallies reach. Days up to `built_through` are read from them;
    later days (today at least) from the requests. `refreshed_at` is when they were last brought
    up to date: the figures of closed days are as of then."""

    built_through = models.DateField(null=True)
    refreshed_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"built through {self.built_through}, refreshed {self.refreshed_at}"
