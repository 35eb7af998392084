"""Which rows the union-life services lock (``core.locking``; ranks 90–99 in docs/layout.md): a notice (90) before
its deliveries (92, in primary-key order). Reporting back takes the delivery's row, so two clerks of one union
reporting at once are serialised and the later one overwrites the earlier with a second audit event; a reminder
takes the notice and then the late deliveries, so two staff pressing 催报 at once remind each org once per press,
counted exactly. A union's open term (94) is taken when a congress is recorded, before any officer (96)."""

from core.locking import lock, lock_one

from .models import Delivery, Notice


def lock_notice(notice) -> Notice:
    """The notice re-read under its row lock."""
    return lock_one(Notice.objects.select_related("sender"), pk=notice.pk)


def lock_delivery(delivery) -> Delivery:
    """A delivery re-read under its row lock (with its notice and org)."""
    return lock_one(Delivery.objects.select_related("notice", "org"), pk=delivery.pk)


def lock_deliveries(queryset) -> list[Delivery]:
    """Several deliveries of one notice under their row locks, in primary-key order."""
    return lock(queryset.select_related("org"))


def lock_open_term(union):
    """The union's open term under its row lock (None when it has none): recording a congress takes it, so two
    clerks recording one congress at once open one new term, not two (a partial unique index backs it)."""
    from .models import Term

    rows = lock(Term.objects.filter(union=union, closed_on__isnull=True))
    return rows[0] if rows else None


def lock_officer(officer):
    from .models import Officer

    return lock_one(Officer.objects.select_related("union"), pk=officer.pk)


def lock_union_assessment(assessment, union):
    """A union's assessment of a year under its row lock (None when it has not self-assessed yet)."""
    from .models import UnionAssessment

    rows = lock(
        UnionAssessment.objects.select_related("assessment", "union").filter(assessment=assessment, union=union)
    )
    return rows[0] if rows else None


def lock_pairing(pairing):
    """A pairing under its row lock (93): recording progress and ending it are serialised."""
    from .models import Pairing

    return lock_one(Pairing.objects.select_related("owner"), pk=pairing.pk)


def lock_alliance(alliance):
    """An alliance under its row lock (95): every change of its members, places and joint activities takes it, so
    two clerks adding one union at once add it once (a partial unique index backs it). A joint activity locks the
    activity (42) first."""
    from .models import Alliance

    return lock_one(Alliance.objects.select_related("owner", "lead"), pk=alliance.pk)
