"""Every refusal of the rights module (维权维稳), with its Chinese message and HTTP status (docs/errors.md)."""

from django.utils.translation import gettext_lazy as _

from core.errors import ErrorCodes

codes = ErrorCodes("rights", "维权维稳")

# Mediation cases
NOT_FLAGGED = codes.define("appeal_not_flagged", _("该诉求未标记为维权线索，不能转入调解"), status=409)
APPEAL_HAS_CASE = codes.define("appeal_has_case", _("该诉求已转入调解（案件 %(no)s）"), status=409)
APPEAL_NOT_OPEN = codes.define("appeal_not_open", _("该诉求已办结或已合并，不能转入调解"), status=409)
CASE_CLOSED = codes.define("case_closed", _("案件已结案，不能再%(what)s"), status=409)
ALREADY_EXTENDED = codes.define("already_extended", _("调解期限只能延长一次"), status=409)
REASON_REQUIRED = codes.define("reason_required", _("理由：必填"), field="reason")
INVALID_AMOUNT = codes.define("invalid_amount", _("%(label)s：请填写不小于 0、最多两位小数的金额（元）"))
PARTY_REQUIRED = codes.define("party_required", _("申请人：至少填写一名职工"), field="parties")
PARTY_NAME_REQUIRED = codes.define("party_name_required", _("第 %(n)s 名职工：姓名必填"), field="parties")
INVALID_PARTY_PHONE = codes.define("invalid_party_phone", _("第 %(n)s 名职工：手机号应为 11 位"), field="parties")
INVALID_PARTY_ID = codes.define("invalid_party_id", _("第 %(n)s 名职工：%(reason)s"), field="parties")
ENTERPRISE_REQUIRED = codes.define(
    "enterprise_required", _("用人单位：请从企业名录选择，或填写名称"), field="enterprise"
)
INVALID_USCC = codes.define("invalid_uscc", _("统一社会信用代码：格式或校验位不正确，应为 18 位"), field="uscc")
INVALID_DISPUTE_TYPE = codes.define("invalid_dispute_type", _("争议类型：请选择"), field="dispute_type")
SUMMARY_REQUIRED = codes.define("summary_required", _("争议事项：请写明职工的请求和理由"), field="summary")
INVALID_COMMITTEE = codes.define("invalid_committee", _("调解委员会：请选择"), field="committee_level")
INVALID_ORG = codes.define("invalid_org", _("调解组织：请选择您管理范围内正常状态的工会"), field="org")
INVALID_OUTCOME = codes.define("invalid_outcome", _("结果：请选择"), field="outcome")
AGREEMENT_REQUIRED = codes.define(
    "agreement_required", _("协议内容：调解成功须写明双方达成的协议"), field="agreement_text"
)
REFERRAL_REQUIRED = codes.define("referral_required", _("转介去向：请选择"), field="referral")
NOTE_REQUIRED = codes.define("note_required", _("结案说明：必填"), field="note")
NOTES_REQUIRED = codes.define("session_notes_required", _("调解情况：必填"), field="notes")
INVALID_HELD_ON = codes.define("invalid_held_on", _("调解日期：%(reason)s"), field="held_on")
NO_AGREEMENT = codes.define("no_agreement", _("该案件没有调解协议"), status=404)
REVEAL_REASON_REQUIRED = codes.define("reveal_reason_required", _("查看理由：查看完整证件号须填写理由"), field="reason")

# Legal aid
AID_CLOSED = codes.define("aid_closed", _("法律援助已结案，不能再%(what)s"), status=409)
LAWYER_NOT_FOUND = codes.define("lawyer_not_found", _("承办律师：请从合作律师名册中选择"), field="lawyer")
INVALID_STAGE = codes.define("invalid_stage", _("援助方式：请选择"), field="stage")
OUTCOME_REQUIRED = codes.define("outcome_required", _("结果：必填"), field="outcome")
LAWYER_NAME_REQUIRED = codes.define("lawyer_name_required", _("姓名：必填"), field="name")
FIRM_REQUIRED = codes.define("firm_required", _("律师事务所：必填"), field="firm")

# Supervision
ENTERPRISE_NOT_FOUND = codes.define(
    "enterprise_not_found", _("被检查企业：请从您管理范围内的企业名录中选择"), field="enterprise"
)
INVALID_ITEMS = codes.define("invalid_items", _("检查项目：请至少选择一项，且须为启用的项目"), field="items")
INSPECTORS_REQUIRED = codes.define("inspectors_required", _("监督员：必填"), field="inspectors")
INVALID_INSPECTED_ON = codes.define("invalid_inspected_on", _("检查日期：不能晚于今天"), field="inspected_on")
PROBLEM_ITEM = codes.define("invalid_problem_item", _("第 %(n)s 个问题：检查项目须为本次检查的项目"), field="problems")
PROBLEM_DESCRIPTION = codes.define("problem_description_required", _("第 %(n)s 个问题：请写明问题"), field="problems")
PROBLEM_DUE = codes.define("invalid_problem_due", _("第 %(n)s 个问题：整改期限须晚于检查日期"), field="problems")
INVALID_DOCUMENT_KIND = codes.define("invalid_document_kind", _("文书类型：请选择意见书或建议书"), field="kind")
DOCUMENT_CONTENT_REQUIRED = codes.define("document_content_required", _("正文：必填"), field="content")
PROBLEM_RECTIFIED = codes.define("problem_rectified", _("该问题已整改完毕"), status=409)
RECTIFICATION_REQUIRED = codes.define(
    "rectification_required", _("整改情况：请写明企业如何整改"), field="rectification"
)
INVALID_EVIDENCE = codes.define(
    "invalid_evidence", _("整改材料：仅支持 JPG、PNG、PDF 文件，不超过 10 MB"), field="evidence"
)

