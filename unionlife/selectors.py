"""Read queries of the union-life app worth naming: the inbox of a receiving org's staff, the sender's live return
table, notices a member may read, and the 工作台's to-dos."""

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from accounts.roles import ROLE_PERMISSIONS, active_grants
from core.menus import WorkItem, cached_count
from core.scoping import EVERYTHING, scope_paths
from orgs.models import COVERING_KINDS, Org, OrgKind, OrgStatus

from .models import Delivery, Notice, Officer, OfficerRole, Term
from .services import HANDLE, VIEW


def own_paths(user) -> list[str]:
    """The paths of the orgs ``user`` works for (a grant on the org itself carrying ``unionlife.handle``): the
    inbox shows what was sent to these orgs, not to every org below them."""
    if not user.is_authenticated:
        return []
    return [path for role, path in active_grants(user) if HANDLE in ROLE_PERMISSIONS.get(role, ())]


# The inbox's filters (the console's tabs and the API's ``state``): the deliveries in each state today.
INBOX_STATES = {
    "unread": lambda qs: qs.filter(read_at__isnull=True),
    "pending": lambda qs: qs.filter(reported_at__isnull=True, notice__due_on__gte=timezone.localdate()).exclude(
        notice__return_kind=Notice.ReturnKind.NONE
    ),
    "overdue": lambda qs: qs.filter(reported_at__isnull=True, notice__due_on__lt=timezone.localdate()).exclude(
        notice__return_kind=Notice.ReturnKind.NONE
    ),
    "reported": lambda qs: qs.filter(reported_at__isnull=False),
}


def inbox(user, state: str = ""):
    """Deliveries of notices (to orgs) addressed to the orgs ``user`` works for, newest first; ``state``: one of
    ``INBOX_STATES`` (anything else: all)."""
    paths = own_paths(user)
    if user.is_superuser and not paths:
        return Delivery.objects.none()
    qs = (
        Delivery.objects.filter(org__path__in=paths, notice__audience=Notice.Audience.ORGS)
        .select_related("notice", "notice__sender", "org")
        .order_by("-notice__sent_at", "-pk")
    )
    if state in INBOX_STATES:
        qs = INBOX_STATES[state](qs)
    return qs


def sent(user):
    """Notices sent from inside ``user``'s scope, with their delivery counts (one query)."""
    today = timezone.localdate()
    return (
        Notice.objects.restrict(user, VIEW)
        .select_related("sender")
        .annotate(
            n_orgs=Count("deliveries", distinct=True),
            n_read=Count("deliveries", filter=Q(deliveries__read_at__isnull=False), distinct=True),
            n_reported=Count("deliveries", filter=Q(deliveries__reported_at__isnull=False), distinct=True),
            n_overdue=Count(
                "deliveries",
                filter=Q(deliveries__reported_at__isnull=True, due_on__lt=today)
                & ~Q(return_kind=Notice.ReturnKind.NONE),
                distinct=True,
            ),
            n_member_reads=Count("member_reads", distinct=True),
        )
        .order_by("-sent_at", "-pk")
    )


def return_table(notice) -> dict:
    """The sender's live table: every receiving org with its state (unread, read, reported, overdue), and the
    totals."""
    today = timezone.localdate()
    rows = list(notice.deliveries.select_related("org", "read_by", "reported_by").order_by("org__path", "pk"))
    totals = {"total": len(rows), "read": 0, "reported": 0, "overdue": 0, "unread": 0, "late": 0}
    for d in rows:
        d.notice = notice
        d.current = d.state(today)
        totals["read"] += d.read_at is not None
        totals["reported"] += d.reported_at is not None
        totals["overdue"] += d.current == "overdue"
        totals["unread"] += d.read_at is None
        totals["late"] += d.reported_late
    return {"rows": rows, "totals": totals}


