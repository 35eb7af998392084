"""Every refusal of the members app: its stable code, Chinese message and HTTP status (docs/errors.md is generated
from these). Raise them as ``errors.NAME(param=…, field=…)``; the shared ``permission_denied`` and ``not_found`` are
core's, re-exported here."""

from django.utils.translation import gettext_lazy as _

from core.errors import NOT_FOUND as NOT_FOUND  # re-exported: services and views raise both from here
from core.errors import PERMISSION_DENIED as PERMISSION_DENIED
from core.errors import DomainError, ErrorCodes


class RosterRefused(DomainError):
    """The file as a whole cannot be imported (not an xlsx, empty, no header, too big): one clear message."""


codes = ErrorCodes("members", "会员")

EMPLOYER_REQUIRED = codes.define("employer_required", _("请指定工作单位（employer）或新就业形态类别（gig_platform）"))
UNION_NOT_ELIGIBLE = codes.define("union_not_eligible", _("申请加入的工会：所选工会不覆盖您的工作单位或从业类别"))
EMPLOYER_NOT_FOUND = codes.define("employer_not_found", _("工作单位：所选单位不存在"))
UNION_CANNOT_HOLD_MEMBERS = codes.define(
    "union_cannot_hold_members", _("转入工会：“%(n)s”不能接收会员，请确认组织代码")
)
INVALID_FILTER = codes.define("invalid_filter", _("筛选条件不正确"))
REASON_REQUIRED = codes.define("reason_required", _("导出原因：导出完整证件号码和手机号须填写原因"))
NO_DATA_ROWS = codes.define(
    "no_data_rows", _("文件中没有数据行：表头下方没有会员信息"), field="file", exception=RosterRefused
)
FILE_TOO_LARGE = codes.define(
    "file_too_large", _("文件超过 %(n)d MB，请拆分为多个文件后分批导入"), field="file", exception=RosterRefused
)
CONFLICT = codes.define(
    "conflict", _("导入期间名册被他人修改（有人员或会员证号刚被登记），未导入任何数据，请重新上传"), status=409
)
CONSENT_REQUIRED = codes.define("consent_required", _("请阅读并同意《个人信息处理告知书》后再提交"))
ALREADY_MEMBER = codes.define("already_member", _("证件号码：该证件已有有效会籍，如需转会请联系所在工会"))
APPLICATION_PENDING = codes.define("application_pending", _("证件号码：该证件已有待审核的入会申请，请耐心等待"))
APPLICATION_DECIDED = codes.define("application_decided", _("该申请已处理（%(s)s）"))
PHONE_TAKEN = codes.define("phone_taken", _("手机号：%(p)s 已被其他会员账号使用"))
NOT_XLSX = codes.define(
    "not_xlsx", _("文件不是有效的 Excel（.xlsx、.xls）或 CSV 文件"), field="file", exception=RosterRefused
)
TOO_MANY_ROWS = codes.define(
    "too_many_rows",
    _("%(t)s，超过单次导入上限 %(max)s 行，请拆分为多个文件后分批导入"),
    field="file",
    exception=RosterRefused,
)
MISSING_COLUMNS = codes.define(
    "missing_columns", _("找不到表头，缺少必填列：%(c)s。请使用下载的模板填写"), field="file", exception=RosterRefused
)
EMPTY_FILE = codes.define("empty_file", _("上传的文件是空的"), field="file", exception=RosterRefused)
PASSWORD_PROTECTED = codes.define(
    "password_protected", _("文件设置了打开密码，请取消密码后再上传"), field="file", exception=RosterRefused
)
DUPLICATE_COLUMN = codes.define(
    "duplicate_column", _("表头中“%(c)s”列出现了不止一次，请只保留一列"), field="file", exception=RosterRefused
)
UNION_DISSOLVED = codes.define("union_dissolved", _("所属工会：“%(n)s”已撤销"))
CARD_NO_TAKEN = codes.define("card_no_taken", _("会员证号：“%(c)s”已被使用"))
INVALID_CHANGE = codes.define("invalid_change", _("不支持的会籍变动"))
STATUS_CHANGE_NOT_ALLOWED = codes.define("status_change_not_allowed", _("会员当前为“%(s)s”，不能办理“%(k)s”"))
INVALID_DATE = codes.define("invalid_date", _("日期：请填写今天或以前的日期"))
TRANSFER_PENDING = codes.define("transfer_pending", _("该会员有待接收的转会，请先撤回或等待对方处理"))
MEMBER_NOT_ACTIVE = codes.define("member_not_active", _("只有在册会员可以转会，该会员当前为“%(s)s”"))
TRANSFER_SAME_UNION = codes.define("transfer_same_union", _("转入工会：不能与当前所属工会相同"))
TRANSFER_NOT_PENDING = codes.define("transfer_not_pending", _("该转会已处理（%(s)s）"))
