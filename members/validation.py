"""Cleaning of one person's roster data, shared by the staff form, the API, the online application and the Excel
import, so every entry path accepts and refuses exactly the same things.

Input values may be codes (``"F"``, ``"bachelor"``), the Chinese labels the xlsx template offers (``"女"``,
``"本科"``) or the words clerks actually type in rosters they keep (``SYNONYMS``: ``"中专"``, ``"党员"``, ``"汉"``,
``"1"`` for 男, ``"Y"``, ``"√"``); text is trimmed and full-width characters folded. Every value read as another
word is listed in ``CleanResult.mapped``, so an import can say what it mapped. Every problem is collected, not only
the first.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.dates import REAL_DATES_MESSAGE, DateOutOfRange, parse_loose_date
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
# What rosters write for a coded value, beyond its label and code: each word → the standard code.
SYNONYMS = {
    "gender": {"1": "M", "2": "F", "男性": "M", "女性": "F", "male": "M", "female": "F"},
    "id_type": {
        "身份证": IdType.RESIDENT,
        "二代身份证": IdType.RESIDENT,
        "居民身份证号": IdType.RESIDENT,
        "港澳通行证": IdType.HK_MACAO,
        "回乡证": IdType.HK_MACAO,
        "台胞证": IdType.TAIWAN,
        "外国人永久居留证": IdType.FOREIGN_PR,
    },
    "education": {
        **dict.fromkeys(("小学", "文盲", "半文盲", "不识字", "小学以下", "无"), Education.PRIMARY),
        **dict.fromkeys(("初级中学", "初中及以下"), Education.JUNIOR),
        **dict.fromkeys(
            ("高中", "中专", "职高", "技校", "中技", "中职", "职中", "普高", "高中/中专", "中专/高中", "高中及中专",
             "中等专科", "中等职业教育", "高级中学", "技工学校"),
            Education.SENIOR,
        ),
        **dict.fromkeys(("专科", "大学专科", "高职", "高专", "大专及同等学历"), Education.COLLEGE),
        **dict.fromkeys(("大学本科", "大学", "学士", "本科学历"), Education.BACHELOR),
        **dict.fromkeys(("研究生", "硕士", "硕士研究生学历", "研究生(硕士)", "研究生（硕士）"), Education.MASTER),
        **dict.fromkeys(("博士", "博士后", "研究生(博士)", "研究生（博士）"), Education.DOCTOR),
    },
    "political": {
        **dict.fromkeys(("党员", "共产党员", "中国共产党党员", "中共党员"), Political.CPC),
        **dict.fromkeys(("预备党员", "中国共产党预备党员"), Political.CPC_PROBATION),
        **dict.fromkeys(("团员", "共青团", "中国共产主义青年团团员"), Political.CYL),
        **dict.fromkeys(("无", "普通群众"), Political.NONE),
        **dict.fromkeys(
            ("民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "台盟",
             "民革党员", "民盟盟员", "民建会员", "民进会员", "农工党党员", "致公党党员", "九三学社社员", "台盟盟员",
             "中国国民党革命委员会", "中国民主同盟", "中国民主建国会", "中国民主促进会", "中国农工民主党",
             "中国致公党", "台湾民主自治同盟", "民主党派人士"),
            Political.DEMOCRATIC,
        ),
    },
    "hukou_type": {
        **dict.fromkeys(("城镇户口", "城市", "城市户口", "非农业", "非农业户口", "非农"), Hukou.URBAN),
        **dict.fromkeys(("农业", "农业户口", "农村户口", "农户"), Hukou.RURAL),
    },
    "employment": {
        **dict.fromkeys(("在职", "在岗职工", "正常在岗"), Employment.EMPLOYED),
        **dict.fromkeys(("离退休", "已退休"), Employment.RETIRED),
        **dict.fromkeys(("下岗",), Employment.LAID_OFF),
        **dict.fromkeys(("灵活", "自由职业"), Employment.FLEXIBLE),
    },
    "gig_platform": {
        **dict.fromkeys(("外卖", "外卖骑手", "骑手", "送餐员", "外卖员"), GigPlatform.DELIVERY),
        **dict.fromkeys(("快递员", "快递小哥"), GigPlatform.EXPRESS),
        **dict.fromkeys(("网约车司机", "网约车驾驶员"), GigPlatform.RIDE_HAILING),
        **dict.fromkeys(("货车", "货运司机", "卡车司机"), GigPlatform.TRUCK),
        **dict.fromkeys(("家政服务员", "家政员", "保洁"), GigPlatform.HOUSEKEEPING),
        **dict.fromkeys(("主播", "网络直播"), GigPlatform.LIVESTREAM),
    },
}  # fmt: skip
TEXT_LIMITS = {"name": 50, "hukou_place": 100, "employer_name": 200, "job_title": 100, "card_no": 20}
YES = {"是", "y", "yes", "true", "1", "√", "✓", "✔", "对", "是的"}
NO = {"否", "n", "no", "false", "0", "", "×", "x", "✗", "✘", "不是"}
# label, code (lower case) or synonym → code, for each coded field
_LOOKUP = {
    name: {
        **{str(c.label): c.value for c in enum},
        **{c.value.lower(): c.value for c in enum},
        **{word.lower(): str(code) for word, code in SYNONYMS.get(name, {}).items()},
        **{word: str(code) for word, code in SYNONYMS.get(name, {}).items()},
    }
    for name, enum in CODED.items()
}
_LABEL_OF = {name: {c.value: str(c.label) for c in enum} for name, enum in CODED.items()}
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
    # (field, the text given, the standard label it was read as) for every value given as another word
    mapped: list[tuple[str, str, str]] = field(default_factory=list)

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
        elif text != _LABEL_OF[key][code]:
            result.mapped.append((key, text, _LABEL_OF[key][code]))
        out[key] = code or ""
    out["id_type"] = out["id_type"] or IdType.RESIDENT
    out["employment"] = out["employment"] or Employment.EMPLOYED

    # Birth date and gender: derived from a 居民身份证号 and cross-checked against what the row says.
    given_birth = None
    try:
        given_birth = parse_loose_date(raw.get("birth_date"))
    except DateOutOfRange:
        result.fail("birth_date", "date_out_of_range", REAL_DATES_MESSAGE)
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
            result.mapped.append(("ethnicity", ethnicity, ethnicity + "族"))
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
        given = _text(migrant)
        text = given.lower()
        if text in YES:
            out["is_migrant_worker"] = True
            if given != "是":
                result.mapped.append(("is_migrant_worker", given, "是"))
        elif text in NO:
            out["is_migrant_worker"] = False
            if given not in ("否", ""):
                result.mapped.append(("is_migrant_worker", given, "否"))
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
    except DateOutOfRange:
        result.fail("joined_on", "date_out_of_range", REAL_DATES_MESSAGE)
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
