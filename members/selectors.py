"""Read queries of the roster worth naming: search, and the figures it adds to every sub-tree's coverage."""

from django.db.models import Count, Q

from core import pii
from core.validators import normalize_code
from orgs.models import Org

from .choices import IdType, MemberStatus, Tag
from .models import Member, MemberTag


def search_q(q: str) -> Q:
    """Name (Chinese, full pinyin ``zhangsan`` or initials ``zs``), phone, card number, or an exact ID number
    (found through its keyed hash: the database never sees the number)."""
    q = (q or "").strip()
    if not q:
        return Q()
    cond = Q(name__contains=q)
    code = normalize_code(q)
    if code.isascii():
        low = q.lower().replace(" ", "")
        if low.isalpha():
            cond |= Q(name_initials__startswith=low) | Q(name_pinyin__startswith=low)
        if code.isdigit() and len(code) <= 11:
            cond |= Q(phone__startswith=code) if len(code) >= 7 else Q()
        if code.startswith("GH"):
            cond |= Q(card_no=code)
        if len(code) in (15, 18) and code[:14].isdigit():
            from core.validators import upgrade_legacy_id

            number = upgrade_legacy_id(code) if len(code) == 15 else code
            cond |= Q(id_hash__in=pii.lookup_hashes(IdType.RESIDENT, number))
        elif len(code) >= 5 and code.isalnum():
            cond |= Q(
                id_hash__in=[h for t in IdType.values if t != IdType.RESIDENT for h in pii.lookup_hashes(t, code)]
            )
    return cond


def member_figures(org: Org, figures: dict) -> dict:
    """Members in ``org``'s sub-tree (在册 and 保留), 入会率 against the staff of covered enterprises, and the
    counts by tag. Added to ``orgs.selectors.coverage`` by the app config."""
    holding = Member.objects.filter(
        union__path__startswith=org.path, status__in=[MemberStatus.ACTIVE, MemberStatus.RETAINED]
    )
    members = holding.count()
    by_tag = dict(
        MemberTag.objects.filter(member__in=holding.values("pk"))
        .order_by()
        .values_list("tag")
        .annotate(n=Count("id"))
        .values_list("tag", "n")
    )
    staff = figures["staff_covered"]
    return {
        "members": members,
        "join_rate": round(members * 100 / staff, 1) if staff else None,
        "members_by_tag": {t.value: by_tag.get(t.value, 0) for t in Tag},
    }
