"""入户走访 from a phone: one page to record a visit in a few taps, also without a connection.

The page works as a plain form; with `core/offline-queue.js` it keeps each visit on the phone
first (with an idempotency key made there) and sends the queue whenever the connection is back.
The same URL answers the queued POSTs in JSON: 201 for a new visit, 200 for one already stored
under that key (so a resent visit is never doubled), 400 with a message for a refused one.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from shiliu.cases import selectors, services
from shiliu.cases.forms import VisitForm
from shiliu.cases.permissions import VISIT
from shiliu.core import errors


class FieldVisitForm(VisitForm):
    household = forms.ChoiceField(label=gettext_lazy("Household"))
    field_order = ["household", "method", "visited_on", "notes", "next_step", "next_visit_on"]

    def __init__(self, *args: Any, households: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["household"].choices = [  # type: ignore[attr-defined]
            (h.reference, " · ".join(filter(None, [h.reference, h.address, h.masked_name]))) for h in households
        ]
        self.fields["method"].widget = forms.RadioSelect(choices=self.fields["method"].choices)  # type: ignore[attr-defined]
        self.fields["visited_on"].initial = timezone.localdate()
        self.fields["notes"].widget.attrs.update({"rows": 3, "dir": "auto"})
        self.fields["next_step"].widget.attrs["dir"] = "auto"
        self.order_fields(self.field_order)


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@never_cache
@require_http_methods(["GET", "POST"])
def field_visit(request: HttpRequest) -> HttpResponse:
    actor: Any = request.user
    households = list(selectors.household_list(actor).defer("notes"))
    form = FieldVisitForm(request.POST or None, households=households)
    if request.method == "POST":
        if not form.is_valid():
            if _wants_json(request):
                problems = [f"{form.fields[name].label}: {' '.join(str(e) for e in found)}" if name in form.fields
                            else " ".join(str(e) for e in found) for name, found in form.errors.items()]
                return JsonResponse({"message": "；".join(problems), "errors": form.errors}, status=400)
            return render(request, "cases/field_visit.html", {"form": form}, status=400)
        data = dict(form.cleaned_data)
        household = selectors.household_get(actor, reference=data.pop("household"), action=VISIT)
        try:
            visit, created = services.visit_record(actor, household=household, **data)
        except errors.DomainError as error:
            if _wants_json(request):
                return JsonResponse({"message": error.message, "code": error.code}, status=errors.status_for(error))
            form.add_error(None, error.message)
            return render(request, "cases/field_visit.html", {"form": form}, status=errors.status_for(error))
        if _wants_json(request):
            return JsonResponse({"visit": visit.pk, "household": household.reference, "created": created},
                                status=201 if created else 200)
        messages.success(request, _("Visit recorded."))
        return redirect("cases:field-visit")
    return render(request, "cases/field_visit.html", {"form": form})
