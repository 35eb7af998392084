"""The routers of the activities app that config/api.py mounts, by audience: staff (``/activities``,
``/activity-series``), members (their actions on ``/activities`` and ``/me``) and partners (``/partner``)."""

from . import member, partner, staff

ROUTERS = [
    ("/activities", staff.activities_router),
    ("/activities", member.activities_router),
    ("/activity-series", staff.series_router),
    ("/me", member.me_router),
    ("/partner", partner.partner_router),
]
