"""Notices and tasks down the tree (通知与任务): a notice from an org to the orgs of its sub-tree (all of them, or
those of chosen kinds, or the sub-trees of chosen towns, plus orgs named one by one; never an org outside the
sender's scope), or to the members of its sub-tree (政策宣传, 镇工有宣); attachments; an optional task with a deadline
and what each org sends back (a form whose fields the sender defines, a file or a figure). Receiving staff mark it
read and report back; the sender reminds the orgs that have not reported (in-app notice to their staff and a text to
the org's contact phone) and exports the returns, one row per org."""

from datetime import date
from decimal import Decimal, InvalidOperation
from io import BytesIO

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Grant
from accounts.roles import ROLE_PERMISSIONS
from core import audit
from core.dates import is_real
from core.errors import DomainError, ValidationFailed
from core.notify import notify
from core.scoping import path_q, require
from core.sms import send_sms
from core.xlsx import safe_row
from members.models import Member, MemberStatus
from orgs.models import Org, OrgKind, OrgStatus

from .. import errors, locking
from ..models import FIELD_TYPES, Attachment, Delivery, MemberRead, Notice, ReturnFile
from . import HANDLE, SEND

ATTACHMENT_TYPES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".jpg", ".jpeg", ".png", ".zip", ".txt")
ATTACHMENT_MAX = 20 * 1024 * 1024
MAX_FIELDS = 30
MAX_ATTACHMENTS = 10
MAX_TEXT = 2000


def _collapse(orgs) -> list[Org]:
    """Drop orgs inside another org of the list (a member notice to a town and one of its unions reaches the town's
    sub-tree once)."""
    kept: list[Org] = []
    for org in sorted(orgs, key=lambda o: o.path):
        if not kept or not org.path.startswith(kept[-1].path):
            kept.append(org)
    return kept


def resolve_recipients(*, actor, sender, kinds=(), towns=(), orgs=(), audience=Notice.Audience.ORGS) -> list[Org]:
    """The active orgs a notice from ``sender`` reaches. To orgs: with no filter, every org below the sender; with
    kinds and/or towns, the orgs below the sender of those kinds inside those towns' sub-trees; plus the orgs named
    one by one. To members: the sub-trees whose members it reaches (the sender's own, or the chosen towns and
    orgs). Only orgs inside the actor's ``unionlife.send`` scope and the sender's sub-tree are ever reached."""
    require(actor, SEND, sender)
    base = Org.objects.restrict(actor, SEND).filter(path__startswith=sender.path, status=OrgStatus.ACTIVE)
    for kind in kinds:
        if kind not in OrgKind.values:
            raise errors.INVALID_KIND(kind=kind)
    for org in [*towns, *orgs]:
        if not base.filter(pk=org.pk).exists():
            raise errors.ORG_NOT_FOUND(label="发送范围", code=org.code, field="orgs")
    if audience == Notice.Audience.MEMBERS:
        chosen = list(base.filter(kind__in=kinds).filter(_under(towns))) if kinds else list(towns)
        chosen += list(orgs)
        return _collapse(chosen if (kinds or towns or orgs) else [sender])
    found = base.exclude(pk=sender.pk)
    if kinds or towns:
        filtered = found.filter(kind__in=kinds) if kinds else found
        if towns:
            filtered = filtered.filter(_under(towns))
        picked = {o.pk: o for o in filtered}
    elif orgs:
        picked = {}
    else:
        picked = {o.pk: o for o in found}
    for org in orgs:
        if org.pk != sender.pk:
            picked.setdefault(org.pk, org)
    return sorted(picked.values(), key=lambda o: o.path)


def _under(towns) -> Q:
    return path_q("path", [t.path for t in towns]) if towns else Q()


