"""Staff console pages of the appeals workflow: the work queue (mine / my org, overdue first) with filters, an
appeal's page (details, photos through a scope-checked view, the full timeline with internal notes) and every action
on it (accept, hand over, ask for information, merge, reply, adopt, internal note), and the 开放日 entry form.
Every query starts from ``restrict`` (404 outside scope); in scope without ``appeals.handle`` answers 403; writes go
through ``appeals.services``."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, IntegerField, Q, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from core.forms import add_domain_error, settle_org_field
from core.paging import paginate
from core.scoping import EVERYTHING, can, scope_paths
from orgs.models import Org, OrgStatus
from orgs.selectors import search_q

from .. import photos, services
from ..forms import (
    AdoptForm,
    HandOverForm,
    MergeForm,
    NoteForm,
    OpenDayForm,
    ProgressForm,
    RequestInfoForm,
    ResolveForm,
)
from ..models import OPEN_STATUSES, Appeal, Category, Kind, Status

FILTERS = ("scope", "kind", "category", "status", "overdue", "from", "to", "q")
STATUS_OPEN, STATUS_ALL = "", "all"


def visible(request, permission: str = "appeals.view"):
    return Appeal.objects.restrict(request.user, permission)


def get_appeal(request, pk) -> Appeal:
    """The appeal if it is in the user's scope, else 404 (a guessed id reveals nothing)."""
    related = ("org", "assignee", "member", "employer", "merged_into", "recorded_by")
    return get_object_or_404(visible(request).select_related(*related), pk=pk)


def handled(request, pk) -> Appeal:
    """The appeal for an action: 404 outside scope, 403 in scope without the right to handle it."""
    appeal = get_appeal(request, pk)
    if not can(request.user, "appeals.handle", appeal.org):
        raise PermissionDenied
    return appeal


def overdue_q(now) -> Q:
    """Past the deadline of the current stage (the same rule escalation applies; waiting for the worker is not)."""
    return Q(status=Status.SUBMITTED, accept_due__lt=now) | Q(status=Status.ACCEPTED, resolve_due__lt=now)


def is_overdue(appeal: Appeal, now) -> bool:
    if appeal.status == Status.SUBMITTED:
        return appeal.accept_due < now
    return appeal.status == Status.ACCEPTED and appeal.resolve_due < now


def _date(value: str) -> date | None:
    """An ISO date from a filter, or None when empty, malformed or outside 1900–2100."""
    from core.dates import parse_filter_date

    return parse_filter_date(value)


def queue_queryset(request, f: dict, now):
    """The appeals matching the queue's filters, in scope; overdue first, then the nearest deadline."""
    qs = visible(request)
    if f["scope"] == "mine":
        qs = qs.filter(assignee=request.user)
    if f["kind"] in Kind.values:
        qs = qs.filter(kind=f["kind"])
    if f["category"] in Category.values:
        qs = qs.filter(category=f["category"])
    if f["status"] == STATUS_OPEN:
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif f["status"] in Status.values:
        qs = qs.filter(status=f["status"])
    if f["overdue"]:
        qs = qs.filter(overdue_q(now))
    for key, lookup in (("from", "submitted_at__date__gte"), ("to", "submitted_at__date__lte")):
        if f[key]:
            day = _date(f[key])
            if day is None:
                messages.error(request, _("提交日期筛选：“%(v)s”不是有效日期，已忽略") % {"v": f[key]})
                f[key] = ""
            else:
                qs = qs.filter(**{lookup: day})
    if f["q"]:
        q = f["q"]
        cond = Q(tracking_no__iexact=q) | Q(name__icontains=q)
        digits = "".join(ch for ch in q if ch.isdigit())
        if len(digits) == 11:
            cond |= Q(phone=digits)
        elif len(digits) == 4 and digits == q:
            cond |= Q(phone__endswith=digits)  # the last four digits, as people read them out on the phone
        qs = qs.filter(cond)
    return qs.annotate(
        is_overdue=Case(When(overdue_q(now), then=1), default=0, output_field=IntegerField()),
        due=Case(When(status=Status.SUBMITTED, then=F("accept_due")), default=F("resolve_due")),
    ).order_by("-is_overdue", "due", "-id")


@login_required
@require_GET
def queue(request):
    """The work queue: mine (assigned to me) or my org's (everything in scope), filtered, overdue first."""
    f = {k: request.GET.get(k, "").strip() for k in FILTERS}
    if f["scope"] not in ("mine", "org"):
        f["scope"] = "org"
    now = timezone.now()
    qs = queue_queryset(request, f, now).select_related("org", "assignee")
    page = paginate(request, qs)
    return render(
        request,
        "appeals/staff/queue.html",
        {
            "page": page,
            "f": f,
            "now": now,
            "kinds": Kind.choices,
            "categories": Category.choices,
            "statuses": Status.choices,
            "filtered": any(f[k] for k in FILTERS if k != "scope"),
            "may_handle": bool(_handle_paths(request.user)),
        },
    )


