"""The routers of the benefits app that config/api.py mounts: ``/benefits`` (staff, with the public re-check of a
draw), ``/me/benefits`` (members) and ``/partner/benefits`` (merchants' counters)."""

from . import member, partner, staff  # noqa: F401  (staff adds its operations to the public router)
from .public import router as benefits_router

ROUTERS = [
    ("/benefits", benefits_router),
    ("/me/benefits", member.router),
    ("/partner/benefits", partner.router),
]

__all__ = ["ROUTERS"]
