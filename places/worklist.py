"""The places app's lines on the staff 工作台: orders waiting to be accepted or scheduled, bookings waiting for
approval, places not reviewed for a year."""

from django.urls import reverse

from core.menus import WorkItem
from core.scoping import has_any

from .models import Booking, FieldVisit, ServiceOrder
from .selectors import stale_places


def todo(user) -> list[WorkItem]:
    if not has_any(user, "places.view"):
        return []
    items = []
    waiting = (
        ServiceOrder.objects.restrict(user, "places.serve")
        .filter(status__in=[ServiceOrder.Status.REQUESTED, ServiceOrder.Status.ACCEPTED])
        .count()
        if has_any(user, "places.serve")
        else 0
    )
    items.append(
        WorkItem(
            "待受理、待排期的点单", waiting, reverse("places:staff_orders") + "?status=open", "warning", "阵地与点单"
        )
    )
    pending = Booking.objects.restrict(user, "places.manage").filter(status=Booking.Status.PENDING).count()
    items.append(
        WorkItem(
            "待审核的场地预约", pending, reverse("places:staff_bookings") + "?status=pending", "info", "阵地与点单"
        )
    )
    items.append(
        WorkItem(
            "一年未复核的阵地",
            stale_places(user).count(),
            reverse("places:staff_list") + "?stale=1",
            "info",
            "阵地与点单",
        )
    )
    problems = FieldVisit.objects.restrict(user, "places.manage").filter(follow_up=FieldVisit.FollowUp.OPEN).count()
    items.append(
        WorkItem(
            "走访发现的问题待办结",
            problems,
            reverse("places:staff_field_visits") + "?follow=open",
            "warning",
            "阵地与点单",
        )
    )
    return [i for i in items if i.count]
