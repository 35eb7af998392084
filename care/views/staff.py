"""The care console (/console/care/): programmes with budget gauges, proposing and the town's approval queue,
disbursement lists, and the hardship archive (only for care officers: anyone else gets 404 on every file page).
Writes go through ``care.services``; every view of a file is audited."""

from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from core.forms import add_domain_error, settle_org_field
from core.paging import paginate
from core.scoping import can, get_scoped_or_404, has_any
from core.validators import normalize_code
from members.models import Member
from orgs.models import Org

from .. import selectors
from ..forms import (
    BudgetForm,
    ChecksForm,
    FileForm,
    LoanForm,
    NominateForm,
    PaidForm,
    ProgrammeForm,
    ProposeForm,
    QuotaForm,
    ReasonForm,
    SlotForm,
)
from ..models import (
    Booking,
    CheckProgramme,
    CheckQuota,
    Claim,
    ClaimBill,
    FileDocument,
    HardshipFile,
    IncomeThreshold,
    InsurancePlan,
    LoanReferral,
    Nomination,
    Payout,
    Programme,
    Slot,
)
from ..services import checks, hardship, insurance, loans, payouts
from .common import (
    _up_and_down,
    file_or_404,
    payout_or_404,
    programme_or_404,
    require_files_access,
    visible_budgets,
    visible_programmes,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _org(request, code: str, permission: str):
    return Org.objects.restrict(request.user, permission).filter(code=normalize_code(code or "")).first()


def _xlsx(filename: str, header: list, rows) -> HttpResponse:
    from openpyxl import Workbook

    from core.xlsx import safe_row

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(safe_row(sheet, row))  # names and notes people typed: never formulas
    out = BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Programmes ---------------------------------------------------------------------------------------------------


@login_required
@require_GET
def programme_list(request):
    if not has_any(request.user, "care.view"):
        raise PermissionDenied
    q = request.GET.get("q", "").strip()
    qs = visible_programmes(request.user)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(org__name__icontains=q))
    kind = request.GET.get("kind", "")
    if kind in Programme.Kind.values:
        qs = qs.filter(kind=kind)
    context = {
        "page": paginate(request, qs),
        "q": q,
        "kind": kind,
        "kinds": Programme.Kind.choices,
        "may_create": has_any(request.user, "care.manage"),
        "to_approve": selectors.payouts_to_approve(request.user).count()
        if has_any(request.user, "care.approve")
        else 0,
        "files": has_any(request.user, "care.files"),
    }
    return render(request, "care/staff/programme_list.html", context)


