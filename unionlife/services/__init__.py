"""Every write of the union-life app, one module per workflow (``notices``: notices and tasks down the tree;
``officers``: committees, terms and 换届; ``assessment``: 星级 and 1+X;
``alliances``: 结对共建 and 工会联盟). Each function is atomic, takes the acting user as the keyword-only
``actor``, checks permission with ``core.scoping.require``, records its audit event and raises the declared errors
of ``unionlife.errors``."""

from django.utils.translation import gettext_lazy as _

VIEW, SEND, HANDLE = "unionlife.view", "unionlife.send", "unionlife.handle"
OFFICERS = "unionlife.officers"
ASSESS = "unionlife.assess"
ALLIANCES = "unionlife.alliances"

ACTION_LABELS = {
    "unionlife.notice.sent": _("发送通知"),
    "unionlife.notice.reminded": _("催报通知任务"),
    "unionlife.delivery.read": _("阅读通知"),
    "unionlife.delivery.reported": _("报送通知任务"),
    "unionlife.returns.exported": _("导出通知报送汇总"),
    "unionlife.congress.recorded": _("登记会员（代表）大会（换届）"),
    "unionlife.officer.added": _("增补工会干部"),
    "unionlife.officer.ended": _("工会干部离任"),
    "unionlife.vice_chair.appointed": _("选配兼职副主席"),
    "unionlife.term.reminded": _("换届到期提醒"),
    "unionlife.assessment.created": _("创建星级评定"),
    "unionlife.assessment.submitted": _("工会星级自评"),
    "unionlife.assessment.reviewed": _("镇街星级评分"),
    "unionlife.assessment.confirmed": _("确认星级"),
    "unionlife.chair_points.recorded": _("登记 1+X 积分"),
    "unionlife.payments.exported": _("导出 1+X 补贴发放名单"),
    "unionlife.evidence.added": _("上传星级评定佐证材料"),
    "unionlife.evidence.removed": _("删除星级评定佐证材料"),
    "unionlife.pairing.created": _("登记结对共建"),
    "unionlife.pairing.recorded": _("记录结对共建进展"),
    "unionlife.pairing.closed": _("结束结对共建"),
    "unionlife.alliance.created": _("登记工会联盟"),
    "unionlife.alliance.member_added": _("联盟新增成员"),
    "unionlife.alliance.member_left": _("联盟成员退出"),
    "unionlife.alliance.places_set": _("设置联盟共享阵地"),
    "unionlife.alliance.activity_added": _("登记联盟联办活动"),
    "unionlife.alliance.dissolved": _("解散联盟"),
}
