"""The casework ledger pages (export, upload → dry run → confirm with a streamed progress bar) and
the phone's visit page with its JSON answers for the offline queue, through HTTP."""

from __future__ import annotations

import io
import uuid
from typing import Any

import pytest
from conftest import City
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from shiliu.cases.models import Household, Visit
from shiliu.cases.tests import factories
from shiliu.cases.tests.test_casework_ledgers import HOUSEHOLD_HEADER, workbook
from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff

pytestmark = pytest.mark.django_db


def upload(client: Client, city: City, data: bytes) -> Any:
    file = io.BytesIO(data)
    file.name = "台账.xlsx"
    return client.post("/zh-hans/cases/ledgers/import/", {"unit": city.grid_a.pk, "file": file})


def streamed(response: Any) -> str:
    return b"".join(response.streaming_content).decode()


def test_the_household_list_offers_export_import_and_the_visit_page(city: City, grid_worker: User) -> None:
    page = login_staff(Client(), grid_worker).get("/zh-hans/cases/households/").content.decode()
    for url in ("/zh-hans/cases/ledgers/export/", "/zh-hans/cases/ledgers/import/", "/zh-hans/cases/field/visit/"):
        assert f'href="{url}"' in page


def test_export_downloads_the_workbook_of_what_one_may_see(city: City, grid_worker: User) -> None:
    factories.household(grid_worker, city.grid_a, head_name="阿依古丽")
    response = login_staff(Client(), grid_worker).get("/zh-hans/cases/ledgers/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"] and "no-store" in response["Cache-Control"]
    sheet = load_workbook(io.BytesIO(response.content))["住户"]
    assert sheet["F2"].value == "阿依古丽"


@pytest.mark.parametrize("persona", ["analyst", "dispatcher", "outsider"])
def test_people_without_casework_get_no_export_and_no_import(request: Any, city: City, persona: str) -> None:
    client = login_staff(Client(), request.getfixturevalue(persona))
    assert client.get("/zh-hans/cases/ledgers/export/").status_code == 403
    assert client.get("/zh-hans/cases/ledgers/import/").status_code == 403


def test_upload_checks_then_confirm_imports_with_a_progress_bar(city: City, grid_worker: User) -> None:
    client = login_staff(Client(), grid_worker)
    data = workbook({"住户": [HOUSEHOLD_HEADER, ["", "", "3栋", "", "", "王芳", "", 2, "", ""],
                                ["", "", "", "", "", "李强", "", 1, "", ""]]})

    checked = upload(client, city, data)

    assert checked.status_code == 200
    assert "文件无误" in checked.content.decode() and not Household.objects.exists()
    token = checked.context["token"]
    done = client.post("/zh-hans/cases/ledgers/import/confirm/", {"token": token})
    page = streamed(done)
    assert '<progress max="2" value="2">' in page and "已导入 2 行" in page
    assert Household.objects.count() == 2
    again = client.post("/zh-hans/cases/ledgers/import/confirm/", {"token": token})
    assert again.status_code == 400 and Household.objects.count() == 2  # a token imports once


def test_a_bad_file_lists_every_problem_and_imports_nothing(city: City, grid_worker: User) -> None:
    client = login_staff(Client(), grid_worker)
    data = workbook({"住户": [HOUSEHOLD_HEADER, ["", "", "", "", "", "", "", 0, "", ""],
                                ["", "", "", "", "", "李强", "123", 1, "", ""]]})
    response = upload(client, city, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "发现 3 处问题，未导入任何数据。" in page
    assert page.count("<tr><td>住户</td>") == 3 and "户主" in page and "电话" in page
    assert "token" not in response.context and not Household.objects.exists()
    assert upload(client, city, b"not a workbook").status_code == 400


def test_another_users_token_or_unit_is_refused(city: City, grid_worker: User, other_grid_worker: User) -> None:
    data = workbook({"住户": [HOUSEHOLD_HEADER, ["", "", "", "", "", "王芳", "", 2, "", ""]]})
    token = upload(login_staff(Client(), grid_worker), city, data).context["token"]
    other = login_staff(Client(), other_grid_worker)
    assert other.post("/zh-hans/cases/ledgers/import/confirm/", {"token": token}).status_code == 400
    assert upload(other, city, data).status_code == 400  # grid A is not among their units
    assert not Household.objects.exists()


# --- The phone's visit page -----------------------------------------------------------------------


def visit(household: Household, key: str, **extra: Any) -> dict[str, Any]:
    return {"household": household.reference, "method": "home", "visited_on": timezone.localdate().isoformat(),
            "notes": "老人身体尚可，药已备齐。", "idempotency_key": key, **extra}


def test_a_queued_visit_sent_twice_is_stored_once(city: City, grid_worker: User) -> None:
    home = factories.household(grid_worker, city.grid_a)
    client = login_staff(Client(enforce_csrf_checks=True), grid_worker)
    page = client.get("/zh-hans/cases/field/visit/")
    assert page.status_code == 200 and 'data-offline-queue="visits"' in page.content.decode()
    token = page.context["csrf_token"]
    key = str(uuid.uuid4())
    headers = {"HTTP_ACCEPT": "application/json", "HTTP_X_CSRFTOKEN": str(token)}

    first = client.post("/zh-hans/cases/field/visit/", visit(home, key), **headers)
    second = client.post("/zh-hans/cases/field/visit/", visit(home, key), **headers)

    assert (first.status_code, first.json()["created"]) == (201, True)
    assert (second.status_code, second.json()["created"]) == (200, False)
    assert first.json()["visit"] == second.json()["visit"]
    assert Visit.objects.count() == 1
    assert client.post("/zh-hans/cases/field/visit/", visit(home, str(uuid.uuid4())),
                       HTTP_ACCEPT="application/json").status_code == 403  # no CSRF token


def test_a_refused_visit_answers_a_message_in_the_users_language(city: City, grid_worker: User,
                                                                  other_grid_worker: User) -> None:
    home = factories.household(grid_worker, city.grid_a)
    client = login_staff(Client(), grid_worker)
    tomorrow = (timezone.localdate() + timezone.timedelta(days=1)).isoformat()
    future = client.post("/zh-hans/cases/field/visit/", visit(home, str(uuid.uuid4()), visited_on=tomorrow),
                         HTTP_ACCEPT="application/json")
    assert future.status_code == 400 and "未来" in future.json()["message"]
    empty = client.post("/zh-hans/cases/field/visit/", visit(home, str(uuid.uuid4()), notes=""),
                        HTTP_ACCEPT="application/json")
    assert empty.status_code == 400 and "走访情况" in empty.json()["message"]
    outsider = login_staff(Client(), other_grid_worker)
    assert outsider.post("/zh-hans/cases/field/visit/", visit(home, str(uuid.uuid4())),
                         HTTP_ACCEPT="application/json").status_code == 400  # not among their households
    assert not Visit.objects.exists()


def test_without_script_the_visit_page_is_a_plain_form(city: City, grid_worker: User) -> None:
    home = factories.household(grid_worker, city.grid_a)
    client = login_staff(Client(), grid_worker)
    response = client.post("/zh-hans/cases/field/visit/", visit(home, ""))
    assert response.status_code == 302 and Visit.objects.get().idempotency_key is None
