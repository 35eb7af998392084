"""The demo district's activities (demo step ``activities``): the district's ten named series (镇工十大系列活动:
镇工友缘, 镇工有匠, 镇工有宣, 镇工悦读, 镇工游市, 镇工乐享, 镇工有学, 镇工有艺, 镇工有赛, 镇工有爱) for this year
and a few of them for last year, some town series, about 35 partners (合伙人) with their ~280 proposals in every
state, and a year of activities (the past twelve months and the coming two) with registrations, waitlists, draws,
check-ins, walk-ins and ratings: around 1.2万 participations at ``--scale 1``, as in the articles in ``seeds/``.

Like the other steps, everything is planned in memory first (``plan_activities``, no database access: it takes
the roster as plain tuples) and then written with a few bulk inserts (``members.demo.bulk_insert`` for the large
tables), with no audit event per row. Planned dates are whole days counted from today and the random draws never
depend on the day, so one seed gives the same series, titles and registrants whenever it runs and the demo
always looks current. Seats follow the same rules as ``services.register``: confirmed registrations never exceed
the capacity and ``Activity.confirmed`` is their exact count; a cancelled seat goes to the first waitlisted
member. Drawn 抽签 activities are drawn after the registrations are written, with ``lottery.draw_order`` over
their real ids and the published seed, so anyone can re-run the draw and check it.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from core.demo import DEMO_PASSWORD, DemoContext, DemoError
from members.choices import MemberStatus, Tag
from members.demo import bulk_insert
from members.models import Member, MemberTag
from orgs.demo import DISTRICT, MOBILE_PREFIXES, ROAD_SUFFIXES, ROADS
from orgs.models import EnterpriseStatus, Org, OrgKind, OrgStatus

from .lottery import draw_order
from .models import Activity, Category, Feedback, Participation, Partner, Proposal, Registration, Series
from .services import TICKET_ALPHABET

C = Category
A = Activity
R = Registration.Status
M = Participation.Method

# The demo partner's login (a person working for one partner of the district; no grants).
DEMO_PARTNER_USER = ("partner", "宋佳琪")
DEMO_PARTNER_NAME = f"{DISTRICT}文化馆"
# Participations at --scale 1, as the articles report for a year of the ten series.
PARTICIPATIONS = 12000
PROPOSALS = 280
ACTIVITIES = 100
DAYS_BACK = 365
DAYS_AHEAD = 60
MIN_CAPACITY, MAX_CAPACITY = 20, 500

# The ten series: name, description, categories, monthly 抽签 win limit, whether it ran last year too.
SERIES = (
    ("镇工友缘", "青年职工交友联谊：户外徒步、音乐派对、手作沙龙，为单身青年职工搭建相识相知的平台。",
     (C.SOCIAL,), 2, True),
    ("镇工有匠", "班组长成长赋能营、工匠学堂和劳模工匠进企业，助力职工由“工”到“匠”。",
     (C.SKILLS, C.LECTURE), None, False),
    ("镇工有宣", "劳动法律、职工权益和工会政策宣讲，政策宣传纵向到底、横向到边。", (C.LECTURE,), None, False),
    ("镇工悦读", "职工读书分享会、书屋好书漂流和亲子共读，让书香浸润职工生活。", (C.READING,), None, True),
    ("镇工游市", "美好生活集市：亲子互动、非遗传承、乡村共富摊位和志愿便民服务，向职工和市民开放。", (C.MARKET,),
     None, True),
    ("镇工乐享", "共享当“夏”，“工”筑成长梦：非遗美学、科技编程与趣味互动的亲子活动。", (C.FAMILY,), 1, False),
    ("镇工有学", "职工学堂：心理健康、数字技能、健康知识和应急救护，工作生活都用得上。", (C.LECTURE, C.MENTAL),
     None, False),
    ("镇工有艺", "职工音乐会、文艺汇演和书画摄影展，工会文娱社团登台，点亮职工生活。", (C.CULTURE,), None, False),
    ("镇工有赛", "职工运动会、球类联赛和职业技能比武，以赛促练、以赛强体。", (C.SPORTS, C.SKILLS), None, True),
    ("镇工有爱", "关爱新就业形态劳动者和困难职工：驿站志愿服务、免费体检、夏送清凉和子女关爱。",
     (C.VOLUNTEER, C.MENTAL), None, False),
)  # fmt: skip
# Town series: name after the town's name, description, the district series whose titles it borrows.
TOWN_SERIES = (
    ("职工文化节", "镇街职工文化节：文艺展演、趣味运动和亲子活动，在家门口享受工会服务。",
     ("镇工有艺", "镇工有赛", "镇工乐享")),
    ("工匠学堂", "面向辖区企业一线职工的技能培训和劳模工匠分享。", ("镇工有匠", "镇工有学")),
    ("“小哥驿家”关爱行动", "为辖区外卖骑手、快递员、网约车司机等新就业形态劳动者提供关爱服务。", ("镇工有爱",)),
)  # fmt: skip

# Title templates per district series: (title, category, capacity low, high, flags). ``{p}`` is a place (a town or
# the district), ``{s}`` a season word, ``{n}`` a running number, ``{b}`` a book. Flags: gig (only 新就业形态
# members), public (open to the public), lottery (popular: often drawn), review (the organiser reviews), summer /
# winter / m<month> (only then), day (a whole day).
TITLES = {
    "镇工友缘": (
        ("“{s}之约”青年职工交友联谊会", C.SOCIAL, 60, 120, "lottery"),
        ("“缘聚{p}”单身青年职工联谊活动", C.SOCIAL, 40, 100, "lottery review"),
        ("青年职工户外徒步交友活动（{p}站）", C.SOCIAL, 40, 80, ""),
        ("“遇见·{s}”青年职工音乐派对", C.SOCIAL, 80, 160, "lottery"),
        ("青年职工飞盘交友赛", C.SOCIAL, 30, 60, ""),
        ("手作咖啡与桌游之夜：青年职工联谊", C.SOCIAL, 30, 50, "review"),
    ),
    "镇工有匠": (
        ("全区企业班组长成长赋能营（第{n}期）", C.SKILLS, 50, 80, "review day"),
        ("工匠学堂：数控加工技能提升培训", C.SKILLS, 30, 60, "review"),
        ("“劳模工匠进企业”技艺传承分享会", C.LECTURE, 80, 200, ""),
        ("新生代职工管理课程：管理者角色定位与自我管理", C.LECTURE, 60, 120, ""),
        ("班组管理经验交流分享会", C.SKILLS, 40, 80, ""),
        ("工匠学堂：电工安全操作实训", C.SKILLS, 30, 50, "review"),
    ),
    "镇工有宣": (
        ("“劳动法律进企业”普法宣讲（{p}站）", C.LECTURE, 80, 200, ""),
        ("新就业形态劳动者权益保障政策宣讲会", C.LECTURE, 60, 150, "gig"),
        ("“工会政策进万家”集中宣讲", C.LECTURE, 100, 300, ""),
        ("劳动合同与社会保险知识讲座", C.LECTURE, 60, 150, ""),
        ("职工医疗互助保障政策解读会", C.LECTURE, 80, 200, ""),
    ),
    "镇工悦读": (
        ("“书香{p}”职工读书分享会", C.READING, 30, 80, ""),
        ("职工书屋好书漂流：{s}书单", C.READING, 100, 200, ""),
        ("“悦读·悦享”职工读书会：共读《{b}》", C.READING, 30, 60, ""),
        ("亲子共读绘本会", C.READING, 30, 60, "lottery"),
        ("职工诗词朗诵会", C.READING, 50, 120, ""),
    ),
    "镇工游市": (
        ("“夏日纳凉”美好生活集市", C.MARKET, 300, 500, "public summer"),
        ("“{s}”职工美好生活集市（{p}站）", C.MARKET, 200, 500, "public"),
        ("乡村共富市集暨非遗展销", C.MARKET, 200, 400, "public"),
        ("职工创意手作市集", C.MARKET, 150, 300, "public"),
        ("年货大集：职工暖冬市集", C.MARKET, 300, 500, "public winter"),
    ),
    "镇工乐享": (
        ("共享当“夏”：职工子女非遗美学体验课", C.FAMILY, 30, 60, "lottery summer"),
        ("“工”筑成长梦：亲子科技编程营", C.FAMILY, 30, 50, "lottery"),
        ("亲子趣味运动会", C.FAMILY, 100, 240, ""),
        ("亲子烘焙体验活动", C.FAMILY, 20, 40, "lottery"),
        ("亲子自然观察：{p}湿地探秘", C.FAMILY, 30, 60, "lottery"),
        ("职工子女暑托班开班仪式", C.FAMILY, 60, 120, "summer"),
    ),
    "镇工有学": (
        ("职工心理健康讲座：压力管理与情绪调适", C.MENTAL, 60, 150, ""),
        ("“心灵驿站”团体心理辅导", C.MENTAL, 20, 30, "review"),
        ("职工数字技能课堂：AI办公入门", C.LECTURE, 40, 80, ""),
        ("健康讲座：颈肩腰腿痛的预防与康复", C.LECTURE, 60, 150, ""),
        ("职工应急救护培训（心肺复苏与AED使用）", C.SKILLS, 30, 60, "review"),
    ),
    "镇工有艺": (
        ("职工音乐会：{p}专场", C.CULTURE, 150, 400, "lottery"),
        ("“工会点亮生活”职工文艺汇演", C.CULTURE, 200, 500, ""),
        ("职工书法摄影作品展开幕式", C.CULTURE, 80, 200, ""),
        ("职工合唱团公益演出", C.CULTURE, 150, 300, ""),
        ("{p}滨河公园职工草坪音乐会", C.CULTURE, 200, 400, "public"),
    ),
    "镇工有赛": (
        ("职工气排球联赛（{p}赛区）", C.SPORTS, 80, 160, ""),
        ("职工羽毛球团体赛", C.SPORTS, 60, 120, ""),
        ("职工趣味运动会", C.SPORTS, 150, 400, ""),
        ("职业技能竞赛：叉车操作比武", C.SKILLS, 30, 60, "review"),
        ("职工乒乓球比赛", C.SPORTS, 60, 120, ""),
        ("“健康同行”职工健步走", C.SPORTS, 200, 500, ""),
    ),
    "镇工有爱": (
        ("“骑士”关爱日：新就业形态劳动者免费体检", C.VOLUNTEER, 60, 150, "gig"),
        ("“5·1工会驿站”志愿服务", C.VOLUNTEER, 20, 40, ""),
        ("户外劳动者夏送清凉", C.VOLUNTEER, 80, 200, "gig summer"),
        ("新就业形态劳动者子女关爱活动", C.FAMILY, 30, 60, "gig"),
        ("骑手安全骑行培训", C.LECTURE, 40, 100, "gig"),
        ("困难职工家庭志愿帮扶", C.VOLUNTEER, 20, 40, ""),
    ),
}
# A grassroots union's own activities (no series); ``{u}`` is the firm's short name.
UNION_TITLES = (
    ("{u}职工趣味运动会", C.SPORTS, 40, 120, ""),
    ("{u}“三八”女职工插花沙龙", C.CULTURE, 20, 40, "m3"),
    ("{u}职工集体生日会", C.SOCIAL, 20, 60, ""),
    ("{u}青年职工读书会", C.READING, 20, 40, ""),
    ("{u}职工健康知识讲座", C.LECTURE, 30, 80, ""),
    ("{u}安全生产技能比武", C.SKILLS, 20, 50, ""),
)
# Activities outside any series, by a federation.
STANDALONE_TITLES = (
    ("庆“五一”职工健步走", C.SPORTS, 200, 500, "m4 m5"),
    ("“中秋团圆”职工游园会", C.CULTURE, 200, 400, "m9"),
    ("“迎新春”职工写春联送福字", C.CULTURE, 100, 200, "m1 m2"),
    ("女职工权益保护专题讲座", C.LECTURE, 60, 150, ""),
    ("职工电影专场", C.CULTURE, 100, 200, "lottery"),
    ("劳模工匠疗休养分享会", C.LECTURE, 40, 80, ""),
    ("职工婚恋交友讲座", C.SOCIAL, 40, 100, ""),
)
BOOKS = ("平凡的世界", "人世间", "大国工匠", "活着", "长安的荔枝", "繁花", "额尔古纳河右岸", "我与地坛", "苏东坡传")
SEASONS = {1: "暖冬", 2: "新春", 3: "春日", 4: "春日", 5: "初夏", 6: "盛夏", 7: "盛夏", 8: "盛夏", 9: "金秋",
           10: "金秋", 11: "暖冬", 12: "暖冬"}  # fmt: skip

# Partners other than enterprises of the register: name after the district's name, kind.
PARTNER_BODIES = (
    ("青年志愿者协会", Partner.Kind.SOCIAL), ("阳光社会工作服务中心", Partner.Kind.SOCIAL),
    ("心语心理咨询服务中心", Partner.Kind.SOCIAL), ("书香公益阅读推广中心", Partner.Kind.SOCIAL),
    ("蒲公英亲子成长服务中心", Partner.Kind.SOCIAL), ("新市民融合发展服务中心", Partner.Kind.SOCIAL),
    ("乐龄公益服务社", Partner.Kind.SOCIAL), ("应急救护培训中心", Partner.Kind.SOCIAL),
    ("劳动法律援助志愿者协会", Partner.Kind.SOCIAL),
    ("文化馆", Partner.Kind.CULTURE), ("图书馆", Partner.Kind.CULTURE),
    ("非物质文化遗产保护中心", Partner.Kind.CULTURE),
    ("音乐家协会", Partner.Kind.CULTURE), ("摄影家协会", Partner.Kind.CULTURE), ("书法家协会", Partner.Kind.CULTURE),
    ("文艺志愿者协会", Partner.Kind.CULTURE),
    ("全民健身指导中心", Partner.Kind.SPORTS), ("羽毛球协会", Partner.Kind.SPORTS), ("篮球协会", Partner.Kind.SPORTS),
    ("气排球协会", Partner.Kind.SPORTS), ("登山户外运动协会", Partner.Kind.SPORTS), ("乒乓球协会", Partner.Kind.SPORTS),
    ("东部新城商圈联合会", Partner.Kind.OTHER), ("乡村旅游协会", Partner.Kind.OTHER),
    ("融媒体中心", Partner.Kind.OTHER),
)  # fmt: skip
ENTERPRISE_PARTNERS = 12

# Venues: for the district, a town, a grassroots union (its firm), by category.
# Venues by category: (the district's, a town's). ``{d}`` is the district, ``{t}`` the town the venue is in.
VENUES = {
    C.SPORTS: (("{d}全民健身中心", "{d}体育馆"), ("{t}全民健身广场", "{t}社区文体中心")),
    C.MARKET: (("{d}市民广场", "{t}滨河公园"), ("{t}市民广场", "{t}滨河公园")),
    C.READING: (("{d}图书馆报告厅", "{d}工人文化宫职工书屋"), ("{t}职工书屋", "{t}文化礼堂")),
    C.CULTURE: (("{d}工人文化宫剧场", "{d}文化馆小剧场", "{t}滨河公园草坪"), ("{t}文化礼堂", "{t}滨河公园草坪")),
    C.FAMILY: (("{d}青少年宫", "{d}科技馆", "{d}工人文化宫亲子活动室"), ("{t}职工之家亲子活动室", "{t}文化礼堂")),
    C.SOCIAL: (("{d}工人文化宫", "{d}青年之家", "{t}滨河公园"), ("{t}职工之家", "{t}青年之家")),
    C.VOLUNTEER: (("{t}“5·1工会驿站”", "{d}职工服务中心"), ("{t}“5·1工会驿站”", "{t}职工之家")),
}
BUILDING_WORDS = ("工人文化宫", "图书馆", "文化馆", "职工服务中心", "职工之家", "滨河公园")
OTHER_VENUES = (
    ("{d}工人文化宫", "{d}职工服务中心多功能厅", "{d}图书馆报告厅"),
    ("{t}职工之家", "{t}党群服务中心多功能厅", "{t}文化礼堂"),
)
# When each kind of activity happens: (weekend, start hour, start minute, duration hours).
TIMING = {
    C.CULTURE: (True, 19, 0, 2), C.SPORTS: (True, 8, 30, 4), C.READING: (True, 14, 0, 2), C.SKILLS: (False, 9, 0, 3),
    C.FAMILY: (True, 9, 30, 3), C.MARKET: (True, 16, 0, 5), C.SOCIAL: (True, 14, 0, 3), C.LECTURE: (False, 14, 0, 2),
    C.MENTAL: (False, 14, 30, 2), C.VOLUNTEER: (False, 9, 30, 3),
}  # fmt: skip
INTROS = {
    C.CULTURE: "工会文娱社团登台献艺，歌曲、器乐、舞蹈轮番上演，欢迎职工朋友携家属前来欣赏。",
    C.SPORTS: "以赛促练、以赛会友，设置团体和个人项目，现场配备医护志愿者，请穿运动服装参加。",
    C.READING: "围绕主题书目分享阅读感悟，现场设置好书交换角，参与者可免费领取职工书屋借阅卡。",
    C.SKILLS: "聚焦一线岗位的安全、质量、设备和现场管理，理论讲解与实操演练相结合，结业颁发培训证书。",
    C.FAMILY: "面向职工及其子女（6至12岁），每组限一名家长陪同，活动材料由主办方统一提供。",
    C.MARKET: "设置亲子互动游戏、非遗传承体验、乡村共富摊位和志愿便民服务，为企业展销提供平台窗口。",
    C.SOCIAL: "面向18至35周岁单身青年职工，通过破冰游戏、分组协作和自由交流结识新朋友。",
    C.LECTURE: "邀请专业讲师结合真实案例讲解，现场设置答疑环节，职工可提前在报名时留言提问。",
    C.MENTAL: "由国家二级心理咨询师带领，内容严格保密，帮助职工识别压力、调适情绪。",
    C.VOLUNTEER: "工会干部和志愿者走进一线，为户外劳动者和困难职工送上关爱与服务。",
}
MODE_NOTES = {
    A.Mode.FIRST_COME: "名额有限，先到先得，报满后可候补。",
    A.Mode.LOTTERY: "报名人数超过名额时于报名截止后公开抽签，抽签种子在截止时公布，结果人人可复核。",
    A.Mode.REVIEW: "报名后由主办方审核，审核结果将通过消息通知。",
}
PROPOSAL_DETAILS = (
    "预计参与{e}人，所需场地由我方提供，经费预算约{m}元，已制定安全预案。",
    "拟邀请{e}名职工参加，我方负责活动策划、物料和现场组织，需工会协助发布报名和签到。",
    "计划分两场进行，每场{h}人左右，活动照片和总结在结束后一周内提交。",
)
RETURN_COMMENTS = (
    "请补充活动预算明细和安全预案后重新提交。",
    "场地容量与预计人数不符，请调整参与人数或更换场地。",
    "活动时间与本系列其他活动冲突，请调整到下半月。",
    "请明确报名方式和面向的职工群体。",
)
REJECT_COMMENTS = (
    "与本系列主题不符，建议改投其他系列。",
    "同类活动本年度已安排，暂不采纳。",
    "经费需求超出本系列预算，暂不采纳。",
    "活动涉及收费项目，不符合工会活动要求。",
    "安全风险较高，暂不采纳。",
)
# Ratings lean high (weights of 1…5 stars) and some come with a comment.
RATING_WEIGHTS = (2, 3, 10, 30, 55)
COMMENTS = {
    5: ("活动组织得很好，收获满满！", "氛围很棒，希望多举办这样的活动", "工会点亮了我们的生活", "老师讲得很实用",
        "孩子玩得很开心，下次还来", "认识了很多新朋友", "非常满意，感谢工会！", "签到很方便，流程顺畅"),
    4: ("整体不错，就是时间有点短", "内容很好，场地稍微有点挤", "很有意义，建议多安排周末场次", "希望下次名额多一些"),
    3: ("一般，流程可以再优化", "排队时间有点长", "内容和宣传的有些出入"),
    2: ("现场有点混乱", "场地太远，交通不方便"),
    1: ("活动临时调整时间，没有提前通知",),
}  # fmt: skip
CANCEL_REASONS = ("受台风影响，为保障职工安全取消", "场馆临时检修，活动取消，另行安排")


# --- The plan --------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Person:
    """A member who may register, from the roster: primary key, name, their union's path, 新就业形态 or not."""

    pk: int
    name: str
    path: str
    gig: bool = False


