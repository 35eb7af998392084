"""Collective bargaining (集体协商): a union registers the collective contract it negotiated with an enterprise, or
for an industry of its area (行业性), edits it (a renewal is a new contract), records the years it was recognised as
a 示范企业 or 示范行业, and hears 60 days before a contract ends (once per contract) so the next round starts in
time."""

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Grant
from accounts.roles import ROLE_PERMISSIONS
from core import audit
from core.errors import DomainError, ValidationFailed
from core.notify import notify
from core.scoping import require
from orgs.models import Org, OrgKind, OrgStatus

from .. import errors
from ..locking import lock_contract
from ..models import (
    EXPIRY_NOTICE_DAYS,
    CollectiveContract,
    ContractCoverage,
    ContractKind,
    DemoLevel,
    DemonstrationRecord,
)

HANDLE = "rights.handle"
MAX_TERM_DAYS = 3 * 366  # 集体合同期限一般为一至三年
MAX_WORKERS = 1_000_000
FIELDS = (
    "coverage",
    "enterprise",
    "industry_name",
    "kind",
    "starts_on",
    "ends_on",
    "wage_increase",
    "workers_covered",
    "filed_on",
    "union_party",
    "employer_party",
    "note",
)


def parse_percent(value) -> Decimal | None:
    """A percentage with at most two decimals between 0 and 100 (``"3.5"`` → ``3.50``); empty is ``None``."""
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, float):
        value = repr(value)
    try:
        pct = Decimal(str(value).strip().rstrip("%"))
    except (InvalidOperation, ValueError):
        raise errors.INVALID_WAGE_INCREASE() from None
    if not pct.is_finite() or pct < 0 or pct > 100 or pct.as_tuple().exponent < -2:
        raise errors.INVALID_WAGE_INCREASE()
    return pct.quantize(Decimal("0.01"))


def _in_subtree(enterprise, org) -> bool:
    paths = [enterprise.org.path] + ([enterprise.covering_union.path] if enterprise.covering_union_id else [])
    return any(p.startswith(org.path) for p in paths)


def _clean(org, data: dict) -> dict:
    """Validate every field at once; the errors name the field in Chinese."""
    found = []
    coverage = data.get("coverage") or ""
    enterprise = data.get("enterprise")
    industry_name = (data.get("industry_name") or "").strip()
    if coverage not in ContractCoverage.values:
        found.append(errors.INVALID_COVERAGE())
    elif coverage == ContractCoverage.ENTERPRISE:
        if enterprise is None or not _in_subtree(enterprise, org):
            found.append(errors.CONTRACT_ENTERPRISE())
        industry_name = ""
    else:
        enterprise = None
        if not industry_name:
            found.append(errors.INDUSTRY_NAME_REQUIRED())
    kind = data.get("kind") or ""
    if kind not in ContractKind.values:
        found.append(errors.INVALID_CONTRACT_KIND())
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    if not isinstance(starts_on, date) or not isinstance(ends_on, date):
        found.append(errors.INVALID_TERM(message="起始日期、终止日期：必填"))
    elif ends_on <= starts_on or (ends_on - starts_on).days > MAX_TERM_DAYS:
        found.append(errors.INVALID_TERM())
    wage_increase = None
    try:
        wage_increase = parse_percent(data.get("wage_increase"))
    except DomainError as exc:
        found.append(exc)
    else:
        if wage_increase is None and kind == ContractKind.WAGES:
            found.append(errors.INVALID_WAGE_INCREASE(message="工资增长幅度（%）：工资专项集体合同必填"))
    workers = data.get("workers_covered")
    try:
        workers = int(workers)
    except (TypeError, ValueError):
        workers = None
    if workers is None or not 1 <= workers <= MAX_WORKERS:
        found.append(errors.INVALID_WORKERS_COVERED())
    filed_on = data.get("filed_on")
    if filed_on is not None and filed_on > timezone.localdate():
        found.append(errors.INVALID_FILED_ON(reason="不能晚于今天"))
    union_party = (data.get("union_party") or "").strip()
    employer_party = (data.get("employer_party") or "").strip()
    if not union_party:
        found.append(errors.UNION_PARTY_REQUIRED())
    if not employer_party:
        found.append(errors.EMPLOYER_PARTY_REQUIRED())
    if found:
        raise ValidationFailed(found)
    return {
        "coverage": coverage,
        "enterprise": enterprise,
        "industry_name": industry_name[:100],
        "kind": kind,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "wage_increase": wage_increase,
        "workers_covered": workers,
        "filed_on": filed_on,
        "union_party": union_party[:100],
        "employer_party": employer_party[:100],
        "note": (data.get("note") or "").strip()[:2000],
    }


