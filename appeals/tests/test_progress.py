"""办理进展: staff tell the worker how handling is going without closing the item; the worker sees it on their
timeline and is notified. In the worker's timeline their own rating is shown as theirs, not under the union."""

import pytest

from appeals import services
from appeals.models import AppealEvent, Status
from core import notify
from core.errors import DomainError
from core.models import AuditEvent
from members import joining
from members.tests.factories import member

from .test_pages import filed


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
