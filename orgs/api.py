"""API for the union tree and the employer register. Every endpoint is scoped through ``restrict``."""

from ninja import Router

orgs_router = Router(tags=["工会组织"])
enterprises_router = Router(tags=["企业名录"])