@transaction.atomic
def register_contract(*, actor, org, **data) -> CollectiveContract:
    """Register a collective contract the union ``org`` (or a union of its sub-tree's area) negotiated."""
    require(actor, HANDLE, org)
    if org.status != OrgStatus.ACTIVE:
        raise errors.INVALID_ORG(message="协商工会：请选择您管理范围内正常状态的工会")
    clean = _clean(org, {k: data.get(k) for k in FIELDS})
    contract = CollectiveContract.objects.create(org=org, created_by=actor, **clean)
    audit.record(
        "rights.contract.registered",
        actor=actor,
        obj=contract,
        data={"kind": contract.kind, "ends_on": contract.ends_on.isoformat(), "workers": contract.workers_covered},
    )
    return contract


@transaction.atomic
def update_contract(contract, *, actor, **data) -> CollectiveContract:
    """Correct a contract's record. A new end date outside the reminder window re-arms the expiry reminder."""
    require(actor, HANDLE, contract.org)
    contract = lock_contract(contract)
    merged = {k: data[k] if k in data else getattr(contract, k) for k in FIELDS}
    clean = _clean(contract.org, merged)
    changes = {}
    for key, value in clean.items():
        before = getattr(contract, key)
        if before != value:
            changes[key] = [str(before) if before is not None else "", str(value) if value is not None else ""]
            setattr(contract, key, value)
    if "ends_on" in changes:
        contract.reminded_at = None
    contract.save()
    if changes:
        audit.record("rights.contract.updated", actor=actor, obj=contract, changes=changes)
    return contract


@transaction.atomic
def record_demonstration(contract, *, actor, year, level: str, note: str = "") -> DemonstrationRecord:
    """Record that the contract's enterprise (示范企业) or industry (示范行业) was recognised in ``year`` at ``level``;
    the year falls within the contract's term and not after this year."""
    require(actor, HANDLE, contract.org)
    found = []
    if level not in DemoLevel.values:
        found.append(errors.INVALID_DEMO_LEVEL())
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = None
    if year is None or not (contract.starts_on.year <= year <= min(contract.ends_on.year, timezone.localdate().year)):
        found.append(errors.INVALID_DEMO_YEAR())
    if found:
        raise ValidationFailed(found)
    try:
        with transaction.atomic():
            record = DemonstrationRecord.objects.create(
                org=contract.org,
                contract=contract,
                enterprise=contract.enterprise,
                industry_name=contract.industry_name,
                year=year,
                level=level,
                note=(note or "").strip()[:200],
                created_by=actor,
            )
    except IntegrityError:
        raise errors.DEMONSTRATION_EXISTS(year=year, level=DemoLevel(level).label) from None
    audit.record("rights.demonstration.recorded", actor=actor, obj=record, data={"year": year, "level": level})
    return record


def town_of(org) -> Org | None:
    """The org itself when it is a town, else the nearest active town federation above it."""
    if org.kind == OrgKind.TOWN:
        return org
    paths = [org.path[: i * Org.steplen] for i in range(org.depth - 1, 0, -1)]
    return Org.objects.filter(path__in=paths, kind=OrgKind.TOWN, status=OrgStatus.ACTIVE).order_by("-depth").first()


def handling_staff(orgs) -> list:
    """Active staff accounts with a grant on exactly these orgs whose role carries ``rights.handle``."""
    roles = [role for role, perms in ROLE_PERMISSIONS.items() if HANDLE in perms]
    grants = Grant.objects.select_related("user").filter(org__in=list(orgs), role__in=roles, user__is_active=True)
    return list({g.user_id: g.user for g in grants}.values())


def send_contract_reminders(now=None) -> int:
    """Remind the union's staff and its town's staff of every contract in force that ends within 60 days. Each
    contract is reminded once: the reminder claims the row (``reminded_at`` set only while empty), so two runs at
    once send once. Returns how many contracts were reminded."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = CollectiveContract.objects.filter(
        reminded_at__isnull=True,
        starts_on__lte=today,
        ends_on__gte=today,
        ends_on__lte=today + timedelta(days=EXPIRY_NOTICE_DAYS),
    ).select_related("org", "enterprise")
    sent = 0
    for contract in due.order_by("ends_on", "pk"):
        with transaction.atomic():
            if not CollectiveContract.objects.filter(pk=contract.pk, reminded_at__isnull=True).update(reminded_at=now):
                continue  # another run took it
            town = town_of(contract.org)
            staff = handling_staff({contract.org, town} - {None})
            days = (contract.ends_on - today).days
            notify(
                staff,
                f"集体合同到期提醒：{contract.party_name}",
                f"{contract.org.name}与{contract.party_name}签订的{contract.get_kind_display()}将于 "
                f"{contract.ends_on:%Y-%m-%d} 到期（还有 {days} 天），请及时启动新一轮集体协商。",
            )
            audit.record(
                "rights.contract.reminded",
                obj=contract,
                data={"ends_on": contract.ends_on.isoformat(), "staff": len(staff)},
            )
        sent += 1
    return sent
