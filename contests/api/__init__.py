"""The routers of the contests app that config/api.py mounts: ``staff_router`` (``/contests``, the judges'
endpoints under ``/contests/judging``) and ``member_router`` (``/me/contests``)."""

from .member import router as member_router
from .staff import router as staff_router

ROUTERS = [("/contests", staff_router), ("/me/contests", member_router)]

__all__ = ["ROUTERS", "member_router", "staff_router"]