def check_fields(fields) -> list[dict]:
    """The return form as stored: each field with a key (``f1`` …), its label, type, whether it is required and, for
    a choice, its options. Raises ``INVALID_FIELD`` naming the first bad field."""
    if not isinstance(fields, list) or not fields:
        raise errors.FIELDS_REQUIRED()
    if len(fields) > MAX_FIELDS:
        raise errors.INVALID_FIELD(n=MAX_FIELDS + 1, reason=f"最多 {MAX_FIELDS} 项")
    clean = []
    for n, field in enumerate(fields, start=1):
        if not isinstance(field, dict):
            raise errors.INVALID_FIELD(n=n, reason="格式不正确")
        label = str(field.get("label") or "").strip()[:100]
        kind = field.get("type")
        if not label:
            raise errors.INVALID_FIELD(n=n, reason="名称必填")
        if kind not in FIELD_TYPES:
            raise errors.INVALID_FIELD(n=n, reason="类型应为文字、数字、日期、选择或文件")
        choices = [str(c).strip()[:100] for c in (field.get("choices") or []) if str(c).strip()]
        if kind == "choice" and len(choices) < 2:
            raise errors.INVALID_FIELD(n=n, reason="选择题至少两个选项")
        clean.append(
            {
                "key": f"f{n}",
                "label": label,
                "type": kind,
                "required": bool(field.get("required", True)),
                "choices": choices if kind == "choice" else [],
            }
        )
    return clean


def _check_attachment(upload) -> None:
    name = (getattr(upload, "name", "") or "").lower()
    if not name.endswith(ATTACHMENT_TYPES) or upload.size > ATTACHMENT_MAX:
        raise errors.INVALID_ATTACHMENT()


@transaction.atomic
def send_notice(
    *,
    actor,
    sender,
    title: str,
    body: str,
    audience: str = Notice.Audience.ORGS,
    category: str = Notice.Category.NOTICE,
    kinds=(),
    towns=(),
    orgs=(),
    attachments=(),
    return_kind: str = Notice.ReturnKind.NONE,
    due_on: date | None = None,
    fields=None,
    figure_label: str = "",
    now=None,
) -> Notice:
    """Send a notice (and its task) from ``sender``: one delivery per receiving org (to members: one per sub-tree
    it reaches). Every problem of the form is reported at once."""
    require(actor, SEND, sender)
    now = now or timezone.now()
    found: list[DomainError] = []
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        found.append(errors.TITLE_REQUIRED())
    if not body:
        found.append(errors.BODY_REQUIRED())
    if audience not in Notice.Audience.values:
        found.append(errors.INVALID_CHOICE(label="对象", field="audience"))
    if category not in Notice.Category.values:
        found.append(errors.INVALID_CHOICE(label="类别", field="category"))
    if return_kind not in Notice.ReturnKind.values or (
        audience == Notice.Audience.MEMBERS and return_kind != Notice.ReturnKind.NONE
    ):
        found.append(errors.INVALID_CHOICE(label="报送方式", field="return_kind"))
        return_kind = Notice.ReturnKind.NONE
    clean_fields: list[dict] = []
    if return_kind != Notice.ReturnKind.NONE:
        if due_on is None:
            found.append(errors.DUE_REQUIRED())
        elif due_on < timezone.localtime(now).date() or not is_real(due_on):
            found.append(errors.DUE_PAST())
    if return_kind == Notice.ReturnKind.FORM:
        try:
            clean_fields = check_fields(fields)
        except DomainError as exc:
            found.append(exc)
    figure_label = (figure_label or "").strip()[:100]
    if return_kind == Notice.ReturnKind.FIGURE and not figure_label:
        found.append(errors.FIGURE_LABEL_REQUIRED())
    attachments = [a for a in attachments if a]
    try:
        if len(attachments) > MAX_ATTACHMENTS:
            raise errors.INVALID_ATTACHMENT()
        for upload in attachments:
            _check_attachment(upload)
    except DomainError as exc:
        found.append(exc)
    recipients: list[Org] = []
    try:
        recipients = resolve_recipients(
            actor=actor, sender=sender, kinds=kinds, towns=towns, orgs=orgs, audience=audience
        )
        if not recipients:
            raise errors.NO_RECIPIENTS()
    except DomainError as exc:
        found.append(exc)
    if found:
        raise ValidationFailed(found)
    if audience == Notice.Audience.MEMBERS:
        reach = Member.objects.filter(
            path_q("union__path", [o.path for o in recipients]),
            status__in=[MemberStatus.ACTIVE, MemberStatus.RETAINED],
        ).count()
    else:
        reach = len(recipients)
    notice = Notice.objects.create(
        sender=sender,
        audience=audience,
        category=category,
        title=title[:200],
        body=body,
        filters={
            "kinds": sorted(set(kinds)),
            "towns": [t.code for t in towns],
            "orgs": [o.code for o in orgs],
        },
        due_on=due_on if return_kind != Notice.ReturnKind.NONE else None,
        return_kind=return_kind,
        fields=clean_fields,
        figure_label=figure_label if return_kind == Notice.ReturnKind.FIGURE else "",
        recipients=reach,
        created_by=actor,
        sent_at=now,
    )
    Delivery.objects.bulk_create([Delivery(notice=notice, org=org) for org in recipients])
    for upload in attachments:
        Attachment.objects.create(notice=notice, file=upload, name=upload.name.rsplit("/", 1)[-1][:200])
    if audience == Notice.Audience.ORGS:
        notify(
            receiving_staff(recipients),
            f"新通知：{notice.title}",
            f"{sender.name}发来通知" + (f"，请于 {notice.due_on:%Y-%m-%d} 前报送" if notice.is_task else ""),
        )
    audit.record(
        "unionlife.notice.sent",
        actor=actor,
        obj=notice,
        data={"audience": audience, "recipients": reach, "orgs": len(recipients), "task": notice.is_task},
    )
    return notice


