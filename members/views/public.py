"""The member site's pages that need no login: applying to join online, setting the first password from the
one-time texted link, and the public card check that staff reach by scanning a member's QR code. Writes go through
``joining``; these views only collect input and show results."""

from django.core.cache import cache
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.views.public import SetPasswordView as SetPasswordLinkView
from core.errors import DomainError
from core.forms import add_domain_error
from core.middleware import client_ip
from orgs.models import Enterprise, EnterpriseStatus, OrgStatus
from orgs.selectors import search_q

from .. import cards, joining
from ..choices import GigPlatform
from ..models import JoinApplication
from ..site_forms import WORK_GIG, JoinForm

# The public employer search: how short a query may be and how many matches it shows, so it cannot list the
# register wholesale.
SEARCH_MIN_CHARS = 2
SEARCH_LIMIT = 10
# Applications accepted from one address in a window. Generous on purpose: at a 集中入会 drive a whole workshop
# applies through one factory Wi-Fi; the limit only stops scripted floods (and ID-number probing).
JOIN_LIMIT, JOIN_WINDOW = 60, 10 * 60
SESSION_APPLICATION = "members.join_application"


def _over_limit(request, bucket: str, limit: int, window: int) -> bool:
    """Count one request from this address in ``bucket``; True once ``limit`` is passed within ``window`` s."""
    key = f"throttle:{bucket}:{client_ip(request)}"
    cache.add(key, 0, window)
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return False


# --- Joining online -----------------------------------------------------------------------------------------


def _employer(pk) -> Enterprise | None:
    """An employer a worker may name: in the register, operating, covered by an active union."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        Enterprise.objects.select_related("covering_union")
        .filter(pk=pk, status=EnterpriseStatus.ACTIVE, covering_union__status=OrgStatus.ACTIVE)
        .first()
    )


def _union_choices(work: str, employer: Enterprise | None, gig_platform: str) -> list:
    """The unions this worker may apply to, as ``joining.unions_for`` decides."""
    if work == WORK_GIG:
        return joining.unions_for(gig_platform=gig_platform) if gig_platform in GigPlatform.values else []
    return joining.unions_for(employer=employer) if employer is not None else []


@never_cache
def join(request):
    """The application form (网上入会). Consent is its own checkbox under the full notice, never pre-ticked."""
    form = JoinForm(request.POST or None)
    if request.method == "POST":
        if _over_limit(request, "join", JOIN_LIMIT, JOIN_WINDOW):
            return render(request, "members/site/throttled.html", status=429)
        if form.is_valid():
            try:
                app = joining.submit_application(ip=client_ip(request), **form.application_kwargs())
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                request.session[SESSION_APPLICATION] = app.pk
                return redirect("members:join_done")
    data = form.data if form.is_bound else {}
    work = data.get("work") or form.fields["work"].initial
    employer = _employer(data.get("employer"))
    gig_platform = data.get("gig_platform", "")
    unions = _union_choices(work, employer, gig_platform)
    selected = data.get("union", "") or (str(unions[0].pk) if len(unions) == 1 else "")
    context = {
        "form": form,
        "work": work,
        "employer": employer,
        "employers": [employer] if employer else [],
        "unions": unions,
        "selected_union": selected,
        "gig_platform": gig_platform,
        "consent_text": joining.CONSENT_TEXT,
        "consent_version": joining.CONSENT_VERSION,
        "search_min": SEARCH_MIN_CHARS,
    }
    return render(request, "members/site/join.html", context)


@require_GET
def employer_search(request):
    """htmx, public: employers matching a name (or its pinyin), with only their name and covering union."""
    q = request.GET.get("employer_q", "").strip()
    employers = []
    if len(q) >= SEARCH_MIN_CHARS:
        employers = list(
            Enterprise.objects.filter(status=EnterpriseStatus.ACTIVE, covering_union__status=OrgStatus.ACTIVE)
            .filter(search_q(q, code_field=None))
            .select_related("covering_union")
            .only("id", "name", "covering_union__name", "covering_union__short_name")[:SEARCH_LIMIT]
        )
    context = {"employers": employers, "q": q, "too_short": len(q) < SEARCH_MIN_CHARS, "search_min": SEARCH_MIN_CHARS}
    return render(request, "members/site/_employer_results.html", context)


@require_GET
def join_unions(request):
    """htmx: the unions open to this worker, redrawn whenever the employer or platform changes."""
    work = request.GET.get("work", "")
    employer = _employer(request.GET.get("employer"))
    unions = _union_choices(work, employer, request.GET.get("gig_platform", ""))
    selected = request.GET.get("union", "")
    if len(unions) == 1:
        selected = str(unions[0].pk)  # one choice: take it, the worker only confirms
    context = {
        "unions": unions,
        "selected_union": selected,
        "work": work,
        "employer": employer,
        "gig_platform": request.GET.get("gig_platform", ""),
    }
    return render(request, "members/site/_union_options.html", context)


@require_GET
def join_done(request):
    """What happens next, for the application just submitted from this browser."""
    pk = request.session.get(SESSION_APPLICATION)
    app = JoinApplication.objects.select_related("union").filter(pk=pk).first() if pk else None
    if app is None:
        return redirect("members:join")
    return render(request, "members/site/join_done.html", {"app": app})


class SetPasswordView(SetPasswordLinkView):
    """The one-time link texted on approval, in the member site's look (the mechanism is ``accounts``'). The member
    is logged in and taken straight to their card."""

    template_name = "members/set_password.html"
    success_message = _("密码已设置，您已登录。以后请用手机号和该密码登录。")

    def get_success_url(self):
        # Links sent to partner accounts before they had their own route land here too: the base class sends
        # those to the partner portal.
        if hasattr(self.user, "member"):
            return reverse("members:card")
        return super().get_success_url()


@require_GET
def password_done(request):
    return render(request, "members/password_done.html")


@never_cache
@require_GET
def verify_card(request, token):
    """What staff see when they scan a card: genuine and current, or not, and why. Never any ID number."""
    verdict = cards.verify_card(token)
    return render(request, "members/verify_card.html", {"verdict": verdict, "member": verdict.member})
