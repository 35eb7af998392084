"""Every refusal of the volunteers module (志愿服务), with its Chinese message and HTTP status (docs/errors.md)."""

from django.utils.translation import gettext_lazy as _

from core.errors import ErrorCodes

codes = ErrorCodes("volunteers", "志愿服务")

NAME_REQUIRED = codes.define("name_required", _("队名：必填"), field="name")
INVALID_ORG = codes.define("invalid_org", _("所属工会：请选择您管理范围内正常状态的工会"), field="org")
TEAM_DISBANDED = codes.define("team_disbanded", _("该服务队已解散"), status=409)
MEMBER_NOT_FOUND = codes.define("member_not_found", _("会员：未找到该会员，请输入会员证号"), field="member")
MEMBER_OUT_OF_SCOPE = codes.define(
    "member_out_of_scope", _("会员：该会员不属于“%(org)s”及其下级工会，不能加入该服务队"), field="member"
)
MEMBER_NOT_HOLDING = codes.define("member_not_holding", _("会员：%(name)s的会籍不在有效状态"), field="member")
ALREADY_VOLUNTEER = codes.define("already_volunteer", _("%(name)s已是该服务队的志愿者"), status=409)
NOT_VOLUNTEER = codes.define("not_volunteer", _("%(name)s不是“%(team)s”在队的志愿者"), status=409)
ALREADY_LEFT = codes.define("already_left", _("该志愿者已退出服务队"), status=409)
LEADER_CANNOT_LEAVE = codes.define("leader_cannot_leave", _("队长不能退出服务队，请先更换队长"), status=409)
LEADER_NOT_VOLUNTEER = codes.define("leader_not_volunteer", _("队长：请选择该服务队在队的志愿者"), field="leader")
TITLE_REQUIRED = codes.define("title_required", _("岗位：必填"), field="title")
INVALID_TIMES = codes.define("invalid_times", _("结束时间：应晚于开始时间，且一个岗位不超过 24 小时"), field="ends_at")
INVALID_QUOTA = codes.define("invalid_quota", _("人数：请填写 1 到 500 之间的整数"), field="quota")
INVALID_PLACE = codes.define("invalid_place", _("阵地：请选择该服务队所属工会上下级的开放阵地"), field="place")
INVALID_ACTIVITY = codes.define("invalid_activity", _("活动：请选择该服务队所属工会上下级的活动"), field="activity")
SHIFT_FULL = codes.define("shift_full", _("该岗位人数已满"), status=409)
SHIFT_STARTED = codes.define("shift_started", _("该岗位已开始，不能再报名或取消"), status=409)
SHIFT_NOT_STARTED = codes.define("shift_not_started", _("该岗位尚未开始，不能确认到岗"), status=409)
ALREADY_SIGNED_UP = codes.define("already_signed_up", _("您已报名该岗位"), status=409)
SIGNUP_CANCELLED = codes.define("signup_cancelled", _("该报名已取消"), status=409)
ALREADY_ATTENDED = codes.define("already_attended", _("已确认到岗，服务时长已记录"), status=409)
INVALID_HOURS = codes.define(
    "invalid_hours", _("时长：请填写大于 0、不超过 24 的小时数，以半小时为单位（如 1.5）"), field="hours"
)
INVALID_DATE = codes.define("invalid_date", _("服务日期：请填写不晚于今天、两年以内的日期"), field="served_on")
DESCRIPTION_REQUIRED = codes.define("description_required", _("服务内容：必填"), field="description")
INVALID_SHIFT = codes.define("invalid_shift", _("志愿岗：请选择该服务队的岗位"), field="shift")
NOT_PENDING = codes.define("not_pending", _("该服务记录已处理（%(status)s）"), status=409)
OWN_RECORD = codes.define("own_record", _("不能确认自己的服务记录，请由工会工作人员确认"), status=409)
REASON_REQUIRED = codes.define("reason_required", _("原因：请填写未通过的原因"), field="reason")
