from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .models import AuditEvent


@login_required
def audit_list(request):
    events = AuditEvent.objects.restrict(request.user, "audit.view").select_related("org")[:50]
    return render(request, "core/audit_list.html", {"events": events})
