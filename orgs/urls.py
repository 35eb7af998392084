from django.urls import path

from . import views

urlpatterns = [
    path("orgs/", views.tree, name="tree"),
    path("orgs/<int:pk>/", views.detail, name="detail"),
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
]
