"""The routers of the honours app that config/api.py mounts: ``staff_router`` (``/honours``) and ``member_router``
(``/me/honours``)."""

from .member import router as member_router
from .staff import router as staff_router

ROUTERS = [("/honours", staff_router), ("/me/honours", member_router)]

__all__ = ["ROUTERS", "member_router", "staff_router"]
