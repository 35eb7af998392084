"""The union-life console (/console/unionlife/): notices sent from the user's scope with their live return table,
reminding and exporting; the inbox of the orgs the user works for, where staff read a notice and report back;
committees, congresses (换届) and a town's part-time vice-chairs.
Writes go through ``unionlife.services``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from core.forms import add_domain_error
from core.paging import paginate
from core.scoping import can, get_scoped_or_404, has_any
from core.validators import normalize_code
from orgs.models import COVERING_KINDS, Org, OrgKind

from .. import errors, selectors
from ..forms import AllianceForm, CongressForm, NoticeForm, PairingForm, PairingRecordForm, codes
from ..models import (
    Alliance,
    AllianceMember,
    Attachment,
    Delivery,
    EvidenceFile,
    JointActivity,
    Notice,
    Officer,
    Pairing,
    ReturnFile,
    StarRecord,
    Term,
    UnionAssessment,
)
from ..services import ALLIANCES, ASSESS, HANDLE, OFFICERS, SEND, VIEW
from ..services import alliances as alliance_services
from ..services import assessment as assessment_services
from ..services import notices as notice_services
from ..services import officers as officer_services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _orgs(request, text: str, field: str, form) -> list[Org] | None:
    found = []
    for code in codes(text):
        org = Org.objects.restrict(request.user, SEND).filter(code=normalize_code(code)).first()
        if org is None:
            form.add_error(field, _("在您的管理范围内没有组织代码 %(c)s") % {"c": code})
            return None
        found.append(org)
    return found


def _default_sender(user) -> str:
    paths = selectors.own_paths(user)
    org = Org.objects.filter(path__in=paths).order_by("depth").first() if paths else None
    return org.code if org else ""


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


STATES = {
    "unread": lambda qs: qs.filter(read_at__isnull=True),
    "pending": lambda qs: qs.filter(reported_at__isnull=True, notice__due_on__gte=timezone.localdate()).exclude(
        notice__return_kind=Notice.ReturnKind.NONE
    ),
    "overdue": lambda qs: qs.filter(reported_at__isnull=True, notice__due_on__lt=timezone.localdate()).exclude(
        notice__return_kind=Notice.ReturnKind.NONE
    ),
    "reported": lambda qs: qs.filter(reported_at__isnull=False),
}


@login_required
@require_GET
def inbox(request):
    """Notices and tasks sent to the orgs the user works for."""
    if not has_any(request.user, HANDLE):
        raise PermissionDenied
    qs = selectors.inbox(request.user)
    state = request.GET.get("state", "")
    if state in STATES:
        qs = STATES[state](qs)
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


def _file_response(field, filename=None):
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=filename or field.name.rsplit("/", 1)[-1])


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


# --- Officers and terms ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def committees(request):
    """Unions and towns in scope with their term and 换届 due date; filters: overdue, due soon, none recorded."""
    if not has_any(request.user, VIEW):
        raise PermissionDenied
    due = request.GET.get("due", "")
    page = paginate(request, selectors.committees(request.user, due))
    today = timezone.localdate()
    return render(request, "unionlife/staff/committees.html", {"page": page, "due": due, "today": today})


def _committee_org(request, pk) -> Org:
    return get_scoped_or_404(Org.objects.all(), request.user, VIEW, pk=pk)


@login_required
@require_GET
def committee(request, pk):
    """A union's committee: the open term and its officers, the town's part-time vice-chairs, past terms."""
    org = _committee_org(request, pk)
    terms = list(Term.objects.filter(union=org).order_by("-started_on", "-pk"))
    current = next((t for t in terms if t.closed_on is None), None)
    serving = list(
        Officer.objects.filter(union=org, ends_on__isnull=True)
        .select_related("member", "source_union")
        .order_by("role", "pk")
    )
    trainings = selectors.officer_trainings(serving)
    for o in serving:
        o.trainings = trainings[o.pk]
    context = {
        "org": org,
        "current": current,
        "past": [t for t in terms if t.closed_on is not None],
        "serving": serving,
        "may_manage": can(request.user, OFFICERS, org),
        "is_town": org.kind == OrgKind.TOWN,
        "star_history": list(StarRecord.objects.filter(union=org).order_by("-year")),
        "today": timezone.localdate(),
    }
    return render(request, "unionlife/staff/committee.html", context)


@login_required
def congress(request, pk):
    """Record a 会员(代表)大会: date, delegates, the elected committee; it closes the open term."""
    org = _committee_org(request, pk)
    if not can(request.user, OFFICERS, org):
        raise PermissionDenied
    form = CongressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            term = officer_services.record_congress(
                org,
                actor=request.user,
                held_on=data["held_on"],
                officers=data["committee"],
                delegates=data["delegates"],
                length_years=data["length_years"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, _("已登记第 %(n)s 届委员会，换届到期日 %(d)s") % {"n": term.number, "d": term.due_on}
            )
            return redirect("unionlife:committee", org.pk)
    context = {"form": form, "title": _("登记会员（代表）大会"), "org": org}
    return render(request, "unionlife/staff/congress_form.html", context)


@login_required
@require_POST
def vice_chair(request, pk):
    """Make an enterprise union's chair a part-time vice-chair of this town."""
    org = _committee_org(request, pk)
    source = (
        Org.objects.restrict(request.user, VIEW)
        .filter(code=normalize_code(request.POST.get("source_union", "")))
        .first()
    )
    try:
        if source is None:
            raise errors.SOURCE_NOT_BELOW()
        officer = officer_services.appoint_vice_chair(org, actor=request.user, source_union=source)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已选配 %(n)s 为兼职副主席") % {"n": officer.name})
    return redirect("unionlife:committee", org.pk)


