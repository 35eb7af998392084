"""The rights module's step of ``manage.py seed_demo``: a year of labour-dispute mediation in the demo district, in
every state, through the real services (so every case has its audit trail). Wage-arrears appeals still open become
cases; town federations and larger unions take in walk-in cases, a few collective (集体争议) ones among them.
Amounts follow the seeds (区镇两级一年调解 346 件、涉及金额 347.5 万元: about 1 万元 a case, collective disputes
tens of thousands); about 95 % of concluded cases end in an agreement (调解成功率 98 % in the seeds); a few go to
arbitration, legal aid or labour inspection. Four partner lawyers take the legal-aid cases."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from appeals.models import Appeal, Status
from members.choices import HOLDING
from members.models import Member
from orgs.models import EnterpriseStatus, OrgKind, OrgStatus

from . import services
from .models import CaseStatus, DisputeType, LegalAidCase, MediationCase

DAYS_BACK = 360
CASES_PER_TOWN = 8  # at scale 1; at least 2 per town
MEDIATORS = [
    ("李德明", "volunteer", "退休法官，擅长工资报酬、经济补偿"),
    ("张红", "volunteer", "人民调解员，擅长工伤"),
    ("吴建平", "partner", "区劳动人事争议调解中心，擅长劳动合同"),
]
LAWYERS = [
    ("陈志明", "浙江甬东律师事务所"),
    ("林晓燕", "浙江甬东律师事务所"),
    ("周建华", "宁波三江律师事务所"),
    ("王海波", "宁波三江律师事务所"),
]
SUMMARIES = {
    DisputeType.WAGES: "拖欠{n}个月工资，多次催要未果",
    DisputeType.CONTRACT: "未签订书面劳动合同，要求支付二倍工资差额",
    DisputeType.SOCIAL_INSURANCE: "用人单位未依法缴纳社会保险费",
    DisputeType.INJURY: "工作中受伤，工伤待遇未落实",
    DisputeType.COMPENSATION: "企业搬迁解除劳动合同，经济补偿金未支付",
    DisputeType.OTHER: "加班费计算标准存在争议",
}
AGREEMENTS = [
    "被申请人于协议签订之日起 10 日内一次性支付申请人上述款项。",
    "被申请人分两期支付：协议签订之日起 7 日内支付一半，次月 15 日前付清余款。",
    "被申请人支付上述款项后，双方劳动关系解除，再无其他劳动争议。",
]


def _amount(rng, workers: int) -> Decimal:
    """A claim in 元 to the fen: about 3,000–30,000 a worker."""
    per_worker = Decimal(rng.randint(300_000, 3_000_000)) / 100
    return (per_worker * workers).quantize(Decimal("0.01"))


def pick_mediator(rng, mediators, org):
    """One of ``mediators`` who may take a case of ``org``: registered with it or above it. A case of an enterprise's
    covering union outside the town (a district industry union of gig workers) gets a district mediator, never the
    town's volunteer."""
    return rng.choice([m for m in mediators if m.serves(org)])


