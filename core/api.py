"""Shared pieces of the django-ninja API: the error schema, page-number paging, and Chinese messages for
request validation errors. Every app's ``api.py`` uses these so lists and errors look the same everywhere."""

import json
import re
from datetime import date, datetime
from typing import Annotated

from django.conf import settings
from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.parser import Parser
from pydantic import AfterValidator, ConfigDict, field_validator
from pydantic_core import PydanticCustomError

from .dates import MAX_YEAR, MIN_YEAR

MAX_PAGE_SIZE = 100
# No list has a million pages; a larger number is a mistake (or a probe) and is refused before it reaches SQL, where
# an OFFSET past 2**63 overflows.
MAX_PAGE = 1_000_000
# Dates people mean: a birthday, a join date, an activity's day. Anything outside is a typo (0001, 9999) that would
# break date arithmetic and local-time conversion further down.
# A string field of a request body without a limit of its own is cut off here (a paragraph of free text is far less).
MAX_TEXT_LENGTH = 10_000
# Control characters refused in text: NUL (PostgreSQL cannot store it) and the other C0 controls but tab, LF, CR.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def api_enum(choices, name: str):
    """``choices`` (a model's ``TextChoices``) as an enum named ``name`` for the API. The OpenAPI document files
    schemas under their class names, and a model's nested ``Status`` or ``Kind`` would collide with another model's:
    every enum in a schema gets a name unique across the API. Members compare equal to the model's."""
    from django.db import models

    return models.TextChoices(name, [(m.name, (m.value, m.label)) for m in choices])


class JsonOnlyParser(Parser):
    """Request bodies of the API are JSON and say so: ``Content-Type: application/json`` (or ``…+json``). Any other
    content type is refused with 415 before the body is read as JSON, so no endpoint acts on a body whose declared
    shape is something else (a login sent as multipart once slipped past the lock-out this way). Uploads read
    ``request.FILES`` and are not bodies in this sense."""

    def parse_body(self, request):
        content_type = (request.content_type or "").lower()
        if content_type != "application/json" and not content_type.endswith("+json"):
            raise HttpError(415, "Unsupported media type")
        return json.loads(request.body)


def _real_date(value):
    if value is None:
        return value
    year = value.year
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PydanticCustomError(
            "date_out_of_range",
            "应为 {min_year} 年到 {max_year} 年之间的日期",
            {"min_year": MIN_YEAR, "max_year": MAX_YEAR},
        )
    return value


# A date (or date-time) that a person means: between 1900 and 2100; anything else is a 422 naming the field.
ApiDate = Annotated[date, AfterValidator(_real_date)]
ApiDateTime = Annotated[datetime, AfterValidator(_real_date)]


class ErrorItemOut(Schema):
    code: str = Field(description="稳定的错误代码")
    message: str = Field(description="中文说明")
    field: str | None = Field(None, description="出错的字段（如有）")


class ErrorOut(ErrorItemOut):
    """What every refusal answers: a stable code for programs and a Chinese message for people. When several
    fields are wrong at once, ``code``/``message``/``field`` are the first problem's and ``errors`` lists all."""

    errors: list[ErrorItemOut] | None = Field(None, description="同时发现的全部问题（如有）")


class FieldErrorOut(Schema):
    field: str | None = Field(description="出错的参数或字段")
    message: str = Field(description="中文说明")
    type: str | None = Field(description="错误类型（pydantic 的错误类型）")


class ValidationErrorOut(Schema):
    """422: the request did not match the schema."""

    code: str = Field(description="总是 invalid_request")
    message: str = Field(description="中文说明（第一个问题）")
    errors: list[FieldErrorOut] = Field(description="每个出错参数的说明")


def with_errors(success: dict, *statuses: int) -> dict:
    """A ninja ``response=`` mapping: the success schemas plus the documented error answers."""
    errors = {status: (ValidationErrorOut if status == 422 else ErrorOut) for status in (401, 422, *statuses)}
    return {**success, **errors}


def public_errors(success: dict, *statuses: int) -> dict:
    """``with_errors`` for an endpoint that needs no token, so its documentation promises no 401."""
    return {status: schema for status, schema in with_errors(success, *statuses).items() if status != 401}


