"""The demo district: one 区总工会, its 镇街总工会, 基层工会, 联合/行业工会 and 小三级 village unions, about a
thousand employers, and the four demo staff accounts.

Everything is planned in memory first (``plan_district``, no database access), then written with a few
``bulk_create`` calls. Tree paths are computed here rather than by treebeard's ``add_child``, which would
cost several queries per node. The shape follows the articles in ``seeds/``: gig workers (外卖, 快递, 网约车)
are covered by 新就业形态联合工会 in the 街道 and by district-wide 行业联合工会; small firms by 村/社区工会 or a
town's 联合工会; a few per cent of employers have no union yet.
"""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from stdnum.cn.uscc import calc_check_digit

from accounts.models import Grant
from accounts.roles import Role
from core.demo import DEMO_PASSWORD, DemoContext, DemoError
from core.pinyin import pinyin_keys

from .models import Enterprise, EnterpriseStatus, Industry, Org, OrgKind, Ownership

PROVINCE, CITY, DISTRICT = "浙江省", "宁波市", "甬东区"
# A plausible administrative division code for the made-up district (3302xx is Ningbo).
DIVISION = "330288"
# The root's code marks the demo as present; it does not depend on the seed.
DEMO_ROOT_CODE = DIVISION

# name, role, display name; the org each is granted is chosen by ``build_accounts``.
DEMO_ACCOUNTS = (
    ("admin", Role.SYSADMIN, "系统管理员"),
    ("district", Role.FEDERATION_ADMIN, "周海燕"),
    ("town", Role.FEDERATION_ADMIN, "李建华"),
    ("union", Role.UNION_ADMIN, "王志强"),
)

