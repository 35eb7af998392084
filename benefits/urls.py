"""Routes of the member-offers pages (namespace ``benefits``): the console under ``console/benefits/``, the phone
under ``m/benefits/``, the merchant portal under ``partner/benefits/``."""

from django.urls import path  # noqa: F401

urlpatterns = []
