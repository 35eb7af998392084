"""The member's own honours (``/api/v1/me/honours``)."""

from ninja import Router

from core.api import with_errors
from core.errors import PERMISSION_DENIED
from members.models import Member

from .. import selectors
from .schemas import HonourMineOut

router = Router(tags=["我的荣誉"])


@router.get("", response=with_errors({200: list[HonourMineOut]}, 403), summary="我的荣誉")
def my_honours(request):
    member = Member.objects.filter(user=request.user).first()
    if member is None:
        raise PERMISSION_DENIED()
    return [
        {
            "id": a.pk,
            "title": a.title.name,
            "category": a.title.category,
            "level": a.level,
            "level_label": a.get_level_display(),
            "year": a.year,
            "awarded_on": a.awarded_on,
            "awarding_body": a.awarding_body,
        }
        for a in selectors.member_honours(member)[:100]
    ]
