"""API for managing staff accounts (``/api/v1/staff-accounts``), for holders of ``accounts.manage``.

Accounts are found only among those visible to the caller (a grant inside their scope), grants only among those in
their scope: anything else answers 404 exactly like an unknown id. Whether a visible account or grant may be
changed is the service's decision (403 with a stable code); endpoints never write to the ORM themselves.
"""

from datetime import datetime
from enum import Enum

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from core.api import Paging, StrictInput, choices_doc, paginate, with_errors
from core.models import AuditEvent
from core.scoping import get_scoped_or_404
from core.validators import normalize_code
from orgs.models import Org

from .. import errors, selectors, services
from ..models import Grant, User
from ..policy import MANAGE, AccountPolicy
from ..roles import ROLE_LABELS, role_label
from .public import ApiTokenOut

router = Router(tags=["工作人员账号"])

# Roles are declarations (apps may add their own), so the API takes a role code as a string and names the codes.
ROLES_DOC = "；".join(f"{code}={label}" for code, label in ROLE_LABELS.items())

TRAIL_LIMIT = 100


# --- Schemas --------------------------------------------------------------------------------------------------


class StaffAccountOrgOut(Schema):
    """The org a grant names."""

    id: int
    code: str = Field(description="组织代码")
    name: str = Field(description="全称")


class StaffGrantOut(Schema):
    """One grant (org × role) of an account."""

    id: int
    org: StaffAccountOrgOut
    role: str = Field(description=f"角色代码：{ROLES_DOC}")
    role_label: str = Field(description="角色名称")
    created_at: datetime = Field(description="授予时间")

    @staticmethod
    def resolve_role_label(obj) -> str:
        return role_label(obj.role)


class StaffAccountOut(Schema):
    """One account in a list: only the grants inside the caller's scope are shown."""

    id: int
    username: str = Field(description="登录名")
    display_name: str = Field(description="姓名")
    phone: str = Field(description="手机号（设置密码的链接发往此号码）")
    status: selectors.AccountStatus = Field(description=f"状态：{choices_doc(selectors.AccountStatus)}")
    status_label: str = Field(description="状态名称")
    last_login: datetime | None = Field(description="最近登录时间；从未登录为 null")
    grants: list[StaffGrantOut] = Field(description="您管理范围内的授权")

    @staticmethod
    def resolve_status(obj) -> str:
        return selectors.account_status(obj)

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(selectors.AccountStatus(selectors.account_status(obj)).label)

    @staticmethod
    def resolve_grants(obj):
        return obj.visible_grants


class StaffAccountDetailOut(StaffAccountOut):
    """One account with what the caller may do to it."""

    date_joined: datetime = Field(description="创建时间")
    hidden_grants: int = Field(description="不在您管理范围内的授权数")
    manageable: bool = Field(description="您能否修改、停用、启用该账号或重置其密码（该账号的每项授权都在您的权限之内）")


class StaffAccountPage(Schema):
    count: int = Field(description="符合条件的总数")
    page: int = Field(description="页码，从 1 开始")
    page_size: int = Field(description="每页条数")
    items: list[StaffAccountOut]


class StaffAccountFilters(Paging):
    q: str | None = Field(None, description="按登录名、姓名或手机号搜索")
    org: str | None = Field(None, description="组织代码：在该组织及其下级有授权的账号")
    role: str | None = Field(None, description=f"角色代码：{ROLES_DOC}")
    status: selectors.AccountStatus | None = Field(None, description=f"状态：{choices_doc(selectors.AccountStatus)}")


class StaffAccountIn(StrictInput):
    username: str = Field(description="登录名：3–30 位英文字母、数字或 . _ -，以字母开头，保存为小写")
    display_name: str = Field(description="姓名")
    phone: str = Field(description="大陆手机号，设置密码的一次性链接以短信发往此号码")
    org: str = Field(description="组织代码：账号的第一项授权所在组织")
    role: str = Field(description=f"角色代码：{ROLES_DOC}")
    reason: str = Field("", max_length=200, description="授权原因；授予个人信息查看员时必填")


class StaffAccountPatch(StrictInput):
    """Only the fields sent are changed."""

    display_name: str = Field(None, description="姓名")
    phone: str = Field(None, description="大陆手机号")


class StaffAccountDisableIn(StrictInput):
    reason: str = Field("", max_length=200, description="停用原因（记入审计日志）")


class StaffGrantIn(StrictInput):
    org: str = Field(description="组织代码")
    role: str = Field(description=f"角色代码：{ROLES_DOC}")
    reason: str = Field("", max_length=200, description="授权原因；授予个人信息查看员时必填")