def notices_for_member(member):
    """Notices to members whose reach includes the member's union (a delivery to the union or an org above it)."""
    step = Org.steplen
    path = member.union.path
    paths = [path[:i] for i in range(step, len(path) + 1, step)]
    return (
        Notice.objects.filter(audience=Notice.Audience.MEMBERS, deliveries__org__path__in=paths)
        .select_related("sender")
        .distinct()
        .order_by("-sent_at", "-pk")
    )


def waiting(user):
    """The inbox's deliveries still waiting for this user's org: unread, or a task not reported."""
    return inbox(user).filter(
        Q(read_at__isnull=True) | (Q(reported_at__isnull=True) & ~Q(notice__return_kind=Notice.ReturnKind.NONE))
    )


def todo(user) -> list[WorkItem]:
    """The 工作台's notices and tasks (tasks overdue, tasks to report, notices unread), then 换届."""
    return notices_todo(user) + officers_todo(user)


def notices_todo(user) -> list[WorkItem]:
    if scope_paths(user, HANDLE) is not EVERYTHING and not own_paths(user):
        return []
    today = timezone.localdate()
    base = inbox(user)
    tasks = base.filter(reported_at__isnull=True).exclude(notice__return_kind=Notice.ReturnKind.NONE)
    overdue = tasks.filter(notice__due_on__lt=today).count()
    pending = tasks.filter(notice__due_on__gte=today).count()
    unread = base.filter(read_at__isnull=True, notice__return_kind=Notice.ReturnKind.NONE).count()
    url = reverse("unionlife:inbox")
    items = []
    if overdue:
        items.append(WorkItem("通知任务已逾期", overdue, url + "?state=overdue", "danger", "通知与任务"))
    if pending:
        items.append(WorkItem("通知任务待报送", pending, url + "?state=pending", "warning", "通知与任务"))
    if unread:
        items.append(WorkItem("通知待阅读", unread, url + "?state=unread", "info", "通知与任务"))
    return items


def badge(user) -> int:
    """The side menu's number: notices and tasks waiting for the user's org."""
    return cached_count(user, "unionlife", lambda: waiting(user).count())


# --- Officers and terms ---------------------------------------------------------------------------------------------

COMMITTEE_KINDS = [*COVERING_KINDS, OrgKind.TOWN]


def committees(user, due: str = ""):
    """The unions (and towns) in ``user``'s scope with their open term: number, congress date and 换届 due date.
    ``due``: ``overdue`` (past due), ``soon`` (due within 6 months), ``none`` (no term recorded)."""
    from .services.officers import add_months

    open_term = Term.objects.filter(union=OuterRef("pk"), closed_on__isnull=True)
    qs = (
        Org.objects.restrict(user, VIEW)
        .filter(kind__in=COMMITTEE_KINDS, status=OrgStatus.ACTIVE)
        .annotate(
            term_number=Subquery(open_term.values("number")[:1]),
            term_started=Subquery(open_term.values("started_on")[:1]),
            term_due=Subquery(open_term.values("due_on")[:1]),
            chair=Subquery(
                Officer.objects.filter(union=OuterRef("pk"), role=OfficerRole.CHAIR, ends_on__isnull=True).values(
                    "name"
                )[:1]
            ),
        )
        .order_by("path")
    )
    today = timezone.localdate()
    if due == "overdue":
        qs = qs.filter(term_due__lt=today)
    elif due == "soon":
        qs = qs.filter(term_due__gte=today, term_due__lte=add_months(today, 6))
    elif due == "none":
        qs = qs.filter(term_due__isnull=True)
    return qs


def overdue_terms(user, under=None):
    """Open terms past their 换届 due date in ``user``'s scope (under one org's sub-tree when given)."""
    qs = Term.objects.restrict(user, VIEW).filter(closed_on__isnull=True, due_on__lt=timezone.localdate())
    if under is not None:
        qs = qs.filter(union__path__startswith=under.path)
    return qs.select_related("union").order_by("due_on", "union__path")