def receiving_staff(orgs) -> list:
    """The active staff accounts working for exactly these orgs (a grant on the org itself whose role carries
    ``unionlife.handle``): those who read and report for it."""
    roles = [role for role, perms in ROLE_PERMISSIONS.items() if HANDLE in perms]
    grants = Grant.objects.select_related("user").filter(org__in=list(orgs), role__in=roles, user__is_active=True)
    return list({g.user_id: g.user for g in grants}.values())


@transaction.atomic
def mark_read(delivery, *, actor, now=None) -> Delivery:
    """The receiving org's staff have read the notice (the first reading counts: who and when)."""
    require(actor, HANDLE, delivery.org)
    delivery = locking.lock_delivery(delivery)
    if delivery.read_at is None:
        delivery.read_at, delivery.read_by = now or timezone.now(), actor
        delivery.save(update_fields=["read_at", "read_by"])
        audit.record("unionlife.delivery.read", actor=actor, obj=delivery, data={"notice": delivery.notice_id})
    return delivery


def _answer(field: dict, value, upload, existing: set[str]) -> tuple[str | None, DomainError | None]:
    label, kind = field["label"], field["type"]
    if kind == "file":
        if upload is None and field["required"] and field["key"] not in existing:
            return None, errors.ANSWER_REQUIRED(label=label, field=field["key"])
        return None, None
    text = "" if value is None else str(value).strip()
    if not text:
        if field["required"]:
            return None, errors.ANSWER_REQUIRED(label=label, field=field["key"])
        return "", None
    if kind == "number":
        try:
            number = Decimal(text)
            if not number.is_finite() or abs(number) >= Decimal("1e12"):
                raise InvalidOperation
        except InvalidOperation:
            return None, errors.INVALID_NUMBER(label=label, field=field["key"])
        return format(number.normalize(), "f"), None
    if kind == "date":
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return None, errors.INVALID_DATE(label=label, field=field["key"])
        if not is_real(day):
            return None, errors.INVALID_DATE(label=label, field=field["key"])
        return day.isoformat(), None
    if kind == "choice":
        if text not in field["choices"]:
            return None, errors.INVALID_ANSWER_CHOICE(label=label, field=field["key"])
        return text, None
    return text[:MAX_TEXT], None


