"""Staff console pages for the union tree. Every query starts from ``restrict``: what is outside the user's scope
answers 404; what is inside but not permitted for the action answers 403. Writes go through ``services``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.errors import DomainError
from core.forms import add_domain_error
from core.models import AuditEvent
from core.paging import paginate
from core.scoping import EVERYTHING, can, scope_paths
from orgs import selectors, services
from orgs.forms import DissolveForm, MoveForm, OrgForm
from orgs.models import Org, OrgKind, OrgStatus, kinds_allowed_under

# How many children the tree shows when a node is expanded; the org's own page lists them all, paginated.
TREE_CHILDREN_LIMIT = 200


def visible_orgs(request, permission: str = "orgs.view"):
    return Org.objects.restrict(request.user, permission)


def get_visible_org(request, pk) -> Org:
    """The org if the user may see it, else 404 (a guessed id reveals nothing)."""
    return get_object_or_404(visible_orgs(request), pk=pk)


def require(request, permission: str, org: Org) -> None:
    if not can(request.user, permission, org):
        raise PermissionDenied


def scope_roots(user):
    """The top-most orgs of the user's scope: where their tree starts."""
    paths = scope_paths(user, "orgs.view")
    if paths is EVERYTHING:
        return Org.get_root_nodes()
    return Org.objects.filter(path__in=paths)


def with_children_shown(nodes, *, show_dissolved: bool):
    """``kids_shown`` on each node: its direct children the tree lists when it is expanded (the active ones unless
    dissolved orgs are shown). One subquery; what the tree prints beside a node, labelled 直属下级."""
    kids = Org.objects.filter(path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1)
    if not show_dissolved:
        kids = kids.filter(status=OrgStatus.ACTIVE)
    count = kids.order_by().values("depth").annotate(n=Count("pk")).values("n")
    return nodes.annotate(kids_shown=Coalesce(Subquery(count), 0))


def with_parents(orgs: list[Org]) -> list[Org]:
    """Attach ``parent_org`` to each org of a page with one query (no N+1 on list pages)."""
    parent_paths = {o.path[: -Org.steplen] for o in orgs if o.depth > 1}
    parents = {p.path: p for p in Org.objects.filter(path__in=parent_paths).only("id", "path", "name", "short_name")}
    for o in orgs:
        o.parent_org = parents.get(o.path[: -Org.steplen])
    return orgs


@login_required
@require_GET
def tree(request):
    """The tree of the user's scope, expanded node by node; with ``q``, a flat list of matches with their parents."""
    q = request.GET.get("q", "").strip()
    show_dissolved = request.GET.get("dissolved") == "1"
    context = {"q": q, "show_dissolved": show_dissolved}
    if q:
        matches = visible_orgs(request).filter(selectors.search_q(q))
        if not show_dissolved:
            matches = matches.active()
        page = paginate(request, matches)
        with_parents(list(page.object_list))
        context["page"] = page
    else:
        context["roots"] = with_children_shown(scope_roots(request.user), show_dissolved=show_dissolved)
    return render(request, "orgs/tree.html", context)


@login_required
@require_GET
def tree_children(request, pk):
    """htmx: the children of one node, for expanding it in place."""
    org = get_visible_org(request, pk)
    show_dissolved = request.GET.get("dissolved") == "1"
    kids = selectors.children(org)
    if not show_dissolved:
        kids = kids.active()
    kids = list(with_children_shown(kids, show_dissolved=show_dissolved)[: TREE_CHILDREN_LIMIT + 1])
    context = {
        "org": org,
        "nodes": kids[:TREE_CHILDREN_LIMIT],
        "more": len(kids) > TREE_CHILDREN_LIMIT,
        "show_dissolved": show_dissolved,
    }
    return render(request, "orgs/_tree_nodes.html", context)


@login_required
@require_GET
def pick(request):
    """htmx: ``<option>`` suggestions for a field that takes an org code (move, covering union)."""
    # htmx sends the input under its own name (parent, org, covering_union): take whatever was typed.
    q = next((v for v in request.GET.values() if v.strip()), "")
    options = []
    if q.strip():
        options = visible_orgs(request).active().filter(selectors.search_q(q)).only("code", "name")[:20]
    return render(request, "orgs/_pick_options.html", {"options": options})