def _handle_paths(user):
    paths = scope_paths(user, "appeals.handle")
    return paths if paths is EVERYTHING else list(paths)


@login_required
@require_GET
def detail(request, pk):
    """An appeal: details, photos, the full timeline (internal notes marked), and the actions allowed now."""
    appeal = get_appeal(request, pk)
    now = timezone.now()
    may = can(request.user, "appeals.handle", appeal.org)
    is_open = appeal.status in OPEN_STATUSES
    actions = {
        "accept": may and appeal.status == Status.SUBMITTED,
        "hand_over": may and is_open,
        "request_info": may and appeal.status in (Status.SUBMITTED, Status.ACCEPTED),
        "progress": may and appeal.status == Status.ACCEPTED,
        "merge": may and is_open,
        "resolve": may and is_open,
        "adopt": may
        and appeal.kind == Kind.SUGGESTION
        and not appeal.adopted
        and appeal.status != Status.SUBMITTED
        and appeal.status != Status.MERGED,
        "note": may,
    }
    return render(
        request,
        "appeals/staff/detail.html",
        {
            "appeal": appeal,
            "events": appeal.events.select_related("actor", "org").order_by("at", "id"),
            "photos": list(appeal.photos.all()),
            "merged": list(appeal.merged.only("id", "tracking_no", "name", "status")),
            "overdue": is_overdue(appeal, now),
            "actions": actions,
            "note_form": NoteForm(),
        },
    )


@login_required
@require_GET
def photo(request, pk, photo_pk):
    """A photo of an appeal in scope, served through this check rather than a public media URL."""
    appeal = get_appeal(request, pk)
    return photos.photo_response(get_object_or_404(appeal.photos, pk=photo_pk))


