"""API of roster imports and exports: background jobs with progress, their error reports and files.

Jobs are found only through ``importing.import_jobs`` / ``exporting.export_jobs``: another union's import, or
anybody else's export, answers 404 like an unknown id. Starting a job goes through the same service functions
as the console pages.
"""

from datetime import datetime
from typing import Annotated

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from core.api import ApiDate, StrictInput, api_enum, choices_doc, with_errors
from core.models import Job
from core.scoping import scope_paths
from core.validators import normalize_code
from members import errors as members_errors
from members import exporting, importing, roster_workbooks
from members.choices import MemberStatus, Tag
from orgs.models import Org

# The model's choices under names of their own in the API's schema (component names are unique).
JobStatus = api_enum(Job.Status, "JobStatus")

imports_router = Router(tags=["会员导入"])
exports_router = Router(tags=["会员导出"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FILE_RESPONSE = {
    "responses": {
        200: {"description": "xlsx 文件", "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}}
    }
}


# --- Schemas --------------------------------------------------------------------------------------------------


class ExportUnionRef(Schema):
    code: str = Field(description="组织代码")
    name: str = Field(description="全称")


class JobFields(Schema):
    """What every job answer carries: state and progress."""

    id: int
    status: JobStatus = Field(description=f"状态：{choices_doc(Job.Status)}")
    status_label: str = Field(description="状态名称")
    stage: str = Field(description="当前阶段，如“校验”“写入”“导出”")
    done: int = Field(description="已处理行数")
    total: int = Field(description="总行数（校验时为估计值）")
    percent: int = Field(description="进度百分比")
    message: str = Field(description="结果说明（中文）")
    created_at: datetime
    finished_at: datetime | None

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())


class ImportErrorOut(Schema):
    row: int | None = Field(description="Excel 中的行号；整个文件的问题为 null")
    column: str = Field(description="列名（按文件中的表头）")
    message: str = Field(description="中文说明")
    code: str = Field(description="稳定的错误代码，如 invalid_mobile、duplicate_in_file、already_member")


class ImportMappedValueOut(Schema):
    field: str = Field(description="字段，如 education")
    column: str = Field(description="列的标准名称，如“学历”")
    value: str = Field(description="名册中的写法，如“中专”")
    standard: str = Field(description="按哪个标准值导入，如“高中/中专/技校”")
    rows: int = Field(description="这样写的行数")


class ImportRenamedColumnOut(Schema):
    header: str = Field(description="名册中的表头，如“身份证号”")
    column: str = Field(description="按哪一列导入，如“证件号码”")


class ImportJobOut(JobFields):
    """An import job. ``errors`` lists the first 200 problems; the error report holds them all."""

    union: ExportUnionRef | None = Field(description="导入到的工会")
    filename: str = Field(description="上传的文件名")
    rows: int | None = Field(description="名册中的数据行数（不含示例行）；文件无法读取时为 null")
    imported: int | None = Field(description="导入的会员数；未导入为 0")
    error_count: int = Field(description="错误总数")
    errors: list[ImportErrorOut] = Field(description="前 200 处错误")
    errors_url: str | None = Field(description="错误报告（xlsx，原始行加“错误说明”列）的下载地址；没有时为 null")
    file_format: str = Field(description="文件格式：xlsx、xls 或 csv（按文件内容判断）")
    renamed_columns: list[ImportRenamedColumnOut] = Field(description="按其他叫法识别的表头")
    mapped_values: list[ImportMappedValueOut] = Field(
        description="按常见写法识别为标准值的内容（如“中专”按“高中/中专/技校”、“汉”按“汉族”），最多 100 种"
    )

    @staticmethod
    def resolve_union(obj):
        return obj.org

    @staticmethod
    def resolve_filename(obj) -> str:
        return obj.params.get("filename", "")

    @staticmethod
    def resolve_rows(obj):
        return obj.result.get("rows")

    @staticmethod
    def resolve_imported(obj):
        return obj.result.get("imported")

    @staticmethod
    def resolve_error_count(obj) -> int:
        return obj.result.get("error_count", 0)

    @staticmethod
    def resolve_errors(obj) -> list:
        return obj.result.get("errors", [])

    @staticmethod
    def resolve_file_format(obj) -> str:
        return obj.params.get("format", "xlsx")

    @staticmethod
    def resolve_renamed_columns(obj) -> list:
        return obj.result.get("renamed_columns", [])

    @staticmethod
    def resolve_mapped_values(obj) -> list:
        return obj.result.get("mapped_values", [])

    @staticmethod
    def resolve_errors_url(obj):
        return reverse("api:member_import_errors", kwargs={"job_id": obj.pk}) if obj.output_file else None


class ExportFilters(StrictInput):
    """The roster filters, as on the console roster page."""

    union: str | None = Field(None, description="组织代码：只导出该工会（默认含其全部下级）的会员")
    subtree: bool = Field(True, description="是否包含 union 的全部下级工会")
    status: MemberStatus | None = Field(None, description=f"会籍状态：{choices_doc(MemberStatus)}")
    tag: Tag | None = Field(None, description=f"标签：{choices_doc(Tag)}")
    employer: int | None = Field(None, description="工作单位（企业名录中的企业 id）")
    joined_from: ApiDate | None = Field(None, description="入会日期起 YYYY-MM-DD")
    joined_to: ApiDate | None = Field(None, description="入会日期止 YYYY-MM-DD")
    q: str | None = Field(None, max_length=100, description="按姓名、拼音、手机号、会员证号或完整证件号搜索")


class ExportIn(StrictInput):
    filters: ExportFilters = Field(default_factory=ExportFilters, description="筛选条件；不填导出管理范围内全部会员")
    unmasked: bool = Field(
        False, description="导出完整证件号码和手机号：须有 members.export_pii 权限并填写原因，记入审计日志"
    )
    reason: str = Field("", max_length=200, description="导出完整信息的原因")


class ExportJobOut(JobFields):
    """An export job; ``file_url`` is set once the file is ready."""

    unmasked: bool = Field(description="是否含完整证件号码和手机号")
    filters: dict = Field(description="筛选条件")
    rows: int | None = Field(description="导出的会员数；完成前为 null")
    file_url: str | None = Field(description="文件下载地址；完成前为 null")

    @staticmethod
    def resolve_unmasked(obj) -> bool:
        return bool(obj.params.get("unmasked"))

    @staticmethod
    def resolve_filters(obj) -> dict:
        return obj.params.get("filters", {})

    @staticmethod
    def resolve_rows(obj):
        return obj.result.get("rows")

    @staticmethod
    def resolve_file_url(obj):
        if obj.status != Job.Status.SUCCEEDED or not obj.output_file:
            return None
        return reverse("api:member_export_file", kwargs={"job_id": obj.pk})


# --- Helpers --------------------------------------------------------------------------------------------------


def _file(fieldfile, filename: str) -> FileResponse:
    if not fieldfile:
        raise Http404
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)


# --- Imports --------------------------------------------------------------------------------------------------


@imports_router.get(
    "/template.xlsx",
    response=with_errors({200: None}, 403),
    summary="下载导入模板",
    description="会员名册导入模板（xlsx）：带 * 的列必填，编码字段有下拉列表，另有“说明”工作表。",
    url_name="member_import_template",
    openapi_extra=_FILE_RESPONSE,
)
def import_template(request):
    """The xlsx template, for anyone who may import somewhere."""
    if not scope_paths(request.auth, "members.import"):
        raise members_errors.PERMISSION_DENIED(message=_("您没有权限导入会员"))
    import io

    buffer = io.BytesIO()
    roster_workbooks.build_template(buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename="会员名册导入模板.xlsx", content_type=XLSX)


@imports_router.post(
    "",
    response=with_errors({201: ImportJobOut}, 400, 403, 404),
    summary="上传名册导入",
    description="以 multipart/form-data 上传名册（.xlsx、.xls 或 UTF-8/GBK 编码的 .csv，字段 `file`）"
    "和工会代码（字段 `union`），返回后台导入任务。"
    "文件无法读取、为空、缺少必填列或超过行数上限时直接返回 400；逐行的问题在任务完成后从任务详情读取。"
    "有任何错误时不导入任何数据。",
    url_name="member_import_create",
)
def create_import(
    request,
    union: Annotated[str, Form(..., description="导入到的工会的组织代码")],
    file: Annotated[
        UploadedFile,
        File(..., description="名册文件：.xlsx、.xls 或 .csv（建议用导入模板填写；常见列名和写法会自动识别）"),
    ],
):
    """Start an import through ``importing.start_import``."""
    org = Org.objects.restrict(request.auth, "orgs.view").filter(code=normalize_code(union)).first()
    if org is None:
        raise members_errors.NOT_FOUND(message=_("组织“%(c)s”不存在或不在您的管理范围内") % {"c": union}, field="union")
    job = importing.start_import(actor=request.auth, union=org, upload=file)
    return Status(201, job)


@imports_router.get(
    "/{job_id}",
    response=with_errors({200: ImportJobOut}, 404),
    summary="导入任务详情",
    description="状态、进度和结果；失败时 `errors` 列出前 200 处错误（行号、列名、说明）。",
    url_name="member_import_detail",
)
def get_import(request, job_id: int):
    """One import job in the caller's scope."""
    return get_object_or_404(importing.import_jobs(request.auth).select_related("org"), pk=job_id)


@imports_router.get(
    "/{job_id}/errors.xlsx",
    response=with_errors({200: None}, 404),
    summary="下载错误报告",
    description="上传的原始行加“错误说明”列，出错的单元格标红。导入成功的任务没有错误报告（404）。",
    url_name="member_import_errors",
    openapi_extra=_FILE_RESPONSE,
)
def import_errors(request, job_id: int):
    """The error workbook of a failed import."""
    job = get_object_or_404(importing.import_jobs(request.auth), pk=job_id)
    return _file(job.output_file, f"导入错误报告_{job.pk}.xlsx")


# --- Exports --------------------------------------------------------------------------------------------------


@exports_router.post(
    "",
    response=with_errors({201: ExportJobOut}, 400, 403, 404),
    summary="导出名册",
    description="按筛选条件在后台生成 xlsx 名册，证件号码和手机号默认脱敏。`unmasked: true` 导出完整信息，"
    "须对整个导出范围有 members.export_pii 权限并填写原因，记入审计日志。",
    url_name="member_export_create",
)
def create_export(request, payload: ExportIn):
    """Start an export through ``exporting.start_export``."""
    filters = payload.filters.model_dump(exclude_none=True, mode="json")
    if "union" not in filters:
        filters.pop("subtree", None)
    job = exporting.start_export(actor=request.auth, filters=filters, unmasked=payload.unmasked, reason=payload.reason)
    return Status(201, job)


@exports_router.get(
    "/{job_id}",
    response=with_errors({200: ExportJobOut}, 404),
    summary="导出任务详情",
    description="状态和进度；完成后 `file_url` 给出下载地址。只有发起人可以查看。",
    url_name="member_export_detail",
)
def get_export(request, job_id: int):
    """One of the caller's own export jobs."""
    return get_object_or_404(exporting.export_jobs(request.auth), pk=job_id)


@exports_router.get(
    "/{job_id}/file",
    response=with_errors({200: None}, 403, 404),
    summary="下载导出文件",
    description="导出的 xlsx 名册；未完成时 404。完整信息的文件须发起人仍有 members.export_pii 权限。",
    url_name="member_export_file",
    openapi_extra=_FILE_RESPONSE,
)
def export_file(request, job_id: int):
    """The exported file, to its creator only."""
    job = get_object_or_404(exporting.export_jobs(request.auth), pk=job_id)
    if job.params.get("unmasked"):
        union = exporting.named_union(request.auth, job.params.get("filters", {}), "members.export")
        if not exporting.may_export_unmasked(request.auth, union):
            raise members_errors.PERMISSION_DENIED(message=_("您没有导出完整证件号码和手机号的权限"))
    if job.status != Job.Status.SUCCEEDED:
        raise Http404
    return _file(job.output_file, exporting.download_name(job))
