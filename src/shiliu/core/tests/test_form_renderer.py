"""The project's form renderer writes selects and inputs in Python (core/forms.py): a person sees
exactly what Django's widget templates would have shown them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from shiliu.core.forms import WRITERS, FormRenderer


class Everything(forms.Form):
    name = forms.CharField(label="Name", max_length=20, widget=forms.TextInput(
        attrs={"placeholder": 'Say "hi" & <wave>', "data-empty": "", "autofocus": True,
               "hidden": False}))
    q = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "search"}))
    count = forms.IntegerField(initial=1200)
    day = forms.DateField(initial=date(2026, 3, 1), widget=forms.DateInput(attrs={"type": "date"}))
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="s<e>cret")
    token = forms.CharField(widget=forms.HiddenInput, initial=mark_safe("<b>kept</b>"))
    agree = forms.BooleanField(required=False, initial=True)
    mail = forms.EmailField(required=False)
    kind = forms.ChoiceField(choices=[("", gettext_lazy("All")), ("a&b", "A & B"), (3, 3),
                                      ("Group <1>", [("x", "X"), ("y", mark_safe("<i>Y</i>"))])],
                             initial="y")
    many = forms.MultipleChoiceField(choices=[("1", "One"), ("2", "Two")], initial=["1", "2"],
                                     widget=forms.SelectMultiple(attrs={"size": 2}))
    maybe = forms.NullBooleanField(required=False)
    note = forms.CharField(widget=forms.Textarea, required=False)  # a template, as before


def widgets(form: forms.Form) -> list[str]:
    return [str(field) for field in form] + [field.label_tag() for field in form] + [
        form["name"].label_tag("<b>Bold</b>", attrs={"class": "x", "data-on": True}, label_suffix="?"),
        form["name"].label_tag(mark_safe("<b>Bold</b>"), tag="legend"),
        Unlabelled(renderer=form.renderer)["plain"].label_tag(),
    ]


class Unlabelled(forms.Form):
    plain = forms.CharField(label=gettext_lazy("Search"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, auto_id=False, **kwargs)


@pytest.mark.parametrize("data", [None, {"name": "<x>", "q": "路灯 & 积水", "count": "abc",
                                         "kind": "a&b", "many": ["2"], "maybe": "true"}])
@pytest.mark.parametrize("language", ["zh-hans", "en", "ug"])
def test_selects_and_inputs_are_written_as_djangos_templates_write_them(
        data: dict[str, Any] | None, language: str) -> None:
    renderer = FormRenderer()
    assert renderer._written is WRITERS  # Django's own templates here: written in Python
    with override(language):
        fast = widgets(Everything(data, renderer=renderer))
        templates = widgets(Everything(data, renderer=DjangoTemplates()))
    assert fast == templates
    assert 'placeholder="Say &quot;hi&quot; &amp; &lt;wave&gt;"' in fast[0]
    assert '<optgroup label="Group &lt;1&gt;">' in fast[8]


def test_a_project_template_overriding_djangos_is_rendered_as_a_template(
        monkeypatch: pytest.MonkeyPatch) -> None:
    renderer = FormRenderer()
    monkeypatch.setattr("shiliu.core.forms.DJANGO_TEMPLATES", renderer.engine.dirs[0] / "elsewhere")
    assert renderer._written == {}
    field = Everything(renderer=renderer)["kind"]
    assert str(field) == str(Everything(renderer=DjangoTemplates())["kind"])
