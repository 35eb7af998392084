"""Console pages of 维权维稳 under ``console/rights/`` (namespace ``rights``)."""

from django.urls import path

from .views import staff

urlpatterns = [
    path("", staff.case_list, name="cases"),
    path("new/", staff.case_create, name="case_create"),
    path("leads/", staff.lead_list, name="leads"),
    path("leads/<int:appeal_pk>/open/", staff.case_from_appeal, name="from_appeal"),
    path("<int:pk>/", staff.case_detail, name="case"),
    path("<int:pk>/session/", staff.case_session, name="session"),
    path("<int:pk>/extend/", staff.case_extend, name="extend"),
    path("<int:pk>/close/", staff.case_close, name="close"),
    path("<int:pk>/agreement/", staff.case_agreement, name="agreement"),
    path("legal-aid/", staff.aid_list, name="aids"),
    path("legal-aid/<int:pk>/", staff.aid_detail, name="aid"),
    path("legal-aid/<int:pk>/close/", staff.aid_close, name="aid_close"),
    path("lawyers/", staff.lawyer_list, name="lawyers"),
]
