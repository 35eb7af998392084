"""Helpers the care services share: amounts exact to the fen, ID numbers, reasons."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from core import pii
from core.validators import normalize_id_number, validate_cn_id

from .. import errors

FEN = Decimal("0.01")


def money(value, label: str, *, field: str, positive: bool = False) -> Decimal:
    """A Decimal amount in 元 with at most two places (never a float): refused with the field's name otherwise."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise errors.INVALID_AMOUNT(label=label, field=field) from None
    if not amount.is_finite() or amount < 0 or (positive and amount == 0) or amount != amount.quantize(FEN):
        raise errors.INVALID_AMOUNT(label=label, field=field)
    if amount >= Decimal("10000000000"):
        raise errors.INVALID_AMOUNT(label=label, field=field)
    return amount.quantize(FEN)


def id_number(value) -> str:
    """A valid 18-digit 居民身份证号, normalised."""
    try:
        number, _birth, _gender = validate_cn_id(normalize_id_number(value))
    except ValidationError as exc:
        raise errors.INVALID_ID_NUMBER(reason="；".join(exc.messages)) from None
    return number


def person_key(number: str) -> str:
    """The keyed hash a person is known by in the care app; equal to ``Member.id_hash`` of a resident-ID member."""
    return pii.lookup_hash("resident", number)


def reason(value) -> str:
    text = (value or "").strip()
    if len(text) < 2:
        raise errors.REASON_REQUIRED()
    return text[:200]
