"""Routes of the contests pages (namespace ``contests``): the console under ``console/contests/`` (the judges' pages
under ``console/contests/judging/``), the phone under ``m/contests/``."""

from django.urls import path

from .views import member, staff

urlpatterns = [
    path("console/contests/", staff.contests, name="contests"),
    path("console/contests/new/", staff.contest_create, name="contest_create"),
    path("console/contests/<int:pk>/", staff.contest_detail, name="contest"),
    path("console/contests/<int:pk>/events/", staff.event_create, name="event_create"),
    path("console/contests/<int:pk>/close/", staff.contest_close, name="contest_close"),
    path("console/contests/events/<int:pk>/", staff.event_detail, name="event"),
    path("console/contests/events/<int:pk>/rounds/", staff.round_create, name="round_create"),
    path("console/contests/events/<int:pk>/judges/", staff.judge_assign, name="judge_assign"),
    path("console/contests/events/<int:pk>/teams/", staff.team_create, name="team_create"),
    path("console/contests/events/<int:pk>/entries/", staff.entry_create, name="entry_create"),
    path("console/contests/events/<int:pk>/publish/", staff.event_publish, name="event_publish"),
    path("console/contests/events/<int:pk>/propose/", staff.event_propose, name="event_propose"),
    path("console/contests/judging/", staff.judging, name="judging"),
    path("console/contests/judging/<int:pk>/", staff.judge_sheet, name="judge_sheet"),
    path("console/contests/judging/<int:pk>/score/", staff.judge_score, name="judge_score"),
    path("m/contests/", member.contest_list, name="member_contests"),
    path("m/contests/<int:pk>/", member.contest_detail, name="member_contest"),
    path("m/contests/events/<int:pk>/enter/", member.event_enter, name="member_enter"),
]
