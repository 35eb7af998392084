"""Every write of the union-life app, one module per workflow (``notices``: notices and tasks down the tree). Each
function is atomic, takes the acting user as the keyword-only ``actor``, checks permission with
``core.scoping.require``, records its audit event and raises the declared errors of ``unionlife.errors``."""

from django.utils.translation import gettext_lazy as _

VIEW, SEND, HANDLE = "unionlife.view", "unionlife.send", "unionlife.handle"

ACTION_LABELS = {
    "unionlife.notice.sent": _("发送通知"),
    "unionlife.notice.reminded": _("催报通知任务"),
    "unionlife.delivery.read": _("阅读通知"),
    "unionlife.delivery.reported": _("报送通知任务"),
    "unionlife.returns.exported": _("导出通知报送汇总"),
}
