"""Console pages for managing staff accounts (账号管理), for holders of ``accounts.manage``.

Accounts are found only among those visible to the user (``selectors.staff_accounts``) and grants only among those
in their scope, so anything else answers 404. Whether a visible account or grant may be changed is the service's
decision; the pages offer only what ``AccountPolicy`` says will be accepted. Writes go through ``services``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core import pii
from core.errors import DomainError
from core.forms import add_domain_error
from core.models import AuditEvent
from core.paging import paginate
from core.scoping import get_scoped_or_404
from core.validators import normalize_code
from orgs.models import Org
from orgs.selectors import search_q

from .. import errors, selectors, services
from ..forms import DisableForm, GrantForm, RoleForm, StaffAccountEditForm, StaffAccountForm
from ..models import Grant
from ..policy import MANAGE, AccountPolicy, ordered_roles
from ..roles import ROLE_LABELS, role_label

# How many audit events the account page shows in each list; the audit page has the rest.
TRAIL_LENGTH = 20


def _policy(request) -> AccountPolicy:
    """The user's powers; a user who manages accounts nowhere gets 403 on the list and create pages."""
    policy = AccountPolicy.of(request.user)
    if not policy.managing:
        raise PermissionDenied
    return policy


def _account(request, pk):
    """The account if the user sees it (a grant inside their scope), else 404."""
    return get_object_or_404(selectors.staff_accounts(request.user), pk=pk)


def _grant(request, account, grant_pk) -> Grant:
    """One of the account's grants inside the user's scope, else 404."""
    grants = Grant.objects.select_related("org", "user").filter(user=account)
    return get_scoped_or_404(grants, request.user, MANAGE, pk=grant_pk)


def _managed_orgs(request):
    return Org.objects.restrict(request.user, MANAGE)


def _org_by_code(request, form, code: str):
    """The org a form names by code, inside the user's scope; else the field gets the reason and None is returned."""
    org = _managed_orgs(request).filter(code=normalize_code(code)).first()
    if org is None:
        form.add_error("org", errors.ORG_NOT_FOUND_MESSAGE % {"org": code.strip()})
    return org


@login_required
@require_GET
def account_list(request):
    """The accounts of the user's scope: search by login name, name or phone; filter by org sub-tree, role and
    status; paginated. With htmx, only the results are rendered (search as one types)."""
    _policy(request)
    f = {k: request.GET.get(k, "").strip() for k in ("q", "org", "role", "status")}
    under = None
    if f["org"]:
        under = _managed_orgs(request).filter(code=normalize_code(f["org"])).first()
    if f["org"] and under is None:
        accounts = selectors.staff_accounts(request.user).none()
    else:
        role = f["role"] if f["role"] in ROLE_LABELS else ""
        status = f["status"] if f["status"] in selectors.AccountStatus.values else ""
        accounts = selectors.search_accounts(request.user, q=f["q"], under=under, role=role, status=status)
    page = paginate(request, selectors.with_visible_grants(accounts, request.user))
    context = {
        "page": page,
        "f": f,
        "under": under,
        "roles": [(r, role_label(r)) for r in ordered_roles()],
        "statuses": selectors.AccountStatus.choices,
        "filtered": any(f.values()),
    }
    partial = request.htmx and not request.htmx.boosted and not request.htmx.history_restore_request
    return render(request, "accounts/staff/_results.html" if partial else "accounts/staff/list.html", context)


@login_required
@require_GET
def pick_org(request):
    """htmx: ``<option>`` suggestions of active orgs where the user manages accounts."""
    q = next((v for v in request.GET.values() if v.strip()), "")
    options = []
    if q.strip():
        options = _managed_orgs(request).active().filter(search_q(q)).only("code", "name")[:20]
    return render(request, "accounts/staff/_org_options.html", {"options": options})


