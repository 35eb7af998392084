"""Pages of 维权维稳 (namespace ``rights``): the worker's phone pages under ``m/rights/`` and the console's under
``console/rights/``."""

from django.urls import include, path

from .views import member, staff
from .views.staff import bargaining, mediators

worker = [
    path("", member.index, name="worker_home"),
    path("legal-aid/new/", member.apply, name="aid_apply"),
    path("legal-aid/<str:aid_no>/", member.aid, name="my_aid"),
    path("legal-aid/<str:aid_no>/rate/", member.rate, name="aid_rate"),
    path("cases/<str:case_no>/", member.case, name="my_case"),
]

console = [
    path("", staff.case_list, name="cases"),
    path("new/", staff.case_create, name="case_create"),
    path("leads/", staff.lead_list, name="leads"),
    path("leads/<int:appeal_pk>/open/", staff.case_from_appeal, name="from_appeal"),
    path("<int:pk>/", staff.case_detail, name="case"),
    path("<int:pk>/session/", staff.case_session, name="session"),
    path("<int:pk>/extend/", staff.case_extend, name="extend"),
    path("<int:pk>/close/", staff.case_close, name="close"),
    path("<int:pk>/agreement/", staff.case_agreement, name="agreement"),
    path("<int:pk>/mediators/", mediators.case_mediators, name="case_mediators"),
    path("legal-aid/", staff.aid_list, name="aids"),
    path("legal-aid/<int:pk>/", staff.aid_detail, name="aid"),
    path("legal-aid/<int:pk>/close/", staff.aid_close, name="aid_close"),
    path("lawyers/", staff.lawyer_list, name="lawyers"),
    path("mediators/", mediators.mediator_list, name="mediators"),
    path("mediators/<int:pk>/", mediators.mediator_edit, name="mediator"),
    path("warning/", staff.warning_page, name="warning"),
    path("supervision/", staff.inspection_list, name="inspections"),
    path("supervision/new/", staff.inspection_create, name="inspection_create"),
    path("supervision/<int:pk>/", staff.inspection_detail, name="inspection"),
    path("supervision/<int:pk>/documents/new/", staff.document_issue, name="document_issue"),
    path("supervision/documents/<int:pk>/", staff.document_print, name="document"),
    path("supervision/problems/", staff.problem_list, name="problems"),
    path("supervision/problems/<int:pk>/rectify/", staff.problem_rectify, name="rectify"),
    path("supervision/problems/<int:pk>/evidence/", staff.evidence, name="evidence"),
    path("bargaining/", bargaining.contract_list, name="contracts"),
    path("bargaining/new/", bargaining.contract_create, name="contract_create"),
    path("bargaining/demonstrations/", bargaining.demonstration_list, name="demonstrations"),
    path("bargaining/<int:pk>/", bargaining.contract_detail, name="contract"),
    path("bargaining/<int:pk>/edit/", bargaining.contract_edit, name="contract_edit"),
    path("bargaining/<int:pk>/demonstrations/", bargaining.contract_demonstration, name="contract_demonstration"),
]

urlpatterns = [path("m/rights/", include(worker)), path("console/rights/", include(console))]
