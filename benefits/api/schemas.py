"""Schemas of the member-offers API (names prefixed ``Benefit`` so they stay unique across the platform's API)."""

from datetime import datetime
from decimal import Decimal

from ninja import Field, Schema

from core.api import ApiDate, ApiDateTime, Paging, StrictInput, choices_doc

from ..models import Draw, Merchant, Offer


class BenefitMerchantOut(Schema):
    id: int
    name: str
    category: str
    org_id: int
    org_name: str = Field(alias="org.name")
    address: str
    phone: str
    signed_on: ApiDate
    active: bool
    usernames: list[str] = Field(default_factory=list, description="收银账号的登录名")


class BenefitAccountIn(StrictInput):
    phone: str = Field(max_length=11, description="收银账号手机号（登录名为 p+手机号）")
    display_name: str = Field(max_length=50)


class BenefitMerchantIn(StrictInput):
    org: str = Field(max_length=32, description="签约工会的组织代码")
    name: str = Field(max_length=100)
    category: str = Field(description=f"类别：{choices_doc(Merchant.Category)}")
    address: str = Field("", max_length=200)
    phone: str = Field("", max_length=20)
    accounts: list[BenefitAccountIn] = Field(default_factory=list, max_length=20)


class BenefitOfferIn(StrictInput):
    title: str = Field(max_length=100)
    kind: str = Field(description=f"类型：{choices_doc(Offer.Kind)}")
    description: str = Field("", max_length=2000)
    discount: str = Field("", max_length=30)
    face_value: Decimal | None = Field(None, description="面值（元），代金券和消费券必填")
    starts_on: ApiDate
    ends_on: ApiDate
    quota: int | None = Field(None, description="总名额，空为不限")
    per_member: int = Field(1, description="每人限")


class BenefitOfferOut(Schema):
    id: int
    merchant_id: int
    merchant_name: str = Field(alias="merchant.name")
    title: str
    kind: str
    description: str
    discount: str
    face_value: Decimal | None
    starts_on: ApiDate
    ends_on: ApiDate
    quota: int | None
    per_member: int
    taken: int
    withdrawn_at: datetime | None


class BenefitVoucherOut(Schema):
    id: int
    code: str
    offer: BenefitOfferOut
    claimed_at: datetime
    used_at: datetime | None


class BenefitRedemptionOut(Schema):
    id: int
    offer_id: int
    offer_title: str = Field(alias="offer.title")
    member_id: int
    member_name: str = Field(alias="member.name")
    voucher_code: str | None = None
    redeemed_at: datetime

    @staticmethod
    def resolve_voucher_code(obj):
        return obj.voucher.code if obj.voucher_id else None


class BenefitPrizeIn(StrictInput):
    name: str = Field(max_length=100)
    quantity: int


class BenefitPrizeOut(Schema):
    id: int
    rank: int
    name: str
    quantity: int


class BenefitDrawIn(StrictInput):
    org: str = Field(max_length=32, description="主办工会的组织代码")
    title: str = Field(max_length=100)
    kind: str = Field(description=f"类型：{choices_doc(Draw.Kind)}")
    description: str = Field("", max_length=2000)
    entries_close_at: ApiDateTime
    prizes: list[BenefitPrizeIn] = Field(max_length=100)


class BenefitDrawOut(Schema):
    id: int
    org_id: int
    title: str
    kind: str
    description: str
    status: str = Field(description=f"状态：{choices_doc(Draw.Status)}")
    entries_close_at: datetime
    seed: str = Field(description="抽奖种子（截止报名时公布）")
    entries_count: int
    drawn_at: datetime | None
    prizes: list[BenefitPrizeOut]

    @staticmethod
    def resolve_prizes(obj):
        return list(obj.prizes.all())


class BenefitWinnerOut(Schema):
    entry_id: int = Field(alias="id")
    member_id: int
    member_name: str = Field(alias="member.name")
    prize_id: int
    prize_name: str = Field(alias="prize.name")
    collected_at: datetime | None


class BenefitEntryOut(Schema):
    id: int = Field(description="报名号")
    draw_id: int
    draw_title: str = Field(alias="draw.title")
    entered_at: datetime
    prize_name: str | None = None
    collected_at: datetime | None

    @staticmethod
    def resolve_prize_name(obj):
        return obj.prize.name if obj.prize_id else None


class BenefitDrawCheckOut(Schema):
    seed: str
    entry_ids: list[int] = Field(description="全部报名号")
    prizes: list[BenefitPrizeOut]
    winners: dict[int, int] = Field(description="报名号 → 奖品 id")
    verified: bool = Field(description="已开奖且与种子复算一致")


class BenefitCardIn(StrictInput):
    card: str = Field(max_length=1000, description="会员电子会员证二维码的内容（核验链接或令牌）")


class BenefitVoucherCodeIn(StrictInput):
    code: str = Field(max_length=16, description="优惠券券码")


class BenefitCounterOut(Schema):
    member_id: int
    member_name: str
    union_name: str
    offers: list[BenefitOfferOut]
    vouchers: list[BenefitVoucherOut]


class BenefitFilters(Paging):
    q: str | None = Field(None, max_length=50, description="按名称搜索")