@login_required
def account_create(request):
    """Open an account with its first grant; the person is texted a one-time link to set their password."""
    policy = _policy(request)
    initial = {}
    if request.GET.get("org"):
        initial["org"] = request.GET["org"].strip()[:32]
    form = StaffAccountForm(request.POST or None, initial=initial, roles=policy.offered_roles())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        org = _org_by_code(request, form, data["org"])
        if org is not None:
            try:
                account = services.create_staff_account(actor=request.user, **{**data, "org": org})
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(
                    request,
                    _("已创建账号“%(u)s”，设置密码的链接已以短信发送至 %(p)s")
                    % {"u": account.username, "p": pii.mask_phone(account.phone)},
                )
                return redirect("staff_accounts:detail", account.pk)
    return render(request, "accounts/staff/form.html", {"form": form, "title": _("新建账号")})


@login_required
@require_GET
def account_detail(request, pk):
    """An account: who, status, last login, its grants in the user's scope with what may be done to each, and its
    audit trail (changes to the account and logins; the account's own recent actions)."""
    account = _account(request, pk)
    policy = AccountPolicy.of(request.user)
    all_grants = list(account.grants.select_related("org").order_by("org__path", "role"))
    visible = [g for g in all_grants if policy.manages(g.org)]
    is_self = account.pk == request.user.pk
    rows = []
    for g in visible:
        authority = policy.authority(g.role, g.org) is None
        other_roles = [r for r in policy.grantable_roles(g.org) if r != g.role]
        rows.append(
            {
                "grant": g,
                "may_change": authority and not is_self and bool(other_roles),
                "may_revoke": (authority or is_self) and len(all_grants) > 1,
            }
        )
    events = AuditEvent.objects.restrict(request.user, "audit.view")
    context = {
        "account": account,
        "status": selectors.account_status(account),
        "status_label": selectors.AccountStatus(selectors.account_status(account)).label,
        "grants": rows,
        "hidden_grants": len(all_grants) - len(visible),
        "manageable": policy.manages_account(account, all_grants),
        "is_self": is_self,
        "may_add_grant": not is_self and bool(policy.offered_roles()),
        "role_labels": {code: str(label) for code, label in ROLE_LABELS.items()},
        "field_labels": {"display_name": _("姓名"), "phone": _("手机号"), "is_active": _("启用")},
        "trail": events.filter(object_type="accounts.user", object_id=str(account.pk))[:TRAIL_LENGTH],
        "actions": events.filter(actor=account).exclude(object_type="accounts.user", object_id=str(account.pk))[
            :TRAIL_LENGTH
        ],
    }
    return render(request, "accounts/staff/detail.html", context)


