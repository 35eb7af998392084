"""The member's honours on the phone (/m/honours/)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from members.views.member import member_required

from .. import selectors


@member_required
@require_GET
def my_honours(request):
    return render(
        request,
        "honours/member/honours.html",
        {"awards": list(selectors.member_honours(request.member)[:100])},
    )
