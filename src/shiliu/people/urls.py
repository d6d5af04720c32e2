from django.contrib.auth import views as auth_views
from django.urls import path

from shiliu.people import views

app_name = "people"

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("start/", views.start, name="start"),
    path("two-factor/setup/", views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/verify/", views.two_factor_verify, name="two-factor-verify"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
]
