"""Model fields for personal data: `EncryptedTextField` seals its value at rest, and
`BlindIndexField` keeps the keyed hash that lets staff find a row by an exact value.

    contact_phone = EncryptedTextField(blank=True)
    contact_phone_index = BlindIndexField(source="contact_phone", kind="phone")

Model code reads and writes plaintext (`request.contact_phone = "138…"`); the database only ever
holds ciphertext. The empty string is stored as is, so "has a phone" stays a cheap query. Since
the same plaintext seals differently each time, an encrypted column cannot be searched: every
lookup but "is empty" raises instead of silently matching nothing. Search through the blind index.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact, IsNull

from shiliu.privacy import crypto


class Ciphertext(str):
    """A value that is already sealed: stored and compared as is (used by key rotation)."""


class EncryptedExact(Exact):  # type: ignore[type-arg]
    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None) and not isinstance(self.rhs, Ciphertext):
            raise FieldError(
                f"{self.lhs.output_field.name} is encrypted: it can only be compared with the empty "
                "value. Look rows up through its blind index instead."
            )
        return super().get_prep_lookup()


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    description = "Text encrypted at rest"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        if isinstance(value, Ciphertext):
            return str(value)
        return crypto.encrypt(str(value))

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "exact":
            return EncryptedExact
        if lookup_name == "isnull":
            return IsNull
        return None

    def get_transform(self, lookup_name: str) -> Any:
        return None


class BlindIndexField(models.CharField):  # type: ignore[type-arg]
    """HMAC of another field's normalised value, recomputed whenever the row is saved."""

    description = "Keyed hash of another field, for exact look-ups"

    def __init__(self, *args: Any, source: str = "", kind: str = "phone", **kwargs: Any) -> None:
        self.source = source
        self.kind = kind
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs["kind"] = self.kind
        for key, default in (("max_length", 64), ("blank", True), ("default", ""),
                             ("editable", False), ("db_index", True)):
            if kwargs.get(key) == default:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = crypto.blind_index(getattr(model_instance, self.source) or "", kind=self.kind)
        setattr(model_instance, self.attname, value)
        return value


def encrypted_fields(model: type[models.Model]) -> list[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def blind_index_fields(model: type[models.Model]) -> list[BlindIndexField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