@dataclass(eq=False)
class PlannedSeries:
    """A ``Series`` while planned, with the title templates its activities use."""

    name: str
    description: str
    owner: Org
    year: int
    categories: tuple
    titles: tuple
    monthly_lottery_wins: int | None = None
    created_at: datetime | None = None
    pk: int | None = None


@dataclass(eq=False)
class PlannedPartner:
    """A ``Partner`` while planned, with its login accounts."""

    name: str
    kind: str
    org: Org
    contact_name: str
    contact_phone: str
    accounts: list = field(default_factory=list)  # (username, display name, phone)
    created_at: datetime | None = None
    pk: int | None = None


@dataclass(eq=False)
class PlannedProposal:
    """A ``Proposal`` while planned."""

    series: PlannedSeries
    partner: PlannedPartner
    title: str
    content: str
    category: str
    expected: int
    status: str
    submitted_at: datetime
    reviewed_at: datetime | None = None
    comment: str = ""
    pk: int | None = None


@dataclass(slots=True, eq=False)
class PlannedRegistration:
    """A ``Registration`` while planned; a drawn 抽签's status and queue are set when it is drawn."""

    member: Person
    status: str
    ticket: str
    queued_at: datetime
    updated_at: datetime
    checked_in_at: datetime | None = None


@dataclass(slots=True, eq=False)
class PlannedParticipation:
    """A ``Participation`` while planned: ``member`` None for a guest; ``by_staff`` when staff recorded it."""

    member: Person | None
    name: str
    method: str
    at: datetime
    by_staff: bool


