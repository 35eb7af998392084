"""Every refusal of the appeals app: its stable code, Chinese message and HTTP status (docs/errors.md is generated
from these). Raise them as ``errors.NAME(param=…, field=…)``; the shared ``permission_denied`` and ``not_found`` are
core's, re-exported here."""

from django.utils.translation import gettext_lazy as _

from core.errors import NOT_FOUND as NOT_FOUND  # re-exported: services and views raise both from here
from core.errors import PERMISSION_DENIED as PERMISSION_DENIED
from core.errors import ErrorCodes

codes = ErrorCodes("appeals", "诉求与建议")

NOT_A_MEMBER = codes.define("not_a_member", _("此接口仅供会员使用，请使用会员账号登录"), status=403)
CODE_REQUIRED = codes.define("code_required", _("验证码：必填"))
ACCESS_INVALID = codes.define("access_invalid", _("验证凭证无效，请重新获取验证码"))
EMPLOYER_NOT_FOUND = codes.define("employer_not_found", _("用人单位：所选单位不存在"))
TOWN_NOT_FOUND = codes.define("town_not_found", _("所在镇街：所选组织不存在"))
ACCESS_EXPIRED = codes.define("access_expired", _("验证已过期，请重新获取验证码"))
INVALID_PERIOD = codes.define("invalid_period", _("截止日期不能早于起始日期"))
PHOTO_TOO_LARGE = codes.define("photo_too_large", _("%(l)s：超过 10 MB"))
PHOTO_NOT_IMAGE = codes.define("photo_not_image", _("%(l)s：不是有效的图片文件"))
PHOTO_FORMAT = codes.define("photo_format", _("%(l)s：只支持 JPG、PNG、WEBP 图片"))
NO_ROUTE = codes.define("no_route", _("所在镇街：请选择您所在的镇/街道"))
INVALID_MOBILE = codes.define("invalid_mobile", _("手机号：请填写正确的 11 位手机号"))
CODE_TOO_FREQUENT = codes.define("code_too_frequent", _("验证码发送过于频繁，请 1 分钟后再试"), status=429)
CODE_BUSY = codes.define("code_busy", _("验证码发送繁忙，请稍后再试"), status=429)
CODE_EXPIRED = codes.define("code_expired", _("验证码：已过期或未获取，请重新获取"))
CODE_ATTEMPTS = codes.define("code_attempts", _("验证码：错误次数过多，请重新获取"))
CODE_WRONG = codes.define("code_wrong", _("验证码：不正确"))
APPEAL_NOT_OPEN = codes.define("appeal_not_open", _("该事项当前为“%(s)s”，不能执行此操作"))
ALREADY_ACCEPTED = codes.define("already_accepted", _("该事项已受理"))
TARGET_NOT_IN_SCOPE = codes.define("target_not_in_scope", _("转办对象：不存在或不在您的管理范围内"))
INVALID_TARGET = codes.define("invalid_target", _("转办对象：请选择另一个正常状态的组织"))
REASON_REQUIRED = codes.define("reason_required", _("转办原因：请填写"))
QUESTION_REQUIRED = codes.define("question_required", _("需要补充的内容：请填写"))
INFO_NOT_REQUESTED = codes.define("info_not_requested", _("目前不需要补充材料"))
TEXT_REQUIRED = codes.define("text_required", _("补充内容：请填写"))
INVALID_MERGE_TARGET = codes.define("invalid_merge_target", _("合并目标：请选择另一条未合并的事项"))
REPLY_REQUIRED = codes.define("reply_required", _("答复：请写明办理结果（至少 5 个字）"))
NOT_RESOLVED = codes.define("not_resolved", _("办结后才能评价"))
INVALID_SATISFACTION = codes.define("invalid_satisfaction", _("满意度：请选择"))
NOT_A_SUGGESTION = codes.define("not_a_suggestion", _("只有建议可以标记采纳"))
ALREADY_ADOPTED = codes.define("already_adopted", _("该建议已采纳"))
NOT_ACCEPTED = codes.define("not_accepted", _("请先受理再标记采纳"))
NOTE_REQUIRED = codes.define("note_required", _("备注内容：请填写"))
PROGRESS_REQUIRED = codes.define("progress_required", _("办理进展：请写明进展情况（至少 5 个字）"))
CODE_IP_LIMIT = codes.define("code_ip_limit", _("本网络 1 小时内获取验证码次数过多，请稍后再试"), status=429)
INVALID_AMOUNT = codes.define("invalid_amount", _("涉及金额：请填写不小于 0 的金额（元），最多两位小数"))
INVALID_KIND = codes.define("invalid_kind", _("类型：请选择"))
INVALID_CATEGORY = codes.define("invalid_category", _("类别：请选择"))
DESCRIPTION_TOO_SHORT = codes.define("description_too_short", _("内容：请至少写 5 个字，说清楚发生了什么"))
NAME_REQUIRED = codes.define("name_required", _("姓名：必填"))
OPEN_DAY_STAFF_ONLY = codes.define("open_day_staff_only", _("开放日事项由工会工作人员登记"))
INVALID_ORG = codes.define("invalid_org", _("承办工会：请选择一个正常状态的组织"))
TOO_MANY_PHOTOS = codes.define("too_many_photos", _("照片：最多 9 张"))
