"""Out-of-scope cases of every places route that names an object (run by core/tests/test_route_scope.py).

The town admin of 甲街道 asks for 乙镇's place, resource, booking, service item and order (pages and API); a member
of 甲一 asks to cancel a 乙一 member's booking. Each answers 404 for every method. Public routes (a place's public
page, the door QR's token, a member-bookable resource) are exempt, with the reason."""

from core.testing import ScopeTable
from places.services import booking as booking_services
from places.services import orders

from .factories import member_with_account, place, png, resource, service_item, tomorrow_at, wished

table = ScopeTable("places")


@table.world
def world(w):
    w.asker = w.users.town
    foreign_place = place(w.tree.union_b1, w.users.union_b, name="乙一职工之家", kind="home")
    w.place = foreign_place
    w.resource = resource(foreign_place, w.users.union_b)
    w.booking = booking_services.book(
        w.resource, actor=w.users.union_b, for_org=w.tree.union_b1, starts_at=tomorrow_at(9), ends_at=tomorrow_at(10)
    )
    w.item = service_item(w.tree.town_b, w.users.district, name="乙镇理发服务日", category="haircut")
    w.order = orders.place_order(
        w.item, actor=w.users.union_b, ordering_org=w.tree.union_b1, wished_date=wished(), expected_audience=20
    )
    from places.services import field_visits

    w.field_visit = field_visits.log_visit(
        actor=w.users.union_b,
        org=w.tree.union_b1,
        enterprise=w.tree.ent_b1,
        visited_on=wished(-1),
        visitors="乙一工会主席",
        findings="车间缺少休息点",
        problem="饮水机故障",
    )
    from places.services import register

    w.photo = register.add_photos(foreign_place, actor=w.users.union_b, uploads=[png(40, 30)])[0]
    w.member = member_with_account(w.tree.union_a1, w.users.union, 951)
    other = member_with_account(w.tree.union_b1, w.users.union_b, 952)
    w.member_booking = booking_services.book(
        w.resource, actor=other.user, member=other, starts_at=tomorrow_at(11), ends_at=tomorrow_at(12)
    )


def _asker(w):
    return w.asker


PLACE_FORM = {
    "org": "UB11",
    "name": "改名",
    "kind": "home",
    "status": "open",
    "address": "乙镇",
    "coordinates": "29.8,121.5",
    "opening_hours": "1-7 全天",
    "stars": "3",
    "year": "2025",
    "amount": "1000",
    "capacity": "1",
    "slot_minutes": "60",
    "audience": "members",
    "max_slots": "4",
    "reason": "不具备条件",
    "rating": "5",
    "day": "2030-01-01",
    "start": "09:00",
    "end": "10:00",
    "slots": "1",
    "party_size": "1",
    "for_org": "UB11",
    "category": "haircut",
    "provider": "理发队",
    "yearly_quota": "5",
    "lead_days": "3",
}

table.pages(["places:staff_detail", "places:staff_qr"], args=lambda w: [w.place.pk], user=_asker, methods=("get",))
table.pages(["places:staff_edit"], args=lambda w: [w.place.pk], user=_asker, data=lambda w: PLACE_FORM)
table.pages(["places:staff_photos_add"], args=lambda w: [w.place.pk], user=_asker, methods=("post",))
table.pages(["places:staff_photo"], args=lambda w: [w.photo.pk], user=_asker, methods=("get",))
table.pages(["places:staff_photo_delete"], args=lambda w: [w.photo.pk], user=_asker, methods=("post",))
table.pages(
    ["places:staff_review", "places:staff_investment", "places:staff_resource_create"],
    args=lambda w: [w.place.pk],
    user=_asker,
    methods=("post",),
    data=lambda w: PLACE_FORM,
)
table.pages(["places:staff_resource"], args=lambda w: [w.resource.pk], user=_asker, data=lambda w: PLACE_FORM)
table.pages(
    ["places:staff_resource_partners"],
    args=lambda w: [w.resource.pk],
    user=_asker,
    methods=("post",),
    data=lambda w: {"partners": "UA11"},
)
table.pages(
    ["places:staff_booking_cancel", "places:staff_booking_decide", "places:staff_booking_no_show"],
    args=lambda w: [w.booking.pk],
    user=_asker,
    methods=("post",),
    data=lambda w: {"approve": "1"},
)
table.pages(["places:staff_service_edit"], args=lambda w: [w.item.pk], user=_asker, data=lambda w: PLACE_FORM)
table.pages(["places:staff_order"], args=lambda w: [w.order.pk], user=_asker, methods=("get",))
table.pages(
    [
        "places:staff_order_accept",
        "places:staff_order_decline",
        "places:staff_order_schedule",
        "places:staff_order_deliver",
        "places:staff_order_rate",
        "places:staff_order_withdraw",
    ],
    args=lambda w: [w.order.pk],
    user=_asker,
    methods=("post",),
    data=lambda w: PLACE_FORM,
)
# A member cancels only their own bookings.
table.pages(
    ["places:cancel_booking"], args=lambda w: [w.member_booking.pk], user=lambda w: w.member.user, methods=("post",)
)

