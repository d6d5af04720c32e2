"""The baselines: a bare Django view that validates a JSON body and inserts one row (intake), and a
minimal template page behind the same middleware and sign-in (pages)."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from bench.models import BareRow


@csrf_exempt
@require_POST
def bare_insert(request: HttpRequest) -> JsonResponse:
    try:
        body = json.loads(request.body)
    except ValueError:
        return JsonResponse({"code": "invalid"}, status=400)
    description = body.get("description") if isinstance(body, dict) else None
    if not isinstance(description, str) or not description.strip() or len(description) > 2000:
        return JsonResponse({"code": "invalid"}, status=400)
    row = BareRow.objects.create(created_at=timezone.now(), description=description, payload=body)
    return JsonResponse({"id": row.pk}, status=201)


def bare_page(request: HttpRequest) -> HttpResponse:
    """The page bench's floor: the whole stack (sessions, second factor, permission map, context
    processors) and a template of a few nodes."""
    return render(request, "bench/bare_page.html")
