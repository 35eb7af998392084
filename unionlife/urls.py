"""Routes of the union-life pages (namespace ``unionlife``): the console under ``console/unionlife/``, the phone
under ``m/notices/``."""

from django.urls import path

from .views import member, staff

staff_routes = [
    path("console/unionlife/", staff.notice_list, name="notices"),
    path("console/unionlife/notices/new/", staff.notice_create, name="notice_create"),
    path("console/unionlife/notices/<int:pk>/", staff.notice_detail, name="notice"),
    path("console/unionlife/notices/<int:pk>/remind/", staff.notice_remind, name="notice_remind"),
    path("console/unionlife/notices/<int:pk>/export/", staff.notice_export, name="notice_export"),
    path("console/unionlife/attachments/<int:pk>/", staff.attachment, name="attachment"),
    path("console/unionlife/inbox/", staff.inbox, name="inbox"),
    path("console/unionlife/inbox/<int:pk>/", staff.delivery_detail, name="delivery"),
    path("console/unionlife/inbox/<int:pk>/report/", staff.delivery_report, name="delivery_report"),
    path("console/unionlife/inbox/<int:pk>/file/", staff.delivery_file, name="delivery_file"),
    path("console/unionlife/return-files/<int:pk>/", staff.return_file, name="return_file"),
    path("console/unionlife/committees/", staff.committees, name="committees"),
    path("console/unionlife/committees/<int:pk>/", staff.committee, name="committee"),
    path("console/unionlife/committees/<int:pk>/congress/", staff.congress, name="congress"),
    path("console/unionlife/committees/<int:pk>/vice-chairs/", staff.vice_chair, name="vice_chair"),
    path("console/unionlife/officers/<int:pk>/end/", staff.officer_end, name="officer_end"),
    path("console/unionlife/assessments/", staff.assessments, name="assessments"),
    path("console/unionlife/assessments/new/", staff.assessment_create, name="assessment_create"),
    path("console/unionlife/assessments/<int:pk>/", staff.assessment_detail, name="assessment"),
    path("console/unionlife/assessments/<int:pk>/submit/", staff.assessment_submit, name="assessment_submit"),
    path("console/unionlife/assessments/<int:pk>/payments/", staff.assessment_payments, name="assessment_payments"),
    path("console/unionlife/union-assessments/<int:pk>/review/", staff.assessment_review, name="assessment_review"),
    path("console/unionlife/union-assessments/<int:pk>/confirm/", staff.assessment_confirm, name="assessment_confirm"),
    path("console/unionlife/union-assessments/<int:pk>/points/", staff.chair_points, name="chair_points"),
    path("console/unionlife/union-assessments/<int:pk>/evidence/", staff.evidence_add, name="evidence_add"),
    path("console/unionlife/evidence/<int:pk>/", staff.evidence_file, name="evidence"),
    path("console/unionlife/evidence/<int:pk>/remove/", staff.evidence_remove, name="evidence_remove"),
    path("console/unionlife/alliances/", staff.alliances, name="alliances"),
    path("console/unionlife/alliances/new/", staff.alliance_create, name="alliance_create"),
    path("console/unionlife/alliances/<int:pk>/", staff.alliance_detail, name="alliance"),
    path("console/unionlife/alliances/<int:pk>/members/", staff.alliance_member_add, name="alliance_member_add"),
    path("console/unionlife/alliances/<int:pk>/places/", staff.alliance_places, name="alliance_places"),
    path("console/unionlife/alliances/<int:pk>/activities/", staff.alliance_activity, name="alliance_activity"),
    path("console/unionlife/alliances/<int:pk>/dissolve/", staff.alliance_dissolve, name="alliance_dissolve"),
    path(
        "console/unionlife/alliance-members/<int:pk>/leave/", staff.alliance_member_leave, name="alliance_member_leave"
    ),
    path("console/unionlife/pairings/", staff.pairings, name="pairings"),
    path("console/unionlife/pairings/new/", staff.pairing_create, name="pairing_create"),
    path("console/unionlife/pairings/<int:pk>/", staff.pairing_detail, name="pairing"),
    path("console/unionlife/pairings/<int:pk>/records/", staff.pairing_record, name="pairing_record"),
    path("console/unionlife/pairings/<int:pk>/close/", staff.pairing_close, name="pairing_close"),
]

member_routes = [
    path("m/notices/", member.notice_list, name="member_notices"),
    path("m/notices/<int:pk>/", member.notice_detail, name="member_notice"),
    path("m/notices/attachments/<int:pk>/", member.attachment, name="member_attachment"),
]

urlpatterns = staff_routes + member_routes
