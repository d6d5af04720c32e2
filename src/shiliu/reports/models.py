"""Stored daily tallies of the figures (`rollups.py`): derived data only, rebuilt from the
requests and their events at any time; nothing else is written by this app."""

from __future__ import annotations

from django.db import models

from shiliu.reports.figures import RATES


class FigureRollup(models.Model):
    """The tally (`figures.Tally`) of the requests submitted on one local day (`grain` "d") or in
    one closed month (`grain` "m", `day` its first day) that the holders of a figure role at
    `scope` see, and that fall in one group (`value`) of one grouping (`kind`: the handling unit,
    the top-level category, the channel or the language; "" for no unit).

    The page asks one grouping at a time, for one scope: so a row is kept per grouping rather
    than per combination of them, and per unit whose staff may see the request (every unit
    above or at its place, its receiving jurisdiction and its handling unit, as
    `service_requests.permissions.request_scope` decides) rather than per combination of those
    three. One pair of columns per rate of the registry (`<key>_num`, `<key>_den`, added below);
    the minutes to the first resolution as a histogram ({minutes: requests})."""

    class Grain(models.TextChoices):
        DAY = "d", "day"
        MONTH = "m", "month"

    grain = models.CharField(max_length=1, choices=Grain.choices)
    day = models.DateField()
    scope = models.ForeignKey("org.OrgUnit", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8)  # figures.GroupBy less "month"
    value = models.CharField(max_length=32, blank=True)
    submitted = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)  # requests in `minutes`
    minutes = models.JSONField(default=dict)  # {"<whole minutes to first resolution>": requests}

    class Meta:
        indexes = [
            models.Index(fields=["scope", "kind", "grain", "day"], name="figure_rollup_read"),
            models.Index(fields=["grain", "day"], name="figure_rollup_day"),
        ]

    def __str__(self) -> str:
        return f"{self.grain} {self.day} {self.scope_id} {self.kind}={self.value}: {self.submitted}"


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
