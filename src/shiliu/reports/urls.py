from django.urls import path

from shiliu.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.figures_page, name="figures"),
]
