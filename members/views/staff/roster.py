"""Staff console pages of the roster: the searchable list, a member's page with their history, registering and
correcting members, status changes, transfers, and audited access to a full ID number. Every query starts from
``restrict`` (404 outside scope); writes go through ``members.services``."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from core.forms import add_domain_error
from core.paging import paginate
from core.scoping import can
from members import services
from members.choices import MemberStatus, Tag
from members.forms import MemberForm, ReasonForm, StatusForm, TransferForm
from members.models import Member, MemberTag, Transfer
from members.paging import paginate as roster_paginate
from members.selectors import search_q
from orgs.models import COVERING_KINDS, Enterprise, Org, OrgStatus

FILTERS = ("q", "under", "status", "tag", "joined_from", "joined_to")


def visible_members(request, permission: str = "members.view"):
    return Member.objects.restrict(request.user, permission)


def get_member(request, pk) -> Member:
    return get_object_or_404(visible_members(request).select_related("union", "employer"), pk=pk)


def require(request, permission: str, org: Org) -> None:
    if not can(request.user, permission, org):
        raise PermissionDenied


def roster_queryset(request, f: dict):
    """The members matching the list's filters, within the user's scope. ``under`` limits to an org's sub-tree."""
    qs = visible_members(request)
    within = None
    if f["under"].isdigit():
        within = get_object_or_404(Org.objects.restrict(request.user, "orgs.view"), pk=f["under"])
        qs = qs.filter(union__path__startswith=within.path)
    if f["q"]:
        qs = qs.filter(search_q(f["q"]))
    if f["status"] in MemberStatus.values:
        qs = qs.filter(status=f["status"])
    if f["tag"] in Tag.values:
        qs = qs.filter(tags__tag=f["tag"])
    if f["joined_from"]:
        qs = qs.filter(joined_on__gte=f["joined_from"])
    if f["joined_to"]:
        qs = qs.filter(joined_on__lte=f["joined_to"])
    return qs, within


@login_required
@require_GET
def member_list(request):
    """The roster: search by name, pinyin (full or initials), phone, card number or exact ID number; filters."""
    f = {k: request.GET.get(k, "").strip() for k in FILTERS}
    for key in ("joined_from", "joined_to"):
        if f[key] and not _is_iso_date(f[key]):
            messages.error(request, _("入会日期筛选：“%(v)s”不是有效日期，已忽略") % {"v": f[key]})
            f[key] = ""
    qs, within = roster_queryset(request, f)
    qs = qs.select_related("union").prefetch_related(Prefetch("tags", queryset=MemberTag.objects.order_by("tag")))
    page = roster_paginate(request, qs.order_by("-joined_on", "-id"), settings.PAGE_SIZE)
    return render(
        request,
        "members/console/list.html",
        {
            "page": page,
            "f": f,
            "within": within,
            "statuses": MemberStatus.choices,
            "tags": Tag.choices,
            "may_add": Org.objects.restrict(request.user, "members.add").filter(kind__in=COVERING_KINDS).exists(),
            "query": request.GET.urlencode(),
        },
    )


def _is_iso_date(value: str) -> bool:
    """Whether a filter holds an ISO date between 1900 and 2100 (others are ignored)."""
    from core.dates import parse_filter_date

    return parse_filter_date(value) is not None


@login_required
@require_GET
def member_detail(request, pk):
    """A member's page: details (masked), tags, membership history and transfers, and the actions allowed."""
    return _render_detail(request, get_member(request, pk))


def _render_detail(request, member: Member, *, revealed: str | None = None):
    user = request.user
    events = member.events.select_related("union", "other_union", "actor")
    transfers = member.transfers.select_related("from_union", "to_union")
    may = {
        "change": can(user, "members.change", member.union),
        "transfer": can(user, "members.transfer", member.union),
        "view_pii": can(user, "members.view_pii", member.union),
    }
    return render(
        request,
        "members/console/detail.html",
        {
            "member": member,
            "events": events,
            "transfers": transfers,
            "may": may,
            "tags": [t.get_tag_display() for t in member.tags.all()],
            "revealed": revealed,
        },
    )


def _employer(request, form) -> Enterprise | None:
    """The enterprise named by 统一社会信用代码 in the form, within the user's scope."""
    code = (form.cleaned_data.get("employer") or "").strip().upper()
    if not code:
        return None
    found = Enterprise.objects.restrict(request.user, "enterprises.view").filter(uscc=code).first()
    if found is None:
        form.add_error(
            "employer", _("企业名录中没有统一社会信用代码为“%(c)s”的企业（或不在您的管理范围内）") % {"c": code}
        )
    return found


def _person_data(form) -> dict:
    data = {k: v for k, v in form.cleaned_data.items() if k != "employer"}
    data["tags"] = list(data.get("tags") or [])
    return data


