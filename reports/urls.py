"""Console routes of the reports module, namespace ``reports``, under ``console/reports/``."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("scorecard/", views.scorecard_page, name="scorecard"),
    path("scorecard/print/", views.scorecard_print, name="scorecard_print"),
    path("scorecard/xlsx/", views.scorecard_xlsx, name="scorecard_xlsx"),
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("metrics/", views.metric_list, name="metrics"),
]
