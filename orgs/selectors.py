"""Read queries worth naming: search, the children of a node, and coverage figures for a sub-tree."""

import re
from collections import Counter
from collections.abc import Callable

from django.db.models import Count, Q, Sum

from .models import COVERING_KINDS, Enterprise, EnterpriseStatus, Org, OrgKind, OrgStatus


def search_q(q: str, *, code_field: str | None = "code", extra: tuple[str, ...] = ()) -> Q:
    """Match a name, its pinyin (``zhenhai``) or initials (``zh``), a code, or any ``extra`` exact field."""
    q = (q or "").strip()
    cond = Q(name__icontains=q)
    if q.isascii():
        low = q.lower().replace(" ", "")
        cond |= Q(name_initials__startswith=low) | Q(name_pinyin__startswith=low) | Q(name_initials__contains=low)
        if code_field:
            cond |= Q(**{f"{code_field}__iexact": q})
    for field in extra:
        cond |= Q(**{field: q})
    return cond


def children(org: Org):
    """Direct children of ``org`` in tree order."""
    return Org.objects.filter(path__startswith=org.path, depth=org.depth + 1)


# Other apps add figures to an org's coverage (members adds 入会率): fn(org, figures so far) -> extra figures.
COVERAGE_CONTRIBUTORS: list[Callable[[Org, dict], dict]] = []


def register_coverage(fn: Callable[[Org, dict], dict]) -> Callable[[Org, dict], dict]:
    COVERAGE_CONTRIBUTORS.append(fn)
    return fn


def coverage(org: Org) -> dict:
    """Coverage figures for ``org``'s active sub-tree.

    建会率 = active enterprises covered by an active union / all active enterprises registered in the sub-tree.
    Dissolved orgs and closed enterprises are not counted. ``join_rate`` (入会率) is None until a contributor
    (the members app) provides it.
    """
    unions = dict(
        Org.objects.filter(path__startswith=org.path, status=OrgStatus.ACTIVE)
        .order_by()  # the manager orders by path, which would otherwise join the GROUP BY
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    ents = Enterprise.objects.filter(org__path__startswith=org.path, status=EnterpriseStatus.ACTIVE).aggregate(
        total=Count("id"),
        covered=Count("id", filter=Q(covering_union__isnull=False, covering_union__status=OrgStatus.ACTIVE)),
        staff=Sum("staff_count"),
        covered_staff=Sum(
            "staff_count", filter=Q(covering_union__isnull=False, covering_union__status=OrgStatus.ACTIVE)
        ),
    )
    total, covered = ents["total"], ents["covered"]
    figures = {
        "unions_by_kind": {kind.value: unions.get(kind.value, 0) for kind in OrgKind},
        "unions_total": sum(unions.values()),
        "covering_unions": sum(n for k, n in unions.items() if k in COVERING_KINDS),
        "enterprises": total,
        "enterprises_covered": covered,
        "union_rate": round(covered * 100 / total, 1) if total else None,
        "staff": ents["staff"] or 0,
        "staff_covered": ents["covered_staff"] or 0,
        "members": None,
        "join_rate": None,
    }
    for contributor in COVERAGE_CONTRIBUTORS:
        figures.update(contributor(org, figures))
    return figures


_NUMBERED = re.compile(r"^(.*?)(\d+)$")


def next_code(parent: Org) -> str:
    """The code a new child of ``parent`` most likely gets: its siblings' pattern with the number after the
    highest (``UA11``, ``UA12`` → ``UA13``; ``ZH-JD-009`` → ``ZH-JD-010``), the parent's code and ``-01`` when
    it has no numbered children yet; never a code already taken anywhere on the platform."""
    numbered = [m for m in (_NUMBERED.match(c) for c in children(parent).values_list("code", flat=True)) if m]
    if numbered:
        prefix = Counter(m.group(1) for m in numbered).most_common(1)[0][0]
        same = [m.group(2) for m in numbered if m.group(1) == prefix]
        width = max(len(n) for n in same)
        number = max(int(n) for n in same) + 1
    else:
        prefix, width, number = f"{parent.code}-", 2, 1
    taken = set(Org.objects.filter(code__startswith=prefix).values_list("code", flat=True))
    while f"{prefix}{number:0{width}d}" in taken:
        number += 1
    return f"{prefix}{number:0{width}d}"
