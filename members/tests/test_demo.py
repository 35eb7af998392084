"""The demo roster (demo step ``members`` of ``manage.py seed_demo``): determinism, valid and unique personal data,
members only where they may be, histories that add up, the demo member's phone login and the PII officer.
The database tests build the district at ``--scale 0.1`` (about 6,000 members)."""

import re
from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone
from stdnum.cn import ric

from accounts.models import Grant, User
from accounts.roles import Role
from core import pii
from core.demo import DEMO_PASSWORD, DemoContext
from core.models import AuditEvent
from core.pinyin import pinyin_keys
from core.scoping import can
from core.validators import MOBILE_RE, validate_cn_id
from members import joining, services
from members.choices import GigPlatform, MemberStatus, Tag
from members.demo import DEMO_MEMBER_PHONE, ORIGIN_GROUPS, PII_OFFICER, _area_codes, _id_number, plan_members
from members.models import JoinApplication, Member, MembershipEvent, MemberTag, PlatformUnion, Transfer
from orgs.demo import DEMO_ROOT_CODE, plan_district
from orgs.models import COVERING_KINDS, Enterprise, EnterpriseStatus, Org, OrgKind, OrgStatus
from orgs.selectors import coverage

SMALL = 0.1
TODAY = date(2026, 5, 20)


def _seed(scale: float = SMALL, **options) -> str:
    out = StringIO()
    call_command("seed_demo", force=True, scale=scale, stdout=out, **options)
    return out.getvalue()


def _plan(seed: int, scale: float = SMALL, today: date = TODAY):
    """The district and its roster in memory, as the two steps would build them."""
    ctx = DemoContext(seed=seed, scale=scale)
    ctx.reseed("orgs")
    district = plan_district(ctx)
    ctx.root, ctx.orgs, ctx.enterprises = district.root, district.orgs, district.enterprises
    ctx.extra["orgs"] = {"home_union": district.home_union}
    ctx.reseed("members")
    return district, plan_members(ctx, today=today)


def _fingerprint(plan) -> list[tuple]:
    return [(m.name, m.id_number, m.phone, m.union.code, m.joined_on, m.status) for m in plan.members] + [
        (e.member.id_number, e.kind, e.on, e.union.code) for e in plan.events
    ]


def test_same_seed_same_roster_other_seed_other_people():
    (_, first), (_, again), (_, other) = _plan(2026), _plan(2026), _plan(7)
    assert _fingerprint(first) == _fingerprint(again)
    assert [m.name for m in first.members[:100]] != [m.name for m in other.members[:100]]


def test_another_day_same_people_dates_moved_along():
    _, first = _plan(2026)
    _, later = _plan(2026, today=TODAY + timedelta(days=400))
    shift = timedelta(days=400)
    assert [(m.name, m.id_number, m.phone, m.union.code) for m in first.members] == [
        (m.name, m.id_number, m.phone, m.union.code) for m in later.members
    ]
    assert all(b.joined_on - a.joined_on == shift for a, b in zip(first.members, later.members, strict=True))
    assert all(b.on - a.on == shift for a, b in zip(first.events, later.events, strict=True))
    assert all(b.requested_at - a.requested_at == shift for a, b in zip(first.transfers, later.transfers, strict=True))
    # Nothing happened after the day it is planned for, and the newest join is recent.
    for plan, today in ((first, TODAY), (later, TODAY + shift)):
        assert max(e.on for e in plan.events) < today
        assert max(m.joined_on for m in plan.members) >= today - timedelta(days=30)
        assert max(a.submitted_at for a in plan.applications).date() < today


def test_members_grow_with_the_scale_in_proportion_to_covered_staff():
    for scale in (0.1, 0.3):
        district, plan = _plan(2026, scale)
        staff = sum(
            e.staff_count
            for e in district.enterprises
            if e.status == EnterpriseStatus.ACTIVE and e.covering_union is not None
        )
        holding = sum(1 for m in plan.members if m.status in (MemberStatus.ACTIVE, MemberStatus.RETAINED))
        assert 0.85 <= holding / staff <= 0.95, (scale, holding, staff)
    assert len(_plan(2026, 0.3)[1].members) > 2 * len(_plan(2026, 0.1)[1].members)


def test_every_origin_gives_valid_id_numbers_for_every_birth_year():
    for group in ORIGIN_GROUPS:
        for place, _, codes, _ in group:
            for year in range(1960, 2006):
                for area in _area_codes(codes, year):
                    number = _id_number(area, date(year, 3, 9), 123)
                    assert ric.is_valid(number), (place, year, number)


