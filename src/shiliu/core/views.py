"""Cross-cutting views: the health check."""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

import shiliu


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Database reachable, migrations applied, version. 503 when either check fails."""
    connection = connections[DEFAULT_DB_ALIAS]
    body: dict[str, object] = {"version": shiliu.__version__, "database": connection.vendor}
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        body.update(database_reachable=True, migrations_applied=not pending, pending_migrations=len(pending))
    except DatabaseError:
        body.update(database_reachable=False, migrations_applied=False)
    healthy = body["database_reachable"] and body["migrations_applied"]
    body["status"] = "ok" if healthy else "unavailable"
    return JsonResponse(body, status=200 if healthy else 503)
