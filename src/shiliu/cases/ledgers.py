"""Casework ledgers (帮扶台账) as one Excel workbook: households, cases, plan actions and visits,
one sheet each (`core.ledgers` does the reading, checking and writing).

Export: what the actor may see, through the casework selectors; names, phones and notes in full,
so every export is an audit event naming the sheets, fields and row count. Analysts see figures,
never a household, so they have no export.

Import into one unit (a grid or community, or a unit above them when each household row names
its grid): households first, then cases, plan actions and visits, which refer to households and
cases by reference, in the file or already in the actor's scope. References in the file are
kept (an office's own numbering carries over, and importing the same file twice is refused row
by row instead of doubling it); blank ones are allocated in one step per series. Imported cases
start open, with an "open" event, as `case_open` makes them; a case's status, outcome and
closing date are exported but not imported (only the workflow changes a status). Users are named
by account (username).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Generator, Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shiliu.audit.models import AuditAction
from shiliu.audit.services import audit_record
from shiliu.cases import selectors
from shiliu.cases.models import Case, CaseEvent, Household, Method, PlanAction, ReferenceCounter, Source, Visit
from shiliu.cases.services import assess_deadline
from shiliu.cases.workflow import CASE_ROLES, OPEN_STATUSES, Status
from shiliu.core.errors import NotAllowed
from shiliu.core.ledgers import CHOICE, DATE, INT, Column, ImportReport, Ledger, LedgerSet, Row, RowInvalid

if TYPE_CHECKING:
    from shiliu.org.models import OrgUnit
    from shiliu.people.models import User

_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,15}$")


def _username(user: Any) -> str:
    return user.get_username() if user is not None else ""


def _phone(value: str) -> str:
    from shiliu.service_requests.services import normalised_phone

    return normalised_phone(value)


class _CaseworkLedger(Ledger[Any]):
    """What the casework sheets share: the actor and unit of the import, the users by account,
    and the households and cases a row may name (in scope, or built from an earlier sheet)."""

    reference_prefix: ClassVar[str] = ""

    @property
    def actor(self) -> User:
        return self.book.actor  # type: ignore[no-any-return]

    def households(self, references: Iterable[str]) -> dict[str, Household]:
        """Households the rows name: built from the households sheet, or in the actor's scope
        (one query, without opening their encrypted fields)."""
        known = {h.reference: h for h in self.book.built.get("households", [])}
        wanted = {r for r in references if r and r not in known}
        if wanted:
            found = (selectors.household_list(self.actor).filter(reference__in=wanted)
                     .defer("head_name", "head_phone", "notes"))
            known.update({h.reference: h for h in found})
        return known

    def staff(self) -> dict[str, tuple[User, list[str]]]:
        """username → (user, unit paths where they do casework), for everyone in the tree."""
        if "staff" not in self.book.context:
            from shiliu.people.models import StaffRole

            found: dict[str, tuple[User, list[str]]] = {}
            for role in StaffRole.objects.filter(role__in=CASE_ROLES).select_related("user", "unit"):
                _user, paths = found.setdefault(role.user.get_username(), (role.user, []))
                paths.append(role.unit.path)
            self.book.context["staff"] = found
        return self.book.context["staff"]  # type: ignore[no-any-return]

    def worker(self, column: str, username: str, unit: OrgUnit) -> User:
        """The account named in the cell (blank: the actor), who must do casework in `unit`."""
        if not username:
            return self.actor
        user, paths = self.staff().get(username, (None, []))
        if user is None:
            raise RowInvalid(column, _("No member of staff has the account %(name)s.") % {"name": username})
        if not any(unit.path.startswith(path) for path in paths):
            raise RowInvalid(column, _("%(name)s does not do casework in %(unit)s.")
                             % {"name": username, "unit": unit.localized_name})
        return user

    def new_reference(self, column: str, reference: str, taken: set[str]) -> str:
        """A reference from the file, checked; "" means: allocate one when saving."""
        if not reference:
            return ""
        if not _REFERENCE.match(reference):
            raise RowInvalid(column, _("A reference has up to 16 letters, digits and dashes."))
        if reference in taken:
            raise RowInvalid(column, _("%(reference)s already exists.") % {"reference": reference})
        taken.add(reference)
        return reference


# --- Households -----------------------------------------------------------------------------------


class HouseholdLedger(_CaseworkLedger):
    key = "households"
    title = gettext_lazy("Households")
    model = Household
    columns = [
        Column("reference", gettext_lazy("Household reference"), width=12),
        Column("unit", gettext_lazy("Grid or community"), get=lambda h: h.unit.name, width=16),
        Column("building", gettext_lazy("Building"), max_length=40, width=10),
        Column("unit_no", gettext_lazy("Entrance"), max_length=20, width=8),
        Column("room", gettext_lazy("Room"), max_length=20, width=8),
        Column("head_name", gettext_lazy("Head of household"), required=True, max_length=60),
        Column("head_phone", gettext_lazy("Phone"), width=14, clean=_phone),
        Column("members_count", gettext_lazy("Members"), kind=INT, required=True, minimum=1, maximum=30),
        Column("language", gettext_lazy("Preferred language"), kind=CHOICE, choices=settings.RESIDENT_LANGUAGES),
        Column("notes", gettext_lazy("Notes"), max_length=4000, width=30),
    ]

    def prepare(self, rows: list[Row]) -> None:
        from shiliu.org.models import OrgUnit

        unit: OrgUnit = self.book.unit
        below = OrgUnit.objects.filter(path__startswith=unit.path,
                                       kind__in=[OrgUnit.Kind.GRID, OrgUnit.Kind.COMMUNITY])
        self.by_code = {u.code: u for u in below}
        self.by_name: dict[str, list[OrgUnit]] = defaultdict(list)
        for u in below:
            self.by_name[u.name].append(u)
        given = [row["reference"] for row in rows if row["reference"]]
        self.taken = set(Household.objects.filter(reference__in=given).values_list("reference", flat=True))

    def place(self, name: str) -> OrgUnit:
        from shiliu.org.models import OrgUnit

        unit: OrgUnit = self.book.unit
        if not name:
            if unit.kind not in (OrgUnit.Kind.GRID, OrgUnit.Kind.COMMUNITY):
                raise RowInvalid("unit", _("Name the grid or community (the import is for %(unit)s).")
                                 % {"unit": unit.localized_name})
            return unit
        if name in self.by_code:
            return self.by_code[name]
        matches = self.by_name.get(name, [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise RowInvalid("unit", _("Several units are called %(name)s: write its code instead.") % {"name": name})
        raise RowInvalid("unit", _("%(name)s is not a grid or community of %(unit)s.")
                         % {"name": name, "unit": unit.localized_name})

    def build(self, row: Row) -> Household:
        household = Household(
            reference=self.new_reference("reference", row["reference"], self.taken),
            unit=self.place(row["unit"]), building=row["building"], unit_no=row["unit_no"], room=row["room"],
            head_name=row["head_name"], head_phone=row["head_phone"], members_count=row["members_count"],
            language=row["language"] or settings.LANGUAGE_CODE, notes=row["notes"], created_by=self.actor,
        )
        self.check_fields(household, exclude=["reference"])
        return household

    def save(self, objects: list[Household]) -> Iterator[int]:
        allocate(objects, lambda _household: "HH", 6)
        yield from super().save(objects)

    def after_save(self, objects: list[Household]) -> None:
        audit_import(self.actor, Household, objects, ["head_name", "head_phone", "address", "notes"])


# --- Cases ------------------------------------------------------------------------------------------


class CaseLedger(_CaseworkLedger):
    key = "cases"
    title = gettext_lazy("Cases")
    model = Case
    columns = [
        Column("reference", gettext_lazy("Case reference"), width=14),
        Column("household", gettext_lazy("Household reference"), required=True, get=lambda c: c.household.reference,
               width=12),
        Column("source", gettext_lazy("Found through"), kind=CHOICE, required=True, choices=Source.choices),
        Column("caseworker", gettext_lazy("Caseworker (account)"), get=lambda c: _username(c.caseworker)),
        Column("opened_on", gettext_lazy("Opened on"), kind=DATE, required=True),
        Column("summary", gettext_lazy("Summary"), required=True, max_length=4000, width=30),
        # Exported for reading; an imported case starts open (only the workflow changes a status).
        Column("status", gettext_lazy("Status"), kind=CHOICE, choices=Status.choices),
        Column("closed_on", gettext_lazy("Closed on"), kind=DATE),
    ]

    def prepare(self, rows: list[Row]) -> None:
        given = [row["reference"] for row in rows if row["reference"]]
        self.taken = set(Case.objects.filter(reference__in=given).values_list("reference", flat=True))
        self.deadlines: dict[date, date] = {}
        self.known = self.households(row["household"] for row in rows)

    def build(self, row: Row) -> Case:
        household = self.known.get(row["household"])
        if household is None:
            raise RowInvalid("household", _("No household %(reference)s in the file or in your units.")
                             % {"reference": row["household"]})
        if row["status"] not in ("", Status.OPEN):
            raise RowInvalid("status", _("Imported cases start open: leave the status empty or open, "
                                         "and close the case afterwards."))
        opened = row["opened_on"]
        if opened > timezone.localdate():
            raise RowInvalid("opened_on", _("A case cannot open on a day still to come."))
        if opened not in self.deadlines:
            self.deadlines[opened] = assess_deadline(opened)
        case = Case(
            reference=self.new_reference("reference", row["reference"], self.taken), household=household,
            source=row["source"], caseworker=self.worker("caseworker", row["caseworker"], household.unit),
            unit=household.unit, summary=row["summary"], opened_on=opened, assess_by=self.deadlines[opened],
        )
        self.check_fields(case, exclude=["reference", "status"])
        return case

    def save(self, objects: list[Case]) -> Iterator[int]:
        allocate(objects, lambda case: f"CA-{case.opened_on.year}", 4)
        yield from super().save(objects)
        now = timezone.now()
        CaseEvent.objects.bulk_create(
            [CaseEvent(case=case, kind="open", from_status=Status.OPEN, to_status=Status.OPEN, actor=self.actor,
                       params={"source": case.source, "imported": True}, created_at=now) for case in objects],
            batch_size=1000,
        )

    def after_save(self, objects: list[Case]) -> None:
        audit_import(self.actor, Case, objects, ["summary"])


def _cases(ledger: _CaseworkLedger, references: Iterable[str]) -> dict[str, Case]:
    """Cases the rows name: built from the cases sheet, or in the actor's scope."""
    known = {c.reference: c for c in ledger.book.built.get("cases", [])}
    wanted = {r for r in references if r and r not in known}
    if wanted:
        found = selectors.case_list(ledger.actor).filter(reference__in=wanted)
        known.update({c.reference: c for c in found})
    return known