TOWN_PLACES = (
    "东湖", "明州", "梅墟", "江湾", "桃源", "白峰", "云龙", "清泉", "松岙", "塘溪", "姜山", "瞻岐", "咸祥",
    "横溪", "鄞江", "洞桥", "古林", "高桥", "石碶", "首南", "潘火", "下应", "东柳", "福明", "新桥", "孔浦",
    "庄桥", "洪塘", "慈城", "湾头", "前洋", "春晓", "柴桥", "霞浦", "大碶", "小港", "新碶", "梅山", "郭巨",
    "贵驷", "澥浦", "蛟川", "骆驼", "庄市", "章水", "龙观", "五乡", "邱隘",
)  # fmt: skip
VILLAGE_PLACES = (
    "东岙", "西岙", "前陈", "后洋", "李家", "王家", "陈家", "张家", "下王", "上周", "林头", "方桥", "新塘",
    "河头", "山下", "岭下", "大池", "徐家", "胡家", "沙河", "湖塘", "横山", "石门", "凤岙", "桃花", "青山",
    "茶园", "金峨", "乌岩", "柏树", "蔡郎", "童村", "联胜", "勤丰", "建岙", "殷湾",
)  # fmt: skip
COMMUNITY_PLACES = (
    "明湖", "锦园", "春晓", "华庭", "新苑", "桂园", "翠柏", "丽园", "东城", "江湾", "学林", "金色", "书香",
    "和美", "南苑", "北苑", "悦湖", "中心", "怡园", "星光", "嘉和", "宁丰", "樱花", "金桥", "滨江", "海晏",
)  # fmt: skip
# When a pool runs out (large --scale), names are composed from these halves.
PLACE_FIRST = "东西南北前后上下新老大小金银石山河湖青白红黄长高"
PLACE_SECOND = "岙塘桥浦湾岭溪洋港河田岗头岸墩庄圩泾埠漕"
ROADS = (
    "兴业", "金源", "海晏", "东海", "明珠", "沧海", "天童", "福明", "江南", "永达", "盛宁", "民安", "甬港",
    "新城", "学府", "环湖", "创业", "科技", "开元", "锦绣", "聚贤", "长兴", "裕民", "和平", "青林", "梅园",
    "桂花", "金港", "宏达", "天水", "双桥", "通途", "宝山", "云飞", "万安", "丰收", "育才", "滨海", "中兴",
)  # fmt: skip
ROAD_SUFFIXES = ("路", "路", "路", "街", "大道", "中路", "东路", "北路")
BUILDINGS = ("国际商务中心", "财富大厦", "金融中心", "创业大厦", "科创园", "世纪大厦", "汇金大厦", "星光广场")
BRAND_CHARS = "恒鑫华源达盛泰宏瑞祥丰兴隆昌顺利通博宇嘉新天金海明佳康宝永亿诚信德凯卓创远航威腾力润美欣旭"
# 国民经济行业分类 section, trade words, weight in the register, size factor (bigger: more staff).
INDUSTRIES = (
    (Industry.C, ("机械", "模具", "五金", "电器", "电子", "塑业", "汽车零部件", "轴承", "纺织", "服饰",
                  "新材料", "精密机械", "液压", "家电", "文具", "紧固件", "阀门", "照明", "化工", "不锈钢",
                  "工具", "包装"), 40, 1.6),
    (Industry.F, ("贸易", "商贸", "进出口", "电子商务", "食品", "建材"), 12, 0.6),
    (Industry.G, ("物流", "供应链管理", "货运代理", "运输"), 6, 1.0),
    (Industry.H, ("餐饮管理", "酒店管理", "饮食服务"), 6, 0.8),
    (Industry.I, ("网络科技", "软件", "信息技术", "数字科技"), 6, 0.9),
    (Industry.E, ("建设工程", "建筑安装", "装饰工程", "市政工程"), 6, 1.3),
    (Industry.K, ("物业服务", "置业"), 3, 1.0),
    (Industry.L, ("人力资源", "企业管理咨询", "会展服务"), 4, 0.7),
    (Industry.M, ("检测技术", "工程设计", "生物科技"), 3, 0.9),
    (Industry.O, ("家政服务", "汽车维修", "保洁服务"), 4, 0.6),
    (Industry.Q, ("门诊部", "康复医院", "养老服务"), 2, 1.0),
    (Industry.P, ("培训学校", "教育科技"), 2, 0.7),
    (Industry.R, ("文化传媒", "体育发展", "文化创意"), 2, 0.6),
    (Industry.A, ("农业发展", "水产", "果蔬专业合作社"), 2, 0.5),
    (Industry.D, ("热电", "水务", "燃气"), 1, 2.0),
)  # fmt: skip
# Trade words that already end in the organisation's form: no 有限公司 after them.
COMPLETE_WORDS = {"门诊部", "康复医院", "培训学校", "果蔬专业合作社"}
# Employers that report directly to the district (区直单位), with their own unions.
DISTRICT_EMPLOYERS = (
    (f"{DISTRICT}人民医院", Industry.Q, Ownership.STATE, "12", 1800),
    (f"{DISTRICT}城市建设投资集团有限公司", Industry.K, Ownership.STATE, "91", 650),
    (f"{DISTRICT}交通投资集团有限公司", Industry.G, Ownership.STATE, "91", 420),
    (f"国网{CITY}{DISTRICT}供电公司", Industry.D, Ownership.STATE, "91", 380),
    (f"{DISTRICT}第一中学", Industry.P, Ownership.STATE, "12", 260),
)
# Gig work: trade, how the employer is named, and the district-wide industry union covering it.
GIG_TRADES = (
    ("外卖", ("即时配送服务", "外卖配送服务"), "外卖配送行业联合工会"),
    ("快递", ("快递服务", "速递"), "快递行业联合工会"),
    ("网约车", ("出行科技", "网约车服务"), "网约车行业联合工会"),
)
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156",
    "157", "158", "159", "166", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "191",
    "198", "199",
)  # fmt: skip
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_GB11714_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


