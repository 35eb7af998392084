"""Which rows the roster services lock (``core.locking``), in rank order: a member (30) before their transfer (32);
a join application (34).

- every change to a member (details, status, card, a transfer request) locks the member's row;
- deciding a transfer locks the member first, then the transfer, the order a transfer request takes them in, so a
  request and a decision on one member queue rather than deadlock, and the member moves exactly once;
- deciding a join application locks the application.
"""

from core.locking import lock_one

from .models import JoinApplication, Member, Transfer


def lock_member(member_or_pk) -> Member:
    """The member (with their union) re-read under the row lock."""
    pk = getattr(member_or_pk, "pk", member_or_pk)
    return lock_one(Member.objects.select_related("union"), pk=pk)


def lock_transfer(transfer) -> tuple[Member, Transfer]:
    """The transfer's member, then the transfer (with both unions), each under its row lock."""
    member_id = Transfer.objects.filter(pk=transfer.pk).values_list("member_id", flat=True).first()
    if member_id is None:
        raise Transfer.DoesNotExist(f"Transfer {transfer.pk} does not exist")
    member = lock_member(member_id)
    return member, lock_one(Transfer.objects.select_related("member", "from_union", "to_union"), pk=transfer.pk)


def lock_application(app) -> JoinApplication:
    """The join application (with its union and employer) re-read under its row lock."""
    return lock_one(JoinApplication.objects.select_related("union", "employer"), pk=app.pk)
