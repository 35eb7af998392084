"""The union-life API for staff (``/api/v1/unionlife``): send notices and tasks, read the live return table,
remind the orgs that have not reported; the inbox of the orgs one works for, read and report back; committees,
congresses (换届) and a town's part-time vice-chairs. Endpoints parse
input, call one service and answer."""

# Each module adds its operations to the one router; imported in the order they appear in the documentation.
from . import notices  # noqa: F401, I001
from . import officers  # noqa: F401
from . import assessment  # noqa: F401
from . import alliances  # noqa: F401
from .base import router

__all__ = ["router"]
