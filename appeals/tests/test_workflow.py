"""The appeals workflow in the service layer: the whole lifecycle with hand-over, merge, reopen and adoption and the
timeline at each step; deadlines over weekends and holidays with frozen time; escalation; photo uploads;
routing; phone codes."""

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from appeals import calendar, services
from appeals.models import Appeal, Holiday
from core import sms
from core.errors import DomainError
from members.tests.factories import member

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(y, m, d, hh=10, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=SHANGHAI)


def timeline(appeal, public_only=False):
    events = appeal.events.order_by("at", "id")
    if public_only:
        events = events.filter(public=True)
    return list(events.values_list("kind", flat=True))


def submit(tree, users, n=1, **overrides):
    worker = member(tree.union_a1, users.union, 700 + n)
    fields = {
        "kind": "appeal",
        "category": "wages",
        "description": "公司已经两个月没有发工资了",
        "name": "",
        "phone": "",
        "member": worker,
    }
    fields.update(overrides)
    return services.submit(**fields)


def jpeg(*, gps=False, size=(64, 48)) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (200, 30, 40))
    out = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x8825] = {1: "N", 2: (29.0, 52.0, 0.0), 3: "E", 4: (121.0, 33.0, 0.0)}  # GPSInfo: Ningbo
        exif[0x010F] = "PhoneMaker"
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    return SimpleUploadedFile("photo.jpg", out.getvalue(), content_type="image/jpeg")


def test_the_whole_lifecycle_with_the_timeline_at_each_step(tree, users, django_capture_on_commit_callbacks):
    appeal = submit(tree, users)
    assert (appeal.org, appeal.status, appeal.rights_flag) == (tree.union_a1, "submitted", True)
    assert appeal.tracking_no.startswith("SQ") and timeline(appeal) == ["submitted"]

    services.accept(appeal, actor=users.union)
    services.request_info(appeal, actor=users.union, question="请提供工资条或考勤记录")
    appeal.refresh_from_db()
    assert appeal.status == "info_requested"
    services.provide_info(appeal, text="已上传考勤截图，共欠 2 个月")
    # The grassroots union hands it to the town federation, which can act on the employer.
    services.hand_over(appeal, tree.town_a, actor=users.town, reason="涉及企业欠薪，需镇街协调")
    appeal.refresh_from_db()
    assert appeal.org == tree.town_a and appeal.status == "accepted"
    duplicate = submit(tree, users, 2, description="同一家公司欠薪，我也两个月没拿到工资")
    services.hand_over(duplicate, tree.town_a, actor=users.town, reason="同一企业")
    services.merge(duplicate, appeal, actor=users.town)
    with django_capture_on_commit_callbacks(execute=True):
        services.resolve(appeal, actor=users.town, reply="经协调，企业已于本周补发全部工资。")
    duplicate.refresh_from_db()
    assert duplicate.status == "resolved" and duplicate.reply.startswith("经协调")
    assert timeline(appeal) == [
        "submitted",
        "accepted",
        "info_requested",
        "info_provided",
        "handed_over",
        "merged",
        "resolved",
    ]
    assert timeline(appeal, public_only=True)[-1] == "resolved"
    assert "merged" not in timeline(appeal, public_only=True)  # the internal note about the duplicate

    # 不满意 reopens once; the second rating stands.
    services.rate(appeal, satisfaction="unsatisfied", comment="补发金额不对")
    appeal.refresh_from_db()
    assert (appeal.status, appeal.reopened) == ("accepted", True)
    services.resolve(appeal, actor=users.town, reply="已核对并补齐差额 860 元。")
    services.rate(appeal, satisfaction="fairly")
    appeal.refresh_from_db()
    assert (appeal.status, appeal.satisfaction) == ("closed", "fairly")
    assert timeline(appeal)[-4:] == ["rated", "reopened", "resolved", "rated"]


def test_suggestions_can_be_adopted(tree, users):
    idea = submit(tree, users, 3, kind="suggestion", category="facilities", description="建议食堂延长晚餐供应时间")
    with pytest.raises(DomainError) as exc:
        services.adopt(idea, actor=users.union)
    assert exc.value.code == "not_accepted"
    services.accept(idea, actor=users.union)
    services.adopt(idea, actor=users.union, note="下月起晚餐供应到 19:30")
    idea.refresh_from_db()
    assert idea.adopted and timeline(idea)[-1] == "adopted"
    appeal = submit(tree, users, 4)
    services.accept(appeal, actor=users.union)
    with pytest.raises(DomainError) as exc:
        services.adopt(appeal, actor=users.union)
    assert exc.value.code == "not_a_suggestion"


def test_handling_is_scoped(tree, users):
    appeal = submit(tree, users, 5)
    for action in (
        lambda: services.accept(appeal, actor=users.union_b),
        lambda: services.resolve(appeal, actor=users.union_b, reply="与我无关的答复内容"),
    ):
        with pytest.raises(DomainError) as exc:
            action()
        assert exc.value.code == "permission_denied"
    with pytest.raises(DomainError) as exc:
        services.hand_over(appeal, tree.union_b1, actor=users.union, reason="转给乙")
    assert exc.value.code == "target_not_in_scope"


# --- Deadlines and escalation with frozen time -------------------------------------------------------------------


@pytest.fixture
def national_day(db):
    """2026: 国庆 1–7 October off; Saturday 10 October worked in their place (调休)."""
    for d in range(1, 8):
        Holiday.objects.create(day=date(2026, 10, d), name="国庆节")
    Holiday.objects.create(day=date(2026, 10, 10), is_workday=True, name="国庆调休")


