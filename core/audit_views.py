"""The audit trail page: federation admins read the events of their sub-trees, filtered and paginated."""

from datetime import datetime, time

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_GET

from .audit import ACTION_LABELS
from .models import AuditEvent
from .paging import paginate
from .scoping import EVERYTHING, scope_paths


def _day_bound(value: str, end: bool):
    day = parse_date(value) if value else None
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


@login_required
@require_GET
def audit_list(request):
    """Filter by action, account, outcome, object and date range; newest first."""
    paths = scope_paths(request.user, "audit.view")
    if paths is not EVERYTHING and not paths:
        raise PermissionDenied
    f = {k: request.GET.get(k, "").strip() for k in ("action", "actor", "outcome", "object", "since", "until")}
    events = AuditEvent.objects.restrict(request.user, "audit.view").select_related("org")
    if f["action"]:
        events = events.filter(action__startswith=f["action"])
    if f["actor"]:
        events = events.filter(actor_name__icontains=f["actor"])
    if f["outcome"]:
        events = events.filter(outcome=f["outcome"])
    if f["object"]:
        events = events.filter(object_repr__icontains=f["object"])
    since, until = _day_bound(f["since"], False), _day_bound(f["until"], True)
    if since:
        events = events.filter(created_at__gte=since)
    if until:
        events = events.filter(created_at__lte=until)
    actions = sorted(((code, str(label)) for code, label in ACTION_LABELS.items()), key=lambda a: a[0])
    return render(
        request,
        "core/audit_list.html",
        {
            "page": paginate(request, events),
            "f": f,
            "actions": actions,
            "outcomes": AuditEvent.Outcome.choices,
        },
    )
