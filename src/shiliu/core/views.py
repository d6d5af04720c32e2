"""Cross-cutting views: the health check, the language switch and the offline pages' worker."""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

import shiliu
from shiliu.core.languages import in_language, is_interface_language


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


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language (cookie, redirect to the same page in the chosen language), and for a
    signed-in user the choice saved as their preferred language."""
    response = django_set_language(request)
    code = request.POST.get("language", "")
    if is_interface_language(code) and response.has_header("Location"):
        # Django translates `next` only when it resolves in the language active for this
        # unprefixed URL (cookie or Accept-Language), so /ug/… chosen as zh-hans on a zh-CN phone
        # came back as /ug/…: the prefix of `next` itself decides how to read it.
        response["Location"] = in_language(response["Location"], code)
    if is_interface_language(code) and request.user.is_authenticated:
        user = request.user
        if user.preferred_language != code:
            user.preferred_language = code
            user.save(update_fields=["preferred_language"])
    return response


@require_GET
def offline_worker(request: HttpRequest) -> HttpResponse:
    """core/offline-worker.js served from the URL that routes here, so that the worker's scope is
    the folder of the pages that must open offline (a script under /static/ could only control
    /static/). Fetched again on every visit (no-cache): a changed worker reaches phones at once."""
    path = finders.find("core/offline-worker.js")
    assert isinstance(path, str), "core/offline-worker.js is part of the core app"
    response = HttpResponse(Path(path).read_bytes(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
