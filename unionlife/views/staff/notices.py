"""Notices (通知) sent from the user's scope with their live return table, reminding and exporting; the inbox of the
orgs the user works for, where staff read a notice and report back."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from core.forms import add_domain_error
from core.paging import paginate
from core.scoping import can, get_scoped_or_404, has_any
from core.validators import normalize_code
from orgs.models import Org

from ... import selectors
from ...forms import NoticeForm
from ...models import (
    Attachment,
    Delivery,
    Notice,
    ReturnFile,
)
from ...services import HANDLE, SEND, VIEW
from ...services import notices as notice_services
from .shared import XLSX, _default_sender, _file_response, _orgs


@login_required
@require_GET
def notice_list(request):
    """Notices sent from the user's scope, with read / reported / overdue counts."""
    if not has_any(request.user, VIEW):
        raise PermissionDenied
    qs = selectors.sent(request.user)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(title__icontains=q)
    context = {
        "page": paginate(request, qs),
        "q": q,
        "may_send": has_any(request.user, SEND),
        "waiting": selectors.waiting(request.user).count(),
    }
    return render(request, "unionlife/staff/notice_list.html", context)


@login_required
def notice_create(request):
    if not has_any(request.user, SEND):
        raise PermissionDenied
    form = NoticeForm(
        request.POST or None,
        request.FILES or None,
        initial={"sender": _default_sender(request.user), "return_kind": Notice.ReturnKind.NONE},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sender = Org.objects.restrict(request.user, SEND).filter(code=normalize_code(data["sender"])).first()
        towns = _orgs(request, data["towns"], "towns", form)
        orgs = _orgs(request, data["orgs"], "orgs", form)
        if sender is None:
            form.add_error("sender", _("在您的管理范围内没有这个组织代码"))
        elif towns is not None and orgs is not None:
            try:
                notice = notice_services.send_notice(
                    actor=request.user,
                    sender=sender,
                    title=data["title"],
                    body=data["body"],
                    audience=data["audience"],
                    category=data["category"],
                    kinds=data["kinds"],
                    towns=towns,
                    orgs=orgs,
                    attachments=data["attachments"],
                    return_kind=data["return_kind"],
                    due_on=data["due_on"],
                    fields=data["fields_spec"],
                    figure_label=data["figure_label"],
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已发送“%(t)s”") % {"t": notice.title})
                return redirect("unionlife:notice", notice.pk)
    return render(request, "unionlife/staff/notice_form.html", {"form": form, "title": _("发通知")})


@login_required
@require_GET
def notice_detail(request, pk):
    """The sender's view: the notice and the live table of read / reported / overdue by org."""
    notice = get_scoped_or_404(Notice.objects.select_related("sender", "created_by"), request.user, VIEW, pk=pk)
    context = {
        "notice": notice,
        "attachments": list(notice.attachments.all()),
        "may_send": can(request.user, SEND, notice.sender),
        "member_reads": notice.member_reads.count() if notice.audience == Notice.Audience.MEMBERS else None,
        **selectors.return_table(notice),
    }
    return render(request, "unionlife/staff/notice_detail.html", context)


@login_required
@require_POST
def notice_remind(request, pk):
    notice = get_scoped_or_404(Notice.objects.select_related("sender"), request.user, VIEW, pk=pk)
    try:
        n = notice_services.remind_late(notice, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已催报 %(n)s 个单位") % {"n": n})
    return redirect("unionlife:notice", notice.pk)


@login_required
@require_GET
def notice_export(request, pk):
    notice = get_scoped_or_404(Notice.objects.select_related("sender"), request.user, VIEW, pk=pk)
    try:
        content = notice_services.export_returns(notice, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("unionlife:notice", notice.pk)
    response = HttpResponse(content, content_type=XLSX)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="returns-{notice.pk}-{stamp}.xlsx"'
    return response


@login_required
@require_GET
def inbox(request):
    """Notices and tasks sent to the orgs the user works for."""
    if not has_any(request.user, HANDLE):
        raise PermissionDenied
    state = request.GET.get("state", "")
    qs = selectors.inbox(request.user, state)
    today = timezone.localdate()
    page = paginate(request, qs)
    for d in page:
        d.current = d.state(today)
    return render(request, "unionlife/staff/inbox.html", {"page": page, "state": state})


def _delivery(request, pk) -> Delivery:
    return get_scoped_or_404(
        Delivery.objects.select_related("notice", "notice__sender", "org", "read_by", "reported_by"),
        request.user,
        VIEW,
        pk=pk,
    )


@login_required
@require_GET
def delivery_detail(request, pk):
    """A notice as the receiving org has it; opening it marks it read for that org's staff."""
    delivery = _delivery(request, pk)
    if delivery.org.path in selectors.own_paths(request.user) and delivery.read_at is None:
        delivery = notice_services.mark_read(delivery, actor=request.user)
    return _delivery_page(request, delivery)


def _delivery_page(request, delivery, problems=None, status=200):
    notice = delivery.notice
    files = {f.key: f for f in delivery.files.all()}
    fields = [
        {
            **f,
            "value": (request.POST.get(f["key"]) if problems else delivery.answers.get(f["key"], "")),
            "file": files.get(f["key"]),
        }
        for f in notice.fields
    ]
    context = {
        "delivery": delivery,
        "notice": notice,
        "attachments": list(notice.attachments.all()),
        "fields": fields,
        "problems": problems or {},
        "general": (problems or {}).get(None, []),
        "figure": request.POST.get("figure") if problems else delivery.figure,
        "may_report": notice.is_task and can(request.user, HANDLE, delivery.org),
        "current": delivery.state(),
    }
    return render(request, "unionlife/staff/delivery.html", context, status=status)


@login_required
@require_POST
def delivery_report(request, pk):
    delivery = _delivery(request, pk)
    notice = delivery.notice
    answers = {f["key"]: request.POST.get(f["key"], "") for f in notice.fields if f["type"] != "file"}
    files = {
        f["key"]: request.FILES[f["key"]] for f in notice.fields if f["type"] == "file" and f["key"] in request.FILES
    }
    try:
        notice_services.report_back(
            delivery,
            actor=request.user,
            answers=answers,
            files=files,
            file=request.FILES.get("file"),
            figure=request.POST.get("figure"),
        )
    except DomainError as exc:
        problems = {}
        for e in getattr(exc, "errors", [exc]):
            problems.setdefault(e.field, []).append(str(e.message))
        if exc.status == 403:
            raise PermissionDenied from exc
        return _delivery_page(request, delivery, problems=problems, status=400)
    messages.success(request, _("已报送"))
    return redirect("unionlife:delivery", delivery.pk)


@login_required
@require_GET
def attachment(request, pk):
    """A notice's attachment, served to whoever may see the notice or one of its deliveries."""
    found = Attachment.objects.select_related("notice").filter(pk=pk).first()
    if found is None or not (
        Notice.objects.restrict(request.user, VIEW).filter(pk=found.notice_id).exists()
        or Delivery.objects.restrict(request.user, VIEW).filter(notice_id=found.notice_id).exists()
    ):
        raise Http404
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)


@login_required
@require_GET
def return_file(request, pk):
    found = get_scoped_or_404(ReturnFile, request.user, VIEW, pk=pk)
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)


@login_required
@require_GET
def delivery_file(request, pk):
    return _file_response(_delivery(request, pk).file)
