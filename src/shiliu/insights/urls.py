from django.urls import path

from shiliu.insights import views

app_name = "insights"

urlpatterns = [
    path("suggest/", views.suggest, name="suggest"),
    path("hot/", views.hot_issue_list, name="hot-issues"),
    path("hot/<int:key>/", views.hot_issue_detail, name="hot-issue-detail"),
    path("hot/<int:key>/link/", views.hot_issue_link, name="hot-issue-link"),
    path("hot/<int:key>/merge/", views.hot_issue_merge, name="hot-issue-merge"),
]
