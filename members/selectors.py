"""Read queries of the roster worth naming: search, and the figures it adds to every sub-tree's coverage."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import pii
from core.menus import WorkItem, cached_count
from core.models import Job
from core.scoping import EVERYTHING, has_any, path_q, scope_paths
from core.validators import normalize_code
from orgs.models import Org

from .choices import IdType, MemberStatus, Tag
from .models import JoinApplication, Member, MemberTag, Transfer


def search_q(q: str) -> Q:
    """Name (Chinese, full pinyin ``zhangsan`` or initials ``zs``), phone, card number, or an exact ID number
    (found through its keyed hash: the database never sees the number)."""
    q = (q or "").strip()
    if not q:
        return Q()
    cond = Q(name__contains=q)
    code = normalize_code(q)
    if code.isascii():
        low = q.lower().replace(" ", "")
        if low.isalpha():
            cond |= Q(name_initials__startswith=low) | Q(name_pinyin__startswith=low)
        if code.isdigit() and len(code) <= 11:
            cond |= Q(phone__startswith=code) if len(code) >= 7 else Q()
        if code.startswith("GH"):
            cond |= Q(card_no=code)
        if len(code) in (15, 18) and code[:14].isdigit():
            from core.validators import upgrade_legacy_id

            number = upgrade_legacy_id(code) if len(code) == 15 else code
            cond |= Q(id_hash__in=pii.lookup_hashes(IdType.RESIDENT, number))
        elif len(code) >= 5 and code.isalnum():
            cond |= Q(
                id_hash__in=[h for t in IdType.values if t != IdType.RESIDENT for h in pii.lookup_hashes(t, code)]
            )
    return cond


def member_figures(org: Org, figures: dict) -> dict:
    """Members in ``org``'s sub-tree (在册 and 保留), 入会率 against the staff of covered enterprises, and the
    counts by tag. Added to ``orgs.selectors.coverage`` by the app config."""
    holding = Member.objects.filter(
        union__path__startswith=org.path, status__in=[MemberStatus.ACTIVE, MemberStatus.RETAINED]
    )
    members = holding.count()
    by_tag = dict(
        MemberTag.objects.filter(member__in=holding.values("pk"))
        .order_by()
        .values_list("tag")
        .annotate(n=Count("id"))
        .values_list("tag", "n")
    )
    staff = figures["staff_covered"]
    return {
        "members": members,
        "join_rate": round(members * 100 / staff, 1) if staff else None,
        "members_by_tag": {t.value: by_tag.get(t.value, 0) for t in Tag},
    }


# --- The staff 工作台 and the side menu -------------------------------------------------------------------------

# How long a finished import stays on its uploader's to-do list (to read the result or fetch the error report).
IMPORT_NEWS_DAYS = 3


def pending_applications(user) -> int:
    """Applications to join waiting for a decision in ``user``'s approval scope."""
    if not has_any(user, "members.approve"):
        return 0
    return (
        JoinApplication.objects.restrict(user, "members.approve").filter(status=JoinApplication.Status.PENDING).count()
    )


def incoming_transfers(user) -> int:
    """Transfers waiting for ``user``'s side to accept them: pending, into a union of their transfer scope (those
    they sent out wait for the other union, not for them)."""
    paths = scope_paths(user, "members.transfer")
    if not paths:
        return 0
    transfers = Transfer.objects.filter(status=Transfer.Status.PENDING)
    if paths is not EVERYTHING:
        transfers = transfers.filter(path_q("to_union__path", paths))
    return transfers.count()


def work_items(user) -> list[WorkItem]:
    """The 工作台's roster to-dos: applications to review, transfers to accept, and the user's own imports that
    finished in the last ``IMPORT_NEWS_DAYS`` days (failed ones first: their error report waits)."""
    group = _("会员")
    items = [
        WorkItem(_("入会申请待审核"), pending_applications(user), reverse("members:application_list"), "info", group),
        WorkItem(_("转会待接收"), incoming_transfers(user), reverse("members:transfers"), "info", group),
    ]
    if has_any(user, "members.import"):
        since = timezone.now() - timedelta(days=IMPORT_NEWS_DAYS)
        jobs = list(
            Job.objects.filter(kind="members.import", created_by=user, finished_at__gte=since)
            .order_by("-finished_at")
            .values_list("pk", "status")
        )
        failed = [pk for pk, status in jobs if status == Job.Status.FAILED]
        done = [pk for pk, status in jobs if status == Job.Status.SUCCEEDED]
        one = lambda pks: reverse("members:import_job", args=[pks[0]])  # noqa: E731
        many = reverse("members:import_start")
        items.append(
            WorkItem(
                _("名册导入未成功，请查看错误报告"),
                len(failed),
                one(failed) if len(failed) == 1 else many,
                "danger",
                group,
            )
        )
        items.append(WorkItem(_("名册导入已完成"), len(done), one(done) if len(done) == 1 else many, "success", group))
    return items


def applications_badge(user) -> int:
    return cached_count(user, "applications", lambda: pending_applications(user))


def transfers_badge(user) -> int:
    return cached_count(user, "transfers", lambda: incoming_transfers(user))
