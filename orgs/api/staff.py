"""API for the union tree and the employer register. Every endpoint is scoped through ``restrict``.

Objects are found only inside the caller's scope for ``orgs.view`` / ``enterprises.view``, so an object
outside it answers 404 exactly like an unknown one. Whether the caller may change a visible object is the
service function's decision (403 ``permission_denied``); endpoints never write to the ORM themselves.
"""

from datetime import date, datetime
from enum import Enum

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from core.api import ApiDate, Paging, StrictInput, choices_doc, paginate, with_errors
from core.validators import normalize_code
from orgs import errors

from .. import selectors, services
from ..models import Enterprise, EnterpriseStatus, Industry, Org, OrgKind, OrgStatus, Ownership

orgs_router = Router(tags=["工会组织"])
enterprises_router = Router(tags=["企业名录"])


# The staff_count column's range on PostgreSQL; SQLite would store more, so the schema holds both to one limit.
MAX_STAFF_COUNT = 2_147_483_647


# --- Schemas --------------------------------------------------------------------------------------------------


class OrgRef(Schema):
    """Another org named from this one (its parent, its registering or covering union)."""

    code: str = Field(description="组织代码")
    name: str = Field(description="全称")


class OrgOut(Schema):
    """One org in a list."""

    id: int
    code: str = Field(description="组织代码")
    name: str = Field(description="全称")
    short_name: str = Field(description="简称")
    kind: OrgKind = Field(description=f"类型：{choices_doc(OrgKind)}")
    kind_label: str = Field(description="类型名称")
    status: OrgStatus = Field(description=f"状态：{choices_doc(OrgStatus)}")
    status_label: str = Field(description="状态名称")
    parent_code: str | None = Field(description="上级组织代码；顶级组织为 null")
    depth: int = Field(description="层级，顶级组织为 1")
    numchild: int = Field(description="直接下级数量（含已撤销的）")
    region: str = Field(description="所在地区")
    chair_name: str = Field(description="工会主席")

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_parent_code(obj) -> str | None:
        return obj.parent_ref.code if obj.parent_ref else None


class OrgDetailOut(OrgOut):
    """One org with all its details."""

    parent: OrgRef | None = Field(description="上级组织；顶级组织为 null")
    uscc: str = Field(description="统一社会信用代码")
    address: str = Field(description="地址")
    founded_on: date | None = Field(description="成立日期")
    contact_name: str = Field(description="联系人")
    contact_phone: str = Field(description="联系电话")
    dissolved_on: date | None = Field(description="撤销日期")
    dissolved_reason: str = Field(description="撤销原因")
    created_at: datetime = Field(description="创建时间")
    updated_at: datetime = Field(description="更新时间")

    @staticmethod
    def resolve_parent(obj):
        return obj.parent_ref


class OrgPage(Schema):
    count: int = Field(description="符合条件的总数")
    page: int = Field(description="页码，从 1 开始")
    page_size: int = Field(description="每页条数")
    items: list[OrgOut]


class OrgFilters(Paging):
    q: str | None = Field(None, description="按名称、拼音、拼音首字母或组织代码搜索")
    kind: OrgKind | None = Field(None, description=f"类型：{choices_doc(OrgKind)}")
    status: OrgStatus | None = Field(None, description=f"状态：{choices_doc(OrgStatus)}")
    parent: str | None = Field(None, description="组织代码：只列出它的直接下级")
    under: str | None = Field(None, description="组织代码：列出它及它的全部下级")


class OrgIn(StrictInput):
    parent: str | None = Field(None, description="上级组织代码；只有系统管理员可以不填（新建顶级组织）")
    code: str = Field(description="组织代码，保存时转为大写半角")
    name: str = Field(description="全称")
    short_name: str = Field("", description="简称")
    kind: OrgKind = Field(description=f"类型：{choices_doc(OrgKind)}")
    uscc: str = Field("", description="统一社会信用代码（18 位）")
    region: str = Field("", description="所在地区")
    address: str = Field("", description="地址")
    founded_on: ApiDate | None = Field(None, description="成立日期 YYYY-MM-DD")
    chair_name: str = Field("", description="工会主席")
    contact_name: str = Field("", description="联系人")
    contact_phone: str = Field("", description="联系电话：手机号或带区号的固定电话")


