"""Test data for the rights module, built through the real services."""

from datetime import datetime
from zoneinfo import ZoneInfo

from appeals import services as appeal_services
from members.tests.factories import member

from .. import services

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A valid 居民身份证号 (GB 11643 check digit) for parties.
ID_NUMBER = "11010519491231002X"


def at(y, m, d, hh=10, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=SHANGHAI)


def wage_appeal(union, actor, n: int = 1, *, name_visible: bool = False, employer=None, **overrides):
    """A member's 工资拖欠 appeal (flagged 维权线索 on intake), routed to ``union``."""
    worker = member(union, actor, 900 + n)
    fields = {
        "kind": "appeal",
        "category": "wages",
        "description": "公司已经两个月没有发工资了，车间二十多人都一样。",
        "name": "",
        "phone": "",
        "member": worker,
        "name_visible_to_employer": name_visible,
        "employer": employer,
        "employer_name": employer.name if employer else "甲一机械有限公司",
    }
    fields.update(overrides)
    return appeal_services.submit(**fields)


def case(org, actor, *, workers: int = 1, amount="12000.00", enterprise=None, **overrides):
    """A case staff opened directly, with ``workers`` parties."""
    parties = [{"name": f"职工{i}", "phone": f"1390000{i:04d}"} for i in range(1, workers + 1)]
    fields = {
        "actor": actor,
        "org": org,
        "parties": parties,
        "dispute_type": "wages",
        "summary": "拖欠 3 个月工资",
        "enterprise": enterprise,
        "enterprise_name": "" if enterprise else "甬东某某建筑劳务有限公司",
        "amount_claimed": amount,
    }
    fields.update(overrides)
    return services.open_case(**fields)


def inspection(org, actor, enterprise, *, inspected_on=None, problems=None, **overrides):
    """An inspection of ``enterprise`` checking wages and hours, with one wage problem due in 30 days."""
    from datetime import timedelta

    from django.utils import timezone

    inspected_on = inspected_on or timezone.localdate()
    if problems is None:
        problems = [{"item": "wages", "description": "工资未按月足额支付", "due_on": inspected_on + timedelta(days=30)}]
    fields = {
        "actor": actor,
        "org": org,
        "enterprise": enterprise,
        "inspected_on": inspected_on,
        "inspectors": "张明、李华",
        "items": ["wages", "hours"],
        "findings": "抽查 20 名职工工资发放记录",
        "problems": problems,
    }
    fields.update(overrides)
    ensure_checklist()
    return services.record_inspection(**fields)


def ensure_checklist():
    """The default checklist, as its data migration writes it: a transactional test's flush empties the table
    for the tests that run after it in the same process."""
    import importlib

    from ..models import ChecklistItem

    for code, label, order in importlib.import_module("rights.migrations.0003_checklist").ITEMS:
        ChecklistItem.objects.get_or_create(code=code, defaults={"label": label, "order": order})


def contract(org, actor, *, enterprise=None, industry_name="", starts_on=None, ends_on=None, **overrides):
    """A 工资专项 collective contract of ``org`` with ``enterprise`` (or for ``industry_name``), one year from today
    unless the term is given."""
    from datetime import timedelta

    from django.utils import timezone

    starts_on = starts_on or timezone.localdate()
    fields = {
        "actor": actor,
        "org": org,
        "coverage": "enterprise" if enterprise is not None else "industry",
        "enterprise": enterprise,
        "industry_name": industry_name or ("" if enterprise is not None else "餐饮行业"),
        "kind": "wages",
        "starts_on": starts_on,
        "ends_on": ends_on or starts_on + timedelta(days=364),
        "wage_increase": "5.5",
        "workers_covered": 120,
        "union_party": "张建国",
        "employer_party": "李志强",
    }
    fields.update(overrides)
    return services.register_contract(**fields)
