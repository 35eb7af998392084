"""The member-offers step of ``seed_demo``: two years of 普惠 in the demo district. Merchants signed by the district
and the home town (each with a partner login), offers of every kind over two years, vouchers claimed and redeemed
and discounts used by members of the home town, and draws (好运抽奖, 福利派送) with entries, drawn with their
published seed and prizes partly collected. Everything goes through the services; the dates of what happened in
the past are moved back in bulk afterwards (the services stamp "now")."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from core.demo import DemoContext
from core.errors import DomainError
from members import joining
from members.models import Member, MemberStatus

from . import services
from .models import Draw, Entry, Merchant, Offer, Redemption, Voucher

MERCHANTS = [
    ("甬东百货商场", "shopping", "district"),
    ("四明山温泉疗休养基地", "retreat", "district"),
    ("东钱湖职工疗休养中心", "retreat", "district"),
    ("老字号汤团店", "food", "town"),
    ("阳光眼镜店", "health", "town"),
    ("惠民药房", "health", "town"),
    ("星光影城", "culture", "district"),
    ("家政服务中心", "life", "town"),
]

OFFERS = [
    ("职工专享 8.8 折", "discount", None, "8.8折", None, 3),
    ("满 200 减 30 代金券", "voucher", "30.00", "", 300, 1),
    ("疗休养消费券", "retreat", "200.00", "", 120, 1),
    ("会员日 9 折", "discount", None, "9折", 500, 2),
]

DRAWS = [
    ("“五一”好运抽奖", "lucky", [("电饭煲", 3), ("保温杯", 10), ("洗衣液", 20)]),
    ("“教工惠”福利派送", "welfare", [("水果礼盒", 30)]),
    ("国庆职工好运抽奖", "lucky", [("自行车", 2), ("雨伞", 15)]),
    ("“夏送清凉”福利派送", "welfare", [("清凉礼包", 40)]),
]


def _at(day, hour=10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def build_benefits(ctx: DemoContext) -> None:
    today = timezone.localdate()
    district_user = ctx.users["district"]
    home_town = ctx.extra["orgs"]["home_town"]
    owners = {"district": (ctx.root, district_user), "town": (home_town, district_user)}
    members = list(
        Member.objects.filter(union__path__startswith=home_town.path, status=MemberStatus.ACTIVE)
        .select_related("union", "user")
        .order_by("pk")[: max(int(60 * ctx.scale), 12)]
    )
    demo_pk = ctx.extra.get("members", {}).get("demo_member_pk")
    demo_member = Member.objects.select_related("union", "user").filter(pk=demo_pk).first()
    if demo_member is not None and demo_member not in members:
        members.insert(0, demo_member)
    # Claiming and entering are done on the phone: each of these members has a login.
    for member in members:
        if member.user_id is None:
            try:
                joining.ensure_account(member)
            except DomainError:
                continue  # a phone already used by another member's login
    members = [m for m in members if m.user_id is not None]

    merchants = []
    for i, (name, category, owner) in enumerate(MERCHANTS):
        org, actor = owners[owner]
        phone = f"1980000{7100 + i:04d}"
        merchant = services.create_merchant(
            actor=actor,
            org=org,
            name=name,
            category=category,
            address=f"{ctx.faker.street_name()}{ctx.rng.randint(1, 399)}号",
            phone=phone,
            accounts=[{"phone": phone, "display_name": f"{name}收银台"}],
        )
        merchants.append(merchant)
    # Signed over the two years.
    for i, merchant in enumerate(merchants):
        Merchant.objects.filter(pk=merchant.pk).update(signed_on=today - timedelta(days=720 - i * 80))

    # Offers: a half-year offer of each kind per merchant, over two years; the current ones are open.
    offers = []
    for i, merchant in enumerate(merchants):
        for k, (title, kind, face, discount, quota, per_member) in enumerate(OFFERS):
            if merchant.category != "retreat" and kind == "retreat":
                continue
            starts = today - timedelta(days=700 - i * 60 - k * 90)
            starts = min(starts, today - timedelta(days=10))
            ends = (
                max(starts + timedelta(days=180), today + timedelta(days=30))
                if k % 2 == 0
                else starts + timedelta(days=180)
            )
            offers.append(
                services.create_offer(
                    merchant,
                    actor=district_user,
                    title=f"{merchant.name}{title}",
                    kind=kind,
                    face_value=face,
                    discount=discount,
                    quota=quota,
                    per_member=per_member,
                    starts_on=today - timedelta(days=10),
                    ends_on=today + timedelta(days=365),
                    description="凭电子会员证到店使用，详询商户。",
                )
            )
            offers[-1]._dates = (starts, ends)

    # Use: members claim vouchers and use discounts (the offers are open "today" while this runs).
    staff = {m.pk: m.partner.users.first() for m in merchants}
    used = []
    for member in members:
        for offer in ctx.rng.sample(offers, k=min(len(offers), 3)):
            try:
                if offer.claimable:
                    voucher = services.claim_voucher(offer, member=member, actor=member.user)
                    if ctx.rng.random() < 0.7:
                        used.append(services.redeem_voucher(voucher, actor=staff[offer.merchant_id]))
                else:
                    used.append(services.redeem_offer(offer, member=member, actor=staff[offer.merchant_id]))
            except DomainError:
                continue
    # Then the offers get their real validity, and each use a day inside it (the past).
    for offer in offers:
        starts, ends = offer._dates
        Offer.objects.filter(pk=offer.pk).update(starts_on=starts, ends_on=ends)
    for redemption in used:
        offer = next(o for o in offers if o.pk == redemption.offer_id)
        starts, ends = offer._dates
        span = max((min(ends, today) - starts).days, 0)
        day = starts + timedelta(days=ctx.rng.randint(0, span))
        when = _at(day, ctx.rng.randint(9, 20))
        Redemption.objects.filter(pk=redemption.pk).update(redeemed_at=when)
        if redemption.voucher_id:
            Voucher.objects.filter(pk=redemption.voucher_id).update(used_at=when, claimed_at=when - timedelta(days=2))

    # Draws: two a year, drawn with their seed; the latest still open.
    drawn = 0
    for i, (title, kind, prizes) in enumerate(DRAWS):
        org, actor = owners["district" if i % 2 == 0 else "town"]
        draw = services.create_draw(
            actor=actor,
            org=org,
            title=f"{today.year - 1 + (i // 2)}年{title}" if i < len(DRAWS) - 1 else title,
            kind=kind,
            entries_close_at=timezone.now() + timedelta(days=7),
            prizes=[{"name": n, "quantity": q} for n, q in prizes],
            description="工会会员在手机上参与，截止后公布抽奖种子，开奖结果可复核。",
        )
        for member in members:
            if ctx.rng.random() < 0.8:
                services.enter_draw(draw, member=member, actor=member.user)
        if i == len(DRAWS) - 1:
            continue  # the current one is open for entries
        services.close_draw(draw, actor=actor)
        winners = services.run_draw(draw, actor=actor)
        for entry in winners[: len(winners) * 2 // 3]:
            services.collect_prize(entry, actor=actor)
        drawn += 1
        held = today - timedelta(days=650 - i * 200)
        Draw.objects.filter(pk=draw.pk).update(
            created_at=_at(held - timedelta(days=20)),
            entries_close_at=_at(held, 18),
            closed_at=_at(held, 18),
            drawn_at=_at(held + timedelta(days=1)),
        )
        Entry.objects.filter(draw=draw).update(entered_at=_at(held - timedelta(days=5)))
        Entry.objects.filter(draw=draw, collected_at__isnull=False).update(collected_at=_at(held + timedelta(days=7)))

    ctx.counts.append(("签约商户", len(merchants)))
    ctx.counts.append(("会员优惠", len(offers)))
    ctx.counts.append(("优惠核销", len(used)))
    ctx.counts.append(("抽奖（已开奖）", drawn))
