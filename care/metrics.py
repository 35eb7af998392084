"""The care app's figures in the 成绩单 section 关心关爱 (``core.metrics``): money paid and people helped, files
on record, mutual insurance and health checks / 疗休养. Money is counted in fen (the rollups hold integers) and shown
in 万元 with two places; the API gives the exact 元."""

from django.db.models import Count, Q

from core.metrics import YUAN, Counter, Metric, Watch, fen, register_counter, register_metric, register_watch, yuan

SECTION = "关心关爱"


def count(f: Q):
    return Count("pk", filter=f)


def register() -> None:
    from .models import Booking, Claim, Enrolment, HardshipFile, LoanReferral, Payout

    # Every change of these records goes through an audited service.
    for name, model in [
        ("payouts", Payout),
        ("files", HardshipFile),
        ("enrolments", Enrolment),
        ("claims", Claim),
        ("bookings", Booking),
        ("loans", LoanReferral),
    ]:
        register_watch(Watch(key=f"care.{name}", model=lambda m=model: m, audited=True))
    paid = Q(status__in=["approved", "paid"])
    register_counter(
        Counter(
            key="care.payout_fen",
            model=lambda: Payout,
            org="union",
            date="decided_at",
            value=fen("amount"),
            where=lambda: paid,
            description="已批准（含已发放）的慰问金、救助款，单位：分",
        )
    )
    register_counter(
        Counter(
            key="care.payouts",
            model=lambda: Payout,
            org="union",
            date="decided_at",
            value=count,
            where=lambda: paid,
            description="已批准（含已发放）的慰问救助人次",
        )
    )
    register_counter(
        Counter(
            key="care.files_opened",
            model=lambda: HardshipFile,
            org="union",
            date="verified_at",
            value=count,
            where=lambda: Q(verified_at__isnull=False),
            stock=True,
            description="经核实生效的困难档案 +1",
        )
    )
    register_counter(
        Counter(
            key="care.files_closed_delta",
            model=lambda: HardshipFile,
            org="union",
            date="closed_at",
            value=lambda f: Count("pk", filter=f) * -1,
            where=lambda: Q(closed_at__isnull=False, verified_at__isnull=False),
            stock=True,
            description="解困脱困的档案 -1",
        )
    )
    register_counter(
        Counter(
            key="care.files_closed",
            model=lambda: HardshipFile,
            org="union",
            date="closed_at",
            value=count,
            where=lambda: Q(closed_at__isnull=False),
            description="解困脱困的档案",
        )
    )
    register_metric(
        Metric(
            key="care.payout_amount",
            breakdown=True,
            label="发放慰问金、救助款",
            unit=YUAN,
            decimals=2,
            section=SECTION,
            order=10,
            definition="统计期间内批准的“四季关爱”等项目慰问金、救助款合计（含已发放；实物按折合金额），精确到分，计在申报工会。",
            inputs=("care.payout_fen",),
            formula=yuan("care.payout_fen"),
        )
    )
    register_metric(
        Metric(
            key="care.people_helped",
            breakdown=True,
            label="帮扶职工",
            unit="人次",
            section=SECTION,
            order=20,
            definition="统计期间内批准的慰问救助笔数（同一项目每人一次，不同项目分别计）。",
            inputs=("care.payouts",),
        )
    )
    register_metric(
        Metric(
            key="care.files_active",
            label="在档困难职工",
            unit="人",
            section=SECTION,
            order=30,
            definition="期末经镇街核实生效、尚未解困脱困的困难职工档案数。",
            inputs=("care.files_opened", "care.files_closed_delta"),
            formula=lambda i: (i.get("care.files_opened") or 0) + (i.get("care.files_closed_delta") or 0),
        )
    )
    register_metric(
        Metric(
            key="care.files_closed",
            label="解困脱困",
            unit="人",
            section=SECTION,
            order=40,
            definition="统计期间内办理解困脱困、关闭的困难档案数。",
            inputs=("care.files_closed",),
        )
    )

    register_counter(
        Counter(
            key="care.enrolled",
            model=lambda: Enrolment,
            org="union",
            date="enrolled_at",
            value=count,
            description="参加职工医疗互助保障的人次",
        )
    )
    granted = Q(status__in=["approved", "paid"])
    register_counter(
        Counter(
            key="care.claims_granted",
            model=lambda: Claim,
            org="enrolment__union",
            date="decided_at",
            value=count,
            where=lambda: granted,
            description="核准赔付的理赔件数",
        )
    )
    register_counter(
        Counter(
            key="care.claims_fen",
            model=lambda: Claim,
            org="enrolment__union",
            date="decided_at",
            value=fen("payable"),
            where=lambda: granted,
            description="核准赔付的互助保障金，单位：分",
        )
    )
    register_counter(
        Counter(
            key="care.checks_booked",
            model=lambda: Booking,
            org="union",
            date="booked_at",
            value=count,
            where=lambda: Q(status__in=["booked", "attended"]),
            description="体检、疗休养、家乡游的预约人次（不含取消）",
        )
    )
    granted_loan = Q(status="granted")
    for key, value, description in [
        ("care.loans_granted", count, "合作银行已放款的蓝领通贷款人数"),
        ("care.loans_fen", fen("amount"), "合作银行已放款的蓝领通贷款金额，单位：分"),
    ]:
        register_counter(
            Counter(
                key=key,
                model=lambda: LoanReferral,
                org="union",
                date="granted_at",
                value=value,
                where=lambda: granted_loan,
                description=description,
            )
        )
    for key, label, unit, order, definition, inputs, formula in [
        ("care.enrolled", "互助保障参保", "人次", 50, "统计期间内参加职工医疗互助保障的人次（每人每个年度计划一次）。",
         ("care.enrolled",), None),
        ("care.claims_granted", "互助保障赔付", "人次", 60, "统计期间内核准赔付的理赔件数。",
         ("care.claims_granted",), None),
        ("care.claims_amount", "发放互助保障金", "元", 70,
         "统计期间内核准的互助保障金合计，按计划规则（起付线、报销比例、年度封顶）计算，精确到分。",
         ("care.claims_fen",), yuan("care.claims_fen")),
        ("care.loans", "蓝领通贷款", "人", 90, "统计期间内合作银行放款的蓝领通创业就业贷款人数（按登记放款时间）。",
         ("care.loans_granted",), None),
        ("care.loans_amount", "蓝领通贷款金额", "元", 95, "统计期间内合作银行放款的蓝领通贷款合计，精确到分。",
         ("care.loans_fen",), yuan("care.loans_fen")),
        ("care.checks", "健康体检、疗休养", "人次", 80, "统计期间内预约体检、疗休养和家乡游的人次（不含取消的预约）。",
         ("care.checks_booked",), None),
    ]:  # fmt: skip
        extra = {"formula": formula, "decimals": 2} if formula else {}
        register_metric(
            Metric(
                key=key,
                label=label,
                unit=unit,
                section=SECTION,
                order=order,
                definition=definition,
                inputs=inputs,
                **extra,
            )
        )