@login_required
def account_edit(request, pk):
    """Correct the name or mobile number."""
    account = _account(request, pk)
    form = StaffAccountEditForm(
        request.POST or None, initial={"display_name": account.display_name, "phone": account.phone}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_staff_account(account, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已保存账号“%(u)s”的修改") % {"u": account.username})
            return redirect("staff_accounts:detail", account.pk)
    return render(request, "accounts/staff/form.html", {"form": form, "account": account, "title": _("修改账号信息")})


def _confirm(request, account, *, action, title, text, button, danger=False, form=None, grant=None):
    """A confirmation page for one action; POST does it. ``action(form)`` runs the service and returns the message."""
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            message = action(form)
        except DomainError as exc:
            if form is None:
                messages.error(request, str(exc.message))
                return redirect("staff_accounts:detail", account.pk)
            add_domain_error(form, exc)
        else:
            messages.success(request, message)
            return redirect("staff_accounts:detail", account.pk)
    context = {
        "account": account,
        "grant": grant,
        "title": title,
        "text": text,
        "button": button,
        "danger": danger,
        "form": form,
    }
    return render(request, "accounts/staff/confirm.html", context)


@login_required
def account_reset(request, pk):
    """Reset the password: the old one, earlier links, sessions and API tokens stop working; a new link is texted."""
    account = _account(request, pk)

    def reset(_form):
        services.reset_password(account, actor=request.user)
        return _("已重置“%(u)s”的密码，新的设置密码链接已以短信发送至 %(p)s") % {
            "u": account.username,
            "p": pii.mask_phone(account.phone),
        }

    return _confirm(
        request,
        account,
        action=reset,
        title=_("重置密码"),
        text=_(
            "重置后，该账号原密码、已发出的设置密码链接、已登录的会话和 API 令牌立即失效，"
            "系统将向 %(p)s 发送新的设置密码链接。"
        )
        % {"p": pii.mask_phone(account.phone)},
        button=_("确认重置"),
        danger=True,
    )


@login_required
def account_disable(request, pk):
    """Disable after confirmation: no more logins, sessions and API tokens stop."""
    account = _account(request, pk)

    def disable(form):
        services.disable_account(account, actor=request.user, reason=form.cleaned_data["reason"])
        return _("已停用账号“%(u)s”") % {"u": account.username}

    return _confirm(
        request,
        account,
        action=disable,
        title=_("停用账号"),
        text=_("停用后该账号不能登录，已登录的会话立即失效，API 令牌被撤销。可随时重新启用。"),
        button=_("确认停用"),
        danger=True,
        form=DisableForm(request.POST or None),
    )


@login_required
def account_enable(request, pk):
    """Enable a disabled account after confirmation."""
    account = _account(request, pk)

    def enable(_form):
        services.enable_account(account, actor=request.user)
        return _("已启用账号“%(u)s”") % {"u": account.username}

    return _confirm(
        request,
        account,
        action=enable,
        title=_("启用账号"),
        text=_("启用后该账号可以用原密码登录（如尚未设置密码，可重置密码重新发送链接）。停用前的 API 令牌不会恢复。"),
        button=_("确认启用"),
    )


@login_required
def grant_add(request, pk):
    """Give the account one more grant."""
    account = _account(request, pk)
    policy = AccountPolicy.of(request.user)
    form = GrantForm(request.POST or None, roles=policy.offered_roles())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        org = _org_by_code(request, form, data["org"])
        if org is not None:
            try:
                services.add_grant(account, actor=request.user, org=org, role=data["role"], reason=data["reason"])
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                done = {"u": account.username, "o": org.name, "r": role_label(data["role"])}
                messages.success(request, _("已授予“%(u)s”%(o)s的%(r)s") % done)
                return redirect("staff_accounts:detail", account.pk)
    return render(request, "accounts/staff/form.html", {"form": form, "account": account, "title": _("添加授权")})


@login_required
def grant_role(request, pk, grant_pk):
    """Change the role of one grant (same org)."""
    account = _account(request, pk)
    grant = _grant(request, account, grant_pk)
    policy = AccountPolicy.of(request.user)
    roles = [r for r in policy.grantable_roles(grant.org) if r != grant.role]
    form = RoleForm(request.POST or None, roles=roles)

    def change(form):
        data = form.cleaned_data
        services.change_role(grant, actor=request.user, role=data["role"], reason=data["reason"])
        return _("已将“%(u)s”在%(o)s的角色改为%(r)s") % {
            "u": account.username,
            "o": grant.org.name,
            "r": role_label(form.cleaned_data["role"]),
        }

    return _confirm(
        request,
        account,
        action=change,
        title=_("变更角色"),
        text=_("%(o)s：当前角色为%(r)s。") % {"o": grant.org.name, "r": grant.get_role_display()},
        button=_("确认变更"),
        form=form,
        grant=grant,
    )


@login_required
def grant_revoke(request, pk, grant_pk):
    """Revoke one grant after confirmation."""
    account = _account(request, pk)
    grant = _grant(request, account, grant_pk)

    def revoke(_form):
        services.revoke_grant(grant, actor=request.user)
        return _("已撤销“%(u)s”在%(o)s的%(r)s授权") % {
            "u": account.username,
            "o": grant.org.name,
            "r": grant.get_role_display(),
        }

    return _confirm(
        request,
        account,
        action=revoke,
        title=_("撤销授权"),
        text=_("撤销“%(u)s”在%(o)s的%(r)s授权后，该账号不再能管理该组织及其下级的相应事务。")
        % {"u": account.username, "o": grant.org.name, "r": grant.get_role_display()},
        button=_("确认撤销"),
        danger=True,
        grant=grant,
    )
