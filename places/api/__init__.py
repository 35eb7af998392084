"""The routers of the places app that config/api.py mounts."""

from .member import router as my_bookings_router
from .public import router as public_router
from .staff import (
    bookings_router,
    field_visits_router,
    items_router,
    orders_router,
    places_router,
    resources_router,
)

__all__ = [
    "ROUTERS",
    "bookings_router",
    "field_visits_router",
    "items_router",
    "my_bookings_router",
    "orders_router",
    "places_router",
    "public_router",
    "resources_router",
]

ROUTERS = [
    ("/places", places_router),
    ("/place-resources", resources_router),
    ("/place-bookings", bookings_router),
    ("/service-items", items_router),
    ("/service-orders", orders_router),
    ("/me/place-bookings", my_bookings_router),
    ("/public/places", public_router),
    ("/field-visits", field_visits_router),
]
