"""The worker's appeal pages on the member site (phone first): submitting an appeal, suggestion or photo report;
the tracking number afterwards; following it (the public timeline, the reply, rating it, answering a request for
information); a member's own list; and 查询进度 for workers without an account, who prove their mobile number with
a texted code. A worker reaches only their own appeals — a logged-in member's, or those sent from the mobile number
verified in this browser session; anything else answers 404."""

from django.contrib import messages
from django.core.cache import cache
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from core.forms import add_domain_error
from core.middleware import client_ip
from core.paging import paginate
from core.pii import mask_phone
from members.models import Member
from members.views.public import SEARCH_MIN_CHARS

from .. import photos, services
from ..forms import WHERE_EMPLOYER, WORKER_KINDS, AnswerForm, RateForm, SubmitForm, TrackForm
from ..models import Appeal, AppealEvent, AppealPhoto, Status
from ..timeline import linked_steps

# The mobile number this browser session has proven with a texted code (a worker without an account).
SESSION_PHONE = "appeals.phone"
# Requests from one address in a window: generous (a factory's Wi-Fi is one address), enough to stop scripts.
CODE_LIMIT, SUBMIT_LIMIT, TRACK_LIMIT, WINDOW = 20, 30, 30, 10 * 60
CODE_COUNTDOWN = 60


def _over_limit(request, bucket: str, limit: int) -> bool:
    """Count one request from this address in ``bucket``; True once ``limit`` is passed within the window."""
    key = f"throttle:appeals:{bucket}:{client_ip(request)}"
    cache.add(key, 0, WINDOW)
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW)
        return False


def current_member(request) -> Member | None:
    """The member logged in on the member site, if any (a staff account is treated as a visitor)."""
    if not request.user.is_authenticated:
        return None
    return Member.objects.select_related("union", "employer").filter(user=request.user).first()


def worker_appeals(request, member: Member | None):
    """The appeals this worker may see: their own as a member, and those sent from the verified mobile number."""
    cond = Q(pk__in=[])
    if member is not None:
        cond |= Q(member=member)
    phone = request.session.get(SESSION_PHONE)
    if phone:
        cond |= Q(phone=phone)
    return Appeal.objects.filter(cond)


def _own_appeal(request, tracking_no: str) -> Appeal:
    member = current_member(request)
    return get_object_or_404(worker_appeals(request, member).select_related("org"), tracking_no=tracking_no)


def _verify(request, form, phone: str, code: str) -> bool:
    """Check the texted code (unless this session already proved ``phone``); remember the number when it holds."""
    if request.session.get(SESSION_PHONE) == phone:
        return True
    try:
        services.verify_phone_code(phone, code)
    except DomainError as exc:
        add_domain_error(form, exc)
        return False
    request.session[SESSION_PHONE] = phone
    form.phone_verified = phone
    return True


@never_cache
@require_GET
def index(request):
    """诉求与建议: the ways in, and the worker's own appeals (a member's, or the verified mobile number's)."""
    member = current_member(request)
    phone = request.session.get(SESSION_PHONE, "")
    appeals = None
    if member is not None or phone:
        appeals = paginate(request, worker_appeals(request, member).select_related("org").order_by("-submitted_at"))
    context = {"member": member, "page": appeals, "phone_masked": mask_phone(phone) if phone else ""}
    return render(request, "appeals/worker/index.html", context)


@never_cache
def submit(request):
    """The submission form. Members are known already; others give name, mobile (proved by a texted code) and
    where they work, which decides the union that handles it."""
    member = current_member(request)
    verified = request.session.get(SESSION_PHONE, "")
    initial = {"phone": verified}
    if request.GET.get("kind") in dict(WORKER_KINDS):
        initial["kind"] = request.GET["kind"]
    form = SubmitForm(
        request.POST or None, request.FILES or None, member=member, phone_verified=verified, initial=initial
    )
    if request.method == "POST":
        if _over_limit(request, "submit", SUBMIT_LIMIT):
            return render(request, "members/site/throttled.html", status=429)
        if form.is_valid() and (
            member is not None or _verify(request, form, form.cleaned_data["phone"], form.cleaned_data["code"])
        ):
            try:
                appeal = services.submit(member=member, uploads=form.cleaned_data["photos"], **form.submit_kwargs())
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                if member is None:
                    request.session[SESSION_PHONE] = appeal.phone
                return redirect("appeals:submitted", appeal.tracking_no)
    data = form.data if form.is_bound else {}
    employer = None
    if member is None and "employer" in form.fields:
        employer = form.fields["employer"].queryset.filter(pk=data.get("employer") or None).first()
    context = {
        "form": form,
        "member": member,
        "where": data.get("where") or WHERE_EMPLOYER,
        "employer": employer,
        "employers": [employer] if employer else [],
        "photos_dropped": bool(request.FILES.getlist("photos")),
        "search_min": SEARCH_MIN_CHARS,
        "verified_phone": verified if member is None else "",
        "countdown": CODE_COUNTDOWN,
    }
    return render(request, "appeals/worker/submit.html", context)


