"""Every refusal of the accounts app: its stable code, Chinese message and HTTP status (docs/errors.md is generated
from these). Raise them as ``errors.USERNAME_TAKEN(username="zhang", field="username")``; the shared
``permission_denied`` and ``not_found`` are core's."""

from django.utils.translation import gettext_lazy as _

from core.errors import NOT_FOUND as NOT_FOUND  # re-exported: services and views raise both from here
from core.errors import PERMISSION_DENIED as PERMISSION_DENIED
from core.errors import ErrorCodes, PermissionDeniedError

codes = ErrorCodes("accounts", "账号与权限")

# --- Logging in for an API token ---------------------------------------------------------------------------------
INVALID_CREDENTIALS = codes.define("invalid_credentials", _("用户名或密码不正确"), status=401)
TOKEN_NOT_MANAGEABLE = codes.define(
    "token_not_manageable",
    _("只能撤销自己的令牌，或您有权管理的账号的令牌"),
    status=403,
    exception=PermissionDeniedError,
)
LOGIN_LOCKED = codes.define("login_locked", _("登录失败次数过多，该账号在本机已被锁定 30 分钟"), status=429)

# --- Who may do it (403) -----------------------------------------------------------------------------------------
NOT_MANAGEABLE = codes.define(
    "account_not_manageable",
    _("该账号还持有超出您管理范围或高于您权限的授权，只能由上级管理员修改"),
    status=403,
    exception=PermissionDeniedError,
)
ROLE_TOO_HIGH = codes.define(
    "role_too_high",
    _("不能授予高于自己的角色：%(role)s只能由权限更高的管理员授予"),
    status=403,
    exception=PermissionDeniedError,
)
PEER_ADMIN = codes.define(
    "peer_admin",
    _("总工会管理员只能授予您所管组织的下级总工会；本级组织的管理员由上级组织任命"),
    status=403,
    exception=PermissionDeniedError,
)
GRANT_NOT_MANAGEABLE = codes.define(
    "grant_not_manageable",
    _("这项授权超出您的管理范围或高于您的权限，只能由上级管理员变更"),
    status=403,
    exception=PermissionDeniedError,
)
SELF_CHANGE = codes.define(
    "self_change",
    _("不能修改自己的账号或给自己授权，请联系上级管理员"),
    status=403,
    exception=PermissionDeniedError,
)
LAST_ADMIN_GRANT = codes.define(
    "last_admin_grant",
    _("这是您最后一项管理员授权，撤销后您将无法再管理账号，请联系上级管理员办理"),
    status=403,
    exception=PermissionDeniedError,
)

# --- What is asked (400) -------------------------------------------------------------------------------------------
USERNAME_REQUIRED = codes.define("username_required", _("登录名：请填写登录名"))
INVALID_USERNAME = codes.define(
    "invalid_username", _("登录名：“%(username)s”不正确，应为 3–30 位英文字母、数字或 . _ -，以字母开头")
)
USERNAME_RESERVED = codes.define("username_reserved", _("登录名：“%(username)s”是会员或合伙人账号使用的格式，请换一个"))
USERNAME_TAKEN = codes.define("username_taken", _("登录名：“%(username)s”已被使用"))
DISPLAY_NAME_REQUIRED = codes.define("display_name_required", _("姓名：请填写使用人姓名"))
PHONE_REQUIRED = codes.define("phone_required", _("手机号：请填写手机号，设置密码的链接将以短信发送"))
INVALID_MOBILE = codes.define("invalid_mobile", _("手机号：“%(phone)s”不正确，应为 11 位大陆手机号"))
PHONE_TAKEN = codes.define(
    "phone_taken", _("手机号：%(phone)s 已被其他工作人员账号使用；一人只需一个账号，可以给原账号添加授权")
)
INVALID_ROLE = codes.define("invalid_role", _("角色：“%(role)s”不是有效的角色"))
ROLE_NOT_FOR_ORG = codes.define(
    "role_not_for_org", _("总工会管理员只能授予区/市总工会或镇街总工会，“%(org)s”是%(kind)s")
)
ORG_DISSOLVED = codes.define("org_dissolved", _("组织“%(org)s”已撤销，不能在其上授权"))
REASON_REQUIRED = codes.define("reason_required", _("授权原因：授予%(role)s须写明原因（最小必要原则）"))
GRANT_EXISTS = codes.define("grant_exists", _("该账号在“%(org)s”已是%(role)s"))
SAME_ROLE = codes.define("same_role", _("新角色与原角色相同"))
LAST_GRANT = codes.define("last_grant", _("账号至少保留一项授权；不再使用的账号请停用"))
ALREADY_DISABLED = codes.define("already_disabled", _("该账号已停用"))
ALREADY_ACTIVE = codes.define("already_active", _("该账号未停用"))
ACCOUNT_DISABLED = codes.define("account_disabled", _("该账号已停用，请先启用再重置密码"))

# --- Races the checks could not see (409) ------------------------------------------------------------------------
CONFLICT = codes.define("conflict", _("账号刚被他人修改，请刷新后重试"), status=409)

# An org named in a form or request body outside the actor's scope: core's not_found, saying which org.
ORG_NOT_FOUND_MESSAGE = _("组织“%(org)s”不存在或不在您的管理范围内")
