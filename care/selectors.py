"""Read queries of the care app worth naming: what waits for whom, lists with their filters, budget gauges."""

from functools import reduce
from operator import or_

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.menus import WorkItem
from core.scoping import EVERYTHING, scope_paths

from .models import HardshipFile, Payout


def below_own_level(user, permission: str, lookup: str = "union__path") -> Q:
    """Rows whose union is strictly below an org where ``user`` holds ``permission`` (the town decides on its
    unions' work, never on its own)."""
    paths = scope_paths(user, permission)
    if paths is EVERYTHING:
        return Q()
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{lookup}__startswith": p}) & ~Q(**{lookup: p}) for p in paths))


def files_to_verify(user):
    return (
        HardshipFile.objects.filter(status=HardshipFile.Status.PENDING)
        .restrict(user, "care.files")
        .filter(below_own_level(user, "care.verify"))
    )


def files_due(user):
    return HardshipFile.objects.restrict(user, "care.files").filter(
        status=HardshipFile.Status.ACTIVE, review_due__lte=timezone.localdate()
    )


def payouts_to_approve(user):
    return (
        Payout.objects.filter(status=Payout.Status.PROPOSED)
        .restrict(user, "care.view")
        .filter(below_own_level(user, "care.approve"))
    )


def todo(user) -> list[WorkItem]:
    """The 工作台's care to-dos: files to verify, files due for review, payouts to approve."""
    items = []
    if scope_paths(user, "care.files"):
        n = files_to_verify(user).count()
        if n:
            items.append(
                WorkItem("困难档案待核实", n, reverse("care:file_list") + "?status=pending", "warning", "关心关爱")
            )
        n = files_due(user).count()
        if n:
            items.append(WorkItem("困难档案到期复核", n, reverse("care:file_list") + "?due=1", "danger", "关心关爱"))
    if scope_paths(user, "care.approve"):
        n = payouts_to_approve(user).count()
        if n:
            items.append(WorkItem("慰问救助待审批", n, reverse("care:approval_queue"), "warning", "关心关爱"))
    return items
