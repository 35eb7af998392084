"""Labour-law supervision (acceptance point 2): an inspection's problem goes overdue and escalates to the town; the
rectification closes it; document numbers are unique per union and year, also when issued concurrently (threads,
each with its own connection, on SQLite and PostgreSQL)."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import DomainError, ValidationFailed
from core.models import AuditEvent
from core.testing import run_at_once
from rights import services
from rights.models import DocumentSequence, Problem, SupervisionDocument

from .factories import at, inspection


def test_a_problem_goes_overdue_escalates_and_rectification_closes_it(tree, users):
    with time_machine.travel(at(2026, 3, 2), tick=False):
        ins = inspection(tree.union_a1, users.union, tree.ent_a1, inspected_on=date(2026, 3, 2))
    (problem,) = ins.problems.all()
    assert problem.due_on == date(2026, 4, 1) and problem.status == "open"
    with time_machine.travel(at(2026, 4, 1, 23, 50), tick=False):
        assert services.escalate_overdue_problems() == 0  # the last day still counts
    with time_machine.travel(at(2026, 4, 2, 0, 10), tick=False):
        assert services.escalate_overdue_problems() == 1
        assert services.escalate_overdue_problems() == 0  # once
    problem.refresh_from_db()
    assert problem.escalated_to == tree.town_a and problem.status == "open"
    event = AuditEvent.objects.get(action="rights.problem.escalated")
    assert event.org == tree.town_a and event.object_id == str(problem.pk)
    # The town sees it in its work queue; the union of another town does not.
    from rights import selectors

    with time_machine.travel(at(2026, 4, 2, 9), tick=False):
        labels = {i.label: i.count for i in selectors.work_items(users.town)}
        assert labels.get("整改问题超期") == 1
        assert selectors.work_items(users.union_b) == []
    evidence = SimpleUploadedFile("整改照片.jpg", b"\xff\xd8\xff\xe0" + b"0" * 100, content_type="image/jpeg")
    with pytest.raises(ValidationFailed) as exc:
        services.rectify(problem, actor=users.union, rectification=" ", evidence=SimpleUploadedFile("a.exe", b"x"))
    assert {e.code for e in exc.value.errors} == {"rectification_required", "invalid_evidence"}
    with time_machine.travel(at(2026, 4, 8), tick=False):
        services.rectify(
            problem, actor=users.union, rectification="已补发 3 月工资并建立按月发放制度", evidence=evidence
        )
    problem.refresh_from_db()
    assert problem.status == "rectified" and problem.evidence.name.endswith(".jpg")
    assert AuditEvent.objects.get(action="rights.problem.rectified").data == {"evidence": True, "overdue": True}
    with pytest.raises(DomainError) as exc:
        services.rectify(problem, actor=users.union, rectification="again")
    assert exc.value.code == "problem_rectified"
    with time_machine.travel(at(2026, 4, 9), tick=False):
        assert services.escalate_overdue_problems() == 0
        assert selectors.work_items(users.town) == []


def test_a_towns_own_problem_escalates_to_the_district(tree, users):
    ins = inspection(tree.town_a, users.town, tree.ent_a3, inspected_on=date.today() - timedelta(days=40))
    assert services.escalate_overdue_problems() == 1
    assert ins.problems.get().escalated_to == tree.district


def test_an_inspection_is_validated_whole(tree, users):
    with pytest.raises(ValidationFailed) as exc:
        services.record_inspection(
            actor=users.union,
            org=tree.union_a1,
            enterprise=None,
            inspected_on=date.today() + timedelta(days=1),
            inspectors="",
            items=["wages", "nonsense"],
            problems=[{"item": "safety", "description": "", "due_on": date.today()}],
        )
    assert {e.code for e in exc.value.errors} == {
        "enterprise_not_found",
        "inspectors_required",
        "invalid_inspected_on",
        "invalid_items",
        "invalid_problem_item",
        "problem_description_required",
        "invalid_problem_due",
    }
    with pytest.raises(DomainError) as exc:
        inspection(tree.union_b1, users.union, tree.ent_b1)
    assert exc.value.code == "permission_denied"
    assert Problem.objects.count() == 0


def test_document_numbers_run_per_org_and_year(tree, users):
    a = inspection(tree.union_a1, users.union, tree.ent_a1)
    b = inspection(tree.union_a2, users.town, tree.ent_a2)
    numbers = []
    with time_machine.travel(at(2026, 12, 30), tick=False):
        numbers.append(services.issue_document(a, actor=users.union, kind="opinion", content="请于 30 日内整改").number)
        numbers.append(services.issue_document(a, actor=users.union, kind="suggestion", content="建议建立制度").number)
        numbers.append(services.issue_document(b, actor=users.town, kind="opinion", content="请整改").number)
    with time_machine.travel(at(2027, 1, 4), tick=False):
        numbers.append(services.issue_document(a, actor=users.union, kind="opinion", content="请整改").number)
    assert numbers == [
        "甲一机械有限公司工会工监〔2026〕1号",
        "甲一机械有限公司工会工监〔2026〕2号",
        "甲二电子有限公司工会工监〔2026〕1号",
        "甲一机械有限公司工会工监〔2027〕1号",
    ]
    with pytest.raises(ValidationFailed) as exc:
        services.issue_document(a, actor=users.union, kind="letter", content="")
    assert {e.code for e in exc.value.errors} == {"invalid_document_kind", "document_content_required"}
    assert AuditEvent.objects.filter(action="rights.document.issued").count() == 4


@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_never_shares_a_number(tree, users):
    ins = inspection(tree.union_a1, users.union, tree.ent_a1)
    other = inspection(tree.union_a2, users.town, tree.ent_a2)
    n = 24
    calls = [
        (
            lambda i=i: services.issue_document(
                ins if i % 3 else other, actor=users.town, kind="opinion", content=f"第{i}份"
            )
        )
        for i in range(n)
    ]
    results, failures = run_at_once(calls, workers=12)
    assert failures == [] and len(results) == n
    for org, count in ((tree.union_a1, 16), (tree.union_a2, 8)):
        serials = sorted(SupervisionDocument.objects.filter(org=org).values_list("serial", flat=True))
        assert serials == list(range(1, count + 1))
        assert DocumentSequence.objects.get(org=org).last == count
    assert SupervisionDocument.objects.values("number").distinct().count() == n


def test_run_periodic_once_escalates_an_overdue_problem(tree, users):
    from django.core.management import call_command

    ins = inspection(tree.union_a1, users.union, tree.ent_a1, inspected_on=date.today() - timedelta(days=40))
    call_command("run_periodic", "--once")
    assert ins.problems.get().escalated_to == tree.town_a