class OrgPatch(StrictInput):
    """Only the fields sent are changed. A text field is cleared with ``""``; ``null`` is refused (it is no text and
    once blanked a chair or a 统一社会信用代码 by mistake); a required one (code, name) cannot be cleared at all.
    ``kind`` changes only for holders of the move permission (调整隶属关系), under the placement rules of a move."""

    code: str = Field(None, description="组织代码")
    name: str = Field(None, description="全称")
    short_name: str = Field(None, description="简称；空字符串表示清空")
    kind: OrgKind = Field(None, description=f"类型：{choices_doc(OrgKind)}；需要调整隶属关系的权限")
    uscc: str = Field(None, description="统一社会信用代码（18 位）；空字符串表示清空")
    region: str = Field(None, description="所在地区；空字符串表示清空")
    address: str = Field(None, description="地址；空字符串表示清空")
    founded_on: ApiDate | None = Field(None, description="成立日期 YYYY-MM-DD；null 表示清空")
    chair_name: str = Field(None, description="工会主席；空字符串表示清空")
    contact_name: str = Field(None, description="联系人；空字符串表示清空")
    contact_phone: str = Field(None, description="联系电话；空字符串表示清空")


class MoveIn(StrictInput):
    parent: str = Field(description="新的上级组织代码")


class DissolveIn(StrictInput):
    on: ApiDate = Field(description="撤销日期 YYYY-MM-DD")
    reason: str = Field(description="撤销原因")


class UnionsByKindOut(Schema):
    """Active unions in the sub-tree per kind; the keys are the values of ``OrgKind``."""

    federation: int = Field(description="区/市总工会")
    town: int = Field(description="镇街总工会")
    grassroots: int = Field(description="基层工会")
    joint: int = Field(description="联合工会")
    industry: int = Field(description="行业工会")
    village: int = Field(description="村/社区工会（小三级）")


class CoverageOut(Schema):
    """Coverage figures of an org's active sub-tree (see ``orgs.selectors.coverage``)."""

    org: OrgRef
    unions_by_kind: UnionsByKindOut
    unions_total: int = Field(description="正常状态的组织总数（含本组织）")
    covering_unions: int = Field(description="可覆盖企业的工会数（基层、联合、行业、村/社区工会）")
    enterprises: int = Field(description="属地登记的存续企业数")
    enterprises_covered: int = Field(description="其中已被正常状态工会覆盖的企业数")
    union_rate: float | None = Field(description="建会率（%，一位小数）；无企业时为 null")
    staff: int = Field(description="存续企业职工人数")
    staff_covered: int = Field(description="已建会企业职工人数")
    # Filled by the members module through selectors.register_coverage.
    members: int | None = Field(description="会员人数（在册及保留会籍）")
    join_rate: float | None = Field(
        description="入会率（%，会员人数 / 已建会企业职工人数，一位小数）；无职工数时为 null"
    )
    members_by_tag: dict[str, int] = Field(default_factory=dict, description="按标签统计的会员人数，如 new_employment")


class EnterpriseOut(Schema):
    """One enterprise in a list."""

    id: int
    name: str = Field(description="企业名称")
    uscc: str = Field(description="统一社会信用代码")
    industry: Industry = Field(description=f"行业（GB/T 4754-2017 门类）：{choices_doc(Industry)}")
    industry_label: str = Field(description="行业名称")
    ownership: Ownership = Field(description=f"经济类型：{choices_doc(Ownership)}")
    ownership_label: str = Field(description="经济类型名称")
    staff_count: int = Field(description="职工人数")
    status: EnterpriseStatus = Field(description=f"状态：{choices_doc(EnterpriseStatus)}")
    status_label: str = Field(description="状态名称")
    org: OrgRef = Field(description="属地工会")
    covering_union: OrgRef | None = Field(description="覆盖工会；未建会为 null")
    covered: bool = Field(description="是否已被正常状态的工会覆盖（计入建会率）")

    @staticmethod
    def resolve_industry_label(obj) -> str:
        return str(obj.get_industry_display())

    @staticmethod
    def resolve_ownership_label(obj) -> str:
        return str(obj.get_ownership_display())

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_covered(obj) -> bool:
        union = obj.covering_union
        return union is not None and union.status == OrgStatus.ACTIVE


class EnterpriseDetailOut(EnterpriseOut):
    address: str = Field(description="地址")
    contact_name: str = Field(description="联系人")
    contact_phone: str = Field(description="联系电话")
    created_at: datetime = Field(description="登记时间")
    updated_at: datetime = Field(description="更新时间")


class EnterprisePage(Schema):
    count: int = Field(description="符合条件的总数")
    page: int = Field(description="页码，从 1 开始")
    page_size: int = Field(description="每页条数")
    items: list[EnterpriseOut]


