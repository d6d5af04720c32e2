"""Residents, declarations and service points with valid defaults: tests set what they care about.

Declarations are made through the service (the one write path), so each has its consent, its
reference and its first event like one sent from the portal."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from shiliu.org.models import OrgUnit, ServicePoint
from shiliu.people.models import User
from shiliu.privacy.models import Purpose
from shiliu.privacy.services import resident_sign_up
from shiliu.residence import services
from shiliu.residence.models import Declaration, Relation, Schooling, StayPurpose

PASSWORD = "石榴-very-long-passphrase"
_phones = itertools.count(13900000001)


def resident(*, phone: str = "", language: str = "zh-hans") -> User:
    return resident_sign_up(identifier=phone or str(next(_phones)), password=PASSWORD, language=language)


def declaration(
    by: User, community: OrgUnit, *, language: str = "zh-hans", members: Any = None, **overrides: Any
) -> Declaration:
    street = community.parent
    assert street is not None
    fields: dict[str, Any] = {
        "district": street.parent, "street": street, "community": community, "building": "3栋",
        "unit_no": "2单元", "room": "501", "full_name": "李晓梅", "moved_in_on": date(2026, 3, 2),
        "purpose": StayPurpose.WORK,
        "members": members if members is not None else [
            services.Member("王小明", Relation.CHILD, 2019, Schooling.PRIMARY)],
        "consents": {Purpose.RESIDENCE_DECLARATION}, "language": language,
    }
    fields.update(overrides)
    return services.declaration_submit(by, **fields)


def service_point(unit: OrgUnit, **overrides: Any) -> ServicePoint:
    fields: dict[str, Any] = {
        "name": "同心小学", "kind": ServicePoint.Kind.SCHOOL, "unit": unit, "address": "团结路 8 号",
        "name_translations": {"ug": "تۇڭشىن باشلانغۇچ مەكتىپى", "en": "Tongxin Primary School",
                              "bo": "ཐུང་ཧྲིན་སློབ་ཆུང་།", "zh-hant": "同心小學"},
    }
    fields.update(overrides)
    return ServicePoint.objects.create(**fields)
