"""Chinese validators shared by every app."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError

_FULLWIDTH = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)}
    | {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
    | {chr(0xFF41 + i): chr(0x41 + i) for i in range(26)}
)


def normalize_code(value: str) -> str:
    """Full-width to half-width, spaces and dashes removed, upper case: how people type codes in Excel."""
    return re.sub(r"[\s\-]", "", (value or "").translate(_FULLWIDTH)).upper()


def validate_uscc(value: str) -> None:
    """统一社会信用代码 (GB 32100-2015): 18 characters with a check character."""
    if not value:
        return
    try:
        uscc.validate(value)
    except StdnumError:
        raise ValidationError(
            _("统一社会信用代码“%(value)s”格式或校验位不正确，应为 18 位"), code="invalid_uscc", params={"value": value}
        ) from None


MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def validate_mobile(value: str) -> None:
    """Mainland China mobile number: 11 digits starting with 13–19."""
    if value and not MOBILE_RE.match(value):
        raise ValidationError(
            _("手机号码“%(value)s”不正确，应为 11 位大陆手机号"), code="invalid_mobile", params={"value": value}
        )


class CharacterClassValidator:
    """Password policy: at least ``min_classes`` of upper case, lower case, digits and symbols."""

    CLASSES = (r"[A-Z]", r"[a-z]", r"[0-9]", r"[^A-Za-z0-9]")

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        found = sum(1 for c in self.CLASSES if re.search(c, password))
        if found < self.min_classes:
            raise ValidationError(
                _("密码须包含大写字母、小写字母、数字、符号中的至少 %(n)d 类"),
                code="password_too_simple",
                params={"n": self.min_classes},
            )

    def get_help_text(self):
        return _("密码须包含大写字母、小写字母、数字、符号中的至少 %(n)d 类") % {"n": self.min_classes}


PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")


def validate_phone(value: str) -> None:
    """A mainland mobile number or a landline with area code (0574-87654321)."""
    if value and not PHONE_RE.match(value):
        raise ValidationError(
            _("电话号码“%(value)s”不正确，应为手机号或带区号的固定电话"), code="invalid_phone", params={"value": value}
        )
