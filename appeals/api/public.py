"""The public API of appeals (``/public/appeals``, no token): a worker without an account proves their mobile number
with an SMS code. A code is used up by the first action that succeeds (a submission refused for a missing field keeps
it usable), and every successful answer carries ``access``, a signed pass for that number valid for 30 minutes that
the following calls may send instead of a code. An appeal is found by its tracking number *and* that number: someone
else's answers 404."""

from datetime import timedelta
from typing import Annotated

from django.core import signing
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from appeals import errors
from core import pii
from core.api import public_errors
from core.validators import normalize_code
from orgs.models import Enterprise, Org, OrgKind, OrgStatus

from .. import selectors, services
from ..models import Appeal
from .schemas import (
    AppealOrgRef,
    CodeSentOut,
    LookupIn,
    PhoneIn,
    PhoneProof,
    PublicAppealOut,
    PublicInfoIn,
    PublicRateIn,
    PublicSubmitIn,
)

public_router = Router(tags=["职工诉求（免登录）"])

ACCESS_TTL = timedelta(minutes=30)
_ACCESS_SALT = "appeals.phone-access"


def access_pass(phone: str) -> dict:
    """The signed pass for a verified phone number and when it expires."""
    return {
        "access": signing.TimestampSigner(salt=_ACCESS_SALT).sign(phone),
        "access_expires_at": timezone.now() + ACCESS_TTL,
    }


def prove_phone(proof: PhoneProof, *, consume: bool = True) -> str:
    """The phone number the caller proved, by a pass from an earlier call or by an SMS code. Call it outside any
    transaction: a wrong code must stay counted."""
    phone = proof.phone.strip()
    if proof.access:
        try:
            signed = signing.TimestampSigner(salt=_ACCESS_SALT).unsign(proof.access, max_age=ACCESS_TTL)
        except signing.SignatureExpired:
            raise errors.ACCESS_EXPIRED(field="access") from None
        except signing.BadSignature:
            signed = None
        if signed != phone:
            raise errors.ACCESS_INVALID(field="access")
        return phone
    if not proof.code.strip():
        raise errors.CODE_REQUIRED(field="code")
    services.verify_phone_code(phone, proof.code, consume=consume)
    return phone


def _by_phone(tracking_no: str, phone: str) -> Appeal:
    """The appeal with this tracking number raised from this phone number, or 404: a tracking number alone never
    opens an appeal."""
    return get_object_or_404(selectors.worker_detail(), tracking_no=tracking_no.strip().upper(), phone=phone)


def _public_answer(appeal: Appeal, phone: str) -> Appeal:
    """The worker's view of ``appeal`` (reloaded) with a fresh pass for their phone."""
    appeal = _by_phone(appeal.tracking_no, phone)
    for key, value in access_pass(phone).items():
        setattr(appeal, key, value)
    return appeal


def use_code(proof: PhoneProof) -> None:
    """Use up the code that proved the phone, inside the caller's transaction, once its action succeeded."""
    if not proof.access:
        services.verify_phone_code(proof.phone.strip(), proof.code)


# --- Workers without an account -------------------------------------------------------------------------------


@public_router.post(
    "/phone-code",
    auth=None,
    response=public_errors({202: CodeSentOut}, 400, 429),
    summary="获取短信验证码",
    description="无需令牌。向手机号发送 6 位验证码（10 分钟内有效，可输错 5 次）；同一号码每分钟 1 次、每小时 5 次。",
)
def send_code(request, payload: PhoneIn):
    """Through ``services.send_phone_code``."""
    services.send_phone_code(payload.phone.strip())
    return Status(202, {"phone_masked": pii.mask_phone(payload.phone.strip()), "expires_in": 600})


@public_router.get(
    "/towns",
    auth=None,
    response=public_errors({200: list[AppealOrgRef]}),
    summary="可选择的镇街",
    description="无需令牌。提交诉求时可选的镇街总工会（及区总工会）：找不到对应的企业工会或行业工会时由所选镇街承办。",
)
def towns(request):
    """Active federations, in tree order: what a worker without an account chooses as ``town``."""
    return list(
        Org.objects.filter(kind__in=[OrgKind.TOWN, OrgKind.FEDERATION], status=OrgStatus.ACTIVE)
        .order_by("path")
        .only("code", "name")
    )


