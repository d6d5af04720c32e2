"""The figures page: who may see it, what it shows, and how it answers bad input."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff
from shiliu.reports.figures import FIGURES, SUBMITTED_DEFINITION
from shiliu.reports.tests.conftest import Scenario, at, submit
from shiliu.service_requests import workflow

PERIOD = {"start": "2025-03-01", "end": "2025-04-30"}


@pytest.fixture
def url() -> str:
    with translation.override("en"):
        return reverse("reports:figures")


def signed_in(client: Client, user: User) -> Client:
    return login_staff(client, user)


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, url: str) -> None:
    response = client.get(url)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert "next=" in response["Location"]


def test_signed_in_people_without_a_figure_role_get_the_role_page(
    client: Client, outsider: User, url: str
) -> None:
    response = signed_in(client, outsider).get(url, PERIOD)

    assert response.status_code == 403


def test_the_page_shows_each_figure_with_its_definition(
    client: Client, scenario: Scenario, analyst: User, url: str
) -> None:
    response = signed_in(client, analyst).get(url, PERIOD)

    assert response.status_code == 200
    html = response.content.decode()
    for figure in FIGURES:
        definition = escape(str(figure.definition))
        assert f'<abbr title="{definition}">{escape(str(figure.name))}</abbr>' in html
        assert f'<dd>{definition}</dd>' in html  # visible under the table, not only on hover
        assert f'id="definition-{figure.key}"' in html
    assert escape(str(SUBMITTED_DEFINITION)) in html


def test_the_page_shows_the_table_with_a_total_row(
    client: Client, scenario: Scenario, analyst: User, url: str
) -> None:
    response = signed_in(client, analyst).get(url, {**PERIOD, "group": "category"})

    html = response.content.decode()
    table = response.context["table"]
    assert [row.label for row in table.rows] == ["住房", "公共设施"]
    assert table.total.submitted == 8
    assert '<th scope="row">All requests</th>' in html
    assert "83.3%<br><small>5/6</small>" in html  # signing rate, total row
    assert 'class="table-scroll"' in html


def test_the_page_draws_its_charts_as_inline_svg(
    client: Client, scenario: Scenario, analyst: User, url: str
) -> None:
    response = signed_in(client, analyst).get(url, {**PERIOD, "group": "unit"})

    html = response.content.decode()
    assert html.count("<svg") == 2
    assert "<script>" not in html and "<script " not in html.replace("<script src=", "")  # no inline script
    assert "Satisfaction and on-time rates per group (Handling unit)" in html
    assert "Requests submitted and completion rate, month by month" in html
    assert "<title>区住建局</title>" in html  # a bar group per unit
    assert "2025-04" in html  # the monthly trend whatever the grouping


def test_the_default_period_is_the_past_twelve_months_by_month(
    client: Client, analyst: User, url: str
) -> None:
    with time_machine.travel(at(4, 15, 12), tick=False):
        response = signed_in(client, analyst).get(url)

    table = response.context["table"]
    assert response.status_code == 200
    assert (table.group_by, table.start, table.end) == (
        "month", date(2024, 5, 1), date(2025, 4, 15),
    )
    assert [row.label for row in table.rows][0::11] == ["2024-05", "2025-04"]
    assert len(table.rows) == 12


def test_a_grid_worker_sees_only_their_grids_figures(
    client: Client, scenario: Scenario, grid_worker: User, url: str
) -> None:
    response = signed_in(client, grid_worker).get(url, {**PERIOD, "group": "unit"})

    assert response.status_code == 200
    assert response.context["table"].total.submitted == 7
    assert "第二网格" not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2025-13-45"}, "Enter the first day as a date, e.g. 2025-01-31."),
        ({"end": "yesterday"}, "Enter the last day as a date, e.g. 2025-12-31."),
        (
            {"start": "2025-05-01", "end": "2025-04-01"},
            "The first day must not come after the last day.",
        ),
        ({"start": "2001-01-01", "end": "2025-01-01"}, "Choose a period of at most ten years."),
        ({"start": "0001-01-01"}, "Choose a date from 2000-01-01 to 2099-12-31."),
        ({"end": "9999-12-31"}, "Choose a date from 2000-01-01 to 2099-12-31."),
        ({"group": "ethnicity"}, "Choose how to group the figures from the list."),
        ({"format": "xlsx"}, "The figures can be shown here or downloaded as CSV."),
    ],
)
def test_bad_parameters_get_a_clear_error_not_a_500(
    client: Client, analyst: User, url: str, params: dict[str, str], message: str
) -> None:
    response = signed_in(client, analyst).get(url, {**PERIOD, **params})

    assert response.status_code == 200
    html = response.content.decode()
    assert escape(message) in html
    assert "Correct the choices above to see the figures." in html
    assert "table" not in response.context


def test_errors_are_translated_with_the_page(client: Client, analyst: User) -> None:
    with translation.override("zh-hans"):
        zh_url = reverse("reports:figures")

    response = signed_in(client, analyst).get(zh_url, {"start": "2025-05-01", "end": "2025-04-01"})

    assert response.status_code == 200
    assert response.context["form"].errors["__all__"] == [
        "开始日期不能晚于结束日期。"
    ]


def test_the_table_downloads_as_csv_scoped_like_the_page(
    client: Client, scenario: Scenario, grid_worker: User, url: str
) -> None:
    params = {**PERIOD, "group": "channel", "format": "csv"}

    response = signed_in(client, grid_worker).get(url, params)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="figures-channel-20250301-20250430.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, *body = rows
    assert header[:5] == [
        "Channel", "Submitted", "Signing rate (签收率) — numerator",
        "Signing rate (签收率) — denominator", "Signing rate (签收率) (%)",
    ]
    assert [(row[0], row[1]) for row in body] == [("Resident portal", "6"), ("Phone", "1"),
                                                  ("All requests", "7")]
    assert body[-1][2:5] == ["5", "5", "100.00"]
    # every resolved request arose in grid A: p90 of 6, 6, 24, 192, 216 hours
    assert body[-1][-2:] == ["5", "206.40"]


def test_the_page_takes_the_same_queries_however_many_requests(
    client: Client, scenario: Scenario, analyst: User, url: str, city: Any, dispatcher: User,
    django_assert_max_num_queries: Any,
) -> None:
    client = signed_in(client, analyst)
    with CaptureQueriesContext(connection) as few:
        client.get(url, {**PERIOD, "group": "unit"})
    for day in range(1, 21):
        request = submit(city.other_category, at(3, day, 8))
        workflow.accept(request, actor=dispatcher, now=at(3, day, 9))
        workflow.dispatch(request, actor=dispatcher, unit=city.grid_a, now=at(3, day, 10))

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, {**PERIOD, "group": "unit"})

    assert response.context["table"].total.submitted == 28
    # session, user, second factor, roles, rollup state, figures (2 stored + 1 live), names, …,
    # the casework counts (6, however many rows) and the knowledge base's self-answers (1)
    assert len(few.captured_queries) <= 17


def test_the_current_month_is_marked_partial_on_the_trend(
    client: Client, scenario: Scenario, analyst: User, url: str
) -> None:
    signed = signed_in(client, analyst)
    with time_machine.travel(datetime(2025, 4, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        html = signed.get(url, PERIOD).content.decode()
    assert 'fill="url(#figures-trend-hatch)"' in html
    assert "Month in progress: partial" in html  # the legend
    whole = signed.get(url, {"start": "2025-03-01", "end": "2025-03-31"}).content.decode()
    assert "figures-trend-hatch" not in whole