# Collective bargaining
INVALID_COVERAGE = codes.define("invalid_coverage", _("协商范围：请选择企业或行业性"), field="coverage")
CONTRACT_ENTERPRISE = codes.define(
    "contract_enterprise_not_found", _("企业：请从您管理范围内的企业名录中选择"), field="enterprise"
)
INDUSTRY_NAME_REQUIRED = codes.define(
    "industry_name_required", _("行业名称：行业性集体合同须写明行业"), field="industry_name"
)
INVALID_CONTRACT_KIND = codes.define(
    "invalid_contract_kind", _("合同类型：请选择综合性、工资专项或女职工专项"), field="kind"
)
INVALID_TERM = codes.define("invalid_term", _("终止日期：须晚于起始日期，期限不超过 3 年"), field="ends_on")
INVALID_WAGE_INCREASE = codes.define(
    "invalid_wage_increase", _("工资增长幅度（%）：请填写 0 到 100 之间、最多两位小数的数"), field="wage_increase"
)
INVALID_WORKERS_COVERED = codes.define(
    "invalid_workers_covered", _("覆盖职工人数：请填写 1 到 1000000 之间的整数"), field="workers_covered"
)
INVALID_FILED_ON = codes.define("invalid_filed_on", _("备案日期：%(reason)s"), field="filed_on")
UNION_PARTY_REQUIRED = codes.define("union_party_required", _("职工方首席代表：必填"), field="union_party")
EMPLOYER_PARTY_REQUIRED = codes.define("employer_party_required", _("企业方首席代表：必填"), field="employer_party")
INVALID_DEMO_LEVEL = codes.define("invalid_demo_level", _("级别：请选择区级、市级、省级或全国"), field="level")
INVALID_DEMO_YEAR = codes.define("invalid_demo_year", _("年度：须在合同期限内，且不晚于今年"), field="year")
DEMONSTRATION_EXISTS = codes.define("demonstration_exists", _("该合同 %(year)s 年已登记为%(level)s示范"), status=409)

# Mediators
MEDIATOR_NAME_REQUIRED = codes.define("mediator_name_required", _("姓名：必填"), field="name")
INVALID_MEDIATOR_KIND = codes.define("invalid_mediator_kind", _("类别：请选择志愿调解员或合作调解员"), field="kind")
INVALID_MEDIATOR_PHONE = codes.define(
    "invalid_mediator_phone", _("联系电话：请填写 11 位手机号或带区号的固定电话"), field="phone"
)
MEDIATOR_NOT_FOUND = codes.define(
    "mediator_not_found", _("登记调解员：%(name)s 不在册，或不服务本案的调解组织"), field="registered"
)
STAFF_MEDIATOR_NOT_FOUND = codes.define(
    "staff_mediator_not_found", _("工作人员调解员：%(name)s 无权办理本案的调解组织的案件"), field="staff"
)
MEDIATOR_REQUIRED = codes.define("mediator_required", _("调解员：请至少选择一名工作人员或登记调解员"), field="staff")
# A worker's own legal-aid application and rating (the phone site and the member and public APIs).
APPLICANT_NAME_REQUIRED = codes.define("applicant_name_required", _("姓名：必填"), field="name")
APPLICANT_PHONE_INVALID = codes.define("applicant_phone_invalid", _("手机号：请填写正确的 11 位手机号"), field="phone")
APPLICATION_SUMMARY_SHORT = codes.define(
    "application_summary_short", _("援助事项：请写明您的请求和理由（至少 10 个字）"), field="summary"
)
NO_AID_UNION = codes.define("no_aid_union", _("所在镇街：请选择您所在的镇/街道"), field="town")
AID_NOT_CLOSED = codes.define("aid_not_closed", _("法律援助尚未结案，结案后才能评价"), status=409)
AID_ALREADY_RATED = codes.define("aid_already_rated", _("您已评价过这件法律援助"), status=409)
INVALID_RATING = codes.define("invalid_rating", _("评分：请选择 1 到 5 星"), field="rating")
NOT_A_MEMBER = codes.define("not_a_member", _("此接口仅供会员使用，请使用会员账号登录"), status=403)
TOWN_NOT_FOUND = codes.define("town_not_found", _("所在镇街：所选组织不存在"), field="town")
