"""Test data for the training module, built through the real services."""

from datetime import timedelta

from django.utils import timezone

from places.tests.factories import member_with_account, place

from .. import services

__all__ = ["course", "craft_school", "member_with_account", "session", "finished_course_with_certificate"]


def craft_school(org, actor, **fields):
    return place(org, actor, **{"name": "甲街道工匠学堂", "kind": "craft_school", **fields})


def course(org, actor, *, capacity=20, sessions_required=2, fee="1200.00", subsidy="600.00", **overrides):
    data = {
        "actor": actor,
        "org": org,
        "title": "电工技能提升班",
        "kind": "skill",
        "starts_on": timezone.localdate(),
        "capacity": capacity,
        "provider_name": "宁波技师学院",
        "fee": fee,
        "subsidy": subsidy,
        "sessions_required": sessions_required,
    }
    data.update(overrides)
    return services.create_course(**data)


def session(course_, actor, n: int = 1):
    start = timezone.now() - timedelta(hours=1) + timedelta(days=n - 1)
    return services.add_session(
        course_, actor=actor, topic=f"第{n}讲", starts_at=start, ends_at=start + timedelta(hours=3), location="教室"
    )


def finished_course_with_certificate(org, actor, worker):
    """A course with two sessions that ``worker`` attended and finished: returns the certificate."""
    c = course(org, actor)
    sessions = [session(c, actor, 1), session(c, actor, 2)]
    services.enrol(c, worker, actor=worker.user or actor)
    for s in sessions:
        services.check_in(s, worker.card_no, actor=actor)
    services.finish_course(c, actor=actor)
    return worker.training_enrolments.get(course=c).certificate
