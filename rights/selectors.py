"""Read queries of the rights module: the case queue (overdue first, then due soon), legal-aid lists, and the
to-do lines of the staff 工作台."""

from datetime import datetime, time, timedelta

from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from accounts.models import Grant
from accounts.roles import ROLE_PERMISSIONS
from core.menus import WorkItem
from core.scoping import has_any
from orgs.models import Org

from .models import (
    EXPIRY_NOTICE_DAYS,
    AidStatus,
    CaseStatus,
    CollectiveContract,
    DemonstrationRecord,
    Inspection,
    LegalAidCase,
    MediationCase,
    Mediator,
    Problem,
    ProblemStatus,
)

DUE_SOON = timedelta(days=3)


def cases(user, permission: str = "rights.view"):
    return MediationCase.objects.restrict(user, permission).select_related("org")


def search_cases(user, *, q: str = "", status: str = "", due: str = "", now=None):
    """The case queue: open cases overdue first, then by deadline; closed ones after, newest first."""
    now = now or timezone.now()
    qs = cases(user)
    if q:
        qs = qs.filter(
            Q(case_no__icontains=q) | Q(enterprise_name__icontains=q) | Q(parties__name=q) | Q(appeal__tracking_no=q)
        ).distinct()
    if status == "closed":
        qs = qs.exclude(status=CaseStatus.OPEN)
    elif status in CaseStatus.values:
        qs = qs.filter(status=status)
    elif status != "all":
        qs = qs.filter(status=CaseStatus.OPEN)
    if due == "overdue":
        qs = qs.filter(status=CaseStatus.OPEN, due_at__lt=now)
    elif due == "soon":
        qs = qs.filter(status=CaseStatus.OPEN, due_at__gte=now, due_at__lt=now + DUE_SOON)
    urgency = Case(
        When(status=CaseStatus.OPEN, due_at__lt=now, then=Value(0)),
        When(status=CaseStatus.OPEN, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return qs.annotate(urgency=urgency).order_by("urgency", "due_at", "-id")


def aid_cases(user, *, q: str = "", status: str = ""):
    qs = LegalAidCase.objects.restrict(user, "rights.view").select_related("org", "lawyer")
    if q:
        qs = qs.filter(Q(aid_no__icontains=q) | Q(enterprise_name__icontains=q) | Q(parties__name=q)).distinct()
    if status in AidStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("status", "-opened_at", "-id")


def work_items(user) -> list[WorkItem]:
    """Open mediation cases past their time limit, and those due within three days."""
    if not has_any(user, "rights.handle"):
        return []
    now = timezone.now()
    open_cases = MediationCase.objects.restrict(user, "rights.handle").filter(status=CaseStatus.OPEN)
    overdue = open_cases.filter(due_at__lt=now).count()
    soon = open_cases.filter(due_at__gte=now, due_at__lt=now + DUE_SOON).count()
    url = reverse("rights:cases")
    items = []
    if overdue:
        items.append(WorkItem("调解案件超期", overdue, f"{url}?due=overdue", "danger", "维权维稳"))
    if soon:
        items.append(WorkItem("调解案件 3 天内到期", soon, f"{url}?due=soon", "warning", "维权维稳"))
    late = overdue_problems(user).count()
    if late:
        items.append(WorkItem("整改问题超期", late, f"{reverse('rights:problems')}?due=overdue", "danger", "维权维稳"))
    return items


def overdue_problems(user, permission: str = "rights.handle"):
    """Open supervision problems past their deadline in the user's scope (a town sees its unions')."""
    return Problem.objects.restrict(user, permission).filter(status=ProblemStatus.OPEN, due_on__lt=timezone.localdate())


def inspections(user, *, q: str = ""):
    qs = Inspection.objects.restrict(user, "rights.view").select_related("org", "enterprise")
    if q:
        qs = qs.filter(Q(enterprise__name__icontains=q) | Q(enterprise__uscc=q.upper()) | Q(inspectors__icontains=q))
    return qs.order_by("-inspected_on", "-id")


def problems(user, *, status: str = "", due: str = ""):
    """Supervision problems: open ones first, by deadline; ``due=overdue`` only those past it."""
    qs = Problem.objects.restrict(user, "rights.view").select_related(
        "inspection__org", "inspection__enterprise", "escalated_to"
    )
    if status in ProblemStatus.values:
        qs = qs.filter(status=status)
    if due == "overdue":
        qs = qs.filter(status=ProblemStatus.OPEN, due_on__lt=timezone.localdate())
    return qs.order_by("status", "due_on", "id")


def contracts(user, *, q: str = "", kind: str = "", state: str = "", coverage: str = "", today=None):
    """Collective contracts in the user's scope: those expiring within 60 days first (soonest first), then those in
    force, not yet in force, and expired ones last; each group by end date. ``state``: ``expiring``, ``in_force``
    (in force, expiring ones included), ``pending`` or ``expired``; ``q`` an enterprise, industry or union name or a
    USCC."""
    today = today or timezone.localdate()
    soon = today + timedelta(days=EXPIRY_NOTICE_DAYS)
    qs = CollectiveContract.objects.restrict(user, "rights.view").select_related("org", "enterprise")
    if q:
        qs = qs.filter(
            Q(enterprise__name__icontains=q)
            | Q(enterprise__uscc=q.upper())
            | Q(industry_name__icontains=q)
            | Q(org__name__icontains=q)
        )
    if kind:
        qs = qs.filter(kind=kind)
    if coverage:
        qs = qs.filter(coverage=coverage)
    in_force = Q(starts_on__lte=today, ends_on__gte=today)
    if state == "expiring":
        qs = qs.filter(in_force, ends_on__lte=soon)
    elif state == "in_force":
        qs = qs.filter(in_force)
    elif state == "pending":
        qs = qs.filter(starts_on__gt=today)
    elif state == "expired":
        qs = qs.filter(ends_on__lt=today)
    urgency = Case(
        When(in_force & Q(ends_on__lte=soon), then=Value(0)),
        When(in_force, then=Value(1)),
        When(starts_on__gt=today, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return qs.annotate(urgency=urgency).order_by("urgency", "ends_on", "-id")


def demonstrations(user, *, year: int | None = None):
    """示范企业 and 示范行业 records in the user's scope, latest year first."""
    qs = DemonstrationRecord.objects.restrict(user, "rights.view").select_related("org", "enterprise", "contract")
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "level", "id")


def _ancestor_paths(org) -> list[str]:
    return [org.path[: i * Org.steplen] for i in range(1, org.depth + 1)]


def mediator_candidates(case):
    """Who may mediate ``case``: staff accounts whose grant on the case's union or a union above it carries
    ``rights.handle``, and the active registered mediators serving it (registered with it or above)."""
    roles = [role for role, perms in ROLE_PERMISSIONS.items() if "rights.handle" in perms]
    paths = _ancestor_paths(case.org)
    users = {
        g.user_id: g.user
        for g in Grant.objects.select_related("user").filter(org__path__in=paths, role__in=roles, user__is_active=True)
    }
    staff = sorted(users.values(), key=lambda u: (str(u), u.pk))
    registered = Mediator.objects.filter(active=True, org__path__in=paths).select_related("org").order_by("name", "pk")
    return staff, list(registered)


def mediators(user, *, q: str = "", active: str = ""):
    """The mediator register of the user's scope: active ones first, by name."""
    qs = Mediator.objects.restrict(user, "rights.view").select_related("org")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(specialty__icontains=q) | Q(org__name__icontains=q))
    if active in ("1", "0"):
        qs = qs.filter(active=active == "1")
    return qs.order_by("-active", "name", "id")


# --- What the worker sees -----------------------------------------------------------------------------------------


def outcome_text(case: MediationCase) -> str:
    """The outcome as the worker reads it: 调解成功, 调解不成, 申请人撤回, or 调解不成，转介劳动仲裁."""
    if case.status == CaseStatus.REFERRED and case.referral:
        return f"调解不成，转介{case.get_referral_display()}"
    return str(case.get_status_display())


def public_case_steps(case: MediationCase) -> list:
    """The public steps of a mediation case, for its worker: accepted as a case, each session's date (no notes,
    place or attendees), the outcome (with the referral's kind) and the closing. Nothing names a mediator or
    another party. Sessions are loaded with the case (``prefetch_related("sessions")``) or queried here."""
    from appeals.timeline import LinkedStep

    steps = [
        LinkedStep(
            kind="mediation_accepted",
            label="转入劳动争议调解",
            at=case.accepted_at,
            note=f"案件编号 {case.case_no}",
            org_name=case.org.name,
        )
    ]
    for session in case.sessions.all():
        start = timezone.make_aware(datetime.combine(session.held_on, time.min))
        # A session held on the day of acceptance reads after it.
        steps.append(
            LinkedStep(kind="mediation_session", label="调解会", at=max(start, case.accepted_at), date_only=True)
        )
    if case.closed_at is not None:
        steps.append(LinkedStep(kind="mediation_outcome", label="调解结果", at=case.closed_at, note=outcome_text(case)))
        steps.append(LinkedStep(kind="mediation_closed", label="调解结案", at=case.closed_at, org_name=case.org.name))
    return steps


def appeal_case_steps(appeals) -> dict:
    """``appeals.timeline`` source: the public steps of the mediation case opened from each appeal. Two queries."""
    ids = [a.pk for a in appeals]
    cases = MediationCase.objects.filter(appeal_id__in=ids).select_related("org").prefetch_related("sessions")
    return {case.appeal_id: public_case_steps(case) for case in cases}


def _party_cond(member, phone: str) -> Q:
    cond = Q(pk__in=[])
    if member is not None:
        cond |= Q(member=member)
    if phone:
        cond |= Q(phone=phone)
    return cond


def worker_aids(member=None, phone: str = ""):
    """The legal-aid cases a worker is a party to: as a member, or by the mobile number they proved."""
    from .models import AidParty

    ids = AidParty.objects.filter(_party_cond(member, phone)).values("aid_id")
    return LegalAidCase.objects.filter(pk__in=ids).select_related("org", "lawyer").order_by("-opened_at", "-id")


def worker_cases(member=None, phone: str = ""):
    """The mediation cases a worker is a party to."""
    from .models import CaseParty

    ids = CaseParty.objects.filter(_party_cond(member, phone)).values("case_id")
    return (
        MediationCase.objects.filter(pk__in=ids)
        .select_related("org")
        .prefetch_related("sessions")
        .order_by("-accepted_at", "-id")
    )
