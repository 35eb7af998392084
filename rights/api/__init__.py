"""The routers of the rights app that config/api.py mounts: ``staff_router`` (``/rights``)."""

from .staff import router as staff_router

ROUTERS = [("/rights", staff_router)]

__all__ = ["ROUTERS", "staff_router"]
