"""Console pages of 职工书屋 (``/console/library/``): the rooms with search, a new room, a room's desk (lend by
scanning the member's e-card and the book's label, take back any copy — returned here from another room it drifts
here —, shelve copies of a catalogued title, print the labels), the shared catalogue, the loans of the scope
(overdue first), a copy's history (loans and drift) and the yearly room scores (量化积分). Objects load through
``restrict`` (404 outside scope); actions need ``library.manage`` over the room's org (403)."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from core.forms import add_domain_error, settle_org_field
from core.paging import paginate
from core.scoping import can, get_scoped_or_404, has_any
from core.validators import normalize_code
from members.cards import member_from_scan
from orgs.models import Org
from places.models import Place, PlaceKind

from .. import selectors, services
from ..forms import BookForm, CopiesForm, LendForm, ReturnForm, RoomForm
from ..models import Copy, ReadingRoom

VIEW, MANAGE = "library.view", "library.manage"


def _gate(request, permission: str = VIEW) -> None:
    if not has_any(request.user, permission):
        raise PermissionDenied


def _room(request, pk, permission: str = VIEW) -> ReadingRoom:
    room = get_scoped_or_404(ReadingRoom.objects.select_related("org", "place"), request.user, VIEW, pk=pk)
    if permission == MANAGE and not can(request.user, MANAGE, room.org):
        raise PermissionDenied
    return room


def label_url(request, copy) -> str:
    """What a copy's label QR holds: the phone page of the copy (a member scans it to borrow)."""
    return request.build_absolute_uri(reverse("library:member_copy", args=[copy.label]))


@login_required
@require_GET
def room_list(request):
    _gate(request)
    q = request.GET.get("q", "").strip()
    context = {"page": paginate(request, selectors.search_rooms(request.user, q=q)), "q": q}
    context["may_manage"] = has_any(request.user, MANAGE)
    return render(request, "library/staff/rooms.html", context)


@login_required
def room_create(request):
    _gate(request, MANAGE)
    form = RoomForm(request.POST or None)
    places = list(Place.objects.restrict(request.user, "places.view").filter(kind=PlaceKind.BOOKHOUSE)[:200])
    form.fields["place"].choices = [("", "（不选）")] + [(str(p.pk), p.name) for p in places]
    settle_org_field(form, "org", Org.objects.restrict(request.user, MANAGE))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        org = Org.objects.restrict(request.user, MANAGE).filter(code=normalize_code(data["org"])).first()
        place = next((p for p in places if str(p.pk) == data["place"]), None)
        if org is None:
            form.add_error("org", _("工会不存在或不在您的管理范围内"))
        else:
            try:
                room = services.create_room(actor=request.user, org=org, name=data["name"], place=place)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已登记书屋“%(n)s”") % {"n": room.name})
                return redirect("library:room", room.pk)
    return render(request, "library/staff/form.html", {"form": form, "title": _("登记职工书屋")})


def _desk(request, room, *, lend_form=None, return_form=None, copies_form=None, status=200):
    copies = Copy.objects.filter(room=room).select_related("book").order_by("-pk")
    context = {
        "room": room,
        "page": paginate(request, copies),
        "may_manage": can(request.user, MANAGE, room.org),
        "lend_form": lend_form or LendForm(),
        "return_form": return_form or ReturnForm(),
        "copies_form": copies_form or CopiesForm(),
    }
    return render(request, "library/staff/room.html", context, status=status)


@login_required
@require_GET
def room_detail(request, pk):
    return _desk(request, _room(request, pk))


