"""Roster export to Excel (.xlsx), in the background: the filtered roster written row by row with XlsxWriter in
constant-memory mode. ID numbers and phones are masked unless the user holds ``members.export_pii`` over the whole
scope of the export and gives a reason, which the audit trail keeps (PIPL art. 28/29/51).

``filtered_members(user, filters)`` is the roster's one filter: the console roster page uses it for its list,
and the export uses it with the same query-string keys, so "export what I see" exports exactly that.
"""

import logging
import os
import tempfile
from collections.abc import Mapping
from datetime import date
from functools import partial

from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, pii
from core.dates import parse_loose_date
from core.errors import DomainError
from core.models import Job
from core.scoping import EVERYTHING, can, scope_paths
from core.validators import normalize_code
from members import errors
from orgs.models import Org

from .choices import MemberStatus, Tag
from .models import Member
from .roster_file import COLUMNS
from .selectors import search_q
from .validation import LABELS

logger = logging.getLogger(__name__)

JOB_KIND = "members.export"
BATCH_SIZE = 2000
# The query-string keys the roster page and the export share.
FILTER_KEYS = ("union", "union_id", "under", "subtree", "status", "tag", "employer", "joined_from", "joined_to", "q")
# The template's columns (an export can be edited and imported elsewhere), then where and how the member stands.
EXPORT_HEADERS = [LABELS[f] for f in COLUMNS] + ["所属工会", "工会代码", "会籍状态"]
_NO = ("0", "false", "no", "off")


def _invalid(field: str, message: str) -> DomainError:
    return errors.INVALID_FILTER(message=message, field=field)


def clean_filters(raw: Mapping) -> dict:
    """The filters of ``raw`` (a dict or a QueryDict) normalised to JSON-safe values; empty ones dropped. A value
    that cannot be understood is refused rather than ignored: ignoring it would export more than was asked."""
    out: dict = {}

    def get(key):
        value = raw.get(key)
        return value.strip() if isinstance(value, str) else value

    if union := normalize_code(str(get("union") or "")):
        out["union"] = union
    # ``under`` is the roster page's name for the same thing: a union's pk, with its sub-tree.
    if union_id := get("union_id") or get("under"):
        try:
            out["union_id"] = int(union_id)
        except (TypeError, ValueError):
            raise _invalid("union_id", _("所属工会：参数不正确")) from None
    if "union" in out or "union_id" in out:
        subtree = get("subtree")
        out["subtree"] = not (subtree is False or str(subtree).lower() in _NO) if subtree not in (None, "") else True
    if status := get("status"):
        if status not in MemberStatus.values:
            raise _invalid("status", _("会籍状态：“%(v)s”不是可选值") % {"v": status})
        out["status"] = status
    if tag := get("tag"):
        if tag not in Tag.values:
            raise _invalid("tag", _("标签：“%(v)s”不是可选值") % {"v": tag})
        out["tag"] = tag
    if employer := get("employer"):
        try:
            out["employer"] = int(employer)
        except (TypeError, ValueError):
            raise _invalid("employer", _("工作单位：参数不正确")) from None
    for key, label in (("joined_from", _("入会日期起")), ("joined_to", _("入会日期止"))):
        value = get(key)
        if value in (None, ""):
            continue
        try:
            out[key] = parse_loose_date(value).isoformat()
        except (ValueError, AttributeError):
            raise _invalid(key, _("%(l)s：“%(v)s”不是有效日期") % {"l": label, "v": value}) from None
    if q := get("q"):
        out["q"] = str(q)[:100]
    return out


def names_union(filters: Mapping) -> bool:
    """Whether cleaned ``filters`` narrow the roster to one union (and, by default, its sub-tree)."""
    return "union" in filters or "union_id" in filters


def named_union(user, filters: Mapping, permission: str) -> Org | None:
    """The union named by cleaned ``filters``, if there is one and ``user`` sees it under ``permission``."""
    if user is None or not names_union(filters):
        return None
    orgs = Org.objects.restrict(user, permission).only("id", "path", "code", "name")
    if "union_id" in filters:
        return orgs.filter(pk=filters["union_id"]).first()
    return orgs.filter(code=filters["union"]).first()


