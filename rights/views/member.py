"""The worker's 维权 pages on the member site (phone first, ``/m/rights/``): applying for legal aid, following their
legal-aid cases and mediation cases (status, stage, outcome) and rating a closed legal-aid case. A worker is a
logged-in member, or proves their mobile number with a texted code exactly as for appeals (the same code, the same
session: a number proved on the appeal pages counts here too). A worker reaches only the cases they are a party to;
any other number answers 404."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from appeals import services as appeal_services
from appeals.views.member import CODE_COUNTDOWN, SESSION_PHONE, current_member
from core.errors import DomainError
from core.forms import add_domain_error
from core.paging import paginate
from core.pii import mask_phone

from .. import selectors, services
from ..forms import AidApplyForm, AidRateForm, PhoneCheckForm


def _worker(request):
    """The member logged in, and the mobile number this browser session proved (either may be missing)."""
    return current_member(request), request.session.get(SESSION_PHONE, "")


def _own_aid(request, aid_no: str):
    member, phone = _worker(request)
    return get_object_or_404(selectors.worker_aids(member, phone), aid_no=aid_no)


def _own_case(request, case_no: str):
    member, phone = _worker(request)
    return get_object_or_404(selectors.worker_cases(member, phone), case_no=case_no)


@never_cache
def index(request):
    """维权服务: apply for legal aid; the worker's legal-aid cases and mediation cases; a worker without an account
    proves their number here to see theirs."""
    member, phone = _worker(request)
    form = PhoneCheckForm(request.POST or None, initial={"phone": phone})
    if request.method == "POST" and form.is_valid():
        try:
            appeal_services.verify_phone_code(form.cleaned_data["phone"], form.cleaned_data["code"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            request.session[SESSION_PHONE] = form.cleaned_data["phone"]
            return redirect("rights:worker_home")
    known = member is not None or bool(phone)
    context = {
        "member": member,
        "phone_masked": mask_phone(phone) if phone else "",
        "known": known,
        "aids": paginate(request, selectors.worker_aids(member, phone)) if known else None,
        "cases": list(selectors.worker_cases(member, phone)[:20]) if known else [],
        "form": form,
        "countdown": CODE_COUNTDOWN,
        "verified_phone": "",
    }
    return render(request, "rights/member/index.html", context, status=400 if form.errors else 200)


@never_cache
def apply(request):
    """申请法律援助: a member applies as themselves; anyone else proves their mobile number with a texted code."""
    member, verified = _worker(request)
    form = AidApplyForm(request.POST or None, member=member, phone_verified=verified, initial={"phone": verified})
    if request.method == "POST" and form.is_valid():
        ok = True
        if member is None and form.cleaned_data["phone"] != verified:
            try:
                appeal_services.verify_phone_code(form.cleaned_data["phone"], form.cleaned_data["code"], consume=False)
            except DomainError as exc:
                add_domain_error(form, exc)
                ok = False
        if ok:
            try:
                aid = services.apply_online(member=member, **form.apply_kwargs())
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                if member is None:
                    if form.cleaned_data["phone"] != verified:
                        appeal_services.verify_phone_code(form.cleaned_data["phone"], form.cleaned_data["code"])
                    request.session[SESSION_PHONE] = aid.parties.first().phone
                messages.success(request, "申请已提交，工会将尽快审查并与您联系")
                return redirect("rights:my_aid", aid.aid_no)
    context = {
        "form": form,
        "member": member,
        "countdown": CODE_COUNTDOWN,
        "verified_phone": verified if member is None else "",
    }
    return render(request, "rights/member/apply.html", context, status=400 if form.errors else 200)


@never_cache
@require_GET
def aid(request, aid_no):
    """One of the worker's legal-aid cases: status, stage, lawyer (name and firm), outcome; the rating form once it
    is closed and not yet rated."""
    found = _own_aid(request, aid_no)
    return render(request, "rights/member/aid.html", {"aid": found, "rate_form": AidRateForm()})


@require_POST
def rate(request, aid_no):
    found = _own_aid(request, aid_no)
    form = AidRateForm(request.POST)
    if form.is_valid():
        try:
            services.rate_aid(found, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "感谢您的评价！")
            return redirect("rights:my_aid", found.aid_no)
    return render(request, "rights/member/aid.html", {"aid": found, "rate_form": form}, status=400)


@never_cache
@require_GET
def case(request, case_no):
    """One of the worker's mediation cases: its status and public steps (no staff notes, no mediators or other
    parties)."""
    found = _own_case(request, case_no)
    context = {"case": found, "steps": selectors.public_case_steps(found), "outcome": selectors.outcome_text(found)}
    return render(request, "rights/member/case.html", context)
