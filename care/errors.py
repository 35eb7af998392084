"""Every refusal the care app can answer (docs/errors.md is generated from these: ``manage.py export_errors``)."""

from django.utils.translation import gettext_lazy as _

from core.errors import ErrorCodes

codes = ErrorCodes("care", "关心关爱")

# Hardship files
INVALID_ID_NUMBER = codes.define("invalid_id_number", _("身份证号：%(reason)s"), field="id_number")
ALREADY_ON_FILE = codes.define("already_on_file", _("身份证号：此人已有未脱困的困难档案（%(union)s）"), status=409)
HOUSEHOLD_SIZE = codes.define("invalid_household_size", _("家庭人口：应为 1–20 人"), field="household_size")
INVALID_AMOUNT = codes.define("invalid_amount", _("%(label)s：应为不小于 0、最多两位小数的金额"))
FILE_NOT_PENDING = codes.define("file_not_pending", _("该档案不在待核实状态，不能核实或退回"), status=409)
FILE_NOT_ACTIVE = codes.define(
    "file_not_active", _("该档案不在档（待核实、已退回或已脱困），不能%(action)s"), status=409
)
FILE_NOT_RETURNED = codes.define("file_not_returned", _("只有被退回的档案可以修改后重新提交"), status=409)
VERIFY_OWN_LEVEL = codes.define("verify_by_town", _("困难档案由上级镇街总工会核实，建档工会不能自己核实"), status=403)
NAME_REQUIRED = codes.define("name_required", _("姓名：必须填写"), field="name")
INVALID_CHOICE = codes.define("invalid_choice", _("%(label)s：取值不正确"))
REASON_REQUIRED = codes.define("reason_required", _("原因：请填写原因"), field="reason")
MEMBER_NOT_FOUND = codes.define("member_not_found", _("会员：在您的管理范围内没有找到该会员"), field="member")

# Programmes and budgets
TITLE_REQUIRED = codes.define("title_required", _("名称：必须填写"), field="title")
INVALID_PERIOD = codes.define("invalid_period", _("结束日期：不能早于开始日期"), field="ends_on")
PROGRAMME_CLOSED = codes.define("programme_closed", _("该项目已结束，不能再申报或审批"), status=409)
BUDGET_ORG = codes.define("budget_org_outside", _("预算单位：应为主办单位本身或其下级（%(org)s 不是）"), field="org")
BUDGET_EXISTS = codes.define("budget_exists", _("预算单位：%(org)s 已有该项目的预算"), status=409, field="org")
ALLOCATION_EXCEEDS = codes.define(
    "allocation_exceeds_budget",
    _("预算（元）：上级预算 %(parent)s 仅剩 %(available)s 元可下拨"),
    status=409,
    field="amount",
)
BUDGET_BELOW_USED = codes.define(
    "budget_below_used", _("预算（元）：不能少于已批准和已下拨的 %(used)s 元"), status=409, field="amount"
)
NO_BUDGET = codes.define("no_budget", _("%(union)s 及其上级没有该项目的预算，不能审批"), status=409)
BUDGET_EXCEEDED = codes.define(
    "budget_exceeded", _("超出预算：%(org)s 的预算仅剩 %(available)s 元，本笔 %(amount)s 元"), status=409
)

# Payouts
NOT_ELIGIBLE = codes.define("not_eligible", _("不符合该项目的发放对象（%(who)s）"), status=409)
ALREADY_PROPOSED = codes.define(
    "already_proposed", _("%(name)s 在该项目中已有申报或发放记录，同一项目每人只能发放一次"), status=409
)
PAYOUT_NOT_PROPOSED = codes.define("payout_not_proposed", _("该笔发放不在待审批状态"), status=409)
PAYOUT_NOT_APPROVED = codes.define("payout_not_approved", _("只有已批准的发放可以登记发放"), status=409)
APPROVE_BY_TOWN = codes.define("approve_by_town", _("发放由上级总工会审批，申报工会不能自己审批"), status=403)
PERSON_REQUIRED = codes.define("person_required", _("发放对象：请选择困难档案或会员"), field="person")

