"""Every refusal of the union-life module (基层基础: notices and tasks, officers and terms), with its Chinese message
and HTTP status (docs/errors.md)."""

from django.utils.translation import gettext_lazy as _

from core.errors import ErrorCodes

codes = ErrorCodes("unionlife", "基层基础")

# Notices and tasks
TITLE_REQUIRED = codes.define("title_required", _("标题：必填"), field="title")
BODY_REQUIRED = codes.define("body_required", _("正文：必填"), field="body")
INVALID_CHOICE = codes.define("invalid_choice", _("%(label)s：请选择"))
INVALID_KIND = codes.define("invalid_kind", _("组织类型：%(kind)s 不是可选的类型"), field="kinds")
ORG_NOT_FOUND = codes.define("org_not_found", _("%(label)s：在您的管理范围内没有组织 %(code)s"))
NO_RECIPIENTS = codes.define("no_recipients", _("发送范围：按所选条件没有可接收的组织"), field="orgs")
DUE_REQUIRED = codes.define("due_required", _("报送期限：有报送任务的通知须填写期限"), field="due_on")
DUE_PAST = codes.define("due_past", _("报送期限：不能早于今天"), field="due_on")
FIELDS_REQUIRED = codes.define("fields_required", _("报送表单：至少定义一个字段"), field="fields")
INVALID_FIELD = codes.define("invalid_field", _("报送表单第 %(n)s 项：%(reason)s"), field="fields")
FIGURE_LABEL_REQUIRED = codes.define("figure_label_required", _("报送数字名称：必填"), field="figure_label")
INVALID_ATTACHMENT = codes.define(
    "invalid_attachment", _("附件：仅支持 PDF、Word、Excel、图片和压缩包，每个不超过 20 MB"), field="attachments"
)
NOT_A_TASK = codes.define("not_a_task", _("该通知没有报送任务"), status=409)
ANSWER_REQUIRED = codes.define("answer_required", _("%(label)s：必填"))
INVALID_NUMBER = codes.define("invalid_number", _("%(label)s：请填写数字"))
INVALID_DATE = codes.define("invalid_date", _("%(label)s：请填写 1900 年到 2100 年之间的日期"))
INVALID_ANSWER_CHOICE = codes.define("invalid_answer_choice", _("%(label)s：请从选项中选择"))
NOTHING_TO_REMIND = codes.define("nothing_to_remind", _("没有需要催报的单位"), status=409)
NOT_FOR_MEMBERS = codes.define("not_for_members", _("该通知不是发给会员的"), status=404)

# Officers and terms
HELD_ON_REQUIRED = codes.define("held_on_required", _("大会日期：必填"), field="held_on")
HELD_ON_FUTURE = codes.define("held_on_future", _("大会日期：不能晚于今天"), field="held_on")
HELD_BEFORE_TERM = codes.define("held_before_term", _("大会日期：应晚于本届开始日期 %(day)s"), field="held_on")
INVALID_LENGTH = codes.define("invalid_length", _("任期：应为 3 年或 5 年"), field="length_years")
INVALID_DELEGATES = codes.define("invalid_delegates", _("出席人数：请填写 1 到 100000 之间的整数"), field="delegates")
CHAIR_REQUIRED = codes.define("chair_required", _("委员会：须选出一名主席"), field="officers")
ONE_CHAIR = codes.define("one_chair", _("委员会：只能有一名主席"), field="officers")
INVALID_OFFICER = codes.define("invalid_officer", _("委员会第 %(n)s 人：%(reason)s"), field="officers")
NO_OPEN_TERM = codes.define("no_open_term", _("该工会还没有登记本届委员会，请先登记会员（代表）大会"), status=409)
NOT_A_TOWN = codes.define("not_a_town", _("兼职副主席只设在镇街总工会"), status=409)
SOURCE_NOT_BELOW = codes.define(
    "source_not_below", _("来自工会：请选择本镇街下的企业（基层、联合、行业）工会"), field="source_union"
)
NO_CHAIR = codes.define("no_chair", _("该工会没有在任的主席"), status=409)
ALREADY_VICE_CHAIR = codes.define("already_vice_chair", _("该工会主席已是本镇街的兼职副主席"), status=409)
OFFICER_ENDED = codes.define("officer_ended", _("该干部已于 %(day)s 离任"), status=409)
INVALID_ENDS_ON = codes.define("invalid_ends_on", _("离任日期：不能早于任职日期，也不能晚于今天"), field="ends_on")