@login_required
@require_POST
def room_lend(request, pk):
    room = _room(request, pk, MANAGE)
    form = LendForm(request.POST)
    if form.is_valid():
        member = member_from_scan(form.cleaned_data["member"])
        if member is None:
            form.add_error("member", _("未找到有效会员，请扫描会员的电子会员证或输入会员证号"))
        else:
            try:
                copy = services.copy_by_label(form.cleaned_data["label"])
                loan = services.lend(copy, member, actor=request.user, room=room)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(
                    request,
                    _("已借给 %(m)s：《%(t)s》，应还 %(d)s")
                    % {"m": member.name, "t": copy.book.title, "d": loan.due_on.isoformat()},
                )
                return redirect("library:room", room.pk)
    return _desk(request, room, lend_form=form)


@login_required
@require_POST
def room_return(request, pk):
    room = _room(request, pk, MANAGE)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            copy = services.copy_by_label(form.cleaned_data["label"])
            from_room = copy.room
            services.return_copy(copy, room, actor=request.user)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            note = "" if from_room.pk == room.pk else _("（从“%(r)s”漂流至本书屋）") % {"r": from_room.name}
            messages.success(request, _("《%(t)s》已归还%(n)s") % {"t": copy.book.title, "n": note})
            return redirect("library:room", room.pk)
    return _desk(request, room, return_form=form)


@login_required
@require_POST
def room_copies(request, pk):
    room = _room(request, pk, MANAGE)
    form = CopiesForm(request.POST)
    if form.is_valid():
        try:
            copies = services.add_copies(room, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已入藏 %(n)s 册，请打印标签") % {"n": len(copies)})
            return redirect("library:room", room.pk)
    return _desk(request, room, copies_form=form)


@login_required
@require_GET
def room_labels(request, pk):
    """Printable labels of the room's copies: each a QR of the copy's phone page, with the label code under it."""
    room = _room(request, pk)
    copies = list(Copy.objects.filter(room=room).select_related("book").order_by("pk")[:200])
    for c in copies:
        # segno's own SVG of our own URL: no user input reaches the markup.
        c.qr_svg = mark_safe(segno.make(label_url(request, c), error="m").svg_inline(scale=3, border=1, omitsize=True))
    return render(request, "library/staff/labels.html", {"room": room, "copies": copies})


@login_required
def catalogue(request):
    """The shared catalogue: search by title, author or ISBN; staff add a title (ISBN checked)."""
    _gate(request)
    q = request.GET.get("q", "").strip()
    form = BookForm(request.POST or None)
    if request.method == "POST":
        _gate(request, MANAGE)
        if form.is_valid():
            try:
                book = services.add_book(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已登记书目《%(t)s》") % {"t": book.title})
                return redirect("library:catalogue")
    context = {"page": paginate(request, selectors.search_books(q=q)), "q": q, "form": form}
    context["may_manage"] = has_any(request.user, MANAGE)
    return render(request, "library/staff/catalogue.html", context)


@login_required
@require_GET
def loan_list(request):
    _gate(request)
    f = {k: request.GET.get(k, "").strip() for k in ("q", "state")}
    today = timezone.localdate()
    page = paginate(request, selectors.search_loans(request.user, q=f["q"], state=f["state"], today=today))
    return render(request, "library/staff/loans.html", {"page": page, "f": f, "today": today})


@login_required
@require_GET
def copy_detail(request, pk):
    copy = get_scoped_or_404(Copy.objects.select_related("book", "room", "home"), request.user, VIEW, pk=pk)
    loans, moves = selectors.copy_history(copy)
    return render(request, "library/staff/copy.html", {"copy": copy, "loans": loans, "moves": moves})


@login_required
@require_GET
def scores(request):
    """The yearly room scores (量化积分) of the scope's rooms, best first."""
    _gate(request)
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    rooms = list(ReadingRoom.objects.restrict(request.user, VIEW).select_related("org")[:1000])
    context = {
        "rows": selectors.room_scores(rooms, year),
        "year": year,
        "years": range(timezone.localdate().year, 2019, -1),
    }
    context["weights"] = (selectors.W_LOANS, selectors.W_READERS, selectors.W_DRIFT_IN)
    return render(request, "library/staff/scores.html", context)