@transaction.atomic
def report_back(delivery, *, actor, answers=None, files=None, file=None, figure=None, now=None) -> Delivery:
    """The receiving org reports back: the form's answers (and files), the file, or the figure the task asks for.
    Reporting again before or after the deadline replaces the earlier return (each one audited); a return after
    the deadline is marked late in the table."""
    require(actor, HANDLE, delivery.org)
    notice = delivery.notice
    if not notice.is_task or notice.audience != Notice.Audience.ORGS:
        raise errors.NOT_A_TASK()
    delivery = locking.lock_delivery(delivery)
    now = now or timezone.now()
    answers, files = answers or {}, files or {}
    found: list[DomainError] = []
    clean: dict = {}
    if notice.return_kind == Notice.ReturnKind.FORM:
        existing = set(delivery.files.values_list("key", flat=True))
        for field in notice.fields:
            upload = files.get(field["key"])
            if upload is not None:
                try:
                    _check_attachment(upload)
                except DomainError:
                    found.append(errors.INVALID_ATTACHMENT(field=field["key"]))
                    continue
            value, problem = _answer(field, answers.get(field["key"]), upload, existing)
            if problem:
                found.append(problem)
            elif field["type"] != "file":
                clean[field["key"]] = value
    elif notice.return_kind == Notice.ReturnKind.FILE:
        if file is None and not delivery.file:
            found.append(errors.ANSWER_REQUIRED(label="报送文件", field="file"))
        elif file is not None:
            try:
                _check_attachment(file)
            except DomainError:
                found.append(errors.INVALID_ATTACHMENT(field="file"))
    elif notice.return_kind == Notice.ReturnKind.FIGURE:
        value, problem = _answer(
            {"key": "figure", "label": notice.figure_label, "type": "number", "required": True}, figure, None, set()
        )
        if problem:
            found.append(problem)
        else:
            figure = Decimal(value)
    if found:
        raise ValidationFailed(found)
    again = delivery.reported_at is not None
    delivery.answers = clean
    if notice.return_kind == Notice.ReturnKind.FIGURE:
        delivery.figure = figure
    if notice.return_kind == Notice.ReturnKind.FILE and file is not None:
        delivery.file = file
    delivery.reported_at, delivery.reported_by = now, actor
    if delivery.read_at is None:
        delivery.read_at, delivery.read_by = now, actor
    delivery.save()
    for field in notice.fields:
        upload = files.get(field["key"]) if field["type"] == "file" else None
        if upload is not None:
            ReturnFile.objects.filter(delivery=delivery, key=field["key"]).delete()
            ReturnFile.objects.create(
                delivery=delivery, key=field["key"], file=upload, name=upload.name.rsplit("/", 1)[-1][:200]
            )
    audit.record(
        "unionlife.delivery.reported",
        actor=actor,
        obj=delivery,
        data={"notice": notice.pk, "again": again, "late": delivery.reported_late},
    )
    return delivery