def build_rights(ctx) -> None:
    rng, faker = ctx.rng, ctx.faker
    actor = ctx.users.get("district")
    if actor is None or ctx.root is None:
        return
    now = timezone.now()
    today = timezone.localdate()
    for name, firm in LAWYERS:
        services.add_lawyer(actor=actor, org=ctx.root, name=name, firm=firm, phone=faker.phone_number())
    lawyers = list(services.legal_aid.Lawyer.objects.filter(org=ctx.root).order_by("pk"))
    # Registered mediators serving the whole district (volunteers and a partner's), and one volunteer per town.
    district_mediators = [
        services.add_mediator(actor=actor, org=ctx.root, name=name, kind=kind, specialty=specialty)
        for name, kind, specialty in MEDIATORS
    ]

    # Wage-arrears and dispute appeals (维权线索) the union has accepted: two in three become cases within a day or so.
    leads = Appeal.objects.filter(
        org__path__startswith=ctx.root.path, rights_flag=True, status=Status.ACCEPTED
    ).order_by("pk")
    from_appeals = 0
    for appeal in leads:
        if rng.random() < 0.34:
            continue  # left among the leads for staff to take up
        accepted = min(appeal.accepted_at + timedelta(hours=rng.randint(2, 30)), now)
        case = services.open_case_from_appeal(appeal, actor=actor, amount_claimed=_amount(rng, 1), now=accepted)
        _progress(ctx, case, actor, accepted, now, today)
        from_appeals += 1

    towns = [o for o in ctx.orgs if o.kind == OrgKind.TOWN and o.status == OrgStatus.ACTIVE]
    enterprises = sorted((e for e in ctx.enterprises if e.status == EnterpriseStatus.ACTIVE), key=lambda e: e.pk)
    by_town = {}
    for e in enterprises:
        for t in towns:
            if e.org.path.startswith(t.path):
                by_town.setdefault(t.pk, []).append(e)
    per_town = max(2, round(CASES_PER_TOWN * ctx.scale))
    for town in sorted(towns, key=lambda o: o.path):
        pool = by_town.get(town.pk) or enterprises
        town_mediators = district_mediators + [
            services.add_mediator(
                actor=actor,
                org=town,
                name=faker.name(),
                kind="volunteer",
                phone=faker.phone_number(),
                specialty=rng.choice(["老劳模", "退休教师", "社区调解员"]),
            )
        ]
        for _ in range(per_town):
            enterprise = rng.choice(pool)
            workers = rng.choice([1, 1, 1, 1, 2, 3, 5, 12]) if rng.random() < 0.3 else 1
            dispute = rng.choices(list(DisputeType), weights=[50, 15, 10, 8, 12, 5])[0]
            accepted = now - timedelta(days=rng.randint(1, DAYS_BACK), hours=rng.randint(0, 8))
            parties = [
                {"name": faker.name(), "phone": faker.phone_number(), "id_number": faker.ssn()} for _ in range(workers)
            ]
            org = enterprise.covering_union if enterprise.covering_union and rng.random() < 0.3 else town
            if org.status != OrgStatus.ACTIVE:
                org = town
            case = services.open_case(
                actor=actor,
                org=org,
                parties=parties,
                dispute_type=dispute,
                summary=SUMMARIES[dispute].format(n=rng.randint(2, 6)),
                enterprise=enterprise,
                amount_claimed=_amount(rng, workers),
                now=accepted,
            )
            if rng.random() < 0.6:
                mediator = pick_mediator(rng, town_mediators, org)
                services.set_case_mediators(case, actor=actor, staff=[actor], registered=[mediator])
            _progress(ctx, case, actor, accepted, now, today)
    # The legal-aid cases the referrals opened get a lawyer, after every case is done: the whole demo is one
    # transaction, and locks are taken in rank order (cases 60 before legal aid 62).
    for aid in LegalAidCase.objects.filter(org__path__startswith=ctx.root.path).order_by("pk"):
        services.assign_lawyer(aid, actor=actor, lawyer=rng.choice(lawyers))
        services.set_stage(aid, actor=actor, stage=rng.choice(["documents", "arbitration", "litigation"]))
    inspections = _supervision(ctx, actor, towns, by_town, enterprises, today)
    contracts = _bargaining(ctx, actor, towns, by_town, today)
    online = _online_aid(ctx, actor, lawyers, towns, now)
    cases = MediationCase.objects.filter(org__path__startswith=ctx.root.path)
    ctx.counts += [
        ("劳动争议调解案件", cases.count()),
        ("其中由诉求转入", from_appeals),
        ("其中调解成功", cases.filter(status=CaseStatus.AGREED).count()),
        ("法律援助", LegalAidCase.objects.filter(org__path__startswith=ctx.root.path).count()),
        ("其中职工网上申请", online),
        ("劳动法律监督检查", inspections),
        ("集体合同", contracts),
    ]