@login_required
def programme_create(request):
    if not has_any(request.user, "care.manage"):
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None, initial={"year": timezone.localdate().year})
    settle_org_field(form, "org", Org.objects.restrict(request.user, "care.manage"))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = _org(request, data.pop("org"), "care.manage")
        if org is None:
            form.add_error("org", _("在您的管理范围内没有这个组织代码"))
        else:
            try:
                programme = payouts.create_programme(actor=request.user, org=org, **data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已创建项目“%(t)s”") % {"t": programme.title})
                return redirect("care:programme_detail", programme.pk)
    return render(request, "care/staff/form.html", {"form": form, "title": _("新建关爱项目")})


@login_required
@require_GET
def programme_detail(request, pk):
    programme = programme_or_404(request.user, pk)
    budgets = list(visible_budgets(request.user, programme))
    payouts_qs = Payout.objects.restrict(request.user, "care.view").filter(programme=programme).select_related("union")
    q = request.GET.get("q", "").strip()
    if q:
        payouts_qs = payouts_qs.filter(Q(name__icontains=q) | Q(union__name__icontains=q))
    status = request.GET.get("status", "")
    if status in Payout.Status.values:
        payouts_qs = payouts_qs.filter(status=status)
    totals = {
        row["status"]: row["total"]
        for row in Payout.objects.restrict(request.user, "care.view")
        .filter(programme=programme)
        .values("status")
        .annotate(total=Sum("amount"))
    }
    context = {
        "programme": programme,
        "budgets": budgets,
        "page": paginate(request, payouts_qs),
        "q": q,
        "status": status,
        "statuses": Payout.Status.choices,
        "totals": totals,
        "may_manage": can(request.user, "care.manage", programme.org) or has_any(request.user, "care.manage"),
        "may_propose": has_any(request.user, "care.propose") and programme.status == Programme.Status.OPEN,
        "budget_form": BudgetForm(),
    }
    return render(request, "care/staff/programme_detail.html", context)


@login_required
@require_POST
def programme_budget(request, pk):
    programme = programme_or_404(request.user, pk)
    form = BudgetForm(request.POST)
    if form.is_valid():
        org = _org(request, form.cleaned_data["org"], "care.manage")
        if org is None:
            messages.error(request, _("单位：在您的管理范围内没有这个组织代码"))
        else:
            try:
                payouts.set_budget(programme, actor=request.user, org=org, amount=form.cleaned_data["amount"])
            except DomainError as exc:
                messages.error(request, str(exc.message))
            else:
                messages.success(request, _("已设置 %(o)s 的预算") % {"o": org.name})
    else:
        messages.error(request, _("请填写单位和预算金额"))
    return redirect("care:programme_detail", programme.pk)


def _find_member(request, text: str):
    text = (text or "").strip()
    if not text:
        return None
    scope = Member.objects.restrict(request.user, "members.view") if has_any(request.user, "members.view") else None
    if scope is None:
        return None
    return scope.select_related("union").filter(Q(card_no=text) | Q(phone=text)).first()


@login_required
def propose(request, pk):
    """A union proposes one person: a hardship file (care officers) or a member of its roster."""
    programme = programme_or_404(request.user, pk)
    if not has_any(request.user, "care.propose"):
        raise PermissionDenied
    files = []
    if has_any(request.user, "care.files"):
        files = list(
            HardshipFile.objects.restrict(request.user, "care.files")
            .filter(status=HardshipFile.Status.ACTIVE)
            .select_related("union")
            .order_by("name")[:500]
        )
    form = ProposeForm(request.POST or None, files=files, initial={"amount": programme.standard_amount})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        file = next((f for f in files if f.pk == data.get("file")), None)
        member = None if file else _find_member(request, data.get("card_no"))
        union = file.union if file else (member.union if member else None)
        if union is None:
            form.add_error(None, _("发放对象：请选择困难档案，或填写您管理范围内会员的会员证号或手机号"))
        else:
            try:
                payout = payouts.propose_payout(
                    programme,
                    actor=request.user,
                    union=union,
                    file=file,
                    member=member,
                    amount=data.get("amount"),
                    method=data["method"],
                    reason_text=data.get("reason", ""),
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(
                    request, _("已申报：%(n)s %(a)s 元，等待上级审批") % {"n": payout.name, "a": payout.amount}
                )
                return redirect("care:programme_detail", programme.pk)
    return render(
        request,
        "care/staff/form.html",
        {"form": form, "title": _("申报发放 · %(t)s") % {"t": programme.title}, "programme": programme},
    )


@login_required
@require_GET
def approval_queue(request):
    if not has_any(request.user, "care.approve"):
        raise PermissionDenied
    qs = (
        selectors.payouts_to_approve(request.user)
        .select_related("union", "programme", "file")
        .order_by("proposed_at", "pk")
    )
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(union__name__icontains=q) | Q(programme__title__icontains=q))
    page = paginate(request, qs)
    for payout in page.object_list:
        budget = payouts.budget_for(payout.programme, payout.union)
        payout.gauge = budget
    return render(request, "care/staff/approval_queue.html", {"page": page, "q": q, "reject_form": ReasonForm()})


@login_required
@require_POST
def payout_approve(request, pk):
    payout = payout_or_404(request.user, pk)
    try:
        payouts.approve_payout(payout, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已批准：%(n)s %(a)s 元") % {"n": payout.name, "a": payout.amount})
    return redirect("care:approval_queue")


@login_required
@require_POST
def payout_reject(request, pk):
    payout = payout_or_404(request.user, pk)
    try:
        payouts.reject_payout(payout, actor=request.user, reason_text=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已退回：%(n)s") % {"n": payout.name})
    return redirect("care:approval_queue")


@login_required
@require_POST
def payout_paid(request, pk):
    payout = payout_or_404(request.user, pk)
    form = PaidForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("发放日期：请填写有效日期"))
    else:
        try:
            payouts.mark_paid(
                payout, actor=request.user, paid_on=form.cleaned_data["paid_on"], ref=form.cleaned_data["ref"]
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("已登记发放：%(n)s") % {"n": payout.name})
    return redirect("care:programme_detail", payout.programme_id)


@login_required
@require_GET
def programme_export(request, pk):
    """The disbursement list of the approved payouts in the user's scope: bank-batch layout (name, masked account,
    amount) or, with ``?sheet=cash``, a signature sheet for cash."""
    from core import audit

    programme = programme_or_404(request.user, pk)
    rows = (
        Payout.objects.restrict(request.user, "care.view")
        .filter(programme=programme, status__in=[Payout.Status.APPROVED, Payout.Status.PAID])
        .select_related("union", "file")
        .order_by("union__path", "name")
    )
    cash = request.GET.get("sheet") == "cash"
    audit.record("care.payouts.exported", actor=request.user, obj=programme, data={"sheet": "cash" if cash else "bank"})
    if cash:
        header = ["序号", "姓名", "身份证号", "工会", "金额（元）", "领取人签字", "日期"]
        data = [
            [i, p.name, p.id_masked, p.union.name, p.amount, "", ""]
            for i, p in enumerate(rows.filter(method=Payout.Method.CASH), 1)
        ]
        return _xlsx(f"care-{programme.pk}-cash.xlsx", header, data)
    header = ["序号", "户名", "账号", "金额（元）", "用途"]
    data = [
        [i, p.name, p.file.bank_account_masked if p.file else "", p.amount, programme.title]
        for i, p in enumerate(rows.filter(method=Payout.Method.TRANSFER), 1)
    ]
    total = sum((row[3] for row in data), start=0)
    data.append(["合计", "", "", total, ""])
    return _xlsx(f"care-{programme.pk}-bank.xlsx", header, data)


# --- The hardship archive -----------------------------------------------------------------------------------------


@login_required
@require_GET
def file_list(request):
    require_files_access(request.user)
    qs = HardshipFile.objects.restrict(request.user, "care.files").select_related("union")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(union__name__icontains=q))
    status = request.GET.get("status", "")
    if status in HardshipFile.Status.values:
        qs = qs.filter(status=status)
    if request.GET.get("due"):
        qs = qs.filter(status=HardshipFile.Status.ACTIVE, review_due__lte=timezone.localdate())
    context = {"page": paginate(request, qs), "q": q, "status": status, "statuses": HardshipFile.Status.choices}
    return render(request, "care/staff/file_list.html", context)


@login_required
def file_create(request):
    require_files_access(request.user)
    form = FileForm(request.POST or None)
    settle_org_field(form, "union", Org.objects.restrict(request.user, "care.files"))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        union = _org(request, data.pop("union"), "care.files")
        if union is None:
            form.add_error("union", _("在您的管理范围内没有这个组织代码"))
        else:
            try:
                file = hardship.create_file(
                    actor=request.user, union=union, id_number_value=data.pop("id_number"), **data
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已建档：%(n)s，等待镇街核实") % {"n": file.name})
                return redirect("care:file_detail", file.pk)
    return render(request, "care/staff/form.html", {"form": form, "title": _("困难职工建档")})


@login_required
@require_GET
def file_detail(request, pk):
    file = file_or_404(request.user, pk)
    hardship.view_file(file, actor=request.user)
    above = hardship.parent_of(file.union)
    context = {
        "file": file,
        "payouts": Payout.objects.filter(id_hash=file.id_hash).select_related("programme").order_by("-proposed_at"),
        "may_verify": file.status == HardshipFile.Status.PENDING
        and above != file.union
        and can(request.user, "care.verify", above),
        "reason_form": ReasonForm(),
        "documents": file.documents.all(),
    }
    return render(request, "care/staff/file_detail.html", context)


@login_required
@require_POST
def file_documents(request, pk):
    file = file_or_404(request.user, pk)
    try:
        made = hardship.add_documents(
            file,
            actor=request.user,
            uploads=request.FILES.getlist("documents"),
            caption=request.POST.get("caption", ""),
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已上传 %(n)d 张证明材料") % {"n": len(made)})
    return redirect("care:file_detail", file.pk)


@login_required
@require_GET
def file_document(request, pk):
    """One supporting document: 404 unless the user is a care officer over the file's union; every view audited."""
    from appeals.photos import photo_response

    require_files_access(request.user)
    doc = get_scoped_or_404(FileDocument.objects.select_related("file__union"), request.user, "care.files", pk=pk)
    hardship.view_document(doc, actor=request.user)
    return photo_response(doc)


def _file_action(request, pk, action, done: str):
    file = file_or_404(request.user, pk)
    try:
        action(file)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, done % {"n": file.name})
    return redirect("care:file_detail", file.pk)


@login_required
@require_POST
def file_verify(request, pk):
    return _file_action(
        request, pk, lambda f: hardship.verify_file(f, actor=request.user), _("已核实：%(n)s 的档案生效")
    )


@login_required
@require_POST
def file_return(request, pk):
    reason = request.POST.get("reason", "")
    return _file_action(
        request, pk, lambda f: hardship.return_file(f, actor=request.user, reason_text=reason), _("已退回：%(n)s")
    )


@login_required
@require_POST
def file_review(request, pk):
    note = request.POST.get("note", "")
    return _file_action(
        request, pk, lambda f: hardship.review_file(f, actor=request.user, note=note), _("已复核：%(n)s")
    )


@login_required
@require_POST
def file_close(request, pk):
    reason = request.POST.get("reason", "")
    return _file_action(
        request,
        pk,
        lambda f: hardship.close_file(f, actor=request.user, reason_text=reason),
        _("已办理解困脱困：%(n)s"),
    )


@login_required
@require_GET
def file_export(request):
    """The files in scope as xlsx, ID numbers and bank accounts masked. Unmasked only for holders of
    ``care.export_pii`` (个人信息查看员) who give a reason; either way the export is audited."""
    from core import audit

    require_files_access(request.user)
    unmasked = request.GET.get("unmasked") == "1"
    reason = request.GET.get("reason", "").strip()
    if unmasked and (not has_any(request.user, "care.export_pii") or len(reason) < 2):
        raise PermissionDenied
    qs = (
        HardshipFile.objects.restrict(request.user, "care.files")
        .select_related("union")
        .order_by("union__path", "name")
    )
    if unmasked:
        qs = qs.filter(pk__in=HardshipFile.objects.restrict(request.user, "care.export_pii").values("pk"))
    rows = [
        [
            f.name,
            f.reveal_id_number() if unmasked else f.id_masked,
            f.union.name,
            f.get_cause_display(),
            f.get_level_display(),
            f.household_size,
            f.household_income,
            f.income_per_head,
            f.get_status_display(),
            f.review_due,
        ]
        for f in qs
    ]
    audit.record(
        "care.files.exported",
        actor=request.user,
        data={"rows": len(rows), "unmasked": unmasked, "reason": reason[:200] if unmasked else ""},
    )
    header = [
        "姓名",
        "身份证号",
        "建档工会",
        "致困原因",
        "困难类别",
        "家庭人口",
        "家庭月收入（元）",
        "月人均（元）",
        "状态",
        "下次复核",
    ]
    return _xlsx("hardship-files.xlsx", header, rows)


# --- Mutual insurance and health checks ----------------------------------------------------------------------------
# Console pages for mutual insurance (plans, the claims to review with each computation) and health checks /
# 疗休养 (slots with their bookings, check-in). Claims and bookings are found only inside the user's scope (404
# otherwise); writes go through ``care.services``.


@login_required
@require_GET
def insurance_page(request):
    if not has_any(request.user, "care.view"):
        raise PermissionDenied
    plans = InsurancePlan.objects.select_related("org").filter(_up_and_down(request.user, "care.view", "org__path"))
    claims = (
        Claim.objects.restrict(request.user, "care.view")
        .prefetch_related("bills")
        .select_related("enrolment__member", "enrolment__union", "enrolment__plan")
    )
    q = request.GET.get("q", "").strip()
    if q:
        claims = claims.filter(Q(enrolment__member__name__icontains=q) | Q(hospital__icontains=q))
    status = request.GET.get("status", "")
    if status in Claim.Status.values:
        claims = claims.filter(status=status)
    return render(
        request,
        "care/staff/insurance.html",
        {
            "plans": plans,
            "page": paginate(request, claims),
            "q": q,
            "status": status,
            "statuses": Claim.Status.choices,
            "may_review": has_any(request.user, "care.claims"),
            "may_enrol": has_any(request.user, "care.enrol"),
        },
    )


@login_required
@require_POST
def claim_review(request, pk):
    claim = get_scoped_or_404(Claim.objects.select_related("enrolment"), request.user, "care.view", pk=pk)
    try:
        done = insurance.review_claim(claim, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        if done.status == Claim.Status.REFUSED:
            messages.warning(request, f"不予赔付：{done.refused_reason}")
        else:
            messages.success(request, f"已核准赔付 {done.payable} 元")
    return redirect("care:insurance")


@login_required
@require_POST
def claim_pay(request, pk):
    claim = get_scoped_or_404(Claim.objects.select_related("enrolment"), request.user, "care.view", pk=pk)
    try:
        insurance.pay_claim(claim, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, "已登记赔付")
    return redirect("care:insurance")


@login_required
@require_GET
def checks_list(request):
    if not has_any(request.user, "care.view"):
        raise PermissionDenied
    programmes = list(
        CheckProgramme.objects.select_related("org").filter(_up_and_down(request.user, "care.view", "org__path"))
    )
    slots = Slot.objects.filter(programme__in=programmes).select_related("programme").order_by("starts_at")
    bookings = Booking.objects.restrict(request.user, "care.view").select_related("member", "slot", "programme")
    q = request.GET.get("q", "").strip()
    if q:
        bookings = bookings.filter(member__name__icontains=q)
    return render(
        request,
        "care/staff/checks.html",
        {
            "programmes": programmes,
            "slots": slots,
            "page": paginate(request, bookings),
            "q": q,
            "may_create": has_any(request.user, "care.manage"),
        },
    )


@login_required
@require_POST
def booking_checkin(request, pk):
    booking = get_scoped_or_404(Booking.objects.select_related("member"), request.user, "care.view", pk=pk)
    try:
        checks.check_in(booking, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, f"{booking.member.name} 已到检")
    if request.POST.get("back") == "detail":
        return redirect("care:checks_detail", booking.programme_id)
    return redirect("care:checks")


# --- Health-check / 疗休养 programmes: slots, quotas per union, nominations ------------------------------------------


def _checks_or_404(user, pk) -> CheckProgramme:
    try:
        return (
            CheckProgramme.objects.select_related("org").filter(_up_and_down(user, "care.view", "org__path")).get(pk=pk)
        )
    except (CheckProgramme.DoesNotExist, ValueError, TypeError):
        raise Http404("No programme matches the given query.") from None


@login_required
def checks_create(request):
    if not has_any(request.user, "care.manage"):
        raise PermissionDenied
    form = ChecksForm(request.POST or None, initial={"year": timezone.localdate().year})
    settle_org_field(form, "org", Org.objects.restrict(request.user, "care.manage"))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = Org.objects.restrict(request.user, "care.manage").filter(code=normalize_code(data.pop("org"))).first()
        if org is None:
            form.add_error("org", "在您的管理范围内没有这个组织代码")
        else:
            try:
                programme = checks.create_programme(actor=request.user, org=org, **data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, f"已创建“{programme.title}”，请添加时段并分配名额")
                return redirect("care:checks_detail", programme.pk)
    return render(request, "care/staff/form.html", {"form": form, "title": "新建体检 / 疗休养项目"})


@login_required
@require_GET
def checks_detail(request, pk):
    programme = _checks_or_404(request.user, pk)
    quotas = CheckQuota.objects.filter(programme=programme).select_related("union")
    quotas = quotas.filter(_up_and_down(request.user, "care.view", "union__path"))
    nominations = (
        Nomination.objects.restrict(request.user, "care.view")
        .filter(programme=programme)
        .select_related("member", "union")
    )
    bookings = (
        Booking.objects.restrict(request.user, "care.view").filter(programme=programme).select_related("member", "slot")
    )
    context = {
        "programme": programme,
        "slots": programme.slots.all(),
        "quotas": quotas,
        "nominations": nominations,
        "page": paginate(request, bookings),
        "attended": bookings.filter(status=Booking.Status.ATTENDED).count(),
        "may_manage": can(request.user, "care.manage", programme.org),
        "may_nominate": programme.by_nomination and has_any(request.user, "care.checks"),
        "slot_form": SlotForm(),
        "quota_form": QuotaForm(),
        "nominate_form": NominateForm(),
    }
    return render(request, "care/staff/checks_detail.html", context)


def _done(request, pk, action, ok: str):
    try:
        action()
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, ok)
    return redirect("care:checks_detail", pk)


@login_required
@require_POST
def checks_slot(request, pk):
    programme = _checks_or_404(request.user, pk)
    form = SlotForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写地点、时间和名额")
        return redirect("care:checks_detail", programme.pk)
    data = form.cleaned_data
    return _done(
        request,
        programme.pk,
        lambda: checks.add_slot(
            programme, actor=request.user, place=data["place"], starts_at=data["starts_at"], capacity=data["capacity"]
        ),
        "已添加时段",
    )


@login_required
@require_POST
def checks_quota(request, pk):
    programme = _checks_or_404(request.user, pk)
    form = QuotaForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写工会组织代码和名额")
        return redirect("care:checks_detail", programme.pk)
    union = Org.objects.restrict(request.user, "care.manage").filter(code=normalize_code(form.cleaned_data["union"]))
    union = union.first()
    if union is None:
        messages.error(request, "工会：在您的管理范围内没有这个组织代码")
        return redirect("care:checks_detail", programme.pk)
    quota = form.cleaned_data["quota"]
    return _done(
        request,
        programme.pk,
        lambda: checks.set_quota(programme, actor=request.user, union=union, quota=quota),
        f"已为 {union.name} 分配 {quota} 个名额",
    )


@login_required
@require_POST
def checks_nominate(request, pk):
    programme = _checks_or_404(request.user, pk)
    text = request.POST.get("card_no", "").strip()
    member = None
    if text and has_any(request.user, "care.checks"):
        member = (
            Member.objects.restrict(request.user, "care.checks")
            .select_related("union")
            .filter(Q(card_no=text) | Q(phone=text))
            .first()
        )
    if member is None:
        messages.error(request, "会员：在您的管理范围内没有找到该会员证号或手机号")
        return redirect("care:checks_detail", programme.pk)
    return _done(
        request,
        programme.pk,
        lambda: checks.nominate(programme, actor=request.user, member=member),
        f"已推荐 {member.name}",
    )


@login_required
@require_POST
def nomination_withdraw(request, pk):
    nomination = get_scoped_or_404(
        Nomination.objects.select_related("member", "programme"), request.user, "care.view", pk=pk
    )
    return _done(
        request,
        nomination.programme_id,
        lambda: checks.withdraw(nomination, actor=request.user),
        f"已撤回对 {nomination.member.name} 的推荐",
    )


# --- Small loans (蓝领通) -------------------------------------------------------------------------------------------


@login_required
@require_GET
def loan_list(request):
    if not has_any(request.user, "care.view"):
        raise PermissionDenied
    qs = LoanReferral.objects.restrict(request.user, "care.view").select_related("union")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(bank__icontains=q) | Q(union__name__icontains=q))
    status = request.GET.get("status", "")
    if status in LoanReferral.Status.values:
        qs = qs.filter(status=status)
    granted = qs.filter(status=LoanReferral.Status.GRANTED).aggregate(n=Count("pk"), total=Sum("amount"))
    context = {
        "page": paginate(request, qs),
        "q": q,
        "status": status,
        "statuses": LoanReferral.Status.choices,
        "granted": granted,
        "may_refer": has_any(request.user, "care.propose"),
    }
    return render(request, "care/staff/loan_list.html", context)


@login_required
def loan_create(request):
    if not has_any(request.user, "care.propose"):
        raise PermissionDenied
    form = LoanForm(request.POST or None)
    settle_org_field(form, "union", Org.objects.restrict(request.user, "care.propose"))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        union = _org(request, data.pop("union"), "care.propose")
        if union is None:
            form.add_error("union", _("在您的管理范围内没有这个组织代码"))
        else:
            try:
                loan = loans.refer(actor=request.user, union=union, id_number_value=data.pop("id_number"), **data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已登记推荐：%(n)s %(a)s 元") % {"n": loan.name, "a": loan.amount})
                return redirect("care:loan_list")
    return render(request, "care/staff/form.html", {"form": form, "title": _("推荐蓝领通贷款")})


@login_required
@require_POST
def loan_status(request, pk):
    loan = get_scoped_or_404(LoanReferral.objects.select_related("union"), request.user, "care.view", pk=pk)
    try:
        loans.report_status(
            loan, actor=request.user, status=request.POST.get("status", ""), note=request.POST.get("note", "")
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已登记银行反馈：%(n)s") % {"n": loan.name})
    return redirect("care:loan_list")


@login_required
@require_GET
def claim_bill(request, pk):
    """A bill photo of a claim: only reviewers (``care.claims``) over the claim's union, else 404; audited."""
    from appeals.photos import photo_response

    bill = get_scoped_or_404(
        ClaimBill.objects.select_related("claim__enrolment__union"), request.user, "care.claims", pk=pk
    )
    insurance.view_bill(bill, actor=request.user)
    return photo_response(bill)


@login_required
@require_POST
def plan_enrol_roster(request, pk):
    """A union enrols its roster under a plan in one batch."""
    plan = InsurancePlan.objects.filter(_up_and_down(request.user, "care.view", "org__path"), pk=pk).first()
    if plan is None:
        raise Http404("No plan matches the given query.")
    union = _org(request, request.POST.get("union", ""), "care.enrol")
    if union is None:
        messages.error(request, "工会：在您的管理范围内没有这个组织代码")
        return redirect("care:insurance")
    try:
        made = insurance.enrol_roster(
            plan, actor=request.user, union=union, premium_paid=request.POST.get("premium_paid") == "on"
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, f"{union.name}：{len(made)} 人参加{plan.name}")
    return redirect("care:insurance")


@login_required
def thresholds(request):
    """The local income lines (per head and month) each district or town sets for a year."""
    if not has_any(request.user, "care.manage"):
        raise PermissionDenied
    if request.method == "POST":
        org = _org(request, request.POST.get("org", ""), "care.manage")
        try:
            year = int(request.POST.get("year", ""))
        except ValueError:
            year = None
        if org is None or year is None or not 2000 <= year <= 2100:
            messages.error(request, "请填写您管理范围内的组织代码和年度")
        else:
            try:
                hardship.set_threshold(actor=request.user, org=org, year=year, amount=request.POST.get("amount", ""))
            except DomainError as exc:
                messages.error(request, str(exc.message))
            else:
                messages.success(request, f"已设置 {org.name} {year} 年的收入标准")
        return redirect("care:thresholds")
    rows = IncomeThreshold.objects.restrict(request.user, "care.manage").select_related("org").order_by("-year")
    return render(request, "care/staff/thresholds.html", {"rows": rows, "year": timezone.localdate().year})