# --- Plan actions -----------------------------------------------------------------------------------


class PlanActionLedger(_CaseworkLedger):
    key = "plan_actions"
    title = gettext_lazy("Plan actions")
    model = PlanAction
    columns = [
        Column("case", gettext_lazy("Case reference"), required=True, get=lambda a: a.case.reference, width=14),
        Column("title", gettext_lazy("Action to take"), required=True, max_length=120, width=30),
        Column("owner", gettext_lazy("Owner (account)"), get=lambda a: _username(a.owner)),
        Column("due_on", gettext_lazy("Due on"), kind=DATE, required=True),
        Column("done_on", gettext_lazy("Done on"), kind=DATE),
        Column("note", gettext_lazy("Note"), max_length=4000, width=30),
    ]

    def prepare(self, rows: list[Row]) -> None:
        self.cases = _cases(self, (row["case"] for row in rows))

    def build(self, row: Row) -> PlanAction:
        case = self.cases.get(row["case"])
        if case is None:
            raise RowInvalid("case", _("No case %(reference)s in the file or in your units.")
                             % {"reference": row["case"]})
        if case.status not in OPEN_STATUSES:
            raise RowInvalid("case", _("The case is closed: reopen it first."))
        if row["done_on"] is not None and row["done_on"] > timezone.localdate():
            raise RowInvalid("done_on", _("An action cannot be done on a day still to come."))
        action = PlanAction(case=case, title=row["title"], owner=self.worker("owner", row["owner"], case.unit),
                            due_on=row["due_on"], done_on=row["done_on"], note=row["note"])
        self.check_fields(action)
        return action

    def after_save(self, objects: list[PlanAction]) -> None:
        audit_import(self.actor, PlanAction, objects, ["note"])


