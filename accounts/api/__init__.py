"""The routers of the accounts app that config/api.py mounts: ``auth_router`` (``/auth``: tokens, for everyone) and
``staff_router`` (``/staff-accounts``: account management, for holders of ``accounts.manage``)."""

from .public import router as auth_router
from .staff import router as staff_router

__all__ = ["ROUTERS", "auth_router", "staff_router"]

ROUTERS = [("/auth", auth_router), ("/staff-accounts", staff_router)]
