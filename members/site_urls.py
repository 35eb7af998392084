from django.urls import path

from . import site_views

urlpatterns = [
    path("m/password/<uidb64>/<token>/", site_views.SetPasswordView.as_view(), name="set_password"),
    path("m/password/done/", site_views.password_done, name="password_done"),
    path("verify/<str:token>/", site_views.verify_card, name="verify_card"),
]
