"""The routers of the orgs app that config/api.py mounts: the union tree (``/orgs``) and the enterprise directory
(``/enterprises``), both for staff."""

from . import staff

ROUTERS = [
    ("/orgs", staff.orgs_router),
    ("/enterprises", staff.enterprises_router),
]
