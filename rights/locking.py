"""Which rows the rights services lock (``core.locking``), in rank order: a mediation case (60) before the legal-aid
case its referral opens (62); a supervision problem (66); a union's yearly document sequence (68) last. Each
workflow step on a case takes the case's row first, so two staff closing one case at once are serialised and the
second sees it closed; issuing a document takes the sequence's row, so concurrent issuing numbers 1, 2, 3 … with no
number given twice."""

from django.db import IntegrityError, transaction

from core.locking import lock, lock_one

from .models import CollectiveContract, DocumentSequence, LegalAidCase, MediationCase, Problem


def lock_case(case) -> MediationCase:
    """The mediation case re-read under its row lock."""
    return lock_one(MediationCase.objects.select_related("org"), pk=case.pk)


def lock_contract(contract) -> CollectiveContract:
    """A collective contract (61) re-read under its row lock."""
    return lock_one(CollectiveContract.objects.select_related("org", "enterprise"), pk=contract.pk)


def lock_aid(aid) -> LegalAidCase:
    """The legal-aid case re-read under its row lock."""
    return lock_one(LegalAidCase.objects.select_related("org"), pk=aid.pk)


def lock_problem(problem) -> Problem:
    """A supervision problem re-read under its row lock."""
    return lock_one(Problem.objects.select_related("inspection__org"), pk=problem.pk)


def next_document_serial(org, year: int) -> int:
    """The next document serial of ``org`` in ``year``: the sequence row is created once (a concurrent creator's
    duplicate is caught and the row re-read), then locked and advanced inside the caller's transaction."""
    if not DocumentSequence.objects.filter(org=org, year=year).exists():
        try:
            with transaction.atomic():
                DocumentSequence.objects.create(org=org, year=year)
        except IntegrityError:
            pass  # another transaction created it first
    sequence = lock_one(DocumentSequence.objects.all(), org=org, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


def lock_overdue_problems(queryset) -> list[Problem]:
    """The overdue problems to escalate, each under its row lock; rows another run holds are skipped (PostgreSQL),
    so two escalation runs never take the same problem."""
    return lock(queryset.select_related("inspection__org", "inspection__enterprise"), skip_locked=True)
