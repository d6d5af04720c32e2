from django.urls import path

from shiliu.privacy import views

app_name = "privacy"

urlpatterns = [
    path("privacy/notices/<str:purpose>/", views.notice_detail, name="notice-detail"),
    path("privacy/notices/<str:purpose>/v<int:version>/", views.notice_detail, name="notice-version"),
    path("me/sign-up/", views.resident_sign_up, name="resident-sign-up"),
    path("me/sign-up/confirm/", views.resident_sign_up_confirm, name="resident-sign-up-confirm"),
    path("me/sign-in/", views.resident_sign_in, name="resident-sign-in"),
    path("me/sign-in/code/", views.resident_sign_in_code, name="resident-sign-in-code"),
    path("me/sign-in/code/enter/", views.resident_sign_in_code_enter, name="resident-sign-in-code-enter"),
    path("me/", views.resident_home, name="resident-home"),
    path("me/profile/", views.resident_profile, name="resident-profile"),
    path("me/profile/contact/", views.resident_contact, name="resident-contact"),
    path("me/profile/contact/confirm/", views.resident_contact_confirm, name="resident-contact-confirm"),
    path("me/consents/<str:purpose>/<str:verb>/", views.resident_consent, name="resident-consent"),
    path("me/export/<str:fmt>/", views.resident_export, name="resident-export"),
    path("me/delete/", views.resident_delete, name="resident-delete"),
]
