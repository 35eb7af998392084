"""Honours test data, built through the real services."""

from django.utils import timezone

from members import joining
from members.models import Member
from members.tests.factories import member

from .. import services
from ..models import Title


def title(actor, org, *, name="区劳动模范", category="model_worker") -> Title:
    return services.create_title(actor=actor, org=org, name=name, category=category)


def member_with_account(union, actor, n=None) -> Member:
    m = member(union, actor, n)
    joining.ensure_account(m)
    return Member.objects.select_related("user", "union").get(pk=m.pk)


def nominate(t, actor, union, who, *, level="district", year=None, **kw):
    return services.nominate(
        t, actor=actor, union=union, level=level, year=year or timezone.localdate().year, member=who, **kw
    )


__all__ = ["member_with_account", "nominate", "title"]
