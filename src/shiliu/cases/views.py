"""Casework pages: households, cases (assessment, plan, visits, referrals, history), the overdue
list, pairings and the pairings short of contact. Thin: fetch through the selectors (scoped, 404
outside scope, full reads audited), bind a form, call one service, redirect or re-render.

Who may open each page is the permission map (`core.access`); which rows they see is the policy.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from shiliu.cases import selectors, services, timeline, workflow
from shiliu.cases.forms import (
    VERB_FORMS,
    ActionDoneForm,
    AssessmentForm,
    CaseFilterForm,
    CaseOpenForm,
    ContactForm,
    HouseholdForm,
    PairingForm,
    PlanActionForm,
    ReassignForm,
    ReferralForm,
    VisitForm,
)
from shiliu.cases.models import Case, Household, PlanAction
from shiliu.cases.permissions import CONTACT, VISIT
from shiliu.core import errors, permissions


def _user(request: HttpRequest) -> Any:
    return request.user


def _refused(request: HttpRequest, form: Any, error: errors.DomainError) -> int:
    form.add_error(None, error.message)
    messages.error(request, error.message)
    return errors.status_for(error)


# --- Households -------------------------------------------------------------------------------------

def household_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:40]
    page = Paginator(selectors.household_list(_user(request), query=query), 50).get_page(request.GET.get("page"))
    template = "cases/household_list.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#household-table"
    return render(request, template, {"page": page, "query": query})


@require_http_methods(["GET", "POST"])
def household_create(request: HttpRequest) -> HttpResponse:
    form = HouseholdForm(request.POST or None, actor=_user(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                household = services.household_create(_user(request), **form.cleaned_data)
            except errors.DomainError as error:
                status = _refused(request, form, error)
            else:
                messages.success(request, _("Household %(reference)s added.") % {"reference": household.reference})
                return redirect("cases:household-detail", reference=household.reference)
        else:
            status = 400
    return render(request, "cases/household_form.html", {"form": form}, status=status)


@never_cache
def household_detail(request: HttpRequest, reference: str) -> HttpResponse:
    household = selectors.household_get(_user(request), reference=reference, request=request)
    return _render_household(request, household)


def _render_household(request: HttpRequest, household: Household, *, case_form: Any = None,
                      visit_form: Any = None, pairing_form: Any = None, status: int = 200) -> HttpResponse:
    actor = _user(request)
    may_write = permissions.policy_for(Household).allows(actor, "write", household)
    context = {
        "household": household,
        "cases": list(household.cases.select_related("caseworker").order_by("-opened_on")),
        "visits": list(selectors.visit_list(actor, household=household)[:20]),
        "pairings": list(household.pairings.filter(active=True).select_related("staff")),
        "may_write": may_write,
        "show_contact": permissions.policy_for(Household).allows(actor, CONTACT, household),
        "case_form": case_form or (CaseOpenForm(actor=actor) if may_write else None),
        "visit_form": visit_form or VisitForm(initial={"visited_on": timezone.localdate()}),
        "pairing_form": pairing_form or (PairingForm(actor=actor) if may_write else None),
    }
    return render(request, "cases/household_detail.html", context, status=status)


@require_POST
def case_open(request: HttpRequest, reference: str) -> HttpResponse:
    household = selectors.household_get(_user(request), reference=reference, action="write")
    form = CaseOpenForm(request.POST, actor=_user(request))
    if not form.is_valid():
        return _render_household(request, household, case_form=form, status=400)
    try:
        case = services.case_open(_user(request), household=household, **form.cleaned_data)
    except errors.DomainError as error:
        return _render_household(request, household, case_form=form, status=_refused(request, form, error))
    messages.success(request, _("Case %(reference)s opened.") % {"reference": case.reference})
    return redirect("cases:case-detail", reference=case.reference)


@require_POST
def visit_record(request: HttpRequest, reference: str) -> HttpResponse:
    """A visit to a household, optionally for one of its open cases (`case` in the POST)."""
    household = selectors.household_get(_user(request), reference=reference, action=VISIT)
    case = None
    if request.POST.get("case"):
        case = selectors.case_get(_user(request), reference=request.POST["case"], audit=False)
        if case.household_id != household.pk:
            raise Http404
    form = VisitForm(request.POST)
    if not form.is_valid():
        return _after_visit_error(request, household, case, form, 400)
    try:
        _visit, created = services.visit_record(_user(request), household=household, case=case, **form.cleaned_data)
    except errors.DomainError as error:
        return _after_visit_error(request, household, case, form, _refused(request, form, error))
    if created:
        messages.success(request, _("Visit recorded."))
    if case is not None:
        return redirect("cases:case-detail", reference=case.reference)
    return redirect("cases:household-detail", reference=household.reference)


def _after_visit_error(request: HttpRequest, household: Household, case: Case | None, form: Any,
                       status: int) -> HttpResponse:
    if case is not None:
        return _render_case(request, case, visit_form=form, status=status)
    return _render_household(request, household, visit_form=form, status=status)


@require_POST
def pairing_create(request: HttpRequest, reference: str) -> HttpResponse:
    household = selectors.household_get(_user(request), reference=reference, action="write")
    form = PairingForm(request.POST, actor=_user(request))
    if not form.is_valid():
        return _render_household(request, household, pairing_form=form, status=400)
    try:
        services.pairing_create(_user(request), household=household, **form.cleaned_data)
    except errors.DomainError as error:
        return _render_household(request, household, pairing_form=form, status=_refused(request, form, error))
    messages.success(request, _("Pairing recorded."))
    return redirect("cases:household-detail", reference=household.reference)


# --- Cases ------------------------------------------------------------------------------------------

def case_list(request: HttpRequest) -> HttpResponse:
    chosen = request.GET.copy()
    chosen.setdefault("status", "open")
    filter_form = CaseFilterForm(chosen)
    filters = selectors.CaseFilters(status="open")
    if filter_form.is_valid():
        data = filter_form.cleaned_data
        filters = selectors.CaseFilters(status=data["status"], mine=data["mine"], query=data["q"])
    page = Paginator(selectors.case_list(_user(request), filters=filters), 50).get_page(request.GET.get("page"))
    template = "cases/case_list.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#case-table"
    return render(request, template, {"page": page, "filter_form": filter_form,
                                      "today": timezone.localdate()})


@never_cache
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    case = selectors.case_get(_user(request), reference=reference, request=request)
    return _render_case(request, case)


def _render_case(request: HttpRequest, case: Case, *, bound: Any = None, assessment_form: Any = None,
                 action_form: Any = None, visit_form: Any = None, referral_form: Any = None,
                 status: int = 200) -> HttpResponse:
    actor = _user(request)
    parts = selectors.case_detail_parts(case)
    verbs = []
    for transition in workflow.allowed_verbs(actor, case):
        form_class = VERB_FORMS.get(transition.verb)
        if form_class is None:
            continue
        if bound is not None and bound.verb == transition.verb:
            form = bound
        elif form_class is ReassignForm:
            form = ReassignForm(actor=actor, prefix=transition.verb)
        else:
            form = form_class(prefix=transition.verb)
        verbs.append((transition, form))
    may_work = permissions.policy_for(Case).allows(actor, "work", case)
    current = {need.item.code: (need.level, need.note) for need in parts["needs"]}
    context = {
        "case": case, "household": case.household, **parts,
        "events": [(event, timeline.describe(event)) for event in parts["events"]],
        "verbs": verbs, "may_work": may_work, "today": timezone.localdate(),
        "may_assess": workflow.may(actor, "assess", case),
        "assessment_form": assessment_form or AssessmentForm(current=current),
        "action_form": action_form or (PlanActionForm(actor=actor) if may_work else None),
        "visit_form": visit_form or VisitForm(initial={"visited_on": timezone.localdate()}),
        "referral_form": referral_form or (ReferralForm() if may_work else None),
    }
    template = "cases/case_detail.html"
    if request.htmx and status == 200:  # type: ignore[attr-defined]
        template += "#case-body"
    return render(request, template, context, status=status)


@require_POST
def case_assess(request: HttpRequest, reference: str) -> HttpResponse:
    case = selectors.case_get(_user(request), reference=reference, audit=False)
    form = AssessmentForm(request.POST)
    if not form.is_valid():
        return _render_case(request, case, assessment_form=form, status=400)
    try:
        services.case_assess(_user(request), case=case, levels=form.levels(), notes=form.notes())
    except errors.DomainError as error:
        return _render_case(request, case, assessment_form=form, status=_refused(request, form, error))
    messages.success(request, _("Needs assessment saved."))
    return redirect("cases:case-detail", reference=case.reference)


@require_POST
def plan_action_add(request: HttpRequest, reference: str) -> HttpResponse:
    case = selectors.case_get(_user(request), reference=reference, audit=False)
    form = PlanActionForm(request.POST, actor=_user(request))
    if not form.is_valid():
        return _render_case(request, case, action_form=form, status=400)
    data = form.cleaned_data
    due_on = data["due_on"] or services.plan_action_due_in_working_days(timezone.localdate(),
                                                                         data["due_in_working_days"])
    try:
        services.plan_action_add(_user(request), case=case, title=data["title"], owner=data["owner"],
                                 due_on=due_on, note=data["note"])
    except errors.DomainError as error:
        return _render_case(request, case, action_form=form, status=_refused(request, form, error))
    messages.success(request, _("Action added to the plan."))
    return redirect("cases:case-detail", reference=case.reference)


@require_POST
def plan_action_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = permissions.get_for(_user(request), PlanAction, "done",
                                 queryset=PlanAction.objects.select_related("case", "case__unit"), pk=pk)
    form = ActionDoneForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.plan_action_done(_user(request), action=action, note=note)
    except errors.DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Action marked done."))
    if request.POST.get("next") == "overdue":
        return redirect("cases:overdue")
    return redirect("cases:case-detail", reference=action.case.reference)


@require_POST
def case_refer(request: HttpRequest, reference: str) -> HttpResponse:
    case = selectors.case_get(_user(request), reference=reference, audit=False)
    form = ReferralForm(request.POST)
    if not form.is_valid():
        return _render_case(request, case, referral_form=form, status=400)
    try:
        referral = services.case_refer(_user(request), case=case, **form.cleaned_data)
    except errors.DomainError as error:
        return _render_case(request, case, referral_form=form, status=_refused(request, form, error))
    messages.success(request, _("Referred as request %(reference)s.")
                     % {"reference": referral.service_request.reference})
    return redirect("cases:case-detail", reference=case.reference)


@require_POST
def case_act(request: HttpRequest, reference: str, verb: str) -> HttpResponse:
    """One workflow verb; a refusal re-renders the page with the reason, never a 500."""
    case = selectors.case_get(_user(request), reference=reference, audit=False)
    form_class = VERB_FORMS.get(verb)
    if form_class is None:
        raise Http404
    form: Any = (ReassignForm(request.POST, actor=_user(request), prefix=verb) if form_class is ReassignForm
                 else form_class(request.POST, prefix=verb))
    if not form.is_valid():
        messages.error(request, _("Please correct the errors below."))
        return _render_case(request, case, bound=form, status=400)
    actor = _user(request)
    data = form.cleaned_data
    try:
        if verb == "start_plan":
            services.case_start_plan(actor, case=case)
        elif verb == "monitor":
            services.case_monitor(actor, case=case, note=data["note"])
        elif verb == "resume":
            services.case_resume(actor, case=case, note=data["note"])
        elif verb == "close":
            services.case_close(actor, case=case, outcome=data["outcome"], outcome_note=data["outcome_note"])
        elif verb == "reopen":
            services.case_reopen(actor, case=case, reason=data["reason"])
        elif verb == "reassign":
            services.case_reassign(actor, case=case, caseworker=data["caseworker"])
    except errors.DomainError as error:
        case.refresh_from_db()
        return _render_case(request, case, bound=form, status=_refused(request, form, error))
    messages.success(request, _("Done: %(action)s.") % {"action": workflow.TRANSITIONS[verb].label})
    return redirect("cases:case-detail", reference=case.reference)


# --- Lists ------------------------------------------------------------------------------------------

def overdue(request: HttpRequest) -> HttpResponse:
    """Overdue plan actions, visits whose next date passed, and cases awaiting assessment past
    their working-day deadline: the caseworker's own (default) or everything in scope."""
    everything = request.GET.get("all") == "1"
    today = timezone.localdate()
    found = selectors.overdue(_user(request), today=today, mine=not everything)
    return render(request, "cases/overdue.html", {"overdue": found, "everything": everything, "today": today})


