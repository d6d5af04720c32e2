"""The baseline: a bare Django view that validates a JSON body and inserts one row."""

from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
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
