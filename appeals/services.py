"""Every write of the appeals workflow: intake (with a verified mobile for workers without an account), routing,
accepting, handing over (转办), asking for more information, merging duplicates, replying, the worker's rating
(不满意 reopens once), adopting suggestions, and escalating overdue items to the parent org."""

import hashlib
import hmac
import secrets
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from appeals import errors as appeals_errors
from core import audit
from core import context as request_context
from core.errors import DomainError
from core.models import Counter
from core.notify import notify
from core.scoping import can
from core.sms import send_sms
from core.validators import MOBILE_RE
from members.choices import HOLDING
from members.models import Member, PlatformUnion
from orgs.models import Enterprise, Org, OrgKind, OrgStatus

from . import calendar, locking, photos
from .models import (
    OPEN_STATUSES,
    RIGHTS_CATEGORIES,
    Appeal,
    AppealEvent,
    AppealPhoto,
    Category,
    CategoryDeadline,
    Kind,
    PhoneCode,
    Satisfaction,
    Status,
)

ACTION_LABELS = {
    "appeals.appeal.submitted": _("提交诉求"),
    "appeals.appeal.accepted": _("受理诉求"),
    "appeals.appeal.handed_over": _("转办诉求"),
    "appeals.appeal.info_requested": _("请补充材料"),
    "appeals.appeal.merged": _("合并诉求"),
    "appeals.appeal.resolved": _("办结诉求"),
    "appeals.appeal.reopened": _("重新办理诉求"),
    "appeals.appeal.adopted": _("采纳建议"),
    "appeals.appeal.escalated": _("诉求超期升级"),
    "appeals.appeal.noted": _("添加诉求内部备注"),
    "appeals.appeal.progress_posted": _("发布诉求办理进展"),
}
DEFAULT_DAYS = (2, 15)  # accept, resolve: working days, when a category has no CategoryDeadline row
CODE_TTL = timedelta(minutes=10)
CODE_ATTEMPTS = 5


def _denied():
    return appeals_errors.PERMISSION_DENIED()


def _require(actor, appeal: Appeal, permission: str = "appeals.handle") -> None:
    if not can(actor, permission, appeal.org):
        raise _denied()


def deadlines_for(category: str, start) -> tuple:
    """(accept_due, resolve_due) for an appeal of ``category`` arriving at ``start``."""
    row = CategoryDeadline.objects.filter(category=category).first()
    accept_days, resolve_days = (row.accept_days, row.resolve_days) if row else DEFAULT_DAYS
    return calendar.deadline_after(start, accept_days), calendar.deadline_after(start, resolve_days)


def _event(appeal: Appeal, kind: str, *, actor=None, note: str = "", public: bool = True, org=None, at=None):
    return AppealEvent.objects.create(
        appeal=appeal, kind=kind, actor=actor, note=note, public=public, org=org or appeal.org, at=at or timezone.now()
    )


def _tell_worker(appeal: Appeal, text: str) -> None:
    """The worker hears of each step: in the member site's notifications if they have an account, else by SMS."""
    user = appeal.member.user if appeal.member_id and appeal.member.user_id else None
    if user is not None:
        notify([user], _("诉求办理进展"), f"{appeal.tracking_no}：{text}")
    else:
        phone, message = (
            appeal.phone,
            _("【工会服务平台】您的诉求 %(no)s：%(t)s") % {"no": appeal.tracking_no, "t": text},
        )
        transaction.on_commit(lambda: send_sms(phone, message))


# --- Verifying a worker's mobile number --------------------------------------------------------------------------


