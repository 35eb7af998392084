"""E-member cards issued (发卡, 张): every service that gives a member a card records it (首次发卡 on joining, 换发
on rejoining, 补发 after a card is voided), with an audit event; the figure counts them by period and by the union
that issued them, from the raw table, the rollups and the incremental refresh alike; the migration backfills one
issue per member already on the roster; the member's e-card shows when it was issued."""

from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import timezone

import core.metrics as registry
from core.models import AuditEvent
from members import joining, services
from members.models import CardIssue, Member
from reports import engine, refresh, rollups
from reports.periods import Period, year

from .factories import member
from .test_review import apply

KEY = "members.cards_issued"


def issues(m: Member) -> list[tuple]:
    return list(m.card_issues.order_by("version").values_list("version", "union_id", "reason", "issued_by_id"))


def test_joining_rejoining_and_reissuing_write_card_issues(tree, users):
    m = member(tree.union_a1, users.union, 7001)
    assert issues(m) == [(1, tree.union_a1.pk, "first", users.union.pk)]
    event = AuditEvent.objects.get(action="members.card.issued", object_id=str(m.pk))
    assert event.data["version"] == 1 and event.data["reason"] == "first" and event.org_id == tree.union_a1.pk
    # Voided (lost): re-issued at once, version 2.
    m = services.revoke_card(m, actor=users.union, reason="手机丢失")
    assert m.card_version == 2 and issues(m)[-1] == (2, tree.union_a1.pk, "reissued", users.union.pk)
    # Leaving voids the card without issuing one; rejoining elsewhere issues the new membership's (换发).
    services.change_status(m, "quit", actor=users.union, on=date(2025, 1, 2), reason="离职")
    assert len(issues(m)) == 2
    services.revoke_card(Member.objects.get(pk=m.pk), actor=users.union, reason="补录作废")  # no card to re-issue
    assert len(issues(m)) == 2
    again = member(tree.union_b1, users.union_b, 7001)
    assert again.pk == m.pk and issues(again)[-1] == (again.card_version, tree.union_b1.pk, "renewed", users.union_b.pk)
    assert AuditEvent.objects.filter(action="members.card.issued", object_id=str(m.pk)).count() == 3


def test_an_approved_application_issues_the_first_card(tree, users, django_capture_on_commit_callbacks):
    app = apply(tree.ent_a1, 7101)
    with django_capture_on_commit_callbacks(execute=True):
        m = joining.approve_application(app, actor=users.union)
    assert issues(m) == [(1, app.union_id, "first", users.union.pk)]


def test_the_card_page_shows_the_issue_date(tree, users, login):
    m = member(tree.union_a1, users.union, 7201)
    CardIssue.objects.filter(member=m).update(
        issued_at=timezone.make_aware(datetime.combine(date(2025, 4, 3), time(10)))
    )
    joining.ensure_account(m)
    client = login(Member.objects.get(pk=m.pk).user)
    html = client.get(reverse("members:card")).content.decode()
    assert "发卡日期" in html and "2025-04-03" in html and "补发" not in html
    services.revoke_card(m, actor=users.union, reason="损坏")
    html = client.get(reverse("members:card")).content.decode()
    assert f"{timezone.localdate():%Y-%m-%d}" in html and "（补发）" in html


def _at(day: date, m: Member) -> None:
    """Date ``m``'s issues on ``day`` (as if issued then)."""
    CardIssue.objects.filter(member=m).update(issued_at=timezone.make_aware(datetime.combine(day, time(15))))


def test_the_figure_counts_by_period_and_scope_raw_rollup_and_refresh(tree, users):
    metric = registry.get(KEY)
    assert (metric.unit, metric.section, metric.inputs) == ("张", "基层基础", (KEY,))
    a1 = member(tree.union_a1, users.union, 7301)
    a2 = member(tree.union_a1, users.union, 7302)
    b1 = member(tree.union_b1, users.union_b, 7303)
    _at(date(2025, 3, 10), a1)
    _at(date(2025, 3, 31), a2)
    _at(date(2025, 4, 1), b1)
    march, spring = Period(date(2025, 3, 1), date(2025, 3, 31)), Period(date(2025, 3, 15), date(2025, 4, 20))
    keys = [KEY]

    def figures(org, periods, source=engine.RAW):
        return engine.compute(org, periods, keys=keys, source=source).totals[KEY]

    assert figures(tree.town_a, [march, spring, year(2025)]) == [2, 1, 2]
    assert figures(tree.town_b, [march, spring, year(2025)]) == [0, 1, 1]
    assert figures(tree.district, [march, spring, year(2025)]) == [2, 2, 3]
    rollups.rebuild()
    for org in (tree.town_a, tree.district):
        raw = figures(org, [march, spring, year(2025)])
        assert figures(org, [march, spring, year(2025)], engine.ROLLUP) == raw
    # A card re-issued today reaches the rollups through the incremental refresh (an append-only table: a delta).
    services.revoke_card(a1, actor=users.union, reason="遗失")
    today = year(timezone.localdate().year)
    state = refresh.refresh()
    assert state.watermark == rollups.watermark()
    assert figures(tree.district, [today], engine.ROLLUP) == figures(tree.district, [today]) != [0]


def test_the_backfill_gives_each_member_one_issue(tree, users):
    migration = __import__("members.migrations.0005_backfill_card_issues", fromlist=["backfill"])
    kept = member(tree.union_a1, users.union, 7401)
    left = member(tree.union_a1, users.union, 7402)
    services.revoke_card(left, actor=users.union, reason="遗失")
    left = Member.objects.get(pk=left.pk)
    services.change_status(left, "quit", actor=users.union, on=date(2025, 1, 2), reason="离职")
    CardIssue.objects.all().delete()
    Member.objects.filter(pk=kept.pk).update(created_at=timezone.now() - timedelta(days=400))
    migration.backfill(apps, SimpleNamespace(connection=connection))
    migration.backfill(apps, SimpleNamespace(connection=connection))  # run twice: still one each
    kept.refresh_from_db()
    assert list(kept.card_issues.values_list("version", "reason", "issued_at")) == [(1, "first", kept.created_at)]
    # The card of an ended membership was voided by a version bump: the one issued is the version before.
    assert list(CardIssue.objects.filter(member=left).values_list("version", "union_id")) == [(2, tree.union_a1.pk)]