def _progress(ctx, case, actor, accepted, now, today) -> None:
    """Sessions and, for most cases older than three weeks, an outcome."""
    rng = ctx.rng
    age = (now - accepted).days
    sessions = rng.randint(1, 3) if age >= 2 else 0
    accepted_day = timezone.localtime(accepted).date()
    for i in range(sessions):
        held = min(accepted_day + timedelta(days=2 + i * rng.randint(2, 5)), today)
        services.record_session(
            case,
            actor=actor,
            held_on=held,
            place=rng.choice(["镇街调解室", "企业会议室", "职工服务中心"]),
            attendees="申请人、被申请人代表、调解员",
            notes=rng.choice(
                [
                    "双方陈述了各自意见，调解员释明相关法律规定。",
                    "企业认可拖欠事实，对金额有异议，约定核对考勤后再谈。",
                    "双方就支付方式和期限达成初步一致。",
                ]
            ),
        )
    if age < 21:
        return  # still within its time limit
    state = ctx.extra.setdefault("rights", {"concluded": 0, "late": 0})
    if age < 60:
        # Of the cases past their time limit, one in three is still in mediation (overdue, in the work queue) and
        # one in three was extended once; the rest concluded.
        state["late"] += 1
        if state["late"] % 3 == 1:
            return
        if state["late"] % 3 == 2:
            services.extend_case(case, actor=actor, reason="双方同意延长调解期限，待企业核对工资台账")
            return
    closed = min(accepted + timedelta(days=rng.randint(14, 25)), now)
    # Outcomes in a fixed rhythm, so every state is there at any scale: of every 50 concluded cases 46 agree, one
    # is withdrawn, one fails, two are referred (the first to legal aid early on).
    state["concluded"] += 1
    n = state["concluded"] % 50
    if n not in (3, 25, 40, 45):
        share = Decimal(rng.choice([100, 100, 100, 90, 80, 70])) / 100
        services.close_case(
            case,
            actor=actor,
            outcome=CaseStatus.AGREED,
            agreement_text=rng.choice(AGREEMENTS),
            amount_recovered=(case.amount_claimed * share).quantize(Decimal("0.01")),
            payment_due_on=timezone.localtime(closed).date() + timedelta(days=10),
            now=closed,
        )
    elif n == 25:
        services.close_case(
            case, actor=actor, outcome=CaseStatus.WITHDRAWN, note="企业已主动支付，申请人撤回", now=closed
        )
    elif n == 40:
        services.close_case(case, actor=actor, outcome=CaseStatus.FAILED, note="双方分歧较大，告知申请仲裁", now=closed)
    else:
        referral = "legal_aid" if n == 3 else rng.choice(["arbitration", "inspection"])
        services.close_case(
            case, actor=actor, outcome=CaseStatus.REFERRED, referral=referral, note="被申请人拒绝调解", now=closed
        )


PROBLEMS = {
    "contract": "部分职工未签订书面劳动合同",
    "wages": "加班费未按规定标准支付",
    "hours": "旺季连续加班，月加班时间超过 36 小时",
    "social_insurance": "试用期职工未缴纳社会保险",
    "safety": "车间未配备必要的劳动防护用品",
    "women": "未按规定安排女职工年度专项体检",
}


