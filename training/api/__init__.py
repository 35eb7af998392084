"""The routers of the training app that config/api.py mounts: ``staff_router`` (``/training``) and
``member_router`` (``/me/training``)."""

from .member import router as member_router
from .staff import router as staff_router

ROUTERS = [("/training", staff_router), ("/me/training", member_router)]

__all__ = ["ROUTERS", "member_router", "staff_router"]
