"""Out-of-scope cases of every care route that names an object (run by core/tests/test_route_scope.py).

乙镇 runs its own 冬送温暖 with a payout to a worker of 乙一纺织 and a hardship file there. 甲街道's admin (no care
role) and 甲街道's care officer ask for each: every page and endpoint answers 404."""

from core.testing import ScopeTable
from members.tests.factories import make_id_number

from ..services import payouts
from .factories import hardship_file, officer, programme, roster_member

table = ScopeTable("care")


@table.world
def world(w):
    b_officer = officer(w.tree.town_b, "care_b_town")
    b_union = officer(w.tree.union_b1, "care_b_union")
    w.programme = programme(w.tree.town_b, b_officer, budget="5000.00")
    worker = roster_member(w.tree.union_b1, w.users.union_b, 9001)
    w.payout = payouts.propose_payout(w.programme, actor=w.users.union_b, union=w.tree.union_b1, member=worker)
    w.file = hardship_file(w.tree.union_b1, b_union, name="赵玉兰")
    w.care_a = officer(w.tree.town_a, "care_a_town")


ASKERS = [lambda w: w.users.town, lambda w: w.care_a]


def _form(w):
    return {"org": "TB01", "amount": "1.00", "reason": "核对", "paid_on": "2026-01-05", "method": "transfer"}


BODIES = {
    "POST /api/v1/care/programmes/{programme_id}/budgets": {"org": "TB01", "amount": "1.00"},
    "POST /api/v1/care/programmes/{programme_id}/payouts": {"member_id": 1},
    "POST /api/v1/care/payouts/{payout_id}/reject": {"reason": "核对"},
    "POST /api/v1/care/payouts/{payout_id}/paid": {"ref": "x"},
    "POST /api/v1/care/files/{file_id}/return": {"reason": "核对"},
    "POST /api/v1/care/files/{file_id}/review": {"reason": "核对"},
    "POST /api/v1/care/files/{file_id}/close": {"reason": "核对"},
}


def body(key):
    return lambda w: BODIES.get(key, {})


for asker in ASKERS:
    table.pages(
        ["care:programme_detail", "care:programme_export"],
        args=lambda w: [w.programme.pk],
        user=asker,
        methods=("get",),
    )
    table.pages(["care:programme_budget"], args=lambda w: [w.programme.pk], user=asker, methods=("post",), data=_form)
    table.pages(["care:propose"], args=lambda w: [w.programme.pk], user=asker, data=_form)
    table.pages(
        ["care:payout_approve", "care:payout_reject", "care:payout_paid"],
        args=lambda w: [w.payout.pk],
        user=asker,
        methods=("post",),
        data=_form,
    )
    table.pages(["care:file_detail"], args=lambda w: [w.file.pk], user=asker, methods=("get",))
    table.pages(
        ["care:file_verify", "care:file_return", "care:file_review", "care:file_close"],
        args=lambda w: [w.file.pk],
        user=asker,
        methods=("post",),
        data=_form,
    )
    for key in [
        "GET /api/v1/care/programmes/{programme_id}",
        "POST /api/v1/care/programmes/{programme_id}/budgets",
        "POST /api/v1/care/programmes/{programme_id}/payouts",
    ]:
        table.api([key], params=lambda w: {"programme_id": w.programme.pk}, user=asker, body=body(key))
    for key in [
        "GET /api/v1/care/payouts/{payout_id}",
        "POST /api/v1/care/payouts/{payout_id}/approve",
        "POST /api/v1/care/payouts/{payout_id}/reject",
        "POST /api/v1/care/payouts/{payout_id}/paid",
    ]:
        table.api([key], params=lambda w: {"payout_id": w.payout.pk}, user=asker, body=body(key))
    for key in [
        "GET /api/v1/care/files/{file_id}",
        "POST /api/v1/care/files/{file_id}/verify",
        "POST /api/v1/care/files/{file_id}/return",
        "POST /api/v1/care/files/{file_id}/review",
        "POST /api/v1/care/files/{file_id}/close",
    ]:
        table.api([key], params=lambda w: {"file_id": w.file.pk}, user=asker, body=body(key))


# --- Insurance and health checks ---------------------------------------------------------------------------------


