"""How every form labels its fields, in every script, and renders its selects and inputs.

Django appends its label suffix (":") unless a label ends in one of ":?.!", so translated labels
that end in their own script's punctuation read "？:", "؟:" or "།:". The renderer below, the
project's FORM_RENDERER, gives every form a bound field that adds no suffix after any Unicode
punctuation mark.

It also writes Django's own select and input widgets and the labels in Python, character for
character what their templates write (tests/test_form_renderer.py compares them): a select renders two nested
templates per option, and the workbench's unit and filter selects hold well over a hundred
options, which made widgets the largest part of a worklist page's CPU (bench/pages.py). A
template that is not Django's own (an app overriding it) is rendered as a template.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any

import django.forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.template.defaultfilters import stringformat
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]


def ends_in_punctuation(text: str) -> bool:
    text = str(text).rstrip()
    return bool(text) and unicodedata.category(text[-1]).startswith("P")


class LabelBoundField(BoundField):
    def label_tag(self, contents: str | None = None, attrs: dict[str, Any] | None = None,
                  label_suffix: str | None = None, tag: str | None = None) -> SafeString:
        if label_suffix is None and ends_in_punctuation(str(contents or self.label or "")):
            label_suffix = ""
        return super().label_tag(contents, attrs, label_suffix, tag)


# --- Widgets written in Python -----------------------------------------------------------------

def _text(value: Any) -> str:
    """`{{ value }}` in an autoescaping template."""
    return conditional_escape(localize(template_localtime(value)))


def _string(value: Any) -> str:
    """`{{ value|stringformat:'s' }}` in an autoescaping template (the filter keeps safe text)."""
    formatted = stringformat(value, "s")
    return formatted if isinstance(value, SafeData) else escape(formatted)


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_string(value)}"'
        for name, value in attrs.items() if value is not False
    )


def _input(widget: dict[str, Any]) -> str:
    """django/forms/widgets/input.html (and the one-line templates that include it)."""
    value = widget["value"]
    shown = f' value="{_string(value)}"' if value is not None else ""
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'


OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _select(widget: dict[str, Any]) -> str | None:
    """django/forms/widgets/select.html; None when an option has a template of its own."""
    out = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != OPTION_TEMPLATE:
                return None
            out.append(f'\n  <option value="{_string(option["value"])}"{_attrs(option["attrs"])}>'
                       f'{_text(option["label"])}</option>\n')
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _label(context: dict[str, Any]) -> str:
    """django/forms/label.html (BoundField.label_tag)."""
    if not context["use_tag"]:
        return _text(context["label"])
    tag = _text(context["tag"])
    return f"<{tag}{_attrs(context['attrs'] or {})}>{_text(context['label'])}</{tag}>"


def _widget(write: Callable[[dict[str, Any]], str | None]) -> Callable[[dict[str, Any]], str | None]:
    def widget(context: dict[str, Any]) -> str | None:
        return write(context["widget"]) if set(context) == {"widget"} else None
    return widget


_INPUTS = ("checkbox", "color", "date", "datetime", "email", "file", "hidden", "input", "number",
           "password", "search", "tel", "text", "time", "url")
LABEL_CONTEXT = {"field", "label", "attrs", "use_tag", "tag"}
WRITERS: dict[str, Callable[[dict[str, Any]], str | None]] = {
    **{f"django/forms/widgets/{name}.html": _widget(_input) for name in _INPUTS},
    "django/forms/widgets/select.html": _widget(_select),
    "django/forms/label.html": lambda context: _label(context) if set(context) == LABEL_CONTEXT else None,
}
DJANGO_TEMPLATES = Path(django.forms.__file__).resolve().parent / "templates"


class FormRenderer(DjangoTemplates):
    bound_field_class = LabelBoundField

    @cached_property
    def _written(self) -> dict[str, Callable[[dict[str, Any]], str | None]]:
        """The writers whose templates (and those they include) are Django's own here."""
        names = {*WRITERS, OPTION_TEMPLATE, "django/forms/widgets/attrs.html",
                 "django/forms/widgets/input.html", "django/forms/attrs.html"}
        if any(not Path(self.get_template(name).origin.name).resolve().is_relative_to(DJANGO_TEMPLATES)
               for name in names):
            return {}
        return WRITERS

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        writer = self._written.get(template_name)
        if writer is not None and request is None:
            written = writer(context)
            if written is not None:
                return mark_safe(written.strip())  # noqa: S308 - every value above is escaped
        return super().render(template_name, context, request)