@dataclass
class _Place:
    """A town or village while the plan is built: its org, its streets and the counter for child codes."""

    org: Org
    name: str  # 东湖街道, 前洋村
    address_prefix: str  # 甬东区东湖街道
    roads: list[str]
    villages: list = field(default_factory=list)
    next_code: int = 1
    # The town's 联合工会 for small firms, and its small firms without an own union: (employer, area).
    small_joint: Org | None = None
    coverable: list = field(default_factory=list)


@dataclass
class DemoPlan:
    """The district in memory, ready to be saved: orgs in tree order (paths set) and employers."""

    root: Org
    orgs: list[Org]
    enterprises: list[Enterprise]
    towns: list[Org]
    home_town: Org  # the town whose admin is the ``town`` demo account
    home_union: Org  # the 基层工会 of the ``union`` demo account, under ``home_town``


# --- Small generators ---------------------------------------------------------------------------------------


def _mobile(rng) -> str:
    """A valid mainland mobile number (1[3-9] and nine more digits)."""
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def _day(rng, first_year: int, last_year: int) -> date:
    start = date(first_year, 1, 1)
    return start + timedelta(days=rng.randrange((date(last_year, 12, 31) - start).days + 1))


def _gb11714_check(body: str) -> str:
    """The check character of a nine-character 组织机构代码 (GB 11714)."""
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body, _GB11714_WEIGHTS, strict=True))
    value = 11 - total % 11
    return "X" if value == 10 else "0" if value == 11 else str(value)


def _uscc(rng, taken: set[str], head: str) -> str:
    """A valid, unused 统一社会信用代码. ``head`` is authority + type (91 company, 92 individual business, 12
    public institution, 81 trade union); the region is the district; the 组织机构代码 part is post-2015 style
    (MA2…) or legacy (eight digits), with its own GB 11714 check character."""
    while True:
        if rng.random() < 0.7:
            body = "MA2" + "".join(rng.choice(USCC_ALPHABET) for _ in range(5))
        else:
            body = f"{rng.randrange(10**7, 10**8)}"
        code = head + DIVISION + body + _gb11714_check(body)
        code += calc_check_digit(code)
        if code not in taken:
            taken.add(code)
            return code


def _unique_places(rng, pool, k: int, taken: set[str]) -> list[str]:
    """``k`` place names not in ``taken``: from ``pool`` first, then composed when it runs out."""
    free = [p for p in pool if p not in taken]
    picked = rng.sample(free, min(k, len(free)))
    while len(picked) < k:
        name = rng.choice(PLACE_FIRST) + rng.choice(PLACE_SECOND)
        if name not in taken and name not in picked:
            picked.append(name)
    taken.update(picked)
    return picked


def _staff(rng, factor: float) -> int:
    """Staff count with a heavy tail: most employers are small, a few employ thousands."""
    while True:
        staff = int(rng.paretovariate(1.05) * 6 * factor)
        # Redrawn rather than capped, so no pile of firms with exactly the cap.
        if staff <= 6000:
            return max(1, staff)


def _own_union_odds(staff: int) -> float:
    """How likely an employer of this size has its own union (bigger firms nearly always do)."""
    if staff >= 100:
        return 0.96
    if staff >= 50:
        return 0.88
    if staff >= 25:
        # Firms of 25 or more staff are expected to set up their own union.
        return 0.7
    if staff >= 10:
        return 0.15
    return 0.02


# --- The plan -----------------------------------------------------------------------------------------------


