"""Content entered by staff (category and service-point names, services offered) has a value per
language, falls back to the default language, and is edited side by side in the admin."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from shiliu.core.fields import translated
from shiliu.core.permissions import Role
from shiliu.org.models import OrgUnit, ServicePoint
from shiliu.people.tests.auth import login_staff
from shiliu.service_requests.models import Category
from shiliu.service_requests.tests.factories import UserFactory, staff

pytestmark = pytest.mark.django_db


def test_a_category_answers_in_the_active_language_and_falls_back_to_chinese(city: Any) -> None:
    repairs: Category = city.category
    repairs.name_translations = {"ug": "ئۆي ئوڭشاش", "en": "Repairs"}
    repairs.save()
    repairs.parent.name_translations = {"en": "Housing"}
    repairs.parent.save()
    with translation.override("en"):
        assert str(repairs) == "Housing / Repairs"
    with translation.override("ug"):
        assert str(repairs) == "住房 / ئۆي ئوڭشاش"  # no Uyghur name for the parent yet
    with translation.override("zh-hans"):
        assert str(repairs) == "住房 / 物业维修"
    assert translated(repairs, "name", "bo") == "物业维修"


def test_the_report_form_lists_categories_in_the_residents_language(city: Any) -> None:
    city.category.name_translations = {"bo": "ཁང་པའི་ཉམས་གསོ།"}
    city.category.save()
    html = Client().get("/bo/report/").content.decode()
    assert "ཁང་པའི་ཉམས་གསོ།" in html


def test_a_service_point_describes_its_services_per_language(city: Any) -> None:
    point = ServicePoint.objects.create(
        name="同心社区一站式服务站", kind=ServicePoint.Kind.ONE_STOP, unit=city.community,
        address="团结路 1 号", services="办理居住登记、就业咨询",
        name_translations={"en": "Tongxin one-stop station"},
        services_translations={"ug": "تۇرالغۇ تىزىملىتىش، خىزمەت مەسلىھەتى"},
    )
    with translation.override("ug"):
        assert point.localized_services == "تۇرالغۇ تىزىملىتىش، خىزمەت مەسلىھەتى"
        assert str(point) == "同心社区一站式服务站"
    with translation.override("en"):
        assert str(point) == "Tongxin one-stop station"
        assert point.localized_services == "办理居住登记、就业咨询"


def test_unknown_language_keys_are_refused(city: Any) -> None:
    from django.core.exceptions import ValidationError

    city.category.name_translations = {"fr": "Réparations"}
    with pytest.raises(ValidationError) as refused:
        city.category.full_clean()
    assert "name_translations" in refused.value.message_dict


def test_the_admin_edits_every_language_side_by_side(city: Any) -> None:
    admin = staff(Role.SYSTEM_ADMIN, city.city, username="sysadmin")  # configures categories
    client = login_staff(Client(), admin)
    url = f"/en/admin/service_requests/category/{city.category.pk}/change/"
    html = client.get(url).content.decode()
    for code in ("zh-hant", "en", "ug", "bo"):
        assert f'name="name_translations_{["zh-hant", "en", "ug", "bo"].index(code)}"' in html
        assert f'lang="{code}"' in html
    assert 'dir="rtl"' in html  # the Uyghur box is right-to-left
    assert "translations-widget.css" in html

    data = {
        "code": city.category.code, "name": "物业维修", "parent": city.category.parent_id,
        "keywords": "", "accept_unit": "hours", "sign_unit": "hours",
        "resolve_unit": "working_days",
        "is_active": "on", "position": "0",
        "name_translations_0": "物業維修", "name_translations_1": "Repairs",
        "name_translations_2": "ئۆي ئوڭشاش", "name_translations_3": "",
        "routing_rules-TOTAL_FORMS": "0", "routing_rules-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    city.category.refresh_from_db()
    assert city.category.name_translations == {
        "zh-hant": "物業維修", "en": "Repairs", "ug": "ئۆي ئوڭشاش"}


def test_org_unit_admin_still_works(city: Any) -> None:
    assert OrgUnit.objects.count() >= 6


def test_staff_languages_are_ticked_and_listed_in_the_admin(city: Any) -> None:
    admin = staff(Role.SECURITY_ADMIN, city.city, username="secadmin")  # manages accounts
    worker = UserFactory(username="aynur", languages_spoken=["zh-hans", "ug"])
    client = login_staff(Client(), admin)
    listing = client.get("/en/admin/people/user/").content.decode()
    assert "aynur" in listing and "ug" in listing
    form = client.get(f"/en/admin/people/user/{worker.pk}/change/").content.decode()
    assert 'type="checkbox" name="languages_spoken" value="ug"' in form