@login_required
@require_POST
def officer_end(request, pk):
    officer = get_scoped_or_404(Officer.objects.select_related("union"), request.user, VIEW, pk=pk)
    try:
        officer_services.end_officer(officer, actor=request.user)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)s 已离任") % {"n": officer.name})
    return redirect("unionlife:committee", officer.union_id)


# --- Assessment (星级, 1+X) ------------------------------------------------------------------------------------------


@login_required
@require_GET
def assessments(request):
    if not has_any(request.user, VIEW):
        raise PermissionDenied
    rows = selectors.visible_assessments(request.user)
    context = {"rows": rows, "may_create": has_any(request.user, ASSESS), "year": timezone.localdate().year}
    return render(request, "unionlife/staff/assessments.html", context)


@login_required
@require_POST
def assessment_create(request):
    org = Org.objects.restrict(request.user, ASSESS).order_by("depth", "path").first()
    if org is None:
        raise PermissionDenied
    try:
        a = assessment_services.create_assessment(
            actor=request.user,
            org=org,
            year=int(request.POST.get("year") or 0),
            subsidy_rate=request.POST.get("subsidy_rate") or "100",
            subsidy_cap=request.POST.get("subsidy_cap") or "6000",
        )
    except (DomainError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", _("年度：请填写年份")))
        return redirect("unionlife:assessments")
    return redirect("unionlife:assessment", a.pk)


def _assessment(request, pk):
    return get_object_or_404(selectors.visible_assessments(request.user), pk=pk)


@login_required
@require_GET
def assessment_detail(request, pk):
    a = _assessment(request, pk)
    criteria = list(a.criteria.all())
    rows = list(
        UnionAssessment.objects.restrict(request.user, VIEW)
        .filter(assessment=a)
        .select_related("union", "chair_points")
        .prefetch_related("evidence_files")
        .order_by("union__path")
    )
    own = [
        o
        for o in Org.objects.filter(path__in=selectors.own_paths(request.user), kind__in=COVERING_KINDS)
        if o.path.startswith(a.org.path)
    ]
    context = {
        "a": a,
        "criteria": criteria,
        "declared": [c for c in criteria if not c.computed],
        "rows": rows,
        "own": own,
        "may_assess": can(request.user, ASSESS, a.org),
        "handles": {ua.pk for ua in rows if can(request.user, HANDLE, ua.union)},
        "stars": [1, 2, 3, 4, 5],
        "titles": assessment_services.TITLES,
    }
    return render(request, "unionlife/staff/assessment.html", context)


def _declared_input(request, a, prefix="") -> dict:
    return {
        c.code: {"points": request.POST.get(f"{prefix}{c.code}", ""), "evidence": request.POST.get(f"ev_{c.code}", "")}
        for c in a.criteria.all()
        if not c.computed
    }


def _done(request, action, target):
    try:
        action()
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        for e in getattr(exc, "errors", [exc]):
            messages.error(request, e.message)
    else:
        messages.success(request, _("已保存"))
    return redirect("unionlife:assessment", target)


@login_required
@require_POST
def assessment_submit(request, pk):
    a = _assessment(request, pk)
    union = (
        Org.objects.restrict(request.user, HANDLE).filter(code=normalize_code(request.POST.get("union", ""))).first()
    )
    if union is None:
        raise Http404
    files = {c.code: request.FILES.getlist(f"file_{c.code}") for c in a.criteria.all() if not c.computed}
    return _done(
        request,
        lambda: assessment_services.submit_self_assessment(
            a,
            actor=request.user,
            union=union,
            declared=_declared_input(request, a),
            files={k: v for k, v in files.items() if v},
        ),
        a.pk,
    )


def _union_assessment(request, pk):
    return get_scoped_or_404(UnionAssessment.objects.select_related("assessment", "union"), request.user, VIEW, pk=pk)


@login_required
@require_POST
def assessment_review(request, pk):
    ua = _union_assessment(request, pk)
    scores = {k: v["points"] for k, v in _declared_input(request, ua.assessment).items()}
    return _done(request, lambda: assessment_services.review(ua, actor=request.user, scores=scores), ua.assessment_id)


@login_required
@require_POST
def assessment_confirm(request, pk):
    ua = _union_assessment(request, pk)
    star = request.POST.get("star")
    return _done(
        request,
        lambda: assessment_services.confirm(
            ua,
            actor=request.user,
            star=int(star) if star and star.isdigit() else None,
            titles=request.POST.getlist("titles"),
        ),
        ua.assessment_id,
    )


@login_required
@require_POST
def chair_points(request, pk):
    ua = _union_assessment(request, pk)
    extras = [
        {"label": label, "points": points}
        for label, points in zip(
            request.POST.getlist("extra_label"), request.POST.getlist("extra_points"), strict=False
        )
        if label.strip() or points.strip()
    ]
    return _done(
        request,
        lambda: assessment_services.record_chair_points(
            ua, actor=request.user, base=request.POST.get("base") or "0", extras=extras
        ),
        ua.assessment_id,
    )


@login_required
@require_GET
def assessment_payments(request, pk):
    a = _assessment(request, pk)
    try:
        content = assessment_services.export_payments(a, actor=request.user)
    except DomainError as exc:
        raise PermissionDenied from exc
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="1x-{a.year}.xlsx"'
    return response


@login_required
@require_POST
def evidence_add(request, pk):
    """Add an evidence file to one self-declared criterion of the union's assessment (until the town scores it)."""
    ua = _union_assessment(request, pk)
    return _done(
        request,
        lambda: assessment_services.add_evidence(
            ua, actor=request.user, criterion=request.POST.get("criterion", ""), upload=request.FILES.get("file")
        ),
        ua.assessment_id,
    )


def _evidence(request, pk) -> EvidenceFile:
    return get_scoped_or_404(
        EvidenceFile.objects.select_related("union_assessment__assessment", "union_assessment__union"),
        request.user,
        VIEW,
        pk=pk,
    )


# --- Pairings and alliances (结对共建, 工会联盟) ---------------------------------------------------------------------


def _keeper(request, code: str, form, field: str = "owner") -> Org | None:
    org = Org.objects.restrict(request.user, ALLIANCES).filter(code=normalize_code(code or "")).first()
    if org is None:
        form.add_error(field, _("在您的管理范围内没有组织代码 %(c)s") % {"c": code})
    return org


def _any_orgs(text: str, form, field: str) -> list[Org] | None:
    """Orgs named by code anywhere in the tree (an alliance or a pairing may cross town lines)."""
    found = []
    for code in codes(text):
        org = Org.objects.filter(code=normalize_code(code)).first()
        if org is None:
            form.add_error(field, _("找不到组织代码 %(c)s") % {"c": code})
            return None
        found.append(org)
    return found


def _refused(request, exc: DomainError):
    if exc.status == 403:
        raise PermissionDenied from exc
    for error in exc.errors if hasattr(exc, "errors") else [exc]:
        messages.error(request, error.message)


@login_required
@require_GET
def alliances(request):
    """Alliances the user sees, searchable by name or lead union, filtered by status."""
    if not has_any(request.user, VIEW):
        raise PermissionDenied
    q, status = request.GET.get("q", "").strip()[:100], request.GET.get("status", "")
    context = {
        "page": paginate(request, selectors.alliances(request.user, q=q, status=status)),
        "q": q,
        "status": status,
        "statuses": Alliance.Status.choices,
        "may_manage": has_any(request.user, ALLIANCES),
    }
    return render(request, "unionlife/staff/alliances.html", context)


@login_required
def alliance_create(request):
    if not has_any(request.user, ALLIANCES):
        raise PermissionDenied
    places = selectors.alliance_places(request.user)
    form = AllianceForm(request.POST or None, places=places, initial={"owner": _default_sender(request.user)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        owner = _keeper(request, d["owner"], form)
        lead = _any_orgs(d["lead"], form, "lead")
        members = _any_orgs(d["members"], form, "members")
        if owner is not None and lead is not None and members is not None:
            try:
                alliance = alliance_services.create_alliance(
                    actor=request.user,
                    owner=owner,
                    name=d["name"],
                    kind=d["kind"],
                    lead=lead[0] if lead else None,
                    founded_on=d["founded_on"],
                    members=members,
                    places=list(d["places"]),
                    description=d["description"],
                )
            except DomainError as exc:
                if exc.status == 403:
                    raise PermissionDenied from exc
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已登记联盟：%(n)s") % {"n": alliance.name})
                return redirect("unionlife:alliance", alliance.pk)
    return render(request, "unionlife/staff/alliance_form.html", {"form": form, "title": _("登记工会联盟")})


def _alliance(request, pk) -> Alliance:
    return get_scoped_or_404(Alliance.objects.select_related("owner", "lead"), request.user, VIEW, pk=pk)


@login_required
@require_GET
def alliance_detail(request, pk):
    """An alliance: its members (past and present), shared places, joint activities; the keeper's forms."""
    alliance = _alliance(request, pk)
    may_manage = can(request.user, ALLIANCES, alliance.owner) and alliance.status == Alliance.Status.ACTIVE
    joint = JointActivity.objects.filter(alliance=alliance).select_related("activity", "activity__organiser")
    context = {
        "alliance": alliance,
        "members": list(
            AllianceMember.objects.filter(alliance=alliance)
            .select_related("union")
            .order_by("left_on", "joined_on", "pk")
        ),
        "places": list(alliance.places.select_related("org").order_by("name")),
        "joint": list(joint.order_by("-activity__starts_at")),
        "may_manage": may_manage,
        "place_choices": list(selectors.alliance_places(request.user)) if may_manage else [],
        "today": timezone.localdate(),
    }
    return render(request, "unionlife/staff/alliance.html", context)


@login_required
@require_POST
def alliance_member_add(request, pk):
    alliance = _alliance(request, pk)
    code = request.POST.get("union", "")[:32]
    union = Org.objects.filter(code=normalize_code(code)).first()
    joined_on = parse_date(request.POST.get("joined_on", "")[:10] or "") if request.POST.get("joined_on") else None
    try:
        if union is None:
            raise errors.NOT_A_UNION(name=code, field="union")
        alliance_services.add_member(alliance, actor=request.user, union=union, joined_on=joined_on)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("%(n)s 已加入联盟") % {"n": union.name})
    return redirect("unionlife:alliance", alliance.pk)


@login_required
@require_POST
def alliance_member_leave(request, pk):
    membership = get_object_or_404(AllianceMember.objects.select_related("union", "alliance"), pk=pk)
    _alliance(request, membership.alliance_id)  # 404 unless the user sees the alliance
    try:
        alliance_services.remove_member(membership, actor=request.user)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("%(n)s 已退出联盟") % {"n": membership.union.name})
    return redirect("unionlife:alliance", membership.alliance_id)


@login_required
@require_POST
def alliance_places(request, pk):
    alliance = _alliance(request, pk)
    ids = [int(x) for x in request.POST.getlist("places")[:200] if x.isdigit()]
    chosen = list(selectors.alliance_places(request.user).filter(pk__in=ids))
    kept = [p for p in alliance.places.all() if not can(request.user, VIEW, p.org)]  # places the user cannot list
    try:
        alliance_services.set_places(alliance, actor=request.user, places=kept + chosen)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("已保存共享阵地"))
    return redirect("unionlife:alliance", alliance.pk)


