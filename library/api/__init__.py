"""The routers of the library app that config/api.py mounts: ``staff_router`` (``/library``) and ``member_router``
(``/me/library``)."""

from .member import router as member_router
from .staff import router as staff_router

ROUTERS = [("/library", staff_router), ("/me/library", member_router)]

__all__ = ["ROUTERS", "member_router", "staff_router"]
