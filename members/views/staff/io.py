"""Console pages of roster import and export: start a job, follow its progress (htmx polls the job every second
until it finishes), read the outcome and download its file.

Jobs are looked up through ``importing.import_jobs`` / ``exporting.export_jobs``, so another union's job answers
404; files are streamed by these views after that check, never through MEDIA_URL.
"""

import io

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from core.errors import DomainError
from core.forms import add_domain_error
from core.scoping import scope_paths
from members import exporting, importing, roster_file, roster_workbooks
from members.choices import MemberStatus, Tag
from orgs.models import COVERING_KINDS, Org, OrgStatus

# What the file picker offers: the roster formats ``roster_file`` reads.
ACCEPTED_FILES = ",".join(
    (
        ".xlsx",
        ".xls",
        ".csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-excel",
        "text/csv",
    )
)


class ImportForm(forms.Form):
    """Upload a roster into one of the unions the user may import into."""

    union = forms.ModelChoiceField(label=gettext_lazy("导入到工会"), queryset=Org.objects.none(), empty_label="请选择")
    file = forms.FileField(
        label=gettext_lazy("名册文件"),
        help_text=gettext_lazy(
            "Excel（.xlsx 或旧版 .xls）或 CSV（UTF-8 或 GBK 编码）文件；"
            "建议使用下载的模板，自有名册中常见的列名和写法也会自动识别"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
    )

    def __init__(self, *args, unions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = unions
        self.fields["union"].label_from_instance = lambda o: f"{o.name}（{o.code}）"


class ExportForm(forms.Form):
    """Options of an export; the filters come from the query string."""

    unmasked = forms.BooleanField(label=gettext_lazy("导出完整的证件号码和手机号"), required=False)
    reason = forms.CharField(
        label=gettext_lazy("导出原因"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("导出完整信息时必填，将记入审计日志"),
    )


def import_unions(user):
    """Unions ``user`` may import into: active, of a kind that holds members, inside their import scope."""
    return (
        Org.objects.restrict(user, "members.import")
        .filter(status=OrgStatus.ACTIVE, kind__in=COVERING_KINDS)
        .only("id", "path", "code", "name")
    )


def _require_scope(user, permission: str) -> None:
    if not scope_paths(user, permission):
        raise PermissionDenied


def _download(fieldfile, filename: str) -> FileResponse:
    if not fieldfile:
        raise Http404
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# --- Import ---------------------------------------------------------------------------------------------------


@login_required
def import_start(request):
    """The import page: template download, the upload form (``?union=<pk>`` preselects a union) and the user's
    recent imports."""
    _require_scope(request.user, "members.import")
    unions = import_unions(request.user)
    initial = {}
    if request.GET.get("union"):
        try:
            initial["union"] = get_object_or_404(unions, pk=int(request.GET["union"]))
        except ValueError:
            raise Http404 from None
    only = list(unions[:2])
    if len(only) == 1:
        # A 基层工会 clerk has one union to import into: it is chosen for them.
        initial["union"] = only[0]
    form = ImportForm(request.POST or None, request.FILES or None, unions=unions, initial=initial)
    if len(only) == 1:
        form.fields["union"].widget = forms.HiddenInput()
        form.fields["union"].help_text = ""
    if request.method == "POST" and form.is_valid():
        try:
            job = importing.start_import(
                actor=request.user, union=form.cleaned_data["union"], upload=form.cleaned_data["file"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect("members:import_job", job.pk)
    jobs = importing.import_jobs(request.user).select_related("org", "created_by")[:10]
    return render(
        request,
        "members/io/import.html",
        {
            "form": form,
            "jobs": jobs,
            "only_union": only[0] if len(only) == 1 else None,
            "max_rows": roster_file.MAX_ROWS,
            "max_mb": roster_file.MAX_UPLOAD_BYTES >> 20,
        },
    )


@login_required
@require_GET
def import_template(request):
    """The xlsx template, built on request (it follows the current choice lists)."""
    _require_scope(request.user, "members.import")
    buffer = io.BytesIO()
    roster_workbooks.build_template(buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename="会员名册导入模板.xlsx")


@login_required
@require_GET
def import_job(request, pk):
    """An import's page; with htmx, only its status block, which the page polls until the job has finished."""
    job = get_object_or_404(importing.import_jobs(request.user).select_related("org", "created_by"), pk=pk)
    template = "members/io/_import_status.html" if request.htmx else "members/io/import_job.html"
    return render(request, template, {"job": job})


@login_required
@require_GET
def import_errors(request, pk):
    """The error workbook of a failed import."""
    job = get_object_or_404(importing.import_jobs(request.user), pk=pk)
    return _download(job.output_file, _("导入错误报告_%(n)d.xlsx") % {"n": job.pk})


# --- Export ---------------------------------------------------------------------------------------------------


def _filter_summary(filters: dict, union: Org | None) -> list[tuple[str, str]]:
    """The filters in words, for the export page."""
    labels = []
    if exporting.names_union(filters):
        name = union.name if union else _("（不在管理范围内）")
        labels.append((_("工会"), name + ("" if filters.get("subtree", True) else _("（不含下级）"))))
    if "status" in filters:
        labels.append((_("会籍状态"), str(MemberStatus(filters["status"]).label)))
    if "tag" in filters:
        labels.append((_("标签"), str(Tag(filters["tag"]).label)))
    if "employer" in filters:
        labels.append((_("工作单位"), f"#{filters['employer']}"))
    if "joined_from" in filters or "joined_to" in filters:
        labels.append((_("入会日期"), f"{filters.get('joined_from', '…')} 至 {filters.get('joined_to', '…')}"))
    if "q" in filters:
        labels.append((_("搜索"), filters["q"]))
    return labels


@login_required
def export_start(request):
    """The export page: the filters from the query string (as the roster page passes them), how many members
    they match, the masking choice, and the user's recent exports."""
    _require_scope(request.user, "members.export")
    # An export form may come back empty (no options ticked): bound on any POST, not only a non-empty one.
    form = ExportForm(request.POST if request.method == "POST" else None)
    filter_error = None
    try:
        filters = exporting.clean_filters(request.GET)
    except DomainError as exc:
        filters, filter_error = None, str(exc.message)
    if request.method == "POST" and filters is not None and form.is_valid():
        try:
            job = exporting.start_export(
                actor=request.user,
                filters=filters,
                unmasked=form.cleaned_data["unmasked"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            if exc.status == 404:
                raise Http404 from None
            add_domain_error(form, exc)
        else:
            return redirect("members:export_job", job.pk)
    count = None
    summary = []
    may_unmask = False
    if filters is not None:
        union = exporting.named_union(request.user, filters, "members.export")
        qs = exporting.filtered_members(request.user, filters, permission="members.export", union=union)
        count = qs.count()
        summary = _filter_summary(filters, union)
        may_unmask = exporting.may_export_unmasked(request.user, union)
    jobs = exporting.export_jobs(request.user)[:10]
    return render(
        request,
        "members/io/export.html",
        {
            "form": form,
            "filter_error": filter_error,
            "summary": summary,
            "count": count,
            "may_unmask": may_unmask,
            "jobs": jobs,
        },
    )


@login_required
@require_GET
def export_job(request, pk):
    """An export's page; with htmx, only its status block, polled until the file is ready."""
    job = get_object_or_404(exporting.export_jobs(request.user), pk=pk)
    template = "members/io/_export_status.html" if request.htmx else "members/io/export_job.html"
    return render(request, template, {"job": job})


@login_required
@require_GET
def export_file(request, pk):
    """The exported file, to its creator only; an unmasked one only while they still hold the permission."""
    job = get_object_or_404(exporting.export_jobs(request.user).select_related("org"), pk=pk)
    if job.params.get("unmasked"):
        union = exporting.named_union(request.user, job.params.get("filters", {}), "members.export")
        if not exporting.may_export_unmasked(request.user, union):
            raise PermissionDenied
    if job.status != job.Status.SUCCEEDED:
        raise Http404
    return _download(job.output_file, exporting.download_name(job))
