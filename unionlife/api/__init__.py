"""The routers of the union-life app that config/api.py mounts: ``staff_router`` (``/unionlife``) and
``member_router`` (``/me/notices``)."""

from .member import router as member_router
from .staff import router as staff_router

ROUTERS = [("/unionlife", staff_router), ("/me/notices", member_router)]

__all__ = ["ROUTERS", "member_router", "staff_router"]
