"""Union places (驿站, 职工之家, 职工书屋 …) and what happens at them: bookable resources and their bookings, door-QR
visits with ratings and problem reports, and services on order (点单) delivered as activities."""

import secrets
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.scoping import RestrictedQuerySet


class PlaceKind(models.TextChoices):
    STATION = "station", _("工会驿站")
    HOME = "home", _("职工之家")
    MODEL_HOME = "model_home", _("模范职工之家")
    BOOKHOUSE = "bookhouse", _("职工书屋")
    MENTAL = "mental", _("心理健康辅导站")
    STUDIO = "studio", _("劳模(工匠)创新工作室")
    CRAFT_SCHOOL = "craft_school", _("工匠学堂")
    CHAIR_STUDIO = "chair_studio", _("工会主席工作室")
    SERVICE_POINT = "service_point", _("职工服务点")
    CENTER = "center", _("活动中心")
    NURSING = "nursing", _("爱心妈咪小屋")
    OTHER = "other", _("其他")


class PlaceStatus(models.TextChoices):
    BUILDING = "building", _("建设中")
    OPEN = "open", _("开放")
    PAUSED = "paused", _("暂停")
    CLOSED = "closed", _("撤销")


class Amenity(models.TextChoices):
    WATER = "water", _("饮水")
    CHARGING = "charging", _("充电")
    MICROWAVE = "microwave", _("微波炉")
    TOILET = "toilet", _("卫生间")
    SEATS = "seats", _("休息座椅")
    FIRST_AID = "first_aid", _("药箱")
    AIRCON = "aircon", _("空调")
    WIFI = "wifi", _("Wi-Fi")
    BOOKS = "books", _("图书")
    FRIDGE = "fridge", _("冰箱")
    NURSING = "nursing", _("哺乳间")


class Level(models.TextChoices):
    NATIONAL = "national", _("全国级")
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    DISTRICT = "district", _("区级")


# A place is stale when nobody reviewed it for this long: it shows on the 待复核 list.
STALE_AFTER_DAYS = 365


