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


# --- 居民身份证号 (GB 11643-1999) ----------------------------------------------------------------------------


def normalize_id_number(value) -> str:
    """Full-width digits and letters to half-width, spaces and dashes removed, a lower-case ``x`` check character
    upper-cased: what people type into rosters."""
    return normalize_code(str(value or ""))


def upgrade_legacy_id(value: str) -> str:
    """A 15-digit first-generation number (all issued to people born 1900–1999) as its 18-digit equivalent: the
    century ``19`` inserted before the two-digit year and the GB 11643 check digit appended. The platform stores
    only 18-digit numbers, so both forms of one person's number find the same record."""
    from stdnum.cn import ric

    body = value[:6] + "19" + value[6:]
    return body + ric.calc_check_digit(body + "0")  # stdnum expects a placeholder check digit


def _ric_check_digit(number: str) -> str:
    """GB 11643's check character of ``number`` (its last character a placeholder): ``stdnum.cn.ric``'s formula."""
    checksum = (1 - 2 * int(number[:-1], 13)) % 11
    return "X" if checksum == 10 else str(checksum)


def validate_cn_id(value: str):
    """Check a normalised 居民身份证号 and return ``(number, birth_date, gender)``; 15-digit numbers are upgraded to
    18. Raises ``ValidationError`` with a Chinese message saying what is wrong."""
    from datetime import date

    if len(value) == 15 and value.isdigit():
        value = upgrade_legacy_id(value)
    if len(value) != 18:
        raise ValidationError(
            _("身份证号应为 18 位（当前 %(n)d 位）"), code="invalid_id_length", params={"n": len(value)}
        )
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        raise ValidationError(_("身份证号只能由数字和末位 X 组成"), code="invalid_id_format")
    try:
        # The digits were checked above: the date is read directly (stdnum's get_birth_date cleans the number
        # again first, which costs more than everything else here in a 100,000-row import).
        birth = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(
            _("身份证号中的出生日期 %(d)s 不存在"), code="invalid_id_birth_date", params={"d": value[6:14]}
        ) from None
    if birth > date.today() or birth.year < 1900:
        raise ValidationError(
            _("身份证号中的出生日期 %(d)s 不合理"), code="invalid_id_birth_date", params={"d": birth.isoformat()}
        )
    if _ric_check_digit(value) != value[17]:
        raise ValidationError(_("身份证号校验位不正确，请核对是否录入有误"), code="invalid_id_checksum")
    gender = "M" if int(value[16]) % 2 else "F"
    return value, birth, gender
