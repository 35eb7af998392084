"""Shared pieces of the django-ninja API: the error schema, page-number paging, and Chinese messages for
request validation errors. Every app's ``api.py`` uses these so lists and errors look the same everywhere."""

from django.conf import settings
from django.db.models import QuerySet
from ninja import Field, Schema
from pydantic import ConfigDict

MAX_PAGE_SIZE = 100


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

    page: int = Field(1, ge=1, description="页码，从 1 开始")
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


class StrictInput(Schema):
    """Base of request bodies: an unknown field is refused rather than ignored, so a misspelt field never silently
    does nothing."""

    model_config = ConfigDict(extra="forbid")