# Mutual medical insurance
INVALID_RATIO = codes.define("invalid_ratio", _("报销比例：应大于 0 且不超过 1（如 0.5 表示 50%%）"), field="ratio")
PLAN_CLOSED = codes.define("plan_closed", _("该互助保障计划已停止参保"), status=409)
PLAN_OUTSIDE = codes.define("plan_outside", _("%(name)s 所在工会不在该计划的承办范围内"), status=409)
ALREADY_ENROLLED = codes.define("already_enrolled", _("%(name)s 已参加该计划"), status=409)
CLAIM_NOT_SUBMITTED = codes.define("claim_not_submitted", _("该理赔申请不在待审核状态"), status=409)
CLAIM_NOT_APPROVED = codes.define("claim_not_approved", _("只有已核准的理赔可以登记赔付"), status=409)
HOSPITAL_REQUIRED = codes.define("hospital_required", _("医院：必须填写"), field="hospital")
# Why a claim is refused (kept on the claim as its reason).
REFUSED_UNPAID = codes.define("premium_unpaid", _("保费尚未缴纳，暂不能赔付"), status=409)
REFUSED_DEDUCTIBLE = codes.define(
    "below_deductible", _("合规医疗费用 %(bill)s 元未超过起付线 %(deductible)s 元"), status=409
)
REFUSED_CAP = codes.define("cap_reached", _("本年度已赔付 %(paid)s 元，已达年度封顶 %(cap)s 元"), status=409)

# Health checks and 疗休养
SLOT_FULL = codes.define("slot_full", _("该时段名额已满，请选择其他时段"), status=409)
ALREADY_BOOKED = codes.define("already_booked", _("您已预约该项目的一个时段，如需更换请先取消"), status=409)
BOOKING_NOT_ACTIVE = codes.define("booking_not_active", _("该预约已取消或已到检"), status=409)
SLOT_PAST = codes.define("slot_past", _("该时段已过，不能预约"), status=409)
QUOTA_ORG = codes.define("quota_org_outside", _("工会：应为主办单位的下级（%(org)s 不是）"), field="union")
QUOTA_BELOW_USED = codes.define(
    "quota_below_used", _("名额：%(org)s 已推荐 %(used)s 人，名额不能少于已推荐人数"), status=409, field="quota"
)
NO_QUOTA = codes.define("no_quota", _("%(union)s 及其上级没有该项目的推荐名额"), status=409)
QUOTA_FULL = codes.define("quota_full", _("%(org)s 的推荐名额（%(quota)s 人）已用完"), status=409)
ALREADY_NOMINATED = codes.define("already_nominated", _("%(name)s 已被推荐参加该项目"), status=409)
NOMINATION_NOT_ACTIVE = codes.define("nomination_not_active", _("该推荐已撤回"), status=409)
NOT_NOMINATED = codes.define("not_nominated", _("该项目凭所在工会推荐预约，您还没有被推荐"), status=409)
INVALID_CAPACITY = codes.define("invalid_capacity", _("名额：应为正整数"), field="capacity")

# Small loans (蓝领通)
BANK_REQUIRED = codes.define("bank_required", _("合作银行：必须填写"), field="bank")
LOAN_STATUS = codes.define("loan_status", _("该推荐当前为“%(current)s”，不能改为该状态"), status=409, field="status")
DOCUMENT_REQUIRED = codes.define("document_required", _("证明材料：请选择要上传的图片"), field="documents")
TOO_MANY_DOCUMENTS = codes.define(
    "too_many_documents", _("证明材料：每份档案最多 %(n)d 张"), status=409, field="documents"
)
TOO_MANY_BILLS = codes.define("too_many_bills", _("票据照片：最多 %(n)d 张"), field="bills")