class StaffGrantRoleIn(StrictInput):
    role: str = Field(description=f"新角色代码：{ROLES_DOC}")
    reason: str = Field("", max_length=200, description="变更原因；改为个人信息查看员时必填")


class StaffAccountEventOut(Schema):
    """One audit event about the account (changes and logins)."""

    id: int
    created_at: datetime = Field(description="时间")
    action: str = Field(description="操作代码，如 accounts.user.disabled")
    action_label: str = Field(description="操作名称")
    outcome: str = Field(description="结果：success、failure 或 denied")
    actor_name: str = Field(description="操作人账号")
    ip: str | None = Field(description="IP 地址")
    changes: dict = Field(description="变更前后的值：{字段: [变更前, 变更后]}")
    data: dict = Field(description="附加信息")


# --- Helpers --------------------------------------------------------------------------------------------------


def _value(choice):
    return choice.value if isinstance(choice, Enum) else choice


def _get_account(user, account_id: int) -> User:
    """The account ``account_id`` if visible to the caller, or 404, with its visible grants attached."""
    qs = selectors.with_visible_grants(selectors.staff_accounts(user), user)
    return get_object_or_404(qs, pk=account_id)


def _get_grant(user, account: User, grant_id: int) -> Grant:
    """One of the account's grants inside the caller's scope, or 404."""
    grants = Grant.objects.select_related("org", "user").filter(user=account)
    return get_scoped_or_404(grants, user, MANAGE, pk=grant_id)


def _org_by_code(user, code: str, *, field: str = "org") -> Org:
    """An org named in a body; one outside the caller's scope is ``not_found`` for that field."""
    org = Org.objects.restrict(user, MANAGE).filter(code=normalize_code(code)).first()
    if org is None:
        raise errors.NOT_FOUND(message=errors.ORG_NOT_FOUND_MESSAGE, field=field, org=code)
    return org


def _detail(user, account_id: int) -> User:
    """The account re-read for an answer: visible grants, hidden count, manageability."""
    account = _get_account(user, account_id)
    all_grants = list(account.grants.select_related("org"))
    account.hidden_grants = len(all_grants) - len(account.visible_grants)
    account.manageable = AccountPolicy.of(user).manages_account(account, all_grants)
    return account


# --- Endpoints ------------------------------------------------------------------------------------------------


@router.get(
    "",
    response=with_errors({200: StaffAccountPage}, 400),
    summary="工作人员账号列表",
    description="列出您管理范围内的工作人员账号（至少一项授权在范围内），按登录名排列。"
    "`org` 指向您看不到的组织时结果为空。",
)
def list_accounts(request, filters: Query[StaffAccountFilters]):
    """Scoped, filtered, paged accounts with their visible grants; a fixed number of queries per page."""
    if filters.role and filters.role not in ROLE_LABELS:
        raise errors.INVALID_ROLE(field="role", role=filters.role)
    under = None
    if filters.org:
        under = Org.objects.restrict(request.auth, MANAGE).filter(code=normalize_code(filters.org)).first()
        if under is None:
            return {"count": 0, "page": filters.page, "page_size": filters.page_size, "items": []}
    qs = selectors.search_accounts(
        request.auth,
        q=filters.q or "",
        under=under,
        role=filters.role or "",
        status=_value(filters.status) or "",
    )
    return paginate(selectors.with_visible_grants(qs, request.auth), filters)


@router.post(
    "",
    response=with_errors({201: StaffAccountDetailOut}, 400, 403, 404),
    summary="新建工作人员账号",
    description="新建账号并授予第一项授权，系统以短信向该手机号发送一次性设置密码链接。"
    "组织不在管理范围内时返回 404；角色高于您的权限时返回 403（`role_too_high`、`peer_admin`）。",
)
def create_account(request, payload: StaffAccountIn):
    """Through ``services.create_staff_account``."""
    org = _org_by_code(request.auth, payload.org)
    fields = payload.model_dump(exclude={"org"})
    account = services.create_staff_account(actor=request.auth, org=org, **fields)
    return Status(201, _detail(request.auth, account.pk))


@router.get(
    "/{account_id}",
    response=with_errors({200: StaffAccountDetailOut}, 404),
    summary="工作人员账号详情",
    description="账号、状态、最近登录时间和您管理范围内的授权。",
)
def get_account(request, account_id: int):
    return _detail(request.auth, account_id)


@router.patch(
    "/{account_id}",
    response=with_errors({200: StaffAccountDetailOut}, 400, 403, 404),
    summary="修改工作人员账号",
    description="修改姓名或手机号，只修改请求中出现的字段。",
)
def update_account(request, account_id: int, payload: StaffAccountPatch):
    account = _get_account(request.auth, account_id)
    services.update_staff_account(account, actor=request.auth, **payload.model_dump(exclude_unset=True))
    return _detail(request.auth, account_id)


