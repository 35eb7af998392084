"""Routes of the honours pages (namespace ``honours``): the console under ``console/honours/``, the phone under
``m/honours/``."""

from django.urls import path

from .views import member, staff

urlpatterns = [
    path("console/honours/", staff.awards, name="awards"),
    path("console/honours/awards/new/", staff.award_create, name="award_create"),
    path("console/honours/awards/<int:pk>/", staff.award_detail, name="award"),
    path("console/honours/nominations/", staff.nominations, name="nominations"),
    path("console/honours/nominations/new/", staff.nomination_create, name="nomination_create"),
    path("console/honours/nominations/<int:pk>/", staff.nomination_detail, name="nomination"),
    path("console/honours/nominations/<int:pk>/review/", staff.nomination_review, name="nomination_review"),
    path("console/honours/nominations/<int:pk>/conclude/", staff.nomination_conclude, name="nomination_conclude"),
    path("console/honours/titles/", staff.titles, name="titles"),
    path("console/honours/titles/<int:pk>/toggle/", staff.title_toggle, name="title_toggle"),
    path("m/honours/", member.my_honours, name="member_honours"),
]