def _code_hash(phone: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def _wait(rows, window: timedelta, now) -> int:
    """Seconds until the oldest of ``rows`` (codes sent within ``window``) leaves the window."""
    oldest = rows.order_by("created_at").values_list("created_at", flat=True).first()
    return max(1, int((oldest + window - now).total_seconds()) + 1) if oldest else int(window.total_seconds())


@transaction.atomic
def send_phone_code(phone: str, *, ip: str | None = None) -> None:
    """Text a 6-digit code to ``phone``: at most one a minute and five an hour per number, and per hour at most
    ``SMS_CODES_PER_IP_HOUR`` from one client address and ``SMS_CODES_PER_HOUR`` in all (a flood of numbers from
    one place, or from everywhere, cannot run up the texting bill). ``ip`` defaults to the current request's."""
    if not MOBILE_RE.match(phone or ""):
        raise appeals_errors.INVALID_MOBILE(field="phone")
    ip = ip if ip is not None else request_context.current().ip
    now = timezone.now()
    hour = timedelta(hours=1)
    last_hour = PhoneCode.objects.filter(created_at__gte=now - hour)
    recent = last_hour.filter(phone=phone)
    if recent.filter(created_at__gte=now - timedelta(minutes=1)).exists():
        raise appeals_errors.CODE_TOO_FREQUENT(retry_after=60)
    if recent.count() >= 5:
        raise appeals_errors.CODE_TOO_FREQUENT(
            message=_("该手机号 1 小时内获取验证码次数过多，请稍后再试"), retry_after=_wait(recent, hour, now)
        )
    if ip:
        from_ip = last_hour.filter(ip=ip)
        if from_ip.count() >= settings.SMS_CODES_PER_IP_HOUR:
            raise appeals_errors.CODE_IP_LIMIT(retry_after=_wait(from_ip, hour, now))
    if last_hour.count() >= settings.SMS_CODES_PER_HOUR:
        raise appeals_errors.CODE_BUSY(retry_after=_wait(last_hour, hour, now))
    code = f"{secrets.randbelow(1_000_000):06d}"
    PhoneCode.objects.create(phone=phone, ip=ip, code_hash=_code_hash(phone, code), expires_at=now + CODE_TTL)
    transaction.on_commit(
        lambda: send_sms(phone, _("【工会服务平台】您的验证码是 %(c)s，10 分钟内有效。") % {"c": code})
    )


def verify_phone_code(phone: str, code: str, *, consume: bool = True) -> None:
    """Check the latest code sent to ``phone``; it can be used once, within 10 minutes, with 5 attempts.
    ``consume=False`` checks (and counts a wrong attempt) without using the code up, so that a caller can use it
    only once the action it guards has succeeded."""
    # The refusal is raised outside the transaction: raised inside, it would roll back the counted attempt and
    # leave the code open to guessing.
    refusal = _check_phone_code(phone, code, consume)
    if refusal is not None:
        raise refusal


@transaction.atomic
def _check_phone_code(phone: str, code: str, consume: bool = True) -> DomainError | None:
    now = timezone.now()
    entry = locking.lock_live_code(phone, now)
    if entry is None:
        return appeals_errors.CODE_EXPIRED(field="code")
    if entry.attempts >= CODE_ATTEMPTS:
        return appeals_errors.CODE_ATTEMPTS(field="code")
    if not hmac.compare_digest(entry.code_hash, _code_hash(phone, (code or "").strip())):
        entry.attempts += 1
        entry.save(update_fields=["attempts"])
        return appeals_errors.CODE_WRONG(field="code")
    if consume:
        entry.used_at = now
        entry.save(update_fields=["used_at"])
    return None


# --- Intake and routing ------------------------------------------------------------------------------------------


def route(*, member: Member | None, employer: Enterprise | None, gig_platform: str, town: Org | None) -> Org:
    """Who handles it: a member's own union; for others the union covering their employer or serving their
    platform work; otherwise the chosen town's federation (or the employer's area)."""
    if member is not None and member.status in HOLDING and member.union.status == OrgStatus.ACTIVE:
        return member.union
    if employer is not None and employer.covering_union and employer.covering_union.status == OrgStatus.ACTIVE:
        return employer.covering_union
    if gig_platform:
        link = (
            PlatformUnion.objects.select_related("org")
            .filter(
                platform=gig_platform,
                org__status=OrgStatus.ACTIVE,
                **({"org__path__startswith": town.path} if town else {}),
            )
            .order_by("org__path")
            .first()
        )
        if link:
            return link.org
    if town is None and employer is not None:
        town = employer.org
    if town is not None:
        # The nearest federation at or above the chosen org.
        paths = [town.path[: i * Org.steplen] for i in range(town.depth, 0, -1)]
        fed = (
            Org.objects.filter(path__in=paths, kind__in=[OrgKind.TOWN, OrgKind.FEDERATION], status=OrgStatus.ACTIVE)
            .order_by("-depth")
            .first()
        )
        if fed:
            return fed
    raise appeals_errors.NO_ROUTE(field="town")


def _tracking_no(now) -> str:
    day = timezone.localtime(now).strftime("%Y%m%d")
    (n,) = Counter.take(f"appeals.{day}")
    return f"SQ{day}{n:05d}"


MAX_AMOUNT = Decimal("9999999999.99")


def clean_amount(value) -> Decimal | None:
    """The amount a worker says is involved, in 元: ``None`` when not given, else a ``Decimal`` ≥ 0 with at most two
    decimals (never through a float)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float):
        value = repr(value)
    try:
        amount = Decimal(str(value).strip().replace(",", "").replace("，", ""))
    except (InvalidOperation, ValueError):
        raise appeals_errors.INVALID_AMOUNT(field="amount_involved") from None
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT or amount.as_tuple().exponent < -2:
        raise appeals_errors.INVALID_AMOUNT(field="amount_involved")
    return amount.quantize(Decimal("0.01"))


@transaction.atomic
def submit(
    *,
    kind: str,
    category: str,
    description: str,
    name: str,
    phone: str,
    member: Member | None = None,
    employer: Enterprise | None = None,
    employer_name: str = "",
    gig_platform: str = "",
    town: Org | None = None,
    location: str = "",
    latitude=None,
    longitude=None,
    name_visible_to_employer: bool = False,
    uploads=(),
    recorded_by=None,
    org: Org | None = None,
    amount_involved=None,
) -> Appeal:
    """Take in an appeal, suggestion or photo report (or an 开放日 item a chair records for a worker) and route
    it. The caller has verified the worker: a logged-in member, or a mobile number confirmed by a code. Staff
    recording an item may name the handling ``org`` themselves (within their scope) instead of the routing."""
    errors = []
    if kind not in Kind.values:
        errors.append(appeals_errors.INVALID_KIND(field="kind"))
    if category not in Category.values:
        errors.append(appeals_errors.INVALID_CATEGORY(field="category"))
    description = (description or "").strip()
    if len(description) < 5:
        errors.append(appeals_errors.DESCRIPTION_TOO_SHORT(field="description"))
    name = (name or (member.name if member else "")).strip()
    phone = (phone or (member.phone if member else "")).strip()
    if not name:
        errors.append(appeals_errors.NAME_REQUIRED(field="name"))
    if not MOBILE_RE.match(phone):
        errors.append(appeals_errors.INVALID_MOBILE(field="phone"))
    if kind == Kind.OPEN_DAY and recorded_by is None:
        errors.append(appeals_errors.OPEN_DAY_STAFF_ONLY(field="kind"))
    if org is not None and (recorded_by is None or org.status != OrgStatus.ACTIVE):
        errors.append(appeals_errors.INVALID_ORG(field="org"))
    if len(uploads) > photos.MAX_PHOTOS:
        errors.append(appeals_errors.TOO_MANY_PHOTOS(field="photos"))
    try:
        amount_involved = clean_amount(amount_involved)
    except DomainError as exc:
        errors.append(exc)
    cleaned_photos = []
    for index, upload in enumerate(uploads[: photos.MAX_PHOTOS], start=1):
        try:
            cleaned_photos.append(photos.clean_photo(upload, index=index))
        except DomainError as exc:
            errors.append(exc)
    if errors:
        from core.errors import ValidationFailed

        raise ValidationFailed(errors)
    org = org or route(member=member, employer=employer, gig_platform=gig_platform, town=town)
    if recorded_by is not None and not can(recorded_by, "appeals.handle", org):
        raise _denied()
    now = timezone.now()
    accept_due, resolve_due = deadlines_for(category, now)
    appeal = Appeal.objects.create(
        tracking_no=_tracking_no(now),
        kind=kind,
        category=category,
        description=description[:5000],
        location=(location or "")[:200],
        latitude=latitude,
        longitude=longitude,
        name_visible_to_employer=name_visible_to_employer,
        member=member,
        name=name[:50],
        phone=phone,
        employer=employer,
        employer_name=(employer.name if employer else employer_name)[:200],
        gig_platform=gig_platform,
        amount_involved=amount_involved,
        org=org,
        status=Status.SUBMITTED,
        rights_flag=category in RIGHTS_CATEGORIES,
        submitted_at=now,
        accept_due=accept_due,
        resolve_due=resolve_due,
        recorded_by=recorded_by,
    )
    for file, (width, height) in cleaned_photos:
        AppealPhoto.objects.create(appeal=appeal, image=file, width=width, height=height)
    _event(appeal, AppealEvent.Kind.SUBMITTED, actor=recorded_by, note=_("由%(o)s办理") % {"o": org.name}, at=now)
    audit.record(
        "appeals.appeal.submitted",
        actor=recorded_by,
        obj=appeal,
        actor_name="" if recorded_by else phone[:3] + "****" + phone[-4:],
    )
    return appeal


# --- Handling -----------------------------------------------------------------------------------------------------


def _open(appeal: Appeal, actor, permission: str = "appeals.handle", *, locked: Appeal | None = None) -> Appeal:
    """The appeal under its row lock (``locked``: already locked by the caller), refused unless ``actor`` may handle
    it and it is still open."""
    appeal = locked if locked is not None else locking.lock_appeal(appeal, "org", "member__user")
    _require(actor, appeal, permission)
    if appeal.status not in OPEN_STATUSES:
        raise appeals_errors.APPEAL_NOT_OPEN(s=appeal.get_status_display())
    return appeal


@transaction.atomic
def accept(appeal: Appeal, *, actor) -> Appeal:
    """The handling union takes it on (受理)."""
    appeal = _open(appeal, actor)
    if appeal.status != Status.SUBMITTED:
        raise appeals_errors.ALREADY_ACCEPTED()
    appeal.status, appeal.accepted_at, appeal.assignee = Status.ACCEPTED, timezone.now(), actor
    appeal.save(update_fields=["status", "accepted_at", "assignee"])
    _event(appeal, AppealEvent.Kind.ACCEPTED, actor=actor)
    audit.record("appeals.appeal.accepted", actor=actor, obj=appeal)
    _tell_worker(appeal, _("已受理，正在办理"))
    return appeal


@transaction.atomic
def hand_over(appeal: Appeal, to_org: Org, *, actor, reason: str) -> Appeal:
    """Pass it to another org in the actor's scope that is better placed (转办), with a reason."""
    appeal = _open(appeal, actor)
    if not can(actor, "appeals.handle", to_org):
        raise appeals_errors.TARGET_NOT_IN_SCOPE(field="to_org")
    if to_org.pk == appeal.org_id or to_org.status != OrgStatus.ACTIVE:
        raise appeals_errors.INVALID_TARGET(field="to_org")
    if not (reason or "").strip():
        raise appeals_errors.REASON_REQUIRED(field="reason")
    before = appeal.org
    appeal.org, appeal.assignee = to_org, None
    appeal.save(update_fields=["org", "assignee"])
    _event(
        appeal,
        AppealEvent.Kind.HANDED_OVER,
        actor=actor,
        org=before,
        note=_("转至%(o)s：%(r)s") % {"o": to_org.name, "r": reason.strip()},
    )
    audit.record(
        "appeals.appeal.handed_over",
        actor=actor,
        obj=appeal,
        org=before,
        changes={"org": [before.name, to_org.name]},
        data={"reason": reason.strip()},
    )
    return appeal


@transaction.atomic
def request_info(appeal: Appeal, *, actor, question: str) -> Appeal:
    """Ask the worker for more information; the item waits for their answer."""
    appeal = _open(appeal, actor)
    if not (question or "").strip():
        raise appeals_errors.QUESTION_REQUIRED(field="question")
    appeal.status = Status.INFO_REQUESTED
    appeal.save(update_fields=["status"])
    _event(appeal, AppealEvent.Kind.INFO_REQUESTED, actor=actor, note=question.strip())
    audit.record("appeals.appeal.info_requested", actor=actor, obj=appeal)
    _tell_worker(appeal, _("请补充材料：%(q)s") % {"q": question.strip()})
    return appeal


@transaction.atomic
def provide_info(appeal: Appeal, *, text: str) -> Appeal:
    """The worker answers a request for information; handling resumes."""
    appeal = locking.lock_appeal(appeal)
    if appeal.status != Status.INFO_REQUESTED:
        raise appeals_errors.INFO_NOT_REQUESTED()
    if not (text or "").strip():
        raise appeals_errors.TEXT_REQUIRED(field="text")
    appeal.status = Status.ACCEPTED if appeal.accepted_at else Status.SUBMITTED
    appeal.save(update_fields=["status"])
    _event(appeal, AppealEvent.Kind.INFO_PROVIDED, note=text.strip()[:2000])
    return appeal


@transaction.atomic
def merge(appeal: Appeal, into: Appeal, *, actor) -> Appeal:
    """Fold a duplicate into another open item of the same scope; the worker is pointed to the surviving one."""
    # Both items in primary-key order, so two crossing merges cannot deadlock (appeals/locking.py).
    rows = locking.lock_appeals(appeal, into)
    appeal = _open(appeal, actor, locked=rows[appeal.pk])
    into = _open(into, actor, locked=rows[into.pk])
    if into.pk == appeal.pk or into.merged_into_id:
        raise appeals_errors.INVALID_MERGE_TARGET(field="into")
    appeal.status, appeal.merged_into = Status.MERGED, into
    appeal.save(update_fields=["status", "merged_into"])
    _event(appeal, AppealEvent.Kind.MERGED, actor=actor, note=_("与 %(no)s 合并办理") % {"no": into.tracking_no})
    _event(
        into, AppealEvent.Kind.MERGED, actor=actor, note=_("合并了 %(no)s") % {"no": appeal.tracking_no}, public=False
    )
    audit.record("appeals.appeal.merged", actor=actor, obj=appeal, data={"into": into.tracking_no})
    _tell_worker(appeal, _("与 %(no)s 合并办理，请关注该编号的进展") % {"no": into.tracking_no})
    return appeal


@transaction.atomic
def resolve(appeal: Appeal, *, actor, reply: str) -> Appeal:
    """Close the handling with a reply to the worker (办结), who is then asked to rate it; merged duplicates get the
    same reply."""
    appeal = _open(appeal, actor)
    reply = (reply or "").strip()
    if len(reply) < 5:
        raise appeals_errors.REPLY_REQUIRED(field="reply")
    now = timezone.now()
    group = [appeal, *Appeal.objects.select_related("member__user").filter(merged_into=appeal)]
    for item in group:
        item.status, item.reply, item.resolved_at = Status.RESOLVED, reply, now
        item.accepted_at = item.accepted_at or now
        item.save(update_fields=["status", "reply", "resolved_at", "accepted_at"])
        _event(item, AppealEvent.Kind.RESOLVED, actor=actor, note=reply)
        _tell_worker(item, _("已办结，请查看答复并评价"))
    audit.record("appeals.appeal.resolved", actor=actor, obj=appeal, data={"merged": len(group) - 1})
    return appeal


@transaction.atomic
def rate(appeal: Appeal, *, satisfaction: str, comment: str = "") -> Appeal:
    """The worker rates the result. 不满意 sends it back for handling once; after that the rating stands."""
    appeal = locking.lock_appeal(appeal, "org")
    if appeal.status != Status.RESOLVED:
        raise appeals_errors.NOT_RESOLVED()
    if satisfaction not in Satisfaction.values:
        raise appeals_errors.INVALID_SATISFACTION(field="satisfaction")
    comment = (comment or "").strip()[:500]
    _event(appeal, AppealEvent.Kind.RATED, note=f"{Satisfaction(satisfaction).label} {comment}".strip())
    if satisfaction == Satisfaction.UNSATISFIED and not appeal.reopened:
        now = timezone.now()
        appeal.status, appeal.reopened, appeal.resolved_at = Status.ACCEPTED, True, None
        appeal.resolve_due = deadlines_for(appeal.category, now)[1]
        appeal.satisfaction, appeal.satisfaction_comment = satisfaction, comment
        appeal.save()
        _event(appeal, AppealEvent.Kind.REOPENED, note=_("职工不满意，重新办理"))
        audit.record("appeals.appeal.reopened", obj=appeal, data={"comment": comment})
        return appeal
    appeal.status, appeal.satisfaction, appeal.satisfaction_comment = Status.CLOSED, satisfaction, comment
    appeal.save(update_fields=["status", "satisfaction", "satisfaction_comment"])
    return appeal


@transaction.atomic
def adopt(appeal: Appeal, *, actor, note: str = "") -> Appeal:
    """Mark a suggestion adopted (采纳), at any point after it was accepted."""
    appeal = locking.lock_appeal(appeal, "org", "member__user")
    _require(actor, appeal)
    if appeal.kind != Kind.SUGGESTION:
        raise appeals_errors.NOT_A_SUGGESTION()
    if appeal.adopted:
        raise appeals_errors.ALREADY_ADOPTED()
    if appeal.status == Status.SUBMITTED:
        raise appeals_errors.NOT_ACCEPTED()
    appeal.adopted = True
    appeal.save(update_fields=["adopted"])
    _event(appeal, AppealEvent.Kind.ADOPTED, actor=actor, note=(note or "").strip())
    audit.record("appeals.appeal.adopted", actor=actor, obj=appeal)
    _tell_worker(appeal, _("您的建议已被采纳，感谢！"))
    return appeal


@transaction.atomic
def add_note(appeal: Appeal, *, actor, text: str) -> AppealEvent:
    """An internal note on the timeline (内部备注): staff only, never shown to the worker, at any status."""
    appeal = locking.lock_appeal(appeal, "org")
    _require(actor, appeal)
    text = (text or "").strip()
    if not text:
        raise appeals_errors.NOTE_REQUIRED(field="text")
    event = _event(appeal, AppealEvent.Kind.NOTE, actor=actor, note=text[:2000], public=False)
    audit.record("appeals.appeal.noted", actor=actor, obj=appeal)
    return event


@transaction.atomic
def post_progress(appeal: Appeal, *, actor, text: str) -> AppealEvent:
    """A word to the worker on how handling is going (办理进展), without closing the item: shown on their timeline
    and sent to them (notification or SMS). Only for an accepted item still being handled."""
    appeal = _open(appeal, actor)
    if appeal.status != Status.ACCEPTED:
        raise appeals_errors.NOT_ACCEPTED(message=_("请先受理再发布办理进展"))
    text = (text or "").strip()
    if len(text) < 5:
        raise appeals_errors.PROGRESS_REQUIRED(field="text")
    event = _event(appeal, AppealEvent.Kind.PROGRESS, actor=actor, note=text[:2000])
    audit.record("appeals.appeal.progress_posted", actor=actor, obj=appeal)
    _tell_worker(appeal, _("办理进展：%(t)s") % {"t": text[:200]})
    return event


# --- Escalation --------------------------------------------------------------------------------------------------


@transaction.atomic
def escalate_overdue(now=None) -> int:
    """Move every overdue item (not accepted by its accept deadline, or not resolved by its resolve deadline; not
    while waiting for the worker's information) to the parent org, with fresh deadlines there, and record it on
    the timeline. The root federation keeps what reaches it. Returns how many were escalated."""
    now = now or timezone.now()
    overdue = locking.lock_overdue(
        Appeal.objects.filter(
            Q(status=Status.SUBMITTED, accept_due__lt=now) | Q(status=Status.ACCEPTED, resolve_due__lt=now)
        )
    )
    count = 0
    for appeal in overdue:
        if appeal.org.is_root():
            continue
        parent = Org.objects.get_parent(appeal.org)
        before = appeal.org
        was_accept = appeal.status == Status.SUBMITTED
        accept_due, resolve_due = deadlines_for(appeal.category, now)
        appeal.org, appeal.assignee, appeal.escalations = parent, None, appeal.escalations + 1
        if was_accept:
            appeal.accept_due = accept_due
        appeal.resolve_due = max(appeal.resolve_due, resolve_due) if was_accept else resolve_due
        appeal.save(update_fields=["org", "assignee", "escalations", "accept_due", "resolve_due"])
        stage = _("受理") if was_accept else _("办结")
        _event(
            appeal,
            AppealEvent.Kind.ESCALATED,
            org=before,
            at=now,
            note=_("%(o)s超过%(s)s期限，升级至%(p)s") % {"o": before.name, "s": stage, "p": parent.name},
        )
        audit.record(
            "appeals.appeal.escalated",
            obj=appeal,
            org=parent,
            changes={"org": [before.name, parent.name]},
            data={"stage": "accept" if was_accept else "resolve"},
        )
        count += 1
    return count
