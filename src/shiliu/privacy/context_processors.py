"""`is_resident` for the page header: residents see their account, staff the workbench."""

from __future__ import annotations

from django.http import HttpRequest

from shiliu.privacy.selectors import is_resident


def resident(request: HttpRequest) -> dict[str, bool]:
    return {"is_resident": is_resident(getattr(request, "user", None))}
