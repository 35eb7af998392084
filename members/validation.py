"""Cleaning of one person's roster data, shared by the staff form, the API, the online application and the Excel
import, so every entry path accepts and refuses exactly the same things.

Input values may be codes (``"F"``, ``"bachelor"``) or the Chinese labels the xlsx template offers (``"女"``,
``"本科"``); text is trimmed and full-width characters folded. Every problem is collected, not only the first.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.dates import parse_loose_date
from core.validators import MOBILE_RE, normalize_code, validate_cn_id

from .choices import (
    ETHNICITIES,
    Education,
    Employment,
    Gender,
    GigPlatform,
    Hukou,
    IdType,
    Political,
    Tag,
)

# Field → Chinese name: error messages and the xlsx template's headers use these.
LABELS = {
    "name": "姓名",
    "gender": "性别",
    "birth_date": "出生日期",
    "ethnicity": "民族",
    "id_type": "证件类型",
    "id_number": "证件号码",
    "phone": "手机号",
    "education": "学历",
    "political": "政治面貌",
    "hukou_type": "户籍类型",
    "hukou_place": "户籍所在地",
    "employer_name": "工作单位",
    "gig_platform": "新就业形态类别",
    "job_title": "职务/工种",
    "employment": "就业状况",
    "is_migrant_worker": "是否农民工",
    "tags": "标签",
    "joined_on": "入会日期",
    "card_no": "会员证号",
}
CODED = {
    "gender": Gender,
    "id_type": IdType,
    "education": Education,
    "political": Political,
    "hukou_type": Hukou,
    "gig_platform": GigPlatform,
    "employment": Employment,
}
TEXT_LIMITS = {"name": 50, "hukou_place": 100, "employer_name": 200, "job_title": 100, "card_no": 20}
YES = {"是", "y", "yes", "true", "1", "√", "✓"}
NO = {"否", "n", "no", "false", "0", "", "×"}
# label or code (lower case) → code, for each coded field
_LOOKUP = {
    name: {**{str(c.label): c.value for c in enum}, **{c.value.lower(): c.value for c in enum}}
    for name, enum in CODED.items()
}
_LOOKUP["gender"].update({"男性": "M", "女性": "F"})
_TAGS = {**{str(t.label): t.value for t in Tag}, **{t.value: t.value for t in Tag}, "劳模": Tag.MODEL_WORKER}


@dataclass
class Problem:
    """One thing wrong with one field: a stable code and a Chinese message naming the field."""

    field: str
    code: str
    message: str


@dataclass
class CleanResult:
    values: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def fail(self, name: str, code: str, message: str) -> None:
        self.problems.append(Problem(name, code, f"{LABELS.get(name, name)}：{message}"))


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel turns 13800000000 into 13800000000.0
    return " ".join(str(value).split())


def clean_person(raw: dict, *, today: date | None = None, require_joined_on: bool = True) -> CleanResult:
    """Validate and normalise one person's fields. ``values`` holds what is valid, ready for the model (with the
    ID number normalised under ``id_number``); ``problems`` lists everything that is not."""
    result = CleanResult()
    out = result.values
    today = today or date.today()

    name = _text(raw.get("name")).replace(" ", "")
    if not name:
        result.fail("name", "name_required", _("必填"))
    elif len(name) > TEXT_LIMITS["name"]:
        result.fail("name", "name_too_long", _("不能超过 50 个字"))
    out["name"] = name

    for key, enum in CODED.items():
        text = _text(raw.get(key))
        if not text:
            out[key] = ""
            continue
        code = _LOOKUP[key].get(text) or _LOOKUP[key].get(text.lower())
        if code is None:
            options = "、".join(str(c.label) for c in enum)
            result.fail(key, f"invalid_{key}", _("“%(v)s”不是可选值（可选：%(o)s）") % {"v": text, "o": options})
        out[key] = code or ""
    out["id_type"] = out["id_type"] or IdType.RESIDENT
    out["employment"] = out["employment"] or Employment.EMPLOYED

    # Birth date and gender: derived from a 居民身份证号 and cross-checked against what the row says.
    given_birth = None
    try:
        given_birth = parse_loose_date(raw.get("birth_date"))
    except ValueError:
        result.fail("birth_date", "invalid_birth_date", _("“%(v)s”不是有效日期") % {"v": _text(raw.get("birth_date"))})
    number = normalize_code(_text(raw.get("id_number")))
    if not number:
        result.fail("id_number", "id_number_required", _("必填"))
    elif out["id_type"] == IdType.RESIDENT:
        try:
            number, birth, gender = validate_cn_id(number)
        except ValidationError as exc:
            result.fail("id_number", exc.code, exc.messages[0])
        else:
            if given_birth and given_birth != birth:
                result.fail(
                    "birth_date",
                    "birth_date_mismatch",
                    _("%(g)s 与身份证号中的出生日期 %(b)s 不一致") % {"g": given_birth, "b": birth},
                )
            if out["gender"] and out["gender"] != gender:
                result.fail(
                    "gender",
                    "gender_mismatch",
                    _("与身份证号不一致（身份证号显示为%(g)s）") % {"g": Gender(gender).label},
                )
            given_birth, out["gender"] = birth, gender
    elif len(number) < 5 or len(number) > 30 or not number.isalnum():
        result.fail("id_number", "invalid_id_number", _("证件号码应为 5 到 30 位字母或数字"))
    out["id_number"] = number
    out["birth_date"] = given_birth
    # A resident ID gives the gender; only other documents need it stated (and a bad ID number is its own error).
    if (
        not out["gender"]
        and out["id_type"] != IdType.RESIDENT
        and not any(p.field == "gender" for p in result.problems)
    ):
        result.fail("gender", "gender_required", _("非居民身份证须填写性别"))

    phone = normalize_code(_text(raw.get("phone"))).removeprefix("+86")
    if not phone:
        result.fail("phone", "phone_required", _("必填"))
    elif not MOBILE_RE.match(phone):
        result.fail("phone", "invalid_mobile", _("“%(v)s”不是有效的 11 位手机号") % {"v": phone})
    out["phone"] = phone

    ethnicity = _text(raw.get("ethnicity")) or "汉族"
    if ethnicity not in ETHNICITIES:
        if ethnicity + "族" in ETHNICITIES:
            ethnicity += "族"
        else:
            result.fail("ethnicity", "invalid_ethnicity", _("“%(v)s”不是民族名称，如“汉族”") % {"v": ethnicity})
    out["ethnicity"] = ethnicity

    for key in ("hukou_place", "employer_name", "job_title", "card_no"):
        text = _text(raw.get(key))
        if key == "card_no":
            text = normalize_code(text)
        if len(text) > TEXT_LIMITS[key]:
            result.fail(key, f"{key}_too_long", _("不能超过 %(n)d 个字") % {"n": TEXT_LIMITS[key]})
        out[key] = text

    migrant = raw.get("is_migrant_worker")
    if isinstance(migrant, bool):
        out["is_migrant_worker"] = migrant
    else:
        text = _text(migrant).lower()
        if text in YES:
            out["is_migrant_worker"] = True
        elif text in NO:
            out["is_migrant_worker"] = False
        else:
            result.fail("is_migrant_worker", "invalid_is_migrant_worker", _("请填写“是”或“否”"))

    tags = raw.get("tags") or []
    if isinstance(tags, str):
        tags = [t for t in tags.replace("，", ",").replace("、", ",").split(",")]
    out["tags"] = []
    for tag in (_text(t) for t in tags):
        if not tag:
            continue
        if tag not in _TAGS:
            result.fail(
                "tags",
                "invalid_tag",
                _("“%(v)s”不是可选标签（可选：%(o)s）") % {"v": tag, "o": "、".join(str(t.label) for t in Tag)},
            )
        elif _TAGS[tag] not in out["tags"]:
            out["tags"].append(_TAGS[tag])
    if out["gig_platform"] and Tag.NEW_EMPLOYMENT not in out["tags"]:
        out["tags"].append(Tag.NEW_EMPLOYMENT)

    joined = None
    try:
        joined = parse_loose_date(raw.get("joined_on"))
    except ValueError:
        result.fail("joined_on", "invalid_joined_on", _("“%(v)s”不是有效日期") % {"v": _text(raw.get("joined_on"))})
    else:
        if joined is None and require_joined_on:
            joined = today
        if joined and joined > today:
            result.fail("joined_on", "joined_on_in_future", _("不能晚于今天"))
        if joined and out["birth_date"] and joined < out["birth_date"]:
            result.fail("joined_on", "joined_before_birth", _("不能早于出生日期"))
    out["joined_on"] = joined
    return result
