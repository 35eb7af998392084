"""Every refusal of the places app (阵地、预约、到访、点单): its stable code, Chinese message and HTTP status
(docs/errors.md is generated from these)."""

from django.utils.translation import gettext_lazy as _

from core.errors import NOT_FOUND as NOT_FOUND  # re-exported: services and views raise both from here
from core.errors import PERMISSION_DENIED as PERMISSION_DENIED
from core.errors import ErrorCodes

codes = ErrorCodes("places", "阵地与服务")

# --- The register ----------------------------------------------------------------------------------------------
NAME_REQUIRED = codes.define("place_name_required", _("名称：请填写阵地名称"), field="name")
INVALID_KIND = codes.define("invalid_place_kind", _("类型：请选择阵地类型"), field="kind")
INVALID_STATUS = codes.define("invalid_place_status", _("状态：请选择开放、建设中、暂停或撤销"), field="status")
ADDRESS_REQUIRED = codes.define("address_required", _("地址：请填写地址"), field="address")
INVALID_COORDINATES = codes.define(
    "invalid_coordinates",
    _("坐标：“%(value)s”不正确，请粘贴地图应用中的“纬度,经度”（如 29.868336,121.543990）"),
    field="coordinates",
)
INVALID_HOURS = codes.define(
    "invalid_hours", _("开放时间：第 %(row)s 行“%(line)s”不正确，应写作“1-5 08:00-18:00”"), field="opening_hours"
)
INVALID_EXCEPTION = codes.define(
    "invalid_hours_exception",
    _("特殊开放日：第 %(row)s 行“%(line)s”不正确，应写作“2026-10-01 闭馆”或“2026-10-02 09:00-12:00”"),
    field="hours_exceptions",
)
INVALID_AMENITY = codes.define("invalid_amenity", _("设施：“%(value)s”不是可选的设施"), field="amenities")
INVALID_STARS = codes.define("invalid_stars", _("星级：应为 0 到 5"), field="stars")
INVALID_LEVEL = codes.define("invalid_level", _("命名级别：请选择"), field="level")
INVALID_AMOUNT = codes.define("invalid_amount", _("投入金额：应为不小于 0 的金额，精确到分"), field="amount")
INVALID_YEAR = codes.define("invalid_year", _("年度：应为 2000 年至今年"), field="year")
TOO_MANY_PHOTOS = codes.define("place_too_many_photos", _("照片：每个阵地最多 %(max)s 张"), field="photos")
PHOTO_REQUIRED = codes.define("place_photo_required", _("照片：请选择要上传的照片"), field="photos")
ORG_NOT_IN_SCOPE = codes.define(
    "place_org_not_in_scope", _("所属组织：“%(org)s”不存在或不在您的管理范围内"), field="org"
)

# --- Booking ---------------------------------------------------------------------------------------------------
RESOURCE_NAME_REQUIRED = codes.define("resource_name_required", _("名称：请填写资源名称"), field="name")
INVALID_CAPACITY = codes.define("invalid_capacity", _("容量：至少为 1"), field="capacity")
INVALID_SLOT_MINUTES = codes.define(
    "invalid_slot_minutes", _("时段长度：应为 15、30、60、120 或 240 分钟"), field="slot_minutes"
)
NOT_BOOKABLE = codes.define("not_bookable", _("该资源目前不接受预约"), status=409)
NOT_ALIGNED = codes.define(
    "slot_not_aligned", _("时间：须从整时段开始（每段 %(minutes)s 分钟），结束时间须晚于开始时间"), field="starts_at"
)
TOO_MANY_SLOTS = codes.define("too_many_slots", _("时间：一次最多预约 %(n)s 个时段"), field="ends_at")
IN_THE_PAST = codes.define("booking_in_past", _("时间：不能预约已经开始的时段"), field="starts_at")
OUTSIDE_HOURS = codes.define("outside_opening_hours", _("时间：%(when)s 不在开放时间内"), field="starts_at")
INVALID_PARTY = codes.define("invalid_party_size", _("人数：应为 1 至 %(n)s"), field="party_size")
SLOT_TAKEN = codes.define("slot_taken", _("该时段已被预约，请换一个时段"), status=409)
FULL = codes.define("slot_full", _("该时段只剩 %(left)s 个名额"), status=409)
AUDIENCE_REFUSED = codes.define("audience_refused", _("该资源只向%(audience)s开放预约"), status=403)
BOOKING_NOT_LIVE = codes.define("booking_not_live", _("预约当前为“%(status)s”，不能执行此操作"), status=409)
NOT_YOUR_BOOKING = codes.define("not_your_booking", _("只能取消自己的预约"), status=403)

