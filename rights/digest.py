"""The weekly 劳动关系预警 digest: each town's federation staff hear which enterprises of their town are at high or
medium risk, and why (the explanations never name a worker who did not allow it)."""

from django.db import transaction
from django.utils import timezone

from accounts.models import Grant
from core import audit
from core.notify import notify
from orgs.models import Enterprise, Org, OrgKind, OrgStatus

from . import warning

DIGEST_LIMIT = 10  # enterprises listed per town; the page has the rest


@transaction.atomic
def send_risk_digest(now=None) -> int:
    """Notify the staff of every active town with an enterprise at medium or high risk; returns how many towns."""
    now = now or timezone.now()
    sent = 0
    for town in Org.objects.filter(kind=OrgKind.TOWN, status=OrgStatus.ACTIVE).order_by("path"):
        enterprises = Enterprise.objects.filter(org__path__startswith=town.path)
        risks = [r for r in warning.assess(enterprises, now=now) if r.level != "low"]
        if not risks:
            continue
        staff = [
            g.user
            for g in Grant.objects.select_related("user").filter(
                org=town, role__in=["federation_admin"], user__is_active=True
            )
        ]
        if not staff:
            continue
        high = sum(1 for r in risks if r.level == "high")
        lines = [f"{town.name}：高风险企业 {high} 家，中风险企业 {len(risks) - high} 家。"]
        for r in risks[:DIGEST_LIMIT]:
            lines.append(f"· {r.enterprise.name}（{r.level_label}，{r.score} 分）：{r.explanation}")
        if len(risks) > DIGEST_LIMIT:
            lines.append(f"另有 {len(risks) - DIGEST_LIMIT} 家，详见“维权维稳 · 劳动关系预警”。")
        notify(staff, "劳动关系预警周报", "\n".join(lines))
        audit.record("rights.warning.digest_sent", org=town, data={"enterprises": len(risks), "staff": len(staff)})
        sent += 1
    return sent
