from django.urls import path

from .views.staff import enterprises as enterprise_views
from .views.staff import orgs as views

urlpatterns = [
    path("orgs/", views.tree, name="tree"),
    path("orgs/pick/", views.pick, name="pick"),
    path("orgs/<int:pk>/", views.detail, name="detail"),
    path("orgs/<int:pk>/nodes/", views.tree_children, name="tree_children"),
    path("orgs/<int:parent_pk>/new/", views.create, name="create"),
    path("orgs/<int:pk>/edit/", views.edit, name="edit"),
    path("orgs/<int:pk>/move/", views.move, name="move"),
    path("orgs/<int:pk>/dissolve/", views.dissolve, name="dissolve"),
    path("enterprises/", enterprise_views.enterprise_list, name="enterprise_list"),
    path("enterprises/new/", enterprise_views.enterprise_create, name="enterprise_create"),
    path("enterprises/<int:pk>/", enterprise_views.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", enterprise_views.enterprise_edit, name="enterprise_edit"),
]