def pairing_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.pairing_list(_user(request)), 50).get_page(request.GET.get("page"))
    return render(request, "cases/pairing_list.html", {"page": page, "contact_form": ContactForm(
        initial={"contacted_on": timezone.localdate()})})


def pairing_short(request: HttpRequest) -> HttpResponse:
    """Active pairings with fewer contacts than their minimum in their period."""
    today = timezone.localdate()
    return render(request, "cases/pairing_short.html",
                  {"pairings": selectors.pairings_short_of_contact(_user(request), today=today), "today": today})


@require_POST
def pairing_contact(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = selectors.pairing_get(_user(request), pk=pk, action="contact")
    form = ContactForm(request.POST)
    if not form.is_valid():
        for field_errors in form.errors.values():
            messages.error(request, str(field_errors[0]))
        return redirect("cases:pairing-list")
    try:
        services.pairing_contact_record(_user(request), pairing=pairing, **form.cleaned_data)
    except errors.DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Contact recorded."))
    return redirect("cases:pairing-short" if request.POST.get("next") == "short" else "cases:pairing-list")


@require_POST
def pairing_end(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = selectors.pairing_get(_user(request), pk=pk, action="end")
    try:
        services.pairing_end(_user(request), pairing=pairing)
    except errors.DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Pairing ended."))
    return redirect("cases:household-detail", reference=pairing.household.reference)
