"""Category suggestion while a description is typed (an htmx fragment for the intake forms) and
the dispatchers' hot issues: the clusters of the last 7 or 30 days, one cluster with its map, and
taking one up (link to a hot issue with an action, or merge its requests)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shiliu.core import errors, limits
from shiliu.insights import selectors, services, suggestions
from shiliu.insights.forms import HotIssueLinkForm, HotIssueMergeForm, WindowForm


@require_POST
@limits.rate_limited("suggest")
def suggest(request: HttpRequest) -> HttpResponse:
    """The suggestion for the description being typed: the category to pre-select when the model
    is confident enough, else a note that a person chooses."""
    suggested = suggestions.suggest(request.POST.get("description", ""))
    return render(request, "insights/suggestion.html", {"suggested": suggested})


def _days(request: HttpRequest) -> int:
    form = WindowForm(request.GET)
    return int(form.cleaned_data["days"]) if form.is_valid() else 7


def _map_points(cluster: selectors.HotCluster) -> list[dict[str, Any]]:
    return [{"lat": lat, "lng": lng} for lat, lng in cluster.places]


@require_GET
def hot_issue_list(request: HttpRequest) -> HttpResponse:
    days = _days(request)
    clusters = selectors.hot_clusters(user=request.user, days=days)  # type: ignore[arg-type]
    points = [{"lat": lat, "lng": lng, "key": c.key} for c in clusters for lat, lng in c.places]
    recorded = selectors.hot_issue_list(user=request.user)[:20]  # type: ignore[arg-type]
    return render(request, "insights/hot_issue_list.html", {
        "clusters": clusters, "days": days, "window_form": WindowForm(initial={"days": days}),
        "points": points, "map_tiles": settings.SHILIU_MAP_TILES, "recorded": recorded,
    })


def _detail_context(request: HttpRequest, key: int, days: int, **forms: Any) -> dict[str, Any]:
    cluster = selectors.hot_cluster_get(user=request.user, key=key, days=days)  # type: ignore[arg-type]
    choices = [(sr.pk, sr.reference) for sr in sorted(cluster.requests, key=lambda sr: sr.submitted_at)]
    return {
        "cluster": cluster, "days": days, "points": _map_points(cluster),
        "map_tiles": settings.SHILIU_MAP_TILES,
        "link_form": forms.get("link_form") or HotIssueLinkForm(initial={"title": cluster.title}),
        "merge_form": forms.get("merge_form") or HotIssueMergeForm(choices=choices),
    }


@require_GET
def hot_issue_detail(request: HttpRequest, key: int) -> HttpResponse:
    return render(request, "insights/hot_issue_detail.html", _detail_context(request, key, _days(request)))


@require_POST
def hot_issue_link(request: HttpRequest, key: int) -> HttpResponse:
    days = _days(request)
    form = HotIssueLinkForm(request.POST)
    if form.is_valid():
        cluster = selectors.hot_cluster_get(user=request.user, key=key, days=days)  # type: ignore[arg-type]
        try:
            issue = services.hot_issue_link(
                request.user, request_ids=[sr.pk for sr in cluster.requests],  # type: ignore[arg-type]
                title=form.cleaned_data["title"], action=form.cleaned_data["action"])
        except errors.InvalidInput as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Hot issue “%(title)s” recorded for %(count)s requests.")
                             % {"title": issue.title, "count": cluster.count})
            return redirect(f"{request.path.rsplit('link/', 1)[0]}?days={days}")
    context = _detail_context(request, key, days, link_form=form)
    return render(request, "insights/hot_issue_detail.html", context, status=400)


@require_POST
def hot_issue_merge(request: HttpRequest, key: int) -> HttpResponse:
    days = _days(request)
    cluster = selectors.hot_cluster_get(user=request.user, key=key, days=days)  # type: ignore[arg-type]
    choices = [(sr.pk, sr.reference) for sr in cluster.requests]
    form = HotIssueMergeForm(request.POST, choices=choices)
    if form.is_valid():
        try:
            result = services.hot_issue_merge(
                request.user, request_ids=[sr.pk for sr in cluster.requests],  # type: ignore[arg-type]
                into_id=form.cleaned_data["into"])
        except errors.InvalidInput as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("%(count)s requests merged into %(reference)s.")
                             % {"count": len(result.merged), "reference": result.into.reference})
            if result.left:
                messages.warning(request, _("Not merged, as they are past acceptance or outside your "
                                            "jurisdiction: %(references)s.")
                                 % {"references": ", ".join(sr.reference for sr in result.left)})
            return redirect("service_requests:workbench-detail", result.into.reference)
    context = _detail_context(request, key, days, merge_form=form)
    return render(request, "insights/hot_issue_detail.html", context, status=400)
