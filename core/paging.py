"""Pagination for list pages: the same page size as the API, the current filters kept in every link."""

from django.conf import settings
from django.core.paginator import Page, Paginator


def paginate(request, queryset, *, per_page: int | None = None) -> Page:
    """The requested page of ``queryset``; a page number out of range or malformed gives the nearest page."""
    paginator = Paginator(queryset, per_page or settings.PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))