def test_working_days_skip_weekends_and_holidays(national_day):
    # Friday 25 September + 2 working days: Monday 28, Tuesday 29.
    assert calendar.add_working_days(date(2026, 9, 25), 2) == date(2026, 9, 29)
    # Wednesday 30 September + 1: the holiday week is skipped, Thursday 8 October.
    assert calendar.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    # Friday 9 October + 1: Saturday 10 is a make-up working day.
    assert calendar.add_working_days(date(2026, 10, 9), 1) == date(2026, 10, 10)


def test_deadlines_and_escalation_across_a_weekend_and_a_holiday(tree, users, national_day):
    with time_machine.travel(at(2026, 9, 30, 16), tick=False):
        appeal = submit(tree, users, 6)  # Wednesday before the holiday; accept within 2 working days
    assert appeal.accept_due == at(2026, 10, 9, 23, 59).replace(second=59)
    with time_machine.travel(at(2026, 10, 9, 18), tick=False):
        assert services.escalate_overdue() == 0  # still within the deadline on the last day
    with time_machine.travel(at(2026, 10, 10, 0, 5), tick=False):
        assert services.escalate_overdue() == 1
    appeal.refresh_from_db()
    assert (appeal.org, appeal.escalations) == (tree.town_a, 1)
    assert appeal.events.filter(kind="escalated").get().org == tree.union_a1  # where it was overdue
    assert "超过受理期限" in appeal.events.get(kind="escalated").note
    # The town accepts but does not resolve within 15 working days: it goes up to the district.
    with time_machine.travel(at(2026, 10, 12), tick=False):
        services.accept(appeal, actor=users.town)
    appeal.refresh_from_db()
    with time_machine.travel(appeal.resolve_due, tick=False):
        assert services.escalate_overdue() == 0
    with time_machine.travel(appeal.resolve_due + timedelta(seconds=1), tick=False):
        assert services.escalate_overdue() == 1
    appeal.refresh_from_db()
    assert (appeal.org, appeal.escalations) == (tree.district, 2)
    # At the root nothing further happens.
    with time_machine.travel(at(2027, 3, 1), tick=False):
        assert services.escalate_overdue() == 0


# --- Uploads -------------------------------------------------------------------------------------------------------


def test_photos_are_re_encoded_without_gps(tree, users):
    appeal = submit(
        tree,
        users,
        7,
        kind="snapshot",
        category="safety",
        description="车间消防通道被货物堵住",
        uploads=[jpeg(gps=True)],
    )
    photo = appeal.photos.get()
    with Image.open(photo.image.path) as stored:
        exif = stored.getexif()
        assert stored.format == "JPEG" and 0x8825 not in exif and 0x010F not in exif
        assert stored.size == (64, 48)


def test_renamed_non_images_and_oversized_files_are_refused_and_nothing_is_written(tree, users):
    before = Appeal.objects.count()
    fake = SimpleUploadedFile("scan.jpg", b"%PDF-1.7\n" + b"0" * 2000, content_type="image/jpeg")
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (10 * 1024 * 1024 + 1), content_type="image/jpeg")
    with pytest.raises(DomainError) as exc:
        submit(tree, users, 8, uploads=[jpeg(), fake, big])
    codes = [e.code for e in exc.value.errors]
    assert codes == ["photo_not_image", "photo_too_large"]
    assert "第 2 张照片" in str(exc.value.errors[0].message)
    assert Appeal.objects.count() == before
    with pytest.raises(DomainError) as exc:
        submit(tree, users, 9, uploads=[jpeg() for _ in range(10)])
    assert exc.value.code == "too_many_photos"


# --- Workers without an account, routing ---------------------------------------------------------------------------


def test_a_worker_without_an_account_verifies_the_phone(tree, users, django_capture_on_commit_callbacks):
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_phone_code("13712345678")
    code = sms.outbox[-1].text.split("验证码是 ")[1][:6]
    with pytest.raises(DomainError) as exc:
        services.send_phone_code("13712345678")
    assert exc.value.code == "code_too_frequent"
    with pytest.raises(DomainError) as exc:
        services.verify_phone_code("13712345678", "000000" if code != "000000" else "111111")
    assert exc.value.code == "code_wrong"
    services.verify_phone_code("13712345678", code)
    with pytest.raises(DomainError):
        services.verify_phone_code("13712345678", code)  # used once


def test_routing(tree, users):
    from members.models import PlatformUnion
    from orgs.tests.factories import OrgFactory

    worker = member(tree.union_a1, users.union, 710)
    assert services.route(member=worker, employer=None, gig_platform="", town=None) == tree.union_a1
    assert services.route(member=None, employer=tree.ent_b1, gig_platform="", town=None) == tree.union_b1
    assert services.route(member=None, employer=tree.ent_a3, gig_platform="", town=None) == tree.town_a  # uncovered
    riders = OrgFactory(parent=tree.town_b, kind="joint", code="JB01", name="乙镇新就业形态联合工会")
    PlatformUnion.objects.create(org=riders, platform="delivery")
    assert services.route(member=None, employer=None, gig_platform="delivery", town=tree.town_b) == riders
    assert services.route(member=None, employer=None, gig_platform="", town=tree.village_a2) == tree.town_a
    with pytest.raises(DomainError) as exc:
        services.route(member=None, employer=None, gig_platform="", town=None)
    assert exc.value.code == "no_route"
