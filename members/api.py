"""API of the roster: members, applications, transfers. Every endpoint is scoped through ``restrict``."""

from ninja import Router

members_router = Router(tags=["会员"])
applications_router = Router(tags=["入会申请"])
transfers_router = Router(tags=["转会"])
