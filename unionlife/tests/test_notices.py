"""Notices and tasks down the tree (issue 18, acceptance 1): who a notice reaches, the live return table after
reads, returns and a reminder, and the xlsx of returns."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
import time_machine
from django.utils import timezone
from openpyxl import load_workbook

from core import notify, sms
from core.errors import DomainError
from core.models import AuditEvent

from .. import selectors
from ..models import Delivery
from ..services import notices
from .factories import in_days, member_with_account, plain, task, upload

pytestmark = pytest.mark.django_db


def reached(notice) -> set[str]:
    return set(Delivery.objects.filter(notice=notice).values_list("org__code", flat=True))


def test_no_filter_reaches_the_whole_sub_tree_below_the_sender(tree, users):
    assert reached(plain(users.district, tree.district)) == {"TA01", "TB01", "UA11", "UA12", "UA13", "UB11"}
    assert reached(plain(users.town, tree.town_a)) == {"UA11", "UA12", "UA13"}


def test_kinds_and_towns_select_exactly_the_grassroots_unions_of_a_town_plus_named_orgs(tree, users):
    notice = task(users.district, tree.district, kinds=["grassroots"], towns=[tree.town_a])
    assert reached(notice) == {"UA11", "UA12"}  # not the village union, not town B's union, not the towns
    notice = task(users.district, tree.district, kinds=["grassroots"], towns=[tree.town_a], orgs=[tree.union_b1])
    assert reached(notice) == {"UA11", "UA12", "UB11"}
    assert reached(task(users.district, tree.district, orgs=[tree.village_a2])) == {"UA13"}
    assert reached(task(users.district, tree.district, towns=[tree.town_b])) == {"TB01", "UB11"}


def test_never_outside_the_senders_scope(tree, users):
    with pytest.raises(DomainError) as exc:
        task(users.town, tree.town_a, orgs=[tree.union_b1])
    assert exc.value.code == "org_not_found"
    with pytest.raises(DomainError) as exc:
        task(users.town, tree.district)
    assert exc.value.code == "permission_denied"
    with pytest.raises(DomainError) as exc:
        task(users.town, tree.town_a, towns=[tree.town_b])
    assert exc.value.code == "org_not_found"
    # A union with no org below it reaches no one.
    with pytest.raises(DomainError) as exc:
        task(users.union, tree.union_a1)
    assert exc.value.code == "no_recipients"
    assert not Delivery.objects.exists()


def test_a_dissolved_org_is_not_reached(tree, users):
    from orgs.services import dissolve_org

    dissolve_org(tree.village_a2, actor=users.district, on=timezone.localdate(), reason="撤村建居")
    assert reached(plain(users.town, tree.town_a)) == {"UA11", "UA12"}


def test_the_form_is_checked_at_once(tree, users):
    with pytest.raises(DomainError) as exc:
        notices.send_notice(
            actor=users.district,
            sender=tree.district,
            title="",
            body="",
            return_kind="form",
            due_on=None,
            fields=[{"label": "x", "type": "colour"}],
        )
    codes = {e.code for e in exc.value.errors}
    assert codes == {
        "title_required",
        "body_required",
        "due_required",
        "invalid_field",
    }
    with pytest.raises(DomainError) as exc:
        task(users.district, tree.district, due=-1)
    assert exc.value.code == "due_past"
    with pytest.raises(DomainError) as exc:
        task(users.district, tree.district, attachments=[upload("virus.exe")])
    assert exc.value.code == "invalid_attachment"


def test_the_return_table_after_reads_returns_and_a_reminder(tree, users, django_capture_on_commit_callbacks):
    from orgs.tests.factories import UserFactory

    tree.union_a2.contact_phone = "13800000012"
    tree.union_a2.save()
    clerk_a2 = UserFactory(username="clerk_a2", grant=(tree.union_a2, "union_admin"))
    notice = task(
        users.district,
        tree.district,
        kinds=["grassroots"],
        orgs=[tree.union_b1],
        attachments=[upload()],
        due=3,
    )
    assert notice.attachments.count() == 1
    a1 = Delivery.objects.get(notice=notice, org=tree.union_a1)
    b1 = Delivery.objects.get(notice=notice, org=tree.union_b1)

    notices.mark_read(a1, actor=users.union)
    notices.mark_read(a1, actor=users.union)  # the first reading counts
    notices.report_back(
        a1, actor=users.union, answers={"f1": "35", "f2": in_days(-2).isoformat(), "f3": "是", "f4": "=1+1"}
    )
    notices.mark_read(b1, actor=users.union_b)
    with pytest.raises(DomainError):
        notices.mark_read(b1, actor=users.union)  # another union's delivery

    table = selectors.return_table(notice)
    states = {d.org.code: d.current for d in table["rows"]}
    assert states == {"UA11": "reported", "UA12": "unread", "UB11": "read"}
    assert table["totals"] == {"total": 3, "read": 2, "reported": 1, "overdue": 0, "unread": 1, "late": 0}
    a1.refresh_from_db()
    assert a1.read_by == users.union and a1.reported_by == users.union
    assert a1.answers == {"f1": "35", "f2": in_days(-2).isoformat(), "f3": "是", "f4": "=1+1"}

    # Past the deadline the two that did not report are overdue; one action reminds exactly them.
    notify.outbox.clear()
    sms.outbox.clear()
    with time_machine.travel(timezone.now() + timedelta(days=5), tick=False):
        table = selectors.return_table(notice)
        assert {d.org.code: d.current for d in table["rows"]} == {
            "UA11": "reported",
            "UA12": "overdue",
            "UB11": "overdue",
        }
        assert table["totals"]["overdue"] == 2
        with django_capture_on_commit_callbacks(execute=True):
            assert notices.remind_late(notice, actor=users.district) == 2
    counts = dict(Delivery.objects.filter(notice=notice).values_list("org__code", "reminders"))
    assert counts == {"UA11": 0, "UA12": 1, "UB11": 1}
    assert {n.user_id for n in notify.outbox} == {clerk_a2.pk, users.union_b.pk}
    assert [m.phone for m in sms.outbox] == ["13800000012"]
    event = AuditEvent.objects.get(action="unionlife.notice.reminded")
    assert event.actor == users.district and sorted(event.data["orgs"]) == ["UA12", "UB11"]

    # A late return is marked late; then nobody is left to remind.
    with time_machine.travel(timezone.now() + timedelta(days=5), tick=False):
        for d, user in ((b1, users.union_b), (Delivery.objects.get(notice=notice, org=tree.union_a2), clerk_a2)):
            notices.report_back(d, actor=user, answers={"f1": "12", "f2": in_days(0).isoformat(), "f3": "否"})
        table = selectors.return_table(notice)
        assert table["totals"] == {"total": 3, "read": 3, "reported": 3, "overdue": 0, "unread": 0, "late": 2}
        with pytest.raises(DomainError) as exc:
            notices.remind_late(notice, actor=users.district)
        assert exc.value.code == "nothing_to_remind"


def test_answers_are_checked_against_the_senders_form(tree, users):
    notice = task(users.district, tree.district, orgs=[tree.union_a1])
    d = Delivery.objects.get(notice=notice)
    with pytest.raises(DomainError) as exc:
        notices.report_back(d, actor=users.union, answers={"f1": "很多", "f2": "2026-02-30", "f3": "也许"})
    assert [e.code for e in exc.value.errors] == [
        "invalid_number",
        "invalid_date",
        "invalid_answer_choice",
    ]
    with pytest.raises(DomainError) as exc:
        notices.report_back(d, actor=users.union, answers={"f1": "3", "f2": "9999-01-01", "f3": "是"})
    assert exc.value.code == "invalid_date"
    with pytest.raises(DomainError) as exc:
        notices.report_back(d, actor=users.union, answers={})
    assert {e.code for e in exc.value.errors} == {"answer_required"}
    d.refresh_from_db()
    assert d.reported_at is None


def test_file_and_figure_returns(tree, users):
    figure = task(users.district, tree.district, return_kind="figure", orgs=[tree.union_a1])
    d = Delivery.objects.get(notice=figure)
    notices.report_back(d, actor=users.union, figure="1250.5")
    d.refresh_from_db()
    assert d.figure == Decimal("1250.50")
    file_task = task(users.district, tree.district, return_kind="file", orgs=[tree.union_a1])
    d = Delivery.objects.get(notice=file_task)
    with pytest.raises(DomainError):
        notices.report_back(d, actor=users.union)
    notices.report_back(d, actor=users.union, file=upload("总结.docx", b"PK", "application/octet-stream"))
    d.refresh_from_db()
    assert d.file.name.endswith(".docx")
    form_with_file = task(
        users.district,
        tree.district,
        orgs=[tree.union_a1],
        fields=[{"label": "活动照片", "type": "file"}, {"label": "人数", "type": "number"}],
    )
    d = Delivery.objects.get(notice=form_with_file)
    with pytest.raises(DomainError) as exc:
        notices.report_back(d, actor=users.union, answers={"f2": "3"})
    assert exc.value.field == "f1"
    notices.report_back(d, actor=users.union, answers={"f2": "3"}, files={"f1": upload("照片.png", b"\x89PNG")})
    assert d.files.get().name == "照片.png"


def test_returns_xlsx_has_one_row_per_org_and_no_formulas(tree, users):
    notice = task(users.district, tree.district, kinds=["grassroots", "village"])
    a1 = Delivery.objects.get(notice=notice, org=tree.union_a1)
    notices.report_back(
        a1, actor=users.union, answers={"f1": "35", "f2": "2026-03-01", "f3": "是", "f4": '=HYPERLINK("x")'}
    )
    content = notices.export_returns(notice, actor=users.district)
    sheet = load_workbook(BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("单位", "组织代码") and rows[0][-4:] == ("参加人数", "开展日期", "是否完成", "备注")
    assert sorted(r[1] for r in rows[1:]) == ["UA11", "UA12", "UA13", "UB11"]
    by_code = {r[1]: r for r in rows[1:]}
    assert by_code["UA11"][4] == "已报送" and by_code["UA11"][-4] == 35
    assert by_code["UA12"][4] == "未读"
    cell = next(
        c
        for c in load_workbook(BytesIO(content)).active[2 + sorted(by_code).index("UA11")]
        if c.value == '=HYPERLINK("x")'
    )
    assert cell.data_type == "s"
    assert AuditEvent.objects.filter(action="unionlife.returns.exported", actor=users.district).count() == 1
    with pytest.raises(DomainError):
        notices.export_returns(notice, actor=users.town)  # the town cannot act for the district


def test_member_notices_reach_the_sub_tree_and_count_readers(tree, users):
    m_a1 = member_with_account(tree.union_a1, users.union, 801)
    m_b1 = member_with_account(tree.union_b1, users.union_b, 802)
    notice = notices.send_notice(
        actor=users.town,
        sender=tree.town_a,
        title="镇工有宣：新就业形态劳动者入会",
        body="……",
        audience="members",
        category="town_series",
    )
    assert notice.recipients == 1
    assert list(selectors.notices_for_member(m_a1)) == [notice]
    assert list(selectors.notices_for_member(m_b1)) == []
    assert notices.read_as_member(notice, member=m_a1) is True
    assert notices.read_as_member(notice, member=m_a1) is False
    assert notice.member_reads.count() == 1
    with pytest.raises(DomainError):
        notices.send_notice(
            actor=users.town,
            sender=tree.town_a,
            title="x",
            body="y",
            audience="members",
            return_kind="figure",
            due_on=in_days(3),
            figure_label="人数",
        )


def test_worklist_shows_what_waits_for_the_users_own_org(tree, users):
    from core.menus import worklist_for

    task(users.district, tree.district, kinds=["grassroots"])
    plain(users.district, tree.district, orgs=[tree.union_a1])
    labels = {i.label: i.count for i in worklist_for(users.union) if i.group == "通知与任务"}
    assert labels == {"通知任务待报送": 1, "通知待阅读": 1}
    # The town sees nothing of what its unions were sent (its own inbox is empty), the district neither.
    assert not [i for i in worklist_for(users.town) if i.group == "通知与任务"]
    with time_machine.travel(timezone.now() + timedelta(days=10), tick=False):
        labels = {i.label: i.count for i in worklist_for(users.union) if i.group == "通知与任务"}
        assert labels == {"通知任务已逾期": 1, "通知待阅读": 1}


def test_numbers_are_kept_as_typed_not_in_exponent_form(tree, users):
    notice = task(users.district, tree.district, orgs=[tree.union_a1])
    d = Delivery.objects.get(notice=notice)
    notices.report_back(d, actor=users.union, answers={"f1": "1200", "f2": "2026-01-05", "f3": "是"})
    d.refresh_from_db()
    assert d.answers["f1"] == "1200"


def test_the_inbox_filters_by_state_on_the_page_and_in_the_api(tree, users, login, bearer):
    """未读 / 待报送 / 逾期 / 已报送: the console's tabs and the API's ``state`` pick the same deliveries."""
    answers = {"f1": "35", "f2": in_days(-2).isoformat(), "f3": "是", "f4": "1"}
    reported = task(users.district, tree.district, title="已报送的任务", orgs=[tree.union_a1])
    notices.report_back(Delivery.objects.get(notice=reported), actor=users.union, answers=answers)
    task(users.district, tree.district, title="待报送的任务", orgs=[tree.union_a1])
    plain(users.district, tree.district, title="未读的通知", orgs=[tree.union_a1])
    with time_machine.travel(timezone.now() - timedelta(days=10)):
        late = task(users.district, tree.district, title="逾期的任务", orgs=[tree.union_a1], due=3)
    notices.mark_read(Delivery.objects.get(notice=late), actor=users.union)
    expected = {
        "unread": {"待报送的任务", "未读的通知"},
        "pending": {"待报送的任务"},
        "overdue": {"逾期的任务"},
        "reported": {"已报送的任务"},
        "": {"已报送的任务", "待报送的任务", "未读的通知", "逾期的任务"},
    }
    client, headers = login(users.union), bearer(users.union)
    for state, titles in expected.items():
        page = client.get("/console/unionlife/inbox/", {"state": state}).content.decode()
        shown = {t for t in expected[""] if t in page}
        assert shown == titles, state
        api = client.get("/api/v1/unionlife/inbox", {"state": state} if state else {}, headers=headers).json()
        assert {d["notice"]["title"] for d in api} == titles, state
