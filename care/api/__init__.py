"""The care routers config/api.py mounts: ``staff_router`` (``/care``) and ``member_router`` (``/me/care``)."""

from .member import router as member_router
from .staff import router as staff_router

__all__ = ["ROUTERS", "member_router", "staff_router"]

ROUTERS = [("/care", staff_router), ("/me/care", member_router)]
