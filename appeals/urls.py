"""Routes of the appeals pages: the worker's, on the member site under ``m/appeals/`` (phone first), and the staff
console's under ``console/appeals/``."""

from django.urls import path

from .views import member as views_worker
from .views import staff as views_staff

urlpatterns = [
    path("m/appeals/", views_worker.index, name="index"),
    path("m/appeals/new/", views_worker.submit, name="submit"),
    path("m/appeals/code/", views_worker.send_code, name="send_code"),
    path("m/appeals/track/", views_worker.track, name="track"),
    path("m/appeals/forget/", views_worker.forget, name="forget"),
    path("m/appeals/<str:tracking_no>/", views_worker.follow, name="follow"),
    path("m/appeals/<str:tracking_no>/submitted/", views_worker.submitted, name="submitted"),
    path("m/appeals/<str:tracking_no>/rate/", views_worker.rate, name="rate"),
    path("m/appeals/<str:tracking_no>/answer/", views_worker.answer, name="answer"),
    path("m/appeals/<str:tracking_no>/photos/<int:pk>/", views_worker.photo, name="worker_photo"),
    path("console/appeals/", views_staff.queue, name="queue"),
    path("console/appeals/open-day/", views_staff.open_day, name="open_day"),
    path("console/appeals/orgs/", views_staff.pick_org, name="pick_org"),
    path("console/appeals/<int:pk>/", views_staff.detail, name="detail"),
    path("console/appeals/<int:pk>/photos/<int:photo_pk>/", views_staff.photo, name="photo"),
    path("console/appeals/<int:pk>/accept/", views_staff.accept, name="accept"),
    path("console/appeals/<int:pk>/hand-over/", views_staff.hand_over, name="hand_over"),
    path("console/appeals/<int:pk>/request-info/", views_staff.request_info, name="request_info"),
    path("console/appeals/<int:pk>/merge/", views_staff.merge, name="merge"),
    path("console/appeals/<int:pk>/resolve/", views_staff.resolve, name="resolve"),
    path("console/appeals/<int:pk>/adopt/", views_staff.adopt, name="adopt"),
    path("console/appeals/<int:pk>/note/", views_staff.add_note, name="note"),
    path("console/appeals/<int:pk>/progress/", views_staff.progress, name="progress"),
]