def filtered_members(user, filters: Mapping, *, permission: str = "members.view", union: Org | None = None) -> QuerySet:
    """The members ``user`` may see under ``permission`` that match ``filters``: ``union`` (an org code) or
    ``union_id``/``under`` (its pk) with ``subtree`` (default true: the union and all below it), ``status``,
    ``tag``, ``employer`` (an enterprise id), ``joined_from``/``joined_to`` (dates), ``q``
    (``selectors.search_q``). A union outside the user's scope matches nothing. Raises
    ``DomainError("invalid_filter")`` for a value it cannot understand. The queryset keeps the model's default
    order; callers add ``select_related`` for what they show. ``union``: the filters' union already looked up
    with ``named_union`` (saves the query)."""
    f = clean_filters(filters)
    qs = Member.objects.restrict(user, permission)
    if names_union(f):
        union = union or named_union(user, f, permission)
        if union is None:
            return qs.none()
        qs = qs.filter(union__path__startswith=union.path) if f["subtree"] else qs.filter(union=union)
    if "status" in f:
        qs = qs.filter(status=f["status"])
    if "tag" in f:
        qs = qs.filter(tags__tag=f["tag"])  # (member, tag) is unique: no duplicate rows
    if "employer" in f:
        qs = qs.filter(employer_id=f["employer"])
    if "joined_from" in f:
        qs = qs.filter(joined_on__gte=f["joined_from"])
    if "joined_to" in f:
        qs = qs.filter(joined_on__lte=f["joined_to"])
    if "q" in f:
        qs = qs.filter(search_q(f["q"]))
    return qs


# --- Starting an export ---------------------------------------------------------------------------------------


def _denied(message=None) -> DomainError:
    return errors.PERMISSION_DENIED(message=message or _("您没有权限导出会员名册"))


def may_export_unmasked(user, union: Org | None) -> bool:
    """Whether ``user`` holds ``members.export_pii`` over the whole scope of an export: the filtered union, or,
    without one, every sub-tree where they may export."""
    if union is not None:
        return can(user, "members.export_pii", union)
    export = scope_paths(user, "members.export")
    pii_paths = scope_paths(user, "members.export_pii")
    if pii_paths is EVERYTHING:
        return True
    if export is EVERYTHING or not export:
        return False
    return all(any(p.startswith(q) for q in pii_paths) for p in export)


def export_jobs(user):
    """Export jobs ``user`` may see: only their own (an export may hold unmasked personal data, so a colleague's
    file is never handed on), and only while they may still export."""
    if not scope_paths(user, "members.export"):
        return Job.objects.none()
    return Job.objects.filter(kind=JOB_KIND, created_by=user)


@transaction.atomic
def start_export(*, actor, filters: Mapping, unmasked: bool = False, reason: str = "") -> Job:
    """Start an export of the roster matching ``filters``. Masked by default; ``unmasked`` needs
    ``members.export_pii`` over the scope and a reason, and either way an audit event records who exported what."""
    f = clean_filters(filters)
    paths = scope_paths(actor, "members.export")
    if not paths:
        raise _denied()
    union = named_union(actor, f, "members.export")
    if names_union(f) and union is None:
        raise errors.NOT_FOUND(message=_("所属工会不存在或不在您的管理范围内"), field="union")
    reason = (reason or "").strip()
    if unmasked:
        if not may_export_unmasked(actor, union):
            raise _denied(_("您没有导出完整证件号码和手机号的权限"))
        if len(reason) < 2:
            raise errors.REASON_REQUIRED(field="reason")
    org = union
    if org is None and paths is not EVERYTHING:
        org = Org.objects.filter(path=paths[0]).first()
    job = Job.objects.create(
        kind=JOB_KIND, org=org, created_by=actor, params={"filters": f, "unmasked": bool(unmasked)}
    )
    audit.record(
        "members.export.created",
        actor=actor,
        obj=job,
        org=org,
        data={"job": job.pk, "filters": f, "unmasked": bool(unmasked), "reason": reason[:200]},
    )
    from .tasks import export_members_task

    transaction.on_commit(partial(export_members_task.enqueue, job.pk))
    return job


# --- Writing the file -----------------------------------------------------------------------------------------


def _row(member: Member, *, unmasked: bool) -> list:
    """One member as the export's cells, in ``EXPORT_HEADERS`` order."""
    return [
        member.name,
        member.get_id_type_display(),
        pii.decrypt(member.id_cipher) if unmasked else member.id_masked,
        member.get_gender_display(),
        member.birth_date,
        member.ethnicity,
        member.phone if unmasked else member.phone_masked,
        member.get_education_display(),
        member.get_political_display(),
        member.get_hukou_type_display(),
        member.hukou_place,
        member.employer_name,
        member.get_gig_platform_display(),
        member.job_title,
        member.get_employment_display(),
        "是" if member.is_migrant_worker else "否",
        "、".join(str(t.get_tag_display()) for t in member.tags.all()),
        member.joined_on,
        member.card_no,
        member.union.name,
        member.union.code,
        member.get_status_display(),
    ]


