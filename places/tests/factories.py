"""Test data for the places app, made through the real services."""

import io
from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from members import joining
from members.models import Member
from members.tests.factories import member

from ..services import booking, orders, register

ALL_DAY = "1-7 全天"


def place(org, actor, *, name="东湖环卫工会驿站", kind="station", coordinates="29.868336,121.543990", **fields):
    data = {
        "name": name,
        "kind": kind,
        "address": "东湖路 1 号",
        "coordinates": coordinates,
        "opening_hours": ALL_DAY,
        "amenities": ["water", "charging"],
    }
    data.update(fields)
    return register.create_place(actor=actor, org=org, **data)


def resource(place_, actor, *, exclusive=True, capacity=1, **fields):
    data = {"name": "多功能活动室" if exclusive else "共享餐厅", "exclusive": exclusive, "capacity": capacity}
    data.update(fields)
    return booking.create_resource(place_, actor=actor, **data)


def member_with_account(union, actor, n=None) -> Member:
    m = member(union, actor, n)
    joining.ensure_account(m)
    return Member.objects.select_related("user", "union").get(pk=m.pk)


def tomorrow_at(hour: int, minute: int = 0):
    day = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def service_item(org, actor, *, quota=2, lead_days=3, **fields):
    data = {
        "name": "心理健康服务进企业",
        "category": "mental",
        "provider": "区职工心理健康辅导中心",
        "yearly_quota": quota,
        "lead_days": lead_days,
    }
    data.update(fields)
    return orders.create_item(actor=actor, org=org, **data)


def wished(days=10):
    return timezone.localdate() + timedelta(days=days)


def png(width, height, mode="RGB") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new(mode, (width, height), "red" if mode == "RGB" else 0).save(out, format="PNG")
    return SimpleUploadedFile("photo.png", out.getvalue(), content_type="image/png")
