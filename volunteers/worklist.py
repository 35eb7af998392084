"""The volunteers app's line on the staff 工作台: service records waiting for confirmation in the user's scope."""

from django.urls import reverse

from core.menus import WorkItem
from core.scoping import has_any

from .models import RecordStatus, ServiceRecord


def todo(user) -> list[WorkItem]:
    if not has_any(user, "volunteers.manage"):
        return []
    pending = ServiceRecord.objects.restrict(user, "volunteers.manage").filter(status=RecordStatus.PENDING).count()
    url = reverse("volunteers:records") + "?status=pending"
    return [WorkItem("待确认的志愿服务记录", pending, url, "info", "志愿服务")]
