"""The project's URLs plus one view that nobody put in the permission map (for a test)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from shiliu.urls import urlpatterns as project_urlpatterns


def forgotten(request: HttpRequest) -> HttpResponse:
    return HttpResponse("this view forgot to declare who may open it")


urlpatterns = [*project_urlpatterns, path("forgotten/", forgotten, name="forgotten")]


def api_probe(request: HttpRequest) -> HttpResponse:
    """Stands in for a token-authenticated API endpoint."""
    return HttpResponse("api")


urlpatterns += [path("api-probe/", api_probe, name="api-probe")]
