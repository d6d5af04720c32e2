"""factory_boy factories for casework: valid defaults, built through the services where the
services decide something (references, deadlines, events)."""

from __future__ import annotations

from datetime import date
from typing import Any

from shiliu.cases import services
from shiliu.cases.models import Case, Household, Source
from shiliu.org.models import OrgUnit
from shiliu.people.models import User

_counter = iter(range(1, 10**6))


def household(actor: User, unit: OrgUnit, **kwargs: Any) -> Household:
    n = next(_counter)
    values: dict[str, Any] = {
        "building": f"{n % 9 + 1}栋", "unit_no": "1单元", "room": f"{n % 6 + 1}0{n % 4 + 1}",
        "head_name": f"李秀{n}", "head_phone": f"139{n:08d}", "members_count": 3, "language": "zh-hans",
        "notes": "",
    }
    values.update(kwargs)
    return services.household_create(actor, unit=unit, **values)


def case(actor: User, unit: OrgUnit | None = None, *, home: Household | None = None,
         opened_on: date | None = None, **kwargs: Any) -> Case:
    if home is None:
        assert unit is not None
        home = household(actor, unit)
    values: dict[str, Any] = {"source": Source.VISIT, "summary": "丈夫去年病故，家中两个孩子上学，收入不稳定。"}
    values.update(kwargs)
    return services.case_open(actor, household=home, opened_on=opened_on, **values)
