from django.urls import path

from shiliu.org import views

app_name = "org"

urlpatterns = [
    path("place-at/", views.place_at, name="place-at"),
    path("place-search/", views.place_search, name="place-search"),
]
