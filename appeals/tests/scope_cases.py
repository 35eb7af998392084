"""Out-of-scope cases of every appeals route that names an object (run by core/tests/test_route_scope.py).

A 乙一纺织 member raises an appeal with a photo (handled by 乙一's union). Then 甲街道's admin asks for it on every
console page and staff endpoint; a member of 甲一机械 asks for it on the member site and in the member API; and a
worker who proved another mobile number asks for it through the no-login endpoints. Every request answers 404: a
tracking number alone never opens an appeal."""

from appeals.api.public import access_pass
from core.testing import ScopeTable
from members import joining
from members.models import Member
from members.tests.factories import member

from .factories import appeal, jpeg

table = ScopeTable("appeals")

OTHER_PHONE = "13900001111"


def _with_account(m: Member) -> Member:
    joining.ensure_account(m)
    return Member.objects.select_related("user", "union").get(pk=m.pk)


@table.world
def world(w):
    w.asker = w.users.town
    w.b_member = _with_account(member(w.tree.union_b1, w.users.union_b, 9300))
    w.appeal = appeal(w.b_member, uploads=[jpeg()])
    w.photo = w.appeal.photos.get()
    # A sibling in 甲一's scope, so a merge names a real target the asker may handle.
    w.a_member = _with_account(member(w.tree.union_a1, w.users.union, 9301))
    w.own_appeal = appeal(w.a_member)


def _asker(w):
    return w.asker


def _member(w):
    return w.a_member.user


FORM = {
    "to_org": "UA11",
    "reason": "核对",
    "question": "请补充材料",
    "into": "",
    "reply": "已经答复职工",
    "note": "核对",
    "text": "补充的内容",
    "satisfaction": "satisfied",
    "comment": "好",
}


def _form(w):
    return {**FORM, "into": w.own_appeal.tracking_no}


# --- Console pages -------------------------------------------------------------------------------------------------
table.pages(["appeals:detail"], args=lambda w: [w.appeal.pk], user=_asker, methods=("get",))
table.pages(["appeals:photo"], args=lambda w: [w.appeal.pk, w.photo.pk], user=_asker, methods=("get",))
table.pages(
    ["appeals:accept", "appeals:note", "appeals:adopt"],
    args=lambda w: [w.appeal.pk],
    user=_asker,
    methods=("post",),
    data=_form,
)
table.pages(
    ["appeals:hand_over", "appeals:request_info", "appeals:merge", "appeals:resolve", "appeals:progress"],
    args=lambda w: [w.appeal.pk],
    user=_asker,
    data=_form,
)

# --- Member site ---------------------------------------------------------------------------------------------------
table.pages(
    ["appeals:follow", "appeals:submitted"], args=lambda w: [w.appeal.tracking_no], user=_member, methods=("get",)
)
table.pages(
    ["appeals:rate", "appeals:answer"],
    args=lambda w: [w.appeal.tracking_no],
    user=_member,
    methods=("post",),
    data=_form,
)
table.pages(["appeals:worker_photo"], args=lambda w: [w.appeal.tracking_no, w.photo.pk], user=_member, methods=("get",))

# --- Staff API -----------------------------------------------------------------------------------------------------
STAFF_API = {
    "GET /api/v1/appeals/{tracking_no}": None,
    "POST /api/v1/appeals/{tracking_no}/accept": {},
    "POST /api/v1/appeals/{tracking_no}/hand-over": {"to_org": "UA11", "reason": "核对"},
    "POST /api/v1/appeals/{tracking_no}/request-info": {"question": "请补充材料"},
    "POST /api/v1/appeals/{tracking_no}/resolve": {"reply": "已经答复职工"},
    "POST /api/v1/appeals/{tracking_no}/adopt": {"note": "采纳"},
    "POST /api/v1/appeals/{tracking_no}/notes": {"text": "核对"},
}
for key, body in STAFF_API.items():
    table.api([key], params=lambda w: {"tracking_no": w.appeal.tracking_no}, user=_asker, body=lambda w, b=body: b)
table.api(
    ["POST /api/v1/appeals/{tracking_no}/merge"],
    params=lambda w: {"tracking_no": w.appeal.tracking_no},
    user=_asker,
    body=lambda w: {"into": w.own_appeal.tracking_no},
)
table.api(
    ["GET /api/v1/appeals/{tracking_no}/photos/{photo_id}"],
    params=lambda w: {"tracking_no": w.appeal.tracking_no, "photo_id": w.photo.pk},
    user=_asker,
)

# --- Member API ----------------------------------------------------------------------------------------------------
MEMBER_API = {
    "GET /api/v1/me/appeals/{tracking_no}": None,
    "POST /api/v1/me/appeals/{tracking_no}/info": {"text": "补充的内容"},
    "POST /api/v1/me/appeals/{tracking_no}/rate": {"satisfaction": "satisfied"},
}
for key, body in MEMBER_API.items():
    table.api([key], params=lambda w: {"tracking_no": w.appeal.tracking_no}, user=_member, body=lambda w, b=body: b)
table.api(
    ["GET /api/v1/me/appeals/{tracking_no}/photos/{photo_id}"],
    params=lambda w: {"tracking_no": w.appeal.tracking_no, "photo_id": w.photo.pk},
    user=_member,
)

# --- No login: a worker who proved another number ------------------------------------------------------------------


def _proof(w) -> dict:
    return {"phone": OTHER_PHONE, "access": access_pass(OTHER_PHONE)["access"]}


table.api(
    ["POST /api/v1/public/appeals/{tracking_no}/info"],
    params=lambda w: {"tracking_no": w.appeal.tracking_no},
    user=lambda w: None,
    body=lambda w: {**_proof(w), "text": "补充的内容"},
)
table.api(
    ["POST /api/v1/public/appeals/{tracking_no}/rate"],
    params=lambda w: {"tracking_no": w.appeal.tracking_no},
    user=lambda w: None,
    body=lambda w: {**_proof(w), "satisfaction": "satisfied"},
)
