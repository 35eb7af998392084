"""Every refusal of the training module (职工培训), with its Chinese message and HTTP status (docs/errors.md)."""

from django.utils.translation import gettext_lazy as _

from core.errors import ErrorCodes

codes = ErrorCodes("training", "职工培训")

TITLE_REQUIRED = codes.define("title_required", _("课程名称：必填"), field="title")
INVALID_KIND = codes.define("invalid_kind", _("类别：请选择技能培训或学历提升"), field="kind")
PROVIDER_REQUIRED = codes.define(
    "provider_required", _("承办学校或机构：请选择工匠学堂或填写学校名称"), field="provider_name"
)
INVALID_PLACE = codes.define("invalid_place", _("工匠学堂：请选择您管理范围内开放的工匠学堂"), field="provider_place")
INVALID_CAPACITY = codes.define("invalid_capacity", _("名额：请填写 1 到 10000 之间的整数"), field="capacity")
CAPACITY_BELOW_ENROLLED = codes.define(
    "capacity_below_enrolled", _("名额：不能少于已报名的 %(n)s 人"), field="capacity"
)
INVALID_AMOUNT = codes.define("invalid_amount", _("%(label)s：请填写不小于 0、最多两位小数的金额（元）"))
SUBSIDY_ABOVE_FEE = codes.define("subsidy_above_fee", _("工会补贴：不能高于学费"), field="subsidy")
INVALID_REQUIRED_SESSIONS = codes.define(
    "invalid_sessions_required", _("结业须出勤课次：请填写 1 到 200 之间的整数"), field="sessions_required"
)
INVALID_ORG = codes.define("invalid_org", _("主办工会：请选择您管理范围内正常状态的工会"), field="org")
TOPIC_REQUIRED = codes.define("topic_required", _("内容：必填"), field="topic")
INVALID_SESSION_TIME = codes.define("invalid_session_time", _("结束时间：须晚于开始时间"), field="ends_at")
COURSE_NOT_OPEN = codes.define("course_not_open", _("课程%(s)s，不能报名"), status=409)
COURSE_FULL = codes.define("course_full", _("名额已满"), status=409)
ALREADY_ENROLLED = codes.define("already_enrolled", _("已报名该课程"), status=409)
NOT_ELIGIBLE = codes.define("not_eligible", _("该课程仅面向主办工会及其下属工会的会员"), status=403)
MEMBER_NOT_FOUND = codes.define(
    "member_not_found", _("会员证：未找到有效会员，请扫描会员的电子会员证或输入会员证号"), field="code"
)
NOT_ENROLLED = codes.define("not_enrolled", _("%(name)s 未报名该课程"), status=409)
ENROLMENT_CLOSED = codes.define("enrolment_not_active", _("报名%(s)s，不能再操作"), status=409)
COURSE_FINISHED = codes.define("course_finished", _("课程已结业，不能再%(what)s"), status=409)
NO_SESSIONS = codes.define("no_sessions", _("课程还没有课次，不能结业"), status=409)