@transaction.atomic
def remind_late(notice, *, actor, now=None) -> int:
    """Remind every receiving org that has not reported yet, in one action: an in-app notice to its staff and a
    text to its contact phone. Returns how many orgs were reminded."""
    require(actor, SEND, notice.sender)
    if not notice.is_task:
        raise errors.NOT_A_TASK()
    now = now or timezone.now()
    notice = locking.lock_notice(notice)
    late = locking.lock_deliveries(notice.deliveries.filter(reported_at__isnull=True))
    if not late:
        raise errors.NOTHING_TO_REMIND()
    for delivery in late:
        delivery.reminders += 1
        delivery.reminded_at = now
    Delivery.objects.bulk_update(late, ["reminders", "reminded_at"])
    notice.reminded_at = now
    notice.save(update_fields=["reminded_at"])
    text = f"【工会】{notice.sender.name}提醒：请于 {notice.due_on:%Y-%m-%d} 前报送“{notice.title}”。"
    notify(receiving_staff([d.org for d in late]), f"催报：{notice.title}", text)
    phones = [d.org.contact_phone for d in late if d.org.contact_phone]

    def texts():
        for phone in phones:
            send_sms(phone, text)

    transaction.on_commit(texts)
    audit.record(
        "unionlife.notice.reminded",
        actor=actor,
        obj=notice,
        data={"orgs": [d.org.code for d in late], "texts": len(phones)},
    )
    return len(late)


def _cell(field: dict, delivery: Delivery, files: dict) -> str:
    if field["type"] == "file":
        return files.get((delivery.pk, field["key"]), "")
    value = delivery.answers.get(field["key"], "")
    if field["type"] == "number" and value not in ("", None):
        try:
            return Decimal(value)
        except InvalidOperation:
            return value
    return value


RETURN_HEADER = ["单位", "组织代码", "阅读时间", "阅读人", "报送状态", "报送时间", "报送人", "催报次数"]
STATE_LABELS = {"reported": "已报送", "overdue": "逾期未报", "read": "已读未报", "unread": "未读"}


@transaction.atomic
def export_returns(notice, *, actor) -> bytes:
    """The returns of a task as one xlsx: one row per receiving org, the form's fields (or the file or figure) as
    columns; whatever a union typed is written as text, never as a formula (``core.xlsx``)."""
    require(actor, SEND, notice.sender)
    if not notice.is_task:
        raise errors.NOT_A_TASK()
    from openpyxl import Workbook

    deliveries = list(notice.deliveries.select_related("org", "read_by", "reported_by").order_by("org__path", "pk"))
    files = {
        (f.delivery_id, f.key): f.name
        for f in ReturnFile.objects.filter(delivery__notice=notice).only("delivery_id", "key", "name")
    }
    book = Workbook(write_only=True)
    sheet = book.create_sheet("报送汇总")
    if notice.return_kind == Notice.ReturnKind.FORM:
        extra = [f["label"] for f in notice.fields]
    elif notice.return_kind == Notice.ReturnKind.FIGURE:
        extra = [notice.figure_label]
    else:
        extra = ["报送文件"]
    sheet.append(safe_row(sheet, RETURN_HEADER + extra))
    today = timezone.localdate()

    def when(value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    def who(user):
        return (getattr(user, "display_name", "") or user.get_username()) if user else ""

    for d in deliveries:
        d.notice = notice
        row = [
            d.org.name,
            d.org.code,
            when(d.read_at),
            who(d.read_by),
            STATE_LABELS[d.state(today)] + ("（逾期）" if d.reported_late else ""),
            when(d.reported_at),
            who(d.reported_by),
            d.reminders,
        ]
        if notice.return_kind == Notice.ReturnKind.FORM:
            row += [_cell(f, d, files) for f in notice.fields]
        elif notice.return_kind == Notice.ReturnKind.FIGURE:
            row.append(d.figure)
        else:
            row.append(d.file.name.rsplit("/", 1)[-1] if d.file else "")
        sheet.append(safe_row(sheet, row))
    out = BytesIO()
    book.save(out)
    audit.record("unionlife.returns.exported", actor=actor, obj=notice, data={"rows": len(deliveries)})
    return out.getvalue()


def read_as_member(notice, *, member, now=None) -> bool:
    """A member opened a notice to members: their first reading counts (no audit event: a reading changes nothing
    but the count). Returns whether this was the first."""
    try:
        with transaction.atomic():
            MemberRead.objects.create(notice=notice, member=member, read_at=now or timezone.now())
    except IntegrityError:
        return False
    return True
