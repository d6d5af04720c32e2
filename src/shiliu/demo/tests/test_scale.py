"""The scale generator (`demo.scale`, `manage.py load_scale`): copies of the requests there, with
their timelines moved in time, fresh references continuing the year's counter, searchable by
their words and their new reference, ids that intake never meets again, and the tables' indexes
as they were, also after a load that rebuilds them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import City
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

from shiliu.demo import scale
from shiliu.service_requests import search
from shiliu.service_requests.models import RequestEvent, ServiceRequest
from shiliu.service_requests.tests.journeys import submit

pytestmark = pytest.mark.django_db


def _templates(city: City, n: int = 4) -> list[ServiceRequest]:
    """n requests through intake, moved back 30…30+n days with their events."""
    made = []
    for i in range(n):
        request = submit(city.other_category, description=f"路灯不亮第{i}号")
        back = timedelta(days=30 + i)
        ServiceRequest.objects.filter(pk=request.pk).update(
            submitted_at=request.submitted_at - back, created_at=request.created_at - back,
            updated_at=request.updated_at - back,
            due_at=request.due_at - back if request.due_at else None)
        for event in request.events.all():
            RequestEvent.objects.filter(pk=event.pk).update(created_at=event.created_at - back)
        made.append(request)
    return made


def _index_names() -> set[str]:
    return {name for _kind, name, _sql in scale._secondary_indexes()}


def test_load_copies_requests_with_their_timelines_in_the_past(city: City) -> None:
    templates = _templates(city)
    per_template = {t.pk: t.events.count() for t in templates}

    events = scale.load(40, days=400, batch=15)

    new = ServiceRequest.objects.exclude(pk__in=per_template)
    assert new.count() == 40
    assert RequestEvent.objects.filter(request__in=new).count() == events >= 40
    now = timezone.now()
    assert not new.filter(submitted_at__gt=now).exists()
    assert not RequestEvent.objects.filter(request__in=new, created_at__gt=now).exists()
    assert new.filter(submitted_at__lt=now - timedelta(days=200)).exists()  # spread, not piled up
    for request in new:
        year = timezone.localtime(request.submitted_at).year
        assert request.reference.startswith(f"SL-{year}-")
        assert request.events.count() in per_template.values()
        first = request.events.order_by("created_at", "id").first()
        assert first is not None and first.action == "submit"
        assert abs(first.created_at - request.submitted_at) < timedelta(seconds=1)
    references = list(new.values_list("reference", flat=True))
    tokens = list(new.values_list("tracking_token", flat=True))
    assert len(set(references)) == len(set(tokens)) == 40


def test_copies_are_found_by_their_words_and_their_own_reference_year(city: City) -> None:
    _templates(city, 2)
    scale.load(12, days=3 * 365)
    old = ServiceRequest.objects.order_by("submitted_at").first()
    assert old is not None
    year = str(timezone.localtime(old.submitted_at).year)
    assert year in old.search_text.split(" ")
    assert "路灯" in old.search_text.split(" ")
    found = search.matching(ServiceRequest.objects.all(), "路灯")
    assert found.count() == ServiceRequest.objects.count() == 14
    assert old in search.matching(ServiceRequest.objects.all(), f"路灯 {year}")


def test_ids_are_reserved_so_intake_meets_none_of_them(city: City) -> None:
    _templates(city, 2)
    scale.load(10, days=100)
    top = ServiceRequest.objects.order_by("-pk").values_list("pk", flat=True).first()
    top_event = RequestEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert top is not None and top_event is not None
    this_year = timezone.localtime().year
    made_this_year = ServiceRequest.objects.filter(reference__startswith=f"SL-{this_year}-").count()
    assert made_this_year > 2  # copies were numbered in this year's series
    later = submit(city.other_category)  # through intake: the sequences are past the copies
    assert later.pk > top
    assert later.events.get().pk > top_event
    assert later.reference == f"SL-{this_year}-{made_this_year + 1:06d}"


def test_a_load_that_rebuilds_the_indexes_leaves_them_as_they_were(city: City) -> None:
    _templates(city, 3)
    before = _index_names()
    assert before  # there are indexes to drop
    said: list[str] = []

    events = scale.load(30, days=200, batch=7, rebuild_indexes=True, say=said.append)

    assert _index_names() == before
    assert any(line.startswith("dropped") for line in said)
    assert sum(line.startswith("index ") for line in said) == len(before)
    assert ServiceRequest.objects.count() == 33 and events >= 30
    if connection.vendor == "postgresql":  # unique again: a repeated reference is refused
        from django.db import IntegrityError

        taken = ServiceRequest.objects.order_by("pk").values_list("reference", flat=True).first()
        copy = ServiceRequest.objects.order_by("pk").last()
        assert copy is not None
        with pytest.raises(IntegrityError), transaction.atomic():
            ServiceRequest.objects.filter(pk=copy.pk).update(reference=taken)


def test_a_load_killed_after_dropping_the_indexes_has_them_built_by_the_next(city: City) -> None:
    _templates(city, 3)
    before = _index_names()
    with transaction.atomic():  # what a load killed midway leaves: dropped, never built again
        scale._drop(scale._secondary_indexes())
    assert _index_names() == set()
    said: list[str] = []

    scale.load(5, days=50, rebuild_indexes=False, say=said.append)

    assert _index_names() == before
    assert said[0] == f"building {len(before)} indexes that an interrupted load dropped"
    assert scale.PENDING not in connection.introspection.table_names()


def test_nothing_to_copy_is_refused(db: None) -> None:
    with pytest.raises(ValueError, match="demo_city"):
        scale.load(5)
    with pytest.raises(CommandError, match="demo_city"):
        call_command("load_scale", "--requests", "5", verbosity=0)
    with pytest.raises(CommandError, match="positive"):
        call_command("load_scale", "--requests", "0", verbosity=0)


def test_the_command_reports_requests_and_events_per_second(city: City, capsys: pytest.CaptureFixture[str]) -> None:
    _templates(city, 2)
    call_command("load_scale", "--requests", "6", "--days", "50", verbosity=0)
    out = capsys.readouterr().out
    assert "load_scale: 6 requests and " in out and "events/s" in out
    assert ServiceRequest.objects.count() == 8
