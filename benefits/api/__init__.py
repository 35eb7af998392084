"""The routers of the benefits app that config/api.py mounts."""

ROUTERS = []

__all__ = ["ROUTERS"]
