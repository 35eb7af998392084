"""Routes of the training pages (namespace ``training``): the console under ``console/training/``, the phone under
``m/training/``, the certificate check under ``verify/training/``."""

from django.urls import path

from .views import member, public, staff

staff_routes = [
    path("console/training/", staff.course_list, name="courses"),
    path("console/training/new/", staff.course_create, name="course_create"),
    path("console/training/<int:pk>/", staff.course_detail, name="course"),
    path("console/training/<int:pk>/sessions/", staff.session_add, name="session_add"),
    path("console/training/<int:pk>/enrol/", staff.enrol, name="enrol"),
    path("console/training/<int:pk>/close/", staff.course_close, name="close"),
    path("console/training/<int:pk>/finish/", staff.course_finish, name="finish"),
    path("console/training/sessions/<int:pk>/", staff.session_detail, name="session"),
    path("console/training/enrolments/<int:pk>/cancel/", staff.enrolment_cancel, name="cancel"),
    path("console/training/certificates/<int:pk>/", staff.certificate, name="certificate"),
]

member_routes = [
    path("m/training/", member.course_list, name="member_courses"),
    path("m/training/<int:pk>/", member.course_detail, name="member_course"),
    path("m/training/<int:pk>/enrol/", member.course_enrol, name="member_enrol"),
    path("m/training/enrolments/<int:pk>/cancel/", member.enrolment_cancel, name="member_cancel"),
    path("m/training/certificates/<int:pk>/", member.certificate, name="member_certificate"),
]

public_routes = [path("verify/training/<str:token>/", public.verify, name="verify")]

urlpatterns = staff_routes + member_routes + public_routes