@table.world
def world_more(w):
    world(w)
    from datetime import timedelta

    from django.utils import timezone

    from members import joining

    from ..services import checks, insurance

    # 乙镇's plan and slot; a 乙一纺织 worker's enrolment, claim and booking.
    w.plan_b = insurance.create_plan(
        actor=w.users.district, org=w.tree.town_b, name="乙镇互助保障", year=2026,
        premium="50.00", deductible="300.00", ratio="0.5", cap="2000.00",
    )  # fmt: skip
    b_worker = roster_member(w.tree.union_b1, w.users.union_b, 9002)
    joining.ensure_account(b_worker)
    b_worker.refresh_from_db()
    w.enrolment_b = insurance.enrol(w.plan_b, actor=w.users.union_b, member=b_worker, premium_paid=True)
    w.claim_b = insurance.submit_claim(
        w.enrolment_b, actor=w.users.union_b, hospital="乙镇卫生院", category="inpatient", bill_amount="800"
    )
    checks_b = checks.create_programme(
        actor=w.users.district, org=w.tree.town_b, kind="retreat", title="乙镇疗休养", year=2026
    )
    w.slot_b = checks.add_slot(
        checks_b, actor=w.users.district, place="溪口", starts_at=timezone.now() + timedelta(days=9), capacity=5
    )
    w.booking_b = checks.book(w.slot_b, actor=b_worker.user, member=b_worker)
    # The asking member: a worker of 甲一机械 with a login.
    a_worker = roster_member(w.tree.union_a1, w.users.union, 9003)
    w.member_user = joining.ensure_account(a_worker)


def _member_user(w):
    return w.member_user


for asker in ASKERS:
    table.pages(["care:claim_review", "care:claim_pay"], args=lambda w: [w.claim_b.pk], user=asker, methods=("post",))
    table.pages(["care:booking_checkin"], args=lambda w: [w.booking_b.pk], user=asker, methods=("post",))
    table.api(
        ["GET /api/v1/care/claims/{claim_id}", "POST /api/v1/care/claims/{claim_id}/review"],
        params=lambda w: {"claim_id": w.claim_b.pk},
        user=asker,
    )

# A member of 甲街道 asks for 乙镇's plan and slot, and for another worker's enrolment, claim and booking.
table.pages(["care:member_enrol"], args=lambda w: [w.plan_b.pk], user=_member_user, methods=("post",))
table.pages(["care:member_claim_new"], args=lambda w: [w.enrolment_b.pk], user=_member_user, methods=("post",))
table.pages(["care:member_claim"], args=lambda w: [w.claim_b.pk], user=_member_user, methods=("get",))
table.pages(["care:member_book"], args=lambda w: [w.slot_b.pk], user=_member_user, methods=("post",))
table.pages(["care:member_cancel"], args=lambda w: [w.booking_b.pk], user=_member_user, methods=("post",))
table.api(["POST /api/v1/me/care/slots/{slot_id}/book"], params=lambda w: {"slot_id": w.slot_b.pk}, user=_member_user)


# --- Health-check / 疗休养 programmes by nomination -----------------------------------------------------------------


@table.world
def world_checks(w):
    world_more(w)
    from datetime import timedelta

    from django.utils import timezone

    from ..services import checks

    # 乙镇's 疗休养 by nomination, with a quota for 乙一纺织, one nomination and a booking.
    w.checks_b = checks.create_programme(
        actor=w.users.district, org=w.tree.town_b, kind="retreat", title="乙镇劳模疗休养", year=2026, by_nomination=True
    )
    checks.add_slot(
        w.checks_b, actor=w.users.district, place="溪口", starts_at=timezone.now() + timedelta(days=9), capacity=5
    )
    checks.set_quota(w.checks_b, actor=w.users.district, union=w.tree.union_b1, quota=3)
    b_worker = roster_member(w.tree.union_b1, w.users.union_b, 9004)
    w.nomination_b = checks.nominate(w.checks_b, actor=w.users.union_b, member=b_worker)


CHECKS_BODIES = {
    "POST /api/v1/care/checks/{checks_id}/slots": {"place": "x", "starts_at": "2030-01-01T09:00:00", "capacity": 1},
    "POST /api/v1/care/checks/{checks_id}/quotas": {"union": "TA01", "quota": 1},
    "POST /api/v1/care/checks/{checks_id}/nominations": {"member_id": 1},
}