PLACE_API = {
    "GET /api/v1/places/{place_id}": None,
    "PATCH /api/v1/places/{place_id}": {"name": "改名"},
    "POST /api/v1/places/{place_id}/review": {"stars": 3},
    "GET /api/v1/places/{place_id}/resources": None,
    "POST /api/v1/places/{place_id}/resources": {"name": "活动室"},
}
for key, body in PLACE_API.items():
    table.api([key], params=lambda w: {"place_id": w.place.pk}, user=_asker, body=lambda w, b=body: b or {})
table.api(
    ["POST /api/v1/place-resources/{resource_id}/bookings"],
    params=lambda w: {"resource_id": w.resource.pk},
    user=_asker,
    body=lambda w: {
        "for_org": "UA11",
        "starts_at": tomorrow_at(13).isoformat(),
        "ends_at": tomorrow_at(14).isoformat(),
    },
)
table.api(
    ["GET /api/v1/place-bookings/{booking_id}", "POST /api/v1/place-bookings/{booking_id}/cancel"],
    params=lambda w: {"booking_id": w.booking.pk},
    user=_asker,
)
ORDER_API = {
    "GET /api/v1/service-orders/{order_id}": {},
    "POST /api/v1/service-orders/{order_id}/accept": {},
    "POST /api/v1/service-orders/{order_id}/decline": {"reason": "不具备条件"},
    "POST /api/v1/service-orders/{order_id}/schedule": {
        "starts_at": "2030-01-01T09:00:00+08:00",
        "ends_at": "2030-01-01T11:00:00+08:00",
    },
    "POST /api/v1/service-orders/{order_id}/deliver": {},
    "POST /api/v1/service-orders/{order_id}/rate": {"rating": 5},
    "POST /api/v1/service-orders/{order_id}/withdraw": {},
}
for key, body in ORDER_API.items():
    table.api([key], params=lambda w: {"order_id": w.order.pk}, user=_asker, body=lambda w, b=body: b)
table.api(
    ["POST /api/v1/me/place-bookings/{booking_id}/cancel"],
    params=lambda w: {"booking_id": w.member_booking.pk},
    user=lambda w: w.member.user,
)

table.pages(["places:staff_survey_link"], args=lambda w: [w.tree.ent_b1.pk], user=_asker, methods=("get",))
table.pages(["places:staff_field_visit"], args=lambda w: [w.field_visit.pk], user=_asker, methods=("get",))
table.pages(
    ["places:staff_field_visit_close"],
    args=lambda w: [w.field_visit.pk],
    user=_asker,
    methods=("post",),
    data=lambda w: {"note": "已维修"},
)
table.api(
    ["GET /api/v1/field-visits/{visit_id}", "POST /api/v1/field-visits/{visit_id}/close"],
    params=lambda w: {"visit_id": w.field_visit.pk},
    user=_asker,
    body=lambda w: {"note": "已维修"},
)

PUBLIC = "the public face of an open place (the finder's detail page, no login by design); revoked places answer 404"
table.exempt("places:place", PUBLIC)
table.exempt("places:photo", PUBLIC)
table.exempt(
    "places:survey",
    "an enterprise's demand survey: the link is signed for that enterprise (forged or altered links answer 404), "
    "handed to its workers, who answer without login",
)
table.exempt("GET /api/v1/public/places/{place_id}", PUBLIC)
table.exempt("places:book", "a bookable resource is open to every member; who may book is the resource's audience rule")
DOOR = "the door QR's unguessable token printed at the place, public by design (a worker scans it without login)"
for key in [
    "places:scan",
    "places:scan_rate",
    "places:scan_report",
    "POST /api/v1/public/places/door/{token}/visit",
    "POST /api/v1/public/places/door/{token}/rate",
]:
    table.exempt(key, DOOR)
