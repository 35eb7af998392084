"""Notices to members on the phone (/m/notices/): 政策宣传 and 镇工有宣 from the member's union and the orgs above
it; opening one counts the member's reading."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from members.views.member import member_required

from .. import selectors
from ..models import Attachment, MemberRead
from ..services import notices as notice_services


@member_required
@require_GET
def notice_list(request):
    notices = list(selectors.notices_for_member(request.member)[:50])
    read = set(
        MemberRead.objects.filter(member=request.member, notice__in=[n.pk for n in notices]).values_list(
            "notice_id", flat=True
        )
    )
    for n in notices:
        n.is_read = n.pk in read
    return render(request, "unionlife/member/notice_list.html", {"notices": notices})


@member_required
@require_GET
def notice_detail(request, pk):
    notice = get_object_or_404(selectors.notices_for_member(request.member), pk=pk)
    notice_services.read_as_member(notice, member=request.member)
    return render(
        request,
        "unionlife/member/notice_detail.html",
        {"notice": notice, "attachments": list(notice.attachments.all()), "reads": notice.member_reads.count()},
    )


@member_required
@require_GET
def attachment(request, pk):
    found = Attachment.objects.filter(pk=pk).first()
    if found is None or not selectors.notices_for_member(request.member).filter(pk=found.notice_id).exists():
        raise Http404
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)
