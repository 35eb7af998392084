"""Every write of the rights module, one module per workflow: ``mediation`` (cases, sessions, outcomes, referral),
``legal_aid`` (applications, lawyers, stages), ``mediators`` (the register, a case's mediators), ``supervision``,
``bargaining`` (collective contracts, 示范, expiry reminders). Each function is atomic, takes the acting user as
``actor``, checks the permission over the object's org and records an audit event."""

from .bargaining import record_demonstration, register_contract, send_contract_reminders, update_contract
from .common import ACTION_LABELS, parse_money
from .legal_aid import (
    add_lawyer,
    aid_union,
    apply_online,
    assign_lawyer,
    close_aid,
    open_aid,
    rate_aid,
    refer_to_legal_aid,
    set_stage,
)
from .mediation import (
    CASE_DAYS,
    EXTENSION_DAYS,
    close_case,
    extend_case,
    open_case,
    open_case_from_appeal,
    record_session,
    reveal_party_ids,
)
from .mediators import add_mediator, set_case_mediators, update_mediator
from .supervision import add_problem, escalate_overdue_problems, issue_document, record_inspection, rectify

__all__ = [
    "ACTION_LABELS",
    "CASE_DAYS",
    "EXTENSION_DAYS",
    "add_lawyer",
    "add_mediator",
    "aid_union",
    "apply_online",
    "rate_aid",
    "set_case_mediators",
    "update_mediator",
    "add_problem",
    "assign_lawyer",
    "close_aid",
    "escalate_overdue_problems",
    "issue_document",
    "record_inspection",
    "rectify",
    "close_case",
    "extend_case",
    "open_aid",
    "open_case",
    "open_case_from_appeal",
    "parse_money",
    "record_demonstration",
    "record_session",
    "register_contract",
    "send_contract_reminders",
    "update_contract",
    "refer_to_legal_aid",
    "reveal_party_ids",
    "set_stage",
]
