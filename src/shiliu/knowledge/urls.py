from django.urls import path

from shiliu.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("knowledge/", views.portal_list, name="portal-list"),
    path("knowledge/suggest/", views.suggest, name="suggest"),
    path("knowledge/<int:pk>/", views.article, name="article"),
    path("knowledge/<int:pk>/answered/", views.answered, name="answered"),
    path("workbench/knowledge/", views.workbench_list, name="workbench-list"),
    path("workbench/requests/<str:reference>/cite/", views.cite, name="workbench-cite"),
]
