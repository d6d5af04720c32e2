"""The casework workbook: export what one may see, import it back into an empty unit (same rows,
blind indexes and references right), bad rows all listed with nothing imported, scope."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from conftest import City
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from shiliu.audit.models import AuditEvent
from shiliu.cases import ledgers, services
from shiliu.cases.models import Case, CaseEvent, Household, PlanAction, ReferenceCounter, Visit
from shiliu.cases.tests import factories
from shiliu.core.errors import NotAllowed
from shiliu.people.models import User
from shiliu.privacy import crypto

HOUSEHOLD_HEADER = ["户编号", "网格或社区", "楼栋", "单元", "房号", "户主", "电话", "家庭人口", "首选语言", "备注"]


def casework(grid_worker: User, city: City) -> Case:
    home = factories.household(grid_worker, city.grid_a, head_name="阿依古丽", head_phone="13900001111",
                               language="ug", notes="=独居老人")
    case = factories.case(grid_worker, home=home, opened_on=timezone.localdate() - timedelta(days=3))
    services.plan_action_add(grid_worker, case=case, title="申请临时救助", owner=grid_worker,
                             due_on=timezone.localdate() + timedelta(days=7))
    services.visit_record(grid_worker, household=home, case=case, visited_on=timezone.localdate(),
                          method="home", notes="已送去申请表", next_step="周五回访")
    factories.household(grid_worker, city.grid_a)
    return case


def rows(model: Any, *fields: str) -> list[tuple[Any, ...]]:
    return sorted(tuple(getattr(obj, f) for f in fields) for obj in model.objects.all())


HH = ("reference", "building", "unit_no", "room", "head_name", "head_phone", "head_phone_index", "members_count",
      "language", "notes", "unit_id")


@pytest.mark.django_db
def test_an_exported_workbook_imports_back_into_an_empty_database_with_the_same_rows(
    city: City, grid_worker: User
) -> None:
    casework(grid_worker, city)
    before = {
        "households": rows(Household, *HH),
        "cases": rows(Case, "reference", "household_id", "source", "caseworker_id", "opened_on", "summary",
                      "unit_id", "assess_by"),
        "actions": rows(PlanAction, "title", "owner_id", "due_on", "done_on", "note"),
        "visits": rows(Visit, "visited_on", "visitor_id", "method", "notes", "next_step", "next_visit_on"),
    }
    data = ledgers.casework_export(grid_worker)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["住户", "帮扶案件", "帮扶计划事项", "走访记录"]
    assert [c.value for c in book["住户"][1]] == HOUSEHOLD_HEADER
    assert book["住户"]["J2"].data_type == "s"  # "=独居老人" stays text
    assert AuditEvent.objects.filter(action="export", target_type="cases.ledgers").count() == 1
    for model in (Visit, PlanAction, CaseEvent, Case, Household):
        model.objects.all().delete()

    report = ledgers.casework_import(grid_worker, unit=city.grid_a, file=data, dry_run=False)

    assert report.ok and report.imported, report.errors
    assert [(s.ledger, s.valid) for s in report.sheets] == [
        ("households", 2), ("cases", 1), ("plan_actions", 1), ("visits", 1)]
    # Household ids changed, so compare households by reference and the rest through them.
    assert rows(Household, *HH) == before["households"]
    assert rows(PlanAction, "title", "owner_id", "due_on", "done_on", "note") == before["actions"]
    assert rows(Visit, "visited_on", "visitor_id", "method", "notes", "next_step", "next_visit_on") == before["visits"]
    case = Case.objects.get()
    home = next(h for h in Household.objects.all() if h.head_name == "阿依古丽")
    assert (case.reference, case.household, case.summary) == (before["cases"][0][0], home, before["cases"][0][5])
    assert [e.kind for e in case.events.all()] == ["open"]
    assert Visit.objects.get().case == case


@pytest.mark.django_db
def test_bulk_created_households_get_their_blind_index_and_fresh_references(city: City, grid_worker: User) -> None:
    factories.household(grid_worker, city.grid_a)  # HH-000001 exists
    data = workbook({"住户": [HOUSEHOLD_HEADER,
                                ["", "", "1栋", "", "", "王芳", "139 0000 2222", 2, "", ""],
                                ["HH-000900", "grid-a", "", "", "", "李强", "", 1, "English", ""],
                                ["", "第一网格", "", "", "", "赵敏", "", 4, "zh-hans", ""]]})

    report = ledgers.casework_import(grid_worker, unit=city.grid_a, file=data, dry_run=False)

    assert report.ok, report.errors
    wang = Household.objects.get(head_phone_index=crypto.blind_index("13900002222", kind="phone"))
    assert wang.head_name == "王芳" and wang.head_phone == "13900002222" and wang.created_by == grid_worker
    assert sorted(Household.objects.values_list("reference", flat=True)) == [
        "HH-000001", "HH-000900", "HH-000901", "HH-000902"]
    assert Household.objects.get(reference="HH-000900").language == "en"
    assert ReferenceCounter.objects.get(series="HH").last == 902
    assert factories.household(grid_worker, city.grid_a).reference == "HH-000903"


@pytest.mark.django_db
def test_bad_rows_are_all_listed_by_row_and_column_and_nothing_is_imported(
    city: City, grid_worker: User, other_grid_worker: User
) -> None:
    existing = factories.household(grid_worker, city.grid_a)
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = workbook({
        "住户": [HOUSEHOLD_HEADER,
                   ["", "", "", "", "", "王芳", "", 2, "", ""],  # row 2: fine
                   ["", "", "", "", "", "", "12345", 0, "火星语", ""],  # row 3: four problems
                   [existing.reference, "第二网格", "", "", "", "李强", "", 1, "", ""]],  # row 4: two
        "帮扶案件": [["户编号", "发现途径", "开案日期", "困难情况"],
                     ["HH-404404", "visit", date(2026, 1, 5), "困难"],  # row 2: unknown household
                     [existing.reference, "visit", tomorrow, ""],  # row 3: no summary
                     [existing.reference, "visit", tomorrow, "困难"]],  # row 4: opens tomorrow
    })

    report = ledgers.casework_import(grid_worker, unit=city.grid_a, file=data, dry_run=False)

    assert not report.imported
    assert Household.objects.count() == 1 and Case.objects.count() == 0
    assert [(e.sheet, e.row, e.column) for e in report.errors] == [
        ("住户", 3, "户主"), ("住户", 3, "电话"), ("住户", 3, "家庭人口"), ("住户", 3, "首选语言"),
        ("住户", 4, "户编号"),
        ("帮扶案件", 2, "户编号"), ("帮扶案件", 3, "困难情况"), ("帮扶案件", 4, "开案日期"),
    ], report.errors
    by_place = {(e.sheet, e.row, e.column): e.message for e in report.errors}
    assert by_place[("住户", 3, "户主")] == "此列为必填项。"
    assert "已存在" in by_place[("住户", 4, "户编号")]
    assert "HH-404404" in by_place[("帮扶案件", 2, "户编号")]


@pytest.mark.django_db
def test_a_dry_run_reports_what_would_be_imported_and_writes_nothing(city: City, grid_worker: User) -> None:
    data = workbook({"住户": [HOUSEHOLD_HEADER, ["", "", "", "", "", "王芳", "", 2, "", ""]]})
    report = ledgers.casework_import(grid_worker, unit=city.grid_a, file=data, dry_run=True)
    assert report.ok and not report.imported and report.rows == 1
    assert not Household.objects.exists() and not ReferenceCounter.objects.filter(series="HH", last__gt=0).exists()


@pytest.mark.django_db
def test_export_holds_only_what_the_actor_may_see(city: City, grid_worker: User, other_grid_worker: User,
                                                  analyst: User) -> None:
    casework(grid_worker, city)
    factories.household(other_grid_worker, city.grid_b, head_name="别的网格")
    sheet = load_workbook(io.BytesIO(ledgers.casework_export(other_grid_worker)))["住户"]
    assert [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["别的网格"]
    with pytest.raises(NotAllowed):
        ledgers.casework_export(analyst)
    with pytest.raises(NotAllowed):
        ledgers.casework_import(other_grid_worker, unit=city.grid_a, file=b"", dry_run=True)


def workbook(sheets: dict[str, list[list[Any]]]) -> bytes:
    book = Workbook()
    book.remove(book.worksheets[0])
    for title, lines in sheets.items():
        sheet = book.create_sheet(title)
        for line in lines:
            sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_the_import_command_checks_then_imports_with_progress(
    city: City, grid_worker: User, tmp_path: Any
) -> None:
    from django.core.management import CommandError, call_command

    path = tmp_path / "台账.xlsx"
    path.write_bytes(workbook({"住户": [HOUSEHOLD_HEADER, ["", "", "", "", "", "王芳", "", 2, "", ""]]}))
    out, err = io.StringIO(), io.StringIO()
    call_command("import_ledger", str(path), unit="grid-a", username="gridworker", dry_run=True,
                 stdout=out, stderr=err)
    assert "住户: 1/1" in out.getvalue() and not Household.objects.exists()
    assert "check" in err.getvalue() and "1/1" in err.getvalue()  # the tqdm bar

    call_command("import_ledger", str(path), unit="grid-a", username="gridworker", stdout=out, stderr=err)
    assert Household.objects.count() == 1 and "1 imported" in out.getvalue()

    path.write_bytes(workbook({"住户": [HOUSEHOLD_HEADER, ["", "", "", "", "", "", "", 2, "", ""]]}))
    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_ledger", str(path), unit="grid-a", username="gridworker", stdout=out, stderr=err)
    assert "住户 2 户主: 此列为必填项。" in out.getvalue()
