"""Schemas of the places API (names prefixed ``Place``/``Service`` so they are unique across the whole API)."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from core.api import ApiDate, ApiDateTime, StrictInput, choices_doc

from ..models import Amenity, Audience, Booking, Level, PlaceKind, PlaceStatus, Resource, ServiceCategory, ServiceOrder


class PlaceOrgOut(Schema):
    id: int
    code: str
    name: str


class PlaceOut(Schema):
    id: int
    name: str
    kind: str = Field(description=f"类型：{choices_doc(PlaceKind)}")
    kind_label: str
    status: str = Field(description=f"状态：{choices_doc(PlaceStatus)}")
    org: PlaceOrgOut
    address: str
    latitude: Decimal
    longitude: Decimal
    opening_hours: dict = Field(description='开放时间：星期（"0" 为周一）→ [["08:00", "18:00"], …]')
    hours_exceptions: list = Field(description="特殊开放日：[{date, hours, note}]，hours 为空表示闭馆")
    amenities: list[str] = Field(description=f"设施：{choices_doc(Amenity)}")
    contact_name: str
    contact_phone: str
    level: str = Field(description=f"命名级别：{choices_doc(Level)}；无为空")
    stars: int
    reviewed_on: date | None

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_amenities(obj) -> list[str]:
        return obj.amenity_list


class PlacePage(Schema):
    count: int
    page: int
    page_size: int
    items: list[PlaceOut]


class PlaceIn(StrictInput):
    org: str = Field(description="所属组织代码")
    name: str = Field(max_length=100)
    kind: str = Field(description=choices_doc(PlaceKind))
    status: str = Field(PlaceStatus.OPEN, description=choices_doc(PlaceStatus))
    address: str = Field(max_length=200)
    coordinates: str = Field(description="“纬度,经度”，如 29.868336,121.543990")
    opening_hours: str = Field("", description="每行“星期 时段”，如“1-5 08:00-18:00”")
    hours_exceptions: str = Field("", description="每行“日期 时段或闭馆”")
    amenities: list[str] = Field(default_factory=list, description=choices_doc(Amenity))
    contact_name: str = ""
    contact_phone: str = ""
    level: str = ""
    description: str = ""


class PlacePatch(StrictInput):
    name: str | None = None
    kind: str | None = None
    status: str | None = None
    address: str | None = None
    coordinates: str | None = None
    opening_hours: str | None = None
    hours_exceptions: str | None = None
    amenities: list[str] | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    level: str | None = None
    description: str | None = None


class PlaceReviewIn(StrictInput):
    stars: int = Field(ge=0, le=5)
    note: str = ""


class PlaceNearbyOut(Schema):
    place: PlaceOut
    distance_m: float = Field(description="到您位置的球面距离（米）")
    open_now: bool


class PlaceResourceOut(Schema):
    id: int
    place_id: int
    name: str
    kind: str = Field(description=choices_doc(Resource.Kind))
    exclusive: bool
    capacity: int
    slot_minutes: int
    audience: str = Field(description=choices_doc(Audience))
    needs_approval: bool
    max_slots: int
    active: bool


class PlaceResourceIn(StrictInput):
    name: str
    kind: str = Field(Resource.Kind.ROOM, description=choices_doc(Resource.Kind))
    exclusive: bool = True
    capacity: int = Field(1, ge=1)
    slot_minutes: int = 60
    audience: str = Field(Audience.MEMBERS, description=choices_doc(Audience))
    needs_approval: bool = False
    max_slots: int = Field(4, ge=1, le=48)


class PlaceBookingOut(Schema):
    id: int
    resource_id: int
    starts_at: datetime
    ends_at: datetime
    party_size: int
    hours: Decimal
    for_org_id: int | None
    member_id: int | None
    purpose: str
    status: str = Field(description=choices_doc(Booking.Status))


class PlaceBookingIn(StrictInput):
    starts_at: ApiDateTime
    ends_at: ApiDateTime
    party_size: int = Field(1, ge=1)
    purpose: str = ""


class PlaceStaffBookingIn(PlaceBookingIn):
    for_org: str = Field(description="预约单位的组织代码")


class PlaceMemberBookingIn(PlaceBookingIn):
    resource_id: int


class PlaceScanIn(StrictInput):
    device: str = Field(min_length=8, max_length=32, description="设备标识（App 或小程序自行生成并保存）")


class PlaceVisitOut(Schema):
    id: int
    place_id: int
    visited_at: datetime
    created: bool = Field(description="本次扫码是否新记一次到访（一小时内重复扫码为 false）")
    rating: int | None


class PlaceRateIn(PlaceScanIn):
    rating: int = Field(ge=1, le=5)
    comment: str = ""


class ServiceItemOut(Schema):
    id: int
    org: PlaceOrgOut
    name: str
    category: str = Field(description=choices_doc(ServiceCategory))
    provider: str
    description: str
    needs: str
    yearly_quota: int
    lead_days: int
    active: bool


class ServiceItemIn(StrictInput):
    org: str = Field(description="提供方工会（区或镇街总工会）的组织代码")
    name: str
    category: str = Field(description=choices_doc(ServiceCategory))
    provider: str
    description: str = ""
    needs: str = ""
    yearly_quota: int = Field(10, ge=0)
    lead_days: int = Field(7, ge=0)
    active: bool = True


class ServiceOrderOut(Schema):
    id: int
    item: ServiceItemOut
    ordering_org: PlaceOrgOut
    town: PlaceOrgOut
    year: int
    wished_date: date
    expected_audience: int
    address: str
    note: str
    status: str = Field(description=choices_doc(ServiceOrder.Status))
    decline_reason: str
    activity_id: int | None = Field(description="排期后生成的活动")
    rating: int | None
    rating_comment: str
    requested_at: datetime
    delivered_at: datetime | None


class ServiceOrderPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ServiceOrderOut]


class ServiceOrderIn(StrictInput):
    item_id: int
    ordering_org: str = Field(description="点单单位的组织代码")
    wished_date: ApiDate
    expected_audience: int = Field(ge=1)
    address: str = ""
    note: str = ""


class ServiceDeclineIn(StrictInput):
    reason: str


class ServiceScheduleIn(StrictInput):
    starts_at: ApiDateTime
    ends_at: ApiDateTime
    capacity: int | None = Field(None, ge=1)


class ServiceRateIn(StrictInput):
    rating: int = Field(ge=1, le=5)
    comment: str = ""


class FieldVisitOut(Schema):
    id: int
    org: PlaceOrgOut
    enterprise_id: int | None
    place_id: int | None
    visited_on: date
    visitors: str
    findings: str
    demands: str
    problem: str
    follow_up: str = Field(description="问题跟进：none=无需跟进；open=跟进中；closed=已办结")
    closed_note: str


class FieldVisitIn(StrictInput):
    org: str = Field(description="走访单位的组织代码")
    enterprise_id: int | None = None
    place_id: int | None = None
    visited_on: ApiDate
    visitors: str
    findings: str
    demands: str = ""
    demand_categories: list[str] = Field(
        default_factory=list, description=f"需求类别（计入需求清单）：{choices_doc(ServiceCategory)}"
    )
    problem: str = ""


class DemandCountOut(Schema):
    category: str = Field(description=choices_doc(ServiceCategory))
    label: str
    visit: int = Field(description="走访中提出的次数")
    survey: int = Field(description="企业问卷中勾选的人次")
    total: int
    enterprises: int = Field(description="涉及企业（家）")
    items: int = Field(description="目录中接受点单的服务项目数")
    orders: int = Field(description="本年点单数（不含未受理、已撤回）")


class FieldVisitCloseIn(StrictInput):
    note: str
