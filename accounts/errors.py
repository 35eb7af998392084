"""Every ``DomainError`` code the accounts app raises, with its Chinese message and HTTP status.

API clients and tests rely on the codes; a person reads the message (``%(name)s`` placeholders are filled when the
error is raised). Raise them with ``error(CODE, field=..., **params)``.
"""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError

# --- Who may do it (403, or 404 where an object is named) ------------------------------------------------------
PERMISSION_DENIED = "permission_denied"
ORG_NOT_FOUND = "not_found"
NOT_MANAGEABLE = "account_not_manageable"
ROLE_TOO_HIGH = "role_too_high"
PEER_ADMIN = "peer_admin"
GRANT_NOT_MANAGEABLE = "grant_not_manageable"
SELF_CHANGE = "self_change"
LAST_ADMIN_GRANT = "last_admin_grant"

# --- What is asked (400) ---------------------------------------------------------------------------------------
USERNAME_REQUIRED = "username_required"
INVALID_USERNAME = "invalid_username"
USERNAME_RESERVED = "username_reserved"
USERNAME_TAKEN = "username_taken"
DISPLAY_NAME_REQUIRED = "display_name_required"
PHONE_REQUIRED = "phone_required"
INVALID_MOBILE = "invalid_mobile"
PHONE_TAKEN = "phone_taken"
ROLE_NOT_FOR_ORG = "role_not_for_org"
ORG_DISSOLVED = "org_dissolved"
REASON_REQUIRED = "reason_required"
GRANT_EXISTS = "grant_exists"
SAME_ROLE = "same_role"
LAST_GRANT = "last_grant"
ALREADY_DISABLED = "already_disabled"
ALREADY_ACTIVE = "already_active"
ACCOUNT_DISABLED = "account_disabled"
NOTHING_CHANGED = "nothing_changed"

# --- Races the checks could not see (409) ----------------------------------------------------------------------
CONFLICT = "conflict"

MESSAGES = {
    PERMISSION_DENIED: _("您没有管理该组织账号的权限"),
    ORG_NOT_FOUND: _("组织“%(org)s”不存在或不在您的管理范围内"),
    NOT_MANAGEABLE: _("该账号还持有超出您管理范围或高于您权限的授权，只能由上级管理员修改"),
    ROLE_TOO_HIGH: _("不能授予高于自己的角色：%(role)s只能由系统管理员授予"),
    PEER_ADMIN: _("总工会管理员只能授予您所管组织的下级总工会；本级组织的管理员由上级组织任命"),
    GRANT_NOT_MANAGEABLE: _("这项授权超出您的管理范围或高于您的权限，只能由上级管理员变更"),
    SELF_CHANGE: _("不能修改自己的账号或给自己授权，请联系上级管理员"),
    LAST_ADMIN_GRANT: _("这是您最后一项管理员授权，撤销后您将无法再管理账号，请联系上级管理员办理"),
    USERNAME_REQUIRED: _("登录名：请填写登录名"),
    INVALID_USERNAME: _("登录名：“%(username)s”不正确，应为 3–30 位英文字母、数字或 . _ -，以字母开头"),
    USERNAME_RESERVED: _("登录名：“%(username)s”是会员或合伙人账号使用的格式，请换一个"),
    USERNAME_TAKEN: _("登录名：“%(username)s”已被使用"),
    DISPLAY_NAME_REQUIRED: _("姓名：请填写使用人姓名"),
    PHONE_REQUIRED: _("手机号：请填写手机号，设置密码的链接将以短信发送"),
    INVALID_MOBILE: _("手机号：“%(phone)s”不正确，应为 11 位大陆手机号"),
    PHONE_TAKEN: _("手机号：%(phone)s 已被其他工作人员账号使用；一人只需一个账号，可以给原账号添加授权"),
    ROLE_NOT_FOR_ORG: _("总工会管理员只能授予区/市总工会或镇街总工会，“%(org)s”是%(kind)s"),
    ORG_DISSOLVED: _("组织“%(org)s”已撤销，不能在其上授权"),
    REASON_REQUIRED: _("授权原因：授予个人信息查看员须写明原因（最小必要原则）"),
    GRANT_EXISTS: _("该账号在“%(org)s”已是%(role)s"),
    SAME_ROLE: _("新角色与原角色相同"),
    LAST_GRANT: _("账号至少保留一项授权；不再使用的账号请停用"),
    ALREADY_DISABLED: _("该账号已停用"),
    ALREADY_ACTIVE: _("该账号未停用"),
    ACCOUNT_DISABLED: _("该账号已停用，请先启用再重置密码"),
    NOTHING_CHANGED: _("没有需要保存的修改"),
    CONFLICT: _("账号刚被他人修改，请刷新后重试"),
}

STATUS = {
    PERMISSION_DENIED: 403,
    ORG_NOT_FOUND: 404,
    NOT_MANAGEABLE: 403,
    ROLE_TOO_HIGH: 403,
    PEER_ADMIN: 403,
    GRANT_NOT_MANAGEABLE: 403,
    SELF_CHANGE: 403,
    LAST_ADMIN_GRANT: 403,
    CONFLICT: 409,
}


def error(code: str, *, field: str | None = None, **params) -> DomainError:
    """The ``DomainError`` for ``code`` with its message filled from ``params``."""
    message = MESSAGES[code]
    return DomainError(code, str(message) % params if params else message, field=field, status=STATUS.get(code, 400))