@dataclass(eq=False)
class PlannedActivity:
    """An ``Activity`` while planned, with its registrations, participations and ratings."""

    title: str
    category: str
    organiser: Org
    series: PlannedSeries | None
    starts_at: datetime
    ends_at: datetime
    opens_at: datetime
    closes_at: datetime
    status: str
    mode: str = A.Mode.FIRST_COME
    waitlist: bool = True
    capacity: int = 50
    description: str = ""
    address: str = ""
    lat: Decimal | None = None
    lng: Decimal | None = None
    audience_org: Org | None = None
    audience_tags: list = field(default_factory=list)
    public: bool = False
    cancel_deadline: datetime | None = None
    subsidy: Decimal = Decimal("0.00")  # 工会补助, 元
    proposal: PlannedProposal | None = None
    lottery_seed: str = ""
    seed_published_at: datetime | None = None
    drawn_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    # How it goes: applicants per seat, the share of confirmed who come, walk-ins per participant.
    demand: float = 1.0
    attendance: float = 0.85
    walk_ins: float = 0.04
    cancellations: float = 0.05
    demo: str = ""  # the demo member's part: confirmed, attended, rated, waitlisted, applied
    registrations: list = field(default_factory=list)
    participations: list = field(default_factory=list)
    feedback: list = field(default_factory=list)  # (Person, rating, comment, at)
    pk: int | None = None

    @property
    def drawn_later(self) -> bool:
        """A drawn 抽签: its outcome needs the registrations' ids, so it is drawn once they are written."""
        return self.mode == A.Mode.LOTTERY and self.drawn_at is not None


@dataclass
class ActivitiesPlan:
    """Everything the step writes, in memory."""

    series: list[PlannedSeries]
    partners: list[PlannedPartner]
    proposals: list[PlannedProposal]
    activities: list[PlannedActivity]
    demo_partner: PlannedPartner
    # Drawn 抽签 activities are finished with it once the registrations have ids.
    planner: "_Planner"


