from django.urls import path

from shiliu.residence import views

app_name = "residence"

urlpatterns = [
    path("me/residence/", views.declaration_list, name="declaration-list"),
    path("me/residence/declare/", views.declare, name="declare"),
    path("me/residence/<str:reference>/", views.declaration_detail, name="declaration-detail"),
    path("me/residence/<str:reference>/correct/", views.declaration_correct, name="declaration-correct"),
    path("me/residence/<str:reference>/move-out/", views.declaration_move_out, name="declaration-move-out"),
    path("me/residence/<str:reference>/receipt.pdf", views.declaration_receipt, name="declaration-receipt"),
    path("workbench/residence/", views.queue, name="queue"),
    path("workbench/residence/<str:reference>/", views.staff_detail, name="staff-detail"),
    path("workbench/residence/<str:reference>/<str:verb>/", views.staff_act, name="staff-act"),
]
