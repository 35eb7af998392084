"""Routes of the volunteer pages (namespace ``volunteers``): the console under ``console/volunteers/``, the phone
under ``m/volunteers/``."""

from django.urls import path

from .views import member, staff

staff_routes = [
    path("console/volunteers/", staff.team_list, name="teams"),
    path("console/volunteers/teams/new/", staff.team_create, name="team_create"),
    path("console/volunteers/teams/<int:pk>/", staff.team_detail, name="team"),
    path("console/volunteers/teams/<int:pk>/members/", staff.team_add_member, name="team_add_member"),
    path("console/volunteers/teams/<int:pk>/shifts/new/", staff.shift_create, name="shift_create"),
    path("console/volunteers/teams/<int:pk>/records/new/", staff.record_create, name="record_create"),
    path("console/volunteers/volunteers/<int:pk>/leave/", staff.volunteer_leave, name="volunteer_leave"),
    path("console/volunteers/shifts/<int:pk>/", staff.shift_detail, name="shift"),
    path("console/volunteers/signups/<int:pk>/attended/", staff.signup_attended, name="signup_attended"),
    path("console/volunteers/records/", staff.record_list, name="records"),
    path("console/volunteers/records/<int:pk>/confirm/", staff.record_confirm, name="record_confirm"),
    path("console/volunteers/records/<int:pk>/reject/", staff.record_reject, name="record_reject"),
    path("console/volunteers/hours/", staff.hours, name="hours"),
]

member_routes = [
    path("m/volunteers/", member.home, name="member_home"),
    path("m/volunteers/records/new/", member.record_new, name="member_record_new"),
    path("m/volunteers/shifts/<int:pk>/signup/", member.shift_signup, name="member_signup"),
    path("m/volunteers/signups/<int:pk>/cancel/", member.signup_cancel, name="member_signup_cancel"),
    path("m/volunteers/lead/", member.lead, name="member_lead"),
    path("m/volunteers/lead/records/<int:pk>/confirm/", member.lead_confirm, name="member_lead_confirm"),
    path("m/volunteers/lead/records/<int:pk>/reject/", member.lead_reject, name="member_lead_reject"),
    path("m/volunteers/lead/signups/<int:pk>/attended/", member.lead_attended, name="member_lead_attended"),
]

urlpatterns = staff_routes + member_routes
