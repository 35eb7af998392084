"""Every refusal of the activities app: its stable code, Chinese message and HTTP status (docs/errors.md is generated
from these). Raise them as ``errors.NAME(param=…, field=…)``; the shared ``permission_denied`` and ``not_found`` are
core's, re-exported here."""

from django.utils.translation import gettext_lazy as _

from core.errors import NOT_FOUND as NOT_FOUND  # re-exported: services and views raise both from here
from core.errors import PERMISSION_DENIED as PERMISSION_DENIED
from core.errors import ErrorCodes

codes = ErrorCodes("activities", "活动")

NOT_A_MEMBER = codes.define("not_a_member", _("此接口仅供会员使用，请使用会员账号登录"), status=403)
CARD_NOT_FOUND = codes.define("card_not_found", _("会员证号“%(c)s”不存在"))
CHECKIN_NOT_OPEN = codes.define("checkin_not_open", _("活动%(s)s，不能签到"))
TICKET_NOT_FOUND = codes.define("ticket_not_found", _("票码“%(c)s”不是本活动的票"), status=404)
TICKET_NOT_CONFIRMED = codes.define("ticket_not_confirmed", _("该报名状态为“%(s)s”，不能签到"))
CHECKIN_CODE_EXPIRED = codes.define("checkin_code_expired", _("签到码已过期或无效，请扫描现场屏幕上的最新二维码"))
NOT_REGISTERED = codes.define("not_registered", _("您没有本活动的确认名额，请联系现场工作人员登记"), status=403)
NAME_REQUIRED = codes.define("name_required", _("姓名：请填写参与者姓名"))
ACTIVITY_NOT_FINISHED = codes.define("activity_not_finished", _("活动结束后才能评价"))
NOT_A_PARTICIPANT = codes.define("not_a_participant", _("参加了活动才能评价"), status=403)
INVALID_RATING = codes.define("invalid_rating", _("评分：请选择 1 到 5 分"))
ALREADY_RATED = codes.define("already_rated", _("您已评价过该活动"))
NOT_A_LOTTERY = codes.define("not_a_lottery", _("该活动不是抽签报名"))
ALREADY_DRAWN = codes.define("already_drawn", _("该活动已于 %(t)s 抽签"))
SEED_NOT_PUBLISHED = codes.define("seed_not_published", _("请先截止报名并公布抽签种子，再进行抽签"))
PHONE_TAKEN = codes.define("phone_taken", _("手机号 %(p)s 已是工作人员或会员的账号，请换一个号码"))
USERNAME_REQUIRED = codes.define("username_required", _("登录账号：请填写登录账号"))
USERNAME_TAKEN = codes.define("username_taken", _("登录账号：“%(u)s”已被使用"))
INVALID_MOBILE = codes.define("invalid_mobile", _("账号手机号“%(p)s”不正确，应为 11 位大陆手机号"))
DISPLAY_NAME_REQUIRED = codes.define("display_name_required", _("账号姓名：请填写使用人姓名"))
DUPLICATE_PHONE = codes.define("duplicate_phone", _("账号手机号“%(p)s”重复"))
SERIES_EXISTS = codes.define("series_exists", _("系列名称：%(y)d 年已有“%(n)s”系列"))
PARTNER_EXISTS = codes.define("partner_exists", _("合伙人名称：“%(n)s”已登记"))
SERIES_NOT_OPEN = codes.define("series_not_open", _("活动系列：该系列不属于与您合作的工会"))
PROPOSAL_INCOMPLETE = codes.define("proposal_incomplete", _("方案名称和方案内容：请填写完整"))
PROPOSAL_DECIDED = codes.define("proposal_decided", _("该方案已审核（%(s)s）"))
INVALID_DECISION = codes.define("invalid_decision", _("审核结论不正确"))
COMMENT_REQUIRED = codes.define("comment_required", _("审核意见：退回或不采纳时请填写意见"))
PROPOSAL_NOT_EDITABLE = codes.define("proposal_not_editable", _("只有被退回修改的方案可以重新提交"))
ACTIVITY_OVER = codes.define("activity_over", _("活动%(s)s，不能修改"))
STATUS_NOT_ALLOWED = codes.define("status_not_allowed", _("活动当前为“%(s)s”，不能执行此操作"))
REASON_REQUIRED = codes.define("reason_required", _("取消原因：请填写取消原因，报名者会收到通知"))
REGISTRATION_CLOSED = codes.define("registration_closed", _("该活动当前不接受报名（%(s)s）"))
REGISTRATION_NOT_OPEN = codes.define("registration_not_open", _("报名将于 %(t)s 开始"))
NOT_ELIGIBLE = codes.define("not_eligible", _("您不符合本活动的报名条件"), status=403)
REGISTRATION_NOT_ACTIVE = codes.define("registration_not_active", _("该报名已结束（%(s)s）"))
CANCEL_DEADLINE_PASSED = codes.define("cancel_deadline_passed", _("已过取消报名截止时间，如有特殊情况请联系主办方"))
REGISTRATION_DECIDED = codes.define("registration_decided", _("该报名已处理"))
TITLE_REQUIRED = codes.define("title_required", _("活动名称：请填写活动名称"))
INVALID_CAPACITY = codes.define("invalid_capacity", _("名额：至少为 1"))
ENDS_BEFORE_START = codes.define("ends_before_start", _("结束时间：不能早于开始时间"))
AUDIENCE_OUTSIDE_ORGANISER = codes.define("audience_outside_organiser", _("面向组织：须为主办组织或其下级组织"))
CONFLICT = codes.define("conflict", _("报名繁忙，请稍后重试"), status=409)
ACTIVITY_FULL = codes.define("activity_full", _("名额已满"), status=409)
CAPACITY_BELOW_CONFIRMED = codes.define("capacity_below_confirmed", _("名额：已确认 %(n)d 人，不能少于此数"))
REGISTRATION_WINDOW_INVALID = codes.define("registration_window_invalid", _("报名截止：不能早于报名开始"))
REGISTRATION_AFTER_START = codes.define("registration_after_start", _("报名截止：不能晚于活动开始时间"))
INVALID_SUBSIDY = codes.define(
    "invalid_subsidy", _("工会补助金额：应为不小于 0、最多两位小数、小于 100 亿的金额（元）")
)
