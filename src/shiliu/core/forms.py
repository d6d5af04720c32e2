"""How every form labels its fields, in every script.

Django appends its label suffix (":") unless a label ends in one of ":?.!", so translated labels
that end in their own script's punctuation read "？:", "؟:" or "།:". The renderer below, the
project's FORM_RENDERER, gives every form a bound field that adds no suffix after any Unicode
punctuation mark.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import SafeString


def ends_in_punctuation(text: str) -> bool:
    text = str(text).rstrip()
    return bool(text) and unicodedata.category(text[-1]).startswith("P")


class LabelBoundField(BoundField):
    def label_tag(self, contents: str | None = None, attrs: dict[str, Any] | None = None,
                  label_suffix: str | None = None, tag: str | None = None) -> SafeString:
        if label_suffix is None and ends_in_punctuation(str(contents or self.label or "")):
            label_suffix = ""
        return super().label_tag(contents, attrs, label_suffix, tag)


class FormRenderer(DjangoTemplates):
    bound_field_class = LabelBoundField
