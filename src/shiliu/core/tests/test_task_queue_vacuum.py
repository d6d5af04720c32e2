"""The task queue's table is vacuumed after every 2,000 changed rows on PostgreSQL (migration
core 0002): its READY index otherwise fills with the dead rows every poll reads."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_task_queue_is_vacuumed_early() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("autovacuum is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'django_tasks_database_dbtaskresult'")
        [options] = cursor.fetchone()
    assert "autovacuum_vacuum_threshold=2000" in options and "autovacuum_vacuum_scale_factor=0" in options
