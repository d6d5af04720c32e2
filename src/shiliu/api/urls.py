"""The APIs' addresses, mounted outside the language prefix: /api/ (REST)."""

from django.urls import path

from shiliu.api.rest import api

urlpatterns = [
    path("api/", api.urls),
]
