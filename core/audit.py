"""Write audit events. Call ``record`` inside the service function's transaction, so the event and the change
commit or roll back together."""

from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import context

# Chinese labels for action codes, shown in the audit page. Apps add theirs with ``register_actions``.
ACTION_LABELS: dict[str, str] = {
    "accounts.login.succeeded": _("登录成功"),
    "accounts.login.failed": _("登录失败"),
    "accounts.logout": _("退出登录"),
    "accounts.token.created": _("签发 API 令牌"),
    "accounts.token.revoked": _("撤销 API 令牌"),
    "accounts.user.created": _("创建账号"),
    "accounts.grant.created": _("授予权限"),
    "accounts.grant.revoked": _("撤销权限"),
    "accounts.password.changed": _("修改密码"),
}


def register_actions(labels: dict[str, str]) -> None:
    ACTION_LABELS.update(labels)


def _plain(value):
    """A JSON-safe rendering of a field value for before/after records."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(instance: models.Model, fields) -> dict:
    """The current values of ``fields`` on ``instance``, JSON-safe, for a before/after diff."""
    return {f: _plain(getattr(instance, f)) for f in fields}


def diff(before: dict, after: dict) -> dict:
    """``{field: [before, after]}`` for every field whose value changed."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def _org_of(obj):
    if obj is None:
        return None
    if getattr(obj, "_meta", None) and obj._meta.label == "orgs.Org":
        return obj
    return getattr(obj, "audit_org", None)


def record(
    action: str,
    *,
    actor=None,
    obj: models.Model | None = None,
    org=None,
    changes: dict | None = None,
    data: dict | None = None,
    outcome: str = "success",
    actor_name: str = "",
):
    """Append one audit event. ``org`` defaults to the object's org (``obj.audit_org``) for scoping."""
    from .models import AuditEvent

    ctx = context.current()
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=actor_name or (actor.get_username() if actor else ""),
        ip=ctx.ip,
        request_id=ctx.request_id,
        action=action,
        outcome=outcome,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        org=org or _org_of(obj),
        changes=changes or {},
        data=data or {},
    )
