"""Joining online (网上入会): a worker applies from the member site with separate consent to the processing of
personal information, the union approves or rejects, and an approved member gets a phone login whose first
password is set through a one-time link sent by text message."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import password_links
from accounts.models import User
from core import audit, pii
from core.scoping import can
from core.sms import send_sms
from members import errors
from orgs.models import Enterprise, Org, OrgStatus

from . import locking, services
from .choices import HOLDING, GigPlatform
from .models import JoinApplication, Member, PlatformUnion
from .validation import clean_person

# The notice a worker consents to (PIPL art. 14, 17, 29: separate consent, what is processed, why, how long).
# Bump the version whenever the text changes; each application records the version it was given.
CONSENT_VERSION = "2026-01"
CONSENT_TEXT = (
    "为办理入会和提供会员服务，工会将收集和使用您的姓名、身份证件号码、手机号、工作单位等个人信息。"
    "其中身份证件号码属于敏感个人信息，仅用于核验身份和确保一人一个会籍，加密存储，默认以遮盖形式显示，"
    "工作人员查看完整号码须经授权并留痕。您的信息仅用于工会会员管理和服务，不向无关第三方提供，"
    "会籍终止后按规定期限保存后删除或匿名化。您可以查阅、更正您的信息，或撤回同意（撤回后将无法继续享受会员服务）。"
)


def unions_for(*, employer: Enterprise | None = None, gig_platform: str = "") -> list[Org]:
    """The unions a worker may apply to: the union covering their employer, or the 联合工会 serving their kind of
    platform work."""
    if employer is not None:
        union = employer.covering_union
        return [union] if union is not None and union.status == OrgStatus.ACTIVE else []
    if gig_platform:
        return list(Org.objects.filter(platform_links__platform=gig_platform, status=OrgStatus.ACTIVE).order_by("path"))
    return []


@transaction.atomic
def submit_application(
    *, union: Org, consent: bool, consent_version: str, ip: str | None = None, employer: Enterprise | None = None, **raw
) -> JoinApplication:
    """Record an application. Refused without consent to the current notice, to a union that does not cover the
    worker's employer or platform, or from someone who already holds a membership or has one pending."""
    if not consent or consent_version != CONSENT_VERSION:
        raise errors.CONSENT_REQUIRED(field="consent")
    cleaned = clean_person(raw, require_joined_on=False)
    services._raise_problems([p for p in cleaned.problems if p.field not in {"joined_on", "card_no"}])
    values = cleaned.values
    if employer is None and not values["gig_platform"]:
        raise errors.EMPLOYER_REQUIRED(message=_("工作单位：请选择工作单位，或选择新就业形态类别"), field="employer")
    if union not in unions_for(employer=employer, gig_platform="" if employer else values["gig_platform"]):
        raise errors.UNION_NOT_ELIGIBLE(field="union")
    # Every hash the number may be stored under (the retired key's too while a key rotation runs).
    id_hashes = pii.lookup_hashes(values["id_type"], values["id_number"])
    if Member.objects.filter(id_hash__in=id_hashes, status__in=HOLDING).exists():
        # Says no more than that: the applicant may be anyone typing an ID number.
        raise errors.ALREADY_MEMBER(field="id_number")
    if JoinApplication.objects.filter(id_hash__in=id_hashes, status=JoinApplication.Status.PENDING).exists():
        raise errors.APPLICATION_PENDING(field="id_number")
    app = JoinApplication(
        union=union,
        name=values["name"],
        gender=values["gender"],
        birth_date=values["birth_date"],
        phone=values["phone"],
        employer=employer,
        employer_name=employer.name if employer else values["employer_name"],
        gig_platform=values["gig_platform"],
        id_type=values["id_type"],
        consent_version=consent_version,
        consent_at=timezone.now(),
        consent_ip=ip,
    )
    app.set_id_number(values["id_number"])
    app.save()
    audit.record(
        "members.application.submitted",
        obj=app,
        actor_name=pii.mask_phone(app.phone),
        data={"consent_version": consent_version},
    )
    return app


def _pending(app: JoinApplication, actor) -> JoinApplication:
    app = locking.lock_application(app)
    if not can(actor, "members.approve", app.union):
        raise services._denied()
    if app.status != JoinApplication.Status.PENDING:
        raise errors.APPLICATION_DECIDED(s=app.get_status_display())
    return app


@transaction.atomic
def approve_application(app: JoinApplication, *, actor) -> Member:
    """Approve: the worker joins the union today, gets an account and a card, and is sent a link to set a
    password."""
    app = _pending(app, actor)
    member = services.register_member(
        actor=actor,
        union=app.union,
        employer=app.employer,
        name=app.name,
        id_type=app.id_type,
        id_number=app.reveal_id_number(),
        gender=app.gender,
        birth_date=app.birth_date,
        phone=app.phone,
        employer_name=app.employer_name,
        gig_platform=app.gig_platform,
        joined_on=timezone.localdate(),
    )
    ensure_account(member, actor=actor)
    app.status, app.decided_by, app.decided_at, app.member = (
        JoinApplication.Status.APPROVED,
        actor,
        timezone.now(),
        member,
    )
    app.save(update_fields=["status", "decided_by", "decided_at", "member"])
    audit.record("members.application.approved", actor=actor, obj=app, data={"member": member.pk})
    return member


@transaction.atomic
def reject_application(app: JoinApplication, *, actor, reason: str) -> JoinApplication:
    """Reject with a reason the worker is told by text message."""
    app = _pending(app, actor)
    reason = (reason or "").strip()
    if not reason:
        raise errors.REASON_REQUIRED(message=_("未通过原因：请填写原因，申请人会收到短信通知"), field="reason")
    app.status, app.decided_by, app.decided_at = JoinApplication.Status.REJECTED, actor, timezone.now()
    app.reject_reason = reason[:200]
    app.save(update_fields=["status", "decided_by", "decided_at", "reject_reason"])
    audit.record("members.application.rejected", actor=actor, obj=app, data={"reason": app.reject_reason})
    phone, union = app.phone, app.union.name
    transaction.on_commit(
        lambda: send_sms(phone, _("【工会服务平台】您申请加入%(u)s未通过：%(r)s") % {"u": union, "r": reason})
    )
    return app


def set_password_url(user: User) -> str:
    """A one-time link on the member site (``accounts.password_links``): it stops working once the password is set."""
    return password_links.set_password_url(user, route="members:set_password")


def ensure_account(member: Member, *, actor=None) -> User:
    """The member's login (phone and password), created on first need; sends the one-time link to set the
    password. A phone number already used by another member's account is refused."""
    if member.user_id:
        return member.user
    if User.objects.filter(phone=member.phone, member__isnull=False).exclude(member=member).exists():
        raise errors.PHONE_TAKEN(p=pii.mask_phone(member.phone), field="phone")
    user = User(username=f"m{member.pk}", display_name=member.name, phone=member.phone)
    user.set_unusable_password()
    user.save()
    member.user = user
    member.save(update_fields=["user", "updated_at"])
    audit.record("accounts.user.created", actor=actor, obj=user, org=member.union, data={"member": member.pk})
    send_set_password_link(user)
    return user


def send_set_password_link(user: User) -> None:
    """Text the member a link to set (or reset) their password, once the transaction commits."""
    password_links.text_set_password_link(
        user,
        _("【工会服务平台】您的入会申请已通过。请点击链接设置登录密码（仅可使用一次）：%(link)s"),
        route="members:set_password",
    )


__all__ = ["CONSENT_TEXT", "CONSENT_VERSION", "GigPlatform", "PlatformUnion"]
