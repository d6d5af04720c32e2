"""The auditor's page: search the trail, export it (the export is itself audited), and check
that the hash chain is unbroken. Only the auditor opens it (core.access); others get 403, "not
available to your role"."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from shiliu.audit import exports
from shiliu.audit.describe import describe
from shiliu.audit.forms import AuditSearchForm
from shiliu.audit.models import AuditAction
from shiliu.audit.selectors import AuditFilters, audit_search
from shiliu.audit.services import ARCHIVE_TARGET, ChainCheck, audit_record, audit_verify_chain

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _render(
    request: HttpRequest,
    form: AuditSearchForm,
    *,
    check: ChainCheck | None = None,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    filters = form.filters() if form.is_valid() else AuditFilters()
    if not form.is_valid() and form.is_bound:
        status = 400
    page = Paginator(audit_search(filters=filters).select_related(None), 50).get_page(
        request.GET.get("page")
    )
    query: dict[str, str] = {
        k: str(v) for k, v in request.GET.items() if k not in {"page", "format"} and v
    }
    context = {
        "form": form,
        "page": page,
        "rows": describe(list(page.object_list)),
        "check": check,
        "error": error,
        "query": urlencode(query),
        "retention_days": settings.AUDIT_RETENTION_DAYS,
    }
    return render(request, "audit/trail.html", context, status=status)


@require_GET
def trail(request: HttpRequest) -> HttpResponse:
    return _render(request, AuditSearchForm(request.GET or None))


@require_GET
def verify(request: HttpRequest) -> HttpResponse:
    check = audit_verify_chain()
    audit_record(
        actor=request.user,
        action=AuditAction.READ,
        target_type=ARCHIVE_TARGET,
        request=request,
        detail={"verified": check.ok, "checked": check.checked},
    )
    return _render(request, AuditSearchForm(request.GET or None), check=check)


@require_GET
def export(request: HttpRequest) -> HttpResponseBase:
    form = AuditSearchForm(request.GET)
    file_format = request.GET.get("format", "csv")
    if file_format not in {"csv", "xlsx"}:
        return _render(request, form, status=400, error=_("Choose CSV or Excel (xlsx)."))
    if not form.is_valid():
        return _render(request, form, status=400)
    filters = form.filters()
    events = audit_search(filters=filters)
    count = events.count()
    if count > settings.AUDIT_EXPORT_MAX_ROWS:
        return _render(
            request,
            form,
            status=400,
            error=_(
                "%(count)d events match; an export holds at most %(limit)d. Narrow the dates "
                "or the other filters."
            )
            % {"count": count, "limit": settings.AUDIT_EXPORT_MAX_ROWS},
        )
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        target_type=ARCHIVE_TARGET,
        request=request,
        detail={"format": file_format, "rows": count, "filters": filters.described()},
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    rows = events.iterator(chunk_size=2000)
    response: HttpResponseBase
    if file_format == "xlsx":
        response = HttpResponse(exports.xlsx_bytes(rows), content_type=XLSX)
    else:
        response = StreamingHttpResponse(
            exports.csv_lines(rows), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.{file_format}"'
    return response
