"""Builds the demo city's organisation: units with boundaries, departments, service points,
categories with their time limits, routing rules and the demo accounts."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db.models import Prefetch

from shiliu.core.permissions import Role
from shiliu.demo import catalogue as cat
from shiliu.demo import translations as tr
from shiliu.demo.geometry import Lattice, PointSampler, union_geojson
from shiliu.demo.texts import Place, Writer
from shiliu.org.models import OrgUnit, ServicePoint
from shiliu.people.models import StaffRole, User
from shiliu.service_requests.models import Category, ReplyTemplate, RoutingRule
from shiliu.service_requests.workflow import HANDLERS

GRID_NUMERALS = "一二三四五六七八九十"


@dataclass
class DemoOrg:
    city: OrgUnit
    districts: dict[str, OrgUnit] = field(default_factory=dict)
    streets: dict[str, OrgUnit] = field(default_factory=dict)
    communities: dict[str, OrgUnit] = field(default_factory=dict)
    grids: dict[str, list[OrgUnit]] = field(default_factory=dict)  # by community code
    departments: dict[tuple[str, str], OrgUnit] = field(default_factory=dict)  # (district, key)
    district_of: dict[str, str] = field(default_factory=dict)  # community code → district code
    street_of: dict[str, str] = field(default_factory=dict)  # community code → street code
    places: dict[str, Place] = field(default_factory=dict)  # community code → texts' place
    categories: dict[str, Category] = field(default_factory=dict)  # by code
    users: dict[str, User] = field(default_factory=dict)  # by username
    handlers: dict[int, User] = field(default_factory=dict)  # unit pk → who signs for it there

    def all_grids(self) -> list[OrgUnit]:
        return [grid for grids in self.grids.values() for grid in grids]

    def handler_for(self, unit: OrgUnit) -> User:
        """The account that signs for and handles requests assigned to `unit`."""
        for part in reversed(unit.path.strip("/").split("/")):
            user = self.handlers.get(int(part))
            if user is not None:
                return user
        raise LookupError(f"no handler covers {unit.code}")


@lru_cache(maxsize=1)
def demo_password_hash() -> str:
    """Hashing is slow on purpose; every demo account shares the one hash of the demo password."""
    return make_password(cat.DEMO_PASSWORD)


def _unit(code: str, name: str, kind: str, parent: OrgUnit | None, *,
          boundary: dict[str, Any] | None = None, phone: str = "",
          translations: dict[str, str] | None = None) -> OrgUnit:
    unit = OrgUnit(code=code, name=name, kind=kind, parent=parent, boundary=boundary, phone=phone,
                   name_translations=translations or {})
    unit.full_clean(exclude=["path"])
    unit.save()
    return unit


def build_org(rng: random.Random) -> DemoOrg:
    columns = sum(d.columns for d in cat.DISTRICTS)
    lattice = Lattice(columns, cat.ROWS_PER_STREET * 2, rng)

    # Cells per unit first, so that every unit is created once with its boundary.
    cells: dict[str, list[tuple[int, int]]] = {}
    first_column = 0
    for district in cat.DISTRICTS:
        for s_index, street in enumerate(district.streets):
            rows = range(s_index * cat.ROWS_PER_STREET, (s_index + 1) * cat.ROWS_PER_STREET)
            column = first_column
            for community in street.communities:
                # Numbered in reading order: north-west first.
                span = range(column, column + community.columns)
                cells[community.code] = [(i, j) for j in reversed(rows) for i in span]
                column += community.columns
            cells[street.code] = [c for cm in street.communities for c in cells[cm.code]]
        cells[district.code] = [c for s in district.streets for c in cells[s.code]]
        first_column += district.columns

    def outline(code: str) -> dict[str, Any]:
        return union_geojson([lattice.cell(i, j) for i, j in cells[code]])

    city = _unit(cat.CITY_CODE, cat.CITY_NAME, OrgUnit.Kind.CITY, None,
                 boundary=union_geojson([lattice.cell(i, j) for d in cat.DISTRICTS
                                         for i, j in cells[d.code]]), phone=cat.HOTLINE,
                 translations=tr.place(cat.CITY_NAME))
    org = DemoOrg(city=city)
    phone_numbers = iter(range(1001, 9999, 7))
    for district in cat.DISTRICTS:
        d_unit = _unit(district.code, district.name, OrgUnit.Kind.DISTRICT, city,
                       boundary=outline(district.code), phone=f"028-0000{next(phone_numbers):04d}",
                       translations=tr.place(district.name))
        org.districts[district.code] = d_unit
        for department in cat.DEPARTMENTS:
            org.departments[district.code, department.key] = _unit(
                f"{district.code}-{department.key}", f"{district.name}{department.name}",
                OrgUnit.Kind.DEPARTMENT, d_unit, phone=f"028-0000{next(phone_numbers):04d}",
                translations=tr.department(district.name, department.name),
            )
        for street in district.streets:
            s_unit = _unit(street.code, street.name, OrgUnit.Kind.STREET, d_unit,
                           boundary=outline(street.code),
                           phone=f"028-0000{next(phone_numbers):04d}",
                           translations=tr.place(street.name))
            org.streets[street.code] = s_unit
            for community in street.communities:
                c_unit = _unit(community.code, community.name, OrgUnit.Kind.COMMUNITY, s_unit,
                               boundary=outline(community.code),
                               phone=f"028-0000{next(phone_numbers):04d}",
                               translations=tr.place(community.name))
                org.communities[community.code] = c_unit
                org.district_of[community.code] = district.code
                org.street_of[community.code] = street.code
                org.places[community.code] = Place(
                    district=district.name, street=street.name, community=community.name,
                    estates=community.estates, roads=street.roads,
                )
                short = community.name.removesuffix("社区")
                org.grids[community.code] = [
                    _unit(f"{community.code}-{n:02d}", f"{short}第{GRID_NUMERALS[n - 1]}网格",
                          OrgUnit.Kind.GRID, c_unit, boundary=lattice.cell(i, j),
                          translations=tr.grid(community.name, n, GRID_NUMERALS[n - 1]))
                    for n, (i, j) in enumerate(cells[community.code], start=1)
                ]
    return org


def build_service_points(org: DemoOrg, rng: random.Random) -> int:
    count = 0
    sampler = PointSampler()
    for spec in cat.SERVICE_POINTS:
        targets: list[tuple[OrgUnit, str]]  # (unit, a community code inside it)
        if spec.level == "city":
            targets = [(org.city, rng.choice(sorted(org.communities)))]
        elif spec.level == "district":
            targets = [
                (unit, next(c for c, d in org.district_of.items() if d == code))
                for code, unit in org.districts.items()
            ]
        elif spec.level == "street":
            targets = [
                (unit, next(c for c, s in org.street_of.items() if s == code))
                for code, unit in org.streets.items()
            ]
        else:  # the first community of every street has a 民族之家
            firsts: dict[str, str] = {}
            for community, street in org.street_of.items():
                firsts.setdefault(street, community)
            targets = [(org.communities[c], c) for c in firsts.values()]
        for unit, community in targets:
            place = org.places[community]
            grid = rng.choice(org.grids[community])
            lng, lat = sampler.point(grid.boundary or {}, rng)
            writer = Writer(rng, place, "zh-hans", org.city.created_at)
            name = spec.name.format(district=place.district, street=place.street,
                                    community=place.community)
            point = ServicePoint(
                name=name, kind=spec.kind, unit=unit, address=writer.address(),
                latitude=lat, longitude=lng, opening_hours=spec.hours, services=spec.services,
                languages=spec.languages, phone=f"028-0000{rng.randint(1000, 9999)}",
                name_translations=tr.point_name(spec.name, district=place.district,
                                                street=place.street, community=place.community),
                services_translations=tr.services(spec.services),
                opening_hours_translations=tr.hours(spec.hours),
            )
            point.full_clean()
            point.save()
            count += 1
    return count


def build_categories(org: DemoOrg) -> None:
    position = 0
    for top in cat.CATEGORIES:
        position += 10
        parent = Category.objects.create(
            code=top.code, name=top.name, keywords=top.keywords, position=position,
            name_translations=tr.category(top.name),
            **_limit_fields(cat.GENERAL),
        )
        org.categories[top.code] = parent
        for sub in top.subs:
            position += 1
            child = Category(code=sub.code, name=sub.name, keywords=sub.keywords, parent=parent,
                             position=position, name_translations=tr.category(sub.name),
                             **_limit_fields(sub.limits))
            child.full_clean()
            child.save()
            org.categories[sub.code] = child


def build_reply_templates(org: DemoOrg) -> int:
    """The standard replies the city starts with, each in every language."""
    default = settings.LANGUAGE_CODE
    for position, (code, texts) in enumerate(tr.REPLY_TEMPLATES, start=1):
        template = ReplyTemplate(
            title=texts[default][0], body=texts[default][1], position=position,
            category=org.categories[code] if code else None,
            title_translations={lang: title for lang, (title, _body) in texts.items() if lang != default},
            body_translations={lang: body for lang, (_title, body) in texts.items() if lang != default},
        )
        template.full_clean()
        template.save()
    return len(tr.REPLY_TEMPLATES)


def build_knowledge(org: DemoOrg) -> int:
    """The policy answers residents ask most (知识库), in the languages they are written in."""
    from shiliu.demo import knowledge
    from shiliu.knowledge.models import Article
    from shiliu.knowledge.services import article_save

    default = settings.LANGUAGE_CODE
    for code, source, texts in knowledge.ARTICLES:
        question, answer = texts[default]
        article_save(article=Article(
            category=org.categories[code], question=question, answer=answer, source=source,
            question_translations={lang: q for lang, (q, _a) in texts.items() if lang != default},
            answer_translations={lang: a for lang, (_q, a) in texts.items() if lang != default},
            valid_from=knowledge.VALID_FROM, is_published=True))
    return len(knowledge.ARTICLES)


def _limit_fields(limits: cat.Limits) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for stage in ("accept", "sign", "resolve"):
        limit = getattr(limits, stage)
        if limit is not None:
            fields[f"{stage}_within"], fields[f"{stage}_unit"] = limit
    return fields


def build_routing_rules(org: DemoOrg) -> int:
    rules = []
    for top in cat.CATEGORIES:
        for district_code, district in org.districts.items():
            if top.department:
                rules.append(RoutingRule(
                    category=org.categories[top.code], jurisdiction=district,
                    handling_unit=org.departments[district_code, top.department]))
            for sub in top.subs:
                if sub.department:
                    rules.append(RoutingRule(
                        category=org.categories[sub.code], jurisdiction=district,
                        handling_unit=org.departments[district_code, sub.department]))
        if top.by_street:
            for street in org.streets.values():
                rules.append(RoutingRule(category=org.categories[top.code], jurisdiction=street,
                                         handling_unit=street))
    RoutingRule.objects.bulk_create(rules)
    return len(rules)


def account_specs(rng: random.Random | None = None) -> list[cat.Account]:
    """Every demo account: one per role, then a dispatcher and a supervisor per district, a handler
    per department, station staff per street and a grid worker per community (holding every grid
    of it). `rng` only shuffles the display names."""
    names = list(cat.STAFF_NAMES)
    if rng is not None:
        rng.shuffle(names)
    name_iter = iter(names * 3)
    accounts = list(cat.MAIN_ACCOUNTS)
    main_units = {a.unit_code for a in cat.MAIN_ACCOUNTS}
    for district in cat.DISTRICTS:
        accounts.append(cat.Account(f"dispatcher-{district.code}", Role.DISPATCHER, district.code,
                                    f"{district.name}派单员 {next(name_iter)}"))
        accounts.append(cat.Account(f"supervisor-{district.code}", Role.SUPERVISOR, district.code,
                                    f"{district.name}督办员 {next(name_iter)}"))
        for department in cat.DEPARTMENTS:
            code = f"{district.code}-{department.key}"
            if code not in main_units:
                accounts.append(cat.Account(
                    f"handler-{code}", Role.HANDLER, code,
                    f"{district.name}{department.name}经办人 {next(name_iter)}"))
        for street in district.streets:
            if street.code not in main_units:
                accounts.append(cat.Account(
                    f"station-{street.code.split('-', 1)[1]}", Role.STATION_STAFF, street.code,
                    f"{street.name}服务站 {next(name_iter)}"))
            for community in street.communities:
                marker = f"*grids*:{community.code}"
                if marker not in main_units:
                    accounts.append(cat.Account(
                        f"gridworker-{community.code.split('-', 1)[1]}", Role.GRID_WORKER, marker,
                        f"{community.name}网格员 {next(name_iter)}"))
    return accounts


def account_usernames() -> set[str]:
    return {a.username for a in account_specs()}


def build_accounts(org: DemoOrg, rng: random.Random) -> None:
    units = {u.code: u for u in [org.city, *org.districts.values(), *org.streets.values(),
                                 *org.communities.values(), *org.departments.values()]}

    def units_for(code: str) -> list[OrgUnit]:
        if code.startswith("*grids*:"):
            return org.grids[code.split(":", 1)[1]]
        return [units[code]]

    accounts = [(account, units_for(account.unit_code)) for account in account_specs(rng)]
    password = demo_password_hash()
    users = [
        User(username=a.username, display_name=a.display_name, password=password,
             preferred_language="zh-hans", is_staff=a.username == cat.SUPERUSER,
             is_superuser=a.username == cat.SUPERUSER)
        for a, _ in accounts
    ]
    User.objects.bulk_create(users)
    usernames = [a.username for a, _ in accounts]
    by_name = {u.username: u for u in User.objects.filter(username__in=usernames)}
    roles = [
        StaffRole(user=by_name[a.username], role=a.role, unit=unit)
        for a, held in accounts for unit in held
    ]
    StaffRole.objects.bulk_create(roles)
    org.users = {
        u.username: u
        for u in User.objects.filter(username__in=usernames).prefetch_related(
            Prefetch("staff_roles", queryset=StaffRole.objects.select_related("unit")))
    }
    # Who signs for requests assigned to a unit (or below it): main accounts first.
    main = {a.username for a in cat.MAIN_ACCOUNTS}
    for role in sorted(roles, key=lambda r: (r.user.username not in main, r.user.username)):
        if role.role in HANDLERS:
            org.handlers.setdefault(role.unit.pk, org.users[role.user.username])
