"""Form helpers shared by every app's views."""

from django import forms
from django.utils.html import format_html

from .api import MAX_TEXT_LENGTH
from .dates import validate_real_date
from .errors import DomainError, ValidationFailed


def add_domain_error(form: forms.Form, exc: DomainError) -> None:
    """Show a service's refusal on the form: on the field it names when the form has it, else above the form."""
    for error in exc.errors if isinstance(exc, ValidationFailed) else [exc]:
        field = error.field if error.field in form.fields else None
        message = str(error.message)
        if field is not None:
            # Next to the field its label is already shown: drop the "label：" prefix meant for the API.
            message = message.removeprefix(f"{form.fields[field].label}：")
        form.add_error(field, message)


class DateInput(forms.DateInput):
    """A native date picker (works on phones), ISO formatted so the browser can read the initial value."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class FixedValueInput(forms.HiddenInput):
    """The one value a field can take: sent as a hidden input and shown as text, so the clerk has nothing to choose
    but still sees what the form will use (and any error about it, under the field's label)."""

    def __init__(self, shown: str, attrs=None):
        super().__init__(attrs)
        self.shown = shown

    @property
    def is_hidden(self) -> bool:
        return False  # rendered among the visible fields: label, text and errors stay on the page

    def render(self, name, value, attrs=None, renderer=None):
        hidden = super().render(name, value, attrs, renderer)
        return format_html(
            '{}<div class="form-control-plaintext fw-semibold" data-fixed="{}">{}</div>', hidden, name, self.shown
        )


def only_one(queryset):
    """The single row of ``queryset``, or None when it holds none or several (reads two rows at most)."""
    rows = list(queryset[:2])
    return rows[0] if len(rows) == 1 else None


def settle_org_field(form: forms.Form, name: str, orgs):
    """Where ``orgs`` (the orgs the user may pick for field ``name``) holds a single org, as for a 基层工会 clerk, the
    field is filled in with it and shown as text instead of asked: no step to choose the only possible union. Code
    fields get the org's code, choice fields its primary key. Returns the org, or None when there is a choice."""
    org = only_one(orgs)
    if org is not None:
        field = form.fields[name]
        value = org.pk if isinstance(field, forms.ModelChoiceField) else org.code
        field.initial = value
        form.initial[name] = value
        field.widget = FixedValueInput(f"{org.name}（{org.code}）")
        field.help_text = ""
    return org


# The longest free text a page form takes (the API's limit): a paragraph is far less, a megabyte a mistake or probe.
TEXT_MAX_LENGTH = MAX_TEXT_LENGTH


class RealDateField(forms.DateField):
    """A date a person means: 1900–2100 (``core.dates``), else the form's error under the field. Every form's date
    field is one of these or carries ``validate_real_date`` (core/tests/test_date_bounds.py walks them all)."""

    default_validators = [validate_real_date]
    widget = DateInput


class RealDateTimeField(forms.DateTimeField):
    """``RealDateField`` for a date and time."""

    default_validators = [validate_real_date]
