from django.urls import path

from . import views

urlpatterns = [
    path("", views.member_list, name="list"),
    path("new/", views.member_create, name="create"),
    path("transfers/", views.transfer_list, name="transfers"),
    path("transfers/<int:pk>/accept/", views.transfer_decide, {"decision": "accept"}, name="transfer_accept"),
    path("transfers/<int:pk>/reject/", views.transfer_decide, {"decision": "reject"}, name="transfer_reject"),
    path("transfers/<int:pk>/cancel/", views.transfer_decide, {"decision": "cancel"}, name="transfer_cancel"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("<int:pk>/status/", views.member_status, name="status"),
    path("<int:pk>/transfer/", views.member_transfer, name="transfer"),
    path("<int:pk>/reveal/", views.member_reveal, name="reveal"),
    path("<int:pk>/revoke-card/", views.member_revoke_card, name="revoke_card"),
]
