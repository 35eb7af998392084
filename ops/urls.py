"""Console pages of operations, under ``console/ops/`` (namespace ``ops``)."""

from django.urls import path

from .views import staff

urlpatterns = [
    path("", staff.status, name="status"),
]