class _Planner:
    """Builds the district in memory. Methods consume ``rng`` in a fixed order, so one seed gives one plan."""

    def __init__(self, ctx: DemoContext, root_path: str):
        self.rng, self.faker, self.scale = ctx.rng, ctx.faker, ctx.scale
        self.root_path = root_path
        self.usccs: set[str] = set()
        self.ent_names: set[str] = set()
        self.enterprises: list[Enterprise] = []
        self.children: dict[int, list[Org]] = {}  # id(parent) -> children, in creation order
        self.parent: dict[int, Org] = {}  # id(child) -> parent

    # Orgs ------------------------------------------------------------------------------------------------

    def org(self, parent: Org | None, *, code: str, name: str, kind: str, short_name: str = "", **fields) -> Org:
        """An unsaved org under ``parent`` with chair, contact and pinyin filled; paths are set later."""
        rng = self.rng
        chair = self.faker.name()
        org = Org(
            code=code,
            name=name,
            short_name=short_name,
            kind=kind,
            uscc=_uscc(rng, self.usccs, "81"),
            chair_name=chair,
            contact_name=chair if rng.random() < 0.3 else self.faker.name(),
            contact_phone=_mobile(rng),
            **fields,
        )
        org.name_pinyin, org.name_initials = pinyin_keys(name)
        self.children.setdefault(id(org), [])
        if parent is not None:
            self.children[id(parent)].append(org)
            self.parent[id(org)] = parent
        return org

    def address(self, place: _Place, *, office: bool = False) -> str:
        """A street address in ``place``: 甬东区东湖街道兴业路128号 (sometimes an office in a building)."""
        rng = self.rng
        road = rng.choice(place.roads)
        number = rng.randrange(1, 999)
        if office and rng.random() < 0.35:
            room = f"{rng.choice(BUILDINGS)}{rng.randrange(2, 28)}{rng.randrange(1, 20):02d}室"
            return f"{place.address_prefix}{road}{number}号{room}"
        return f"{place.address_prefix}{road}{number}号"

    # Employers -------------------------------------------------------------------------------------------

    def enterprise_name(self, word: str, *, large: bool, prefix: str = "") -> tuple[str, str]:
        """A unique employer name and the ownership it implies, e.g. 宁波恒达机械有限公司."""
        rng = self.rng
        while True:
            brand = "".join(rng.sample(BRAND_CHARS, 2))
            heads = ("宁波", "宁波市", "浙江", f"宁波{DISTRICT[:2]}")
            head = prefix or rng.choices(heads, (70, 8, 12 if large else 2, 10))[0]
            ownership = Ownership.PRIVATE
            if word in COMPLETE_WORDS:
                form = ""
                ownership = Ownership.COLLECTIVE if "合作社" in word else Ownership.PRIVATE
            elif large and rng.random() < 0.35:
                form, ownership = "股份有限公司", Ownership.JOINT_STOCK
            else:
                form = "有限公司"
                roll = rng.random()
                if roll < 0.05:
                    ownership = Ownership.FOREIGN
                elif roll < 0.08:
                    ownership = Ownership.HMT
                elif roll < 0.10:
                    ownership = Ownership.COLLECTIVE
            name = f"{head}{brand}{word}{form}"
            if name not in self.ent_names:
                self.ent_names.add(name)
                return name, ownership

    def individual_name(self, place: _Place) -> str:
        """A 个体工商户 name: 甬东区东湖街道阿强五金店."""
        rng = self.rng
        while True:
            owner = rng.choice(("阿", "小", "老")) + rng.choice("强华芳明英军萍林勇丽红伟")
            shop = rng.choice(("五金店", "小吃店", "便利店", "理发店", "汽修店", "水果店", "面馆", "快餐店", "服装店"))
            name = f"{place.address_prefix}{owner}{shop}"
            if name not in self.ent_names:
                self.ent_names.add(name)
                return name

    def employer(
        self, place: _Place, area: _Place, *, industry=None, name=None, ownership=None, staff=None, uscc_head="91"
    ) -> Enterprise:
        """An unsaved employer in ``area`` (``place`` or one of its villages), random unless ``industry`` and the
        rest are given. Its union links are set by the caller."""
        rng = self.rng
        if industry is None:
            # Farming is commoner in a 镇 than in a 街道.
            rural = place.name.endswith("镇")
            weights = [w * (3 if rural and section == Industry.A else 1) for section, _, w, _ in INDUSTRIES]
            industry, words, _, factor = rng.choices(INDUSTRIES, weights)[0]
            staff = _staff(rng, factor)
            if staff <= 6 and industry in (Industry.F, Industry.H, Industry.O) and rng.random() < 0.5:
                name, ownership, uscc_head = self.individual_name(area), Ownership.INDIVIDUAL, "92"
            else:
                word = rng.choice(words)
                name, ownership = self.enterprise_name(word, large=staff >= 300)
                if "合作社" in word:
                    uscc_head = "93"
        ent = Enterprise(
            name=name,
            uscc=_uscc(rng, self.usccs, uscc_head),
            industry=industry,
            ownership=ownership,
            staff_count=staff,
            address=self.address(area, office=industry not in (Industry.C, Industry.A, Industry.D)),
            contact_name=self.faker.name(),
            contact_phone=_mobile(rng),
        )
        ent.name_pinyin, ent.name_initials = pinyin_keys(name)
        self.enterprises.append(ent)
        return ent

    def own_union(self, ent: Enterprise, area: _Place, town: _Place) -> Org:
        """The employer's own 基层工会, under its town, or under its village (小三级) when it sits in one."""
        code = f"{town.org.code}{town.next_code:05d}"
        town.next_code += 1
        union = self.org(
            area.org,
            code=code,
            name=f"{ent.name}工会",
            kind=OrgKind.GRASSROOTS,
            region=area.org.region,
            address=ent.address,
            founded_on=_day(self.rng, 1995, 2025),
        )
        ent.org = ent.covering_union = union
        return union

    # The district ----------------------------------------------------------------------------------------

    def plan(self) -> DemoPlan:
        """The district: root, 区直 unions, district industry unions, then town by town; paths last."""
        rng = self.rng
        region = f"{PROVINCE}{CITY}{DISTRICT}"
        root = self.org(
            None,
            code=DEMO_ROOT_CODE,
            name=f"{CITY}{DISTRICT}总工会",
            short_name=f"{DISTRICT}总工会",
            kind=OrgKind.FEDERATION,
            region=region,
            founded_on=date(1984, 5, 1),
        )
        district = _Place(root, DISTRICT, DISTRICT, [r + rng.choice(ROAD_SUFFIXES) for r in rng.sample(ROADS, 6)])
        root.address = self.address(district) + "职工服务中心"
        direct_code = iter(range(1, 10**5))

        def district_code() -> str:
            return f"{DEMO_ROOT_CODE}000{next(direct_code):05d}"

        # 区直单位: large public employers with their own unions directly under the district.
        for name, industry, ownership, head, staff in DISTRICT_EMPLOYERS:
            self.ent_names.add(name)
            ent = self.employer(
                district, district, industry=industry, name=name, ownership=ownership, staff=staff, uscc_head=head
            )
            union = self.org(
                root,
                code=district_code(),
                name=f"{name}工会",
                kind=OrgKind.GRASSROOTS,
                region=region,
                address=ent.address,
                founded_on=_day(rng, 1985, 2000),
            )
            ent.org = ent.covering_union = union
        # District-wide industry unions for gig work (行业联合工会).
        gig_unions = {}
        for trade, _, union_name in GIG_TRADES:
            gig_unions[trade] = self.org(
                root,
                code=district_code(),
                name=f"{DISTRICT}{union_name}",
                kind=OrgKind.INDUSTRY,
                region=region,
                address=self.address(district, office=True),
                founded_on=_day(rng, 2018, 2023),
            )

        towns = self.plan_towns(root, region)
        for town in towns:
            self.plan_town(town, gig_unions)
        self.leave_some_uncovered(towns)

        orgs = self.assign_paths(root)
        streets = [t for t in towns if t.name.endswith("街道")]
        home = streets[0]
        # The ``union`` demo account: a mid-sized firm's own union directly under the home town.
        own = [e for e in self.enterprises if e.org.kind == OrgKind.GRASSROOTS and self.parent[id(e.org)] is home.org]
        own.sort(key=lambda e: (abs(e.staff_count - 150), e.name))
        return DemoPlan(
            root=root,
            orgs=orgs,
            enterprises=self.enterprises,
            towns=[t.org for t in towns],
            home_town=home.org,
            home_union=own[0].org,
        )

    def plan_towns(self, root: Org, region: str) -> list[_Place]:
        """About ten towns (more, slowly, with ``--scale``): three in five are 街道, the rest 镇."""
        rng = self.rng
        count = max(3, round(10 * self.scale**0.25))
        places = _unique_places(rng, TOWN_PLACES, count, set())
        streets = max(1, min(count - 1, math.ceil(count * 0.6)))
        towns = []
        for i, place in enumerate(places, start=1):
            suffix = "街道" if i <= streets else "镇"
            name = place + suffix
            org = self.org(
                root,
                code=f"{DEMO_ROOT_CODE}{i:03d}",
                name=f"{DISTRICT}{name}总工会",
                short_name=f"{name}总工会",
                kind=OrgKind.TOWN,
                region=region + name,
                founded_on=_day(rng, 1980, 2005),
            )
            roads = [r + rng.choice(ROAD_SUFFIXES) for r in rng.sample(ROADS, rng.randint(4, 8))]
            town = _Place(org, name, f"{DISTRICT}{name}", roads)
            org.address = self.address(town)
            towns.append(town)
        return towns

    def plan_town(self, town: _Place, gig_unions: dict[str, Org]) -> None:
        """One town: its 村/社区工会, 联合工会, employers and their own unions."""
        rng, org = self.rng, town.org
        is_street = town.name.endswith("街道")

        def child(name: str, kind: str, first_year: int, **fields) -> Org:
            code = f"{org.code}{town.next_code:05d}"
            town.next_code += 1
            fields.setdefault("region", org.region)
            fields.setdefault("address", self.address(town, office=True))
            return self.org(org, code=code, name=name, kind=kind, founded_on=_day(rng, first_year, 2025), **fields)

        # 小三级: 社区 in a 街道, 村 in a 镇; their small firms are covered by them.
        count = max(1, round(rng.randint(3, 5) * self.scale**0.5))
        pool, suffix = (COMMUNITY_PLACES, "社区") if is_street else (VILLAGE_PLACES, "村")
        for place in _unique_places(rng, pool, count, set()):
            name = place + suffix
            village_org = child(
                f"{town.name}{name}工会", OrgKind.VILLAGE, 2008, short_name=f"{name}工会", region=org.region + name
            )
            village = _Place(village_org, name, f"{town.address_prefix}{name}", town.roads)
            village_org.address = self.address(village)
            town.villages.append(village)
        # 联合工会: gig workers in a 街道; small firms in a 镇's industrial park or a 街道's office buildings.
        gig_joint = child(f"{town.name}新就业形态联合工会", OrgKind.JOINT, 2019) if is_street else None
        town.small_joint = child(f"{town.name}{'楼宇' if is_street else '工业园区'}联合工会", OrgKind.JOINT, 2012)

        size = rng.uniform(0.7, 1.3) * (110 if is_street else 90) * self.scale
        regular = max(8, round(size))
        gigs = max(3, round(regular * 0.04))
        start = rng.randrange(3)
        for i in range(gigs):
            trade, forms, _ = GIG_TRADES[(start + i) % 3]
            name, _ = self.enterprise_name(rng.choice(forms), large=False, prefix="宁波")
            ent = self.employer(
                town, town, industry=Industry.G, name=name, ownership=Ownership.PRIVATE, staff=rng.randint(12, 160)
            )
            ent.org = org
            # Out-of-town platforms' riders sign up with the 街道's joint union where there is one.
            ent.covering_union = gig_joint if (gig_joint and trade == "外卖") else gig_unions[trade]
        has_own = False
        for _ in range(regular):
            area = rng.choice(town.villages) if rng.random() < 0.3 else town
            ent = self.employer(town, area)
            if rng.random() < _own_union_odds(ent.staff_count):
                self.own_union(ent, area, town)
                has_own = has_own or area is town
            else:
                ent.org = area.org
                town.coverable.append((ent, area))
        if not has_own:
            # Every town has at least one firm with its own union directly under it (small --scale): the
            # biggest firm in the town itself, or a new one when all of them sit in villages.
            in_town = [pair for pair in town.coverable if pair[1] is town]
            if in_town:
                pair = max(in_town, key=lambda p: p[0].staff_count)
                town.coverable.remove(pair)
                ent = pair[0]
            else:
                ent = self.employer(town, town)
            self.own_union(ent, town, town)

    def leave_some_uncovered(self, towns: list[_Place]) -> None:
        """Cover the small employers by their village or town joint union, except for 4–7.5 % of the active
        employers (建会率 92.5–96 %), spread unevenly across towns; a few tiny ones have closed down."""
        rng = self.rng
        total = len(self.enterprises)
        closed = {id(ent) for t in towns for ent, _ in t.coverable if ent.staff_count <= 5 and rng.random() < 0.04}
        active = total - len(closed)
        target = round(active * rng.uniform(0.04, 0.075))
        weights = [rng.uniform(0.4, 1.6) * len(t.coverable) for t in towns]
        shares = [target * w / (sum(weights) or 1) for w in weights]
        uncovered = [math.floor(s) for s in shares]
        # Largest remainder, so the shares add up to the target exactly.
        by_remainder = sorted(range(len(towns)), key=lambda i: shares[i] - uncovered[i], reverse=True)
        for i in by_remainder[: target - sum(uncovered)]:
            uncovered[i] += 1
        for town, n in zip(towns, uncovered, strict=True):
            candidates = [e for e, _ in town.coverable if id(e) not in closed]
            left_out = {id(e) for e in rng.sample(candidates, min(n, len(candidates)))}
            for ent, area in town.coverable:
                if id(ent) in closed:
                    ent.status = EnterpriseStatus.CLOSED
                elif id(ent) not in left_out:
                    ent.covering_union = area.org if area is not town else town.small_joint

    def assign_paths(self, root: Org) -> list[Org]:
        """Materialized paths, depth and numchild for the whole tree, as treebeard would have set them.
        Returns the orgs in path order."""
        ordered = []
        stack = [(root, self.root_path)]
        while stack:
            org, path = stack.pop()
            kids = self.children[id(org)]
            org.path, org.depth, org.numchild = path, len(path) // Org.steplen, len(kids)
            ordered.append(org)
            # Pushed in reverse so the first child is visited first: the list comes out in path order.
            for step in range(len(kids), 0, -1):
                stack.append((kids[step - 1], Org._get_path(path, org.depth + 1, step)))
        return ordered


