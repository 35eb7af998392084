"""Every date a person enters is a real date (issue 13): between 1900 and 2100, or a clear error naming the field;
every text field of a page form has a length limit.
These tests walk every form class and every API operation's parameters and bodies, so a new date input without the
bound fails here instead of storing 9999-12-31 (which later broke pages in local time)."""

import datetime
import importlib
import typing

from django import forms
from django.apps import apps
from pydantic import BaseModel

from core.dates import validate_real_date


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def _import_forms():
    """Every module of the project's apps that holds forms (``forms.py``, ``site_forms.py`` …) and the views, which
    define a few of their own, so the walk does not depend on what other tests happened to import."""
    from pathlib import Path

    from django.conf import settings

    for config in apps.get_app_configs():
        path = Path(config.path)
        if path.parent != Path(settings.BASE_DIR):
            continue
        names = {p.stem for p in path.glob("*forms*.py")} | {"views"}
        for name in names:
            try:
                importlib.import_module(f"{config.name}.{name}")
            except ModuleNotFoundError:
                pass


def test_every_form_date_field_is_bounded():
    _import_forms()
    unbounded = []
    for form in set(_all_subclasses(forms.BaseForm)):
        if form.__module__.split(".")[0] in {"django"}:
            continue
        for name, field in getattr(form, "base_fields", {}).items():
            if isinstance(field, (forms.DateField, forms.DateTimeField)):
                model_validators = []
                meta = getattr(form, "_meta", None)
                if getattr(meta, "model", None) is not None:
                    try:
                        model_validators = meta.model._meta.get_field(name).validators
                    except Exception:
                        model_validators = []
                if validate_real_date not in [*field.validators, *model_validators]:
                    unbounded.append(f"{form.__module__}.{form.__qualname__}.{name}")
    assert not unbounded, "date fields without core.dates.validate_real_date:\n" + "\n".join(sorted(unbounded))


def _is_real_date_annotation(info) -> bool:
    return any(getattr(m, "func", None).__name__ == "_real_date" for m in info.metadata if hasattr(m, "func"))


def _date_fields(model: type[BaseModel], seen: set, prefix: str):
    if model in seen:
        return
    seen.add(model)
    for name, info in model.model_fields.items():
        annotation = info.annotation
        args = typing.get_args(annotation) or (annotation,)
        for arg in args:
            if arg in (datetime.date, datetime.datetime):
                yield f"{prefix}{model.__name__}.{name}", info
            elif isinstance(arg, type) and issubclass(arg, BaseModel):
                yield from _date_fields(arg, seen, prefix)
            for inner in typing.get_args(arg):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    yield from _date_fields(inner, seen, prefix)


def test_every_api_date_input_is_bounded():
    from config.api import api

    unbounded = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for model in operation.models:
                    for where, info in _date_fields(model, set(), f"{prefix}{path} "):
                        if not _is_real_date_annotation(info):
                            unbounded.append(where)
    assert not unbounded, "API date inputs not typed ApiDate/ApiDateTime:\n" + "\n".join(sorted(set(unbounded)))


def test_every_form_text_field_has_a_length_limit():
    """Text fields have length limits everywhere (issue 13: an activity description took 1 MB)."""
    _import_forms()
    unbounded = []
    for form in set(_all_subclasses(forms.BaseForm)):
        if form.__module__.split(".")[0] in {"django"}:
            continue
        for name, field in getattr(form, "base_fields", {}).items():
            if type(field) in (forms.CharField,) and field.max_length is None:
                unbounded.append(f"{form.__module__}.{form.__qualname__}.{name}")
    assert not unbounded, "text fields without max_length:\n" + "\n".join(sorted(unbounded))


def test_a_megabyte_description_is_a_form_error():
    from activities.forms import ActivityForm
    from core.forms import TEXT_MAX_LENGTH

    form = ActivityForm(data={"description": "长" * (TEXT_MAX_LENGTH + 1)})
    assert not form.is_valid() and "description" in form.errors