def officers_todo(user) -> list[WorkItem]:
    """The 工作台's 换届 to-dos: terms overdue and terms due within 6 months in the user's scope."""
    from .services import OFFICERS
    from .services.officers import add_months

    if not scope_paths(user, OFFICERS):
        return []
    today = timezone.localdate()
    terms = Term.objects.restrict(user, OFFICERS).filter(closed_on__isnull=True)
    overdue = terms.filter(due_on__lt=today).count()
    soon = terms.filter(due_on__gte=today, due_on__lte=add_months(today, 6)).count()
    url = reverse("unionlife:committees")
    items = []
    if overdue:
        items.append(WorkItem("换届已逾期", overdue, url + "?due=overdue", "danger", "工会干部与换届"))
    if soon:
        items.append(WorkItem("半年内到期换届", soon, url + "?due=soon", "warning", "工会干部与换届"))
    return items


# --- Assessment ------------------------------------------------------------------------------------------------------


def visible_assessments(user):
    """Assessments defined inside the user's scope, and those of the orgs above it (a union sees the district's
    assessment it takes part in)."""
    from .models import Assessment

    paths = scope_paths(user, VIEW)
    if paths is EVERYTHING:
        return Assessment.objects.select_related("org")
    if not paths:
        return Assessment.objects.none()
    step = Org.steplen
    above = {p[:i] for p in paths for i in range(step, len(p) + 1, step)}
    from core.scoping import path_q

    return Assessment.objects.filter(Q(org__path__in=above) | path_q("org__path", paths)).select_related("org")


# --- Officer training (from activities) ------------------------------------------------------------------------------


def officer_trainings(officers) -> dict[int, list]:
    """The 工会干部培训 activities (``activities.Category.CADRE_TRAINING``) each officer's member took part in, checked
    in or added on the spot, latest first, by officer id (an officer not linked to a member has none)."""
    from activities.models import Category, Participation

    officers = list(officers)
    member_ids = {o.member_id for o in officers if o.member_id}
    by_member: dict[int, list] = {}
    if member_ids:
        rows = (
            Participation.objects.filter(member_id__in=member_ids, activity__category=Category.CADRE_TRAINING)
            .select_related("activity", "activity__organiser")
            .order_by("-activity__starts_at", "-pk")
        )
        for p in rows:
            by_member.setdefault(p.member_id, []).append(p)
    return {o.pk: by_member.get(o.member_id, []) for o in officers}


# --- Pairings and alliances -----------------------------------------------------------------------------------------


def alliances(user, *, q: str = "", status: str = ""):
    """Alliances ``user`` sees (kept in the scope or with a member union in it), with their current member count."""
    from .models import Alliance

    qs = Alliance.objects.restrict(user, VIEW).select_related("owner", "lead")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(lead__name__icontains=q))
    if status in Alliance.Status.values:
        qs = qs.filter(status=status)
    return qs.annotate(
        member_count=Count("members", filter=Q(members__left_on__isnull=True), distinct=True),
        joint_count=Count("joint", distinct=True),
    ).order_by("-founded_on", "-pk")


def pairings(user, *, q: str = "", status: str = ""):
    """Pairings ``user`` sees (kept in the scope or with a party in it), with their party and record counts."""
    from .models import Pairing, PairingParty

    qs = Pairing.objects.restrict(user, VIEW).select_related("owner")
    if q:
        named = PairingParty.objects.filter(name__icontains=q).values("pairing")
        qs = qs.filter(Q(title__icontains=q) | Q(pk__in=named))
    if status in Pairing.Status.values:
        qs = qs.filter(status=status)
    return qs.annotate(
        party_count=Count("parties", distinct=True), record_count=Count("records", distinct=True)
    ).order_by("-starts_on", "-pk")


def alliance_places(user):
    """Places an alliance kept in ``user``'s scope could share (places of the orgs in the user's scope)."""
    from core.scoping import path_q
    from places.models import Place

    paths = scope_paths(user, VIEW)
    qs = Place.objects.select_related("org").exclude(status="closed")
    if paths is not EVERYTHING:
        qs = qs.filter(path_q("org__path", paths))
    return qs.order_by("org__path", "name")
