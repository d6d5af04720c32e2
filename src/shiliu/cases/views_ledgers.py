"""Casework ledgers on the web: the Excel export of what one may see, and the import of an
office's workbook: upload → dry run (every problem by sheet, row and column) → confirm → the
import itself on a page that shows its progress as it goes (streamed: the bar moves without a
script or a background worker), all or nothing.

Between the dry run and the confirmation the file waits in the cache, sealed with the field key
(it holds names and phones), for the person who uploaded it only, for half an hour.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterator
from typing import Any

from django import forms
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shiliu.cases import ledgers
from shiliu.core import errors
from shiliu.core.ledgers import ImportReport
from shiliu.privacy import crypto

UPLOAD_SECONDS = 30 * 60
MAX_UPLOAD = 20 * 1024 * 1024
STREAM_MARK = "<!--progress-->"


class LedgerUploadForm(forms.Form):
    unit = forms.TypedChoiceField(label=gettext_lazy("Import into"), coerce=int)
    file = forms.FileField(label=gettext_lazy("Excel workbook (.xlsx)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))

    def __init__(self, *args: Any, units: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {u.pk: u for u in units}
        self.fields["unit"].choices = [(u.pk, u.localized_name) for u in units]  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        if file.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB: split it into several."))
        return file


@never_cache
@require_GET
def ledger_export(request: HttpRequest) -> HttpResponse:
    data = ledgers.casework_export(request.user, request=request)  # type: ignore[arg-type]
    name = _("Casework ledgers %(day)s.xlsx") % {"day": timezone.localdate().isoformat()}
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name) or ""
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def ledger_import(request: HttpRequest) -> HttpResponse:
    """The upload form; a POST checks the file (a dry run) and offers to import it."""
    actor: Any = request.user
    form = LedgerUploadForm(request.POST or None, request.FILES or None, units=ledgers.import_units(actor))
    context: dict[str, Any] = {"form": form}
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "cases/ledger_import.html", context, status=400)
        unit = form.units[form.cleaned_data["unit"]]
        data = form.cleaned_data["file"].read()
        try:
            report = ledgers.casework_import(actor, unit=unit, file=data, dry_run=True)
        except errors.DomainError as error:
            form.add_error("file", error.message)
            return render(request, "cases/ledger_import.html", context, status=errors.status_for(error))
        context.update(report=report, unit=unit)
        if report.ok:
            context["token"] = _keep_upload(actor, unit, data)
        else:
            status = 400
    return render(request, "cases/ledger_import.html", context, status=status)


@never_cache
@require_POST
def ledger_import_confirm(request: HttpRequest) -> HttpResponseBase:
    """The import itself: the page streams a progress bar, then the outcome."""
    actor: Any = request.user
    upload = _take_upload(actor, request.POST.get("token", ""))
    if upload is None:
        form = LedgerUploadForm(units=ledgers.import_units(actor))
        refusal = _("The checked file has expired or was already imported: upload it again.")
        return render(request, "cases/ledger_import.html", {"form": form, "refusal": refusal}, status=400)
    unit, data = upload
    page = render_to_string("cases/ledger_import_run.html", {"unit": unit}, request=request)
    head, _mark, tail = page.partition(STREAM_MARK)
    return StreamingHttpResponse(_run(request, actor, unit, data, head, tail), content_type="text/html; charset=utf-8")


def _run(request: HttpRequest, actor: Any, unit: Any, data: bytes, head: str, tail: str) -> Iterator[str]:
    """The page's head, a progress bar after each step of the import, the outcome, the tail.
    The checks run again (the data may have changed since the dry run). Closing the page
    midway closes this generator, which rolls the import back."""
    yield head
    report: ImportReport | None = None
    message = ""
    try:
        steps = ledgers.casework_import_steps(actor, unit=unit, file=data)
        while True:
            try:
                done, total = next(steps)
            except StopIteration as end:
                report = end.value
                break
            yield render_to_string("cases/_ledger_progress.html", {"done": done, "total": total})
    except errors.DomainError as error:
        message = error.message
    yield render_to_string("cases/_ledger_outcome.html", {"report": report, "message": message, "unit": unit},
                           request=request)
    yield tail


def _keep_upload(actor: Any, unit: Any, data: bytes) -> str:
    token = uuid.uuid4().hex
    sealed = crypto.encrypt(base64.b64encode(data).decode("ascii"))
    cache.set(f"ledger-upload:{token}", {"user": actor.pk, "unit": unit.pk, "data": sealed}, UPLOAD_SECONDS)
    return token


def _take_upload(actor: Any, token: str) -> tuple[Any, bytes] | None:
    key = f"ledger-upload:{token[:64]}"
    upload = cache.get(key)
    if not upload or upload["user"] != actor.pk:
        return None
    unit = next((u for u in ledgers.import_units(actor) if u.pk == upload["unit"]), None)
    if unit is None:
        return None
    cache.delete(key)
    return unit, base64.b64decode(crypto.decrypt(upload["data"]))
