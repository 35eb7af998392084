"""The member's library API (``/api/v1/me/library``): their loans, and borrowing a copy by its scanned label."""

from ninja import Router, Status

from core.api import with_errors
from core.errors import PERMISSION_DENIED
from members.models import Member

from .. import selectors, services
from .schemas import LibraryBorrowIn, LibraryLoanOut

router = Router(tags=["我的借阅"])


def _member(request) -> Member:
    member = Member.objects.select_related("union").filter(user=request.user).first()
    if member is None:
        raise PERMISSION_DENIED()
    return member


@router.get("/loans", response=with_errors({200: list[LibraryLoanOut]}, 403), summary="我的借阅")
def my_loans(request):
    return list(selectors.member_loans(_member(request)).select_related("member")[:100])


@router.post("/loans", response=with_errors({201: LibraryLoanOut}, 400, 403, 409), summary="扫码借书")
def borrow(request, payload: LibraryBorrowIn):
    member = _member(request)
    copy = services.copy_by_label(payload.label)
    return Status(201, services.lend(copy, member, actor=request.user))