# Assessment and 1+X
ASSESSMENT_EXISTS = codes.define("assessment_exists", _("%(year)s 年度的星级评定已经创建"), status=409)
INVALID_YEAR = codes.define("invalid_year", _("年度：请填写 2000 到 2100 之间的年份"), field="year")
INVALID_MONEY = codes.define("invalid_money", _("%(label)s：请填写不小于 0、最多两位小数的金额（元）"))
ASSESSMENT_CLOSED = codes.define("assessment_closed", _("该年度星级评定已结束"), status=409)
NOT_ASSESSED_UNION = codes.define("not_assessed_union", _("只有评定单位下属的工会可以参加评定"), status=409)
INVALID_POINTS = codes.define("invalid_points", _("%(label)s：得分应在 0 到 %(max)s 分之间"))
EVIDENCE_REQUIRED = codes.define("evidence_required", _("%(label)s：请写明佐证材料"))
ALREADY_REVIEWED = codes.define("already_reviewed", _("该工会的评定已由镇街评分，不能再修改自评"), status=409)
NOT_SUBMITTED = codes.define("not_submitted", _("该工会的评定还不能%(what)s"), status=409)
INVALID_STAR = codes.define("invalid_star", _("星级：应为一星到五星"), field="star")
INVALID_TITLE = codes.define("invalid_title", _("称号：%(title)s 不是可授予的称号"), field="titles")
STAR_TOO_LOW = codes.define("star_too_low", _("1+X 积分只适用于三星级以上工会的主席"), status=409)
INVALID_EXTRA = codes.define("invalid_extra", _("加分项第 %(n)s 项：%(reason)s"), field="extras")
INVALID_EVIDENCE_FILE = codes.define(
    "invalid_evidence_file", _("佐证材料：仅支持 PDF、Word、Excel、PPT、图片和压缩包，每个不超过 20 MB"), field="file"
)
EVIDENCE_FILE_REQUIRED = codes.define("evidence_file_required", _("佐证材料：请选择文件"), field="file")
TOO_MANY_EVIDENCE = codes.define("too_many_evidence", _("%(label)s：佐证材料最多 %(n)s 个"), field="file")
UNKNOWN_CRITERION = codes.define(
    "unknown_criterion", _("评定内容：%(code)s 不是本年度需要自评的项目"), field="criterion"
)
INVALID_CRITERION = codes.define("invalid_criterion", _("评定标准第 %(n)s 项：%(reason)s"), field="criteria")
INVALID_STAR_SCORES = codes.define(
    "invalid_star_scores", _("星级分数线：请按二星到五星从低到高填写 4 个 0 到 1000 之间的分数"), field="star_scores"
)

# Pairings and alliances
NAME_REQUIRED = codes.define("name_required", _("名称：必填，最多 100 字"), field="name")
GOALS_REQUIRED = codes.define("goals_required", _("共建目标：必填"), field="goals")
STARTS_REQUIRED = codes.define(
    "starts_required", _("开始日期：必填，应为 1900 年到 2100 年之间的日期"), field="starts_on"
)
ENDS_REQUIRED = codes.define("ends_required", _("结束日期：必填，应为 1900 年到 2100 年之间的日期"), field="ends_on")
ENDS_BEFORE_START = codes.define("ends_before_start", _("结束日期：不能早于开始日期"), field="ends_on")
PARTIES_TOO_FEW = codes.define(
    "parties_too_few", _("结对单位：至少两方，其中至少一方是本平台的工会组织"), field="parties"
)
INVALID_PARTY = codes.define("invalid_party", _("结对单位第 %(n)s 方：%(reason)s"), field="parties")
PAIRING_CLOSED = codes.define("pairing_closed", _("该结对共建已%(status)s"), status=409)
INVALID_CLOSE_STATUS = codes.define("invalid_close_status", _("结束方式：应为“已完成”或“已终止”"), field="status")
CLOSED_ON_INVALID = codes.define(
    "closed_on_invalid", _("结束办理日期：不能早于开始日期，也不能晚于今天"), field="closed_on"
)
RECORD_DATE_INVALID = codes.define(
    "record_date_invalid", _("日期：应在结对开始之后，且不晚于今天"), field="happened_on"
)
RECORD_TEXT_REQUIRED = codes.define("record_text_required", _("进展情况：必填"), field="text")
INVALID_ALLIANCE_KIND = codes.define(
    "invalid_alliance_kind", _("类型：请选择工会联盟、阵地联盟或社区工会联合会"), field="kind"
)
FOUNDED_REQUIRED = codes.define("founded_required", _("成立日期：必填，不能晚于今天"), field="founded_on")
LEAD_NOT_BELOW = codes.define(
    "lead_not_below", _("牵头工会：应是登记单位（或其下级）的在册基层、联合、行业或村/社区工会"), field="lead"
)
NOT_A_UNION = codes.define(
    "not_a_union", _("成员工会：%(name)s 不是在册的基层、联合、行业或村/社区工会"), field="members"
)
PLACE_NOT_SHARED = codes.define(
    "place_not_shared", _("共享阵地：%(name)s 不属于登记单位或联盟成员工会"), field="places"
)
ALLIANCE_DISSOLVED = codes.define("alliance_dissolved", _("该联盟已于 %(day)s 解散"), status=409)
ALREADY_MEMBER = codes.define("already_member", _("成员工会：%(name)s 已是联盟成员"), field="union")
JOINED_ON_INVALID = codes.define(
    "joined_on_invalid", _("加入日期：不能早于联盟成立日期，也不能晚于今天"), field="joined_on"
)
LEFT_ON_INVALID = codes.define("left_on_invalid", _("退出日期：不能早于加入日期，也不能晚于今天"), field="left_on")
LEAD_CANNOT_LEAVE = codes.define("lead_cannot_leave", _("牵头工会不能退出联盟，请先更换牵头工会"), status=409)
MEMBER_LEFT = codes.define("member_left", _("该工会已于 %(day)s 退出联盟"), status=409)
ORGANISER_NOT_MEMBER = codes.define(
    "organiser_not_member", _("活动：主办组织应是联盟的成员工会或登记单位"), field="activity"
)
CO_ORGANISER_NOT_MEMBER = codes.define(
    "co_organiser_not_member", _("联合主办：%(name)s 不是联盟的在册成员"), field="co_organisers"
)
ALREADY_JOINT = codes.define("already_joint", _("活动：该活动已登记为本联盟的联办活动"), field="activity")
DISSOLVED_ON_INVALID = codes.define(
    "dissolved_on_invalid", _("解散日期：不能早于成立日期，也不能晚于今天"), field="dissolved_on"
)