def test_seed_demo_builds_a_realistic_roster(db):
    out = _seed()
    assert re.search(r"会员：\d+", out) and "入会率" in out and DEMO_MEMBER_PHONE in out
    root = Org.objects.get(code=DEMO_ROOT_CODE)
    figures = coverage(root)
    assert 80 <= figures["join_rate"] <= 100
    assert figures["members_by_tag"][Tag.NEW_EMPLOYMENT] > 0

    members = list(Member.objects.select_related("union", "employer"))
    assert len(members) > 4000
    # Only in unions that can hold members, and with the employer those unions cover.
    assert all(m.union.kind in COVERING_KINDS and m.union.status == OrgStatus.ACTIVE for m in members)
    assert all(m.employer is None or m.employer.covering_union_id == m.union_id for m in members)
    assert all(m.employer is None or m.employer_name == m.employer.name for m in members)

    # Unique ID numbers, phones and card numbers; every number valid and agreeing with gender and birth date.
    for values in ([m.id_hash for m in members], [m.phone for m in members], [m.card_no for m in members]):
        assert len(set(values)) == len(values)
    assert all(MOBILE_RE.match(m.phone) for m in members)
    today = timezone.localdate()
    for m in members:
        number = m.reveal_id_number()
        assert ric.is_valid(number), number
        assert validate_cn_id(number) == (number, m.birth_date, m.gender)
        assert (m.id_hash, m.id_masked) == (pii.lookup_hash(m.id_type, number), pii.mask_id(number))
        assert date(1960, 1, 1) <= m.birth_date <= date(2005, 12, 31)
        assert today - timedelta(days=3660) <= m.joined_on < today
        assert m.joined_on >= m.birth_date.replace(year=m.birth_date.year + 18, day=min(m.birth_date.day, 28))
    for m in members[:300]:
        assert (m.name_pinyin, m.name_initials) == pinyin_keys(m.name)

    # Distributions that look like a district's roster.
    def share(attr, value):
        return sum(1 for m in members if getattr(m, attr) == value) / len(members)

    assert 0.5 < share("gender", "M") < 0.7
    assert 0.25 < sum(1 for m in members if not m.hukou_place.startswith("浙江")) / len(members) < 0.55
    assert share("political", "masses") > 0.7 and share("political", "cpc") > 0.03
    assert len({m.education for m in members}) >= 6 and share("ethnicity", "汉族") > 0.95
    assert len({m.joined_on.year for m in members}) >= 9
    # Gig workers: in the 联合工会/行业工会 for their platform, tagged 新就业形态.
    gig = [m for m in members if m.gig_platform]
    assert gig and {m.union.kind for m in gig} <= {OrgKind.JOINT, OrgKind.INDUSTRY}
    tagged = set(MemberTag.objects.filter(tag=Tag.NEW_EMPLOYMENT).values_list("member_id", flat=True))
    assert tagged == {m.pk for m in gig}
    assert {GigPlatform.DELIVERY, GigPlatform.EXPRESS, GigPlatform.RIDE_HAILING} <= {m.gig_platform for m in gig}
    assert MemberTag.objects.filter(tag=Tag.HARDSHIP).exists()
    for org in Org.objects.filter(kind__in=[OrgKind.JOINT, OrgKind.INDUSTRY], name__contains="新就业形态"):
        links = set(PlatformUnion.objects.filter(org=org).values_list("platform", flat=True))
        assert links == {GigPlatform.DELIVERY, GigPlatform.EXPRESS, GigPlatform.RIDE_HAILING}
    assert PlatformUnion.objects.get(org__kind=OrgKind.INDUSTRY, org__name__contains="快递").platform == "express"

    # One audit event for the whole roster build, not one per member (later modules' demo steps go through
    # their services and leave their own events, which this test does not judge).
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("core.demo.seeded") == 1
    assert not [a for a in actions if a.startswith(("members.", "orgs."))]


