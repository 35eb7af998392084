"""The training figures of section 建功立业 of the 成绩单 (``core.metrics`` declarations). An enrolment counts in the
period the member enrolled and for the org running the course (cancelled ones do not count); a completion and the
union's subsidy count in the period the course finished, for the same org. Money (元) is summed in fen (exact) and
shown in 万元."""

from django.db.models import Count, Q

from core.metrics import YUAN, Counter, Metric, Watch, fen, register_counter, register_metric, register_watch, yuan

from .models import Course, Enrolment, EnrolmentStatus

SECTION = "建功立业"


def register() -> None:
    """Declare the counters and metrics (called from ``TrainingConfig.ready``)."""
    model = {"model": lambda: Enrolment, "org": "course__org"}
    completed = lambda: Q(status=EnrolmentStatus.COMPLETED)  # noqa: E731
    register_counter(
        Counter(
            key="training.enrolments",
            date="enrolled_at",
            value=lambda f: Count("pk", filter=f),
            where=lambda: ~Q(status=EnrolmentStatus.CANCELLED),
            description="培训报名人数（退出的不计）",
            **model,
        )
    )
    register_counter(
        Counter(
            key="training.completions",
            date="completed_at",
            value=lambda f: Count("pk", filter=f),
            where=completed,
            description="培训结业人数（按结业日期）",
            **model,
        )
    )
    register_counter(
        Counter(
            key="training.subsidy_fen",
            date="completed_at",
            value=fen("subsidy"),
            where=completed,
            description="结业学员的工会培训补贴（分）",
            **model,
        )
    )
    # A course's org never changes: the enrolment rows alone say when the figures move.
    register_watch(Watch(key="training.enrolments", model=lambda: Enrolment, audited=True, covers=(lambda: Course,)))
    for metric in [
        Metric(
            key="training.enrolments",
            label="职工参加技能培训、学历提升",
            unit="人",
            section=SECTION,
            order=510,
            breakdown=True,
            definition="统计期间内报名参加工会举办的技能培训、学历提升课程的人数（按报名日期，退出的不计；一人报名"
            "两门计两人），计在主办工会。",
            inputs=("training.enrolments",),
            list_url="training",
        ),
        Metric(
            key="training.completions",
            label="培训结业",
            unit="人",
            section=SECTION,
            order=520,
            definition="统计期间内结业的学员人数：课程结业时出勤课次不少于结业要求的学员（按结业日期）。",
            inputs=("training.completions",),
        ),
        Metric(
            key="training.subsidy",
            label="工会培训补贴",
            unit=YUAN,
            decimals=2,
            section=SECTION,
            order=530,
            definition="统计期间内结业学员的工会补贴之和（每人按报名时课程的补贴标准，不高于学费），精确到分，"
            "显示为万元。",
            inputs=("training.subsidy_fen",),
            formula=yuan("training.subsidy_fen"),
        ),
    ]:
        register_metric(metric)
