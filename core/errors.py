"""Domain errors: a stable machine code for the API and tests, and a Chinese message for people."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A business rule refused the operation. Nothing has been written when this is raised.

    ``code`` is stable (API clients and tests rely on it); ``message`` is what a person reads;
    ``field`` names the form field the error belongs to, when there is one.
    """

    status = 400

    def __init__(self, code: str, message, *, field: str | None = None, status: int | None = None):
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.field = field
        if status is not None:
            self.status = status

    def as_dict(self) -> dict:
        data = {"code": self.code, "message": str(self.message)}
        if self.field:
            data["field"] = self.field
        return data


class ValidationFailed(DomainError):
    """Input failed validation; ``errors`` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]], *, code: str = "invalid"):
        first_field, messages = next(iter(errors.items()))
        super().__init__(
            code, _("%(field)s：%(message)s") % {"field": first_field, "message": messages[0]}, field=first_field
        )
        self.errors = errors

    def as_dict(self) -> dict:
        return {**super().as_dict(), "errors": {k: [str(m) for m in v] for k, v in self.errors.items()}}


def from_django_validation(exc, model=None) -> DomainError:
    """Turn a Django ``ValidationError`` from ``full_clean`` into a ``DomainError``.

    The first error's own code (e.g. ``invalid_uscc``) becomes the stable code; messages are prefixed with
    the field's Chinese name so they read well outside a form.
    """
    if not hasattr(exc, "error_dict"):
        return DomainError(getattr(exc, "code", None) or "invalid", "；".join(exc.messages))
    field, errors = next(iter(exc.error_dict.items()))
    err = errors[0]
    label = field
    if model is not None and field != "__all__":
        try:
            label = str(model._meta.get_field(field).verbose_name)
        except Exception:
            label = field
    message = err.message % err.params if err.params else err.message
    code = err.code if err.code and err.code not in {"invalid", "required"} else f"invalid_{field}"
    if err.code == "required" or err.code == "blank":
        code = f"{field}_required"
    return DomainError(code, f"{label}：{message}", field=None if field == "__all__" else field)
