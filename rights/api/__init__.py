"""The routers of the rights app that config/api.py mounts, by audience: staff (``/rights``), members
(``/me/rights``) and workers without an account (``/public/rights``)."""

from .member import member_router
from .public import public_router
from .staff import router as staff_router

ROUTERS = [("/rights", staff_router), ("/me/rights", member_router), ("/public/rights", public_router)]

__all__ = ["ROUTERS", "member_router", "public_router", "staff_router"]