class Place(models.Model):
    """A union place with its owner org, where it is (WGS-84 coordinates), when it is open (``opening_hours``:
    weekday "0"–"6", Monday first, to a list of ``["HH:MM", "HH:MM"]``; ``hours_exceptions``: dated days that
    differ, an empty list meaning closed), what it offers (``amenities``, stored ``,water,wifi,`` so a filter is a
    plain substring match on both databases) and its door QR ``token``."""

    org = models.ForeignKey("orgs.Org", verbose_name=_("所属组织"), on_delete=models.PROTECT, related_name="places")
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=PlaceKind.choices)
    status = models.CharField(_("状态"), max_length=10, choices=PlaceStatus.choices, default=PlaceStatus.OPEN)
    address = models.CharField(_("地址"), max_length=200)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6)
    opening_hours = models.JSONField(_("开放时间"), default=dict, blank=True)
    hours_exceptions = models.JSONField(_("特殊开放日"), default=list, blank=True)
    amenities = models.CharField(_("设施"), max_length=300, blank=True, default="")
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    description = models.TextField(_("简介"), blank=True)
    level = models.CharField(_("命名级别"), max_length=10, choices=Level.choices, blank=True)
    stars = models.PositiveSmallIntegerField(_("星级"), default=0)
    reviewed_on = models.DateField(_("最近复核"), null=True, blank=True)
    token = models.CharField(_("门牌码"), max_length=32, unique=True, editable=False)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"
    LOCK_RANK = 81

    class Meta:
        verbose_name = _("阵地")
        verbose_name_plural = _("阵地")
        ordering = ["org__path", "name", "id"]
        indexes = [
            models.Index(fields=["status", "kind"]),
            models.Index(fields=["reviewed_on"]),
            models.Index(fields=["status", "latitude", "longitude"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(stars__lte=5), name="place_stars_0_5"),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="place_coordinates_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_urlsafe(12)
        super().save(*args, **kwargs)

    @property
    def audit_org(self):
        return self.org

    @property
    def amenity_list(self) -> list[str]:
        return [a for a in self.amenities.split(",") if a]

    @property
    def amenity_labels(self) -> list[str]:
        labels = dict(Amenity.choices)
        return [str(labels.get(a, a)) for a in self.amenity_list]

    def hours_on(self, day) -> list[list[str]]:
        """The opening ranges of ``day`` (a date): its exception if there is one, else its weekday's."""
        iso = day.isoformat()
        for exc in self.hours_exceptions or []:
            if exc.get("date") == iso:
                return exc.get("hours") or []
        return (self.opening_hours or {}).get(str(day.weekday()), [])

    def is_open_at(self, when=None) -> bool:
        when = timezone.localtime(when or timezone.now())
        if self.status != PlaceStatus.OPEN:
            return False
        now = when.strftime("%H:%M")
        return any(start <= now < end for start, end in self.hours_on(when.date()))

    @property
    def is_stale(self) -> bool:
        return self.reviewed_on is None or self.reviewed_on < timezone.localdate() - timedelta(days=STALE_AFTER_DAYS)


class PlacePhoto(models.Model):
    """A photo of a place shown on its phone page: re-encoded on upload (appeals.photos.clean_photo: the same size
    and pixel limits, metadata such as EXIF GPS removed)."""

    place = models.ForeignKey(Place, verbose_name=_("阵地"), on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("照片"), upload_to="places/%Y/%m/")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(_("说明"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "place__org__path"

    class Meta:
        verbose_name = _("阵地照片")
        verbose_name_plural = _("阵地照片")
        ordering = ["place_id", "id"]

    @property
    def audit_org(self):
        return self.place.org


class PlaceInvestment(models.Model):
    """Money invested in building or upgrading a place in one year (元)."""

    place = models.ForeignKey(Place, verbose_name=_("阵地"), on_delete=models.CASCADE, related_name="investments")
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(_("投入金额（元）"), max_digits=12, decimal_places=2)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "place__org__path"

    class Meta:
        verbose_name = _("建设投入")
        verbose_name_plural = _("建设投入")
        ordering = ["-year", "id"]
        constraints = [models.UniqueConstraint(fields=["place", "year"], name="one_investment_per_place_year")]


class StarReview(models.Model):
    """A yearly review of a place: the star level it was given and by whom."""

    place = models.ForeignKey(Place, verbose_name=_("阵地"), on_delete=models.CASCADE, related_name="reviews")
    year = models.PositiveSmallIntegerField(_("年度"))
    stars = models.PositiveSmallIntegerField(_("星级"))
    note = models.CharField(_("复核意见"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("复核人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_on = models.DateField(_("复核日期"))

    class Meta:
        verbose_name = _("星级复核")
        verbose_name_plural = _("星级复核")
        ordering = ["-year", "-id"]
        constraints = [models.UniqueConstraint(fields=["place", "year"], name="one_review_per_place_year")]


# --- Bookable resources -----------------------------------------------------------------------------------------


class Audience(models.TextChoices):
    MEMBERS = "members", _("本区工会会员")
    ALLIANCE = "alliance", _("镇街内企业与工会")
    PUBLIC = "public", _("社会公众")


class Resource(models.Model):
    """Something at a place that can be booked by the slot: an exclusive room or court (one booking per slot) or
    a shared one with ``capacity`` seats or beds (never more booked per slot). Slots are ``slot_minutes`` long,
    aligned on the hour, within the place's opening hours."""

    class Kind(models.TextChoices):
        ROOM = "room", _("活动室")
        COURT = "court", _("球场")
        CANTEEN = "canteen", _("共享餐厅")
        DORM = "dorm", _("共享宿舍")
        OTHER = "other", _("其他")

    place = models.ForeignKey(Place, verbose_name=_("阵地"), on_delete=models.CASCADE, related_name="resources")
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.ROOM)
    exclusive = models.BooleanField(_("整场预约"), default=True, help_text=_("整场：每个时段只接受一个预约"))
    capacity = models.PositiveIntegerField(_("容量"), default=1)
    slot_minutes = models.PositiveSmallIntegerField(_("时段长度（分钟）"), default=60)
    audience = models.CharField(_("可预约对象"), max_length=10, choices=Audience.choices, default=Audience.MEMBERS)
    needs_approval = models.BooleanField(_("需要审核"), default=False)
    max_slots = models.PositiveSmallIntegerField(_("单次最多时段"), default=4)
    active = models.BooleanField(_("可预约"), default=True)
    partners = models.ManyToManyField(
        "orgs.Org",
        verbose_name=_("联盟单位"),
        blank=True,
        related_name="+",
        help_text=_("镇街外也可预约的联盟企业工会（连同其下级）"),
    )

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "place__org__path"
    LOCK_RANK = 80

    class Meta:
        verbose_name = _("可预约资源")
        verbose_name_plural = _("可预约资源")
        ordering = ["place_id", "name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="resource_capacity_positive"),
            models.CheckConstraint(condition=Q(slot_minutes__gte=15), name="resource_slot_15_min"),
        ]

    def __str__(self):
        return f"{self.place.name}·{self.name}"

    @property
    def audit_org(self):
        return self.place.org

    @property
    def units(self) -> int:
        """Units one slot offers: 1 for an exclusive resource, else its capacity."""
        return 1 if self.exclusive else self.capacity


class Booking(models.Model):
    """A booking of one resource over consecutive slots, by a member for themselves or by staff for a union or
    enterprise group (``for_org``). What it holds is in ``BookingSlot`` rows; cancelling deletes them."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        CONFIRMED = "confirmed", _("已预约")
        REJECTED = "rejected", _("未通过")
        CANCELLED = "cancelled", _("已取消")
        NO_SHOW = "no_show", _("未到场")
        USED = "used", _("已使用")

    resource = models.ForeignKey(Resource, verbose_name=_("资源"), on_delete=models.CASCADE, related_name="bookings")
    starts_at = models.DateTimeField(_("开始"))
    ends_at = models.DateTimeField(_("结束"))
    party_size = models.PositiveIntegerField(_("人数"), default=1)
    hours = models.DecimalField(_("时长（小时）"), max_digits=6, decimal_places=2, default=0)
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("会员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="place_bookings",
    )
    for_org = models.ForeignKey(
        "orgs.Org", verbose_name=_("预约单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("用途"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("预约人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("预约时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "resource__place__org__path"
    LOCK_RANK = 84

    class Meta:
        verbose_name = _("预约")
        verbose_name_plural = _("预约")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["resource", "starts_at"]), models.Index(fields=["member", "starts_at"])]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="booking_ends_after")]

    def __str__(self):
        return f"{self.resource} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def audit_org(self):
        return self.resource.place.org

    @property
    def holds(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.CONFIRMED)


class BookingSlot(models.Model):
    """One unit of one slot held by a live booking. ``unit`` runs from 0 to the resource's units − 1, and the
    database keeps (resource, slot, unit) unique: an exclusive resource (one unit) can never be booked twice for
    a slot, a shared one never beyond its capacity, on PostgreSQL and SQLite alike, whatever the concurrency."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="slots")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="+")
    slot = models.DateTimeField()
    unit = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["resource", "slot", "unit"], name="one_booking_per_unit")]


# --- Visits at the door -------------------------------------------------------------------------------------------


class Visit(models.Model):
    """A scan of a place's door QR: one per worker (``visitor``: ``m<member id>`` or a device key) per place per
    hour. The worker may rate the visit once."""

    LOCK_RANK = 82

    place = models.ForeignKey(Place, verbose_name=_("阵地"), on_delete=models.CASCADE, related_name="visits")
    visitor = models.CharField(_("来访者"), max_length=40)
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hour = models.DateTimeField(_("时段"))
    visited_at = models.DateTimeField(_("到访时间"))
    rating = models.PositiveSmallIntegerField(_("评分"), null=True, blank=True)
    comment = models.CharField(_("评价"), max_length=300, blank=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "place__org__path"

    class Meta:
        verbose_name = _("到访")
        verbose_name_plural = _("到访")
        ordering = ["-visited_at", "-id"]
        indexes = [models.Index(fields=["place", "visited_at"])]
        constraints = [
            models.UniqueConstraint(fields=["place", "visitor", "hour"], name="one_visit_per_hour"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="visit_rating_1_5"
            ),
        ]

    @property
    def audit_org(self):
        return self.place.org


class PlaceReport(models.Model):
    """A problem a worker reported at a place: the 随手拍 appeal it opened."""

    place = models.ForeignKey(Place, verbose_name=_("阵地"), on_delete=models.CASCADE, related_name="reports")
    appeal = models.OneToOneField(
        "appeals.Appeal", verbose_name=_("随手拍"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("阵地问题反映")
        verbose_name_plural = _("阵地问题反映")
        ordering = ["-created_at"]


# --- Services on order (点单) -------------------------------------------------------------------------------------


class ServiceCategory(models.TextChoices):
    CULTURE = "culture", _("文化进企业")
    LECTURE = "lecture", _("送课")
    LAW = "law", _("送法")
    MENTAL = "mental", _("心理健康")
    HAIRCUT = "haircut", _("理发")
    CLINIC = "clinic", _("义诊")
    CHECKUP = "checkup", _("体检")
    OTHER = "other", _("其他")


class ServiceItem(models.Model):
    """A service in the catalogue a federation offers (``org``: the district or a town), with its provider,
    what it needs, a yearly quota per town (orders taken, per calendar year and town) and its lead time."""

    org = models.ForeignKey("orgs.Org", verbose_name=_("提供方工会"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("服务名称"), max_length=100)
    category = models.CharField(_("类别"), max_length=10, choices=ServiceCategory.choices)
    provider = models.CharField(_("服务提供方"), max_length=100)
    description = models.TextField(_("服务内容"), blank=True)
    needs = models.CharField(_("场地与人员要求"), max_length=200, blank=True)
    yearly_quota = models.PositiveIntegerField(_("每镇街年度名额"), default=10)
    lead_days = models.PositiveSmallIntegerField(_("提前天数"), default=7)
    active = models.BooleanField(_("接受点单"), default=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"
    LOCK_RANK = 86

    class Meta:
        verbose_name = _("服务项目")
        verbose_name_plural = _("服务项目")
        ordering = ["category", "name", "id"]

    def __str__(self):
        return self.name

    @property
    def audit_org(self):
        return self.org


class ServiceOrder(models.Model):
    """An order (点单) by an enterprise union or a community for a service: requested → accepted → scheduled
    (an activity of the town) → delivered → rated, or declined with a reason, or cancelled. It counts against
    the item's quota of ``town`` for ``year`` while it is not declined or cancelled."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("待受理")
        ACCEPTED = "accepted", _("已受理")
        SCHEDULED = "scheduled", _("已排期")
        DELIVERED = "delivered", _("已送达")
        DECLINED = "declined", _("未受理")
        CANCELLED = "cancelled", _("已撤回")

    item = models.ForeignKey(ServiceItem, verbose_name=_("服务项目"), on_delete=models.PROTECT, related_name="orders")
    ordering_org = models.ForeignKey(
        "orgs.Org", verbose_name=_("点单单位"), on_delete=models.PROTECT, related_name="service_orders"
    )
    town = models.ForeignKey("orgs.Org", verbose_name=_("承接镇街"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    wished_date = models.DateField(_("期望日期"))
    expected_audience = models.PositiveIntegerField(_("预计人数"))
    address = models.CharField(_("服务地点"), max_length=200)
    note = models.CharField(_("需求说明"), max_length=500, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    decline_reason = models.CharField(_("不受理原因"), max_length=300, blank=True)
    activity = models.OneToOneField(
        "activities.Activity",
        verbose_name=_("送达活动"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_order",
    )
    rating = models.PositiveSmallIntegerField(_("评分"), null=True, blank=True)
    rating_comment = models.CharField(_("评价"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("点单人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("点单时间"))
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "ordering_org__path"
    LOCK_RANK = 88

    class Meta:
        verbose_name = _("服务点单")
        verbose_name_plural = _("服务点单")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["item", "town", "year", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="order_rating_1_5"
            ),
        ]

    def __str__(self):
        return f"{self.ordering_org.name}·{self.item.name}"

    @property
    def audit_org(self):
        return self.ordering_org


class FieldVisit(models.Model):
    """A visit (走访) by an org's staff to an enterprise or a place: who went, what they found, the demands raised
    (需求清单, what the services catalogue should offer) and a problem to follow until it is closed."""

    class FollowUp(models.TextChoices):
        NONE = "none", _("无需跟进")
        OPEN = "open", _("跟进中")
        CLOSED = "closed", _("已办结")

    org = models.ForeignKey("orgs.Org", verbose_name=_("走访单位"), on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        "orgs.Enterprise", verbose_name=_("走访企业"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place = models.ForeignKey(
        Place, verbose_name=_("走访阵地"), null=True, blank=True, on_delete=models.PROTECT, related_name="field_visits"
    )
    visited_on = models.DateField(_("走访日期"))
    visitors = models.CharField(_("走访人员"), max_length=200)
    findings = models.TextField(_("走访发现"))
    demands = models.TextField(_("职工需求"), blank=True)
    problem = models.TextField(_("待跟进问题"), blank=True)
    follow_up = models.CharField(_("问题跟进"), max_length=10, choices=FollowUp.choices, default=FollowUp.NONE)
    closed_note = models.CharField(_("处理结果"), max_length=500, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"
    LOCK_RANK = 89

    class Meta:
        verbose_name = _("走访")
        verbose_name_plural = _("走访")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["org", "visited_on"]), models.Index(fields=["follow_up"])]

    def __str__(self):
        return f"{self.visited_on} {self.enterprise or self.place}"

    @property
    def audit_org(self):
        return self.org


class ServiceDemand(models.Model):
    """One line of the 需求清单: a kind of service wanted by an enterprise's workers, raised during a visit (走访,
    by the visiting org's staff) or answered on the enterprise's phone survey (a signed link, one answer per kind
    per phone). Staff count them per kind to plan the catalogue."""

    class Source(models.TextChoices):
        VISIT = "visit", _("走访")
        SURVEY = "survey", _("企业问卷")

    org = models.ForeignKey("orgs.Org", verbose_name=_("所属工会"), on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        "orgs.Enterprise", verbose_name=_("企业"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("服务类别"), max_length=10, choices=ServiceCategory.choices)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    field_visit = models.ForeignKey(
        FieldVisit, verbose_name=_("走访"), null=True, blank=True, on_delete=models.CASCADE, related_name="demand_rows"
    )
    respondent = models.CharField(_("答卷人"), max_length=40, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    SCOPE_PATH = "org__path"

    class Meta:
        verbose_name = _("服务需求")
        verbose_name_plural = _("服务需求")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["category", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "respondent", "category"],
                condition=Q(source="survey"),
                name="one_survey_answer_per_kind",
            )
        ]

    @property
    def audit_org(self):
        return self.org


QUOTA_STATUSES = [
    ServiceOrder.Status.REQUESTED,
    ServiceOrder.Status.ACCEPTED,
    ServiceOrder.Status.SCHEDULED,
    ServiceOrder.Status.DELIVERED,
]


def local_dt(day, hhmm: str) -> datetime:
    h, m = (int(x) for x in hhmm.split(":"))
    return timezone.make_aware(datetime.combine(day, time(h % 24, m)))