# --- Visits -----------------------------------------------------------------------------------------


class VisitLedger(_CaseworkLedger):
    key = "visits"
    title = gettext_lazy("Visits")
    model = Visit
    columns = [
        Column("household", gettext_lazy("Household reference"), required=True, get=lambda v: v.household.reference,
               width=12),
        Column("case", gettext_lazy("Case reference"), get=lambda v: v.case.reference if v.case else "", width=14),
        Column("visited_on", gettext_lazy("Visited on"), kind=DATE, required=True),
        Column("visitor", gettext_lazy("Visitor (account)"), get=lambda v: _username(v.visitor)),
        Column("method", gettext_lazy("How"), kind=CHOICE, required=True, choices=Method.choices),
        Column("notes", gettext_lazy("What was found"), required=True, max_length=4000, width=30),
        Column("next_step", gettext_lazy("Next step"), max_length=500, width=20),
        Column("next_visit_on", gettext_lazy("Next visit on"), kind=DATE),
    ]

    def prepare(self, rows: list[Row]) -> None:
        self.cases = _cases(self, (row["case"] for row in rows))
        self.known = self.households(row["household"] for row in rows)

    def build(self, row: Row) -> Visit:
        household = self.known.get(row["household"])
        if household is None:
            raise RowInvalid("household", _("No household %(reference)s in the file or in your units.")
                             % {"reference": row["household"]})
        visited = row["visited_on"]
        if visited > timezone.localdate():
            raise RowInvalid("visited_on", _("A visit cannot be recorded for a day still to come."))
        if row["next_visit_on"] is not None and row["next_visit_on"] <= visited:
            raise RowInvalid("next_visit_on", _("The next visit must come after this one."))
        case = None
        if row["case"]:
            case = self.cases.get(row["case"])
            if case is None or (case.household is not household and case.household_id != household.pk):
                raise RowInvalid("case", _("No case %(reference)s of this household.") % {"reference": row["case"]})
        visit = Visit(household=household, case=case, visited_on=visited,
                      visitor=self.worker("visitor", row["visitor"], household.unit), method=row["method"],
                      notes=row["notes"], next_step=row["next_step"], next_visit_on=row["next_visit_on"])
        self.check_fields(visit)
        return visit

    def after_save(self, objects: list[Visit]) -> None:
        audit_import(self.actor, Visit, objects, ["notes", "next_step"])


