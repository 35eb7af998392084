"""The router of the union-life staff API and the helpers its modules share."""

from ninja import Field, Router

from core.api import Paging
from core.errors import NOT_FOUND
from core.validators import normalize_code
from orgs.models import Org

from ...services import SEND

router = Router(tags=["通知与任务"])


def _orgs(request, codes: list[str], field: str) -> list[Org]:
    found = []
    for code in codes:
        org = Org.objects.restrict(request.user, SEND).filter(code=normalize_code(code or "")).first()
        if org is None:
            raise NOT_FOUND(field=field)
        found.append(org)
    return found


class LifeNoticeFilters(Paging):
    q: str | None = Field(None, max_length=100, description="按标题搜索")
