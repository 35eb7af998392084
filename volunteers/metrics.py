"""The volunteer figures of section 文化文明 of the 成绩单 (``core.metrics`` declarations): confirmed volunteer hours
(小时, a record counts on its service date for the org of its team; summed as half hours, an integer, so a rollup
equals the raw sum exactly), and as of today the active teams (支) and the members serving in them (人, a member in
two teams counts once)."""

from django.db.models import BigIntegerField, Count, F, Q, Sum
from django.db.models.functions import Cast, Substr

from core.metrics import (
    Counter,
    Measure,
    Metric,
    Watch,
    register_counter,
    register_measure,
    register_metric,
    register_watch,
)

from .models import RecordStatus, ServiceRecord, Team, TeamStatus, Volunteer

SECTION = "文化文明"


def confirmed() -> Q:
    return Q(status=RecordStatus.CONFIRMED)


def half_hours(f):
    """The sum of the records' hours in half hours (an integer: hours are kept in half-hour steps)."""
    return Sum(Cast(F("hours") * 2, BigIntegerField()), filter=f)


def hours_formula(inputs: dict):
    value = inputs.get("volunteers.half_hours")
    return None if value is None else value / 2


def teams_today(org, periods, group_len) -> dict:
    """Active volunteer teams today in each group of the teams' orgs, and the different members serving in them."""
    teams = dict(
        Team.objects.filter(org__path__startswith=org.path, status=TeamStatus.ACTIVE)
        .order_by()
        .annotate(_g=Substr("org__path", 1, group_len))
        .values("_g")
        .annotate(n=Count("pk"))
        .values_list("_g", "n")
    )
    people = dict(
        Volunteer.objects.filter(
            team__org__path__startswith=org.path, team__status=TeamStatus.ACTIVE, left_on__isnull=True
        )
        .order_by()
        .annotate(_g=Substr("team__org__path", 1, group_len))
        .values("_g")
        .annotate(n=Count("member", distinct=True))
        .values_list("_g", "n")
    )
    return {
        g: {"volunteers.teams_now": teams.get(g, 0), "volunteers.volunteers_now": people.get(g, 0)}
        for g in set(teams) | set(people)
    }


def register() -> None:
    """Declare the counters and metrics (called from ``VolunteersConfig.ready``)."""
    where = {"model": lambda: ServiceRecord, "org": "team__org", "date": "served_on", "where": confirmed}
    register_counter(
        Counter(key="volunteers.half_hours", value=half_hours, description="已确认的志愿服务时长（半小时数）", **where)
    )
    # Not additive: a member serving in teams of two groups counts once in the total.
    register_measure(Measure(keys=("volunteers.teams_now", "volunteers.volunteers_now"), fn=teams_today, current=True))
    # Every change of a record (created, confirmed, rejected) is audited; a team's org never changes.
    register_watch(Watch(key="volunteers.records", model=lambda: ServiceRecord, audited=True, covers=(lambda: Team,)))
    for metric in [
        Metric(
            key="volunteers.hours",
            label="志愿服务时长",
            unit="小时",
            decimals=1,
            section=SECTION,
            order=710,
            breakdown=True,
            definition="统计期间内经队长或工会工作人员确认的志愿服务时长合计（按服务日期，以半小时计），计在服务队"
            "所属的工会；待确认和未通过的不计。",
            inputs=("volunteers.half_hours",),
            formula=hours_formula,
        ),
        Metric(
            key="volunteers.volunteers",
            label="在队志愿者",
            unit="人",
            section=SECTION,
            order=720,
            current=True,
            definition="目前在活跃志愿服务队中的会员人数（一人在多支服务队计一人）。",
            inputs=("volunteers.volunteers_now",),
        ),
        Metric(
            key="volunteers.teams",
            label="志愿服务队",
            unit="支",
            section=SECTION,
            order=730,
            current=True,
            definition="目前活跃（未解散）的志愿服务队支数，计在服务队所属的工会。",
            inputs=("volunteers.teams_now",),
        ),
    ]:
        register_metric(metric)
