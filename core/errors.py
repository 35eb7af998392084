"""Domain errors: a stable machine code for the API and tests, and a Chinese message for people."""


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
    """Several rules failed at once, so a form can show every problem in one go. ``code``, ``message`` and
    ``field`` are the first error's (what API clients and tests key on); ``errors`` lists them all."""

    def __init__(self, errors: list[DomainError]):
        first = errors[0]
        super().__init__(first.code, first.message, field=first.field, status=first.status)
        self.errors = errors

    def as_dict(self) -> dict:
        return {**super().as_dict(), "errors": [e.as_dict() for e in self.errors]}


def validation_errors(exc, model=None) -> list[DomainError]:
    """Every error of a Django ``ValidationError`` (from ``full_clean``) as ``DomainError``s.

    An error's own code (e.g. ``invalid_uscc``) becomes the stable code; required fields give
    ``<field>_required``. Messages are prefixed with the field's Chinese name so they read well outside a form.
    """
    if not hasattr(exc, "error_dict"):
        return [DomainError(getattr(exc, "code", None) or "invalid", "；".join(exc.messages))]
    found = []
    for field, errors in exc.error_dict.items():
        label = field
        if model is not None and field != "__all__":
            try:
                label = str(model._meta.get_field(field).verbose_name)
            except Exception:
                label = field
        for err in errors:
            message = err.message % err.params if err.params else err.message
            if err.code in {"required", "blank"}:
                code = f"{field}_required"
            elif err.code and err.code != "invalid":
                code = err.code
            else:
                code = f"invalid_{field}"
            found.append(DomainError(code, f"{label}：{message}", field=None if field == "__all__" else field))
    return found


def from_django_validation(exc, model=None) -> ValidationFailed:
    """A Django ``ValidationError`` as one ``ValidationFailed`` carrying all its errors."""
    return ValidationFailed(validation_errors(exc, model))
