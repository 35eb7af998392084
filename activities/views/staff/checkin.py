"""Check-in at the venue, for staff on a phone: scan a ticket's QR code with the camera (or type its short code),
add walk-ins, and show the venue screen's rotating QR code for members to sign in themselves. Every answer says
plainly 签到成功, 已签到过 or 无效票."""

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from activities import checkin, services
from activities.forms import TicketForm, WalkInForm
from activities.models import Activity, Participation, Registration
from core.errors import DomainError
from members.choices import MemberStatus
from members.models import Member

from .activities import get_activity, get_only, require

INVALID_TICKET = {"ticket_not_found", "ticket_not_confirmed"}


def _counts(activity: Activity) -> dict:
    """Checked in so far and confirmed seats, for the counter on the page."""
    return {
        "checked": Participation.objects.filter(activity=activity).count(),
        "confirmed": Registration.objects.filter(activity=activity, status=Registration.Status.CONFIRMED).count(),
    }


def _checkin_activity(request, pk) -> Activity:
    """The activity if in scope (else 404) and the user may check people in there (else 403)."""
    activity = get_activity(request, pk)
    require(request, "activities.checkin", activity.organiser)
    return activity


def _render(request, activity, *, result=None, walk_in_form=None, partial=False):
    """The check-in page, or with ``partial`` only the result (and the counter, out of band) for htmx."""
    context = {
        "activity": activity,
        "result": result,
        "counts": _counts(activity),
        "form": TicketForm(),
        "walk_in_form": walk_in_form or WalkInForm(),
    }
    if partial:
        return render(request, "activities/staff/_checkin_result.html", context)
    return render(request, "activities/staff/checkin.html", context)


@never_cache
@login_required
def checkin_page(request, pk):
    """The scanner: camera (when the browser has one and allows it), the short-code field, walk-ins."""
    activity = _checkin_activity(request, pk)
    if refused := get_only(request):
        return refused
    return _render(request, activity)


@login_required
def checkin_ticket(request, pk):
    """One scanned or typed ticket. htmx swaps in the result; without JavaScript the whole page comes back."""
    activity = _checkin_activity(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = TicketForm(request.POST)
    method = Participation.Method.TICKET if request.POST.get("method") == "scan" else Participation.Method.CODE
    if not form.is_valid():
        result = {"kind": "invalid", "title": _("无效票"), "message": _("请输入票码")}
    else:
        try:
            reg, created = checkin.check_in_ticket(
                activity, form.cleaned_data["code"], actor=request.user, method=method
            )
        except DomainError as exc:
            kind = "invalid" if exc.code in INVALID_TICKET else "error"
            title = _("无效票") if kind == "invalid" else _("不能签到")
            result = {"kind": kind, "title": title, "message": exc.message}
        else:
            when = timezone.localtime(reg.checked_in_at).strftime("%H:%M:%S")
            result = {
                "kind": "ok" if created else "again",
                "title": _("签到成功") if created else _("已签到过"),
                "name": reg.member.name,
                "code": reg.ticket_code,
                "message": _("签到时间 %(t)s") % {"t": when}
                if created
                else _("该票已于 %(t)s 签到，无需重复签到") % {"t": when},
            }
    return _render(request, activity, result=result, partial=bool(request.headers.get("HX-Request")))


def _find_member(activity: Activity, who: str) -> Member | None:
    """A member by card number or phone, among those the activity is for (anyone on a roster when it is open to the
    public): a look-up at the door must not become a way to search the whole roster."""
    who = who.strip().replace(" ", "").upper()
    qs = Member.objects.filter(status=MemberStatus.ACTIVE).filter(Q(card_no=who) | Q(phone=who))
    if not activity.open_to_public:
        audience = activity.audience_org or activity.organiser
        qs = qs.filter(union__path__startswith=audience.path)
    return qs.first()


@login_required
def walk_in(request, pk):
    """Add someone on the spot: a member by card number or phone, or a guest by name."""
    activity = _checkin_activity(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = WalkInForm(request.POST)
    result = None
    if form.is_valid():
        member = None
        who = form.cleaned_data["who"].strip()
        if who:
            member = _find_member(activity, who)
            if member is None:
                form.add_error("who", _("没有找到会员证号或手机号为“%(w)s”的本活动会员") % {"w": who})
        if form.is_valid():
            try:
                participation, created = checkin.walk_in(
                    activity, actor=request.user, member=member, name=form.cleaned_data["name"]
                )
            except DomainError as exc:
                result = {"kind": "error", "title": _("不能登记"), "message": exc.message}
            else:
                result = {
                    "kind": "ok" if created else "again",
                    "title": _("签到成功") if created else _("已签到过"),
                    "name": participation.name,
                    "message": _("现场登记") if created else _("此人已签到，无需重复登记"),
                }
                form = WalkInForm()
    return _render(request, activity, result=result, walk_in_form=form, partial=False)


def _self_checkin_url(activity: Activity) -> str:
    """The absolute self check-in link with the current rotating token: what the venue QR encodes."""
    path = reverse("activities:member_checkin", args=[activity.pk])
    return f"{settings.SITE_URL.rstrip('/')}{path}?t={checkin.rotating_token(activity)}"


@never_cache
@login_required
def screen(request, pk):
    """The venue screen: a large QR code that changes every 30 seconds; members scan it to sign in themselves."""
    activity = _checkin_activity(request, pk)
    if refused := get_only(request):
        return refused
    return render(request, "activities/staff/screen.html", _screen_context(activity))


def _screen_context(activity):
    """What the venue screen and its polled partial show."""
    url = _self_checkin_url(activity)
    return {
        "activity": activity,
        "qr_svg": mark_safe(segno.make(url, error="m").svg_inline(scale=10, dark="#111", border=2, omitsize=True)),
        "url": url,
        "counts": _counts(activity),
        "rotation": services.ROTATION_SECONDS,
        "now": timezone.localtime(),
    }


@never_cache
@login_required
def screen_qr(request, pk):
    """htmx: the current QR code and the count, polled by the venue screen."""
    activity = _checkin_activity(request, pk)
    if refused := get_only(request):
        return refused
    return render(request, "activities/staff/_screen_qr.html", _screen_context(activity))