# --- Visits at the door ---------------------------------------------------------------------------------------
PLACE_NOT_OPEN = codes.define("place_not_open", _("该阵地目前%(status)s"), status=409)
NO_RECENT_VISIT = codes.define("no_recent_visit", _("请先在现场扫码登记到访，再评价"), status=409)
INVALID_RATING = codes.define("invalid_rating", _("评分：请选择 1 到 5 星"), field="rating")
ALREADY_RATED = codes.define("already_rated", _("这次到访已经评价过了"), status=409)
MEMBER_REQUIRED = codes.define("member_required", _("反映问题请先以会员身份登录"), status=401)

# --- Services on order ----------------------------------------------------------------------------------------
SERVICE_NAME_REQUIRED = codes.define("service_name_required", _("服务名称：请填写"), field="name")
INVALID_CATEGORY = codes.define("invalid_service_category", _("类别：请选择服务类别"), field="category")
PROVIDER_REQUIRED = codes.define("provider_required", _("服务提供方：请填写"), field="provider")
ITEM_INACTIVE = codes.define("service_inactive", _("该服务暂停点单"), status=409)
NO_TOWN = codes.define("no_town", _("点单单位：“%(org)s”不在任何镇街总工会之下，无法点单"), field="ordering_org")
NOT_IN_ITEM_AREA = codes.define(
    "not_in_service_area", _("点单单位：“%(org)s”不在该服务的覆盖范围内"), field="ordering_org"
)
QUOTA_EXHAUSTED = codes.define(
    "quota_exhausted", _("%(town)s %(year)s 年“%(item)s”的 %(quota)s 个名额已用完"), status=409
)
TOO_SOON = codes.define("too_soon", _("期望日期：该服务需提前 %(days)s 天点单，最早 %(date)s"), field="wished_date")
INVALID_AUDIENCE = codes.define("invalid_expected_audience", _("预计人数：至少 1 人"), field="expected_audience")
ORDER_STATUS = codes.define("order_status", _("点单当前为“%(status)s”，不能执行此操作"), status=409)
REASON_REQUIRED = codes.define("reason_required", _("原因：请填写不受理的原因，点单单位会看到"), field="reason")
INVALID_SCHEDULE = codes.define("invalid_schedule", _("送达时间：结束时间须晚于开始时间"), field="ends_at")

# --- Visits (走访) --------------------------------------------------------------------------------------------
INVALID_VISIT_DATE = codes.define("invalid_visit_date", _("走访日期：请填写，不能晚于今天"), field="visited_on")
VISITORS_REQUIRED = codes.define("visitors_required", _("走访人员：请填写"), field="visitors")
FINDINGS_REQUIRED = codes.define("findings_required", _("走访发现：请填写"), field="findings")
VISIT_TARGET_REQUIRED = codes.define("visit_target_required", _("走访对象：请选择企业或阵地"), field="enterprise")
NO_OPEN_PROBLEM = codes.define("no_open_problem", _("这次走访没有跟进中的问题"), status=409)
CLOSE_NOTE_REQUIRED = codes.define("close_note_required", _("处理结果：请填写问题是怎么解决的"), field="note")

PARTNER_UNKNOWN = codes.define("partner_unknown", _("联盟单位：找不到组织代码“%(code)s”"), field="partners")

# --- 需求清单 ---------------------------------------------------------------------------------------------------
INVALID_DEMAND_KIND = codes.define("invalid_demand_kind", _("需求：“%(value)s”不是可选的服务类别"), field="categories")
DEMAND_REQUIRED = codes.define("demand_required", _("需求：请至少选择一项希望提供的服务"), field="categories")