def plan_district(ctx: DemoContext, *, root_path: str | None = None) -> DemoPlan:
    """The whole district in memory, with no database access. Same seed and scale, same plan."""
    return _Planner(ctx, root_path or Org._get_path(None, 1, 1)).plan()


# --- Writing it ---------------------------------------------------------------------------------------------


def orgs_demo_present() -> bool:
    """The demo is there when its root federation is."""
    return Org.objects.filter(code=DEMO_ROOT_CODE).exists()


def _next_root_path() -> str:
    last = Org.objects.get_last_root_node()
    return last._inc_path() if last else Org._get_path(None, 1, 1)


def _clashes(model, field_name: str, values: list[str]) -> list[str]:
    """Which of ``values`` already exist in ``model.field_name`` (in chunks: SQLite limits parameters)."""
    found = []
    for i in range(0, len(values), 5000):
        chunk = values[i : i + 5000]
        found += model.objects.filter(**{f"{field_name}__in": chunk}).values_list(field_name, flat=True)
    return found


def _check_clashes(plan: DemoPlan) -> None:
    """Refuse, before writing anything, when an existing org or employer already uses a demo code."""
    problems = []
    if Org.objects.exists():
        for field_name, label in (("code", "组织代码"), ("uscc", "统一社会信用代码")):
            taken = _clashes(Org, field_name, [getattr(o, field_name) for o in plan.orgs])
            if taken:
                problems.append(f"{label} {', '.join(taken[:3])} 等 {len(taken)} 个已被现有组织使用")
    if Enterprise.objects.exists():
        taken = _clashes(Enterprise, "uscc", [e.uscc for e in plan.enterprises])
        if taken:
            problems.append(f"统一社会信用代码 {', '.join(taken[:3])} 等 {len(taken)} 个已被现有企业使用")
    if problems:
        raise DemoError("演示数据与现有数据冲突，未写入任何数据：" + "；".join(problems))


