"""Routes of the care pages (namespace ``care``): the console under ``console/care/``, the phone under ``m/care/``."""

from django.urls import path

from .views import member, staff

staff_routes = [
    path("console/care/", staff.programme_list, name="programme_list"),
    path("console/care/programmes/new/", staff.programme_create, name="programme_create"),
    path("console/care/programmes/<int:pk>/", staff.programme_detail, name="programme_detail"),
    path("console/care/programmes/<int:pk>/budget/", staff.programme_budget, name="programme_budget"),
    path("console/care/programmes/<int:pk>/propose/", staff.propose, name="propose"),
    path("console/care/programmes/<int:pk>/export/", staff.programme_export, name="programme_export"),
    path("console/care/approvals/", staff.approval_queue, name="approval_queue"),
    path("console/care/payouts/<int:pk>/approve/", staff.payout_approve, name="payout_approve"),
    path("console/care/payouts/<int:pk>/reject/", staff.payout_reject, name="payout_reject"),
    path("console/care/payouts/<int:pk>/paid/", staff.payout_paid, name="payout_paid"),
    path("console/care/thresholds/", staff.thresholds, name="thresholds"),
    path("console/care/files/", staff.file_list, name="file_list"),
    path("console/care/files/new/", staff.file_create, name="file_create"),
    path("console/care/files/export/", staff.file_export, name="file_export"),
    path("console/care/files/<int:pk>/", staff.file_detail, name="file_detail"),
    path("console/care/files/<int:pk>/verify/", staff.file_verify, name="file_verify"),
    path("console/care/files/<int:pk>/return/", staff.file_return, name="file_return"),
    path("console/care/files/<int:pk>/review/", staff.file_review, name="file_review"),
    path("console/care/files/<int:pk>/close/", staff.file_close, name="file_close"),
    path("console/care/files/<int:pk>/documents/", staff.file_documents, name="file_documents"),
    path("console/care/documents/<int:pk>/", staff.file_document, name="file_document"),
    path("console/care/insurance/", staff.insurance_page, name="insurance"),
    path("console/care/claims/<int:pk>/review/", staff.claim_review, name="claim_review"),
    path("console/care/plans/<int:pk>/enrol-roster/", staff.plan_enrol_roster, name="plan_enrol_roster"),
    path("console/care/bills/<int:pk>/", staff.claim_bill, name="claim_bill"),
    path("console/care/claims/<int:pk>/pay/", staff.claim_pay, name="claim_pay"),
    path("console/care/checks/", staff.checks_list, name="checks"),
    path("console/care/checks/new/", staff.checks_create, name="checks_create"),
    path("console/care/checks/<int:pk>/", staff.checks_detail, name="checks_detail"),
    path("console/care/checks/<int:pk>/slots/", staff.checks_slot, name="checks_slot"),
    path("console/care/checks/<int:pk>/quotas/", staff.checks_quota, name="checks_quota"),
    path("console/care/checks/<int:pk>/nominate/", staff.checks_nominate, name="checks_nominate"),
    path("console/care/nominations/<int:pk>/withdraw/", staff.nomination_withdraw, name="nomination_withdraw"),
    path("console/care/loans/", staff.loan_list, name="loan_list"),
    path("console/care/loans/new/", staff.loan_create, name="loan_create"),
    path("console/care/loans/<int:pk>/status/", staff.loan_status, name="loan_status"),
    path("console/care/bookings/<int:pk>/checkin/", staff.booking_checkin, name="booking_checkin"),
]

member_routes = [
    path("m/care/", member.home, name="member_home"),
    path("m/care/insurance/", member.insurance_home, name="member_insurance"),
    path("m/care/insurance/<int:pk>/enrol/", member.enrol, name="member_enrol"),
    path("m/care/enrolments/<int:pk>/claim/", member.claim, name="member_claim_new"),
    path("m/care/claims/<int:pk>/", member.claim_detail, name="member_claim"),
    path("m/care/checks/", member.checks_home, name="member_checks"),
    path("m/care/slots/<int:pk>/book/", member.book, name="member_book"),
    path("m/care/bookings/<int:pk>/cancel/", member.cancel, name="member_cancel"),
]

urlpatterns = staff_routes + member_routes
