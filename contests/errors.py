"""Every refusal of the contests module (劳动竞赛, 技术比武), with its Chinese message and HTTP status
(docs/errors.md)."""

from django.utils.translation import gettext_lazy as _

from core.errors import ErrorCodes

codes = ErrorCodes("contests", "竞赛")

TITLE_REQUIRED = codes.define("title_required", _("名称：必填，最多 200 字"), field="title")
INVALID_KIND = codes.define("invalid_kind", _("类别：请选择劳动竞赛或技术比武"), field="kind")
INVALID_YEAR = codes.define("invalid_year", _("年度：请填写 2000 到 2100 之间的年份"), field="year")
INVALID_DATES = codes.define("invalid_dates", _("结束日期：不能早于开始日期"), field="ends_on")
NAME_REQUIRED = codes.define("name_required", _("%(label)s：必填，最多 %(n)s 字"), field="name")
INVALID_MODE = codes.define("invalid_mode", _("形式：请选择个人赛或团体赛"), field="mode")
HELD_OUTSIDE = codes.define("held_outside", _("比赛日期：应在竞赛的起止日期之内"), field="held_on")
INVALID_MAX = codes.define("invalid_max", _("满分：请填写 1 到 10000 之间、最多两位小数的分数"), field="max_score")
NOT_STAFF = codes.define("not_staff", _("裁判：请选择工作人员账号"), field="user")
ALREADY_JUDGE = codes.define("already_judge", _("裁判：%(name)s 已是本项目的裁判"), field="user", status=409)
ENTRIES_CLOSED = codes.define("entries_closed", _("报名已截止"), status=409)
NOT_OPEN_YET = codes.define("not_open_yet", _("报名截止后才能评分"), status=409)
MEMBER_NOT_BELOW = codes.define("member_not_below", _("选手：该会员不在主办单位的范围内"), field="member")
MEMBER_NOT_HELD = codes.define("member_not_held", _("选手：会籍状态不是在会，不能报名"), field="member")
ALREADY_ENTERED = codes.define("already_entered", _("%(name)s 已报名本项目"), status=409)
TEAM_REQUIRED = codes.define("team_required", _("参赛队：团体赛请选择参赛队"), field="team")
TEAM_UNION = codes.define("team_union", _("参赛队：选手应与参赛队属于同一工会"), field="team")
TEAM_TAKEN = codes.define("team_taken", _("队名：本项目已有参赛队“%(name)s”"), field="name", status=409)
UNION_NOT_BELOW = codes.define("union_not_below", _("参赛单位：不在主办单位的范围内"), field="union")
NOT_A_JUDGE = codes.define("not_a_judge", _("您不是该项目的裁判"), status=403)
WRONG_EVENT = codes.define("wrong_event", _("选手：不是本项目的选手"), field="entry")
INVALID_SCORE = codes.define("invalid_score", _("得分：请填写 0 到 %(max)s 之间、最多两位小数的分数"), field="value")
PUBLISHED = codes.define("published", _("该项目成绩已公布，不能再修改"), status=409)
NO_ROUNDS = codes.define("no_rounds", _("该项目还没有设置轮次"), status=409)
NO_ENTRIES = codes.define("no_entries", _("该项目还没有选手"), status=409)
SCORES_MISSING = codes.define("scores_missing", _("还有 %(n)s 项成绩未录入，不能公布"), status=409)
NOT_PUBLISHED = codes.define("not_published", _("成绩公布后才能推荐获奖选手"), status=409)
INVALID_TOP = codes.define("invalid_top", _("推荐名次：请填写 1 到 50 之间的整数"), field="top")
TITLE_KIND = codes.define("title_kind", _("称号：个人赛请选择个人称号，团体赛请选择集体称号"), field="title")
