"""The demo district's roster (demo step ``members``): members in proportion to the staff of the covered
employers, their histories, transfers and applications waiting for review, the unions gig workers may join,
the demo member's phone login and a personal-data officer.

Like the orgs step, everything is planned in memory first (``plan_members``, no database access, plain records
rather than model instances: 50,000 ``Member.__init__`` calls alone took seconds) and then written without the
ORM's per-value compilation (``bulk_insert``). What remains per member is the encryption and keyed hash of the ID
number (``core.pii``) and the pinyin of the name, computed once per distinct name. Names come from Faker's
zh_CN tables, drawn with the step's ``rng`` so that one seed gives one roster.

The figures follow the articles in ``seeds/``: 入会率 around 90 % of the covered staff, a few per cent of
新就业形态 workers (外卖, 快递, 网约车) in the 联合工会 and 行业工会, many migrant workers from other provinces,
a handful of 劳模 and 工匠, about one member in a hundred on the hardship register.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from enum import Enum
from functools import cache
from itertools import accumulate

from django.contrib.auth import get_user_model
from django.db import connection, models
from django.utils import timezone
from faker.providers.person.zh_CN import Provider as ChineseNames
from stdnum.cn import ric

from accounts.models import Grant
from accounts.roles import Role
from core import pii
from core.demo import DEMO_PASSWORD, DemoContext, DemoError
from core.pinyin import pinyin_keys
from orgs.demo import MOBILE_PREFIXES
from orgs.models import COVERING_KINDS, Enterprise, EnterpriseStatus, Industry, Org, OrgKind, OrgStatus, Ownership

from .choices import HOLDING, Education, Employment, Gender, GigPlatform, Hukou, IdType, MemberStatus, Political, Tag
from .joining import CONSENT_VERSION
from .models import CardIssue, JoinApplication, Member, MembershipEvent, MemberTag, PlatformUnion, Transfer
from .services import card_numbers

# The demo member logs in on the member site with this phone number and ``DEMO_PASSWORD``.
DEMO_MEMBER_PHONE = "13800000000"
DEMO_MEMBER_NAME = "陈思远"
# The personal-data officer (个人信息查看员) of the district: may reveal and export ID numbers, with a reason.
PII_OFFICER = ("privacy", "林静")
BATCH = 2000
# The day the roster is planned as of, later than every org's founding date; ``plan_members`` moves it to today.
PLAN_DAY = date(2026, 7, 1)

# Where members' 户籍 are: (户籍所在地, weight, area codes newest first, ethnic minorities living there).
# An ID number's area code is the county's code as it stood then; ``_area_codes`` picks one in use in the birth
# year (python-stdnum checks that), falling back to the prefecture's code.
LOCAL_ORIGINS = (
    ("浙江省宁波市海曙区", 10, ("330203", "330220"), ()),
    ("浙江省宁波市江北区", 8, ("330205", "330220"), ()),
    ("浙江省宁波市鄞州区", 16, ("330212", "330227", "332226"), ()),
    ("浙江省宁波市北仑区", 10, ("330206", "330221", "332227"), ()),
    ("浙江省宁波市镇海区", 7, ("330211", "330221", "332227"), ()),
    ("浙江省宁波市奉化区", 6, ("330213", "330283", "339010", "330224", "332223"), ()),
    ("浙江省宁波市余姚市", 9, ("330281", "339001", "330219", "330223", "332222"), ()),
    ("浙江省宁波市慈溪市", 9, ("330282", "339009", "330222", "332221"), ()),
    ("浙江省宁波市象山县", 5, ("330225", "332224"), ()),
    ("浙江省宁波市宁海县", 5, ("330226", "332225"), ()),
)
ZHEJIANG_ORIGINS = (
    ("浙江省温州市瑞安市", 3, ("330381", "339004", "330325"), ()),
    ("浙江省台州市温岭市", 3, ("331081", "332623", "332723"), ()),
    ("浙江省台州市临海市", 3, ("331082", "332602", "332621", "332721"), ()),
    ("浙江省衢州市江山市", 2, ("330881", "339006", "330823", "332428", "332530"), ()),
    ("浙江省金华市永康市", 2, ("330784", "330722", "332422", "332523"), ()),
    ("浙江省绍兴市诸暨市", 2, ("330681", "330625", "332325"), ()),
    ("浙江省杭州市淳安县", 1, ("330127",), ()),
)
MIGRANT_ORIGINS = (
    ("安徽省阜阳市临泉县", 8, ("341221", "342122"), ()),
    ("安徽省安庆市宿松县", 5, ("340826", "342826"), ()),
    ("安徽省六安市霍邱县", 5, ("341522", "342423"), ()),
    ("河南省信阳市固始县", 7, ("411525", "413026"), ()),
    ("河南省周口市郸城县", 5, ("411625", "412726"), ()),
    ("江西省上饶市鄱阳县", 6, ("361128", "362330"), ()),
    ("贵州省遵义市正安县", 5, ("520324", "522124"), (("仡佬族", 0.15), ("苗族", 0.05))),
    ("贵州省毕节市威宁彝族回族苗族自治县", 4, ("520526", "522427"), (("彝族", 0.15), ("回族", 0.1), ("苗族", 0.1))),
    ("四川省南充市蓬安县", 5, ("511323", "512926"), ()),
    ("四川省巴中市平昌县", 4, ("511923", "513723", "513028"), ()),
    ("湖南省永州市祁阳市", 4, ("431181", "431121", "432930", "432727"), (("瑶族", 0.03),)),
    ("湖南省湘西土家族苗族自治州永顺县", 2, ("433127",), (("土家族", 0.5), ("苗族", 0.15))),
    ("云南省昭通市镇雄县", 4, ("530627", "532128"), (("彝族", 0.06), ("苗族", 0.04))),
    ("云南省曲靖市会泽县", 3, ("530326", "532233"), (("回族", 0.04), ("彝族", 0.03))),
    ("湖北省黄冈市黄梅县", 3, ("421127", "422130"), ()),
    ("甘肃省定西市通渭县", 3, ("621121", "622424"), ()),
    ("江苏省徐州市丰县", 2, ("320321", "322121"), ()),
    ("山东省临沂市沂南县", 2, ("371321", "372832"), ()),
    ("重庆市开州区", 3, ("500154", "500234", "511221", "512222"), ()),
    ("重庆市梁平区", 2, ("500155", "500228", "511223", "512224"), ()),
    ("广西壮族自治区贵港市桂平市", 2, ("450881", "452504", "452523"), (("壮族", 0.3), ("瑶族", 0.05))),
)
ORIGIN_GROUPS = (LOCAL_ORIGINS, ZHEJIANG_ORIGINS, MIGRANT_ORIGINS)

# Names: Faker's zh_CN surnames with how common each is, and its given names (one character, or 建国 and 秀英
# of the older generations); two-character given names common among people born since the 1970s.
SURNAMES = ChineseNames.last_names
FAKER_MALE_NAMES = ChineseNames.first_names_male
FAKER_FEMALE_NAMES = ChineseNames.first_names_female
MALE_NAMES = (
    "子轩 浩然 宇航 俊杰 志强 建华 文博 明辉 晓东 海涛 思远 家豪 嘉伟 天宇 一鸣 鹏飞 振华 国栋 永强 立新 宏伟 志刚 "
    "建军 伟东 晨阳 泽宇 浩宇 昊天 博文 子豪 皓轩 睿哲 雨泽 文杰 少华 海峰 金龙 春晖 德明 国强 建平 军辉 晓峰 俊峰 "
    "鑫磊 亚东 云飞 玉龙 勇刚 兴旺 家乐 嘉诚 志远 宇翔 子健 明杰 晓明 建波 建峰 海波 立伟 国华 卫东 永明 伟强 文涛 "
    "浩东 铭轩 奕辰 梓豪 宇轩 俊熙 承志 锦程 天佑 旭东 振宇 志豪 佳明 建新 学军 红军 忠良 光明 达明 林峰 剑锋"
).split()
FEMALE_NAMES = (
    "欣怡 雨桐 梓涵 诗琪 佳怡 思雨 子涵 晓燕 丽娟 婷婷 静怡 雅琪 梦瑶 雨欣 佳琪 可欣 雪梅 海燕 春燕 丽华 玉梅 美玲 "
    "晓丽 慧敏 晓雯 文静 艳红 红梅 丽萍 小燕 凤霞 金凤 秀芳 佳慧 思琪 梦洁 雅婷 晓婷 丹丹 莉莉 娜娜 倩倩 璐璐 晶晶 "
    "燕萍 淑芬 丽芳 彩霞 月娥 素芬 亚萍 雪芳 海英 翠萍 雨萱 紫涵 一诺 语嫣 若曦 欣妍 心怡 佳颖 梦琪 诗涵 佩珊 嘉怡 "
    "晓琳 静雯 雅静 巧玲 美华 素珍 丽君 晓红 海霞 银花 春梅 秋菊 腊梅 玉洁 佳欣 紫萱 思彤 悦然"
).split()

# 学历 weights in the order of ``EDUCATIONS``, by kind of work.
EDUCATIONS = (
    Education.PRIMARY,
    Education.JUNIOR,
    Education.SENIOR,
    Education.COLLEGE,
    Education.BACHELOR,
    Education.MASTER,
    Education.DOCTOR,
)
EDUCATION_PROFILES = {
    "factory": (3, 30, 32, 18, 15, 2, 0),
    "service": (2, 24, 38, 21, 14, 1, 0),
    "office": (0, 2, 9, 27, 49, 12, 1),
    "public": (0, 1, 7, 24, 52, 14, 2),
    "gig": (2, 36, 42, 15, 5, 0, 0),
}
# Those born before 1975 went to school when fewer went on to college.
OLDER_SCHOOLING = (3, 2, 1.2, 0.6, 0.4, 0.2, 0.2)
# Per 国民经济行业分类 section: education profile, share of men, 职务/工种 (repeats weigh a title up).
WORK = {
    Industry.A: ("factory", 0.6, "种植工 种植工 养殖工 农机手 技术员 仓管员".split()),
    Industry.C: (
        "factory",
        0.62,
        "操作工 操作工 操作工 操作工 装配工 装配工 质检员 数控车工 焊工 电工 仓管员 班组长 技术员 工程师 车间主任 "
        "销售专员 会计 行政文员 叉车司机".split(),
    ),
    Industry.D: ("public", 0.8, "运行值班员 检修工 检修工 抄表员 调度员 工程师 客服专员".split()),
    Industry.E: ("factory", 0.86, "钢筋工 木工 瓦工 电工 焊工 架子工 施工员 安全员 资料员 预算员 项目经理".split()),
    Industry.F: ("service", 0.5, "销售专员 销售专员 店长 理货员 客服专员 采购员 外贸业务员 会计 仓管员".split()),
    Industry.G: ("service", 0.8, "货车司机 货车司机 调度员 仓管员 分拣员 装卸工 报关员 客服专员 会计".split()),
    Industry.H: ("service", 0.42, "服务员 服务员 服务员 厨师 厨师 面点师 前台接待 客房服务员 收银员 店长".split()),
    Industry.I: (
        "office",
        0.66,
        "软件工程师 软件工程师 软件工程师 测试工程师 产品经理 运维工程师 UI设计师 销售专员 行政文员".split(),
    ),
    Industry.K: ("service", 0.55, "保安员 保安员 保洁员 保洁员 维修工 物业管家 绿化工 客服专员".split()),
    Industry.L: ("office", 0.45, "人事专员 招聘专员 咨询顾问 会展策划 行政文员 会计".split()),
    Industry.M: ("office", 0.6, "检测员 检测员 实验员 研发人员 设计师 工程师".split()),
    Industry.O: ("service", 0.4, "家政服务员 家政服务员 保洁员 汽修工 育婴员 店长".split()),
    Industry.P: ("public", 0.33, "教师 教师 教师 教师 班主任 教务员 后勤人员".split()),
    Industry.Q: ("public", 0.3, "护士 护士 护士 医生 医生 药剂师 检验技师 康复治疗师 护工 行政人员".split()),
    Industry.R: ("office", 0.5, "编辑 记者 活动策划 摄影师 教练员".split()),
}
DEFAULT_WORK = ("service", 0.5, ("职员",))
# Gig work: the words in an employer's or union's name that say which platform work it is.
GIG_WORDS = (
    (GigPlatform.DELIVERY, ("外卖", "即时配送")),
    (GigPlatform.EXPRESS, ("快递", "速递")),
    (GigPlatform.RIDE_HAILING, ("网约车", "出行")),
)
GIG_WORK = {
    GigPlatform.DELIVERY: (0.9, ("外卖骑手",) * 8 + ("站长", "调度员")),
    GigPlatform.EXPRESS: (0.84, ("快递员",) * 6 + ("分拣员", "分拣员", "网点负责人")),
    GigPlatform.RIDE_HAILING: (0.94, ("网约车司机",)),
}
TRANSFER_REASONS = ("工作调动", "更换工作单位", "从原单位离职后入职新单位", "随企业搬迁转入新厂区")
QUIT_REASONS = (
    "本人申请退会",
    "离职后未办理会籍转接",
    "连续六个月不交纳会费、不参加工会组织生活，视为自动退会",
)
REMOVE_REASON = "受到刑事处分，经会员大会讨论决定除名"
RETAIN_REASONS = {
    Employment.RETIRED: "退休后保留会籍",
    Employment.LAID_OFF: "待岗期间保留会籍",
    Employment.UNEMPLOYED: "失业期间保留会籍",
}
RESTORE_REASON = "重新上岗，恢复会籍"
# Unions' own choice of words for the gig workers' union: every platform is welcome there.
GIG_JOINT_WORD = "新就业形态"


@cache
def _in_use(code: str, year: int) -> bool:
    """Whether the area ``code`` was in use in ``year`` (python-stdnum's table of administrative divisions)."""
    try:
        ric.get_birth_place(f"{code}{year}07010010")
    except Exception:  # stdnum raises several kinds for an unknown or retired code
        return False
    return True


@cache
def _area_codes(codes: tuple[str, ...], year: int) -> tuple[str, ...]:
    """The codes among ``codes`` in use in ``year``; the prefecture's code when none of them was."""
    return tuple(c for c in codes if _in_use(c, year)) or (codes[0][:4] + "00",)


def _id_number(area: str, birth: date, seq: int) -> str:
    """A valid 18-digit 居民身份证号; ``seq`` (0–999) is the sequence part, odd for men."""
    body = f"{area}{birth:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def _platform(name: str) -> str:
    """The kind of platform work a gig employer or union name speaks of, or ``""``."""
    for platform, words in GIG_WORDS:
        if any(w in name for w in words):
            return platform
    return ""


def _is_gig_union(org: Org) -> bool:
    """The district's 行业联合工会 for 外卖/快递/网约车 and the 街道's 新就业形态联合工会."""
    if org.kind == OrgKind.INDUSTRY:
        return bool(_platform(org.name))
    return org.kind == OrgKind.JOINT and GIG_JOINT_WORD in org.name


def _union_platforms(org: Org) -> list[str]:
    """The kinds of platform work a gig union takes in (the 新就业形态联合工会 all three)."""
    if org.kind == OrgKind.JOINT and GIG_JOINT_WORD in org.name:
        return [GigPlatform.DELIVERY, GigPlatform.EXPRESS, GigPlatform.RIDE_HAILING]
    platform = _platform(org.name)
    return [platform] if platform else []


def _aware(day: date, rng) -> datetime:
    """A working-hours moment on ``day``."""
    return timezone.make_aware(datetime.combine(day, clock(rng.randint(8, 20), rng.randrange(60))))


@dataclass(slots=True, eq=False)
class Person:
    """A member or applicant while the roster is planned: the fields of ``Member`` with the plain ID number,
    which is encrypted and hashed only when written."""

    union: Org
    employer: Enterprise | None = None
    name: str = ""
    gender: str = ""
    birth_date: date | None = None
    id_number: str = ""
    phone: str = ""
    ethnicity: str = "汉族"
    education: str = ""
    political: str = ""
    hukou_type: str = ""
    hukou_place: str = ""
    gig_platform: str = ""
    job_title: str = ""
    employment: str = Employment.EMPLOYED
    is_migrant_worker: bool = False
    status: str = MemberStatus.ACTIVE
    card_version: int = 1
    joined_on: date | None = None
    tags: list = field(default_factory=list)
    card_no: str = ""
    pk: int | None = None

    @property
    def employer_name(self) -> str:
        """The employer's name as the roster keeps it (blank for gig workers registered with a platform only)."""
        return self.employer.name if self.employer else ""


@dataclass(slots=True, eq=False)
class Event:
    """A planned ``MembershipEvent``."""

    member: Person
    kind: str
    on: date
    union: Org
    other_union: Org | None = None
    reason: str = ""


@dataclass(slots=True, eq=False)
class PlannedTransfer:
    """A planned ``Transfer``: accepted ones in the past, pending ones in the last fortnight."""

    member: Person
    from_union: Org
    to_union: Org
    reason: str
    requested_at: datetime
    decided_at: datetime | None = None
    by_home_admin: bool = False  # started by the ``union`` demo account

    @property
    def status(self) -> str:
        """Accepted once decided; the demo plans no rejected or withdrawn transfers."""
        return Transfer.Status.ACCEPTED if self.decided_at else Transfer.Status.PENDING


@dataclass(slots=True, eq=False)
class PlannedApplication:
    """A planned pending ``JoinApplication``."""

    person: Person
    submitted_at: datetime


@dataclass
class MembersPlan:
    """The roster in memory, ready to be saved. Members are in joining order: their card numbers follow it."""

    members: list[Person]
    events: list[Event]
    transfers: list[PlannedTransfer]
    applications: list[PlannedApplication]
    platform_links: list[tuple[Org, str]]
    demo_member: Person


class _Roster:
    """Builds the roster in memory. Methods consume ``rng`` in a fixed order, so one seed gives one roster."""

    def __init__(self, ctx: DemoContext, today: date):
        """Read the district from ``ctx``; ``today`` is the day the roster is planned as of."""
        self.rng, self.scale, self.today = ctx.rng, ctx.scale, today
        self.enterprises: list[Enterprise] = ctx.enterprises
        self.orgs: list[Org] = ctx.orgs
        self.home_union: Org = ctx.extra["orgs"]["home_union"]
        self.bodies: set[str] = set()  # ID numbers without their check digit
        self.phones: set[str] = {DEMO_MEMBER_PHONE}
        self.members: list[Person] = []
        self.events: list[Event] = []
        self.transfers: list[PlannedTransfer] = []
        self.joined_events: dict[int, Event] = {}  # id(member) -> its 入会 event
        # Cumulative weights, computed once: ``rng.choices`` would add them up on every draw.
        self.origin_weights = [list(accumulate(w for _, w, _, _ in group)) for group in ORIGIN_GROUPS]
        self.surnames = list(SURNAMES)
        self.surname_weights = list(accumulate(SURNAMES.values()))
        self.education_weights = {
            (profile, older): list(
                accumulate(w * f if older else w for w, f in zip(weights, OLDER_SCHOOLING, strict=True))
            )
            for profile, weights in EDUCATION_PROFILES.items()
            for older in (False, True)
        }

    # People ----------------------------------------------------------------------------------------------

    def phone(self) -> str:
        """An unused mainland mobile number."""
        rng = self.rng
        while True:
            number = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def name(self, male: bool, born: int) -> str:
        """A surname by how common it is and a given name in the style of the person's generation."""
        rng = self.rng
        surname = rng.choices(self.surnames, cum_weights=self.surname_weights)[0]
        if rng.random() < (0.45 if born < 1978 else 0.15):
            return surname + rng.choice(FAKER_MALE_NAMES if male else FAKER_FEMALE_NAMES)
        return surname + rng.choice(MALE_NAMES if male else FEMALE_NAMES)

    def birth(self, male: bool, *, gig: bool = False, retired: bool = False) -> date:
        """A birth date: working age (men to 60, women workers to 50), gig workers younger, retirees 1960–1966
        (to 1971 for women)."""
        rng = self.rng
        if retired:
            year = rng.randint(1960, 1966 if male else 1971)
        else:
            first = 1966 if male else 1976
            while True:
                year = round(rng.gauss(1993, 7) if gig else rng.gauss(1988, 9.5))
                if first <= year <= 2005:
                    break
        return date(year, 1, 1) + timedelta(days=rng.randrange(365))

    def person(
        self, union: Org, employer, *, male_share: float, profile: str, local_share: float, gig=False, retired=False
    ) -> Person:
        """A person: gender and a name to match, an unused valid ID number agreeing with both, phone, 学历,
        政治面貌, 户籍 and 民族."""
        rng = self.rng
        p = Person(union=union, employer=employer)
        male = rng.random() < male_share
        p.gender = Gender.MALE if male else Gender.FEMALE
        p.birth_date = birth = self.birth(male, gig=gig, retired=retired)
        p.name = self.name(male, birth.year)
        draw = rng.random()
        group = 0 if draw < local_share else 1 if draw < local_share + (1 - local_share) * 0.22 else 2
        place, _, codes, minorities = rng.choices(ORIGIN_GROUPS[group], cum_weights=self.origin_weights[group])[0]
        area = rng.choice(_area_codes(codes, birth.year))
        while True:
            # The 17th digit's parity is the gender.
            seq = rng.randrange(500) * 2 + (1 if male else 0)
            body = f"{area}{birth:%Y%m%d}{seq:03d}"
            if body not in self.bodies:
                self.bodies.add(body)
                break
        p.id_number = _id_number(area, birth, seq)
        p.phone = self.phone()
        older = birth.year < 1975  # went to school when fewer went on to college
        p.education = rng.choices(EDUCATIONS, cum_weights=self.education_weights[profile, older])[0]
        p.political = self.political(p, profile)
        p.hukou_place = place
        urban = (0.65, 0.4, 0.12)[group] + (0.3 if p.education in (Education.BACHELOR, Education.MASTER) else 0)
        p.hukou_type = Hukou.URBAN if rng.random() < urban else Hukou.RURAL
        # 农民工: rural 户籍 in non-farm work; villagers working near home count only in part.
        p.is_migrant_worker = p.hukou_type == Hukou.RURAL and (group > 0 or rng.random() < 0.5)
        for ethnicity, share in minorities:
            if rng.random() < share:
                p.ethnicity = ethnicity
                break
        else:
            if rng.random() < 0.004:
                p.ethnicity = rng.choice(("回族", "满族", "壮族", "土家族", "蒙古族", "畲族"))
        return p

    def political(self, p: Person, profile: str) -> str:
        """政治面貌: party members commoner in the public sector and among graduates, 共青团员 among the young."""
        rng = self.rng
        age = self.today.year - p.birth_date.year
        party = {"public": 0.2, "office": 0.1, "gig": 0.035}.get(profile, 0.055)
        if p.education in (Education.BACHELOR, Education.MASTER, Education.DOCTOR):
            party *= 1.8
        draw = rng.random()
        if draw < party:
            return Political.CPC if rng.random() > 0.04 else Political.CPC_PROBATION
        if age <= 28 and draw < party + 0.32:
            return Political.CYL
        if profile == "public" and draw > 0.985:
            return Political.DEMOCRATIC
        return Political.NONE

    def joined_on(self, p: Person, union: Org) -> date:
        """A day in the last ten years, after the person turned 18 and the union was founded."""
        birth = p.birth_date
        lo = max(self.today - timedelta(days=3650), date(birth.year + 18, birth.month, min(birth.day, 28)))
        if union.founded_on:
            lo = max(lo, union.founded_on)
        hi = self.today - timedelta(days=3)
        span = max(0, (hi - lo).days)
        return lo + timedelta(days=self.rng.randint(0, span))

    # Members ---------------------------------------------------------------------------------------------

    def member(self, union: Org, employer: Enterprise | None, *, platform: str = "", retired=False) -> Person:
        """One member of ``union`` working for ``employer`` (None: a gig worker registered with a platform
        only), with a 入会 event; tags drawn by how common they are."""
        rng = self.rng
        industry = employer.industry if employer else Industry.G
        profile, male_share, titles = WORK.get(industry, DEFAULT_WORK)
        local_share = 0.4 if industry in (Industry.C, Industry.E, Industry.H, Industry.G) else 0.6
        if platform:
            male_share, titles = GIG_WORK[platform]
            profile, local_share = "gig", 0.25
        elif employer and (employer.ownership == Ownership.STATE or industry in (Industry.P, Industry.Q)):
            local_share = 0.82
        m = self.person(
            union,
            employer,
            male_share=male_share,
            profile=profile,
            local_share=local_share,
            gig=bool(platform),
            retired=retired,
        )
        m.job_title = rng.choice(titles)
        m.gig_platform = platform
        if retired:
            m.employment = Employment.RETIRED
        elif platform and (employer is None or rng.random() < 0.3):
            m.employment = Employment.FLEXIBLE
        m.joined_on = self.joined_on(m, union)
        self.event(m, MembershipEvent.Kind.JOINED, m.joined_on, union)
        tags = m.tags
        if platform:
            tags.append(Tag.NEW_EMPLOYMENT)
        age = self.today.year - m.birth_date.year
        if profile in ("factory", "public") and age >= 40 and rng.random() < 0.0012:
            tags.append(Tag.MODEL_WORKER)
        if industry in (Industry.C, Industry.E, Industry.D) and age >= 30 and rng.random() < 0.006:
            tags.append(Tag.CRAFTSMAN)
        if rng.random() < (0.02 if m.education in (Education.PRIMARY, Education.JUNIOR) else 0.006):
            tags.append(Tag.HARDSHIP)
        if m.gender == Gender.MALE and age >= 24 and rng.random() < 0.025:
            tags.append(Tag.VETERAN)
        if rng.random() < 0.004:
            tags.append(Tag.DISABLED)
        self.members.append(m)
        return m

    def event(self, member: Person, kind: str, on: date, union: Org, other: Org | None = None, reason: str = ""):
        """Add a step to ``member``'s history."""
        event = Event(member, kind, on, union, other, reason)
        self.events.append(event)
        if kind == MembershipEvent.Kind.JOINED:
            self.joined_events[id(member)] = event

    def staff_members(self) -> None:
        """Members for every covered, active employer: 入会率 higher where the firm has its own union, lower in
        the joint unions of small firms and among gig workers, who also join without an employer."""
        rng = self.rng
        gig_staff: dict[int, int] = {}
        for ent in self.enterprises:
            union = ent.covering_union
            if (
                ent.status != EnterpriseStatus.ACTIVE
                or union is None
                or union.kind not in COVERING_KINDS
                or union.status != OrgStatus.ACTIVE
            ):
                continue
            platform = _platform(ent.name) if ent.industry == Industry.G and _is_gig_union(union) else ""
            if platform:
                rate = rng.uniform(0.62, 0.86)
                gig_staff[id(union)] = gig_staff.get(id(union), 0) + ent.staff_count
            elif union.kind == OrgKind.GRASSROOTS:
                rate = rng.uniform(0.9, 1.0) if ent.ownership == Ownership.STATE else rng.uniform(0.84, 0.99)
            else:
                rate = rng.uniform(0.68, 0.95)
            # Rounded at random, so firms of three do not all end up with two members.
            count = math.floor(ent.staff_count * rate + rng.random())
            if union is self.home_union and count:
                count -= 1  # the demo member takes one of the places
            for _ in range(count):
                self.member(union, ent, platform=platform)
        # Gig workers registered with a platform only, no local employer: up to a tenth more.
        for union in self.orgs:
            if id(union) in gig_staff:
                platforms = _union_platforms(union)
                for _ in range(round(gig_staff[id(union)] * rng.uniform(0.04, 0.1))):
                    self.member(union, None, platform=platforms[0] if rng.random() < 0.8 else rng.choice(platforms))

    def demo_member(self, employer: Enterprise | None) -> Person:
        """The member behind the demo phone login: in the ``union`` account's union, with a transfer in their
        history so the member site has something to show."""
        union = self.home_union
        m = Person(union=union, employer=employer, name=DEMO_MEMBER_NAME, gender=Gender.MALE, phone=DEMO_MEMBER_PHONE)
        m.birth_date = date(1993, 6, 18)
        # 鄞县's code was still in use in 1993 (it became 鄞州区 in 2002).
        area, seq = "330227", 31
        self.bodies.add(f"{area}{m.birth_date:%Y%m%d}{seq:03d}")
        m.id_number = _id_number(area, m.birth_date, seq)
        m.education, m.political = Education.BACHELOR, Political.CPC
        m.hukou_type, m.hukou_place = Hukou.URBAN, "浙江省宁波市鄞州区"
        m.job_title = "调度员"
        m.joined_on = self.today - timedelta(days=6 * 365 + 40)
        # Joined a small firms' 联合工会 first, moved here with a new job once this union existed.
        moved = self.today - timedelta(days=3 * 365 + 100)
        if union.founded_on and union.founded_on > moved:
            moved = min(union.founded_on + timedelta(days=20), self.today - timedelta(days=30))
        previous = next(
            (
                o
                for o in self.orgs
                if o.kind == OrgKind.JOINT
                and GIG_JOINT_WORD not in o.name
                and o.founded_on
                and o.founded_on <= m.joined_on
            ),
            None,
        )
        if previous is None or moved <= m.joined_on:
            self.event(m, MembershipEvent.Kind.JOINED, m.joined_on, union)
        else:
            self.event(m, MembershipEvent.Kind.JOINED, m.joined_on, previous)
            self.history_transfer(m, previous, moved, "更换工作单位")
        self.members.append(m)
        return m

    def history_transfer(self, m: Person, earlier: Org, on: date, reason: str) -> None:
        """An accepted transfer from ``earlier`` to the member's current union on ``on``: both events and the
        transfer, dated then."""
        rng = self.rng
        self.event(m, MembershipEvent.Kind.TRANSFERRED_OUT, on, earlier, m.union, reason)
        self.event(m, MembershipEvent.Kind.TRANSFERRED_IN, on, m.union, earlier, reason)
        requested = _aware(on - timedelta(days=rng.randint(1, 10)), rng)
        self.transfers.append(PlannedTransfer(m, earlier, m.union, reason, requested, decided_at=_aware(on, rng)))

    def histories(self, unions: list[Org]) -> None:
        """A few hundred members whose membership did more than start: transferred in from another union,
        retained (retired, laid off), restored, quit or removed."""
        rng, today = self.rng, self.today
        Kind = MembershipEvent.Kind
        plain = [m for m in self.members if m.phone != DEMO_MEMBER_PHONE and not m.gig_platform]
        n = len(plain)
        # 转会 in the past: the member joined elsewhere and moved here; their membership is continuous.
        for m in rng.sample(plain, min(n, round(n * 0.006))):
            earliest = m.joined_on + timedelta(days=180)
            latest = today - timedelta(days=30)
            earlier = rng.choice(unions)
            if earliest >= latest or earlier is m.union or (earlier.founded_on and earlier.founded_on > m.joined_on):
                continue
            on = earliest + timedelta(days=rng.randrange((latest - earliest).days))
            # The 入会 event was planned in the current union; it happened in the earlier one.
            self.joined_events[id(m)].union = earlier
            self.history_transfer(m, earlier, on, rng.choice(TRANSFER_REASONS))
        covered = [e for e in self.enterprises if e.covering_union is not None and e.status == EnterpriseStatus.ACTIVE]
        # People who left (退会, a few 除名): extra records, not counted against the staff.
        for i in range(max(3, round(n * 0.004))):
            ent = rng.choice(covered)
            m = self.member(ent.covering_union, ent)
            if (today - m.joined_on).days < 60:
                continue
            on = m.joined_on + timedelta(days=rng.randint(30, (today - m.joined_on).days - 1))
            m.card_version = 2  # the card of a membership that ended no longer verifies
            if i % 60 == 0:
                m.status = MemberStatus.REMOVED
                self.event(m, Kind.REMOVED, on, m.union, reason=REMOVE_REASON)
            else:
                m.status = MemberStatus.QUIT
                self.event(m, Kind.QUIT, on, m.union, reason=rng.choice(QUIT_REASONS))
        # 保留会籍: retirees and workers laid off; some of the latter back at work (恢复).
        for i in range(max(3, round(n * 0.003))):
            ent = rng.choice(covered)
            retired = i % 3 != 2
            m = self.member(ent.covering_union, ent, retired=retired)
            if (today - m.joined_on).days < 60:
                m.employment = Employment.EMPLOYED
                continue
            on = m.joined_on + timedelta(days=rng.randint(30, (today - m.joined_on).days - 1))
            if not retired:
                m.employment = rng.choice((Employment.LAID_OFF, Employment.UNEMPLOYED))
            self.event(m, Kind.RETAINED, on, m.union, reason=RETAIN_REASONS[m.employment])
            if not retired and rng.random() < 0.3 and (today - on).days > 30:
                m.employment = Employment.EMPLOYED
                back = on + timedelta(days=rng.randint(20, (today - on).days - 1))
                self.event(m, Kind.RESTORED, back, m.union, reason=RESTORE_REASON)
            else:
                m.status = MemberStatus.RETAINED

    def pending_transfers(self, unions: list[Org]) -> None:
        """Transfers waiting for the receiving union, two out of and two into the ``union`` account's union."""
        rng, home = self.rng, self.home_union
        candidates = [
            m for m in self.members if m.status == MemberStatus.ACTIVE and m.phone != DEMO_MEMBER_PHONE and not m.tags
        ]
        outgoing = [m for m in candidates if m.union is home]
        others = [m for m in candidates if m.union is not home]
        moving = [(m, rng.choice(unions)) for m in rng.sample(outgoing, min(2, len(outgoing)))]
        incoming = rng.sample(others, min(len(others), max(8, round(25 * self.scale))))
        moving += [(m, home if i < 2 else rng.choice(unions)) for i, m in enumerate(incoming)]
        for m, to_union in moving:
            if to_union is m.union:
                continue
            requested = _aware(self.today - timedelta(days=rng.randint(1, 12)), rng)
            transfer = PlannedTransfer(m, m.union, to_union, rng.choice(TRANSFER_REASONS), requested)
            transfer.by_home_admin = m.union is home
            self.transfers.append(transfer)

    def applications(self, platform_unions: dict[int, list[str]]) -> list[PlannedApplication]:
        """Online applications waiting for review: six for the ``union`` account's union, some from gig workers
        to the unions for their platform, the rest from employees of covered firms."""
        rng, today = self.rng, self.today
        covered = [e for e in self.enterprises if e.covering_union is not None and e.status == EnterpriseStatus.ACTIVE]
        home_employers = [e for e in covered if e.covering_union is self.home_union]
        gig_choices = [(p, union) for union in self.orgs for p in platform_unions.get(id(union), [])]
        apps = []
        for i in range(max(10, round(40 * self.scale))):
            employer, platform = None, ""
            if i < 6 and home_employers:
                employer = home_employers[0]
            elif i % 3 == 0 and gig_choices:
                platform, union = rng.choice(gig_choices)
            else:
                employer = rng.choice(covered)
            if employer is not None:
                union = employer.covering_union
                platform = _platform(employer.name) if _is_gig_union(union) else ""
            industry = employer.industry if employer else Industry.G
            male_share = GIG_WORK[platform][0] if platform else WORK.get(industry, DEFAULT_WORK)[1]
            person = self.person(
                union,
                employer,
                male_share=male_share,
                profile="gig" if platform else "service",
                local_share=0.4,
                gig=bool(platform),
            )
            person.gig_platform = platform
            apps.append(PlannedApplication(person, _aware(today - timedelta(days=rng.randint(1, 14)), rng)))
        return apps

    def plan(self) -> MembersPlan:
        """The whole roster."""
        home_employers = [e for e in self.enterprises if e.covering_union is self.home_union]
        self.staff_members()
        platform_unions = {id(u): _union_platforms(u) for u in self.orgs if _is_gig_union(u)}
        demo = self.demo_member(home_employers[0] if home_employers else None)
        # The unions that have members: where transfers come from and go to.
        unions = sorted({id(m.union): m.union for m in self.members}.values(), key=lambda o: o.code)
        self.histories(unions)
        self.pending_transfers(unions)
        applications = self.applications(platform_unions)
        # Card numbers are handed out in joining order, as they were issued.
        order = sorted(range(len(self.members)), key=lambda i: (self.members[i].joined_on, i))
        return MembersPlan(
            members=[self.members[i] for i in order],
            events=self.events,
            transfers=self.transfers,
            applications=applications,
            platform_links=[(u, p) for u in self.orgs for p in platform_unions.get(id(u), [])],
            demo_member=demo,
        )


def plan_members(ctx: DemoContext, *, today: date | None = None) -> MembersPlan:
    """The roster of the district in ``ctx`` (built by the orgs step, saved or not), with no database access.

    It is planned as of ``PLAN_DAY`` and then moved to ``today``: every date keeps its distance from today (the
    demo always looks current), while the random draws never depend on the day, so one seed gives the same
    people, ID numbers and card numbers whenever it runs."""
    plan = _Roster(ctx, PLAN_DAY).plan()
    shift = (today or timezone.localdate()) - PLAN_DAY
    for m in plan.members:
        m.joined_on += shift
    for e in plan.events:
        e.on += shift
    for t in plan.transfers:
        t.requested_at += shift
        if t.decided_at:
            t.decided_at += shift
    for a in plan.applications:
        a.submitted_at += shift
    return plan


# --- Writing it ---------------------------------------------------------------------------------------------


def _plain(value):
    """A choice's stored value: database drivers are not all sure what to make of an enum member."""
    return value.value if isinstance(value, Enum) else value


def bulk_insert(model, rows: list[tuple], names: tuple[str, ...]) -> None:
    """Write ``rows`` (values in the order of the field ``names``) without the ORM: ``bulk_create`` compiles
    every value of every row in Python, which cost more than everything else here (about 15 s for 50,000
    members). SQLite runs one prepared INSERT over the rows (``executemany``); PostgreSQL takes them through
    COPY, which needs no round trip per row. Dates, times and choices are adapted as the ORM would; the caller
    gives every other value in its stored form (primary keys for foreign keys)."""
    if not rows:
        return
    ops = connection.ops
    fields = [model._meta.get_field(n) for n in names]
    adapt = {}
    for i, f in enumerate(fields):
        if isinstance(f, models.DateTimeField):
            adapt[i] = ops.adapt_datetimefield_value
        elif isinstance(f, models.DateField):
            adapt[i] = ops.adapt_datefield_value
        elif f.choices:
            adapt[i] = _plain
    if adapt:
        rows = [tuple(adapt[i](v) if i in adapt and v is not None else v for i, v in enumerate(row)) for row in rows]
    table = ops.quote_name(model._meta.db_table)
    columns = ", ".join(ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ``cursor.cursor`` is psycopg's own cursor under Django's wrapper.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def _check_clashes(hashes: list[str]) -> None:
    """Refuse, before writing anything, when existing data already uses a demo ID number (by its keyed hash),
    the demo phone login or the officer's user name."""
    User = get_user_model()
    problems = []
    if Member.objects.exists() or JoinApplication.objects.exists():
        taken = 0
        for i in range(0, len(hashes), 5000):
            chunk = hashes[i : i + 5000]
            taken += Member.objects.filter(id_hash__in=chunk).count()
            taken += JoinApplication.objects.filter(id_hash__in=chunk, status=JoinApplication.Status.PENDING).count()
        if taken:
            problems.append(f"{taken} 个演示身份证号已被现有会员或入会申请使用")
    if User.objects.filter(phone=DEMO_MEMBER_PHONE, member__isnull=False).exists():
        problems.append(f"手机号 {DEMO_MEMBER_PHONE} 已是其他会员的登录账号")
    if User.objects.filter(username=PII_OFFICER[0]).exists():
        problems.append(f"账号 {PII_OFFICER[0]} 已存在")
    if problems:
        raise DemoError("演示会员数据与现有数据冲突，未写入任何数据：" + "；".join(problems))


PERSON_COLUMNS = (
    "name", "name_pinyin", "name_initials", "gender", "birth_date", "ethnicity", "phone", "id_type", "id_cipher",
    "id_hash", "id_masked",
)  # fmt: skip
MEMBER_COLUMNS = PERSON_COLUMNS + (
    "union_id", "status", "card_no", "card_version", "joined_on", "education", "political", "hukou_type",
    "hukou_place", "employer_id", "employer_name", "gig_platform", "job_title", "employment", "is_migrant_worker",
    "created_at", "updated_at",
)  # fmt: skip


def _write_members(plan: MembersPlan) -> None:
    """The members, their tags and history: encrypted ID numbers, pinyin once per distinct name."""
    pinyin: dict[str, tuple[str, str]] = {}
    now = timezone.now()
    rows, hashes = [], []
    for m, card_no in zip(plan.members, card_numbers(len(plan.members)), strict=True):
        m.card_no = card_no
        keys = pinyin.get(m.name)
        if keys is None:
            keys = pinyin[m.name] = pinyin_keys(m.name)
        id_hash = pii.lookup_hash(IdType.RESIDENT, m.id_number)
        hashes.append(id_hash)
        rows.append(
            (m.name, *keys, m.gender, m.birth_date, m.ethnicity, m.phone, IdType.RESIDENT, pii.encrypt(m.id_number),
             id_hash, pii.mask_id(m.id_number), m.union.pk, m.status, card_no, m.card_version, m.joined_on,
             m.education, m.political, m.hukou_type, m.hukou_place, m.employer.pk if m.employer else None,
             m.employer_name, m.gig_platform, m.job_title, m.employment, m.is_migrant_worker, now, now)
        )  # fmt: skip
    hashes += [pii.lookup_hash(IdType.RESIDENT, a.person.id_number) for a in plan.applications]
    _check_clashes(hashes)
    bulk_insert(Member, rows, MEMBER_COLUMNS)
    # The numbers were just issued from the sequence, so the range holds exactly these members.
    first, last = plan.members[0].card_no, plan.members[-1].card_no
    pks = dict(Member.objects.filter(card_no__gte=first, card_no__lte=last).values_list("card_no", "pk"))
    for m in plan.members:
        m.pk = pks[m.card_no]
    bulk_insert(MemberTag, [(m.pk, t) for m in plan.members for t in m.tags], ("member_id", "tag"))
    bulk_insert(
        MembershipEvent,
        [
            (e.member.pk, e.kind, e.on, e.union.pk, e.other_union.pk if e.other_union else None, e.reason, now)
            for e in plan.events
        ],
        ("member_id", "kind", "on", "union_id", "other_union_id", "reason", "created_at"),
    )


def plan_cards(plan: MembersPlan, rng: random.Random, today: date) -> list[tuple]:
    """The e-cards issued, as ``(member, version, union, reason, issued at)``: each member's first card on the day
    they joined, by the union they joined; about one in sixty members still holding a membership lost theirs and
    was re-issued one later (补发, version 2). Sets ``card_version`` of those, so call it before writing."""
    joined_in = {id(e.member): e.union for e in plan.events if e.kind == MembershipEvent.Kind.JOINED}
    Reason = CardIssue.Reason
    issues = []
    for m in plan.members:
        at = timezone.make_aware(datetime.combine(m.joined_on, clock(9))) + timedelta(minutes=rng.randrange(480))
        issues.append((m, 1, joined_in.get(id(m), m.union), Reason.FIRST, at))
        days = (today - m.joined_on).days
        if m.status in HOLDING and m.card_version == 1 and days > 31 and rng.random() < 1 / 60:
            m.card_version = 2
            later = m.joined_on + timedelta(days=rng.randint(30, days - 1))
            at = timezone.make_aware(datetime.combine(later, clock(10))) + timedelta(minutes=rng.randrange(360))
            issues.append((m, 2, m.union, Reason.REISSUED, at))
    return issues


def build_members(ctx: DemoContext) -> None:
    """Demo step ``members``: plan the roster and save it with batched inserts; the demo member's phone login
    and the district's personal-data officer."""
    plan = plan_members(ctx)
    # The cards draw from their own generator: the roster stays what the seed gave before cards were recorded.
    issues = plan_cards(plan, random.Random(f"{ctx.seed}:members.cards"), timezone.localdate())
    _write_members(plan)
    bulk_insert(
        CardIssue,
        [(m.pk, version, union.pk, reason, at) for m, version, union, reason, at in issues],
        ("member_id", "version", "union_id", "reason", "issued_at"),
    )
    union_admin = ctx.users.get("union")
    bulk_insert(
        Transfer,
        [
            (t.member.pk, t.from_union.pk, t.to_union.pk, t.status, t.reason, t.requested_at, t.decided_at, "",
             union_admin.pk if t.by_home_admin and union_admin else None)
            for t in plan.transfers
        ],
        ("member_id", "from_union_id", "to_union_id", "status", "reason", "requested_at", "decided_at",
         "decision_note", "requested_by_id"),
    )  # fmt: skip
    applications = []
    for a in plan.applications:
        p = a.person
        app = JoinApplication(
            union=p.union,
            name=p.name,
            gender=p.gender,
            birth_date=p.birth_date,
            phone=p.phone,
            employer=p.employer,
            employer_name=p.employer_name,
            gig_platform=p.gig_platform,
            consent_version=CONSENT_VERSION,
            consent_at=a.submitted_at,
        )
        app.set_id_number(p.id_number)
        applications.append(app)
    JoinApplication.objects.bulk_create(applications)
    # ``submitted_at`` is stamped on insert; the queue should show when each came in.
    for app, a in zip(applications, plan.applications, strict=True):
        app.submitted_at = a.submitted_at
    JoinApplication.objects.bulk_update(applications, ["submitted_at"])
    PlatformUnion.objects.bulk_create([PlatformUnion(org=org, platform=p) for org, p in plan.platform_links])

    User = get_user_model()
    demo = plan.demo_member
    # The member site's login (phone and password): one password hash, Argon2 is slow on purpose.
    user = User(username=f"m{demo.pk}", display_name=demo.name, phone=DEMO_MEMBER_PHONE)
    user.set_password(DEMO_PASSWORD)
    user.save()
    Member.objects.filter(pk=demo.pk).update(user=user)
    username, display_name = PII_OFFICER
    officer = User(username=username, display_name=display_name, phone=_officer_phone(plan))
    officer.set_password(DEMO_PASSWORD)
    officer.save()
    Grant.objects.create(user=officer, org=ctx.root, role=Role.PII_OFFICER)
    ctx.users[username] = officer
    ctx.extra["members"] = {"demo_member_pk": demo.pk, "demo_member_user": user}

    holding = [m for m in plan.members if m.status in (MemberStatus.ACTIVE, MemberStatus.RETAINED)]
    staff = sum(
        e.staff_count for e in ctx.enterprises if e.status == EnterpriseStatus.ACTIVE and e.covering_union is not None
    )
    ctx.counts += [
        ("会员", len(holding)),
        ("入会率", f"{len(holding) * 100 / staff:.1f}%" if staff else "—"),
        ("新就业形态会员", sum(1 for m in holding if m.gig_platform)),
        ("会籍变动记录", len(plan.events)),
        ("待接收转会", sum(1 for t in plan.transfers if t.status == Transfer.Status.PENDING)),
        ("待审核入会申请", len(plan.applications)),
        ("演示会员", f"{DEMO_MEMBER_NAME}（手机号 {DEMO_MEMBER_PHONE}）"),
    ]


def _officer_phone(plan: MembersPlan) -> str:
    """A phone number for the officer that no demo member uses."""
    used = {m.phone for m in plan.members}
    number = 13900000000
    while str(number) in used:
        number += 1
    return str(number)