@login_required
@require_GET
def detail(request, pk):
    """An org's page: details, figures for its sub-tree, its direct sub-orgs (searchable, paginated)."""
    org = get_visible_org(request, pk)
    user = request.user
    q = request.GET.get("q", "").strip()
    kids = selectors.children(org)
    if q:
        kids = kids.filter(selectors.search_q(q))
    breadcrumbs = [(a, can(user, "orgs.view", a)) for a in org.ancestors_with_self()]
    recent = []
    if can(user, "audit.view", org):
        recent = AuditEvent.objects.restrict(user, "audit.view").filter(org=org)[:8]
    return render(
        request,
        "orgs/detail.html",
        {
            "org": org,
            "breadcrumbs": breadcrumbs[:-1],
            "figures": selectors.coverage(org),
            "kind_labels": dict(OrgKind.choices),
            "page": paginate(request, kids),
            "q": q,
            "recent": recent,
            "may": {p: can(user, f"orgs.{p}", org) for p in ("add", "change", "move", "dissolve")},
            "may_add_enterprise": can(user, "enterprises.add", org),
        },
    )


def _kinds_under(parent: Org | None):
    """The kinds that may sit under ``parent``: ``ALLOWED_CHILDREN``, the rule the service enforces."""
    return kinds_allowed_under(parent.kind if parent is not None else None)


@login_required
def create(request, parent_pk):
    """Set up a new org under ``parent_pk``."""
    parent = get_visible_org(request, parent_pk)
    require(request, "orgs.add", parent)
    proposed = selectors.next_code(parent)
    form = OrgForm(
        request.POST or None,
        kinds=_kinds_under(parent),
        initial={"kind": OrgKind.GRASSROOTS, "region": parent.region, "code": proposed},
    )
    form.fields["code"].help_text = _("按同级组织的编号顺延，建议“%(c)s”；可修改，保存时字母转为大写、去掉空格") % {
        "c": proposed
    }
    if request.method == "POST" and form.is_valid():
        try:
            org = services.create_org(actor=request.user, parent=parent, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已新建“%(name)s”") % {"name": org.name})
            return redirect("orgs:detail", org.pk)
    return render(request, "orgs/form.html", {"form": form, "parent": parent, "title": _("新建下级组织")})


@login_required
def edit(request, pk):
    """Edit an org's details."""
    org = get_visible_org(request, pk)
    require(request, "orgs.change", org)
    initial = {f: getattr(org, f) for f in services.ORG_FIELDS}
    parent = None if org.is_root() else Org.objects.get_parent(org)
    form = OrgForm(request.POST or None, initial=initial, kinds=_kinds_under(parent))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_org(org, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已保存“%(name)s”的修改") % {"name": org.name})
            return redirect("orgs:detail", org.pk)
    return render(request, "orgs/form.html", {"form": form, "org": org, "title": _("修改组织信息")})


@login_required
def move(request, pk):
    """Re-parent an org with its whole sub-tree."""
    org = get_visible_org(request, pk)
    require(request, "orgs.move", org)
    form = MoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["parent"].strip().upper()
        new_parent = visible_orgs(request, "orgs.move").filter(code=code).first()
        if new_parent is None:
            form.add_error("parent", _("组织代码“%(code)s”不存在或不在您的管理范围内") % {"code": code})
        else:
            try:
                services.move_org(org, new_parent, actor=request.user)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("已将“%(org)s”调整到“%(p)s”之下") % {"org": org.name, "p": new_parent.name})
                return redirect("orgs:detail", org.pk)
    return render(
        request, "orgs/move.html", {"form": form, "org": org, "subtree_size": Org.objects.subtree(org).count()}
    )


@login_required
def dissolve(request, pk):
    """Dissolve an org after an explicit confirmation."""
    org = get_visible_org(request, pk)
    require(request, "orgs.dissolve", org)
    form = DissolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.dissolve_org(
                org, actor=request.user, on=form.cleaned_data["on"], reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("已撤销“%(name)s”") % {"name": org.name})
            return redirect("orgs:detail", org.pk)
    active_children = selectors.children(org).filter(status=OrgStatus.ACTIVE).count()
    return render(request, "orgs/dissolve.html", {"form": form, "org": org, "active_children": active_children})
