"""Every refusal of the orgs app: its stable code, Chinese message and HTTP status (docs/errors.md is generated
from these). Raise them as ``errors.NAME(param=…, field=…)``; the shared ``permission_denied`` and ``not_found`` are
core's, re-exported here."""

from django.utils.translation import gettext_lazy as _

from core.errors import NOT_FOUND as NOT_FOUND  # re-exported: services and views raise both from here
from core.errors import PERMISSION_DENIED as PERMISSION_DENIED
from core.errors import ErrorCodes

codes = ErrorCodes("orgs", "组织与企业")

COVERING_UNION_NOT_FOUND = codes.define("covering_union_not_found", _("覆盖工会不存在或不在您的管理范围内"))
CONFLICT = codes.define("conflict", _("数据已被他人同时修改，请刷新后重试"), status=409)
PARENT_DISSOLVED = codes.define("parent_dissolved", _("上级组织“%(name)s”已撤销，不能在其下设立或调入组织"))
KIND_NOT_ALLOWED_HERE = codes.define(
    "kind_not_allowed_here", _("%(kind)s不能设在“%(parent)s”（%(pkind)s）之下；其下可设：%(allowed)s")
)
CANNOT_MOVE_ROOT = codes.define("cannot_move_root", _("顶级组织不能调整隶属关系"))
ORG_MOVE_INTO_DESCENDANT = codes.define(
    "org_move_into_descendant", _("不能把“%(org)s”调到它自己或它的下级组织“%(target)s”之下")
)
ORG_MOVE_NOOP = codes.define("org_move_noop", _("“%(org)s”已经隶属于“%(p)s”"))
ORG_ALREADY_DISSOLVED = codes.define("org_already_dissolved", _("“%(org)s”已于 %(d)s 撤销"))
CANNOT_DISSOLVE_ROOT = codes.define("cannot_dissolve_root", _("顶级组织不能撤销"))
DISSOLVE_REASON_REQUIRED = codes.define("dissolve_reason_required", _("撤销原因：请填写撤销原因"))
ORG_HAS_ACTIVE_CHILDREN = codes.define(
    "org_has_active_children", _("“%(org)s”还有 %(n)d 个未撤销的下级组织，请先撤销或调出这些组织")
)
ORG_COVERS_ENTERPRISES = codes.define(
    "org_covers_enterprises", _("“%(org)s”仍覆盖 %(n)d 家企业，请先为这些企业调整覆盖工会")
)
ENTERPRISE_USCC_TAKEN = codes.define("enterprise_uscc_taken", _("统一社会信用代码“%(v)s”的企业已登记"))
ORG_CODE_TAKEN = codes.define("org_code_taken", _("组织代码：“%(code)s”已被使用"))
ORG_USCC_TAKEN = codes.define("org_uscc_taken", _("统一社会信用代码：“%(v)s”已被其他组织使用"))
ORG_KIND_CHANGE_DENIED = codes.define(
    "org_kind_change_denied", _("组织类型：变更类型需要调整隶属关系的权限，请联系上级总工会办理"), status=403
)
COVERING_UNION_INVALID = codes.define(
    "covering_union_invalid", _("覆盖工会须为正常状态的基层、联合、行业或村/社区工会，“%(n)s”不符合")
)
