"""Console URLs of roster import and export, under /console/members/io/ in the ``members`` namespace."""

from django.urls import path

from . import io_views

urlpatterns = [
    path("import/", io_views.import_start, name="import_start"),
    path("import/template.xlsx", io_views.import_template, name="import_template"),
    path("import/<int:pk>/", io_views.import_job, name="import_job"),
    path("import/<int:pk>/errors.xlsx", io_views.import_errors, name="import_errors"),
    path("export/", io_views.export_start, name="export_start"),
    path("export/<int:pk>/", io_views.export_job, name="export_job"),
    path("export/<int:pk>/file.xlsx", io_views.export_file, name="export_file"),
]
