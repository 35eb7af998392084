"""Paging the roster, which may hold a million members in one scope: the count stops at ``COUNT_CAP`` and the rows
of a page are found in an index before they are read.

Counting a whole district (a COUNT over every member of the sub-tree) costs more than the page itself, and nobody
reads "1,046,211 条" differently from "超过 10,000 条". Below the cap the count is exact and paging is the usual
"page n of m"; above it the list says "超过 10,000 条", offers the next page while there is one (found by reading
one row more than a page) and no last page. Any page number still works.

A deep page (``OFFSET`` of tens of thousands) walks the ordering index and reads only the keys there; the page's
own rows are then fetched by primary key (the "deferred join"), in the same query.
"""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_CAP = 10_000
# Offsets from which a page's rows are found by key first.
DEFERRED_FROM = 1_000


def capped_count(qs: QuerySet, cap: int | None = None) -> tuple[int, bool]:
    """``(count, exact)``: the exact count when it is at most ``cap`` (default ``COUNT_CAP``), else
    ``(cap, False)``. One query that reads at most ``cap + 1`` rows."""
    cap = COUNT_CAP if cap is None else cap
    n = qs.order_by()[: cap + 1].count()
    return (n, True) if n <= cap else (cap, False)


def page_rows(qs: QuerySet, start: int, stop: int) -> QuerySet:
    """Rows ``start:stop`` of the ordered ``qs``. Past the first pages the offset is taken over primary keys only
    (which the ordering index gives without reading the rows) and only the page's rows are read, in one query."""
    if start < DEFERRED_FROM:
        return qs[start:stop]
    return qs.filter(pk__in=qs.values("pk")[start:stop])


class RosterPaginator(Paginator):
    """A ``Paginator`` whose count is capped at ``COUNT_CAP`` (``exact`` tells whether it was); page numbers past
    the counted ones are allowed when the count is not exact."""

    def __init__(self, object_list, per_page, *, cap: int | None = None):
        super().__init__(object_list, per_page)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def _counted(self) -> tuple[int, bool]:
        return capped_count(self.object_list, self.cap)

    @cached_property
    def count(self) -> int:
        return self._counted[0]

    @property
    def exact(self) -> bool:
        return self._counted[1]

    def validate_number(self, number):
        if self.exact:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if self.exact:
            return RosterPage(list(page_rows(self.object_list, bottom, bottom + self.per_page)), number, self)
        rows = list(page_rows(self.object_list, bottom, bottom + self.per_page + 1))
        return RosterPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)


class RosterPage(Page):
    def __init__(self, object_list, number, paginator, *, more: bool | None = None):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self):
        return super().has_next() if self.more is None else self.more


def paginate(request, queryset, per_page: int) -> RosterPage:
    """The requested page; a malformed number gives the first page, one past the end the last (exact counts) or an
    empty page (capped counts)."""
    paginator = RosterPaginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))
