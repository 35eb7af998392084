"""``/healthz``: for load balancers and monitoring, no login."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from ..services import health


@never_cache
def healthz(request):
    """One status per component (``ok``, ``warning``, ``error``, ``off``) and their details; 503 when one is down.

    ``?only=database,disk`` checks just those components: a load balancer that should keep serving reads while
    Redis or the queue is away asks for those, monitoring asks for everything."""
    wanted = {name.strip() for name in request.GET.get("only", "").split(",") if name.strip()}
    checks = health.run_checks(wanted or None)
    status = health.overall(checks)
    body = {"status": status, **{c.name: c.status for c in checks}, "details": {c.name: c.detail for c in checks}}
    return JsonResponse(body, status=503 if status == health.ERROR else 200)