@require_POST
def send_code(request):
    """htmx: text a verification code to the number typed; the button then counts down 60 seconds."""
    phone = "".join(ch for ch in request.POST.get("phone", "") if ch.isdigit())
    context = {"countdown": CODE_COUNTDOWN, "ok": False}
    if _over_limit(request, "code", CODE_LIMIT):
        context["error"] = _("请求过于频繁，请稍后再试")
    else:
        try:
            services.send_phone_code(phone)
        except DomainError as exc:
            context["error"] = str(exc.message).removeprefix(_("手机号") + "：")
        else:
            context.update(ok=True, phone_masked=mask_phone(phone))
    return render(request, "appeals/worker/_code_status.html", context)


@never_cache
@require_GET
def submitted(request, tracking_no):
    """Right after submitting: the tracking number and how to follow it."""
    appeal = _own_appeal(request, tracking_no)
    return render(request, "appeals/worker/submitted.html", {"appeal": appeal, "member": current_member(request)})


@never_cache
def track(request):
    """查询进度: tracking number, mobile number and a texted code open the appeal."""
    verified = request.session.get(SESSION_PHONE, "")
    form = TrackForm(
        request.POST or None,
        phone_verified=verified,
        initial={"phone": verified, "tracking_no": request.GET.get("no", "")},
    )
    if request.method == "POST":
        if _over_limit(request, "track", TRACK_LIMIT):
            return render(request, "members/site/throttled.html", status=429)
        if form.is_valid() and _verify(request, form, form.cleaned_data["phone"], form.cleaned_data["code"]):
            # Looked up only after the code held: the form cannot be used to probe which numbers exist.
            found = Appeal.objects.filter(
                tracking_no=form.cleaned_data["tracking_no"], phone=form.cleaned_data["phone"]
            ).first()
            if found is not None:
                return redirect("appeals:follow", found.tracking_no)
            form.add_error("tracking_no", _("没有找到该手机号提交的这个受理编号，请核对"))
    context = {"form": form, "countdown": CODE_COUNTDOWN, "verified_phone": verified}
    return render(request, "appeals/worker/track.html", context)


@require_POST
def forget(request):
    """Stop showing the verified number's appeals in this browser (a shared phone)."""
    request.session.pop(SESSION_PHONE, None)
    messages.info(request, _("已退出查询"))
    return redirect("appeals:index")


def _follow_context(appeal: Appeal, **forms) -> dict:
    events = appeal.events.filter(public=True).select_related("org").order_by("at", "id")
    # The appeal's own public steps and those of records linked to it (a mediation case), in time order.
    timeline = sorted([*events, *linked_steps(appeal)], key=lambda step: step.at)
    context = {
        "appeal": appeal,
        "events": events,
        "timeline": timeline,
        "photos": list(appeal.photos.all()),
        "question": None,
        "rate_form": forms.get("rate_form") or RateForm(),
        "answer_form": forms.get("answer_form") or AnswerForm(),
    }
    if appeal.status == Status.INFO_REQUESTED:
        context["question"] = events.filter(kind=AppealEvent.Kind.INFO_REQUESTED).order_by("-at", "-id").first()
    if appeal.merged_into_id:
        context["merged_into_no"] = (
            Appeal.objects.filter(pk=appeal.merged_into_id).values_list("tracking_no", flat=True).first()
        )
    return context


@never_cache
@require_GET
def follow(request, tracking_no):
    """An appeal as its worker sees it: status, what they sent, the public timeline, the reply; rating when it is
    resolved, the answer box when information was asked for."""
    appeal = _own_appeal(request, tracking_no)
    return render(request, "appeals/worker/follow.html", _follow_context(appeal))


@require_POST
def rate(request, tracking_no):
    """满意 / 基本满意 / 不满意 with a comment; 不满意 reopens it once."""
    appeal = _own_appeal(request, tracking_no)
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            appeal = services.rate(appeal, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if appeal.status == Status.CLOSED:
                messages.success(request, _("感谢您的评价！"))
            else:
                messages.info(request, _("已收到您的意见，工会将重新办理并再次答复"))
            return redirect("appeals:follow", appeal.tracking_no)
    return render(request, "appeals/worker/follow.html", _follow_context(appeal, rate_form=form), status=400)


@require_POST
def answer(request, tracking_no):
    """The worker's answer to a request for more information."""
    appeal = _own_appeal(request, tracking_no)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.provide_info(appeal, text=form.cleaned_data["text"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已补充，工会将继续办理"))
            return redirect("appeals:follow", appeal.tracking_no)
    return render(request, "appeals/worker/follow.html", _follow_context(appeal, answer_form=form), status=400)


@never_cache
@require_GET
def photo(request, tracking_no, pk):
    """One of the worker's own photos (never a public media URL)."""
    appeal = _own_appeal(request, tracking_no)
    return photos.photo_response(get_object_or_404(AppealPhoto, pk=pk, appeal=appeal))