def test_histories_transfers_and_applications_add_up(db):
    _seed()
    Kind = MembershipEvent.Kind
    joined = Counter(MembershipEvent.objects.filter(kind=Kind.JOINED).values_list("member_id", flat=True))
    assert set(joined) == set(Member.objects.values_list("pk", flat=True)) and set(joined.values()) == {1}
    statuses = Counter(Member.objects.values_list("status", flat=True))
    assert statuses[MemberStatus.QUIT] and statuses[MemberStatus.RETAINED] and statuses[MemberStatus.REMOVED]
    for status, kind in ((MemberStatus.QUIT, Kind.QUIT), (MemberStatus.RETAINED, Kind.RETAINED)):
        for m in Member.objects.filter(status=status):
            last = m.events.order_by("on", "id").last()
            assert last.kind == kind and last.reason and last.on >= m.joined_on
    assert not Member.objects.filter(status__in=[MemberStatus.QUIT, MemberStatus.REMOVED], card_version=1).exists()

    accepted = list(Transfer.objects.filter(status=Transfer.Status.ACCEPTED).select_related("member"))
    assert len(accepted) >= 10
    for t in accepted:
        assert t.member.union_id == t.to_union_id and t.decided_at > t.requested_at
        out = t.member.events.get(kind=Kind.TRANSFERRED_OUT)
        came = t.member.events.get(kind=Kind.TRANSFERRED_IN)
        assert (out.union_id, out.other_union_id, came.union_id, came.other_union_id) == (
            t.from_union_id,
            t.to_union_id,
            t.to_union_id,
            t.from_union_id,
        )
        assert out.on == came.on == timezone.localtime(t.decided_at).date()
        assert t.member.events.get(kind=Kind.JOINED).union_id == t.from_union_id

    # The ``union`` demo account has work waiting: transfers both ways and applications to review.
    home = Grant.objects.get(user__username="union").org
    pending = Transfer.objects.filter(status=Transfer.Status.PENDING)
    assert pending.filter(to_union=home).count() >= 2
    assert pending.filter(from_union=home, requested_by__username="union").exists()
    assert all(t.member.status == MemberStatus.ACTIVE and t.member.union_id == t.from_union_id for t in pending)
    now = timezone.now()
    assert all(t.requested_at < now for t in Transfer.objects.all())
    apps = JoinApplication.objects.filter(status=JoinApplication.Status.PENDING)
    assert apps.filter(union=home).count() >= 5 and apps.exclude(gig_platform="").exists()
    assert all(a.submitted_at < now and a.consent_version for a in apps)
    # Applicants are not members yet, and their ID numbers are valid.
    assert not Member.objects.filter(id_hash__in=apps.values("id_hash")).exists()
    assert all(ric.is_valid(a.reveal_id_number()) for a in apps)
    # A pending application can be approved through the real service.
    union_admin = User.objects.get(username="union")
    member = joining.approve_application(apps.filter(union=home).first(), actor=union_admin)
    assert member.union == home and member.user.phone == member.phone


def test_same_seed_same_card_numbers_names_and_masks_in_the_database(db):
    def fingerprint():
        return list(Member.objects.order_by("card_no").values_list("card_no", "name", "id_masked", "union__code"))

    with transaction.atomic():
        _seed()
        first = fingerprint()
        transaction.set_rollback(True)
    assert not Member.objects.exists()
    _seed()
    assert fingerprint() == first and first[0][0] == "GH0000000001"


def test_demo_member_and_privacy_officer_can_log_in(db):
    _seed()
    home = Grant.objects.get(user__username="union").org
    member = Member.objects.select_related("user").get(user__phone=DEMO_MEMBER_PHONE)
    assert member.phone == DEMO_MEMBER_PHONE and member.union == home and member.status == MemberStatus.ACTIVE
    assert member.employer.covering_union == home
    user = member.user
    assert user.username == f"m{member.pk}" and user.check_password(DEMO_PASSWORD) and user.is_active
    assert not user.grants.exists()  # a member, not staff
    assert [e.kind for e in member.events.order_by("on", "id")] == ["joined", "transferred_out", "transferred_in"]
    assert User.objects.filter(phone=DEMO_MEMBER_PHONE).count() == 1
    # The member site's phone login (accounts.backends.PhoneBackend, behind django-axes).
    request = RequestFactory().post("/m/login/", REMOTE_ADDR="10.9.0.2")
    assert authenticate(request, username=DEMO_MEMBER_PHONE, password=DEMO_PASSWORD) == user
    assert authenticate(request, username=DEMO_MEMBER_PHONE, password="Wrong@2026") is None

    officer = User.objects.get(username=PII_OFFICER[0])
    assert officer.check_password(DEMO_PASSWORD)
    assert list(officer.grants.values_list("org__code", "role")) == [(DEMO_ROOT_CODE, Role.PII_OFFICER)]
    assert can(officer, "members.view_pii", member.union)
    number = services.reveal_id_number(member, actor=officer, reason="核对演示数据")
    assert validate_cn_id(number)[1:] == (member.birth_date, member.gender)
    assert AuditEvent.objects.filter(action="members.member.id_revealed", actor=officer).count() == 1

    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "/m/login/" in text and DEMO_MEMBER_PHONE in text and member.name in text
    assert re.search(r"^\s+privacy\s+林静\s+个人信息查看员", text, re.M)


def test_clash_with_an_existing_officer_account_writes_nothing(db):
    User.objects.create_user(PII_OFFICER[0], password="Other@2026")
    with pytest.raises(CommandError, match=PII_OFFICER[0]):
        _seed()
    assert not Org.objects.exists() and not Member.objects.exists() and User.objects.count() == 1


def test_enterprises_without_a_union_have_no_members(db):
    _seed()
    uncovered = Enterprise.objects.filter(covering_union__isnull=True)
    assert uncovered.exists() and not Member.objects.filter(employer__in=uncovered).exists()
    assert not Member.objects.filter(union__kind__in=[OrgKind.FEDERATION, OrgKind.TOWN]).exists()