CASEWORK = LedgerSet(HouseholdLedger, CaseLedger, PlanActionLedger, VisitLedger)


# --- Saving helpers ---------------------------------------------------------------------------------


def allocate(objects: list[Any], series_of: Callable[[Any], str], width: int) -> None:
    """References for the rows that came without one, one counter update per series; a counter
    is then moved past every number the file brought in that series, so later ones never clash."""
    missing: dict[str, list[Any]] = defaultdict(list)
    brought: dict[str, int] = defaultdict(int)
    for obj in objects:
        series = series_of(obj)
        if not obj.reference:
            missing[series].append(obj)
        elif (match := re.fullmatch(rf"{re.escape(series)}-(\d+)", obj.reference)) is not None:
            brought[series] = max(brought[series], int(match.group(1)))
    for series in set(missing) | set(brought):
        ReferenceCounter.objects.get_or_create(series=series)
        counter = ReferenceCounter.objects.filter(series=series)
        counter.filter(last__lt=brought[series]).update(last=brought[series])
        counter.update(last=F("last") + len(missing[series]))
        last = counter.values_list("last", flat=True).get()
        for number, obj in enumerate(missing[series], start=last - len(missing[series]) + 1):
            obj.reference = f"{series}-{number:0{width}d}"


def audit_import(actor: User, model: type[Any], objects: list[Any], fields: list[str]) -> None:
    if objects:
        audit_record(actor=actor, action=AuditAction.CREATE, target_type=model._meta.label_lower,
                     target_id=f"{len(objects)} rows", detail={"import": True, "rows": len(objects), "fields": fields})


# --- Entry points -----------------------------------------------------------------------------------


def import_units(actor: User) -> list[OrgUnit]:
    """The units the actor may import casework into: where they do casework, and below."""
    from shiliu.org.models import OrgUnit

    paths = actor.unit_paths(CASE_ROLES)
    if not paths:
        return []
    units = OrgUnit.objects.filter(kind__in=OrgUnit.LEVELS, is_active=True)
    return [u for u in units.order_by("path") if any(u.path.startswith(p) for p in paths)]


def casework_export(actor: User, *, request: Any = None) -> bytes:
    """The workbook of everything the actor may see in casework, audited as an export."""
    if not actor.unit_paths(CASE_ROLES):
        raise NotAllowed(_("Only staff doing casework may export its ledgers."))
    sheets: dict[str, Iterable[Any]] = {
        "households": list(selectors.household_list(actor)),
        "cases": list(selectors.case_list(actor)),
        "plan_actions": list(selectors.plan_action_list(actor)),
        "visits": list(selectors.visit_list(actor)),
    }
    data = CASEWORK.export(sheets)
    audit_record(actor=actor, action=AuditAction.EXPORT, target_type="cases.ledgers", request=request,
                 detail={"sheets": {key: len(rows) for key, rows in sheets.items()},  # type: ignore[arg-type]
                         "fields": ["head_name", "head_phone", "address", "notes", "summary"]})
    return data


def casework_import(actor: User, *, unit: OrgUnit, file: Any, dry_run: bool,
                    progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """Check (and unless `dry_run`, write all or nothing) a casework workbook into `unit`."""
    _require_import_scope(actor, unit)
    return CASEWORK.import_file(file, dry_run=dry_run, progress=progress, actor=actor, unit=unit)


def casework_import_steps(actor: User, *, unit: OrgUnit, file: Any
                          ) -> Generator[tuple[int, int], None, ImportReport]:
    """The import as a generator of progress (rows done, rows in all), for a streamed page."""
    _require_import_scope(actor, unit)
    return CASEWORK.import_steps(file, dry_run=False, actor=actor, unit=unit)


def _require_import_scope(actor: User, unit: OrgUnit) -> None:
    if not any(unit.path.startswith(p) for p in actor.unit_paths(CASE_ROLES)):
        raise NotAllowed(_("You do not work on households in %(unit)s.") % {"unit": unit.localized_name})