def write_export(qs: QuerySet, dest: str, *, unmasked: bool, progress=None) -> int:
    """Write the members of ``qs`` to ``dest`` with XlsxWriter in constant-memory mode (each row goes to disk as
    it is written), reading them 2,000 at a time with their tags; returns how many were written."""
    import xlsxwriter

    total = qs.count()
    workbook = xlsxwriter.Workbook(dest, {"constant_memory": True, "strings_to_numbers": False})
    written = 0
    try:
        sheet = workbook.add_worksheet("会员名册")
        title = workbook.add_format({"bold": True, "font_size": 13})
        head = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        day = workbook.add_format({"num_format": "yyyy-mm-dd"})
        note = _("证件号码、手机号为完整信息，请妥善保管，用后删除") if unmasked else _("证件号码、手机号已脱敏")
        sheet.write_string(
            0,
            0,
            _("会员名册（导出于 %(t)s，共 %(n)s 人；%(note)s）")
            % {"t": timezone.localtime().strftime("%Y-%m-%d %H:%M"), "n": f"{total:,}", "note": note},
            title,
        )
        for c, header in enumerate(EXPORT_HEADERS):
            sheet.write_string(1, c, header, head)
            sheet.set_column(c, c, 22 if header in {"证件号码", "工作单位", "所属工会"} else 12)
        sheet.freeze_panes(2, 1)
        rows = (
            qs.select_related("union")
            .prefetch_related("tags")
            .order_by("union__path", "id")
            .iterator(chunk_size=BATCH_SIZE)
        )
        for member in rows:
            r = written + 2
            for c, value in enumerate(_row(member, unmasked=unmasked)):
                if isinstance(value, date):
                    sheet.write_datetime(r, c, value, day)
                elif value not in ("", None):
                    sheet.write_string(r, c, str(value))
            written += 1
            if progress and written % BATCH_SIZE == 0:
                progress(written, total)
    finally:
        workbook.close()
    return written


def run_export_job(job_id: int) -> str:
    """Run a queued export job: the task's body. The filters are applied again with the creator's permissions as
    they are now, so a grant revoked meanwhile narrows (or stops) the export."""
    job = Job.objects.select_related("created_by").get(pk=job_id)
    if job.status != Job.Status.QUEUED:
        return job.status
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    actor = job.created_by
    filters = job.params.get("filters", {})
    unmasked = bool(job.params.get("unmasked"))

    def finish(status, message, result):
        job.status, job.message, job.result, job.finished_at = status, message, result, timezone.now()
        job.save(update_fields=["status", "message", "result", "finished_at", "output_file", "done", "total"])

    try:
        union = named_union(actor, filters, "members.export")
        allowed = actor is not None and bool(scope_paths(actor, "members.export"))
        allowed = allowed and (union is not None or not names_union(filters))
        if not allowed or (unmasked and not may_export_unmasked(actor, union)):
            finish(Job.Status.FAILED, _("发起人已没有导出权限，未生成文件"), {})
            return job.status
        qs = filtered_members(actor, filters, permission="members.export")
        job.report(done=0, stage=_("导出"))

        def progress(done, total):
            job.report(done=done, total=total)

        with tempfile.TemporaryDirectory() as tmp:
            dest = os.path.join(tmp, "export.xlsx")
            written = write_export(qs, dest, unmasked=unmasked, progress=progress)
            with open(dest, "rb") as fh:
                job.output_file.save(f"export-{job.pk}.xlsx", File(fh), save=False)
        job.done = job.total = written
        finish(
            Job.Status.SUCCEEDED,
            _("已导出 %(n)s 名会员") % {"n": f"{written:,}"},
            {"rows": written, "unmasked": unmasked},
        )
    except Exception:
        logger.exception("member export job %s failed", job.pk)
        finish(Job.Status.FAILED, _("导出时发生系统错误，请稍后重试或联系管理员（任务编号 %(n)d）") % {"n": job.pk}, {})
        raise
    return job.status


def download_name(job: Job) -> str:
    """The file name a browser saves an export as."""
    return f"会员名册_{timezone.localtime(job.created_at):%Y%m%d_%H%M}.xlsx"
