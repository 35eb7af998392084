"""The honours console (/console/honours/): the register of honours held in the scope, recording one, the
nominations with the review of each level, and the district's titles. Writes go through ``honours.services``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from core.forms import add_domain_error
from core.paging import paginate
from core.scoping import can, get_scoped_or_404, has_any
from core.validators import normalize_code
from members.models import Member
from orgs.models import Org

from .. import selectors, services
from ..forms import AwardForm, ConcludeForm, NominationForm, ReviewForm, TitleForm
from ..models import Award, Category, Level, Nomination, Title
from ..services import NOMINATE, REVIEW, TITLES, VIEW


def _org(user, code: str, permission: str):
    return Org.objects.restrict(user, permission).filter(code=normalize_code(code or "")).first()


def _titles(user):
    """The titles a user may pick: those set by orgs at or above the orgs they may nominate for."""
    paths = set()
    for org in Org.objects.restrict(user, NOMINATE).order_by("depth")[:50]:
        paths.update(org.path[: i * Org.steplen] for i in range(1, org.depth + 1))
    return list(Title.objects.filter(org__path__in=paths, active=True).select_related("org"))


def _holder(request, form, union, title):
    """The member named by phone in the union's sub-tree (None when the title is collective)."""
    data = form.cleaned_data
    if not title.individual:
        return None
    phone = data.get("member_phone")
    if not phone:
        form.add_error("member_phone", _("个人称号请填写会员手机号"))
        return False
    member = (
        Member.objects.restrict(request.user, VIEW)
        .filter(phone=phone, union__path__startswith=union.path)
        .select_related("union")
        .first()
    )
    if member is None:
        form.add_error("member_phone", _("推荐单位范围内没有这个手机号的会员"))
        return False
    return member


def _holder_form(request, form_class, save):
    """A title-and-holder form (登记荣誉, 推荐荣誉): the title among the user's, the union in their scope, the member by
    phone for an individual title; then ``save(title, union, member, data)``. Returns (form, saved object or None)."""
    titles = _titles(request.user)
    form = form_class(request.POST or None, titles=titles)
    if request.method != "POST" or not form.is_valid():
        return form, None
    data = form.cleaned_data
    union = _org(request.user, data["union"], NOMINATE)
    title = next((t for t in titles if t.pk == data["title"]), None)
    if union is None:
        form.add_error("union", _("在您的管理范围内没有这个组织代码"))
        return form, None
    member = _holder(request, form, union, title)
    if member is False:
        return form, None
    try:
        return form, save(title, union, member, data)
    except DomainError as exc:
        add_domain_error(form, exc)
        return form, None


@login_required
@require_GET
def awards(request):
    """The register: honours held in the scope, by title, level and year."""
    if not has_any(request.user, VIEW):
        raise PermissionDenied
    qs = Award.objects.restrict(request.user, VIEW).select_related("title", "union")
    q = request.GET.get("q", "").strip()[:50]
    category, level, year = request.GET.get("category", ""), request.GET.get("level", ""), request.GET.get("year", "")
    if q:
        qs = qs.filter(holder_name__icontains=q)
    if category in Category.values:
        qs = qs.filter(title__category=category)
    if level in Level.values:
        qs = qs.filter(level=level)
    if year.isdigit():
        qs = qs.filter(year=int(year))
    context = {
        "page": paginate(request, qs),
        "q": q,
        "category": category,
        "level": level,
        "year": year,
        "categories": Category.choices,
        "levels": Level.choices,
        "may_record": has_any(request.user, NOMINATE),
        "filtered": bool(q or category or level or year),
    }
    return render(request, "honours/staff/awards.html", context)


@login_required
@require_GET
def award_detail(request, pk):
    award = get_scoped_or_404(
        Award.objects.select_related("title", "union", "member", "nomination"), request.user, VIEW, pk=pk
    )
    return render(request, "honours/staff/award.html", {"award": award})


@login_required
def award_create(request):
    """Record an honour held (a past one, or one a higher body conferred directly)."""
    if not has_any(request.user, NOMINATE):
        raise PermissionDenied
    form, award = _holder_form(
        request,
        AwardForm,
        lambda title, union, member, data: services.record_award(
            title,
            actor=request.user,
            union=union,
            level=data["level"],
            year=data["year"],
            awarding_body=data["awarding_body"],
            awarded_on=data["awarded_on"],
            member=member,
            holder_name=data["holder_name"],
        ),
    )
    if award is not None:
        messages.success(request, _("已登记“%(n)s”的荣誉") % {"n": award.holder_name})
        return redirect("honours:award", award.pk)
    return render(request, "honours/staff/form.html", {"form": form, "title": _("登记荣誉"), "back": "honours:awards"})


