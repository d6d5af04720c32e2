"""Writers append audit rows without a shared lock; `audit_seal` chains them afterwards, in id
order. The check covers sealed rows (tampering there is found) and reports the unsealed ones; on
PostgreSQL the trigger allows the sealing update once and nothing else."""

from __future__ import annotations

import itertools
import threading

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction
from django.test import Client

from shiliu.audit.models import AuditAction, AuditChainHead, AuditEvent
from shiliu.audit.services import GENESIS, audit_record, audit_seal, audit_verify_chain
from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff

pytestmark = pytest.mark.django_db


def record(n: int) -> AuditEvent:
    return audit_record(actor=None, action=AuditAction.SIGN_IN, actor_label=f"user{n}")


def test_an_appended_row_is_unsealed_until_the_sealing_pass() -> None:
    # when an event is recorded, then it is stored without a place in the chain
    event = record(1)
    assert event.seq is None and event.hash is None and event.prev_hash == ""
    assert not AuditChainHead.objects.exists()  # writers never touch the head

    # and the check vouches for nothing yet, but says so
    check = audit_verify_chain()
    assert check.ok and check.checked == 0 and check.unsealed == 1
    assert check.oldest_unsealed_at == event.created_at


def test_sealing_chains_the_new_rows_in_id_order_and_continues_the_chain() -> None:
    first = [record(n) for n in range(3)]
    assert audit_seal() == 3
    later = [record(n) for n in range(3, 5)]
    assert audit_seal() == 2
    assert audit_seal() == 0

    rows = list(AuditEvent.objects.order_by("seq"))
    assert [row.pk for row in rows] == [e.pk for e in first + later]
    assert [row.seq for row in rows] == [1, 2, 3, 4, 5]
    assert rows[0].prev_hash == GENESIS
    assert all(row.prev_hash == before.hash for before, row in itertools.pairwise(rows))
    assert AuditChainHead.objects.get().last_hash == rows[-1].hash
    check = audit_verify_chain()
    assert check.ok and check.checked == 5 and check.unsealed == 0


def test_a_row_committed_after_a_pass_is_sealed_by_the_next_one_even_with_a_lower_id() -> None:
    # given a pass that sealed id 1000, and a row with id 500 whose transaction committed later
    AuditEvent.objects.create(pk=1000, action=AuditAction.SIGN_IN, actor_label="quick")
    audit_seal()
    AuditEvent.objects.create(pk=500, action=AuditAction.SIGN_IN, actor_label="slow")

    # when the next pass runs, then the late row takes the next place and the chain holds
    audit_seal()
    assert list(AuditEvent.objects.order_by("seq").values_list("pk", "seq")) == [(1000, 1), (500, 2)]
    check = audit_verify_chain()
    assert check.ok and check.checked == 2 and check.unsealed == 0


@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL refuses the edit itself")
def test_an_edit_of_a_sealed_row_is_found_and_an_unsealed_row_is_reported() -> None:
    sealed = [record(n) for n in range(3)]
    audit_seal()
    record(9)  # not sealed yet
    AuditEvent.objects.filter(pk=sealed[1].pk).update(actor_label="someone else")
    check = audit_verify_chain()
    assert not check.ok and check.broken_at == sealed[1].pk and check.reason == "content"


@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL refuses the deletion itself")
def test_removing_the_last_sealed_rows_is_found_at_the_tail() -> None:
    sealed = [record(n) for n in range(3)]
    audit_seal()
    AuditEvent.objects.filter(pk=sealed[-1].pk).delete()
    check = audit_verify_chain()
    assert not check.ok and check.reason == "tail"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
@pytest.mark.parametrize("statement", [
    "UPDATE audit_auditevent SET actor_label = 'x'",  # an unsealed row's content
    "UPDATE audit_auditevent SET seq = 7, hash = 'f', actor_label = 'x'",  # sealing and editing
    "UPDATE audit_auditevent SET hash = 'f'",  # a hash without a place in the chain
    "DELETE FROM audit_auditevent",
])
def test_postgresql_refuses_every_change_of_an_unsealed_row_but_its_sealing(statement: str) -> None:
    record(1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgresql_refuses_to_seal_a_row_twice() -> None:
    record(1)
    audit_seal()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET seq = 2, prev_hash = '', hash = 'f'")
    assert audit_verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_many_writers_at_once_then_one_pass_give_one_unbroken_chain() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers: PostgreSQL")
    barrier = threading.Barrier(6)
    failures: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            barrier.wait(timeout=30)
            for k in range(10):
                with transaction.atomic():
                    record(n * 100 + k)
        except BaseException as error:
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures
    call_command("audit_seal", verbosity=0)
    check = audit_verify_chain()
    assert check.ok and check.checked == 60 and check.unsealed == 0


def test_the_chain_page_says_how_many_events_it_did_not_cover(auditor: User) -> None:
    [record(n) for n in range(2)]
    audit_seal()
    record(3)
    sealed = AuditEvent.objects.filter(seq__isnull=False).count()
    client = login_staff(Client(), auditor)  # its sign-in events are appended, unsealed
    html = client.get("/en/audit/verify/").content.decode()
    assert f"The chain is intact: {sealed} events checked." in html
    unsealed = AuditEvent.objects.filter(seq__isnull=True).count() - 1  # less the check's own event
    assert f"{unsealed} newer events are not sealed into the chain yet" in html