def build_orgs(ctx: DemoContext) -> None:
    """Demo step ``orgs``: plan the district and save it with bulk inserts."""
    plan = plan_district(ctx, root_path=_next_root_path())
    _check_clashes(plan)
    Org.objects.bulk_create(plan.orgs, batch_size=1000)
    Enterprise.objects.bulk_create(plan.enterprises, batch_size=1000)
    ctx.root, ctx.orgs, ctx.enterprises = plan.root, plan.orgs, plan.enterprises
    ctx.extra["orgs"] = {"towns": plan.towns, "home_town": plan.home_town, "home_union": plan.home_union}

    kinds = {}
    for org in plan.orgs:
        kinds[org.kind] = kinds.get(org.kind, 0) + 1
    active = [e for e in plan.enterprises if e.status == EnterpriseStatus.ACTIVE]
    covered = sum(1 for e in active if e.covering_union is not None)
    ctx.counts += [
        ("区总工会", kinds.get(OrgKind.FEDERATION, 0)),
        ("镇街总工会", kinds.get(OrgKind.TOWN, 0)),
        ("基层工会", kinds.get(OrgKind.GRASSROOTS, 0)),
        ("联合工会", kinds.get(OrgKind.JOINT, 0)),
        ("行业工会", kinds.get(OrgKind.INDUSTRY, 0)),
        ("村/社区工会", kinds.get(OrgKind.VILLAGE, 0)),
        ("企业", len(plan.enterprises)),
        ("建会率", f"{covered * 100 / len(active):.1f}%"),
    ]