@public_router.post(
    "",
    auth=None,
    response=public_errors({201: PublicAppealOut}, 400, 403, 404),
    summary="提交诉求（免登录）",
    description="无需令牌。以 multipart/form-data 提交：手机号、验证码（或 30 分钟内的凭证 `access`）、姓名及诉求各字段"
    "为表单字段，照片为 `photos`（最多 9 张，规则同会员提交）。按用人单位、新就业形态类别或所在镇街确定承办工会。"
    "所有问题一次返回（`errors`）；提交被拒绝时验证码不作废，改正后可再次使用。",
)
def submit_public(
    request,
    payload: Form[PublicSubmitIn],
    photos: Annotated[list[UploadedFile] | None, File(None, description="照片，最多 9 张")] = None,
):
    """Check the phone first (a wrong code stays counted), then submit and use up the code in one transaction."""
    phone = prove_phone(payload, consume=False)
    employer = None
    if payload.employer is not None:
        employer = Enterprise.objects.select_related("covering_union", "org").filter(pk=payload.employer).first()
        if employer is None:
            raise errors.EMPLOYER_NOT_FOUND(field="employer")
    town = None
    if payload.town.strip():
        town = Org.objects.filter(code=normalize_code(payload.town)).first()
        if town is None:
            raise errors.TOWN_NOT_FOUND(field="town")
    with transaction.atomic():
        appeal = services.submit(
            kind=payload.kind.value,
            category=payload.category.value,
            description=payload.description,
            name=payload.name,
            phone=phone,
            employer=employer,
            employer_name=payload.employer_name,
            gig_platform=payload.gig_platform,
            town=town,
            location=payload.location,
            latitude=payload.latitude,
            longitude=payload.longitude,
            name_visible_to_employer=payload.name_visible_to_employer,
            amount_involved=payload.amount_involved,
            uploads=list(photos or []),
        )
        use_code(payload)
    return Status(201, _public_answer(appeal, phone))


@public_router.post(
    "/lookup",
    auth=None,
    response=public_errors({200: PublicAppealOut}, 400, 404),
    summary="查询诉求（免登录）",
    description="无需令牌。凭受理编号、提交时的手机号和验证码（或凭证 `access`）查看办理进度和答复。"
    "编号与手机号不匹配时返回 404。",
)
def lookup(request, payload: LookupIn):
    """The appeal with this tracking number and the proved phone number; the code is used up once it is found."""
    phone = prove_phone(payload, consume=False)
    appeal = _by_phone(payload.tracking_no, phone)
    use_code(payload)
    return _public_answer(appeal, phone)


@public_router.post(
    "/{tracking_no}/info",
    auth=None,
    response=public_errors({200: PublicAppealOut}, 400, 404),
    summary="补充材料（免登录）",
    description="无需令牌。工会请您补充材料时，凭手机号和验证码（或凭证 `access`）填写补充内容。",
)
def public_info(request, tracking_no: str, payload: PublicInfoIn):
    """Through ``services.provide_info``."""
    phone = prove_phone(payload, consume=False)
    appeal = _by_phone(tracking_no, phone)
    with transaction.atomic():
        services.provide_info(appeal, text=payload.text)
        use_code(payload)
    return _public_answer(appeal, phone)


@public_router.post(
    "/{tracking_no}/rate",
    auth=None,
    response=public_errors({200: PublicAppealOut}, 400, 404),
    summary="评价办理结果（免登录）",
    description="无需令牌。办结后凭手机号和验证码（或凭证 `access`）评价；第一次评价不满意时重新办理一次。",
)
def public_rate(request, tracking_no: str, payload: PublicRateIn):
    """Through ``services.rate``."""
    phone = prove_phone(payload, consume=False)
    appeal = _by_phone(tracking_no, phone)
    with transaction.atomic():
        services.rate(appeal, satisfaction=payload.satisfaction.value, comment=payload.comment)
        use_code(payload)
    return _public_answer(appeal, phone)
