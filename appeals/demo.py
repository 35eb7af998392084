"""The demo district's appeals (demo step ``appeals``): a year of 诉求, 建议, 随手拍 and 开放日 items in every state —
waiting, accepted, waiting for the worker's information, replied to, rated (满意, 基本满意, 不满意), reopened after
不满意, merged duplicates, handed over (转办), escalated when overdue, adopted suggestions — spread over the unions
in proportion to their members, a few of them the demo member's so the member site has something to show.

Each appeal's life is simulated against the same rules the services apply (``DEFAULT_DAYS`` or the category's
``CategoryDeadline``, working days over the ``Holiday`` calendar, escalation to the parent org a few minutes after a
deadline passes, 不满意 reopening once), so every timeline is ordered and consistent with its deadlines and with
the appeal's final state. Nothing happens after the moment the step runs. The calendar is read once and working
days are counted in memory (``calendar.is_workday``), then everything is written with a few ``bulk_create`` calls.

The random draws never depend on the day it runs, so one seed gives the same workers, texts and decisions; the
dates are counted back from today, so the demo always looks current.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from core.demo import DemoContext
from core.models import Counter
from members.choices import HOLDING
from members.models import Member, PlatformUnion
from orgs.demo import MOBILE_PREFIXES
from orgs.models import COVERING_KINDS, EnterpriseStatus, Org, OrgKind, OrgStatus

from . import calendar
from .models import (
    RIGHTS_CATEGORIES,
    Appeal,
    AppealEvent,
    Category,
    CategoryDeadline,
    Holiday,
    Kind,
    Satisfaction,
    Status,
)
from .services import DEFAULT_DAYS

E = AppealEvent.Kind
DAYS_BACK = 365
# About one appeal a year per 40 members (the articles: a town of 1.6万 members, a few hundred items a year).
MEMBERS_PER_APPEAL = 40
MIN_APPEALS = 40
# The periodic escalation runs a few minutes after the end of the day a deadline falls on.
ESCALATION_DELAY = timedelta(minutes=5)

# Deadlines written when a category has none: urgent matters (wages, safety, mental health) are faster.
DEFAULT_DEADLINES = {
    Category.WAGES: (1, 10),
    Category.CONTRACT: (2, 15),
    Category.SOCIAL_INSURANCE: (2, 15),
    Category.SAFETY: (1, 10),
    Category.DISPUTE: (2, 15),
    Category.LIVING: (2, 15),
    Category.FACILITIES: (3, 20),
    Category.MENTAL: (1, 10),
    Category.OTHER: (3, 20),
}

# kind, weight, categories with weights
KIND_MIX = (
    (Kind.APPEAL, 62, ((Category.WAGES, 22), (Category.CONTRACT, 12), (Category.SOCIAL_INSURANCE, 13),
                       (Category.SAFETY, 9), (Category.DISPUTE, 14), (Category.LIVING, 10), (Category.MENTAL, 7),
                       (Category.OTHER, 6), (Category.FACILITIES, 4))),
    (Kind.SUGGESTION, 22, ((Category.FACILITIES, 30), (Category.LIVING, 35), (Category.MENTAL, 10),
                           (Category.OTHER, 25))),
    (Kind.SNAPSHOT, 16, ((Category.SAFETY, 50), (Category.LIVING, 25), (Category.FACILITIES, 25))),
)  # fmt: skip

# What workers write, by category (appeals and photo reports) and for suggestions. ``{e}`` is the employer,
# ``{m}`` a number of months, ``{n}`` an amount of money, ``{p}`` a place.
TEXTS = {
    Category.WAGES: (
        "{e}已经{m}个月没有发工资了，问了车间主任说公司资金周转困难，让再等等，家里房租都交不上了。",
        "我在{e}做了{m}个月，离职时说好的工资{n}元到现在还没结清，打电话给人事一直推脱。",
        "{e}把加班费按最低工资算，每月少发八九百元，工友们都有意见，希望工会帮忙问问。",
        "年底了，我们班组十几个人的工资被拖欠{m}个月，包工头联系不上，{e}说已经把钱给了包工头。",
        "公司以质量问题为由扣了我{n}元工资，没有任何书面说明，我觉得不合理。",
        "外卖站点押了我一个月的配送费{n}元，说干满半年才退，现在我想换站点，站长不给退。",
        "{e}这个月工资晚发了二十天，也没有任何通知，想了解公司是不是出了什么问题。",
    ),
    Category.CONTRACT: (
        "我在{e}上班{m}个月了，公司一直不跟我签劳动合同，说试用期过了再签。",
        "公司要我们签一份新合同，把岗位从操作工改成了劳务派遣，不签就不给排班，想问问怎么办。",
        "合同到期公司不续签，也没提前通知，我在这里干了五年，请问有没有经济补偿。",
        "{e}的合同里写着自愿放弃缴纳社保，当时没仔细看就签了，现在后悔了，这个条款有效吗？",
        "入职时押了身份证原件，到现在还没还给我，公司说离职时再给。",
        "公司把试用期定为一年，合同期限三年，听说这样不合法，想请工会帮忙看看合同。",
    ),
    Category.SOCIAL_INSURANCE: (
        "{e}没有给我们缴纳社保，只买了商业意外险，我想知道该怎么维权。",
        "查了个人社保记录，发现公司断缴了{m}个月，问人事说是系统问题，一直没补上。",
        "公司按最低基数给我们交社保，和实际工资差很多，以后退休金会受影响吗？",
        "我是外地户籍，想把社保转到宁波，跑了两趟都没办成，希望工会指导一下流程。",
        "孩子上学需要社保连续缴满一年的证明，公司中间漏缴了一个月，现在开不出证明。",
        "公积金从去年开始就没交了，公司说效益不好暂停，职工们都很着急。",
    ),
    Category.SAFETY: (
        "{p}的消防通道被成品货物堵住了，已经好几天了，万一出事人跑不出去。",
        "车间的冲床防护罩坏了{m}个月没修，上周有个工友差点被压到手。",
        "夏天车间温度超过三十八度，公司没有发防暑降温费，也没有安排调休。",
        "我在{e}上班时手指受伤，公司不给报工伤，让我自己出医药费，说出了院再说。",
        "{p}的电线裸露在外面，下雨天地上都是水，很危险，希望尽快处理。",
        "喷漆车间的排风设备一直不开，味道很大，工友们经常头晕，口罩也不够用。",
        "送外卖时被车撞了，平台说我没有买意外险，站点也不管，医药费{n}元都是自己垫的。",
    ),
    Category.DISPUTE: (
        "公司以我怀孕为由把我调到仓库搬货，我不同意就说我旷工，要辞退我。",
        "我被公司无故辞退，没有任何补偿，人事说是末位淘汰，我在{e}工作了{m}年。",
        "公司要求全体员工签自愿离职申请，说是搬迁到外地，不签就停发工资。",
        "因为加班费的问题和主管吵了几句，第二天就不让我上班了，也不给书面通知。",
        "公司搬迁到外地，我们不愿意过去，公司说这是我们自己离职，不给补偿。",
        "我和站点就扣款问题协商了好几次都没结果，想申请工会调解。",
    ),
    Category.LIVING: (
        "{e}的职工食堂菜价涨了不少，分量却少了，晚班工人十点以后就没饭吃了。",
        "宿舍六个人一间，只有一个插座，夏天没有空调，晚上热得睡不着。",
        "宿舍热水只供应到晚上九点，我们上中班的下班回来都洗不上热水澡。",
        "厂区到地铁站没有班车，下夜班打不到车，女工走夜路不安全。",
        "{p}的充电桩经常坏，我们骑手换电要跑很远，希望能多装几个。",
        "孩子暑假没人带，能不能由工会办个职工子女暑托班？",
    ),
    Category.FACILITIES: (
        "职工之家的健身器材坏了好几件，跑步机一直显示故障，希望维修一下。",
        "{p}的篮球场晚上没有灯，下班后想打球打不了。",
        "职工书屋的书都是几年前的，能不能增加一些新书和技术类的书？",
        "{e}的母婴室被改成了储物间，哺乳期的女职工没有地方吸奶。",
        "厂里的活动室平时总是锁着，想借用排练节目都找不到人开门。",
    ),
    Category.MENTAL: (
        "最近工作压力特别大，经常失眠，想找心理咨询师聊聊，不知道工会有没有这个服务。",
        "我们班组有个工友最近情绪很低落，说过一些不好的话，我很担心他。",
        "和主管的关系一直很紧张，每天上班都很焦虑，希望能得到一些帮助。",
        "夫妻两地分居，孩子在老家，心里很苦闷，想问工会有没有心理疏导活动。",
        "送外卖经常被顾客投诉、被骂，心里憋屈，有没有地方可以倾诉？",
    ),
    Category.OTHER: (
        "想报名参加今年的电工技能培训，不知道工会的报名渠道在哪里。",
        "我是外地来的农民工，想把会员关系转到现在的工会，不知道要带什么材料。",
        "工会会员卡的优惠商家太少了，能不能多联系一些超市和药店？",
        "家里老人生病住院，花了很多钱，想问问有没有困难职工帮扶政策。",
        "想了解今年的疗休养名额怎么分配的，我们一线工人有没有机会。",
    ),
}
SUGGESTION_TEXTS = {
    Category.FACILITIES: (
        "建议在职工之家增加乒乓球台和羽毛球场地，下班后大家都想活动活动。",
        "建议职工书屋延长开放时间到晚上八点，方便倒班的职工借书。",
        "建议在厂区增设一个母婴室，方便哺乳期的女职工。",
        "建议把闲置的仓库改造成职工健身房，周末也对家属开放。",
    ),
    Category.LIVING: (
        "建议食堂增加夜宵供应，夜班工人下班后能吃上热饭。",
        "建议开通早晚两班职工通勤班车，从厂区到地铁站。",
        "建议工会联系附近的幼儿园，为职工子女开设暑托班。",
        "建议在宿舍区安装洗衣机和烘干机，按次扫码付费。",
        "建议在驿站增加微波炉和充电柜，方便户外劳动者。",
    ),
    Category.MENTAL: (
        "建议每季度请心理咨询师来厂里开一次讲座，再设一个匿名咨询信箱。",
        "建议组织新入职青年职工的联谊活动，帮助外地员工融入。",
    ),
    Category.OTHER: (
        "建议把会员生日慰问从蛋糕卡改成可以自选的电子券。",
        "建议在技能比武中增加电商直播、无人机等新项目。",
        "建议工会公众号每月公布诉求办理情况，让大家知道问题解决了没有。",
        "建议简化困难职工帮扶的申请材料，能在手机上提交。",
    ),
}
PLACES = ("一号车间", "三号车间", "仓库南门", "宿舍楼", "厂区东门", "食堂后门", "停车场", "园区配送站")
STREET_PLACES = ("地铁站旁", "商业广场北门", "园区配送站", "小区门口", "公交首末站")

REPLIES = {
    Category.WAGES: (
        "经工会与企业协商，企业已于本周将拖欠的工资全部补发到位，请注意查收。",
        "工会已联合劳动监察部门约谈企业负责人，企业承诺在月底前分两次结清欠薪，我们将跟踪落实。",
        "经核实，加班费计算基数有误，企业已按实际工资重新核算并补发差额。",
        "已协调总包单位先行垫付班组工资，并督促其向分包方追偿。",
    ),
    Category.CONTRACT: (
        "经工会督促，企业已与您补签书面劳动合同，并承诺规范新员工入职签约流程。",
        "工会法律顾问已审阅合同，相关条款不符合规定，企业已同意修改。",
        "经协调，企业已退还身份证原件，并书面致歉。",
        "已为您提供合同续签与经济补偿的法律咨询，建议保留工作证明等材料，工会可协助申请调解。",
    ),
    Category.SOCIAL_INSURANCE: (
        "经工会与企业沟通，企业已为您补缴断缴月份的社会保险，可在浙里办查询缴费记录。",
        "已联系社保经办机构，为您说明了转移接续流程，所需材料清单已短信发送。",
        "企业已承诺从下月起按实际工资基数缴纳社保，工会将在季度检查时复核。",
    ),
    Category.SAFETY: (
        "工会已督促企业清理消防通道并设置警示标识，安全员每日巡查。",
        "设备防护装置已维修完毕，企业组织了一次全员安全培训。",
        "企业已发放高温津贴并调整了作息时间，车间增设了两台降温风机。",
        "已协助您向人社部门提交工伤认定申请，企业同意先行垫付医疗费用。",
    ),
    Category.DISPUTE: (
        "经工会调解，双方达成一致，企业支付经济补偿并出具离职证明。",
        "工会已派法律援助律师为您提供咨询，并协助向劳动人事争议仲裁委员会申请仲裁。",
        "经调解，企业撤销了辞退决定，您已恢复原岗位工作。",
        "工会已会同站点负责人协商，扣款中不合理部分已全部退还。",
    ),
    Category.LIVING: (
        "已与食堂承包方协商，晚班供餐延长至二十二点，部分菜品恢复原价。",
        "企业已为宿舍加装插座和空调，本月底前完成全部改造。",
        "园区已开通早晚高峰职工通勤班车，时刻表已在职工之家公布。",
        "工会今年暑期开设职工子女暑托班，报名方式已在会员站点发布。",
    ),
    Category.FACILITIES: (
        "损坏的健身器材已维修更换，职工之家开放时间延长到晚上九点。",
        "已为球场加装照明，晚上可以正常使用。",
        "职工书屋新增图书三百余册，其中技术类一百册。",
        "母婴室已恢复使用，并添置了冰箱和休息椅。",
    ),
    Category.MENTAL: (
        "已为您预约工会心理咨询室，咨询师会电话与您联系，所有内容严格保密。",
        "工会已安排心理咨询师与相关职工谈心，后续将持续关注。",
        "下月起每月第二个周五在职工之家开展心理健康讲座和团体辅导，欢迎参加。",
    ),
    Category.OTHER: (
        "已将培训报名方式发送给您，本期电工培训下月开班。",
        "会员关系转接所需材料已告知，您可在会员站点直接提交转会申请。",
        "已将您的情况纳入困难职工帮扶，工作人员将上门了解情况。",
        "感谢您的关注，相关安排已在会员站点公示。",
    ),
}
SUGGESTION_REPLIES = (
    "感谢您的建议，工会已与企业行政部门沟通，将纳入下一阶段的改进计划。",
    "您的建议很有价值，已提交工会委员会讨论，并将在职工代表大会上通报。",
    "感谢建议，相关事项已在本月落实，欢迎继续提出宝贵意见。",
)
ADOPTED_NOTES = ("已纳入今年职工实事项目", "已在工会委员会会议上通过", "下月起实施", "已列入明年工会经费预算")
QUESTIONS = (
    "请补充工资条或银行流水截图。",
    "请提供劳动合同或工作证明的照片。",
    "请说明具体发生的时间和地点。",
    "请留下方便联系的时间，工作人员将电话了解情况。",
    "请提供社保缴费记录截图。",
)
ANSWERS = (
    "已上传工资条照片，共欠{m}个月。",
    "我每天下午五点后方便接电话。",
    "事情发生在上个月十五号，在三号车间。",
    "合同原件在公司，我只有入职登记表的照片。",
    "已补充截图，请查收。",
)
HAND_OVER_REASONS = {
    "down": ("该企业已建会，转由企业工会就近办理", "职工所在企业工会更了解情况", "属地企业工会负责协调"),
    "up": ("涉及企业欠薪，需镇街协调劳动监察", "涉及多家企业，需上级工会统筹", "企业工会无法协调，提请上级处理"),
}
COMMENTS = {
    Satisfaction.SATISFIED: ("谢谢工会，问题解决了！", "处理很及时，感谢！", "", "工作人员态度很好", ""),
    Satisfaction.FAIRLY: ("基本解决了，希望以后能快一点", "", "还有一点小问题，总体满意"),
    Satisfaction.UNSATISFIED: ("问题没有真正解决", "答复太笼统了", "企业还是没有改"),
}


@dataclass(eq=False)
class PlannedEvent:
    kind: str
    at: datetime
    org: Org
    actor: object = None
    note: str = ""
    public: bool = True
    to: Org | None = None  # where a hand-over or escalation moved the item
    ref: "PlannedAppeal | None" = None  # the other item a merge note names (``{no}``)


@dataclass(eq=False)
class PlannedAppeal:
    """An appeal while it is simulated: the fields of ``Appeal`` and its timeline."""

    kind: str
    category: str
    description: str
    org: Org
    submitted_at: datetime
    accept_due: datetime
    resolve_due: datetime
    name: str = ""
    phone: str = ""
    member_pk: int | None = None
    employer_pk: int | None = None
    employer_name: str = ""
    gig_platform: str = ""
    location: str = ""
    name_visible_to_employer: bool = False
    status: str = Status.SUBMITTED
    accepted_at: datetime | None = None
    resolved_at: datetime | None = None
    escalations: int = 0
    assignee: object = None
    reply: str = ""
    satisfaction: str = ""
    satisfaction_comment: str = ""
    amount_involved: Decimal | None = None
    reopened: bool = False
    adopted: bool = False
    recorded_by: object = None
    merged_into: "PlannedAppeal | None" = None
    merge_at: datetime | None = None
    duplicates: list = field(default_factory=list)
    events: list = field(default_factory=list)
    tracking_no: str = ""
    pk: int | None = None


@dataclass
class Script:
    """Decisions forced for an appeal instead of drawn (the demo member's items, merged duplicates)."""

    stop: str = ""  # "submitted", "info_requested", "resolved": where it stays
    info: bool = False
    satisfaction: str = ""
    adopt: bool = False
    not_before: datetime | None = None  # no reply before this moment (a duplicate is merged first)


# The share of appeals of a category whose worker gives the amount involved (涉及金额).
AMOUNT_SHARE = {Category.WAGES: 0.8, Category.DISPUTE: 0.5, Category.CONTRACT: 0.3, Category.SOCIAL_INSURANCE: 0.3}


class _Simulation:
    """Plans a year of appeals for the district in ``ctx`` as of ``now``, with no database access."""

    def __init__(self, ctx: DemoContext, now: datetime, *, deadlines: dict, exceptions: dict, people, platforms):
        self.rng, self.faker, self.now = ctx.rng, ctx.faker, now
        self.deadlines, self.exceptions = deadlines, exceptions
        self.people, self.platforms = people, platforms
        self.by_path = {o.path: o for o in ctx.orgs}
        self.by_pk = {o.pk: o for o in ctx.orgs}
        built = ctx.extra.get("orgs", {})
        self.staff_of = {}
        for username, org in (
            ("union", built.get("home_union")),
            ("town", built.get("home_town")),
            ("district", ctx.root),
        ):
            if org is not None and ctx.users.get(username) is not None:
                self.staff_of[org.pk] = ctx.users[username]
        self.children = defaultdict(list)
        # Sorted, so that the draws do not depend on the order the earlier steps happen to hand things over in.
        for o in sorted(ctx.orgs, key=lambda o: o.path):
            if o.depth > 1 and o.status == OrgStatus.ACTIVE and o.kind in COVERING_KINDS:
                self.children[o.path[: -Org.steplen]].append(o)
        self.enterprises = sorted(
            (e for e in ctx.enterprises if e.status == EnterpriseStatus.ACTIVE), key=lambda e: e.pk
        )
        self.appeals: list[PlannedAppeal] = []
        # Amounts come from a generator of their own, so adding them left every other draw of the plan as it was.
        self.amounts = random.Random(f"{ctx.seed}:appeals:amounts")

    # --- Calendar and tree ------------------------------------------------------------------------------------

    def due(self, moment: datetime, days: int) -> datetime:
        """``calendar.deadline_after`` over the calendar read once."""
        day, counted = timezone.localtime(moment).date(), 0
        while counted < days:
            day += timedelta(days=1)
            if calendar.is_workday(day, self.exceptions):
                counted += 1
        return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))

    def dues(self, category: str, moment: datetime) -> tuple[datetime, datetime]:
        """(accept_due, resolve_due) as ``services.deadlines_for`` gives them."""
        accept_days, resolve_days = self.deadlines.get(category, DEFAULT_DAYS)
        return self.due(moment, accept_days), self.due(moment, resolve_days)

    def parent(self, org: Org) -> Org | None:
        return self.by_path.get(org.path[: -Org.steplen]) if org.depth > 1 else None

    def town_of(self, org: Org) -> Org:
        """The nearest federation at or above ``org`` (where an appeal nothing else matches goes)."""
        for depth in range(org.depth, 0, -1):
            found = self.by_path.get(org.path[: depth * Org.steplen])
            if found is not None and found.kind in (OrgKind.TOWN, OrgKind.FEDERATION):
                return found
        return org

    def staff(self, org: Org):
        """The demo login acting for ``org`` when it has one; other unions' steps carry no name."""
        return self.staff_of.get(org.pk)

    # --- Drawing ----------------------------------------------------------------------------------------------

    def moment(self, days_ago: float) -> datetime:
        """A waking-hours moment about ``days_ago`` days back (never in the last few minutes)."""
        day = timezone.localdate(self.now) - timedelta(days=int(days_ago))
        at = timezone.make_aware(datetime.combine(day, time(self.rng.randint(7, 22), self.rng.randrange(60))))
        return min(at, self.now - timedelta(minutes=self.rng.randint(5, 90)))

    def later(self, start: datetime, low_hours: float, high_hours: float) -> datetime:
        return start + timedelta(hours=self.rng.uniform(low_hours, high_hours))

    def text(self, kind: str, category: str, employer_name: str) -> tuple[str, str]:
        """What the worker wrote, and where (photo reports say where the photo was taken)."""
        rng = self.rng
        pool = SUGGESTION_TEXTS.get(category) if kind == Kind.SUGGESTION else None
        template = rng.choice(pool or TEXTS[category])
        place = rng.choice(PLACES if employer_name else STREET_PLACES)
        text = template.format(e=employer_name or "公司", m=rng.randint(2, 5), n=rng.randrange(8, 60) * 100, p=place)
        location = ""
        if kind == Kind.SNAPSHOT:
            location = f"{employer_name}{place}" if employer_name else place
        return text, location

    def worker(self) -> dict:
        """Who raises it: mostly a member (so unions get items in proportion to their members), else a worker
        without an account, routed as ``services.route`` does: the platform union, the employer's covering union,
        or the town."""
        rng = self.rng
        if rng.random() < 0.72 and self.people:
            pk, name, phone, union_id, employer_id, employer_name, platform = rng.choice(self.people)
            return {
                "member_pk": pk, "name": name, "phone": phone, "org": self.by_pk[union_id], "employer_pk": employer_id,
                "employer_name": employer_name, "gig_platform": platform,
            }  # fmt: skip
        name, phone = self.faker.name(), rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        if self.platforms and rng.random() < 0.3:
            platform = rng.choice(sorted(self.platforms))
            return {"name": name, "phone": phone, "org": rng.choice(self.platforms[platform]), "gig_platform": platform}
        ent = rng.choice(self.enterprises)
        covering = ent.covering_union
        org = covering if covering is not None and covering.status == OrgStatus.ACTIVE else self.town_of(ent.org)
        return {"name": name, "phone": phone, "org": org, "employer_pk": ent.pk, "employer_name": ent.name}

    # --- One appeal's life ------------------------------------------------------------------------------------

    def new(self, kind: str, category: str, at: datetime, who: dict, *, recorded_by=None) -> PlannedAppeal:
        text, location = self.text(kind, category, who.get("employer_name", ""))
        accept_due, resolve_due = self.dues(category, at)
        a = PlannedAppeal(
            kind=kind, category=category, description=text, submitted_at=at, accept_due=accept_due,
            resolve_due=resolve_due, location=location, recorded_by=recorded_by,
            name_visible_to_employer=self.rng.random() < 0.3, **who,
        )  # fmt: skip
        a.events.append(PlannedEvent(E.SUBMITTED, at, a.org, recorded_by, f"由{a.org.name}办理"))
        a.amount_involved = self.amount(kind, category)
        self.appeals.append(a)
        return a

    def amount(self, kind: str, category: str) -> Decimal | None:
        """涉及金额: most wage-arrears appeals name one (a few thousand 元 to a few ten thousand), some disputes and
        contract or insurance matters do; nothing else."""
        share = AMOUNT_SHARE.get(category, 0) if kind in (Kind.APPEAL, Kind.OPEN_DAY) else 0
        if self.amounts.random() >= share:
            return None
        return Decimal(self.amounts.randint(150_000, 4_500_000)) / 100

    def _escalate(self, a: PlannedAppeal, at: datetime) -> None:
        """What ``services.escalate_overdue`` does to one item at ``at``."""
        parent = self.parent(a.org)
        accepting = a.status == Status.SUBMITTED
        accept_due, resolve_due = self.dues(a.category, at)
        stage = "受理" if accepting else "办结"
        note = f"{a.org.name}超过{stage}期限，升级至{parent.name}"
        a.events.append(PlannedEvent(E.ESCALATED, at, a.org, None, note, to=parent))
        a.org, a.assignee, a.escalations = parent, None, a.escalations + 1
        if accepting:
            a.accept_due = accept_due
            a.resolve_due = max(a.resolve_due, resolve_due)
        else:
            a.resolve_due = resolve_due

    def when(self, a: PlannedAppeal, planned: datetime, last: datetime) -> datetime | None:
        """When the next step, planned for ``planned``, happens: if the current deadline passes first, the periodic
        task escalates the item to the parent, which then acts within its own deadline. ``None``: not by now."""
        while True:
            due = a.accept_due if a.status == Status.SUBMITTED else a.resolve_due
            if planned <= due or a.org.depth == 1:
                return planned if planned <= self.now else None
            escalate_at = max(due, last) + ESCALATION_DELAY
            if escalate_at > self.now:
                return None  # overdue now; the periodic task has not picked it up yet
            self._escalate(a, escalate_at)
            last = escalate_at
            due = a.accept_due if a.status == Status.SUBMITTED else a.resolve_due
            planned = escalate_at + (due - escalate_at) * self.rng.uniform(0.1, 0.8)

    def step_time(self, start: datetime, due: datetime, on_time: float) -> datetime:
        """A planned time for the next step: before ``due`` with probability ``on_time``, else some hours late."""
        if self.rng.random() < on_time and due > start:
            return start + (due - start) * self.rng.uniform(0.05, 0.9)
        return due + timedelta(hours=self.rng.uniform(2, 96))

    def live(self, a: PlannedAppeal, script: Script | None = None) -> None:
        """Simulate an item from submission to the worker's last rating, stopping where ``now`` is reached."""
        rng, script = self.rng, script or Script()
        if script.stop == "submitted":
            return
        last = a.submitted_at
        at = self.when(a, self.step_time(last, a.accept_due, 0.94), last)
        if at is None:
            return
        self.accept(a, at)
        last = at
        down = a.org.kind in (OrgKind.TOWN, OrgKind.FEDERATION) and self.children.get(a.org.path)
        if not script.stop and rng.random() < (0.5 if down else 0.05):
            at = self.when(a, self.later(last, 1, 30), last)
            if at is None:
                return
            self.hand_over(a, at)
            last = at
        if script.info or (a.kind != Kind.SUGGESTION and rng.random() < 0.12):
            at = self.when(a, self.later(last, 2, 48), last)
            if at is None:
                return
            a.status = Status.INFO_REQUESTED
            a.events.append(PlannedEvent(E.INFO_REQUESTED, at, a.org, self.staff(a.org), rng.choice(QUESTIONS)))
            answered = self.later(at, 3, 96)
            if script.stop == "info_requested" or answered > self.now:
                return
            a.status = Status.ACCEPTED
            answer = rng.choice(ANSWERS).format(m=rng.randint(2, 4))
            a.events.append(PlannedEvent(E.INFO_PROVIDED, answered, a.org, None, answer))
            last = answered
        if a.kind == Kind.SUGGESTION and (script.adopt or rng.random() < 0.45):
            at = self.later(last, 24, 240)
            if at <= self.now and at <= a.resolve_due:
                a.adopted = True
                a.events.append(PlannedEvent(E.ADOPTED, at, a.org, self.staff(a.org), rng.choice(ADOPTED_NOTES)))
                last = at
        for attempt in (1, 2):
            planned = self.step_time(last, a.resolve_due, 0.92)
            if script.not_before and planned < script.not_before:
                planned = self.later(script.not_before, 1, 48)
            at = self.when(a, planned, last)
            if at is None:
                return
            self.resolve(a, at)
            last = at
            rated = self.later(at, 2, 120)
            if script.stop == "resolved" or rated > self.now or (not script.satisfaction and rng.random() < 0.12):
                return  # not rated (yet)
            weights = (62, 26, 12) if attempt == 1 else (35, 45, 20)
            self.rate(a, rated, script.satisfaction or rng.choices(list(Satisfaction), weights=weights)[0])
            if a.status != Status.ACCEPTED:
                return
            last = rated  # reopened after 不满意: handled once more

    def accept(self, a: PlannedAppeal, at: datetime) -> None:
        a.status, a.accepted_at, a.assignee = Status.ACCEPTED, at, self.staff(a.org)
        a.events.append(PlannedEvent(E.ACCEPTED, at, a.org, a.assignee))

    def hand_over(self, a: PlannedAppeal, at: datetime) -> None:
        """A federation passes an item down to a union under it; a union passes one up to its federation (the
        federation's staff do it: only they hold both in scope)."""
        before = a.org
        below = self.children.get(before.path, [])
        if before.kind in (OrgKind.TOWN, OrgKind.FEDERATION) and below:
            target, reasons, actor = self.rng.choice(below), HAND_OVER_REASONS["down"], self.staff(before)
        else:
            target = self.parent(before)
            if target is None:
                return
            reasons, actor = HAND_OVER_REASONS["up"], self.staff(target)
        a.org, a.assignee = target, None
        note = f"转至{target.name}：{self.rng.choice(reasons)}"
        a.events.append(PlannedEvent(E.HANDED_OVER, at, before, actor, note, to=target))

    def resolve(self, a: PlannedAppeal, at: datetime) -> None:
        """The reply, given to merged duplicates too (as ``services.resolve`` does)."""
        pool = SUGGESTION_REPLIES if a.kind == Kind.SUGGESTION else REPLIES[a.category]
        reply = self.rng.choice(pool)
        for item in [a, *a.duplicates]:
            item.status, item.reply, item.resolved_at = Status.RESOLVED, reply, at
            item.accepted_at = item.accepted_at or at
            item.events.append(PlannedEvent(E.RESOLVED, at, item.org, self.staff(a.org), reply))

    def rate(self, a: PlannedAppeal, at: datetime, satisfaction: str) -> None:
        """The worker's rating; the first 不满意 reopens the item with a new deadline to resolve."""
        comment = self.rng.choice(COMMENTS[satisfaction])
        label = Satisfaction(satisfaction).label
        a.events.append(PlannedEvent(E.RATED, at, a.org, None, f"{label} {comment}".strip()))
        a.satisfaction, a.satisfaction_comment = satisfaction, comment
        if satisfaction == Satisfaction.UNSATISFIED and not a.reopened:
            a.status, a.reopened, a.resolved_at = Status.ACCEPTED, True, None
            a.resolve_due = self.dues(a.category, at)[1]
            a.events.append(PlannedEvent(E.REOPENED, at, a.org, None, "职工不满意，重新办理"))
        else:
            a.status = Status.CLOSED

    def twin(self, target: PlannedAppeal) -> PlannedAppeal | None:
        """Another worker raises the same problem within a day; it is merged into ``target`` a day or two after
        ``target`` came in (while ``target`` is open: ``live`` holds its first reply back until then), and every
        reply to ``target`` answers it too. ``None`` when the merge would lie in the future."""
        merge_at = self.later(target.submitted_at, 30, 72)
        if merge_at > self.now:
            return None
        dup = self.new(target.kind, target.category, self.later(target.submitted_at, 2, 26), self.worker())
        if self.rng.random() < 0.7:
            dup.description = "我也遇到同样的问题：" + target.description
        dup.status, dup.merged_into, dup.merge_at = Status.MERGED, target, merge_at
        target.duplicates.append(dup)
        return dup

    def settle_twin(self, target: PlannedAppeal, dup: PlannedAppeal) -> None:
        """Once ``target``'s life is known: the duplicate came in where ``target`` was handled at the merge, the
        merge is on both timelines, and the worker may rate the shared reply."""
        org = target.events[0].org
        for e in sorted(target.events, key=lambda e: e.at):
            if e.at > dup.merge_at:
                break
            org = e.to or org
        dup.org = org
        for e in dup.events:
            e.org = org
        dup.events[0].note = f"由{org.name}办理"
        actor = self.staff(org)
        dup.events.insert(1, PlannedEvent(E.MERGED, dup.merge_at, org, actor, "与 {no} 合并办理", ref=target))
        target.events.append(PlannedEvent(E.MERGED, dup.merge_at, org, actor, "合并了 {no}", public=False, ref=dup))
        target.events.sort(key=lambda e: e.at)
        if dup.status == Status.RESOLVED:
            rated = self.later(dup.resolved_at, 2, 120)
            if rated <= self.now and self.rng.random() < 0.6:
                self.rate(dup, rated, self.rng.choice([Satisfaction.SATISFIED, Satisfaction.FAIRLY]))

    # --- The year ---------------------------------------------------------------------------------------------

    def plan(self, count: int, *, demo_member: tuple | None, recorders: list[tuple]) -> list[PlannedAppeal]:
        """``count`` items over the year, the 开放日 sessions and the demo member's items."""
        rng = self.rng
        kinds = [k for k, _, _ in KIND_MIX]
        for _ in range(count):
            kind = rng.choices(kinds, weights=[w for _, w, _ in KIND_MIX])[0]
            categories = next(c for k, _, c in KIND_MIX if k == kind)
            category = rng.choices([c for c, _ in categories], weights=[w for _, w in categories])[0]
            # More recent items than old ones: the platform is used more and more.
            at = self.moment(DAYS_BACK * (1 - rng.random() ** 0.8))
            a = self.new(kind, category, at, self.worker())
            dup = self.twin(a) if kind == Kind.APPEAL and rng.random() < 0.05 else None
            self.live(a, Script(not_before=dup.merge_at) if dup else None)
            if dup is not None:
                self.settle_twin(a, dup)
        self.open_days(recorders)
        if demo_member is not None:
            self.demo_member_items(demo_member)
        return self.appeals

    def open_days(self, recorders: list[tuple]) -> None:
        """开放日 sessions of the demo union and town: a few items each, recorded by their staff and handled there."""
        rng = self.rng
        for org, user in recorders:
            for _ in range(6):
                day = timezone.localdate(self.now) - timedelta(days=rng.randint(7, DAYS_BACK - 20))
                start = timezone.make_aware(datetime.combine(day, time(9, 0)))
                for _ in range(rng.randint(3, 7)):
                    who = self.worker() | {"org": org}
                    at = start + timedelta(minutes=rng.randint(0, 150))
                    self.live(self.new(Kind.OPEN_DAY, rng.choice(list(Category)), at, who, recorded_by=user))

    def demo_member_items(self, demo_member: tuple) -> None:
        """The demo member's own items, one in each state a worker meets."""
        pk, name, phone, union_id, employer_id, employer_name, platform = demo_member
        who = {
            "member_pk": pk, "name": name, "phone": phone, "org": self.by_pk[union_id], "employer_pk": employer_id,
            "employer_name": employer_name, "gig_platform": platform,
        }  # fmt: skip
        plans = (
            (Kind.APPEAL, Category.WAGES, 120, Script(satisfaction=Satisfaction.SATISFIED)),
            (Kind.SUGGESTION, Category.LIVING, 60, Script(adopt=True, satisfaction=Satisfaction.FAIRLY)),
            (Kind.SNAPSHOT, Category.SAFETY, 20, Script(stop="resolved")),
            (Kind.APPEAL, Category.SOCIAL_INSURANCE, 4, Script(info=True, stop="info_requested")),
            (Kind.APPEAL, Category.CONTRACT, 0, Script(stop="submitted")),
        )
        for kind, category, days_ago, script in plans:
            self.live(self.new(kind, category, self.moment(days_ago), dict(who)), script)