@login_required
@require_POST
def alliance_activity(request, pk):
    alliance = _alliance(request, pk)
    raw = request.POST.get("activity", "").strip()[:12]
    from activities.models import Activity

    activity = (
        Activity.objects.restrict(request.user, "activities.view").filter(pk=int(raw)).first()
        if raw.isdigit()
        else None
    )
    try:
        if activity is None:
            raise errors.ORGANISER_NOT_MEMBER()
        alliance_services.add_joint_activity(alliance, actor=request.user, activity=activity)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("已登记联办活动：%(n)s") % {"n": activity.title})
    return redirect("unionlife:alliance", alliance.pk)


@login_required
@require_POST
def alliance_dissolve(request, pk):
    alliance = _alliance(request, pk)
    try:
        alliance_services.dissolve_alliance(alliance, actor=request.user)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("联盟已解散"))
    return redirect("unionlife:alliance", alliance.pk)


@login_required
@require_GET
def evidence_file(request, pk):
    """An evidence file, served to whoever sees the union's assessment (the union, its town, the district)."""
    evidence = _evidence(request, pk)
    return _file_response(evidence.file, evidence.name)


def pairings(request):
    """Pairings the user sees, searchable by name or party, filtered by status."""
    if not has_any(request.user, VIEW):
        raise PermissionDenied
    q, status = request.GET.get("q", "").strip()[:100], request.GET.get("status", "")
    context = {
        "page": paginate(request, selectors.pairings(request.user, q=q, status=status)),
        "q": q,
        "status": status,
        "statuses": Pairing.Status.choices,
        "may_manage": has_any(request.user, ALLIANCES),
        "today": timezone.localdate(),
    }
    return render(request, "unionlife/staff/pairings.html", context)


