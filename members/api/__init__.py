"""The routers of the members app that config/api.py mounts: the roster, transfers, the review of join applications
and imports/exports for staff, and the public join endpoints (on the applications router, which both share)."""

from . import public
from .staff import applications, io, members, transfers  # noqa: F401 - registers the staff endpoints

ROUTERS = [
    ("/members", members.members_router),
    ("/applications", public.applications_router),
    ("/transfers", transfers.transfers_router),
    ("/member-imports", io.imports_router),
    ("/member-exports", io.exports_router),
]