def _at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """A local moment on ``day``."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


class _Planner:
    """Builds the plan. Methods consume ``rng`` in a fixed order, so one seed gives one plan."""

    def __init__(self, ctx: DemoContext, people: list[Person], demo_member: Person | None, today: date):
        """Read the district from ``ctx``; ``people`` may register, ``today`` is the day planned for."""
        self.rng, self.faker, self.scale, self.today = ctx.rng, ctx.faker, ctx.scale, today
        # Subsidies draw from their own generator, so adding them left every other draw of the plan as it was.
        self.subsidy_rng = random.Random(f"{ctx.seed}:activities.subsidy")
        self.root: Org = ctx.root
        built = ctx.extra.get("orgs", {})
        self.towns: list[Org] = list(built.get("towns") or [o for o in ctx.orgs if o.kind == OrgKind.TOWN])
        self.home_town: Org = built.get("home_town") or self.towns[0]
        self.home_union: Org | None = built.get("home_union")
        self.orgs, self.enterprises = ctx.orgs, ctx.enterprises
        self.people, self.demo_member = people, demo_member
        self.by_union: dict[str, list[Person]] = defaultdict(list)  # union path -> its members, in roster order
        for p in people:
            self.by_union[p.path].append(p)
        self.pools: dict[tuple, list[Person]] = {}
        self.tickets: set[str] = set()
        self.phones: set[str] = set()
        self.numbers: dict[str, int] = defaultdict(int)
        self.venues: dict[str, tuple] = {}
        # Each town's rough centre (the made-up district sits east of Ningbo), for coordinates near a venue.
        self.centres = {
            t.path: (29.86 + self.rng.uniform(-0.09, 0.09), 121.62 + self.rng.uniform(-0.12, 0.12)) for t in self.towns
        }

    # Small generators ----------------------------------------------------------------------------------------

    def ticket(self) -> str:
        """An unused 8-character ticket code from ``TICKET_ALPHABET``."""
        while True:
            # Eight characters of a 32-letter alphabet are 40 random bits, five per character.
            bits = self.rng.getrandbits(40)
            code = "".join(TICKET_ALPHABET[(bits >> shift) & 31] for shift in range(0, 40, 5))
            if code not in self.tickets:
                self.tickets.add(code)
                return code

    def phone(self) -> str:
        """An unused mainland mobile number for a partner's contact or account."""
        while True:
            number = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def place(self, org: Org | None) -> str:
        """What a title calls the organiser's place: the town's name, or the district's."""
        if org is not None and org.kind == OrgKind.TOWN:
            return (org.short_name or org.name).removesuffix("总工会")
        return DISTRICT

    def town_of(self, org: Org) -> Org | None:
        """The town ``org`` is in (None for the district and the district-wide unions)."""
        return next((t for t in self.towns if org.path.startswith(t.path)), None)

    def venue(self, organiser: Org, category: str) -> tuple[str, Org | None, Decimal | None, Decimal | None]:
        """Where an activity of ``organiser`` takes place: an address in the district, the town it is in, and
        coordinates. A named venue keeps one address and spot whatever uses it; a grassroots union meets at its
        firm."""
        rng = self.rng
        if organiser.kind == OrgKind.FEDERATION:
            town, level = rng.choice(self.towns), 0
        else:
            town, level = self.town_of(organiser), 1
        if organiser.kind not in (OrgKind.FEDERATION, OrgKind.TOWN):
            room = rng.choice(("职工之家", "会议室", "职工活动中心"))
            return f"{organiser.address}{room}", town, *self.spot(town)
        name = rng.choice(VENUES.get(category, OTHER_VENUES)[level]).format(d=DISTRICT, t=self.place(town))
        # Rooms of one building (工人文化宫剧场, 工人文化宫职工书屋) share its address.
        word = next((w for w in BUILDING_WORDS if w in name), "")
        building = name[: name.index(word) + len(word)] if word else name
        if building not in self.venues:
            road = f"{rng.choice(ROADS)}{rng.choice(ROAD_SUFFIXES)}{rng.randrange(1, 999)}号"
            self.venues[building] = (f"{DISTRICT}{self.place(town)}{road}", town, *self.spot(town))
        address, town, lat, lng = self.venues[building]
        return f"{address} {name}", town, lat, lng

    def spot(self, town: Org | None) -> tuple[Decimal, Decimal]:
        """Coordinates near the centre of ``town``."""
        lat, lng = self.centres[town.path] if town else (29.86, 121.62)
        lat += self.rng.uniform(-0.012, 0.012)
        lng += self.rng.uniform(-0.012, 0.012)
        return Decimal(f"{lat:.6f}"), Decimal(f"{lng:.6f}")

    def pool(self, audience: Org, tags: tuple = ()) -> list[Person]:
        """The members who may register: in ``audience``'s sub-tree (with one of ``tags`` when given)."""
        key = (audience.path, tags)
        if key not in self.pools:
            found = [p for path, members in self.by_union.items() if path.startswith(audience.path) for p in members]
            if tags:
                found = [p for p in found if p.gig]
            self.pools[key] = found
        return self.pools[key]

    def title(self, template: str, organiser: Org, town: Org | None, day: date) -> str:
        """The title from ``template`` for an activity of ``organiser`` in ``town`` on ``day``."""
        self.numbers[template] += 1
        return template.format(
            p=self.place(town or organiser), s=SEASONS[day.month], n=self.numbers[template], b=self.rng.choice(BOOKS),
            u=_firm_name(organiser.name),
        )  # fmt: skip

    # Series and partners -------------------------------------------------------------------------------------

    def series(self) -> list[PlannedSeries]:
        """The ten district series this year, those that ran last year, and one or two series for three towns."""
        year = self.today.year
        planned = []
        for y in (year - 1, year):
            for name, description, categories, wins, last_year in SERIES:
                if y == year or last_year:
                    planned.append(
                        PlannedSeries(
                            name, description, self.root, y, categories, TITLES[name], wins,
                            created_at=_at(date(y - 1, 12, 1)) + timedelta(days=self.rng.randint(0, 20)),
                        )
                    )  # fmt: skip
        by_name = {s.name: s for s in planned if s.year == year}
        for i, town in enumerate(self.towns[:3]):
            for name, description, borrowed in self.rng.sample(TOWN_SERIES, 2 if i == 0 else 1):
                titles = tuple(t for b in borrowed for t in TITLES[b])
                categories = tuple({c for b in borrowed for c in by_name[b].categories})
                planned.append(
                    PlannedSeries(
                        f"{self.place(town)}{name}", description, town, year, tuple(sorted(categories)), titles,
                        created_at=_at(date(year, 1, 1)) + timedelta(days=self.rng.randint(5, 40)),
                    )
                )  # fmt: skip
        return planned

    def partners(self) -> list[PlannedPartner]:
        """Bodies of the district (social organisations, 文化 and 体育 bodies) and big employers of the register;
        some employers work with their town. About one in four has login accounts."""
        rng = self.rng
        partners = []
        start = _at(self.today - timedelta(days=DAYS_BACK + 30))
        for name, kind in PARTNER_BODIES:
            partners.append(PlannedPartner(f"{DISTRICT}{name}", kind, self.root, self.faker.name(), self.phone()))
        big = sorted(
            (
                e
                for e in self.enterprises
                if e.status == EnterpriseStatus.ACTIVE and e.org is not None and e.org.kind == OrgKind.GRASSROOTS
            ),
            key=lambda e: (-e.staff_count, e.name),
        )[: ENTERPRISE_PARTNERS * 2]
        count = max(4, round(ENTERPRISE_PARTNERS * self.scale**0.5))
        for ent in rng.sample(big, min(count, len(big))):
            town = self.town_of(ent.org)
            org = town if town is not None and rng.random() < 0.3 else self.root
            partners.append(
                PlannedPartner(
                    ent.name, Partner.Kind.ENTERPRISE, org, self.faker.name(), ent.contact_phone or self.phone()
                )
            )
        for p in partners:
            p.created_at = start + timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 8))
            if rng.random() < 0.25:
                phone = self.phone()
                p.accounts.append((f"p{phone}", self.faker.name(), phone))
        demo = next(p for p in partners if p.name == DEMO_PARTNER_NAME)
        username, display_name = DEMO_PARTNER_USER
        demo.accounts.insert(0, (username, display_name, self.phone()))
        return partners

    # Activities ----------------------------------------------------------------------------------------------

    def day(self, offset: int, category: str) -> date:
        """The day ``offset`` days from today, moved to a weekend for weekend kinds of activity (to a weekday for
        the others), away from today so past ones stay past and coming ones stay coming."""
        weekend = TIMING[category][0]
        d = self.today + timedelta(days=offset)
        step = timedelta(days=-1 if offset < 0 else 1)
        while (d.weekday() >= 5) != weekend:
            d += step
        return d

    def new_activity(
        self, *, offset: int, template: tuple, organiser: Org, series: PlannedSeries | None, status: str = "",
        mode: str = "", fill: float | None = None,
    ) -> PlannedActivity:  # fmt: skip
        """One activity on the day ``offset`` days from today, its status following from the day unless given."""
        rng = self.rng
        text, category, lo, hi, flags = template
        day = self.day(offset, category)
        _, hour, minute, hours = TIMING[category]
        if "day" in flags:
            hour, minute, hours = 9, 0, 7
        starts = _at(day, hour, minute)
        ends = starts + timedelta(hours=hours)
        closes = _at(day - timedelta(days=rng.randint(1, 3)), 18)
        opens = _at(day - timedelta(days=rng.randint(10, 24)), 9)
        if not mode:
            draw = rng.random()
            mode = (
                A.Mode.LOTTERY
                if "lottery" in flags and draw < 0.5
                else A.Mode.REVIEW
                if "review" in flags and draw < 0.6
                else A.Mode.FIRST_COME
            )
        if not status:
            if offset < 0:
                status = A.Status.CANCELLED if rng.random() < 0.03 else A.Status.FINISHED
            elif closes.date() < self.today:
                status = A.Status.CLOSED
            else:
                status = A.Status.PUBLISHED
        if status in (A.Status.PUBLISHED, A.Status.CLOSED) and mode == A.Mode.LOTTERY and offset > 0 and not fill:
            # Coming 抽签 activities are the scripted ones below; random ones take first come.
            mode = A.Mode.FIRST_COME
        address, town, lat, lng = self.venue(organiser, category)
        activity = PlannedActivity(
            title=self.title(text, organiser, town, day),
            category=category,
            organiser=organiser,
            series=series,
            starts_at=starts,
            ends_at=ends,
            opens_at=opens,
            closes_at=closes,
            status=status,
            mode=mode,
            waitlist=mode != A.Mode.LOTTERY or rng.random() < 0.6,
            capacity=_round_capacity(rng.randint(lo, hi)),
            address=address,
            lat=lat,
            lng=lng,
            public="public" in flags,
            cancel_deadline=starts - timedelta(days=1) if rng.random() < 0.7 else None,
        )
        if "gig" in flags:
            activity.audience_tags = [Tag.NEW_EMPLOYMENT]
        elif organiser is self.root and not activity.public and rng.random() < 0.1:
            activity.audience_org = rng.choice(self.towns)
        activity.description = "".join(
            (
                f"{organiser.short_name or organiser.name}主办。" if series is None else f"“{series.name}”系列活动，",
                INTROS[category],
                MODE_NOTES[mode],
            )
        )
        activity.demand = (
            rng.uniform(1.4, 3.0)
            if mode == A.Mode.LOTTERY
            else rng.uniform(0.9, 1.3)
            if mode == A.Mode.REVIEW
            else rng.uniform(0.55, 1.45)
        )
        if fill is not None:
            activity.demand = fill
        activity.attendance = rng.uniform(0.70, 0.95)
        activity.walk_ins = rng.uniform(0.08, 0.2) if activity.public else rng.uniform(0.0, 0.06)
        activity.cancellations = rng.uniform(0.0, 0.08)
        if mode == A.Mode.LOTTERY and status in (A.Status.FINISHED, A.Status.CLOSED):
            activity.closes_at = starts - timedelta(days=rng.randint(3, 5), hours=2)
            activity.seed_published_at = activity.closes_at + timedelta(minutes=rng.randint(1, 30))
            activity.lottery_seed = f"{rng.getrandbits(128):032x}"
            activity.drawn_at = activity.seed_published_at + timedelta(hours=rng.randint(15, 20))
        if status == A.Status.CANCELLED:
            # Called off a few days before the start, while registration was still running.
            activity.closes_at = starts - timedelta(days=1)
        activity.subsidy = self.subsidy(activity)
        return activity

    def subsidy(self, activity: PlannedActivity) -> Decimal:
        """工会补助: most federation activities and about a quarter of a union's own are subsidised, 500 to 20,000
        元 depending on the seats (materials, venue, prizes); usually whole tens of 元, now and then to the 分."""
        rng = self.subsidy_rng
        share = 0.25 if activity.organiser.kind == OrgKind.GRASSROOTS else 0.6
        if rng.random() >= share:
            return Decimal("0.00")
        amount = min(max(activity.capacity * rng.uniform(15, 160), 500), 20_000)
        if rng.random() < 0.8:
            return Decimal(round(amount, -1)).quantize(Decimal("0.01"))
        return Decimal(f"{amount:.2f}")

    def templates_for(self, series: PlannedSeries | None, organiser: Org, day: date) -> list[tuple]:
        """Title templates that fit: the series' titles (season-only ones in their season), a union's own, or a
        federation's activities outside a series."""
        if series is not None:
            pool = series.titles
        elif organiser.kind == OrgKind.GRASSROOTS:
            pool = UNION_TITLES
        elif organiser.kind == OrgKind.TOWN:
            # Towns run the same kinds of activity as the district's series, on their own.
            pool = STANDALONE_TITLES + tuple(t for titles in TITLES.values() for t in titles)
        else:
            pool = STANDALONE_TITLES
        return [t for t in pool if _in_season(t[4], day)] or list(pool)

    def random_activity(self, offset: int, series_list: list[PlannedSeries], unions: list[Org]) -> PlannedActivity:
        """An activity of the district (most), a town or a grassroots union, in a series of its year when one
        fits."""
        rng = self.rng
        draw = rng.random()
        day = self.today + timedelta(days=offset)
        if draw < 0.62:
            organiser = self.root
        elif draw < 0.88 or not unions:
            organiser = rng.choice(self.towns)
        else:
            organiser = rng.choice(unions)
        own = [s for s in series_list if s.owner is organiser and s.year == day.year]
        series = None
        if organiser is self.root and own:
            series = rng.choice(own) if rng.random() < 0.92 else None
        elif organiser.kind == OrgKind.TOWN:
            series = rng.choice(own) if own and rng.random() < 0.6 else None
        template = rng.choice(self.templates_for(series, organiser, day))
        return self.new_activity(offset=offset, template=template, organiser=organiser, series=series)

    def scripted(self, series_list: list[PlannedSeries]) -> list[PlannedActivity]:
        """The activities the demo relies on, whatever the seed: several the demo member can register for (one
        of them already with a ticket), one full with the demo member on the waitlist, a 抽签 waiting for its
        draw and one drawn, one reviewed by the organiser, one not yet open, a cancelled one, and two finished
        ones the demo member took part in (one rated, one waiting for a rating)."""
        year = self.today.year

        def series(name: str, y: int | None = None) -> PlannedSeries | None:
            """The district's series ``name`` of year ``y``."""
            y = y or year
            return next((s for s in series_list if s.name == name and s.year == y and s.owner is self.root), None)

        def template(name: str, i: int) -> tuple:
            """The ``i``-th title template of the series ``name``."""
            return TITLES[name][i]

        home, root = self.home_town, self.root
        town_series = next((s for s in series_list if s.owner is home), None)
        plan = [
            # (offset, series name or town, template, status, mode, fill, demo part)
            (9, "镇工有艺", template("镇工有艺", 0), A.Status.PUBLISHED, A.Mode.FIRST_COME, 0.55, "confirmed"),
            (6, "town", None, A.Status.PUBLISHED, A.Mode.FIRST_COME, 0.4, ""),
            (12, "镇工悦读", template("镇工悦读", 0), A.Status.PUBLISHED, A.Mode.FIRST_COME, 0.5, ""),
            (16, "镇工游市", template("镇工游市", 1), A.Status.PUBLISHED, A.Mode.FIRST_COME, 0.3, ""),
            (8, "镇工有赛", template("镇工有赛", 1), A.Status.PUBLISHED, A.Mode.FIRST_COME, 1.3, "waitlisted"),
            (14, "镇工有匠", template("镇工有匠", 0), A.Status.PUBLISHED, A.Mode.REVIEW, 0.8, ""),
            (20, "镇工友缘", template("镇工友缘", 0), A.Status.PUBLISHED, A.Mode.LOTTERY, 1.6, ""),
            (3, "镇工乐享", template("镇工乐享", 1), A.Status.CLOSED, A.Mode.LOTTERY, 2.2, "applied"),
            (5, "镇工友缘", template("镇工友缘", 3), A.Status.CLOSED, A.Mode.LOTTERY, 1.8, ""),
            (45, "镇工有学", template("镇工有学", 0), A.Status.PUBLISHED, A.Mode.FIRST_COME, 0.0, ""),
            (10, "镇工有赛", template("镇工有赛", 2), A.Status.CANCELLED, A.Mode.FIRST_COME, 0.6, ""),
            (-6, "town", None, A.Status.FINISHED, A.Mode.FIRST_COME, 1.0, "attended"),
            (-40, "镇工悦读", template("镇工悦读", 4), A.Status.FINISHED, A.Mode.FIRST_COME, 0.9, "rated"),
            # Kept as the templates say: one for 新就业形态 members only, one open to the public.
            (-20, "镇工有爱", template("镇工有爱", 0), A.Status.FINISHED, A.Mode.FIRST_COME, 1.0, "keep"),
            (-30, "镇工游市", template("镇工游市", 2), A.Status.FINISHED, A.Mode.FIRST_COME, 0.9, "keep"),
        ]
        activities = []
        for offset, name, tmpl, status, mode, fill, demo in plan:
            day = self.today + timedelta(days=offset)
            if name == "town":
                organiser, s = home, (town_series if town_series and town_series.year == day.year else None)
                tmpl = self.rng.choice([t for t in self.templates_for(s, home, day) if "gig" not in t[4]])
                tmpl = (tmpl[0], tmpl[1], tmpl[2], tmpl[3], "")  # open to the town's members, first come
            else:
                organiser, s = root, series(name, day.year)
                if demo != "keep":
                    tmpl = (tmpl[0], tmpl[1], tmpl[2], tmpl[3], tmpl[4].replace("gig", ""))
            a = self.new_activity(
                offset=offset, template=tmpl, organiser=organiser, series=s, status=status, mode=mode, fill=fill
            )
            if a.status == A.Status.PUBLISHED:
                if offset > 30:
                    # Not open yet: registration starts in a few days.
                    a.opens_at = _at(self.today + timedelta(days=self.rng.randint(3, 8)), 9)
                else:
                    a.opens_at = min(a.opens_at, _at(self.today - timedelta(days=self.rng.randint(2, 6)), 9))
                    a.closes_at = max(a.closes_at, _at(self.today + timedelta(days=1), 18))
            if a.status == A.Status.CLOSED:
                a.closes_at = min(a.closes_at, _at(self.today - timedelta(days=2), 18))
                a.opens_at = a.closes_at - timedelta(days=10)
                if mode == A.Mode.LOTTERY:
                    a.seed_published_at = a.closes_at + timedelta(minutes=5)
                    a.lottery_seed = f"{self.rng.getrandbits(128):032x}"
                    # The first waits for its draw; the second has been drawn.
                    a.drawn_at = None if demo == "applied" else a.seed_published_at + timedelta(hours=16)
            if demo == "keep":
                demo = ""
            else:
                # Aimed at the whole organiser's sub-tree, so the demo member may take part.
                a.audience_org, a.audience_tags = None, []
            a.demo = demo
            if a.mode == A.Mode.FIRST_COME and demo in ("", "confirmed"):
                a.waitlist = True
            if demo == "waitlisted":
                a.waitlist, a.cancellations = True, 0.0
            if mode == A.Mode.LOTTERY and a.drawn_at is not None:
                a.waitlist = False  # the drawn one shows 未中签
            activities.append(a)
        return activities

    def activities(self, series_list: list[PlannedSeries]) -> list[PlannedActivity]:
        """The scripted activities and random ones over the past year and the coming two months."""
        rng = self.rng
        unions = self.member_unions()
        scripted = self.scripted(series_list)
        total = max(40, round(ACTIVITIES * self.scale**0.5))
        past = round((total - len(scripted)) * 0.86)
        activities = list(scripted)
        for _ in range(past):
            activities.append(self.random_activity(-rng.randint(1, DAYS_BACK), series_list, unions))
        for _ in range(total - len(scripted) - past):
            activities.append(self.random_activity(rng.randint(2, DAYS_AHEAD), series_list, unions))
        # The ``union`` account's union runs a few of its own.
        if self.home_union is not None and self.pool(self.home_union):
            for offset in (-rng.randint(20, 120), -rng.randint(150, 300), rng.randint(7, 30)):
                day = self.today + timedelta(days=offset)
                template = rng.choice(self.templates_for(None, self.home_union, day))
                activities.append(
                    self.new_activity(offset=offset, template=template, organiser=self.home_union, series=None)
                )
        self.calibrate(activities)
        for a in activities:
            a.created_at = min(a.opens_at - timedelta(days=rng.randint(2, 10)), _at(self.today - timedelta(days=2)))
            a.updated_at = a.created_at
            if a.status == A.Status.FINISHED:
                a.updated_at = min(a.ends_at + timedelta(hours=rng.randint(1, 30)), _at(self.today, 0))
        return activities

    def member_unions(self) -> list[Org]:
        """Grassroots unions with enough members to run their own activities."""
        counts = defaultdict(int)
        for p in self.people:
            counts[p.path] += 1
        return [
            o
            for o in self.orgs
            if o.kind == OrgKind.GRASSROOTS and o.status == OrgStatus.ACTIVE and counts.get(o.path, 0) >= 80
        ]

    def audience_pool(self, a: PlannedActivity) -> list[Person]:
        """Who may register for ``a`` (any member of the district when it is open to the public)."""
        if a.public:
            return self.pool(self.root)
        return self.pool(a.audience_org or a.organiser, tuple(a.audience_tags))

    def calibrate(self, activities: list[PlannedActivity]) -> None:
        """Scale capacities so the finished activities add up to about ``PARTICIPATIONS`` at ``--scale 1`` (in
        proportion to the scale), within 20–500 seats and at most half of the members who may come."""
        target = PARTICIPATIONS * self.scale
        base = {id(a): a.capacity for a in activities}
        factor = 1.0
        for _ in range(4):
            expected = 0.0
            for a in activities:
                a.capacity = self.capped(a, base[id(a)] * factor)
                if a.status == A.Status.FINISHED:
                    # Seats given up with no waitlist to fill them stay empty.
                    kept = 1.0 if a.waitlist and a.demand > 1 else 1 - a.cancellations
                    expected += a.capacity * min(a.demand, 1.0) * kept * a.attendance * (1 + a.walk_ins)
            if not expected:
                return
            factor *= target / expected
        for a in activities:
            a.capacity = self.capped(a, base[id(a)] * factor)

    def capped(self, a: PlannedActivity, capacity: float) -> int:
        """``capacity`` rounded as people set it, within 20–500 seats and half of those who may come."""
        limit = max(MIN_CAPACITY, len(self.audience_pool(a)) // 2)
        return _round_capacity(max(MIN_CAPACITY, min(MAX_CAPACITY, limit, capacity)))

    # Proposals -----------------------------------------------------------------------------------------------

    def proposals(
        self, series_list: list[PlannedSeries], partners: list[PlannedPartner], activities: list[PlannedActivity]
    ) -> list[PlannedProposal]:
        """An approved proposal behind most series activities (the organiser is then the series' owner, as
        ``review_proposal`` makes it), a few approved just now whose activities are still drafts, and the rest
        waiting, returned with comments or rejected; the demo partner has some in every state."""
        rng = self.rng
        now = _at(self.today, 0)
        proposals = []

        def partner_for(series: PlannedSeries, category: str) -> PlannedPartner:
            """A partner who may propose to ``series`` (``submit_proposal``'s rule), of a fitting kind mostly."""
            fits = [p for p in partners if p.org is self.root or p.org is series.owner]
            kinds = {
                C.CULTURE: Partner.Kind.CULTURE, C.READING: Partner.Kind.CULTURE, C.SPORTS: Partner.Kind.SPORTS,
                C.MARKET: Partner.Kind.OTHER, C.SOCIAL: Partner.Kind.SOCIAL, C.MENTAL: Partner.Kind.SOCIAL,
                C.VOLUNTEER: Partner.Kind.SOCIAL, C.FAMILY: Partner.Kind.SOCIAL,
            }  # fmt: skip
            preferred = [p for p in fits if p.kind in (kinds.get(category), Partner.Kind.ENTERPRISE)]
            return rng.choice(preferred if preferred and rng.random() < 0.8 else fits)

        def content(a_title: str, category: str, expected: int) -> str:
            """What a partner writes in a proposal."""
            detail = rng.choice(PROPOSAL_DETAILS).format(e=expected, m=rng.randrange(8, 60) * 500, h=expected // 2)
            return f"{a_title}：{INTROS[category]}{detail}"

        for a in activities:
            if a.series is None or a.status == A.Status.DRAFT or rng.random() > 0.62:
                continue
            s = a.series
            a.organiser = s.owner
            reviewed = min(a.opens_at - timedelta(days=rng.randint(3, 12)), now - timedelta(days=2))
            submitted = max(reviewed - timedelta(days=rng.randint(3, 20)), s.created_at + timedelta(hours=2))
            reviewed = max(reviewed, submitted + timedelta(hours=20))
            a.created_at = reviewed
            a.proposal = PlannedProposal(
                s, partner_for(s, a.category), a.title, content(a.title, a.category, a.capacity), a.category,
                a.capacity, Proposal.Status.APPROVED, submitted, reviewed,
            )  # fmt: skip
            proposals.append(a.proposal)

        current = [s for s in series_list if s.year == self.today.year]
        # Approved in the last days: their activities are drafts being completed.
        for i in range(max(2, round(5 * self.scale**0.5))):
            s = rng.choice(current)
            organiser = s.owner
            offset = rng.randint(25, 50)
            template = rng.choice(self.templates_for(s, organiser, self.today + timedelta(days=offset)))
            a = self.new_activity(
                offset=offset, template=template, organiser=organiser, series=s, status=A.Status.DRAFT
            )
            if i == 0:
                a.address, a.lat, a.lng = "待定", None, None
            reviewed = now - timedelta(days=rng.randint(1, 8), hours=rng.randint(1, 8))
            a.created_at = a.updated_at = reviewed
            a.proposal = PlannedProposal(
                s, partner_for(s, a.category), a.title, content(a.title, a.category, a.capacity), a.category,
                a.capacity, Proposal.Status.APPROVED, reviewed - timedelta(days=rng.randint(2, 10)), reviewed,
            )  # fmt: skip
            activities.append(a)
            proposals.append(a.proposal)

        total = max(len(proposals) + 12, round(PROPOSALS * self.scale**0.5))
        demo_partner = next(p for p in partners if p.name == DEMO_PARTNER_NAME)
        # The demo partner's own: one of each state, the returned one ready to resubmit.
        scripted = [Proposal.Status.SUBMITTED, Proposal.Status.RETURNED, Proposal.Status.REJECTED]
        for i in range(total - len(proposals)):
            if i < len(scripted):
                status, partner = scripted[i], demo_partner
                s = rng.choice([x for x in current if x.owner is self.root])
            else:
                draw = rng.random()
                status = (
                    Proposal.Status.SUBMITTED
                    if draw < 0.25
                    else Proposal.Status.RETURNED
                    if draw < 0.4
                    else Proposal.Status.REJECTED
                )
                s = rng.choice(current if status != Proposal.Status.REJECTED else series_list)
                partner = None
            category = rng.choice(s.categories)
            fits = [t for t in s.titles if t[1] == category] or list(s.titles)
            text = rng.choice(fits)[0]
            title = text.format(
                p=self.place(s.owner), s=SEASONS[rng.randint(1, 12)], n=rng.randint(1, 6), b=rng.choice(BOOKS), u=""
            )
            partner = partner or partner_for(s, category)
            expected = _round_capacity(rng.randint(30, 300))
            end = min(now, _at(date(s.year, 12, 31), 18))
            if status == Proposal.Status.SUBMITTED:
                submitted = now - timedelta(days=rng.randint(1, 25), hours=rng.randint(0, 10))
                reviewed, comment = None, ""
            else:
                span = max(1, int((end - s.created_at).total_seconds() // 3600) - 200)
                submitted = s.created_at + timedelta(hours=rng.randint(1, span))
                reviewed = min(submitted + timedelta(days=rng.randint(2, 8)), end)
                comment = rng.choice(RETURN_COMMENTS if status == Proposal.Status.RETURNED else REJECT_COMMENTS)
            proposals.append(
                PlannedProposal(
                    s, partner, title, content(title, category, expected), category, expected, status, submitted,
                    reviewed, comment,
                )
            )  # fmt: skip
        # The demo partner also has an approved one (the first district proposal turned activity).
        approved = next(
            (p for p in proposals if p.status == Proposal.Status.APPROVED and p.series.owner is self.root), None
        )
        if approved is not None:
            approved.partner = demo_partner
        return proposals

    # Registrations -------------------------------------------------------------------------------------------

    def register(self, a: PlannedActivity) -> None:
        """Who registered and what became of it, following ``services.register``: first come takes seats while
        they last and then the waitlist; 抽签 collects applications; 审核 waits for the organiser. Cancelled seats
        go to the first waitlisted member. Finished activities get their check-ins, walk-ins and ratings."""
        rng = self.rng
        if a.status == A.Status.DRAFT:
            return
        today0 = _at(self.today, 0)
        last = min(a.closes_at, today0 - timedelta(minutes=1))
        if a.opens_at >= last:
            return
        pool = self.audience_pool(a)
        wanted = min(len(pool), round(a.capacity * a.demand))
        applicants = rng.sample(pool, wanted)
        span = (last - a.opens_at).total_seconds()
        # Popular activities fill in their first days.
        times = sorted(a.opens_at + timedelta(seconds=span * rng.random() ** 2) for _ in applicants)
        if a.demo and self.demo_member is not None:
            if a.demo == "waitlisted":
                position = min(len(applicants), a.capacity + 2)
            else:
                position = 0
            applicants.insert(position, self.demo_member)
            times.insert(position, times[position - 1] if position else a.opens_at)
        regs = []
        confirmed = 0
        for person, at in zip(applicants, times, strict=True):
            if a.mode == A.Mode.LOTTERY:
                status = R.APPLIED
            elif a.mode == A.Mode.REVIEW:
                status = R.PENDING
            elif confirmed < a.capacity:
                status, confirmed = R.CONFIRMED, confirmed + 1
            elif a.waitlist:
                status = R.WAITLISTED
            else:
                continue  # refused: 名额已满, no registration
            regs.append(PlannedRegistration(person, status, self.ticket(), at, at))
        if a.mode == A.Mode.REVIEW:
            # The organiser decided on most: confirmed while seats last, some declined; recent ones wait.
            decide_all = a.status != A.Status.PUBLISHED
            for r in regs:
                if not decide_all and (r.queued_at > today0 - timedelta(days=2) or rng.random() < 0.35):
                    continue
                if rng.random() < 0.1 or confirmed >= a.capacity:
                    r.status = R.REJECTED
                else:
                    r.status, confirmed = R.CONFIRMED, confirmed + 1
                r.updated_at = min(r.queued_at + timedelta(hours=rng.randint(2, 30)), today0 - timedelta(minutes=1))
        if a.mode != A.Mode.LOTTERY and a.cancellations:
            # A few cancel; a confirmed seat goes to the first waitlisted member.
            for r in sorted(rng.sample(regs, round(len(regs) * a.cancellations)), key=lambda r: r.queued_at):
                if r.member is self.demo_member or r.status not in (R.CONFIRMED, R.WAITLISTED, R.PENDING):
                    continue
                was_confirmed = r.status == R.CONFIRMED
                r.status = R.CANCELLED
                r.updated_at = r.queued_at + (last - r.queued_at) * rng.random()
                if was_confirmed:
                    nxt = next((w for w in regs if w.status == R.WAITLISTED), None)
                    if nxt is not None:
                        nxt.status, nxt.updated_at = R.CONFIRMED, r.updated_at
        a.registrations = regs
        if a.drawn_later:
            return  # drawn, checked in and rated once the registrations have ids (``finish_draws``)
        if a.status == A.Status.FINISHED:
            self.take_part(a, [r for r in regs if r.status == R.CONFIRMED])

    def take_part(self, a: PlannedActivity, confirmed: list[PlannedRegistration]) -> None:
        """Check-ins of the confirmed (70–95 % come), walk-ins, and ratings from some of those who came."""
        rng = self.rng
        for r in confirmed:
            if r.member is self.demo_member or rng.random() < a.attendance:
                at = a.starts_at + timedelta(minutes=rng.randint(-30, 25))
                r.checked_in_at = r.updated_at = at
                method = rng.choices((M.TICKET, M.CODE, M.SELF), (50, 10, 40))[0]
                a.participations.append(PlannedParticipation(r.member, r.member.name, method, at, method != M.SELF))
        registered = {id(r.member) for r in a.registrations}
        walk_ins = round(len(a.participations) * a.walk_ins)
        pool = self.audience_pool(a)
        candidates = [p for p in rng.sample(pool, min(len(pool), walk_ins * 2 + 5)) if id(p) not in registered]
        for i in range(walk_ins):
            at = a.starts_at + timedelta(minutes=rng.randint(0, 60))
            if a.public and rng.random() < 0.6 or i >= len(candidates):
                # A guest (a family member, a resident) with no member record.
                a.participations.append(PlannedParticipation(None, self.faker.name(), M.WALK_IN, at, True))
            else:
                person = candidates[i]
                a.participations.append(PlannedParticipation(person, person.name, M.WALK_IN, at, True))
        for p in a.participations:
            if p.member is None or p.member is self.demo_member:
                continue
            if rng.random() < 0.35:
                rating = rng.choices((1, 2, 3, 4, 5), RATING_WEIGHTS)[0]
                comment = rng.choice(COMMENTS[rating]) if rng.random() < 0.6 else ""
                a.feedback.append((p.member, rating, comment, a.ends_at + timedelta(hours=rng.randint(1, 96))))
        if a.demo == "rated" and self.demo_member is not None:
            a.feedback.append(
                (self.demo_member, 5, "读书分享很有收获，认识了几位同样爱读书的工友", a.ends_at + timedelta(hours=3))
            )
        today0 = _at(self.today, 0)
        a.feedback = [f for f in a.feedback if f[3] < today0]

    def plan(self) -> ActivitiesPlan:
        """Series, partners, activities, the proposals behind them, then who registered and who came."""
        series_list = self.series()
        partners = self.partners()
        activities = self.activities(series_list)
        proposals = self.proposals(series_list, partners, activities)
        for a in activities:
            self.register(a)
        return ActivitiesPlan(
            series=series_list,
            partners=partners,
            proposals=proposals,
            activities=activities,
            demo_partner=next(p for p in partners if p.name == DEMO_PARTNER_NAME),
            planner=self,
        )


def _in_season(flags: str, day: date) -> bool:
    """Whether a title with ``flags`` fits ``day``: summer, winter or named months only when it is then."""
    months = {int(f[1:]) for f in flags.split() if f[:1] == "m" and f[1:].isdigit()}
    if "summer" in flags:
        months |= {6, 7, 8}
    if "winter" in flags:
        months |= {12, 1, 2}
    return not months or day.month in months


def _round_capacity(n: float) -> int:
    """Seats as people set them: in fives below a hundred, in tens above."""
    n = int(n)
    return max(1, n - n % (10 if n >= 100 else 5))


def _firm_name(union_name: str) -> str:
    """A firm's short name from its union's name: 宁波恒鑫机械有限公司工会 → 恒鑫机械."""
    name = union_name.removesuffix("工会")
    for word in ("有限责任公司", "股份有限公司", "有限公司", "集团"):
        name = name.removesuffix(word)
    return name.removeprefix("宁波市").removeprefix("宁波").removeprefix(DISTRICT) or union_name


def plan_activities(
    ctx: DemoContext, people: list[Person], *, demo_member: Person | None = None, today: date | None = None
) -> ActivitiesPlan:
    """The series, partners, proposals and activities of the district in ``ctx`` for the roster ``people``
    (active members, the demo member not among them), with no database access."""
    return _Planner(ctx, people, demo_member, today or timezone.localdate()).plan()


# --- Writing it ------------------------------------------------------------------------------------------------


def _roster(ctx: DemoContext) -> tuple[list[Person], Person | None]:
    """The district's active members as plain records, and the demo member separately."""
    paths = {o.pk: o.path for o in ctx.orgs}
    # Tags by tag alone and members by union id: joins on the freshly written, not yet analysed tables can get
    # PostgreSQL to choose nested loops (seconds instead of milliseconds).
    gig = set(MemberTag.objects.filter(tag=Tag.NEW_EMPLOYMENT).values_list("member_id", flat=True))
    demo_pk = ctx.extra.get("members", {}).get("demo_member_pk")
    people, demo = [], None
    rows = (
        Member.objects.filter(union_id__in=list(paths), status=MemberStatus.ACTIVE)
        .order_by("pk")
        .values_list("pk", "name", "union_id")
    )
    for pk, name, union_id in rows.iterator(chunk_size=10000):
        person = Person(pk, name, paths[union_id], pk in gig)
        if pk == demo_pk:
            demo = person
        else:
            people.append(person)
    return people, demo


def _check_clashes(plan: ActivitiesPlan) -> None:
    """Refuse, before writing, when a partner login or phone is already someone's account, or a partner name is
    taken."""
    User = get_user_model()
    accounts = [acc for p in plan.partners for acc in p.accounts]
    problems = []
    taken = sorted(User.objects.filter(username__in=[u for u, _, _ in accounts]).values_list("username", flat=True))
    if taken:
        problems.append(f"账号 {', '.join(taken)} 已存在")
    phones = [phone for _, _, phone in accounts]
    if User.objects.filter(phone__in=phones).exists() or Member.objects.filter(phone__in=phones).exists():
        problems.append("合伙人账号的手机号已被其他账号或会员使用")
    if problems:
        raise DemoError("演示活动数据与现有数据冲突，未写入任何数据：" + "；".join(problems))


def _write(ctx: DemoContext, plan: ActivitiesPlan) -> None:
    """Save the plan: the small tables with ``bulk_create`` (their timestamps put back, which insert stamps with
    now), registrations, participations and ratings with ``bulk_insert``, drawn 抽签 in between."""
    User = get_user_model()
    staff = {
        ctx.root.pk: ctx.users.get("district"),
        getattr(ctx.extra.get("orgs", {}).get("home_town"), "pk", None): ctx.users.get("town"),
        getattr(ctx.extra.get("orgs", {}).get("home_union"), "pk", None): ctx.users.get("union"),
    }

    def staff_of(org: Org):
        """The demo account working for ``org`` (the district's for the orgs without one)."""
        return staff.get(org.pk) or staff.get(ctx.root.pk)

    series = [
        Series(
            name=s.name,
            description=s.description,
            owner=s.owner,
            year=s.year,
            monthly_lottery_wins=s.monthly_lottery_wins,
        )
        for s in plan.series
    ]
    Series.objects.bulk_create(series)
    for obj, s in zip(series, plan.series, strict=True):
        s.pk, obj.created_at = obj.pk, s.created_at
    # ``created_at`` is stamped on insert; the demo's should be when each was set up.
    Series.objects.bulk_update(series, ["created_at"])

    users, links = {}, []
    for p in plan.partners:
        for username, display_name, phone in p.accounts:
            user = User(username=username, display_name=display_name, phone=phone)
            if username == DEMO_PARTNER_USER[0]:
                user.set_password(DEMO_PASSWORD)  # one hash: Argon2 is slow on purpose
            else:
                user.set_unusable_password()  # a real partner account gets a set-password link by SMS
            users[username] = user
    User.objects.bulk_create(users.values())
    partners = [
        Partner(name=p.name, kind=p.kind, org=p.org, contact_name=p.contact_name, contact_phone=p.contact_phone)
        for p in plan.partners
    ]
    Partner.objects.bulk_create(partners)
    for obj, p in zip(partners, plan.partners, strict=True):
        p.pk, obj.created_at = obj.pk, p.created_at
        links += [Partner.users.through(partner_id=obj.pk, user_id=users[u].pk) for u, _, _ in p.accounts]
    Partner.objects.bulk_update(partners, ["created_at"])
    Partner.users.through.objects.bulk_create(links)
    ctx.users[DEMO_PARTNER_USER[0]] = users[DEMO_PARTNER_USER[0]]

    proposals = []
    for p in plan.proposals:
        accounts = p.partner.accounts
        proposals.append(
            Proposal(
                series_id=p.series.pk, partner_id=p.partner.pk, title=p.title[:200], content=p.content,
                category=p.category, expected_participants=p.expected, status=p.status, review_comment=p.comment,
                reviewed_at=p.reviewed_at, reviewed_by=staff_of(p.series.owner) if p.reviewed_at else None,
                submitted_by=users[accounts[0][0]] if accounts else None,
            )
        )  # fmt: skip
    Proposal.objects.bulk_create(proposals)
    for obj, p in zip(proposals, plan.proposals, strict=True):
        p.pk, obj.submitted_at = obj.pk, p.submitted_at
    Proposal.objects.bulk_update(proposals, ["submitted_at"])

    activities = []
    for a in plan.activities:
        activities.append(
            Activity(
                title=a.title[:200], series_id=a.series.pk if a.series else None,
                proposal_id=a.proposal.pk if a.proposal else None, organiser=a.organiser, category=a.category,
                description=a.description, starts_at=a.starts_at, ends_at=a.ends_at, address=a.address,
                latitude=a.lat, longitude=a.lng, capacity=a.capacity, audience_org=a.audience_org,
                audience_tags=a.audience_tags, open_to_public=a.public, registration_opens_at=a.opens_at,
                registration_closes_at=a.closes_at, mode=a.mode, waitlist_enabled=a.waitlist,
                cancel_deadline=a.cancel_deadline, status=a.status, subsidy_amount=a.subsidy,
                confirmed=0 if a.drawn_later else sum(1 for r in a.registrations if r.status == R.CONFIRMED),
                lottery_seed=a.lottery_seed, lottery_seed_published_at=a.seed_published_at,
                drawn_at=a.drawn_at, created_by=staff_of(a.organiser),
            )
        )  # fmt: skip
    Activity.objects.bulk_create(activities)
    for obj, a in zip(activities, plan.activities, strict=True):
        a.pk, obj.created_at, obj.updated_at = obj.pk, a.created_at, max(a.created_at, a.updated_at)
    Activity.objects.bulk_update(activities, ["created_at", "updated_at"])

    bulk_insert(
        Registration,
        [
            (a.pk, r.member.pk, r.status, r.ticket, r.queued_at, r.queued_at, r.updated_at, r.checked_in_at)
            for a in plan.activities
            for r in a.registrations
        ],
        REGISTRATION_COLUMNS,
    )
    _finish_draws(plan)
    bulk_insert(
        Participation,
        [
            (a.pk, p.member.pk if p.member else None, p.name[:50], p.method, p.at,
             staff_of(a.organiser).pk if p.by_staff and staff_of(a.organiser) else None)
            for a in plan.activities
            for p in a.participations
        ],
        ("activity_id", "member_id", "name", "method", "checked_in_at", "recorded_by_id"),
    )  # fmt: skip
    bulk_insert(
        Feedback,
        [(a.pk, m.pk, rating, comment, at) for a in plan.activities for m, rating, comment, at in a.feedback],
        ("activity_id", "member_id", "rating", "comment", "created_at"),
    )


REGISTRATION_COLUMNS = (
    "activity_id", "member_id", "status", "ticket_code", "queued_at", "created_at", "updated_at", "checked_in_at",
)  # fmt: skip


def _finish_draws(plan: ActivitiesPlan) -> None:
    """Draw the drawn 抽签 activities as ``lottery.draw`` does, now that their applications have ids: in the
    order of ``draw_order(seed, ids)``, seats while they last and within the series' monthly win limit, the rest
    waitlisted in draw order (or not drawn); then check-ins, walk-ins and ratings for those that are over."""
    drawn = sorted((a for a in plan.activities if a.drawn_later), key=lambda a: a.drawn_at)
    if not drawn:
        return
    planned = {(a.pk, r.member.pk): r for a in drawn for r in a.registrations}
    ids = {}  # id(planned registration) -> its primary key
    rows = Registration.objects.filter(activity_id__in=[a.pk for a in drawn]).values_list(
        "activity_id", "member_id", "pk"
    )
    for activity_id, member_id, pk in rows:
        ids[id(planned[activity_id, member_id])] = pk
    wins = defaultdict(int)  # (member, series, month) -> 抽签 seats won
    updates = []
    for a in drawn:
        regs = {ids[id(r)]: r for r in a.registrations}
        month = timezone.localtime(a.starts_at).strftime("%Y%m")
        limit = a.series.monthly_lottery_wins if a.series else None
        winners, rest = [], []
        for pk in draw_order(a.lottery_seed, regs):
            r = regs[pk]
            key = (r.member.pk, id(a.series), month)
            if len(winners) < a.capacity and (limit is None or wins[key] < limit):
                winners.append(r)
                wins[key] += 1
            else:
                rest.append(r)
        for position, r in enumerate(winners + rest):
            # The waitlist follows the draw order, as ``lottery.draw`` leaves it.
            r.queued_at = a.drawn_at + timedelta(microseconds=position)
            r.updated_at = a.drawn_at
            r.status = R.CONFIRMED if position < len(winners) else R.WAITLISTED if a.waitlist else R.NOT_DRAWN
        if a.status == A.Status.FINISHED:
            plan.planner.take_part(a, winners)
        updates += [(r.status, r.queued_at, r.updated_at, r.checked_in_at, pk) for pk, r in regs.items()]
        Activity.objects.filter(pk=a.pk).update(confirmed=len(winners))
    ops = connection.ops
    adapt = ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {ops.quote_name(Registration._meta.db_table)} "
            "SET status = %s, queued_at = %s, updated_at = %s, checked_in_at = %s WHERE id = %s",
            [(s, adapt(q), adapt(u), adapt(c) if c else None, pk) for s, q, u, c, pk in updates],
        )


def build_activities(ctx: DemoContext) -> None:
    """Demo step ``activities``: plan the series, partners, proposals and a year of activities for the roster
    the members step saved, and write them with bulk inserts."""
    people, demo_member = _roster(ctx)
    plan = plan_activities(ctx, people, demo_member=demo_member)
    _check_clashes(plan)
    _write(ctx, plan)
    activities = plan.activities
    participations = sum(len(a.participations) for a in activities)
    statuses = defaultdict(int)
    for a in activities:
        statuses[a.status] += 1
    username, display_name = DEMO_PARTNER_USER
    ctx.counts += [
        ("活动系列", len(plan.series)),
        ("合伙人", len(plan.partners)),
        ("创意方案", len(plan.proposals)),
        ("其中已采纳", sum(1 for p in plan.proposals if p.status == Proposal.Status.APPROVED)),
        ("活动", len(activities)),
        ("其中已结束", statuses[A.Status.FINISHED]),
        ("其中报名中或报名截止", statuses[A.Status.PUBLISHED] + statuses[A.Status.CLOSED]),
        ("活动报名", sum(len(a.registrations) for a in activities)),
        ("参与人次", participations),
        ("活动评价", sum(len(a.feedback) for a in activities)),
        ("演示合伙人", f"{username}（{display_name}，{plan.demo_partner.name}）"),
    ]