@login_required
@require_POST
def accept(request, pk):
    """受理: the handling union takes it on; the user becomes its handler."""
    appeal = handled(request, pk)
    try:
        services.accept(appeal, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已受理 %(no)s") % {"no": appeal.tracking_no})
    return redirect("appeals:detail", appeal.pk)


@login_required
@require_POST
def add_note(request, pk):
    """An internal note on the timeline, never shown to the worker."""
    appeal = handled(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.add_note(appeal, actor=request.user, text=form.cleaned_data["text"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已添加内部备注"))
    return redirect(reverse("appeals:detail", args=[appeal.pk]) + "#timeline")


def _action_page(request, appeal, form, *, title: str, button: str, intro: str = "", danger: bool = False, **extra):
    context = {"appeal": appeal, "form": form, "title": title, "button": button, "intro": intro, "danger": danger}
    return render(request, "appeals/staff/action.html", {**context, **extra})


@login_required
def hand_over(request, pk):
    """转办: to another org in the user's scope, with a reason the timeline keeps."""
    appeal = handled(request, pk)
    form = HandOverForm(request.POST or None, pick_url=reverse("appeals:pick_org"))
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["to_org"].strip().upper()
        target = Org.objects.restrict(request.user, "appeals.handle").filter(code=code).first()
        if target is None:
            form.add_error("to_org", _("组织代码“%(c)s”不存在或不在您的管理范围内") % {"c": code})
        else:
            try:
                services.hand_over(appeal, target, actor=request.user, reason=form.cleaned_data["reason"])
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已转办至%(o)s") % {"o": target.name})
                return redirect("appeals:detail", appeal.pk)
    return _action_page(
        request,
        appeal,
        form,
        title=_("转办"),
        button=_("确认转办"),
        intro=_("转办后由对方工会办理，本单位将不再是承办单位。"),
        datalist="org-options",
    )


@login_required
def request_info(request, pk):
    """Ask the worker for more information; the item waits for their answer."""
    appeal = handled(request, pk)
    form = RequestInfoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_info(appeal, actor=request.user, question=form.cleaned_data["question"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已请职工补充材料"))
            return redirect("appeals:detail", appeal.pk)
    return _action_page(request, appeal, form, title=_("请职工补充材料"), button=_("发送"))


@login_required
def progress(request, pk):
    """办理进展: tell the worker how handling is going (they are notified); the item stays open."""
    appeal = handled(request, pk)
    form = ProgressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_progress(appeal, actor=request.user, text=form.cleaned_data["text"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已发布办理进展，职工将收到通知"))
            return redirect(reverse("appeals:detail", args=[appeal.pk]) + "#timeline")
    return _action_page(
        request,
        appeal,
        form,
        title=_("发布办理进展"),
        button=_("发布"),
        intro=_("告诉职工目前办到哪一步；事项继续办理，办结时再答复。"),
    )


@login_required
def merge(request, pk):
    """Fold a duplicate into another item: name the target, check it on the confirmation, then merge."""
    appeal = handled(request, pk)
    form = MergeForm(request.POST or None)
    target = None
    if request.method == "POST" and form.is_valid():
        no = form.cleaned_data["tracking_no"]
        target = visible(request).select_related("org").filter(tracking_no=no).first()
        if target is None:
            form.add_error("tracking_no", _("受理编号“%(no)s”不存在或不在您的管理范围内") % {"no": no})
        elif form.cleaned_data["confirm"]:
            try:
                services.merge(appeal, target, actor=request.user)
            except DomainError as exc:
                add_domain_error(form, exc)
                target = None
            else:
                messages.success(
                    request, _("已将 %(a)s 合并至 %(b)s") % {"a": appeal.tracking_no, "b": target.tracking_no}
                )
                return redirect("appeals:detail", target.pk)
    if target is not None and not form.errors:
        # The confirmation step: both items side by side, and the button that does it.
        return render(request, "appeals/staff/merge_confirm.html", {"appeal": appeal, "target": target})
    return _action_page(
        request,
        appeal,
        form,
        title=_("合并重复事项"),
        button=_("下一步"),
        intro=_("同一问题多人反映时，把本条并入另一条办理，答复将同时发给双方。"),
    )


@login_required
def resolve(request, pk):
    """办结: the reply to the worker, who is then asked to rate it."""
    appeal = handled(request, pk)
    form = ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resolve(appeal, actor=request.user, reply=form.cleaned_data["reply"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已办结并答复职工"))
            return redirect("appeals:detail", appeal.pk)
    merged = appeal.merged.count()
    intro = _("办结后不能再修改答复，职工将收到通知并评价。")
    if merged:
        intro += _("已合并的 %(n)d 条事项将收到同样的答复。") % {"n": merged}
    return _action_page(request, appeal, form, title=_("办结答复"), button=_("确认办结"), intro=intro)


@login_required
def adopt(request, pk):
    """采纳 a suggestion."""
    appeal = handled(request, pk)
    form = AdoptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.adopt(appeal, actor=request.user, note=form.cleaned_data["note"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已标记采纳"))
            return redirect("appeals:detail", appeal.pk)
    return _action_page(request, appeal, form, title=_("采纳建议"), button=_("确认采纳"))


@login_required
@require_GET
def pick_org(request):
    """htmx: ``<option>`` suggestions of active orgs where the user may handle appeals."""
    q = next((v for v in request.GET.values() if v.strip()), "")
    options = []
    if q.strip():
        options = (
            Org.objects.restrict(request.user, "appeals.handle")
            .filter(status=OrgStatus.ACTIVE)
            .filter(search_q(q))
            .only("code", "name")[:20]
        )
    return render(request, "orgs/_pick_options.html", {"options": options})


@login_required
def open_day(request):
    """开放日 entry: a chair records what a worker raised, for an org of their choice in their scope."""
    paths = _handle_paths(request.user)
    if not paths:
        raise PermissionDenied
    initial = {}
    if paths is not EVERYTHING and len(paths) == 1:
        home = Org.objects.filter(path=paths[0]).only("code").first()
        initial["org"] = home.code if home else ""
    form = OpenDayForm(
        request.POST or None, request.FILES or None, initial=initial, pick_url=reverse("appeals:pick_org")
    )
    settle_org_field(form, "org", Org.objects.restrict(request.user, "appeals.handle").filter(status=OrgStatus.ACTIVE))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        code = data["org"].strip().upper()
        org = Org.objects.restrict(request.user, "appeals.handle").filter(code=code, status=OrgStatus.ACTIVE).first()
        if org is None:
            form.add_error("org", _("组织代码“%(c)s”不存在或不在您的管理范围内") % {"c": code})
        else:
            try:
                appeal = services.submit(
                    kind=Kind.OPEN_DAY,
                    category=data["category"],
                    description=data["description"],
                    name=data["name"],
                    phone=data["phone"],
                    employer_name=data["employer_name"],
                    location=data["location"],
                    name_visible_to_employer=data["name_visible_to_employer"],
                    uploads=data["photos"],
                    recorded_by=request.user,
                    org=org,
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已登记开放日事项 %(no)s") % {"no": appeal.tracking_no})
                return redirect("appeals:detail", appeal.pk)
    return render(request, "appeals/staff/open_day.html", {"form": form})
