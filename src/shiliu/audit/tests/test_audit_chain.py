from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from shiliu.audit.models import AuditAction, AuditEvent
from shiliu.audit.services import audit_record, audit_seal, audit_verify_chain

pytestmark = pytest.mark.django_db


def record_three() -> list[AuditEvent]:
    """Three events, sealed into the chain (as the task worker does within seconds)."""
    events = [audit_record(actor=None, action=AuditAction.SIGN_IN_FAILED, target_type="user",
                           target_id=str(n), actor_label=f"user{n}") for n in range(3)]
    audit_seal()
    for event in events:
        event.refresh_from_db()
    return events


def test_an_untouched_chain_verifies() -> None:
    record_three()
    check = audit_verify_chain()
    assert check.ok and check.checked == 3


def test_each_event_links_to_the_previous_hash() -> None:
    first, second, third = record_three()
    assert second.prev_hash == first.hash and third.prev_hash == second.hash


@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL refuses the edit itself")
def test_an_edited_row_breaks_the_chain_at_that_row() -> None:
    _, second, _ = record_three()
    AuditEvent.objects.filter(pk=second.pk).update(actor_label="someone else")
    check = audit_verify_chain()
    assert not check.ok and check.broken_at == second.pk and check.reason == "content"


@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL refuses the deletion itself")
def test_a_deleted_row_breaks_the_chain_at_the_next_row() -> None:
    _, second, third = record_three()
    AuditEvent.objects.filter(pk=second.pk).delete()
    check = audit_verify_chain()
    assert not check.ok and check.broken_at == third.pk and check.reason == "link"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
@pytest.mark.parametrize("statement", [
    "UPDATE audit_auditevent SET actor_label = 'x'",
    "DELETE FROM audit_auditevent",
])
def test_postgresql_refuses_to_change_or_delete_audit_rows(statement: str) -> None:
    record_three()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert audit_verify_chain().ok
