"""`manage.py check` refuses to run with no encryption keys (production never gets defaults)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from shiliu.privacy import crypto


@register()
def field_keys_check(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors = []
    try:
        crypto.keyring()
    except ImproperlyConfigured as error:
        errors.append(Error(str(error), hint="Set SHILIU_FIELD_KEYS in the environment.",
                            id="shiliu.privacy.E001"))
    if not settings.SHILIU_BLIND_INDEX_KEY:
        errors.append(Error("SHILIU_BLIND_INDEX_KEY is empty.",
                            hint="Set SHILIU_BLIND_INDEX_KEY in the environment (a long random string).",
                            id="shiliu.privacy.E002"))
    return errors
