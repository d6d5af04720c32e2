"""A resident declares their residence through the portal, the community's staff confirm or
return it from their queue, the resident sees their community's services, corrects a returned
declaration, and declares moving out. Through HTTP, as people use it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import City
from django.test import Client
from django.urls import reverse

from shiliu.audit.models import AuditAction, AuditEvent
from shiliu.core.permissions import Role
from shiliu.org.models import OrgUnit
from shiliu.people.models import User
from shiliu.privacy.models import Consent, Purpose
from shiliu.residence.models import Declaration, DeclarationEvent, HouseholdMember
from shiliu.residence.tests.factories import PASSWORD, declaration, resident, service_point
from shiliu.residence.workflow import Status
from shiliu.service_requests.tests.factories import OrgUnitFactory, staff

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    profile = user.resident_profile  # type: ignore[attr-defined]
    response = client.post(reverse("privacy:resident-sign-in"), {"identifier": profile.phone, "password": PASSWORD})
    assert response.status_code == 302
    return client


def form_data(city: City, **overrides: Any) -> dict[str, Any]:
    data = {
        "district": city.district.pk, "street": city.street.pk, "community": city.community.pk,
        "building": "幸福里 12号", "unit_no": "1单元", "room": "302", "full_name": "张建华",
        "moved_in_on": "2026-03-01", "purpose": "work", "consent_declaration": "on",
        "members-TOTAL_FORMS": "3", "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0", "members-MAX_NUM_FORMS": "12",
        "members-0-name": "张小雨", "members-0-relation": "child", "members-0-birth_year": "2018",
        "members-0-schooling": "primary",
        "members-1-name": "", "members-1-relation": "", "members-1-birth_year": "", "members-1-schooling": "",
        "members-2-name": "", "members-2-relation": "", "members-2-birth_year": "", "members-2-schooling": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def station(city: City) -> User:
    return staff(Role.STATION_STAFF, city.community, username="station-r", display_name="服务站员")


def test_declare_then_staff_confirm_then_resident_sees_services(
    city: City, station: User, login_staff: Any, sms_outbox: list[tuple[str, str]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    service_point(city.community)
    service_point(city.district, name="区人民医院", kind="hospital", address="人民路 1 号",
                  name_translations={"ug": "رايونلۇق خەلق دوختۇرخانىسى"})
    someone = resident(phone="13911112222")
    client = signed_in(someone)

    response = client.post("/zh-hans/me/residence/declare/", form_data(city, consent_follow_up="on"))

    assert response.status_code == 302, response.content.decode()[:3000]
    declared = Declaration.objects.get()
    assert declared.status == Status.SUBMITTED and declared.full_name == "张建华"
    assert declared.reference and declared.reference.startswith("RD-")
    assert [m.name for m in declared.members.all()] == ["张小雨"]
    assert Consent.objects.filter(user=someone, purpose=Purpose.RESIDENCE_DECLARATION, withdrawn_at=None).exists()
    page = client.get(declared.get_absolute_url()).content.decode()
    assert "区人民医院" not in page  # services are listed once confirmed

    staff_client = login_staff(Client(), station)
    queue = staff_client.get("/zh-hans/workbench/residence/").content.decode()
    assert declared.reference in queue and "张**" in queue and "张建华" not in queue
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/zh-hans/workbench/residence/{declared.reference}/confirm/")
    assert response.status_code == 302

    declared.refresh_from_db()
    assert declared.status == Status.CONFIRMED and declared.confirmed_by == station
    [(number, text)] = sms_outbox
    assert number == "13911112222" and declared.reference in text
    page = client.get(declared.get_absolute_url()).content.decode()
    assert "同心小学" in page and "区人民医院" in page
    page_ug = client.get(f"/ug/me/residence/{declared.reference}/").content.decode()
    assert "تۇڭشىن باشلانغۇچ مەكتىپى" in page_ug


def test_returned_with_a_reason_then_corrected_and_resubmitted(city: City, station: User, login_staff: Any) -> None:
    someone = resident()
    declared = declaration(someone, city.community)
    staff_client = login_staff(Client(), station)

    response = staff_client.post(f"/zh-hans/workbench/residence/{declared.reference}/return/", {"reason": ""})
    assert response.status_code == 400
    response = staff_client.post(f"/zh-hans/workbench/residence/{declared.reference}/return/",
                                 {"reason": "请补充房号"})
    assert response.status_code == 302
    declared.refresh_from_db()
    assert declared.status == Status.RETURNED and declared.return_reason == "请补充房号"

    client = signed_in(someone)
    page = client.get(declared.get_absolute_url()).content.decode()
    assert "请补充房号" in page
    response = client.post(f"/zh-hans/me/residence/{declared.reference}/correct/",
                           form_data(city, room="502A", consent_declaration=""))
    assert response.status_code == 302, response.content.decode()[:2000]
    declared.refresh_from_db()
    assert declared.status == Status.SUBMITTED and declared.room == "502A" and declared.return_reason == ""
    assert list(declared.events.values_list("kind", flat=True)) == ["submit", "return", "resubmit"]


def test_resident_and_staff_record_moving_out(city: City, station: User, login_staff: Any) -> None:
    someone = resident()
    first, second = declaration(someone, city.community), declaration(someone, city.community)
    staff_client = login_staff(Client(), station)
    for declared in (first, second):
        staff_client.post(f"/zh-hans/workbench/residence/{declared.reference}/confirm/")

    client = signed_in(someone)
    response = client.post(f"/zh-hans/me/residence/{first.reference}/move-out/", {"moved_out_on": "2026-04-01"})
    assert response.status_code == 302
    response = staff_client.post(f"/zh-hans/workbench/residence/{second.reference}/move_out/",
                                 {"moved_out_on": "2026-04-02"})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, str(first.moved_out_on)) == (Status.MOVED_OUT, "2026-04-01")
    assert (second.status, str(second.moved_out_on)) == (Status.MOVED_OUT, "2026-04-02")
    assert DeclarationEvent.objects.get(declaration=first, kind="move_out").by_resident


def test_another_communitys_staff_and_residents_get_404(city: City, login_staff: Any) -> None:
    other_street = OrgUnitFactory(code="street-2", name="和谐街道", kind=OrgUnit.Kind.STREET, parent=city.district)
    other_community = OrgUnitFactory(code="community-2", name="和睦社区", kind=OrgUnit.Kind.COMMUNITY,
                                     parent=other_street)
    outsider_staff = staff(Role.STATION_STAFF, other_community, username="station-other")
    district_supervisor = staff(Role.SUPERVISOR, city.district, username="district-sup")
    declared = declaration(resident(), city.community)
    staff_client = login_staff(Client(), outsider_staff)

    assert staff_client.get(f"/zh-hans/workbench/residence/{declared.reference}/").status_code == 404
    assert staff_client.post(f"/zh-hans/workbench/residence/{declared.reference}/confirm/").status_code == 404
    assert declared.reference not in staff_client.get("/zh-hans/workbench/residence/").content.decode()
    assert signed_in(resident()).get(declared.get_absolute_url()).status_code == 404
    declared.refresh_from_db()
    assert declared.status == Status.SUBMITTED

    # The district above the community sees it, and the read is audited.
    supervisor_client = login_staff(Client(), district_supervisor)
    assert supervisor_client.get(f"/zh-hans/workbench/residence/{declared.reference}/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.READ, target_type="residence.declaration",
                                     target_id=str(declared.pk), actor=district_supervisor).exists()


@pytest.mark.parametrize(("language", "words"), [
    ("zh-hans", "不在"), ("en", "is not in"), ("ug", "ئەمەس"),
])
def test_a_street_outside_the_district_is_refused_in_the_residents_language(
    city: City, language: str, words: str
) -> None:
    other_district = OrgUnitFactory(code="district-2", name="开发区", kind=OrgUnit.Kind.DISTRICT, parent=city.city)
    foreign_street = OrgUnitFactory(code="street-x", name="远方街道", kind=OrgUnit.Kind.STREET, parent=other_district)
    client = signed_in(resident())

    response = client.post(f"/{language}/me/residence/declare/", form_data(city, street=foreign_street.pk))

    assert response.status_code == 400
    page = response.content.decode()
    assert "远方街道" in page and words in page
    assert not Declaration.objects.exists() and not HouseholdMember.objects.exists()
    assert not Consent.objects.filter(purpose=Purpose.RESIDENCE_DECLARATION).exists()


def test_declaring_needs_consent_and_a_date_not_far_ahead(city: City) -> None:
    client = signed_in(resident())
    response = client.post("/en/me/residence/declare/", form_data(city, consent_declaration=""))
    assert response.status_code == 400 and "notice on residence declarations" in response.content.decode()
    response = client.post("/en/me/residence/declare/", form_data(city, moved_in_on="2099-01-01"))
    assert response.status_code == 400 and "at most 7 days" in response.content.decode()
    response = client.post("/en/me/residence/declare/", form_data(city, moved_in_on="0001-01-01"))
    assert response.status_code == 400
    assert not Declaration.objects.exists()


def test_staff_and_anonymous_cannot_use_the_resident_pages(city: City, station: User, login_staff: Any) -> None:
    assert Client().get("/zh-hans/me/residence/declare/").status_code == 302
    assert login_staff(Client(), station).get("/zh-hans/me/residence/declare/").status_code == 404


FORBIDDEN = ("ethnic", "nation", "minzu", "religio", "faith", "origin", "hometown", "native", "hukou", "birthplace")


def test_no_ethnicity_religion_or_origin_field_anywhere(city: City) -> None:
    from shiliu.residence.forms import MemberForm, NewDeclarationForm
    from shiliu.residence.personal_data import EXPORT_FIELDS, MEMBER_FIELDS

    names = [*NewDeclarationForm().fields, *MemberForm().fields, *EXPORT_FIELDS, *MEMBER_FIELDS,
             *(f.name for f in Declaration._meta.get_fields()), *(f.name for f in HouseholdMember._meta.get_fields())]
    assert not [n for n in names if any(word in n.lower() for word in FORBIDDEN)], names
    page = signed_in(resident()).get("/zh-hans/me/residence/declare/").content.decode()
    inputs = re.findall(r'name="([^"]+)"', page)
    assert "district" in inputs and "members-0-birth_year" in inputs
    assert not [n for n in inputs if any(word in n.lower() for word in FORBIDDEN)], inputs