def _supervision(ctx, actor, towns, by_town, enterprises, today) -> int:
    """Inspections by the towns' supervision committees over the year (the seeds: 47 a year, 135 problems), each
    with problems; half get a 监督意见书 or 建议书; problems past their deadline are mostly rectified, some
    overdue (escalated by the periodic job, run here once at the end)."""
    rng = ctx.rng
    per_town = max(2, round(5 * ctx.scale))
    count, late, documents = 0, 0, []
    for town in sorted(towns, key=lambda o: o.path):
        pool = by_town.get(town.pk) or enterprises
        for _ in range(per_town):
            enterprise = rng.choice(pool)
            inspected_on = today - timedelta(days=rng.randint(5, DAYS_BACK))
            items = rng.sample(list(PROBLEMS), 4)
            found = rng.sample(items, rng.randint(1, 3))
            problems = [
                {
                    "item": i,
                    "description": PROBLEMS[i],
                    "due_on": inspected_on + timedelta(days=rng.choice([15, 30, 60])),
                }
                for i in found
            ]
            ins = services.record_inspection(
                actor=actor,
                org=town,
                enterprise=enterprise,
                inspected_on=inspected_on,
                inspectors=rng.choice(["王立新、陈晓红", "李建国、张伟", "周敏、刘洋"]),
                items=items,
                findings="查阅劳动合同、工资台账、考勤记录，座谈职工代表。",
                problems=problems,
            )
            count += 1
            if rng.random() < 0.5:
                documents.append((ins, rng.choice(["opinion", "suggestion"])))
            for problem in ins.problems.all():
                late += problem.due_on < today
                if problem.due_on < today and late % 4:  # one in four past its deadline is still open
                    services.rectify(problem, actor=actor, rectification="企业已按要求整改，提交了整改报告。")
    services.escalate_overdue_problems()
    # Documents last: the demo is one transaction and the yearly sequence (rank 68) is locked after the problems.
    for ins, kind in sorted(documents, key=lambda d: d[0].inspected_on):
        services.issue_document(
            ins,
            actor=actor,
            kind=kind,
            content="请你单位对检查发现的问题于整改期限内整改到位，并将整改情况书面报送本会。",
            now=timezone.make_aware(datetime.combine(ins.inspected_on, time(16))),
        )
    return count


INDUSTRIES = ["餐饮行业", "纺织服装行业", "建筑行业", "物流快递行业", "汽车零部件行业"]
FIRST_NAMES = ["张", "王", "李", "陈", "刘", "杨", "黄", "周", "吴", "徐"]


def _bargaining(ctx, actor, towns, by_town, today) -> int:
    """Collective contracts (集体协商): enterprises whose union covers them sign an enterprise contract (综合 or
    工资专项, some a 女职工专项 besides), each town one or two 行业性 contracts. Terms are one to three years,
    spread so that some expire within 60 days (reminders due), some expired without renewal (a warning signal)
    and most are in force; wage increases 3–8 %, most filed with the labour authority. A few earn 示范 years (the
    seeds: 示范行业 2家、企业 8家)."""
    rng = ctx.rng
    made = []

    def term(kind_of_term: str):
        years = rng.choice([1, 2, 3])
        if kind_of_term == "expiring":
            ends = today + timedelta(days=rng.randint(5, 55))
        elif kind_of_term == "expired":
            ends = today - timedelta(days=rng.randint(10, 300))
        else:
            ends = today + timedelta(days=rng.randint(90, 365 * years - 30))
        return ends - timedelta(days=365 * years - 1), ends

    def party() -> str:
        return rng.choice(FIRST_NAMES) + rng.choice(["建国", "丽华", "志强", "秀英", "海涛", "敏"])

    rhythm = ["in_force", "expiring", "in_force", "expired", "in_force", "in_force", "expiring", "in_force"]
    n = 0
    for town in sorted(towns, key=lambda o: o.path):
        pool = [
            e for e in by_town.get(town.pk, []) if e.covering_union_id and e.covering_union.status == OrgStatus.ACTIVE
        ]
        for enterprise in pool[: max(3, round(len(pool) * 0.6))]:
            state = rhythm[n % len(rhythm)]
            n += 1
            starts, ends = term(state)
            kind = rng.choice(["general", "wages", "wages"])
            workers = max(1, min(enterprise.staff_count or 50, 2000) - rng.randint(0, 5))
            filed = starts - timedelta(days=rng.randint(3, 20)) if rng.random() < 0.85 else None
            for k in [kind] + (["women"] if rng.random() < 0.25 else []):
                made.append(
                    services.register_contract(
                        actor=actor,
                        org=enterprise.covering_union,
                        coverage="enterprise",
                        enterprise=enterprise,
                        kind=k,
                        starts_on=starts,
                        ends_on=ends,
                        wage_increase=f"{rng.randint(300, 800) / 100:.2f}" if k != "women" else None,
                        workers_covered=workers,
                        filed_on=filed if filed and filed <= today else None,
                        union_party=party(),
                        employer_party=party(),
                    )
                )
        for industry in rng.sample(INDUSTRIES, rng.choice([1, 2])):
            starts, ends = term(rhythm[n % len(rhythm)])
            n += 1
            made.append(
                services.register_contract(
                    actor=actor,
                    org=town,
                    coverage="industry",
                    industry_name=industry,
                    kind="wages",
                    starts_on=starts,
                    ends_on=ends,
                    wage_increase=f"{rng.randint(300, 600) / 100:.2f}",
                    workers_covered=rng.randint(300, 3000),
                    filed_on=starts - timedelta(days=rng.randint(5, 15)),
                    union_party=party(),
                    employer_party=f"{industry.removesuffix('行业')}行业协会",
                    note="由镇街总工会与行业协会协商签订，覆盖辖区内同行业企业。",
                )
            )
    # 示范: about one in six contracts, for a year of its term up to this year.
    for contract in made[::6]:
        year = min(contract.ends_on.year, today.year)
        if year >= contract.starts_on.year:
            services.record_demonstration(
                contract, actor=actor, year=year, level=rng.choice(["district", "district", "city"])
            )
    return len(made)


