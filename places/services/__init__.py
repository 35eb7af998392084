"""Every write of the places app, one module per workflow: ``register`` (the places themselves), ``booking``
(resources and bookings), ``visits`` (door QR scans, ratings, problem reports), ``orders`` (services on order)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "places.place.created": _("登记阵地"),
    "places.place.updated": _("修改阵地"),
    "places.place.reviewed": _("复核阵地星级"),
    "places.place.investment": _("登记阵地建设投入"),
    "places.resource.created": _("新增可预约资源"),
    "places.resource.updated": _("修改可预约资源"),
    "places.booking.created": _("预约场地"),
    "places.booking.cancelled": _("取消预约"),
    "places.booking.approved": _("通过预约"),
    "places.booking.rejected": _("驳回预约"),
    "places.booking.no_show": _("登记预约未到场"),
    "places.visit.recorded": _("扫码到访"),
    "places.visit.rated": _("评价阵地"),
    "places.report.opened": _("反映阵地问题（随手拍）"),
    "places.service.created": _("新增点单服务"),
    "places.service.updated": _("修改点单服务"),
    "places.order.requested": _("点单"),
    "places.order.accepted": _("受理点单"),
    "places.order.declined": _("不受理点单"),
    "places.order.scheduled": _("点单排期"),
    "places.order.delivered": _("点单送达"),
    "places.order.rated": _("评价点单服务"),
    "places.order.cancelled": _("撤回点单"),
    "places.field_visit.logged": _("登记走访"),
    "places.field_visit.closed": _("办结走访问题"),
}