class EnterpriseFilters(Paging):
    q: str | None = Field(None, description="按名称、拼音、拼音首字母或统一社会信用代码搜索")
    org: str | None = Field(None, description="组织代码：登记在该组织及其全部下级的企业")
    covering_union: str | None = Field(None, description="组织代码：由该工会覆盖的企业")
    covered: bool | None = Field(None, description="true：已被正常状态的工会覆盖；false：未建会")
    industry: Industry | None = Field(None, description=f"行业：{choices_doc(Industry)}")
    ownership: Ownership | None = Field(None, description=f"经济类型：{choices_doc(Ownership)}")
    status: EnterpriseStatus | None = Field(None, description=f"状态：{choices_doc(EnterpriseStatus)}")


class EnterpriseIn(StrictInput):
    org: str = Field(description="属地工会的组织代码")
    name: str = Field(description="企业名称")
    uscc: str = Field(description="统一社会信用代码（18 位）")
    industry: Industry = Field(description=f"行业：{choices_doc(Industry)}")
    ownership: Ownership = Field(description=f"经济类型：{choices_doc(Ownership)}")
    staff_count: int = Field(0, ge=0, le=MAX_STAFF_COUNT, description="职工人数")
    address: str = Field("", description="地址")
    contact_name: str = Field("", description="联系人")
    contact_phone: str = Field("", description="联系电话")
    covering_union: str | None = Field(None, description="覆盖工会的组织代码；未建会不填")


class EnterprisePatch(StrictInput):
    """Only the fields sent are changed; ``covering_union: null`` records that no union covers it."""

    name: str = Field(None, description="企业名称")
    uscc: str = Field(None, description="统一社会信用代码（18 位）")
    industry: Industry = Field(None, description=f"行业：{choices_doc(Industry)}")
    ownership: Ownership = Field(None, description=f"经济类型：{choices_doc(Ownership)}")
    staff_count: int = Field(None, ge=0, le=MAX_STAFF_COUNT, description="职工人数")
    address: str | None = Field(None, description="地址")
    contact_name: str | None = Field(None, description="联系人")
    contact_phone: str | None = Field(None, description="联系电话")
    covering_union: str | None = Field(None, description="覆盖工会的组织代码；null 表示未建会")
    status: EnterpriseStatus = Field(None, description=f"状态：{choices_doc(EnterpriseStatus)}")


# --- Helpers --------------------------------------------------------------------------------------------------


def _plain(fields: dict) -> dict:
    """Enum members to their stored values, as the services and the audit trail expect."""
    return {k: (v.value if isinstance(v, Enum) else v) for k, v in fields.items()}


def _clear_nulls(fields: dict) -> dict:
    """``null`` clears an optional text field (stored as ""). Required fields are typed so that pydantic
    refuses ``null`` for them; a date and a covering union keep ``None``, which is what clearing means there."""
    return {k: ("" if v is None and k not in {"founded_on", "covering_union"} else v) for k, v in fields.items()}


def _visible_orgs(user, permission: str = "orgs.view"):
    """Orgs inside ``user``'s scope for ``permission``: where every org look-up starts."""
    return Org.objects.restrict(user, permission)


def _get_org(user, code: str) -> Org:
    """The org with ``code`` inside the caller's view scope, or 404."""
    return get_object_or_404(_visible_orgs(user), code=normalize_code(code))


def _org_by_code(user, code: str, *, field: str, permission: str = "orgs.view") -> Org:
    """An org named in a request body; one the caller cannot see is ``not_found`` for that field."""
    org = _visible_orgs(user, permission).filter(code=normalize_code(code)).first()
    if org is None:
        raise errors.NOT_FOUND(message=_("组织“%(code)s”不存在或不在您的管理范围内") % {"code": code}, field=field)
    return org


def _attach_parents(orgs: list[Org]) -> list[Org]:
    """Set ``parent_ref`` on each org with one query for the whole page.

    A parent's path is its child's path minus one step, so no per-row lookup is needed. Parents are looked
    up without scope on purpose: a union admin sees which org their own union belongs to.
    """
    wanted = {o.path[: -Org.steplen] for o in orgs if o.depth > 1}
    parents = {p.path: p for p in Org.objects.filter(path__in=wanted).only("id", "path", "code", "name")}
    for o in orgs:
        o.parent_ref = parents.get(o.path[: -Org.steplen]) if o.depth > 1 else None
    return orgs


def _org_page(qs, paging: Paging) -> dict:
    """One page of orgs with their parents attached."""
    page = paginate(qs, paging)
    _attach_parents(page["items"])
    return page


def _empty_page(paging: Paging) -> dict:
    """A page with nothing on it, answered without touching the database."""
    return {"count": 0, "page": paging.page, "page_size": paging.page_size, "items": []}