RATING_COMMENTS = [
    "律师很专业，工资全部要回来了",
    "工会帮了大忙，谢谢",
    "办理及时，全程有人联系",
    "结果还可以，就是时间长了点",
    "",
]


def _online_aid(ctx, actor, lawyers, towns, now) -> int:
    """Workers' own applications from the phone over the year (members and workers without an account): the older
    ones get a lawyer and a stage, most of those are closed, and most closed ones rated (mostly 4–5 stars)."""
    rng, faker = ctx.rng, ctx.faker
    members = list(
        Member.objects.filter(union__path__startswith=ctx.root.path, status__in=HOLDING)
        .select_related("union", "employer")
        .order_by("pk")[:200]
    )
    count = max(4, round(12 * ctx.scale))
    for _ in range(count):
        applied = now - timedelta(days=rng.randint(3, DAYS_BACK - 20), hours=rng.randint(0, 10))
        dispute = rng.choices(list(DisputeType), weights=[50, 15, 10, 8, 12, 5])[0]
        fields = {
            "dispute_type": dispute,
            "summary": SUMMARIES[dispute].format(n=rng.randint(2, 6)) + "，申请工会法律援助。",
            "amount_claimed": _amount(rng, 1),
            "now": applied,
        }
        if members and rng.random() < 0.6:
            aid = services.apply_online(member=rng.choice(members), **fields)
        else:
            aid = services.apply_online(name=faker.name(), phone=faker.phone_number(), town=rng.choice(towns), **fields)
        age = (now - applied).days
        if age < 7:
            continue  # still under review
        services.assign_lawyer(aid, actor=actor, lawyer=rng.choice(lawyers))
        services.set_stage(aid, actor=actor, stage=rng.choice(["consult", "documents", "arbitration"]))
        if age < 45 or rng.random() < 0.2:
            continue
        closed = applied + timedelta(days=rng.randint(20, min(age - 1, 90)))
        recovered = (aid.amount_claimed * Decimal(rng.choice([1, 1, Decimal("0.8"), Decimal("0.5")]))).quantize(
            Decimal("0.01")
        )
        services.close_aid(
            aid, actor=actor, outcome="经仲裁调解，用人单位支付款项", amount_recovered=recovered, now=closed
        )
        if rng.random() < 0.8:
            services.rate_aid(
                aid,
                rating=rng.choices([5, 4, 3, 2], weights=[60, 28, 9, 3])[0],
                comment=rng.choice(RATING_COMMENTS),
                now=min(closed + timedelta(days=rng.randint(1, 10)), now),
            )
    return LegalAidCase.objects.filter(org__path__startswith=ctx.root.path, applied_online=True).count()
