"""The figures page (SPEC §4.1 "figures everywhere, each with its definition shown").

Read-only: it never writes. Staff with a figure role see the figures of the requests in their
units; anyone else signed in gets 403 ("not available to your role"), and anonymous visitors
are sent to sign in (both decided by the permission map, `core.access`).
"""

from __future__ import annotations

import calendar
import csv
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from shiliu.reports import charts, rollups
from shiliu.reports.figures import (
    FIGURES,
    FIGURES_BY_KEY,
    GROUP_CHOICES,
    POPULATION_NOTE,
    SUBMITTED_DEFINITION,
    SUBMITTED_NAME,
    FigureRow,
    FigureTable,
    GroupBy,
    casework_figures,
    tabulate_tallies,
)
from shiliu.reports.figures import (
    counts as figure_counts,
)
from shiliu.reports.forms import FiguresForm, with_defaults

BAR_FIGURES = ("satisfaction_rate", "on_time_rate")


def figures_page(request: HttpRequest) -> HttpResponse:
    form = FiguresForm(data=with_defaults(request.GET, today=timezone.localdate()))
    context: dict[str, Any] = {
        "form": form,
        "figures": FIGURES,
        "submitted_name": SUBMITTED_NAME,
        "submitted_definition": SUBMITTED_DEFINITION,
        "population_note": POPULATION_NOTE,
        "casework": casework_figures(user=request.user, today=timezone.localdate()),
        "casework_day": timezone.localdate(),
    }
    if form.is_valid():
        start, end, group_by = form.cleaned_data["start"], form.cleaned_data["end"], form.group_by
        csv = form.cleaned_data["format"] == "csv"
        groups: tuple[GroupBy, ...] = (group_by,) if csv or group_by == "month" else (group_by, "month")
        # Closed days from the stored daily tallies, today from the requests (reports.rollups).
        current = rollups.state()
        tallies = rollups.figure_tallies(user=request.user, groups=groups, start=start, end=end,
                                         current=current)
        table = tabulate_tallies(tallies[group_by], group_by=group_by, start=start, end=end)
        if csv:
            return figures_csv(table)
        months = (table if group_by == "month"
                  else tabulate_tallies(tallies["month"], group_by="month", start=start, end=end))
        params = {"group": group_by, "start": start.isoformat(), "end": end.isoformat()}
        context.update(
            table=table,
            group_label=dict(GROUP_CHOICES)[group_by],
            bar_chart=bar_chart(table),
            trend_chart=trend_chart(months, today=timezone.localdate()),
            csv_url="?" + urlencode({**params, "format": "csv"}),
            as_of=rollups.as_of(current),
            counts=figure_counts(start=start, end=end),
        )
    return render(request, "reports/figures.html", context)


def bar_chart(table: FigureTable) -> SafeString:
    series = [str(FIGURES_BY_KEY[key].name) for key in BAR_FIGURES]
    return charts.rate_bars(
        chart_id="figures-bars",
        title=_("Satisfaction and on-time rates per group (%(group)s)")
        % {"group": dict(GROUP_CHOICES)[table.group_by]},
        description=_("One row of bars per group; “—” where nothing was counted."),
        series=series,
        groups=[
            charts.BarGroup(row.label, tuple(row.cell(key).percent for key in BAR_FIGURES))
            for row in table.rows
        ],
    )


def partial_months(months: FigureTable, *, today: date) -> list[bool]:
    """Which months of the table are not whole: the month still running, and a first or last
    month the chosen period cuts."""
    def cut(label: str) -> bool:
        if label == f"{today:%Y-%m}":
            return True
        if label == f"{months.start:%Y-%m}" and months.start.day > 1:
            return True
        last_day = calendar.monthrange(months.end.year, months.end.month)[1]
        return label == f"{months.end:%Y-%m}" and months.end.day < last_day

    return [cut(row.label) for row in months.rows]


def trend_chart(months: FigureTable, *, today: date) -> SafeString:
    completion = FIGURES_BY_KEY["completion_rate"]
    return charts.trend_lines(
        chart_id="figures-trend",
        title=_("Requests submitted and completion rate, month by month"),
        description=_(
            "Solid line: requests submitted (left axis). Dashed line: completion rate (right "
            "axis); it breaks where no request was accepted. Hatched: a month not yet over (or "
            "cut by the period), drawn with hollow markers: its figures are partial."
        ),
        labels=[row.label for row in months.rows],
        volumes=[row.submitted for row in months.rows],
        rates=[row.cell(completion.key).percent for row in months.rows],
        volume_label=str(SUBMITTED_NAME),
        rate_label=str(completion.name),
        partial=partial_months(months, today=today),
        partial_label=_("Month in progress: partial"),
    )


def _csv_text(value: str) -> str:
    """Spreadsheets run a cell that starts with = + - @ as a formula: keep such labels text."""
    return "'" + value if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


def figures_csv(table: FigureTable) -> HttpResponse:
    filename = f"figures-{table.group_by}-{table.start:%Y%m%d}-{table.end:%Y%m%d}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # lets spreadsheet programs read the Chinese labels as UTF-8
    writer = csv.writer(response)
    header = [str(dict(GROUP_CHOICES)[table.group_by]), str(SUBMITTED_NAME)]
    for figure in FIGURES:
        if figure.unit == "rate":
            header += [
                f"{figure.name} — " + _("numerator"),
                f"{figure.name} — " + _("denominator"),
                f"{figure.name} (%)",
            ]
        else:
            header += [
                f"{figure.name} — " + _("requests counted"),
                f"{figure.name} (" + _("hours") + ")",
            ]
    writer.writerow(header)
    for row in (*table.rows, table.total):
        writer.writerow(_csv_row(row))
    return response


def _csv_row(row: FigureRow) -> list[str | int]:
    values: list[str | int] = [_csv_text(row.label), row.submitted]
    for cell in row.cells:
        if cell.figure.unit == "rate":
            percent = "" if cell.percent is None else f"{cell.percent:.2f}"
            values += [cell.numerator or 0, cell.denominator, percent]
        else:
            values += [cell.denominator, "" if cell.value is None else f"{cell.value:.2f}"]
    return values