@login_required
@require_GET
def nominations(request):
    """Nominations of the scope; ``waiting=1`` shows those waiting for the user's review."""
    if not has_any(request.user, VIEW):
        raise PermissionDenied
    waiting = request.GET.get("waiting") == "1"
    if waiting:
        qs = selectors.waiting_for(request.user)
    else:
        qs = Nomination.objects.restrict(request.user, VIEW).select_related("title", "union", "at_org")
    q = request.GET.get("q", "").strip()[:50]
    status = request.GET.get("status", "")
    if q:
        qs = qs.filter(holder_name__icontains=q)
    if status in Nomination.Status.values:
        qs = qs.filter(status=status)
    context = {
        "page": paginate(request, qs),
        "q": q,
        "status": status,
        "statuses": Nomination.Status.choices,
        "waiting": waiting,
        "may_nominate": has_any(request.user, NOMINATE),
        "filtered": bool(q or status),
    }
    return render(request, "honours/staff/nominations.html", context)


@login_required
def nomination_create(request):
    if not has_any(request.user, NOMINATE):
        raise PermissionDenied
    form, nomination = _holder_form(
        request,
        NominationForm,
        lambda title, union, member, data: services.nominate(
            title,
            actor=request.user,
            union=union,
            level=data["level"],
            year=data["year"],
            member=member,
            holder_name=data["holder_name"],
            reason=data["reason"],
        ),
    )
    if nomination is not None:
        messages.success(request, _("已推荐，等待%(o)s审核") % {"o": nomination.at_org.name})
        return redirect("honours:nomination", nomination.pk)
    return render(
        request, "honours/staff/form.html", {"form": form, "title": _("推荐荣誉"), "back": "honours:nominations"}
    )


def _nomination(request, pk):
    return get_scoped_or_404(
        Nomination.objects.select_related("title", "title__org", "union", "at_org", "member", "created_by"),
        request.user,
        VIEW,
        pk=pk,
    )


@login_required
def nomination_detail(request, pk):
    nomination = _nomination(request, pk)
    may_review = (
        nomination.status == Nomination.Status.REVIEWING
        and nomination.at_org is not None
        and can(request.user, REVIEW, nomination.at_org)
    )
    may_conclude = nomination.status == Nomination.Status.FORWARDED and can(request.user, REVIEW, nomination.title.org)
    context = {
        "nomination": nomination,
        "reviews": list(nomination.reviews.select_related("org", "actor")),
        "award": Award.objects.filter(nomination=nomination).first(),
        "review_form": ReviewForm() if may_review else None,
        "conclude_form": ConcludeForm() if may_conclude else None,
    }
    return render(request, "honours/staff/nomination.html", context)


@login_required
@require_POST
def nomination_review(request, pk):
    nomination = _nomination(request, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("审核意见：请选择同意或不同意"))
        return redirect("honours:nomination", nomination.pk)
    try:
        services.review(
            nomination,
            actor=request.user,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已审核"))
    return redirect("honours:nomination", nomination.pk)


@login_required
@require_POST
def nomination_conclude(request, pk):
    nomination = _nomination(request, pk)
    form = ConcludeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("评选结果：请选择已授予或未获评"))
        return redirect("honours:nomination", nomination.pk)
    try:
        services.conclude(
            nomination,
            actor=request.user,
            awarded=form.cleaned_data["awarded"] == "yes",
            awarding_body=form.cleaned_data["awarding_body"],
            awarded_on=form.cleaned_data["awarded_on"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已登记评选结果"))
    return redirect("honours:nomination", nomination.pk)


@login_required
def titles(request):
    """The titles of the user's districts, and a form to set a new one."""
    if not has_any(request.user, VIEW):
        raise PermissionDenied
    may_edit = has_any(request.user, TITLES)
    form = TitleForm(request.POST or None) if may_edit else None
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            org = _org(request.user, data["org"], TITLES)
            if org is None:
                form.add_error("org", _("在您的管理范围内没有这个组织代码"))
            else:
                try:
                    title = services.create_title(
                        actor=request.user,
                        org=org,
                        name=data["name"],
                        category=data["category"],
                        care_entitled=data["care_entitled"] or None,
                    )
                except DomainError as exc:
                    add_domain_error(form, exc)
                else:
                    messages.success(request, _("已设立称号“%(n)s”") % {"n": title.name})
                    return redirect("honours:titles")
    shown = {t.pk: t for t in _titles(request.user)}
    shown.update((t.pk, t) for t in Title.objects.restrict(request.user, VIEW).select_related("org"))
    context = {"titles": sorted(shown.values(), key=lambda t: (t.org.path, t.pk)), "form": form}
    return render(request, "honours/staff/titles.html", context)


@login_required
@require_POST
def title_toggle(request, pk):
    """Switch a title off (or on again)."""
    title = get_scoped_or_404(Title.objects.select_related("org"), request.user, VIEW, pk=pk)
    try:
        services.change_title(title, actor=request.user, active=not title.active)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("honours:titles")
