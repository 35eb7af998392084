"""Template helpers of the report pages."""

from django import template

register = template.Library()


@register.filter
def cells(row, columns) -> list[str]:
    """The formatted values of a breakdown row for the given metric columns."""
    return row.cells(columns)