def _enterprises(user):
    """Enterprises inside ``user``'s scope, with the two orgs every answer names already joined."""
    return Enterprise.objects.restrict(user, "enterprises.view").select_related("org", "covering_union")


def _get_enterprise(user, pk: int) -> Enterprise:
    """The enterprise ``pk`` inside the caller's view scope, or 404."""
    return get_object_or_404(_enterprises(user), pk=pk)


def _covering_union(user, code: str | None) -> Org | None:
    """The covering union named by ``code``; the same refusal as the service when the caller cannot see it."""
    if not code:
        return None
    union = _visible_orgs(user).filter(code=normalize_code(code)).first()
    if union is None:
        raise errors.COVERING_UNION_NOT_FOUND(field="covering_union")
    return union


# --- Orgs -----------------------------------------------------------------------------------------------------


@orgs_router.get(
    "",
    response=with_errors({200: OrgPage}),
    summary="组织列表",
    description="列出您管理范围内的工会组织，按树的顺序排列。`parent`、`under` 指向您看不到的组织时结果为空。",
)
def list_orgs(request, filters: Query[OrgFilters]):
    """Scoped, filtered, paged orgs; four queries whatever the page size (scope, count, page, parents)."""
    qs = _visible_orgs(request.auth)
    if filters.q and filters.q.strip():
        qs = qs.filter(selectors.search_q(filters.q))
    if filters.kind:
        qs = qs.filter(kind=filters.kind.value)
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    for code, direct in ((filters.parent, True), (filters.under, False)):
        if code is None:
            continue
        # Filters narrow the visible set: a code outside it matches nothing, and reveals nothing.
        anchor = _visible_orgs(request.auth).filter(code=normalize_code(code)).first()
        if anchor is None:
            return _empty_page(filters)
        qs = qs.filter(path__startswith=anchor.path)
        if direct:
            qs = qs.filter(depth=anchor.depth + 1)
    return _org_page(qs, filters)


@orgs_router.post(
    "",
    response=with_errors({201: OrgDetailOut}, 400, 403, 404),
    summary="新建组织",
    description="在上级组织之下新建工会组织。上级组织不在管理范围内时返回 404；不填上级即新建顶级组织，"
    "只有系统管理员可以这样做。",
)
def create_org(request, payload: OrgIn):
    """Create through ``services.create_org``; answers 201 with the new org's details."""
    fields = _plain(payload.model_dump(exclude={"parent"}))
    parent = _org_by_code(request.auth, payload.parent, field="parent") if payload.parent else None
    org = services.create_org(actor=request.auth, parent=parent, **fields)
    return Status(201, _attach_parents([org])[0])


@orgs_router.get(
    "/{code}",
    response=with_errors({200: OrgDetailOut}, 404),
    summary="组织详情",
    description="组织的全部信息，包括上级组织与撤销信息。",
)
def get_org(request, code: str):
    """One org in the caller's scope."""
    return _attach_parents([_get_org(request.auth, code)])[0]


@orgs_router.patch(
    "/{code}",
    response=with_errors({200: OrgDetailOut}, 400, 403, 404),
    summary="修改组织",
    description="只修改请求中出现的字段。隶属关系通过“调整隶属关系”接口修改。",
)
def update_org(request, code: str, payload: OrgPatch):
    """Partial update through ``services.update_org``."""
    org = _get_org(request.auth, code)
    changes = _clear_nulls(_plain(payload.model_dump(exclude_unset=True)))
    org = services.update_org(org, actor=request.auth, **changes)
    return _attach_parents([org])[0]


@orgs_router.get(
    "/{code}/children",
    response=with_errors({200: OrgPage}, 404),
    summary="直接下级组织",
    description="组织的直接下级（含已撤销的），按树的顺序分页列出。",
)
def list_children(request, code: str, paging: Query[Paging]):
    """Direct children of a visible org."""
    org = _get_org(request.auth, code)
    qs = selectors.children(org) & _visible_orgs(request.auth)
    return _org_page(qs, paging)


@orgs_router.get(
    "/{code}/coverage",
    response=with_errors({200: CoverageOut}, 404),
    summary="覆盖情况（建会率）",
    description="组织及其全部下级（不含已撤销组织和已注销企业）的组织数、企业数、建会率等。"
    "`members`、`join_rate`（入会率）、`members_by_tag` 由会员名册统计。",
)
def get_coverage(request, code: str):
    """``selectors.coverage`` for a visible org."""
    org = _get_org(request.auth, code)
    return {"org": org, **selectors.coverage(org)}


