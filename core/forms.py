"""Form helpers shared by every app's views."""

from django import forms

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
