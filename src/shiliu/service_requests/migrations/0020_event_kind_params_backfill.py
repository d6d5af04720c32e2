"""Existing timeline events get their kind and parameters, and lose the sentences the workflow used
to write into their notes ("已派单至和睦区城管局", "Merged into SL-…", the rating's label) in
whatever language was active then: the sentence is now made when read, in the reader's language.
What a person typed stays in the note. Only replies, reasons for not accepting, closing notes and
the resident's own rating comments stay readable by the resident; every other note becomes
staff-only (a dispatcher's instruction to the handler was shown to the resident before).

The sentences below are the English source texts and their Simplified Chinese translations as
they stood when this migration was written (the two languages events were recorded in)."""

from __future__ import annotations

import re
from typing import Any

from django.db import migrations

PUBLIC_NOTES = {"decline", "resolve", "rate", "reopen", "escalate", "close"}

# Whole-note sentences the workflow wrote by itself.
DEFAULT_NOTES = {
    "remind": {"Reminder: the deadline is near.", "催办：办理期限即将到期。"},
    "supervise": {"Supervision notice: the deadline has passed.", "督办：已超过办理期限。"},
}
ERASURE_NOTES = {
    "follow_up_withdrawn": {"Consent to follow-up contact withdrawn: contact details removed."},
    "handling_withdrawn": {"Consent withdrawn: personal data removed."},
    "account_deleted": {"The resident deleted their account: personal data removed."},
    "retention": {"Retention period over: personal data removed."},
}
RATINGS = {
    5: ("Very satisfied", "非常满意"),
    4: ("Satisfied", "满意"),
    3: ("Fairly satisfied", "基本满意"),
    2: ("Unsatisfied", "不满意"),
    1: ("Very unsatisfied", "非常不满意"),
}
DISPATCHED = ("Dispatched to ", "已派单至")
MERGED = re.compile(r"^(?:Merged into |已合并至 ?)(SL-\d{4}-\d+)$")
RETURNED = re.compile(r"^(?P<reason>.*?)(?: \(policy basis: |（政策依据：)(?P<basis>.*?)[)）]$", re.S)
EXTENSION_ASKED = re.compile(r"^(?P<reason>.*?)(?: \(new deadline |（新期限 ).*?[)）]$", re.S)
DECISION = re.compile(r"^(?:Extension approved: new deadline [^.]*\.|延期已批准：新的期限为 [^。]*。|"
                      r"Extension refused\.|延期未获批准。)\s*", re.S)


def _rating_and_comment(note: str) -> tuple[int | None, str]:
    # Longest labels first: "非常不满意" before "不满意", "Very satisfied" before "Satisfied".
    for value, labels in sorted(RATINGS.items(), key=lambda item: -max(len(x) for x in item[1])):
        for label in sorted(labels, key=len, reverse=True):
            if note == label:
                return value, ""
            for separator in (": ", "："):
                if note.startswith(label + separator):
                    return value, note[len(label) + len(separator):]
    return None, note


def forwards(apps: Any, schema_editor: Any) -> None:
    RequestEvent = apps.get_model("service_requests", "RequestEvent")
    Extension = apps.get_model("service_requests", "Extension")
    events = RequestEvent.objects.filter(kind__isnull=True).select_related("request", "unit")
    for event in events.iterator(chunk_size=500):
        action, note, params = event.action, event.note, {}
        request = event.request
        if action == "submit":
            params["channel"] = request.channel
            note = ""
        elif action == "merge":
            match = MERGED.match(note.strip())
            if match or request.merged_into_id:
                params["into"] = match.group(1) if match else request.merged_into.reference
                note = ""
        elif action in {"dispatch", "transfer", "accept_transfer", "refuse_transfer", "sign", "resolve"}:
            if event.unit_id:
                params["unit"] = event.unit_id
            if action == "dispatch" and event.unit_id and note in {p + event.unit.name for p in DISPATCHED}:
                note = ""
        elif action == "return":
            if event.unit_id:
                params["unit"] = event.unit_id
            match = RETURNED.match(note)
            if match:
                note, params["policy_basis"] = match.group("reason"), match.group("basis")
        elif action in {"rate", "reopen", "escalate"}:
            rating, note = _rating_and_comment(note)
            if rating is not None:
                params["rating"] = rating
        elif action == "request_extension":
            match = EXTENSION_ASKED.match(note)
            extension = Extension.objects.filter(request=request, created_at__lte=event.created_at).order_by(
                "-created_at").first()
            if match:
                note = match.group("reason")
            if extension is not None:
                params["new_resolve_by"] = extension.new_resolve_by.isoformat()
        elif action in {"approve_extension", "refuse_extension"}:
            note = DECISION.sub("", note)
            extension = Extension.objects.filter(request=request, decided_at=event.created_at).first()
            if extension is not None:
                params["new_resolve_by"] = extension.new_resolve_by.isoformat()
        elif action in DEFAULT_NOTES:
            if note in DEFAULT_NOTES[action]:
                note = ""
            if event.actor_id is None:
                params["system"] = True
        elif action == "erase_personal_data":
            reason = next((code for code, texts in ERASURE_NOTES.items() if note in texts), None)
            if reason is not None:
                params["reason"], note = reason, ""
        event.kind = action
        event.params = params
        event.note = note
        event.note_is_public = action in PUBLIC_NOTES and bool(note)
        event.save(update_fields=["kind", "params", "note", "note_is_public"])


def backwards(apps: Any, schema_editor: Any) -> None:
    """The kind and parameters are dropped with their columns; the notes stay as they are now."""


class Migration(migrations.Migration):

    dependencies = [
        ("service_requests", "0019_event_kind_params_add"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