@router.post(
    "/{account_id}/password-reset",
    response=with_errors({200: StaffAccountDetailOut}, 400, 403, 404),
    summary="重置密码",
    description="原密码、已发出的设置密码链接、已登录的会话和 API 令牌立即失效，系统以短信发送新的一次性链接。",
)
def reset_password(request, account_id: int):
    account = _get_account(request.auth, account_id)
    services.reset_password(account, actor=request.auth)
    return _detail(request.auth, account_id)


@router.post(
    "/{account_id}/disable",
    response=with_errors({200: StaffAccountDetailOut}, 400, 403, 404),
    summary="停用账号",
    description="停用后不能登录，会话立即失效，API 令牌被撤销。不能停用自己的账号。",
)
def disable_account(request, account_id: int, payload: StaffAccountDisableIn):
    account = _get_account(request.auth, account_id)
    services.disable_account(account, actor=request.auth, reason=payload.reason)
    return _detail(request.auth, account_id)


@router.post(
    "/{account_id}/enable",
    response=with_errors({200: StaffAccountDetailOut}, 400, 403, 404),
    summary="启用账号",
    description="重新启用已停用的账号；停用前的 API 令牌不会恢复。",
)
def enable_account(request, account_id: int):
    account = _get_account(request.auth, account_id)
    services.enable_account(account, actor=request.auth)
    return _detail(request.auth, account_id)


@router.post(
    "/{account_id}/grants",
    response=with_errors({201: StaffGrantOut}, 400, 403, 404),
    summary="添加授权",
    description="给账号添加一项授权（组织 × 角色）。组织不在管理范围内时返回 404。",
)
def add_grant(request, account_id: int, payload: StaffGrantIn):
    account = _get_account(request.auth, account_id)
    org = _org_by_code(request.auth, payload.org)
    grant = services.add_grant(account, actor=request.auth, org=org, role=payload.role, reason=payload.reason)
    return Status(201, grant)


@router.patch(
    "/{account_id}/grants/{grant_id}",
    response=with_errors({200: StaffGrantOut}, 400, 403, 404),
    summary="变更角色",
    description="把一项授权改为同一组织上的另一个角色。",
)
def change_role(request, account_id: int, grant_id: int, payload: StaffGrantRoleIn):
    account = _get_account(request.auth, account_id)
    grant = _get_grant(request.auth, account, grant_id)
    return services.change_role(grant, actor=request.auth, role=payload.role, reason=payload.reason)


@router.delete(
    "/{account_id}/grants/{grant_id}",
    response=with_errors({204: None}, 400, 403, 404),
    summary="撤销授权",
    description="撤销一项授权。账号至少保留一项授权（不再使用请停用）；不能撤销自己最后一项管理员授权。",
)
def revoke_grant(request, account_id: int, grant_id: int):
    account = _get_account(request.auth, account_id)
    grant = _get_grant(request.auth, account, grant_id)
    services.revoke_grant(grant, actor=request.auth)
    return Status(204, None)


@router.get(
    "/{account_id}/events",
    response=with_errors({200: list[StaffAccountEventOut]}, 404),
    summary="账号审计记录",
    description=f"关于该账号的审计事件（变更与登录），最新的在前，最多 {TRAIL_LIMIT} 条，只含您有权查看的组织的事件。",
)
def account_events(request, account_id: int):
    account = _get_account(request.auth, account_id)
    events = AuditEvent.objects.restrict(request.auth, "audit.view").filter(
        object_type="accounts.user", object_id=str(account.pk)
    )
    return list(events[:TRAIL_LIMIT])


@router.get(
    "/{account_id}/tokens",
    response=with_errors({200: list[ApiTokenOut]}, 404),
    summary="账号的令牌",
    description="该账号仍然有效的 API 令牌，最新的在前（最多 100 个）。",
)
def account_tokens(request, account_id: int):
    account = _get_account(request.auth, account_id)
    return list(services.live_tokens(account)[:100])


@router.delete(
    "/{account_id}/tokens/{token_id}",
    response=with_errors({204: None}, 403, 404),
    summary="撤销账号的令牌",
    description="立即撤销该账号的一个令牌；需要有权管理整个账号（与停用账号相同）。",
)
def revoke_account_token(request, account_id: int, token_id: int):
    account = _get_account(request.auth, account_id)
    token = get_object_or_404(services.live_tokens(account).select_related("user"), pk=token_id)
    services.revoke_token(token, actor=request.auth)
    return Status(204, None)