# --- Writing it ---------------------------------------------------------------------------------------------


def ensure_deadlines() -> dict[str, tuple[int, int]]:
    """Write ``DEFAULT_DEADLINES`` for the categories that have no row yet; the deadlines of every category."""
    have = set(CategoryDeadline.objects.values_list("category", flat=True))
    CategoryDeadline.objects.bulk_create(
        [
            CategoryDeadline(category=c, accept_days=a, resolve_days=r)
            for c, (a, r) in DEFAULT_DEADLINES.items()
            if c not in have
        ]
    )
    return {c: (a, r) for c, a, r in CategoryDeadline.objects.values_list("category", "accept_days", "resolve_days")}


def plan_appeals(ctx: DemoContext, *, now: datetime | None = None) -> list[PlannedAppeal]:
    """The year of appeals for the district in ``ctx`` (built and saved by the orgs and members steps). Reads the
    roster, the platform unions and the calendar; writes nothing."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    deadlines = {
        c: (a, r) for c, a, r in CategoryDeadline.objects.values_list("category", "accept_days", "resolve_days")
    }
    exceptions = dict(
        Holiday.objects.filter(
            day__gte=today - timedelta(days=DAYS_BACK + 10), day__lte=today + timedelta(days=120)
        ).values_list("day", "is_workday")
    )
    names = {e.pk: e.name for e in ctx.enterprises}
    people = [
        (pk, name, phone, union_id, employer_id, names.get(employer_id, employer_name), platform)
        for pk, name, phone, union_id, employer_id, employer_name, platform in Member.objects.filter(
            union__path__startswith=ctx.root.path, status__in=HOLDING
        )
        .order_by("pk")
        .values_list("pk", "name", "phone", "union_id", "employer_id", "employer_name", "gig_platform")
    ]
    by_pk = {o.pk: o for o in ctx.orgs}
    platforms = defaultdict(list)
    links = PlatformUnion.objects.filter(org__path__startswith=ctx.root.path).order_by("org__path", "platform")
    for org_id, platform in links.values_list("org_id", "platform"):
        if by_pk[org_id].status == OrgStatus.ACTIVE:
            platforms[platform].append(by_pk[org_id])
    sim = _Simulation(ctx, now, deadlines=deadlines, exceptions=exceptions, people=people, platforms=dict(platforms))
    built = ctx.extra.get("orgs", {})
    recorders = [
        (org, ctx.users[username])
        for username, org in (("union", built.get("home_union")), ("town", built.get("home_town")))
        if org is not None and ctx.users.get(username) is not None
    ]
    demo_pk = ctx.extra.get("members", {}).get("demo_member_pk")
    demo = next((p for p in people if p[0] == demo_pk), None)
    count = max(MIN_APPEALS, round(len(people) / MEMBERS_PER_APPEAL))
    appeals = sim.plan(count, demo_member=demo, recorders=recorders)
    for a in appeals:
        a.events.sort(key=lambda e: e.at)
    return appeals


def _number(appeals: list[PlannedAppeal]) -> None:
    """Tracking numbers in order of arrival, per day, from the same sequences ``services.submit`` uses, so later
    submissions continue after them."""
    by_day = defaultdict(list)
    for a in sorted(appeals, key=lambda a: a.submitted_at):
        by_day[timezone.localtime(a.submitted_at).strftime("%Y%m%d")].append(a)
    names = {f"appeals.{day}": day for day in by_day}
    existing = set(Counter.objects.filter(name__in=names).values_list("name", flat=True))
    fresh = []
    for name, day in names.items():
        items = by_day[day]
        if name in existing:
            numbers = Counter.take(name, len(items))
        else:
            numbers = range(1, len(items) + 1)
            fresh.append(Counter(name=name, value=len(items)))
        for a, n in zip(items, numbers, strict=True):
            a.tracking_no = f"SQ{day}{n:05d}"
    Counter.objects.bulk_create(fresh)


def _row(a: PlannedAppeal) -> Appeal:
    return Appeal(
        tracking_no=a.tracking_no, kind=a.kind, category=a.category, description=a.description, location=a.location,
        name_visible_to_employer=a.name_visible_to_employer, member_id=a.member_pk, name=a.name[:50], phone=a.phone,
        employer_id=a.employer_pk, employer_name=a.employer_name[:200], gig_platform=a.gig_platform, org=a.org,
        assignee=a.assignee, status=a.status, rights_flag=a.category in RIGHTS_CATEGORIES, submitted_at=a.submitted_at,
        accept_due=a.accept_due, resolve_due=a.resolve_due, accepted_at=a.accepted_at, resolved_at=a.resolved_at,
        escalations=a.escalations, reply=a.reply, satisfaction=a.satisfaction, amount_involved=a.amount_involved,
        satisfaction_comment=a.satisfaction_comment, reopened=a.reopened, adopted=a.adopted,
        merged_into_id=a.merged_into.pk if a.merged_into else None, recorded_by=a.recorded_by,
    )  # fmt: skip


def write_appeals(appeals: list[PlannedAppeal]) -> None:
    """Numbers, appeals (the surviving items before their merged duplicates, which point to them) and timelines."""
    _number(appeals)
    for batch in ([a for a in appeals if a.merged_into is None], [a for a in appeals if a.merged_into is not None]):
        rows = [_row(a) for a in batch]
        Appeal.objects.bulk_create(rows, batch_size=500)
        for a, row in zip(batch, rows, strict=True):
            a.pk = row.pk
    AppealEvent.objects.bulk_create(
        [
            AppealEvent(
                appeal_id=a.pk,
                kind=e.kind,
                at=e.at,
                actor=e.actor,
                org=e.org,
                public=e.public,
                note=e.note.format(no=e.ref.tracking_no) if e.ref else e.note,
            )  # fmt: skip
            for a in appeals
            for e in a.events
        ],
        batch_size=1000,
    )


def build_appeals(ctx: DemoContext) -> None:
    """Demo step ``appeals``: default deadlines where none are set, then a year of appeals in every state."""
    ensure_deadlines()
    appeals = plan_appeals(ctx)
    write_appeals(appeals)
    statuses = defaultdict(int)
    for a in appeals:
        statuses[a.status] += 1
    ctx.counts += [
        ("诉求与建议", len(appeals)),
        ("其中已办结或已评价", statuses[Status.RESOLVED] + statuses[Status.CLOSED]),
        (
            "其中办理中或待受理",
            statuses[Status.SUBMITTED] + statuses[Status.ACCEPTED] + statuses[Status.INFO_REQUESTED],
        ),
        ("开放日事项", sum(1 for a in appeals if a.kind == Kind.OPEN_DAY)),
    ]
