from django.db import models


class BareRow(models.Model):
    """One row per bare insert; the table is made by the bench (no migration: never deployed)."""

    created_at = models.DateTimeField()
    description = models.CharField(max_length=2000)
    payload = models.JSONField()

    class Meta:
        managed = False
        db_table = "bench_bare_row"

    def __str__(self) -> str:
        return self.description[:40]


CREATE_TABLE = """
CREATE TABLE IF NOT EXISTS bench_bare_row (
    id bigserial PRIMARY KEY,
    created_at timestamptz NOT NULL,
    description varchar(2000) NOT NULL,
    payload jsonb NOT NULL
)
"""
