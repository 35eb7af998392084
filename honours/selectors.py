"""Read queries of the honours register: the titles a union may nominate for, the nominations waiting for a
user's review, a member's honours, and the care entitlements honours give (read by the care module, which honours
never imports)."""

from django.db.models import Q

from core.scoping import EVERYTHING, scope_paths
from orgs.models import Org

from .models import Award, Category, Nomination, Title

# The care entitlement of a 劳动模范 (the tag the care module's 劳模 programmes check).
MODEL_WORKER_TAG = "model_worker"


def titles_for(org) -> list[Title]:
    """Active titles set by ``org`` or an org above it (a union nominates for its district's titles)."""
    paths = [org.path[: i * Org.steplen] for i in range(1, org.depth + 1)]
    return list(Title.objects.filter(org__path__in=paths, active=True).select_related("org"))


def waiting_for(user):
    """Nominations waiting for a review by an org the user may review for."""
    paths = scope_paths(user, "honours.review")
    qs = Nomination.objects.filter(status=Nomination.Status.REVIEWING).select_related("title", "union", "at_org")
    if paths is EVERYTHING:
        return qs
    if not paths:
        return qs.none()
    q = Q()
    for p in paths:
        q |= Q(at_org__path__startswith=p)
    return qs.filter(q)


def member_honours(member):
    """A member's honours, newest first."""
    return Award.objects.filter(member=member).select_related("title")


def care_tags(member) -> set[str]:
    """The care entitlements a member's honours give: ``model_worker`` for a 劳动模范 title (or any title marked as
    carrying the 劳模 entitlement) at any level."""
    entitled = Q(title__category=Category.MODEL_WORKER) | Q(title__care_entitled=True)
    return {MODEL_WORKER_TAG} if member and Award.objects.filter(entitled, member=member).exists() else set()


def entitled_member_ids(tag: str = MODEL_WORKER_TAG) -> set[int]:
    """Every member holding the care entitlement ``tag`` through an honour."""
    if tag != MODEL_WORKER_TAG:
        return set()
    entitled = Q(title__category=Category.MODEL_WORKER) | Q(title__care_entitled=True)
    return set(Award.objects.filter(entitled, member__isnull=False).values_list("member_id", flat=True))


def todo(user):
    """The 工作台's line: nominations waiting for the user's review."""
    from django.urls import reverse

    from core.menus import WorkItem

    n = waiting_for(user).count()
    return [WorkItem("待审核的荣誉推荐", n, reverse("honours:nominations") + "?waiting=1")] if n else []


def badge(user) -> int:
    return waiting_for(user).count()