def build_accounts(ctx: DemoContext) -> None:
    """Demo step ``accounts``: the four staff logins, all with password Demo@2026."""
    User = get_user_model()
    names = [username for username, _, _ in DEMO_ACCOUNTS]
    taken = list(User.objects.filter(username__in=names).values_list("username", flat=True))
    if taken:
        raise DemoError(f"账号 {', '.join(sorted(taken))} 已存在，演示数据未写入。请换一个空数据库，或先删除这些账号。")
    built = ctx.extra["orgs"]
    home_orgs = {"admin": ctx.root, "district": ctx.root, "town": built["home_town"], "union": built["home_union"]}
    for username, role, display_name in DEMO_ACCOUNTS:
        org = home_orgs[username]
        user = User(username=username, display_name=display_name, phone=_mobile(ctx.rng))
        if username == "admin":
            # The sysadmin also runs Django's admin site at /sysadmin/.
            user.is_staff = user.is_superuser = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        Grant.objects.create(user=user, org=org, role=role)
        ctx.users[username] = user
        if username != "admin":
            # The demo people are the contacts of their orgs, so the console tells one story.
            org.contact_name, org.contact_phone = display_name, user.phone
            if username == "union":
                org.chair_name = display_name
            Org.objects.filter(pk=org.pk).update(
                contact_name=org.contact_name, contact_phone=org.contact_phone, chair_name=org.chair_name
            )
    ctx.counts.append(("演示账号", len(DEMO_ACCOUNTS)))
