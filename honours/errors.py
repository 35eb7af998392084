"""Every refusal of the honours register (荣誉), with its Chinese message and HTTP status (docs/errors.md)."""

from django.utils.translation import gettext_lazy as _

from core.errors import ErrorCodes

codes = ErrorCodes("honours", "荣誉")

NAME_REQUIRED = codes.define("name_required", _("称号名称：必填，最多 50 字"), field="name")
NAME_TAKEN = codes.define("name_taken", _("称号名称：本单位已有称号“%(name)s”"), field="name", status=409)
INVALID_CATEGORY = codes.define("invalid_category", _("类别：请选择"), field="category")
NOT_A_DISTRICT = codes.define("not_a_district", _("设立单位：荣誉称号由区（市）总工会设立"), field="org")
INVALID_LEVEL = codes.define("invalid_level", _("级别：请选择区级、市级、省级或全国"), field="level")
INVALID_YEAR = codes.define("invalid_year", _("年度：请填写 2000 到 2100 之间的年份"), field="year")
TITLE_INACTIVE = codes.define("title_inactive", _("称号：该称号已停用"), field="title", status=409)
TITLE_NOT_ABOVE = codes.define("title_not_above", _("称号：推荐单位不在该称号设立单位的范围内"), field="title")
HOLDER_REQUIRED = codes.define(
    "holder_required", _("推荐对象：个人称号请选择会员，集体称号请填写集体名称"), field="holder"
)
MEMBER_NOT_BELOW = codes.define("member_not_below", _("会员：该会员不在推荐单位的范围内"), field="member")
ALREADY_NOMINATED = codes.define(
    "already_nominated", _("%(name)s 已被推荐 %(year)s 年度“%(title)s”，请勿重复推荐"), status=409
)
NOT_REVIEWING = codes.define("not_reviewing", _("该推荐已办结，不能再审核"), status=409)
NOT_YOUR_TURN = codes.define("not_your_turn", _("该推荐正等待%(org)s审核"), status=409)
INVALID_DECISION = codes.define("invalid_decision", _("审核意见：请选择同意或不同意"), field="decision")
NOTE_REQUIRED = codes.define("note_required", _("说明：不同意时请写明理由"), field="note")
NOT_FORWARDED = codes.define("not_forwarded", _("只有已推荐上报的推荐才能登记评选结果"), status=409)
BODY_REQUIRED = codes.define("body_required", _("授予单位：必填，最多 100 字"), field="awarding_body")
INVALID_DATE = codes.define("invalid_date", _("授予日期：请填写不晚于今天的日期"), field="awarded_on")