@login_required
def member_create(request):
    """Register a member in a union of the user's scope (``?union=<pk>``)."""
    unions = Org.objects.restrict(request.user, "members.add").filter(kind__in=COVERING_KINDS, status=OrgStatus.ACTIVE)
    union_pk = request.GET.get("union", "")
    if not union_pk.isdigit():
        q = request.GET.get("q", "").strip()
        only = list(unions[:2])
        if len(only) == 1 and not q:
            # A 基层工会 clerk registers into their one union: no step to choose it.
            return redirect(f"{request.path}?union={only[0].pk}")
        if q:
            from orgs.selectors import search_q as org_search_q

            unions = unions.filter(org_search_q(q))
        return render(request, "members/console/pick_union.html", {"page": paginate(request, unions), "q": q})
    union = get_object_or_404(unions, pk=union_pk)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        employer = _employer(request, form)
        if not form.errors:
            try:
                member = services.register_member(
                    actor=request.user, union=union, employer=employer, **_person_data(form)
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(
                    request, _("已登记会员“%(n)s”，会员证号 %(c)s") % {"n": member.name, "c": member.card_no}
                )
                return redirect("members:detail", member.pk)
    return render(request, "members/console/form.html", {"form": form, "union": union, "title": _("登记会员")})


@login_required
def member_edit(request, pk):
    """Correct a member's details; their union and status change through transfers and status changes."""
    member = get_member(request, pk)
    require(request, "members.change", member.union)
    initial = {k: getattr(member, k) for k in services.PERSON_FIELDS + ("id_type", "card_no", "joined_on")}
    initial["tags"] = list(member.tags.values_list("tag", flat=True))
    initial["employer"] = member.employer.uscc if member.employer else ""
    form = MemberForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        employer = _employer(request, form)
        if not form.errors:
            data = _person_data(form)
            if not data["id_number"]:
                data.pop("id_number")  # left empty: keep the stored number
            try:
                services.update_member(member, actor=request.user, employer=employer, **data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已保存“%(n)s”的修改") % {"n": member.name})
                return redirect("members:detail", member.pk)
    return render(
        request,
        "members/console/form.html",
        {"form": form, "member": member, "union": member.union, "title": _("修改会员信息")},
    )


@login_required
def member_status(request, pk):
    """保留, 恢复, 退会 or 除名."""
    member = get_member(request, pk)
    require(request, "members.change", member.union)
    form = StatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_status(
                member,
                form.cleaned_data["change"],
                actor=request.user,
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已办理会籍变动"))
            return redirect("members:detail", member.pk)
    return render(
        request,
        "members/console/action.html",
        {
            "form": form,
            "member": member,
            "title": _("会籍变动"),
            "danger": True,
            "note": _("退会、除名后会员证即时失效；历史记录保留。"),
        },
    )


@login_required
def member_transfer(request, pk):
    """Start a transfer to another union, which accepts or declines it on its side."""
    member = get_member(request, pk)
    require(request, "members.transfer", member.union)
    form = TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["to_union"].strip().upper()
        # The receiving union may be outside the sender's scope: look it up by exact code only.
        to_union = Org.objects.filter(code=code).first()
        if to_union is None:
            form.add_error("to_union", _("组织代码“%(c)s”不存在") % {"c": code})
        else:
            try:
                services.request_transfer(member, to_union, actor=request.user, reason=form.cleaned_data["reason"])
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已发起转会，待“%(u)s”接收") % {"u": to_union.name})
                return redirect("members:detail", member.pk)
    return render(
        request,
        "members/console/action.html",
        {
            "form": form,
            "member": member,
            "title": _("转会"),
            "note": _("会员在接收工会确认接收后才转入；确认前可撤回。"),
        },
    )


@login_required
def member_reveal(request, pk):
    """Show the full ID number once, to someone permitted, after they say why; audited."""
    member = get_member(request, pk)
    require(request, "members.view_pii", member.union)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            number = services.reveal_id_number(member, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            # Shown in this response only: never stored (a session row would put it in the database) nor in a URL.
            response = _render_detail(request, member, revealed=number)
            response["Cache-Control"] = "no-store"
            return response
    return render(
        request,
        "members/console/action.html",
        {
            "form": form,
            "member": member,
            "title": _("查看完整证件号"),
            "note": _("查看完整证件号将记录您的账号、时间和原因。"),
        },
    )


@login_required
def member_revoke_card(request, pk):
    """Void the current card (lost, misused): its QR code stops verifying."""
    member = get_member(request, pk)
    require(request, "members.change", member.union)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_card(member, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("原会员证已作废，会员登录后即可出示新的电子会员证"))
            return redirect("members:detail", member.pk)
    return render(
        request,
        "members/console/action.html",
        {
            "form": form,
            "member": member,
            "title": _("作废会员证"),
            "danger": True,
            "note": _("作废后，原会员证二维码核验将显示“不是有效会员证”。"),
        },
    )


@login_required
@require_GET
def transfer_list(request):
    """Transfers at either end of the user's scope; incoming ones waiting for a decision first."""
    transfers = Transfer.objects.restrict(request.user, "members.transfer").select_related(
        "member", "from_union", "to_union"
    )
    status = request.GET.get("status", "pending")
    if status in Transfer.Status.values:
        transfers = transfers.filter(status=status)
    page = paginate(request, transfers)
    for t in page.object_list:
        t.may_decide = can(request.user, "members.transfer", t.to_union)
        t.may_cancel = can(request.user, "members.transfer", t.from_union)
    return render(
        request, "members/console/transfers.html", {"page": page, "status": status, "statuses": Transfer.Status.choices}
    )


@login_required
@require_POST
def transfer_decide(request, pk, decision):
    """Accept, decline (with a reason) or withdraw a transfer."""
    transfer = get_object_or_404(Transfer.objects.restrict(request.user, "members.transfer"), pk=pk)
    note = request.POST.get("note", "")
    try:
        if decision == "accept":
            services.accept_transfer(transfer, actor=request.user, note=note)
            messages.success(request, _("已接收转会"))
        elif decision == "reject":
            services.reject_transfer(transfer, actor=request.user, note=note)
            messages.success(request, _("已拒绝转会"))
        elif decision == "cancel":
            services.cancel_transfer(transfer, actor=request.user)
            messages.success(request, _("已撤回转会"))
    except DomainError as exc:
        if exc.code == "permission_denied":
            raise PermissionDenied from None
        messages.error(request, exc.message)
    return redirect("members:transfers")
