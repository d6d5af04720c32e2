"""The APIs' addresses, mounted outside the language prefix: /api/ (REST) and /open311/v2/."""

from django.urls import include, path, re_path

from shiliu.api.open311 import views as open311
from shiliu.api.rest import api

FMT = r"\.(?P<fmt>json|xml)"

open311_patterns = [
    re_path(rf"^discovery{FMT}$", open311.discovery, name="open311-discovery"),
    re_path(rf"^services{FMT}$", open311.service_list, name="open311-services"),
    re_path(
        rf"^services/(?P<service_code>[^/]+?){FMT}$",
        open311.service_definition,
        name="open311-service",
    ),
    re_path(rf"^requests{FMT}$", open311.requests, name="open311-requests"),
    re_path(
        rf"^requests/(?P<service_request_id>[^/]+?){FMT}$",
        open311.request_detail,
        name="open311-request",
    ),
    re_path(rf"^tokens/(?P<token>[^/]+?){FMT}$", open311.token, name="open311-token"),
    re_path(r"^.*$", open311.not_found, name="open311-not-found"),
]

urlpatterns = [
    path("api/", api.urls),
    path("open311/v2/", include((open311_patterns, "open311"))),
]