@login_required
def pairing_create(request):
    if not has_any(request.user, ALLIANCES):
        raise PermissionDenied
    form = PairingForm(request.POST or None, initial={"owner": _default_sender(request.user)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        owner = _keeper(request, d["owner"], form)
        orgs = _any_orgs(d["orgs"], form, "orgs")
        if owner is not None and orgs is not None:
            try:
                pairing = alliance_services.create_pairing(
                    actor=request.user,
                    owner=owner,
                    title=d["title"],
                    goals=d["goals"],
                    starts_on=d["starts_on"],
                    ends_on=d["ends_on"],
                    parties=[{"org": o} for o in orgs] + d["outside"],
                )
            except DomainError as exc:
                if exc.status == 403:
                    raise PermissionDenied from exc
                add_domain_error(form, exc)
                for e in getattr(exc, "errors", [exc]):
                    if e.field == "parties":
                        form.add_error("orgs", e.message)
            else:
                messages.success(request, _("已登记结对共建：%(n)s") % {"n": pairing.title})
                return redirect("unionlife:pairing", pairing.pk)
    return render(request, "unionlife/staff/pairing_form.html", {"form": form, "title": _("登记结对共建")})


def _pairing(request, pk) -> Pairing:
    return get_scoped_or_404(Pairing.objects.select_related("owner"), request.user, VIEW, pk=pk)


def _pairing_page(request, pairing, form=None, status=200):
    context = {
        "pairing": pairing,
        "parties": list(pairing.parties.select_related("org")),
        "records": list(pairing.records.select_related("recorded_by")),
        "may_manage": can(request.user, ALLIANCES, pairing.owner) and pairing.status == Pairing.Status.ACTIVE,
        "may_record": pairing.status == Pairing.Status.ACTIVE and alliance_services.may_record(request.user, pairing),
        "form": form or PairingRecordForm(initial={"happened_on": timezone.localdate()}),
        "today": timezone.localdate(),
    }
    return render(request, "unionlife/staff/pairing.html", context, status=status)


@login_required
@require_GET
def pairing_detail(request, pk):
    return _pairing_page(request, _pairing(request, pk))


@login_required
@require_POST
def evidence_remove(request, pk):
    evidence = _evidence(request, pk)
    return _done(
        request,
        lambda: assessment_services.remove_evidence(evidence, actor=request.user),
        evidence.union_assessment.assessment_id,
    )


def pairing_record(request, pk):
    pairing = _pairing(request, pk)
    form = PairingRecordForm(request.POST)
    if form.is_valid():
        try:
            alliance_services.add_pairing_record(pairing, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            if exc.status == 403:
                raise PermissionDenied from exc
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已记录进展"))
            return redirect("unionlife:pairing", pairing.pk)
    return _pairing_page(request, pairing, form, status=400)


@login_required
@require_POST
def pairing_close(request, pk):
    pairing = _pairing(request, pk)
    try:
        alliance_services.close_pairing(
            pairing,
            actor=request.user,
            status=request.POST.get("status", "")[:20],
            note=request.POST.get("note", "")[:300],
        )
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("结对共建已结束"))
    return redirect("unionlife:pairing", pairing.pk)
