"""Small loans (蓝领通): a union refers a worker to the partner bank and records what the bank reports. The union
never decides a loan; it keeps the register the 成绩单 counts (people and money lent)."""

from django.db import transaction
from django.utils import timezone

from core import audit, pii
from core.scoping import require

from .. import errors, locking
from ..models import LoanReferral
from .common import id_number, money, person_key

# What the bank may report after each state (a granted or declined loan is final).
NEXT = {
    LoanReferral.Status.REFERRED: {
        LoanReferral.Status.REVIEWING,
        LoanReferral.Status.GRANTED,
        LoanReferral.Status.DECLINED,
    },
    LoanReferral.Status.REVIEWING: {LoanReferral.Status.GRANTED, LoanReferral.Status.DECLINED},
}


@transaction.atomic
def refer(
    *, actor, union, name: str, id_number_value: str, amount, purpose: str, bank: str, phone: str = "", member=None
) -> LoanReferral:
    require(actor, "care.propose", union)
    number = id_number(id_number_value)
    name = (name or "").strip()
    if not name:
        raise errors.NAME_REQUIRED()
    if purpose not in LoanReferral.Purpose.values:
        raise errors.INVALID_CHOICE(label="用途", field="purpose")
    bank = (bank or "").strip()
    if not bank:
        raise errors.BANK_REQUIRED()
    if member is not None and not member.union.path.startswith(union.path):
        raise errors.MEMBER_NOT_FOUND()
    loan = LoanReferral.objects.create(
        union=union,
        member=member,
        name=name[:50],
        id_cipher=pii.encrypt(number),
        id_masked=pii.mask_id(number),
        id_hash=person_key(number),
        phone=(phone or "").strip()[:11],
        amount=money(amount, "贷款金额（元）", field="amount", positive=True),
        purpose=purpose,
        bank=bank[:100],
        created_by=actor,
    )
    audit.record("care.loan.referred", actor=actor, obj=loan, data={"amount": str(loan.amount), "bank": loan.bank})
    return loan


@transaction.atomic
def report_status(loan: LoanReferral, *, actor, status: str, note: str = "") -> LoanReferral:
    """Record the bank's answer; a granted or declined loan is final."""
    loan = locking.loan_for_update(loan.pk)
    require(actor, "care.propose", loan.union)
    if status not in LoanReferral.Status.values:
        raise errors.INVALID_CHOICE(label="状态", field="status")
    if status not in NEXT.get(loan.status, set()):
        raise errors.LOAN_STATUS(current=loan.get_status_display())
    old = loan.status
    loan.status, loan.status_note = status, (note or "").strip()[:200]
    if status == LoanReferral.Status.GRANTED:
        loan.granted_at = timezone.now()
    loan.save(update_fields=["status", "status_note", "granted_at"])
    audit.record("care.loan.status", actor=actor, obj=loan, data={"from": old, "to": status, "note": loan.status_note})
    return loan
