"""Pages without a session, under ``accounts/``: login, logout, the one-time set-password link."""

from django.urls import path

from .views import public

urlpatterns = [
    path("login/", public.LoginView.as_view(), name="login"),
    path("logout/", public.LogoutView.as_view(), name="logout"),
    path("password/<uidb64>/<token>/", public.SetPasswordView.as_view(), name="set_password"),
]
