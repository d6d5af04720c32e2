"""A year of residence declarations (居住申报) for the demo city, made only through the
residence services and workflow with historical timestamps: residents who moved to the city
declare where they live, their community confirms or returns the declaration, some correct and
resubmit, some move out again. Names and addresses are fake, drawn from the demo's pools."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.test import override_settings
from django.utils import timezone

from shiliu.demo import texts
from shiliu.demo.build import DemoOrg, demo_password_hash
from shiliu.org.models import OrgUnit
from shiliu.people.models import User
from shiliu.privacy.models import Purpose
from shiliu.privacy.services import resident_sign_up
from shiliu.residence import services, workflow
from shiliu.residence.models import Declaration, Relation, Schooling, StayPurpose

PURPOSES: dict[str, float] = {StayPurpose.WORK: 0.5, StayPurpose.BUSINESS: 0.15, StayPurpose.FAMILY: 0.2,
            StayPurpose.STUDY: 0.1, StayPurpose.OTHER: 0.05}
LANGUAGES = {"zh-hans": 0.78, "ug": 0.1, "bo": 0.06, "en": 0.03, "zh-hant": 0.03}
# What happens after submission: (outcome, weight).
OUTCOMES = {"confirmed": 0.5, "submitted": 0.12, "returned": 0.1, "resubmitted": 0.06,
            "resubmitted_confirmed": 0.07, "moved_out": 0.15}
RETURN_REASONS = ("请补充房号，并核对楼栋信息。", "入住日期与租赁合同不一致，请核对后重新提交。",
                  "同住人员出生年份有误，请更正。", "地址所在社区有误：该楼栋属于相邻社区，请重新选择。")
SCHOOLING_BY_AGE = ((3, 5, Schooling.KINDERGARTEN), (6, 11, Schooling.PRIMARY), (12, 14, Schooling.JUNIOR),
                    (15, 17, Schooling.SENIOR))
# A demo resident's sign-up password: replaced by the demo password's hash (as for staff).
SIGN_UP_PASSWORD = "石榴-demo-resident-passphrase"  # noqa: S105


@dataclass(frozen=True)
class Address:
    district: OrgUnit
    street: OrgUnit
    community: OrgUnit


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _name(rng: random.Random, surname: str | None = None) -> str:
    return (surname or rng.choice(texts.SURNAMES)) + rng.choice(texts.GIVEN_NAMES)


def _members(rng: random.Random, surname: str, today: date) -> list[services.Member]:
    members: list[services.Member] = []
    if rng.random() < 0.55:
        members.append(services.Member(_name(rng), Relation.SPOUSE, today.year - rng.randint(24, 50)))
    for _child in range(rng.choice((0, 0, 1, 1, 1, 2))):
        age = rng.randint(0, 17)
        schooling = next((s for low, high, s in SCHOOLING_BY_AGE if low <= age <= high), Schooling.NONE)
        members.append(services.Member(_name(rng, surname), Relation.CHILD, today.year - age,
                                       schooling if rng.random() < 0.8 else Schooling.NONE))
    if rng.random() < 0.12:
        members.append(services.Member(_name(rng, surname), Relation.PARENT, today.year - rng.randint(55, 78)))
    return members


def staff_for(org: DemoOrg) -> Callable[[OrgUnit], User]:
    """The demo account that confirms declarations of a community: the nearest one holding a
    residence role at or above it."""
    holders = [(user, user.unit_paths(workflow.STAFF_ROLES)) for user in org.users.values()]
    holders = [(user, paths) for user, paths in holders if paths]

    def pick(community: OrgUnit) -> User:
        covering = [(max(len(p) for p in paths if community.path.startswith(p)), user)
                    for user, paths in holders if any(community.path.startswith(p) for p in paths)]
        if not covering:
            raise LookupError(f"no demo account confirms declarations of {community.code}")
        return max(covering, key=lambda pair: (pair[0], -pair[1].pk))[1]

    return pick


def build_declarations(org: DemoOrg, rng: random.Random, base: datetime, count: int,
                       progress: Callable[[], None] = lambda: None) -> int:
    """`count` declarations over the year before `base`; 0 when the city already has some."""
    if Declaration.objects.filter(community__path__startswith=org.city.path).exists():
        return 0
    addresses = [Address(org.districts[org.district_of[code]], org.streets[org.street_of[code]], community)
                 for code, community in sorted(org.communities.items())]
    confirmer = staff_for(org)
    password = demo_password_hash()
    made = 0
    for index in range(count):
        address = rng.choice(addresses)
        language = _weighted(rng, LANGUAGES)
        submitted_at = base - timedelta(days=rng.randint(3, 360), hours=rng.randint(-4, 8),
                                        minutes=rng.randint(0, 59))
        today = timezone.localdate(submitted_at)
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            resident = resident_sign_up(identifier=f"1990000{index:04d}", password=SIGN_UP_PASSWORD,
                                        language=language)
        User.objects.filter(pk=resident.pk).update(password=password, date_joined=submitted_at)
        surname = rng.choice(texts.SURNAMES)
        declared = services.declaration_submit(
            resident, district=address.district, street=address.street, community=address.community,
            building=f"{rng.randint(1, 28)}栋", unit_no=f"{rng.randint(1, 4)}单元",
            room=f"{rng.randint(1, 26)}0{rng.randint(1, 4)}", full_name=_name(rng, surname),
            moved_in_on=today - timedelta(days=rng.randint(0, 60)), purpose=_weighted(rng, PURPOSES),
            members=_members(rng, surname, today),
            consents={Purpose.RESIDENCE_DECLARATION, *([Purpose.FOLLOW_UP_CONTACT] if rng.random() < 0.6 else [])},
            language=language, now=submitted_at,
        )
        _move_on(declared, _weighted(rng, OUTCOMES), confirmer(address.community), rng, submitted_at, base)
        made += 1
        progress()
    return made


def _move_on(declared: Declaration, outcome: str, staff: User, rng: random.Random, at: datetime,
             base: datetime) -> None:
    def later(low_hours: float, high_hours: float) -> datetime:
        nonlocal at
        at = min(at + timedelta(hours=rng.uniform(low_hours, high_hours)), base - timedelta(minutes=5))
        return at

    if outcome == "submitted":
        return
    if outcome.startswith("returned") or outcome.startswith("resubmitted"):
        workflow.return_(declared, actor=staff, reason=rng.choice(RETURN_REASONS), now=later(2, 60))
        if outcome == "returned":
            return
        street = declared.community.parent
        assert street is not None and declared.resident is not None
        services.declaration_resubmit(
            declared.resident, declaration=declared, district=street.parent, street=street,
            community=declared.community, building=declared.building, unit_no=declared.unit_no,
            room=declared.room or "101", full_name=declared.full_name, moved_in_on=declared.moved_in_on,
            purpose=declared.purpose,
            members=[services.Member(m.name, m.relation, m.birth_year, m.schooling) for m in declared.members.all()],
            now=later(4, 72))
        if outcome == "resubmitted":
            return
    workflow.confirm(declared, actor=staff, now=later(1, 48))
    if outcome == "moved_out":
        moved = later(24 * 20, 24 * 200)
        workflow.move_out(declared, actor=declared.resident if rng.random() < 0.6 and declared.resident else staff,
                          moved_out_on=timezone.localdate(moved), now=moved)
