"""The routers of the volunteers app that config/api.py mounts: ``staff_router`` (``/volunteers``) and
``member_router`` (``/me/volunteers``)."""

from .member import router as member_router
from .staff import router as staff_router

ROUTERS = [("/volunteers", staff_router), ("/me/volunteers", member_router)]

__all__ = ["ROUTERS", "member_router", "staff_router"]
