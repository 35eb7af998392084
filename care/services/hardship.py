"""The hardship archive (困难职工档案): a union puts a worker on file, the town verifies (核实) or returns it, files
are reviewed yearly and closed as 解困脱困. Every view of a file is audited (``view_file``)."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from core import audit, pii
from core.scoping import can, require
from orgs.models import Org

from .. import errors, locking
from ..models import Cause, HardshipFile, IncomeThreshold, Level
from .common import id_number, money, person_key, reason

REVIEW_EVERY = timedelta(days=365)


def parent_of(org: Org) -> Org:
    """The org above (the town above a union); the org itself at the top of the tree."""
    return org if org.is_root() else Org.objects.get_parent(org)


def threshold_for(union: Org, year: int):
    """The income line of the nearest org at or above ``union`` that set one for ``year``, or None."""
    paths = [union.path[:n] for n in range(len(union.path), 0, -union.steplen)]
    found = {
        t.org.path: t.amount
        for t in IncomeThreshold.objects.select_related("org").filter(org__path__in=paths, year=year)
    }
    return next((found[p] for p in paths if p in found), None)


@transaction.atomic
def set_threshold(*, actor, org: Org, year: int, amount) -> IncomeThreshold:
    require(actor, "care.manage", org)
    amount = money(amount, "月人均收入标准（元）", field="amount", positive=True)
    row, _ = IncomeThreshold.objects.update_or_create(org=org, year=year, defaults={"amount": amount})
    audit.record("care.threshold.set", actor=actor, obj=row, org=org, data={"year": year, "amount": str(amount)})
    return row


@transaction.atomic
def create_file(
    *,
    actor,
    union: Org,
    name: str,
    id_number_value: str,
    cause: str,
    level: str,
    household_size: int,
    household_income,
    phone: str = "",
    situation: str = "",
    bank_account: str = "",
    member=None,
) -> HardshipFile:
    """Put a worker on file (待核实). A person has at most one open file on the whole platform."""
    require(actor, "care.files", union)
    number = id_number(id_number_value)
    key = person_key(number)
    name = (name or "").strip()
    if not name:
        raise errors.NAME_REQUIRED()
    if not isinstance(household_size, int) or not 1 <= household_size <= 20:
        raise errors.HOUSEHOLD_SIZE()
    income = money(household_income, "家庭月收入（元）", field="household_income")
    if cause not in Cause.values:
        raise errors.INVALID_CHOICE(label="致困原因", field="cause")
    if level not in Level.values:
        raise errors.INVALID_CHOICE(label="困难类别", field="level")
    if member is not None and not member.union.path.startswith(union.path):
        raise errors.MEMBER_NOT_FOUND()
    existing = HardshipFile.objects.select_related("union").filter(id_hash=key).exclude(status="closed").first()
    if existing is not None:
        raise errors.ALREADY_ON_FILE(union=existing.union.name)
    file = HardshipFile(
        union=union,
        member=member,
        name=name[:50],
        id_cipher=pii.encrypt(number),
        id_masked=pii.mask_id(number),
        id_hash=key,
        phone=(phone or "").strip()[:11],
        cause=cause,
        level=level,
        household_size=household_size,
        household_income=income,
        threshold=threshold_for(union, timezone.localdate().year),
        situation=(situation or "").strip(),
        created_by=actor,
    )
    if bank_account:
        account = "".join(ch for ch in str(bank_account) if ch.isdigit())
        file.bank_account_cipher, file.bank_account_masked = pii.encrypt(account), pii.mask_id(account)
    try:
        with transaction.atomic():
            file.save()
    except IntegrityError:
        raise errors.ALREADY_ON_FILE(union=union.name) from None
    # The audit trail names the file, never the ID number or the household's details.
    audit.record("care.file.created", actor=actor, obj=file, data={"cause": cause, "level": level})
    return file


def view_file(file: HardshipFile, *, actor, via: str = "page") -> HardshipFile:
    """Record that ``actor`` looked at the file (every view of hardship data is in the audit trail)."""
    require(actor, "care.files", file.union)
    audit.record("care.file.viewed", actor=actor, obj=file, data={"via": via})
    return file


@transaction.atomic
def verify_file(file: HardshipFile, *, actor) -> HardshipFile:
    """The town confirms the file (核实): it becomes active and is due for review in a year."""
    file = locking.file_for_update(file.pk)
    require(actor, "care.files", file.union)
    if not can(actor, "care.verify", parent_of(file.union)) or parent_of(file.union) == file.union:
        raise errors.VERIFY_OWN_LEVEL()
    if file.status != HardshipFile.Status.PENDING:
        raise errors.FILE_NOT_PENDING()
    now = timezone.now()
    file.status, file.verified_by, file.verified_at = HardshipFile.Status.ACTIVE, actor, now
    file.review_due = timezone.localdate() + REVIEW_EVERY
    file.returned_reason = ""
    file.save(update_fields=["status", "verified_by", "verified_at", "review_due", "returned_reason"])
    audit.record("care.file.verified", actor=actor, obj=file)
    return file


@transaction.atomic
def return_file(file: HardshipFile, *, actor, reason_text: str) -> HardshipFile:
    """The town sends the file back to the union to complete (退回补充), saying why."""
    file = locking.file_for_update(file.pk)
    require(actor, "care.files", file.union)
    if not can(actor, "care.verify", parent_of(file.union)) or parent_of(file.union) == file.union:
        raise errors.VERIFY_OWN_LEVEL()
    if file.status != HardshipFile.Status.PENDING:
        raise errors.FILE_NOT_PENDING()
    file.status, file.returned_reason = HardshipFile.Status.RETURNED, reason(reason_text)
    file.save(update_fields=["status", "returned_reason"])
    audit.record("care.file.returned", actor=actor, obj=file, data={"reason": file.returned_reason})
    return file


@transaction.atomic
def resubmit_file(file: HardshipFile, *, actor, household_size: int, household_income, situation: str = ""):
    """The union completes a returned file and sends it for verification again."""
    file = locking.file_for_update(file.pk)
    require(actor, "care.files", file.union)
    if file.status != HardshipFile.Status.RETURNED:
        raise errors.FILE_NOT_RETURNED()
    if not isinstance(household_size, int) or not 1 <= household_size <= 20:
        raise errors.HOUSEHOLD_SIZE()
    before = audit.snapshot(file, ["household_size", "household_income"])
    file.household_size = household_size
    file.household_income = money(household_income, "家庭月收入（元）", field="household_income")
    if situation:
        file.situation = situation.strip()
    file.status = HardshipFile.Status.PENDING
    file.save(update_fields=["household_size", "household_income", "situation", "status"])
    after = audit.snapshot(file, ["household_size", "household_income"])
    audit.record("care.file.resubmitted", actor=actor, obj=file, changes=audit.diff(before, after))
    return file


@transaction.atomic
def review_file(file: HardshipFile, *, actor, note: str = "") -> HardshipFile:
    """The yearly review (年度复核): the file stays active and is due again in a year."""
    file = locking.file_for_update(file.pk)
    require(actor, "care.files", file.union)
    if file.status != HardshipFile.Status.ACTIVE:
        raise errors.FILE_NOT_ACTIVE(action="复核")
    file.review_due = timezone.localdate() + REVIEW_EVERY
    file.save(update_fields=["review_due"])
    audit.record("care.file.reviewed", actor=actor, obj=file, data={"note": (note or "")[:200]})
    return file


@transaction.atomic
def close_file(file: HardshipFile, *, actor, reason_text: str) -> HardshipFile:
    """解困脱困: the file is closed with the reason; its history and payouts stay."""
    file = locking.file_for_update(file.pk)
    require(actor, "care.files", file.union)
    if file.status != HardshipFile.Status.ACTIVE:
        raise errors.FILE_NOT_ACTIVE(action="办理脱困")
    file.status, file.closed_at, file.closed_reason = HardshipFile.Status.CLOSED, timezone.now(), reason(reason_text)
    file.save(update_fields=["status", "closed_at", "closed_reason"])
    audit.record("care.file.closed", actor=actor, obj=file, data={"reason": file.closed_reason})
    return file


MAX_DOCUMENTS = 20


@transaction.atomic
def add_documents(file: HardshipFile, *, actor, uploads, caption: str = ""):
    """Supporting documents of a file, each through the appeals' photo check (a real image within the size and pixel
    limits, re-encoded without metadata)."""
    from appeals.photos import clean_photo

    from ..models import FileDocument

    file = locking.file_for_update(file.pk)
    require(actor, "care.files", file.union)
    if not uploads:
        raise errors.DOCUMENT_REQUIRED()
    if file.documents.count() + len(uploads) > MAX_DOCUMENTS:
        raise errors.TOO_MANY_DOCUMENTS(n=MAX_DOCUMENTS)
    made = []
    for i, upload in enumerate(uploads, start=1):
        cleaned, (width, height) = clean_photo(upload, index=i)
        doc = FileDocument(
            file=file, width=width, height=height, caption=(caption or "").strip()[:100], uploaded_by=actor
        )
        doc.image.save(cleaned.name, cleaned, save=False)
        doc.save()
        made.append(doc)
    audit.record("care.file.documents_added", actor=actor, obj=file, data={"documents": [d.pk for d in made]})
    return made


def view_document(doc, *, actor):
    """Record that ``actor`` opened a supporting document (as every view of a file)."""
    require(actor, "care.files", doc.file.union)
    audit.record("care.file.document_viewed", actor=actor, obj=doc.file, data={"document": doc.pk})
    return doc
