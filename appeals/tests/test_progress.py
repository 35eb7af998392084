"""办理进展: staff tell the worker how handling is going without closing the item; the worker sees it on their
timeline and is notified. In the worker's timeline their own rating is shown as theirs, not under the union."""

import pytest
from django.urls import reverse

from appeals import services
from appeals.models import AppealEvent, Status
from core import notify
from core.errors import DomainError
from core.models import AuditEvent
from members import joining
from members.tests.factories import member

from .test_pages import filed, with_login


def test_a_progress_message_reaches_the_worker_and_keeps_the_item_open(
    tree, users, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_BACKEND = "locmem"
    worker = member(tree.union_a1, users.union, 870)
    joining.ensure_account(worker)
    appeal = filed(tree, users, member=worker)
    with pytest.raises(DomainError) as exc:
        services.post_progress(appeal, actor=users.union, text="已联系企业，正在核实")
    assert exc.value.code == "not_accepted"  # accept it first
    services.accept(appeal, actor=users.union)
    with pytest.raises(DomainError) as exc:
        services.post_progress(appeal, actor=users.union, text="在办")
    assert exc.value.code == "progress_required" and exc.value.field == "text"
    with pytest.raises(DomainError) as exc:
        services.post_progress(appeal, actor=users.union_b, text="已联系企业，正在核实")
    assert exc.value.code == "permission_denied"

    notify.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event = services.post_progress(appeal, actor=users.union, text="已联系企业人事部门，企业承诺本周五前补发工资")
    appeal.refresh_from_db()
    assert appeal.status == Status.ACCEPTED and event.public and event.kind == AppealEvent.Kind.PROGRESS
    assert AuditEvent.objects.filter(action="appeals.appeal.progress_posted").count() == 1
    (notice,) = notify.outbox
    assert notice.user_id == worker.user_id and "办理进展：已联系企业人事部门" in notice.body
    # Still open: it can be resolved afterwards, and the progress stays on the timeline.
    services.resolve(appeal, actor=users.union, reply="企业已补发两个月工资")
    kinds = list(appeal.events.filter(public=True).values_list("kind", flat=True))
    assert kinds == ["submitted", "accepted", "progress", "resolved"]


def test_staff_post_progress_from_the_page_and_the_worker_reads_it_with_their_own_rating_as_theirs(
    tree, users, login, django_capture_on_commit_callbacks
):
    worker = member(tree.union_a1, users.union, 871)
    appeal = filed(tree, users, member=worker)
    staff = login(users.union)
    detail = reverse("appeals:detail", args=[appeal.pk])
    assert "发布办理进展" not in staff.get(detail).content.decode()  # only once accepted
    services.accept(appeal, actor=users.union)
    assert "发布办理进展" in staff.get(detail).content.decode()
    url = reverse("appeals:progress", args=[appeal.pk])
    response = staff.post(url, {"text": "在办"})
    assert response.status_code == 200 and "至少 5 个字" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(url, {"text": "已约谈企业负责人，正在核算欠薪金额"})
    assert response.status_code == 302
    assert login(users.union_b).post(url, {"text": "已约谈企业负责人"}).status_code == 404  # out of scope

    services.resolve(appeal, actor=users.union, reply="企业已补发两个月工资")
    services.rate(appeal, satisfaction="satisfied", comment="谢谢工会")
    page = with_login(worker).get(reverse("appeals:follow", args=[appeal.tracking_no])).content.decode()
    timeline = page.split('id="timeline"', 1)[1].split("</ol>", 1)[0]
    assert "办理进展" in timeline and "已约谈企业负责人，正在核算欠薪金额" in timeline
    rating = timeline.split('data-kind="rated"', 1)[1].split("</li>", 1)[0]
    assert "我的评价" in rating and "满意 谢谢工会" in rating and '<div class="small text-muted">我</div>' in rating
    assert tree.union_a1.name not in rating
