"""The member-offers figures of the 成绩单 (section 关心关爱), declared in the metric registry: merchants signed
(in the period, and signed to date), offers started, redemptions at merchants (人次), draws held, entries (人次) and
winners (人, different members). Each counts at the signing or organising union."""

from django.db.models import Count, Q

from core.metrics import (
    Counter,
    Distinct,
    Metric,
    Watch,
    register_counter,
    register_distinct,
    register_metric,
    register_watch,
)

SECTION = "关心关爱"


def _models():
    from . import models

    return models


def register() -> None:
    count = lambda f: Count("pk", filter=f)  # noqa: E731
    merchant = lambda: _models().Merchant  # noqa: E731
    register_counter(
        Counter(
            key="benefits.merchants_signed",
            model=merchant,
            org="org",
            date="signed_on",
            value=count,
            description="签约日期在统计期间内的商户",
        )
    )
    register_counter(
        Counter(
            key="benefits.merchants_total",
            model=merchant,
            org="org",
            date="signed_on",
            value=count,
            stock=True,
            description="截至期末已签约的商户（每家在签约日记 +1）",
        )
    )
    register_counter(
        Counter(
            key="benefits.offers",
            model=lambda: _models().Offer,
            org="merchant__org",
            date="starts_on",
            value=count,
            description="开始日期在统计期间内的会员优惠",
        )
    )
    register_counter(
        Counter(
            key="benefits.redemptions",
            model=lambda: _models().Redemption,
            org="org",
            date="redeemed_at",
            value=count,
            description="在签约商户核销优惠或优惠券的人次",
        )
    )
    register_counter(
        Counter(
            key="benefits.draws",
            model=lambda: _models().Draw,
            org="org",
            date="created_at",
            value=count,
            description="统计期间内发起的抽奖和福利派送",
        )
    )
    register_counter(
        Counter(
            key="benefits.entries",
            model=lambda: _models().Entry,
            org="draw__org",
            date="entered_at",
            value=count,
            description="参与抽奖的人次",
        )
    )
    register_distinct(
        Distinct(
            key="benefits.winners",
            model=lambda: _models().Entry,
            org="draw__org",
            date="draw__drawn_at",
            value=lambda f: Count("member", distinct=True, filter=f),
            where=lambda: Q(prize__isnull=False),
            description="统计期间内开奖、中奖的不同会员",
            ids="member",
        )
    )
    register_watch(Watch(key="benefits.merchants", model=merchant, audited=True))
    register_watch(Watch(key="benefits.offers", model=lambda: _models().Offer, audited=True))
    register_watch(Watch(key="benefits.redemptions", model=lambda: _models().Redemption, append=True))
    # An entry's prize is set only when its draw is drawn (an audited change of the draw).
    register_watch(
        Watch(key="benefits.draws", model=lambda: _models().Draw, audited=True, covers=(lambda: _models().Entry,))
    )
    register_watch(Watch(key="benefits.entries", model=lambda: _models().Entry, audited=True))

    figures = [
        (
            "benefits.merchants_total",
            "签约商户",
            "家",
            "截至期末由本级及下级工会签约的普惠商户家数（含已暂停合作的）",
            True,
        ),
        ("benefits.merchants_signed", "新签约商户", "家", "统计期间内新签约的普惠商户家数。", False),
        (
            "benefits.offers",
            "会员优惠项目",
            "项",
            "统计期间内开始的会员优惠（折扣、代金券、消费券）项数。",
            False,
        ),
        ("benefits.redemptions", "优惠惠及职工", "人次", "统计期间内会员在签约商户核销优惠或优惠券的人次。", True),
        ("benefits.draws", "抽奖和福利派送", "项", "统计期间内发起的好运抽奖和福利派送活动项数。", False),
        ("benefits.entries", "参与抽奖", "人次", "统计期间内会员参与好运抽奖、福利派送的人次。", False),
        ("benefits.winners", "中奖职工", "人", "统计期间内开奖的抽奖中中奖的不同会员人数。", False),
    ]
    for order, (key, label, unit, definition, breakdown) in enumerate(figures):
        register_metric(
            Metric(
                key=key,
                label=label,
                unit=unit,
                section=SECTION,
                order=600 + order * 5,
                definition=definition,
                inputs=(key,),
                breakdown=breakdown,
            )
        )
