"""Which rows the rights services lock (``core.locking``), in rank order: a mediation case (60) before the legal-aid
case its referral opens (62). Each workflow step on a case takes the case's row first, so two staff closing one
case at once are serialised and the second sees it closed."""

from core.locking import lock_one

from .models import LegalAidCase, MediationCase


def lock_case(case) -> MediationCase:
    """The mediation case re-read under its row lock."""
    return lock_one(MediationCase.objects.select_related("org"), pk=case.pk)


def lock_aid(aid) -> LegalAidCase:
    """The legal-aid case re-read under its row lock."""
    return lock_one(LegalAidCase.objects.select_related("org"), pk=aid.pk)
