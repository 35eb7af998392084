"""Every write of the care app, one module per workflow. Each function is atomic, takes the acting user as the
keyword-only ``actor``, checks permission with ``core.scoping.require``, records its audit event and raises the
declared errors of ``care.errors``."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "care.file.created": _("困难职工建档"),
    "care.file.viewed": _("查看困难职工档案"),
    "care.file.verified": _("核实困难职工档案"),
    "care.file.returned": _("退回困难职工档案"),
    "care.file.resubmitted": _("重新提交困难职工档案"),
    "care.file.reviewed": _("年度复核困难职工档案"),
    "care.file.documents_added": _("上传困难档案证明材料"),
    "care.file.document_viewed": _("查看困难档案证明材料"),
    "care.file.closed": _("困难职工解困脱困"),
    "care.files.exported": _("导出困难职工档案"),
    "care.threshold.set": _("设置困难认定收入标准"),
    "care.programme.created": _("创建关爱项目"),
    "care.programme.closed": _("结束关爱项目"),
    "care.budget.set": _("设置关爱项目预算"),
    "care.payout.proposed": _("申报慰问救助"),
    "care.payout.approved": _("批准慰问救助"),
    "care.payout.rejected": _("不批准慰问救助"),
    "care.payout.paid": _("登记慰问救助发放"),
    "care.payouts.exported": _("导出发放名单"),
    "care.plan.created": _("创建互助保障计划"),
    "care.enrolment.created": _("参加互助保障"),
    "care.enrolment.premium_paid": _("登记互助保障保费"),
    "care.claim.submitted": _("提交互助保障理赔"),
    "care.claim.bill_viewed": _("查看理赔票据照片"),
    "care.claim.reviewed": _("审核互助保障理赔"),
    "care.claim.paid": _("登记互助保障赔付"),
    "care.checks.created": _("创建体检疗休养项目"),
    "care.slot.created": _("添加预约时段"),
    "care.booking.created": _("预约体检疗休养"),
    "care.booking.cancelled": _("取消体检疗休养预约"),
    "care.booking.attended": _("体检疗休养到检"),
    "care.loan.referred": _("推荐蓝领通贷款"),
    "care.loan.status": _("登记蓝领通贷款银行反馈"),
    "care.quota.set": _("设置体检疗休养推荐名额"),
    "care.nomination.created": _("推荐职工参加体检疗休养"),
    "care.nomination.withdrawn": _("撤回体检疗休养推荐"),
}