for asker in ASKERS:
    table.pages(["care:checks_detail"], args=lambda w: [w.checks_b.pk], user=asker, methods=("get",))
    table.pages(
        ["care:checks_slot", "care:checks_quota", "care:checks_nominate"],
        args=lambda w: [w.checks_b.pk],
        user=asker,
        methods=("post",),
        data=lambda w: {"place": "x", "starts_at": "2030-01-01 09:00", "capacity": "1", "union": "TA01", "quota": "1",
                        "card_no": "x"},
    )  # fmt: skip
    table.pages(["care:nomination_withdraw"], args=lambda w: [w.nomination_b.pk], user=asker, methods=("post",))
    for key in [
        "GET /api/v1/care/checks/{checks_id}",
        "POST /api/v1/care/checks/{checks_id}/slots",
        "POST /api/v1/care/checks/{checks_id}/quotas",
        "POST /api/v1/care/checks/{checks_id}/nominations",
    ]:
        table.api(
            [key],
            params=lambda w: {"checks_id": w.checks_b.pk},
            user=asker,
            body=lambda w, k=key: CHECKS_BODIES.get(k, {}),
        )
    table.api(
        ["POST /api/v1/care/nominations/{nomination_id}/withdraw"],
        params=lambda w: {"nomination_id": w.nomination_b.pk},
        user=asker,
    )
    table.api(
        ["POST /api/v1/care/bookings/{booking_id}/checkin"], params=lambda w: {"booking_id": w.booking_b.pk}, user=asker
    )


# 乙一纺织's loan referral: 甲街道's admin and care officer get 404 on its page and endpoints.
_world_checks = world_checks


@table.world
def world_loans(w):
    _world_checks(w)
    from ..services import loans

    w.loan_b = loans.refer(
        actor=w.users.union_b, union=w.tree.union_b1, name="钱小二",
        id_number_value=make_id_number(9100, area="330206"), amount="50000.00", purpose="startup", bank="宁波银行",
    )  # fmt: skip


for asker in ASKERS:
    table.pages(["care:loan_status"], args=lambda w: [w.loan_b.pk], user=asker, methods=("post",),
                data=lambda w: {"status": "granted"})  # fmt: skip
    table.api(["GET /api/v1/care/loans/{loan_id}"], params=lambda w: {"loan_id": w.loan_b.pk}, user=asker)
    table.api(
        ["POST /api/v1/care/loans/{loan_id}/status"],
        params=lambda w: {"loan_id": w.loan_b.pk},
        user=asker,
        body=lambda w: {"status": "granted"},
    )


# A supporting document of 乙一纺织's hardship file.
_world_loans = world_loans


@table.world
def world_documents(w):
    _world_loans(w)
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from ..services import hardship

    buf = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buf, format="PNG")
    upload = SimpleUploadedFile("d.png", buf.getvalue(), content_type="image/png")
    b_union = w.file.created_by
    (w.document_b,) = hardship.add_documents(w.file, actor=b_union, uploads=[upload])


for asker in ASKERS:
    table.pages(["care:file_documents"], args=lambda w: [w.file.pk], user=asker, methods=("post",))
    table.pages(["care:file_document"], args=lambda w: [w.document_b.pk], user=asker, methods=("get",))


# A bill photo of 乙一纺织's claim.
_world_documents = world_documents


@table.world
def world_bills(w):
    _world_documents(w)
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from ..services import insurance

    buf = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buf, format="PNG")
    upload = SimpleUploadedFile("b.png", buf.getvalue(), content_type="image/png")
    claim = insurance.submit_claim(
        w.enrolment_b, actor=w.users.union_b, hospital="乙镇卫生院", category="inpatient", bill_amount="900",
        bills=[upload],
    )  # fmt: skip
    w.bill_b = claim.bills.get()


for asker in ASKERS:
    table.pages(["care:claim_bill"], args=lambda w: [w.bill_b.pk], user=asker, methods=("get",))

for asker in ASKERS:
    table.pages(["care:plan_enrol_roster"], args=lambda w: [w.plan_b.pk], user=asker, methods=("post",),
                data=lambda w: {"union": "TA01"})  # fmt: skip
