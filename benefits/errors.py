"""Every refusal of the member-offers module (普惠: merchants, offers, vouchers, redemptions, draws), with its
Chinese message and HTTP status (docs/errors.md)."""

from django.utils.translation import gettext_lazy as _

from core.errors import ErrorCodes

codes = ErrorCodes("benefits", "会员普惠")

# Merchants and offers
NAME_REQUIRED = codes.define("name_required", _("商户名称：必填"), field="name")
MERCHANT_EXISTS = codes.define("merchant_exists", _("商户名称：本工会已签约“%(n)s”"), field="name")
INVALID_CHOICE = codes.define("invalid_choice", _("%(label)s：请选择"))
TITLE_REQUIRED = codes.define("title_required", _("名称：必填"), field="title")
INVALID_DATES = codes.define("invalid_dates", _("有效期：结束日期不能早于开始日期"), field="ends_on")
INVALID_QUOTA = codes.define("invalid_quota", _("%(label)s：请填写 1 到 1000000 之间的整数"))
QUOTA_BELOW_TAKEN = codes.define("quota_below_taken", _("总名额：已用 %(n)s 份，不能少于已用份数"), field="quota")
INVALID_MONEY = codes.define("invalid_money", _("面值：请填写大于 0、最多两位小数的金额（元）"), field="face_value")
FACE_VALUE_REQUIRED = codes.define("face_value_required", _("面值：代金券和消费券须填写面值"), field="face_value")
MERCHANT_INACTIVE = codes.define("merchant_inactive", _("该商户已暂停合作"), status=409)

# Claiming and redeeming
NOT_A_MEMBER = codes.define("not_a_member", _("当前账号不是会员"), status=403)
NOT_MERCHANT = codes.define("not_merchant", _("当前账号不是签约商户的账号"), status=403)
NOT_FOR_MEMBER = codes.define("not_for_member", _("该优惠不面向这位会员所在的工会"), status=409)
OFFER_NOT_VALID = codes.define("offer_not_valid", _("该优惠不在有效期内或已下架"), status=409)
NOT_CLAIMABLE = codes.define("not_claimable", _("折扣优惠无需领取，到店出示电子会员证即可使用"), status=409)
MUST_CLAIM = codes.define("must_claim", _("该优惠须由会员先在手机上领取优惠券，再核销优惠券"), status=409)
QUOTA_FULL = codes.define("quota_full", _("该优惠名额已用完"), status=409)
PER_MEMBER_REACHED = codes.define("per_member_reached", _("每位会员限 %(n)s 次，已达上限"), status=409)
VOUCHER_USED = codes.define("voucher_used", _("该优惠券已于 %(t)s 核销，不能重复使用"), status=409)
VOUCHER_NOT_FOUND = codes.define("voucher_not_found", _("券码不存在或不是本商户的优惠券"), status=404)
CARD_INVALID = codes.define("card_invalid", _("电子会员证无效：%(why)s"), status=409)
WRONG_MERCHANT = codes.define("wrong_merchant", _("该优惠不是本商户的"), status=404)

# Draws
PRIZES_REQUIRED = codes.define("prizes_required", _("奖品：至少设置一项奖品"), field="prizes")
INVALID_PRIZE = codes.define("invalid_prize", _("奖品第 %(n)s 项：%(reason)s"), field="prizes")
CLOSE_IN_PAST = codes.define("close_in_past", _("报名截止：应晚于现在"), field="entries_close_at")
DRAW_NOT_OPEN = codes.define("draw_not_open", _("该抽奖已截止报名"), status=409)
ALREADY_ENTERED = codes.define("already_entered", _("您已参与该抽奖"), status=409)
DRAW_STILL_OPEN = codes.define("draw_still_open", _("报名截止后才能公布种子"), status=409)
SEED_NOT_PUBLISHED = codes.define("seed_not_published", _("请先截止报名并公布抽奖种子"), status=409)
ALREADY_DRAWN = codes.define("already_drawn", _("该抽奖已于 %(t)s 开奖"), status=409)
NOT_A_WINNER = codes.define("not_a_winner", _("该报名没有中奖"), status=409)
ALREADY_COLLECTED = codes.define("already_collected", _("该奖品已于 %(t)s 领取"), status=409)