@orgs_router.post(
    "/{code}/move",
    response=with_errors({200: OrgDetailOut}, 400, 403, 404),
    summary="调整隶属关系",
    description="把组织（连同其全部下级）调到新的上级组织之下。新上级不在管理范围内时返回 404。",
)
def move_org(request, code: str, payload: MoveIn):
    """Re-parent through ``services.move_org``."""
    org = _get_org(request.auth, code)
    new_parent = _org_by_code(request.auth, payload.parent, field="parent")
    org = services.move_org(org, new_parent, actor=request.auth)
    return _attach_parents([org])[0]


@orgs_router.post(
    "/{code}/dissolve",
    response=with_errors({200: OrgDetailOut}, 400, 403, 404),
    summary="撤销组织",
    description="撤销组织（记录保留，不删除）。须先撤销或调出其下级组织，并为其覆盖的企业调整覆盖工会。",
)
def dissolve_org(request, code: str, payload: DissolveIn):
    """Dissolve through ``services.dissolve_org``."""
    org = _get_org(request.auth, code)
    org = services.dissolve_org(org, actor=request.auth, on=payload.on, reason=payload.reason)
    return _attach_parents([org])[0]


# --- Enterprises ----------------------------------------------------------------------------------------------


@enterprises_router.get(
    "",
    response=with_errors({200: EnterprisePage}),
    summary="企业列表",
    description="列出您管理范围内登记的企业，按名称排列。`org` 指向您看不到的组织时结果为空。",
)
def list_enterprises(request, filters: Query[EnterpriseFilters]):
    """Scoped, filtered, paged enterprises; three queries whatever the page size (scope, count, page)."""
    qs = _enterprises(request.auth)
    if filters.q and filters.q.strip():
        qs = qs.filter(selectors.search_q(filters.q, code_field="uscc"))
    if filters.org is not None:
        # Looked up in the enterprise scope: its grants are already loaded, and a filter never widens it.
        anchor = _visible_orgs(request.auth, "enterprises.view").filter(code=normalize_code(filters.org)).first()
        if anchor is None:
            return _empty_page(filters)
        qs = qs.filter(org__path__startswith=anchor.path)
    if filters.covering_union is not None:
        qs = qs.filter(covering_union__code=normalize_code(filters.covering_union))
    if filters.covered is not None:
        # The same rule as the 建会率 in selectors.coverage: a dissolved union covers nobody.
        covered = Q(covering_union__isnull=False, covering_union__status=OrgStatus.ACTIVE)
        qs = qs.filter(covered) if filters.covered else qs.exclude(covered)
    if filters.industry:
        qs = qs.filter(industry=filters.industry.value)
    if filters.ownership:
        qs = qs.filter(ownership=filters.ownership.value)
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    return paginate(qs, filters)


@enterprises_router.post(
    "",
    response=with_errors({201: EnterpriseDetailOut}, 400, 403, 404),
    summary="登记企业",
    description="在属地工会之下登记企业。属地工会不在管理范围内时返回 404。",
)
def create_enterprise(request, payload: EnterpriseIn):
    """Register through ``services.create_enterprise``; answers 201 with the enterprise's details."""
    org = _org_by_code(request.auth, payload.org, field="org", permission="enterprises.view")
    fields = _plain(payload.model_dump(exclude={"org", "covering_union"}))
    fields["covering_union"] = _covering_union(request.auth, payload.covering_union)
    return Status(201, services.create_enterprise(actor=request.auth, org=org, **fields))


@enterprises_router.get(
    "/{enterprise_id}",
    response=with_errors({200: EnterpriseDetailOut}, 404),
    summary="企业详情",
    description="企业的全部信息，包括属地工会与覆盖工会。",
)
def get_enterprise(request, enterprise_id: int):
    """One enterprise in the caller's scope."""
    return _get_enterprise(request.auth, enterprise_id)


@enterprises_router.patch(
    "/{enterprise_id}",
    response=with_errors({200: EnterpriseDetailOut}, 400, 403, 404),
    summary="修改企业",
    description="只修改请求中出现的字段。`covering_union` 传组织代码设置覆盖工会，传 null 表示未建会。",
)
def update_enterprise(request, enterprise_id: int, payload: EnterprisePatch):
    """Partial update through ``services.update_enterprise``."""
    ent = _get_enterprise(request.auth, enterprise_id)
    changes = _clear_nulls(_plain(payload.model_dump(exclude_unset=True)))
    if "covering_union" in changes:
        changes["covering_union"] = _covering_union(request.auth, changes["covering_union"])
    return services.update_enterprise(ent, actor=request.auth, **changes)
