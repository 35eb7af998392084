"""Template helpers for the staff console."""

from django import forms, template
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with ``changes`` applied (``None`` removes a key): keeps filters in page links."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, ""):
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True) if params else "?"


@register.filter
def percent(value) -> str:
    """``96.5`` → ``96.5%``; no data → ``—``."""
    return "—" if value is None else f"{value}%"


@register.filter
def bs(field):
    """Render a bound field's widget with Bootstrap classes, marked invalid when it has errors."""
    widget = field.field.widget
    if isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
        # Django puts these attrs on the wrapping <div> as well as on each input: a form-check-input class there
        # shrinks the whole group to one checkbox's size. Plain inputs, laid out by .form-multi, read fine.
        return field.as_widget()
    if getattr(widget, "input_type", None) in {"checkbox", "radio"}:
        css = "form-check-input"
    elif widget.__class__.__name__ in {"Select", "SelectMultiple", "NullBooleanSelect"}:
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    extra = widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{css} {extra}".strip()})


@register.filter
def get_item(mapping, key):
    """``{{ labels|get_item:kind }}``: a dictionary look-up in a template."""
    return mapping.get(key, key)
