"""Union-life test data, built through the real services."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from members import joining
from members.models import Member
from members.tests.factories import member

from ..models import Alliance, Notice, Pairing
from ..services import alliances, notices

FORM = [
    {"label": "参加人数", "type": "number"},
    {"label": "开展日期", "type": "date"},
    {"label": "是否完成", "type": "choice", "choices": ["是", "否"]},
    {"label": "备注", "type": "text", "required": False},
]


def in_days(n: int):
    return timezone.localdate() + timedelta(days=n)


def task(actor, sender, *, return_kind="form", fields=None, due=7, **kw) -> Notice:
    """A notice with a task (by default a four-field form due in a week)."""
    data = {
        "title": kw.pop("title", "关于报送一季度职工之家建设情况的通知"),
        "body": kw.pop("body", "请各单位于期限前报送。"),
        "return_kind": return_kind,
        "due_on": in_days(due),
    }
    if return_kind == "form":
        data["fields"] = FORM if fields is None else fields
    if return_kind == "figure":
        data["figure_label"] = kw.pop("figure_label", "职工人数")
    return notices.send_notice(actor=actor, sender=sender, **data, **kw)


def plain(actor, sender, **kw) -> Notice:
    return notices.send_notice(
        actor=actor, sender=sender, title=kw.pop("title", "工作通知"), body=kw.pop("body", "请知悉。"), **kw
    )


def upload(name="表.pdf", content=b"%PDF-1.4 test", kind="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=kind)


def member_with_account(union, actor, n=None) -> Member:
    m = member(union, actor, n)
    joining.ensure_account(m)
    return Member.objects.select_related("user", "union").get(pk=m.pk)


def pairing(actor, owner, *, parties=None, starts=-10, ends=365, **kw) -> Pairing:
    """A 结对共建 kept by ``owner``: by default its first union below and 东湖社区, for a year."""
    if parties is None:
        from orgs.models import Org

        union = Org.objects.filter(path__startswith=owner.path, kind="grassroots").order_by("path").first()
        parties = [{"org": union}, {"kind": "community", "name": "东湖社区"}]
    return alliances.create_pairing(
        actor=actor,
        owner=owner,
        title=kw.pop("title", "企业社区结对共建"),
        goals=kw.pop("goals", "共建职工服务阵地，联合开展活动。"),
        starts_on=in_days(starts),
        ends_on=in_days(ends),
        parties=parties,
    )


def alliance(actor, owner, *, lead=None, members=(), places=(), founded=-30, **kw) -> Alliance:
    """An alliance kept by ``owner`` (a town): by default led by the town's first union."""
    if lead is None:
        from orgs.models import Org

        lead = Org.objects.filter(path__startswith=owner.path, kind="grassroots").order_by("path").first()
    return alliances.create_alliance(
        actor=actor,
        owner=owner,
        name=kw.pop("name", "甲街道工会联盟"),
        kind=kw.pop("kind", "union"),
        lead=lead,
        founded_on=in_days(founded),
        members=list(members),
        places=list(places),
        description=kw.pop("description", "资源共享、活动联办。"),
    )


__all__ = ["FORM", "alliance", "in_days", "member_with_account", "pairing", "plain", "task", "upload"]
