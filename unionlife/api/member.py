"""Notices to the member (``/api/v1/me/notices``): 政策宣传 and 镇工有宣 from their union and the orgs above it."""

from django.db.models import Count
from django.shortcuts import get_object_or_404
from ninja import Router

from core.api import with_errors
from core.errors import PERMISSION_DENIED
from members.models import Member

from .. import selectors
from ..services import notices as notice_services
from .schemas import LifeMemberNoticeOut

router = Router(tags=["我的工会通知"])


def _member(request) -> Member:
    member = Member.objects.select_related("union").filter(user=request.user).first()
    if member is None:
        raise PERMISSION_DENIED()
    return member


@router.get("", response=with_errors({200: list[LifeMemberNoticeOut]}, 403), summary="发给我的工会通知")
def my_notices(request):
    return list(
        selectors.notices_for_member(_member(request)).annotate(reads=Count("member_reads", distinct=True))[:50]
    )


@router.get("/{notice_id}", response=with_errors({200: LifeMemberNoticeOut}, 403, 404), summary="阅读工会通知")
def read_notice(request, notice_id: int):
    member = _member(request)
    notice = get_object_or_404(selectors.notices_for_member(member), pk=notice_id)
    notice_services.read_as_member(notice, member=member)
    notice.reads = notice.member_reads.count()
    return notice
