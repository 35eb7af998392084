"""The routers of the appeals app that config/api.py mounts, by audience: staff (``/appeals``), members
(``/me/appeals``) and workers without an account (``/public/appeals``)."""

from . import member, public, staff

ROUTERS = [
    ("/appeals", staff.staff_router),
    ("/me/appeals", member.member_router),
    ("/public/appeals", public.public_router),
]