class Paging(Schema):
    """Page-number paging (1-based) shared by every list endpoint."""

    page: int = Field(1, ge=1, le=MAX_PAGE, description=f"页码，从 1 开始，最大 {MAX_PAGE}")
    page_size: int = Field(
        settings.PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"每页条数，默认 {settings.PAGE_SIZE}，最多 {MAX_PAGE_SIZE}",
    )


def paginate(qs: QuerySet, paging: Paging) -> dict:
    """``{"count", "page", "page_size", "items"}`` for one page of ``qs``: a COUNT and one SELECT."""
    count = qs.count()
    start = (paging.page - 1) * paging.page_size
    # A page past the end is empty rather than an error, so a client that pages while rows disappear copes.
    items = list(qs[start : start + paging.page_size]) if start < count else []
    return {"count": count, "page": paging.page, "page_size": paging.page_size, "items": items}


# pydantic's messages are English; these are what a person reads. ``{...}`` are filled from the error's ctx.
_VALIDATION_MESSAGES = {
    "missing": "必须填写",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为字符串",
    "string_too_short": "长度不能少于 {min_length} 个字符",
    "string_too_long": "长度不能超过 {max_length} 个字符",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "不能小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "不能大于 {le}",
    "date_parsing": "应为 YYYY-MM-DD 格式的有效日期",
    "date_type": "应为 YYYY-MM-DD 格式的有效日期",
    "date_from_datetime_parsing": "应为 YYYY-MM-DD 格式的有效日期",
    "date_from_datetime_inexact": "应为 YYYY-MM-DD 格式的有效日期",
    "datetime_parsing": "应为 ISO 8601 格式的日期时间",
    "datetime_type": "应为 ISO 8601 格式的日期时间",
    "enum": "应为以下取值之一：{expected}",
    "literal_error": "应为以下取值之一：{expected}",
    "json_invalid": "不是有效的 JSON",
    "model_type": "应为 JSON 对象",
    "model_attributes_type": "应为 JSON 对象",
    "dict_type": "应为 JSON 对象",
    "list_type": "应为数组",
    "extra_forbidden": "不支持此字段",
    "date_out_of_range": "应为 {min_year} 年到 {max_year} 年之间的日期",
    "control_characters": "不能包含控制字符（如 NUL）",
}


def validation_message(error: dict) -> str:
    """The Chinese message for one pydantic error dict (``type``, ``ctx``)."""
    template = _VALIDATION_MESSAGES.get(error.get("type") or "", "取值不正确")
    ctx = {k: str(v).replace(" or ", ", ") for k, v in (error.get("ctx") or {}).items()}
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template.split("{")[0].rstrip("：")


def validation_field(error: dict) -> str | None:
    """The parameter a pydantic error is about, without ninja's location prefix.

    ninja reports ``("query", "page_size")`` for parameters and ``("body", "payload", "on")`` for a body
    bound to the argument ``payload``; a client knows neither the argument nor the source, only the field.
    """
    loc = [str(p) for p in error.get("loc", [])]
    if loc and loc[0] == "body" and len(loc) > 1:
        loc = loc[2:]
    else:
        loc = loc[1:]
    return ".".join(loc) or None


def choices_doc(choices) -> str:
    """``value=中文`` pairs for a field description, so API users can read the codes."""
    return "；".join(f"{value}={label}" for value, label in choices.choices)


def _check_text(value):
    """Raise for the first string inside ``value`` that is too long or holds control characters."""
    if isinstance(value, str):
        if _CONTROL.search(value):
            raise PydanticCustomError("control_characters", "不能包含控制字符（如 NUL）")
        if len(value) > MAX_TEXT_LENGTH:
            raise PydanticCustomError(
                "string_too_long", "长度不能超过 {max_length} 个字符", {"max_length": MAX_TEXT_LENGTH}
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key)
            _check_text(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _check_text(item)


class StrictInput(Schema):
    """Base of request bodies: an unknown field is refused rather than ignored, so a misspelt field never silently
    does nothing. No string anywhere in the body may hold control characters (NUL and friends; tab and line breaks
    are text) or run past ``MAX_TEXT_LENGTH`` characters; fields with a tighter limit declare ``max_length``."""

    model_config = ConfigDict(extra="forbid", str_max_length=MAX_TEXT_LENGTH)

    @field_validator("*", mode="before")
    @classmethod
    def _plain_text(cls, value):
        _check_text(value)
        return value
