"""The appeals API: the lifecycle for staff and the member who raised it, a worker without an account proving their
phone by SMS code, photo uploads, and scope (every endpoint answers 404 to another sub-tree's admin and to another
worker), with the list's query count pinned."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.models import ApiToken
from appeals import services
from appeals.models import Appeal, AppealEvent, AppealPhoto, PhoneCode
from core import notify, sms
from core.testing import api_headers, assert_out_of_scope
from members import joining
from members.tests.factories import member

API = "/api/v1"
JSON = "application/json"
# Per request: the bearer token (with its user), the user's grants, then COUNT and the page (org, assignee joined).
LIST_QUERIES = 4
LIST_UNDER_QUERIES = 5  # + the `under` org


def is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text) and "Input should" not in text


def worker(tree, users, n: int, union=None):
    """A member with an account and the headers of an API token of theirs."""
    m = member(union or tree.union_a1, users.district, n)
    _, raw = ApiToken.issue(joining.ensure_account(m))
    return m, api_headers(raw)


def jpeg(*, gps=False, name="photo.jpg") -> SimpleUploadedFile:
    image = Image.new("RGB", (64, 48), (30, 120, 200))
    out = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x8825] = {1: "N", 2: (29.0, 52.0, 0.0), 3: "E", 4: (121.0, 33.0, 0.0)}
        exif[0x010F] = "PhoneMaker"
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def post(client, url, headers=None, body=None):
    kwargs = {"headers": headers or {}}
    if body is not None:
        kwargs.update(data=body, content_type=JSON)
    return client.post(url, **kwargs)


def staff_kinds(client, headers, no, public_only=False):
    events = client.get(f"{API}/appeals/{no}", headers=headers).json()["events"]
    return [e["kind"] for e in events if e["public"] or not public_only]


def my_submit(client, headers, **fields):
    data = {"kind": "appeal", "category": "wages", "description": "公司已经两个月没有发工资了"} | fields
    return client.post(f"{API}/me/appeals", data=data, headers=headers)


# --- The lifecycle --------------------------------------------------------------------------------------------


def test_the_lifecycle_through_the_api(client, tree, users, bearer, django_capture_on_commit_callbacks):
    m, me = worker(tree, users, 1)
    union, town = bearer(users.union), bearer(users.town)
    response = my_submit(client, me, photos=[jpeg(gps=True)])
    assert response.status_code == 201, response.json()
    body = response.json()
    no = body["tracking_no"]
    assert (body["status"], body["status_label"], body["org_name"]) == ("submitted", "待受理", tree.union_a1.name)
    assert [e["kind"] for e in body["events"]] == ["submitted"] and len(body["photos"]) == 1
    # The photo is stored without its GPS and camera tags, and the member can fetch it.
    photo = client.get(body["photos"][0]["url"], headers=me)
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(b"".join(photo.streaming_content))) as stored:
        assert 0x8825 not in stored.getexif() and 0x010F not in stored.getexif()

    notify.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        detail = post(client, f"{API}/appeals/{no}/accept", union).json()
    assert (detail["status"], detail["assignee_name"]) == ("accepted", str(users.union))
    assert detail["phone"] == m.phone and "****" in detail["phone_masked"]
    assert notify.outbox and no in notify.outbox[-1].body  # the member hears of it on the member site
    detail = post(client, f"{API}/appeals/{no}/request-info", union, {"question": "请提供工资条或考勤记录"}).json()
    assert detail["status"] == "info_requested"
    mine = client.get(f"{API}/me/appeals/{no}", headers=me).json()
    assert mine["can_provide_info"] and not mine["can_rate"]
    mine = post(client, f"{API}/me/appeals/{no}/info", me, {"text": "已上传考勤截图，共欠 2 个月"}).json()
    assert mine["status"] == "accepted" and mine["events"][-1]["note"].startswith("已上传考勤截图")

    # The town hands it to itself (it can act on the employer), and merges a duplicate into it.
    detail = post(
        client, f"{API}/appeals/{no}/hand-over", town, {"to_org": "ta01", "reason": "涉及企业欠薪，需镇街协调"}
    ).json()
    assert detail["org"] == {"code": "TA01", "name": tree.town_a.name} and detail["assignee_name"] is None
    m2, me2 = worker(tree, users, 2)
    dup = my_submit(client, me2, description="同一家公司欠薪，我也两个月没拿到工资").json()["tracking_no"]
    assert (
        post(client, f"{API}/appeals/{dup}/hand-over", town, {"to_org": "TA01", "reason": "同一企业"}).status_code
        == 200
    )
    detail = post(client, f"{API}/appeals/{dup}/merge", town, {"into": no.lower()}).json()
    assert (detail["status"], detail["merged_into"]) == ("merged", no)
    detail = client.get(f"{API}/appeals/{no}", headers=town).json()
    assert detail["merged"] == [dup]
    detail = post(client, f"{API}/appeals/{no}/notes", town, {"text": "已电话联系企业负责人"}).json()
    detail = post(client, f"{API}/appeals/{no}/resolve", town, {"reply": "经协调，企业已于本周补发全部工资。"}).json()
    assert detail["status"] == "resolved" and detail["reply"].startswith("经协调")
    assert staff_kinds(client, town, no) == [
        "submitted",
        "accepted",
        "info_requested",
        "info_provided",
        "handed_over",
        "merged",
        "note",
        "resolved",
    ]
    # The worker's timeline leaves out the internal records (the duplicate folded in, the note).
    mine = client.get(f"{API}/me/appeals/{no}", headers=me).json()
    assert [e["kind"] for e in mine["events"]] == [
        "submitted",
        "accepted",
        "info_requested",
        "info_provided",
        "handed_over",
        "resolved",
    ]
    assert mine["can_rate"] and mine["reply"].startswith("经协调")
    dup_mine = client.get(f"{API}/me/appeals/{dup}", headers=me2).json()
    assert dup_mine["status"] == "resolved" and dup_mine["merged_into"] == no

    # 不满意 reopens once; the second rating stands.
    mine = post(
        client, f"{API}/me/appeals/{no}/rate", me, {"satisfaction": "unsatisfied", "comment": "金额不对"}
    ).json()
    assert mine["status"] == "accepted" and [e["kind"] for e in mine["events"]][-2:] == ["rated", "reopened"]
    detail = client.get(f"{API}/appeals/{no}", headers=town).json()
    assert detail["reopened"] and detail["satisfaction"] == "unsatisfied"
    post(client, f"{API}/appeals/{no}/resolve", town, {"reply": "已核对并补齐差额 860 元。"})
    mine = post(client, f"{API}/me/appeals/{no}/rate", me, {"satisfaction": "fairly"}).json()
    assert (mine["status"], mine["satisfaction"], mine["can_rate"]) == ("closed", "fairly", False)
    assert staff_kinds(client, town, no)[-4:] == ["rated", "reopened", "resolved", "rated"]
    again = post(client, f"{API}/me/appeals/{no}/rate", me, {"satisfaction": "satisfied"})
    assert again.status_code == 400 and again.json()["code"] == "not_resolved"

    listed = client.get(f"{API}/me/appeals", headers=me).json()
    assert [i["tracking_no"] for i in listed["items"]] == [no]


def test_suggestions_are_adopted_and_refusals_are_chinese(client, tree, users, bearer):
    _, me = worker(tree, users, 3)
    union = bearer(users.union)
    no = my_submit(client, me, kind="suggestion", category="facilities", description="建议食堂延长晚餐供应时间").json()[
        "tracking_no"
    ]
    refused = post(client, f"{API}/appeals/{no}/adopt", union, {})
    assert refused.status_code == 400 and refused.json()["code"] == "not_accepted"
    assert is_chinese(refused.json()["message"])
    post(client, f"{API}/appeals/{no}/accept", union)
    detail = post(client, f"{API}/appeals/{no}/adopt", union, {"note": "下月起晚餐供应到 19:30"}).json()
    assert detail["adopted"] and staff_kinds(client, union, no) == ["submitted", "accepted", "adopted"]
    assert client.get(f"{API}/me/appeals/{no}", headers=me).json()["adopted"] is True
    # Acting twice, a bad reply, a wrong enum value: each a stable code with a Chinese message.
    twice = post(client, f"{API}/appeals/{no}/accept", union)
    assert (twice.status_code, twice.json()["code"]) == (400, "already_accepted")
    short = post(client, f"{API}/appeals/{no}/resolve", union, {"reply": "好"})
    assert (short.status_code, short.json()["code"], short.json()["field"]) == (400, "reply_required", "reply")
    bad = my_submit(client, me, kind="open_day")
    assert bad.status_code == 422 and is_chinese(bad.json()["message"])
    unknown = post(client, f"{API}/appeals/{no}/resolve", union, {"reply": "已办理完毕，谢谢。", "x": 1})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "x"
    too_short = my_submit(client, me, description="欠薪")
    assert too_short.status_code == 400 and too_short.json()["code"] == "description_too_short"


def test_staff_list_filters(client, tree, users, bearer):
    _, me = worker(tree, users, 4)
    _, me_b = worker(tree, users, 5, union=tree.union_b1)
    first = my_submit(client, me).json()["tracking_no"]
    second = my_submit(client, me, kind="snapshot", category="safety", description="消防通道被货物堵住").json()
    my_submit(client, me_b, category="dispute", description="被无故辞退，要求补偿")
    union, district = bearer(users.union), bearer(users.district)
    post(client, f"{API}/appeals/{first}/accept", union)

    def numbers(headers, query=""):
        body = client.get(f"{API}/appeals?{query}", headers=headers).json()
        return sorted(i["tracking_no"] for i in body["items"])

    assert len(numbers(district)) == 3 and len(numbers(union)) == 2
    assert numbers(union, "kind=snapshot") == [second["tracking_no"]]
    assert numbers(union, "status=accepted&mine=true") == [first]
    assert numbers(bearer(users.town), "mine=true") == []
    assert len(numbers(district, "rights_flag=true")) == 2
    assert numbers(district, "rights_flag=false") == [second["tracking_no"]]
    assert numbers(district, "under=TB01") == numbers(district, "category=dispute")
    assert numbers(union, "under=TB01") == []  # a code outside the scope matches nothing
    assert numbers(union, f"q={first[-5:]}") == [first]
    assert len(numbers(district, "q=" + second["tracking_no"].lower())) == 1
    assert numbers(union, "overdue=true") == [] and len(numbers(union, "overdue=false")) == 2
    assert numbers(district, "submitted_from=2000-01-01&submitted_to=2000-12-31") == []
    assert len(numbers(district, "order=deadline")) == 3
    bad = client.get(f"{API}/appeals?status=done", headers=union)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "status"


def test_open_day_items_are_recorded_by_staff(client, tree, users, bearer):
    union = bearer(users.union)
    body = {"org": "UA11", "category": "living", "description": "食堂饭菜价格上涨，希望工会协调", "name": "赵敏"}
    refused = post(client, f"{API}/appeals/open-day", union, body)
    assert refused.status_code == 400 and refused.json()["code"] == "invalid_mobile"
    response = post(client, f"{API}/appeals/open-day", union, body | {"phone": "13612345678"})
    assert response.status_code == 201, response.json()
    detail = response.json()
    assert (detail["kind"], detail["org"]["code"], detail["recorded_by_name"]) == ("open_day", "UA11", str(users.union))
    assert detail["events"][0]["actor_name"] == str(users.union)
    # A member is named by id; the town's item stays with the town.
    m = member(tree.union_a2, users.town, 6)
    response = post(
        client,
        f"{API}/appeals/open-day",
        bearer(users.town),
        {"org": "TA01", "category": "other", "description": "希望开设职工子女暑托班", "member": m.pk},
    )
    assert response.status_code == 201 and response.json()["org"]["code"] == "TA01"
    assert Appeal.objects.get(tracking_no=response.json()["tracking_no"]).member == m


def test_figures_endpoint(client, tree, users, bearer):
    _, me = worker(tree, users, 7)
    my_submit(client, me)
    today = timezone.localtime(Appeal.objects.get().submitted_at).date().isoformat()
    response = client.get(f"{API}/appeals/figures?org=TA01&start={today}&end={today}", headers=bearer(users.town))
    body = response.json()
    assert body["total"]["received"] == 1 and body["by_category"]["wages"]["received"] == 1
    assert set(body["by_kind"]) == {"appeal", "suggestion", "snapshot", "open_day"}
    backwards = client.get(
        f"{API}/appeals/figures?org=TA01&start=2026-03-02&end=2026-03-01", headers=bearer(users.town)
    )
    assert backwards.status_code == 400 and backwards.json()["code"] == "invalid_period"


# --- Workers without an account -------------------------------------------------------------------------------


def _code(client, phone, capture) -> str:
    with capture(execute=True):
        response = post(client, f"{API}/public/appeals/phone-code", None, {"phone": phone})
    assert response.status_code == 202 and response.json()["phone_masked"] == phone[:3] + "****" + phone[-4:]
    return sms.outbox[-1].text.split("验证码是 ")[1][:6]


def _public_fields(**overrides):
    return {
        "kind": "appeal",
        "category": "wages",
        "description": "外卖站点拖欠我三个月的配送费",
        "name": "孙立",
        "phone": "13712345678",
    } | overrides


def test_a_worker_without_an_account_submits_and_follows_with_sms_codes(
    client, tree, users, bearer, django_capture_on_commit_callbacks
):
    sms.outbox.clear()
    phone = "13712345678"
    code = _code(client, phone, django_capture_on_commit_callbacks)
    wrong = "000000" if code != "000000" else "111111"
    url = f"{API}/public/appeals"
    refused = client.post(url, data=_public_fields(code=wrong, employer=tree.ent_b1.pk))
    assert refused.status_code == 400 and refused.json()["code"] == "code_wrong"
    assert PhoneCode.objects.get(phone=phone).attempts == 1  # counted, not rolled back
    # A refused submission leaves the code usable.
    refused = client.post(url, data=_public_fields(code=code, description="欠薪", name=""))
    assert refused.status_code == 400
    assert {e["code"] for e in refused.json()["errors"]} == {"description_too_short", "name_required"}
    response = client.post(url, data=_public_fields(code=code, employer=tree.ent_b1.pk, photos=[jpeg()]))
    assert response.status_code == 201, response.json()
    body = response.json()
    no, access = body["tracking_no"], body["access"]
    assert body["org_name"] == tree.union_b1.name and len(body["photos"]) == 1  # routed to the covering union
    appeal = Appeal.objects.get(tracking_no=no)
    assert (appeal.member, appeal.phone, appeal.employer) == (None, phone, tree.ent_b1)
    # The code is used up; the pass works for 30 minutes.
    again = client.post(url, data=_public_fields(code=code, town="TA01"))
    assert again.status_code == 400 and again.json()["code"] == "code_expired"
    towns = client.get(f"{API}/public/appeals/towns").json()
    assert [t["code"] for t in towns] == ["D001", "TA01", "TB01"]
    second = client.post(url, data=_public_fields(access=access, town="TA01", category="other"))
    assert second.status_code == 201 and second.json()["org_name"] == tree.town_a.name
    forged = client.post(url, data=_public_fields(access=access, phone="13712345679"))
    assert forged.status_code == 400 and forged.json()["code"] == "access_invalid"

    # Staff ask for information; the worker hears by SMS and answers with the pass.
    union_b = bearer(users.union_b)
    post(client, f"{API}/appeals/{no}/accept", union_b)
    with django_capture_on_commit_callbacks(execute=True):
        post(client, f"{API}/appeals/{no}/request-info", union_b, {"question": "请提供接单记录截图"})
    assert sms.outbox[-1].phone == phone and "请提供接单记录截图" in sms.outbox[-1].text
    found = post(client, f"{API}/public/appeals/lookup", None, {"tracking_no": no, "phone": phone, "access": access})
    assert found.status_code == 200 and found.json()["can_provide_info"]
    info = post(client, f"{API}/public/appeals/{no}/info", None, {"phone": phone, "access": access, "text": "已补充"})
    assert info.status_code == 200 and info.json()["status"] == "accepted"
    post(client, f"{API}/appeals/{no}/resolve", union_b, {"reply": "站点已结清全部配送费。"})
    # A fresh code (the earlier one sent over an hour ago) works for the rating as well.
    PhoneCode.objects.update(created_at=timezone.now() - timedelta(hours=2))
    fresh = _code(client, phone, django_capture_on_commit_callbacks)
    rated = post(
        client, f"{API}/public/appeals/{no}/rate", None, {"phone": phone, "code": fresh, "satisfaction": "satisfied"}
    )
    assert rated.status_code == 200 and rated.json()["status"] == "closed" and rated.json()["access"]
    kinds = [e["kind"] for e in rated.json()["events"]]
    assert kinds == ["submitted", "accepted", "info_requested", "info_provided", "resolved", "rated"]
    # A lookup needs both the number and the phone that raised it.
    other = post(client, f"{API}/public/appeals/lookup", None, {"tracking_no": no, "phone": phone})
    assert other.status_code == 400 and other.json()["code"] == "code_required"


# --- Photos ---------------------------------------------------------------------------------------------------


def test_photo_rules_through_the_api(client, tree, users):
    _, me = worker(tree, users, 8)
    fake = SimpleUploadedFile("scan.jpg", b"%PDF-1.7\n" + b"0" * 2000, content_type="image/jpeg")
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (10 * 1024 * 1024 + 1), content_type="image/jpeg")
    response = my_submit(client, me, photos=[jpeg(), fake, big])
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [e["code"] for e in errors] == ["photo_not_image", "photo_too_large"]
    assert "第 2 张照片" in errors[0]["message"] and errors[0]["field"] == "photos"
    assert not Appeal.objects.exists() and not AppealPhoto.objects.exists()
    response = my_submit(client, me, photos=[jpeg(name=f"{i}.jpg") for i in range(10)])
    assert response.status_code == 400 and response.json()["code"] == "too_many_photos"
    response = my_submit(client, me, photos=[jpeg(gps=True), jpeg()])
    assert response.status_code == 201 and len(response.json()["photos"]) == 2
    for photo in AppealPhoto.objects.all():
        with Image.open(photo.image.path) as stored:
            assert stored.format == "JPEG" and 0x8825 not in stored.getexif()


# --- Scope ----------------------------------------------------------------------------------------------------


def _db_state():
    return (
        list(Appeal.objects.order_by("pk").values_list("status", "org_id", "assignee_id", "merged_into_id", "adopted")),
        AppealEvent.objects.count(),
    )


def test_every_endpoint_is_out_of_scope_for_another_sub_tree_and_another_worker(client, tree, users, bearer):
    m, me = worker(tree, users, 9)
    _, other = worker(tree, users, 10)
    no = my_submit(client, me, photos=[jpeg()]).json()["tracking_no"]
    photo = AppealPhoto.objects.get().pk
    target = my_submit(client, other, description="同一车间空调坏了一个月").json()["tracking_no"]
    union = bearer(users.union)
    post(client, f"{API}/appeals/{no}/accept", union)
    before = _db_state()

    a = f"{API}/appeals/{no}"
    staff_gets = [a, f"{a}/photos/{photo}", f"{API}/appeals/figures?org=UA11&start=2020-01-01&end=2030-12-31"]
    staff_posts = {
        f"{a}/accept": None,
        f"{a}/hand-over": {"to_org": "UB11", "reason": "越权"},
        f"{a}/request-info": {"question": "越权"},
        f"{a}/merge": {"into": target},
        f"{a}/resolve": {"reply": "越权答复的内容"},
        f"{a}/adopt": {"note": "越权"},
        f"{a}/notes": {"text": "越权"},
        f"{API}/appeals/open-day": {
            "org": "UA11",
            "category": "other",
            "description": "越权登记的事项",
            "member": m.pk,
        },
    }
    # Another sub-tree's admin finds nothing; a worker's token on the staff API is refused outright (issue 13).
    headers = bearer(users.union_b)
    assert_out_of_scope(client, staff_gets, headers=headers)
    for url, body in staff_posts.items():
        assert_out_of_scope(
            client, [url], method="post", data=body, content_type=JSON if body else None, headers=headers
        )
    assert client.get(f"{API}/appeals", headers=headers).json()["count"] == 0
    for url in [*staff_gets, f"{API}/appeals"]:
        refused = client.get(url, headers=other)
        assert (refused.status_code, refused.json()["code"]) == (403, "staff_only"), url
    for url, body in staff_posts.items():
        refused = client.post(url, body or {}, content_type=JSON, headers=other)
        assert (refused.status_code, refused.json()["code"]) == (403, "staff_only"), url
    # A target outside the caller's scope is refused like an unknown one.
    assert post(client, f"{a}/hand-over", union, {"to_org": "UB11", "reason": "转给乙"}).status_code == 404
    b_no = my_submit(client, worker(tree, users, 11, union=tree.union_b1)[1]).json()["tracking_no"]
    assert post(client, f"{a}/merge", union, {"into": b_no}).status_code == 404
    before = _db_state()

    # Another worker, on the member API and on the public one.
    mine = f"{API}/me/appeals/{no}"
    assert_out_of_scope(client, [mine, f"{mine}/photos/{photo}"], headers=other)
    for url, body in {f"{mine}/info": {"text": "越权"}, f"{mine}/rate": {"satisfaction": "satisfied"}}.items():
        assert_out_of_scope(client, [url], method="post", data=body, content_type=JSON, headers=other)
    assert [i["tracking_no"] for i in client.get(f"{API}/me/appeals", headers=other).json()["items"]] == [target]
    stranger = {"phone": "13700000001", "access": services_pass("13700000001")}
    public = {
        f"{API}/public/appeals/lookup": stranger | {"tracking_no": no},
        f"{API}/public/appeals/{no}/info": stranger | {"text": "越权"},
        f"{API}/public/appeals/{no}/rate": stranger | {"satisfaction": "satisfied"},
    }
    for url, body in public.items():
        assert_out_of_scope(client, [url], method="post", data=body, content_type=JSON)
    # Unknown numbers answer exactly like out-of-scope ones; a staff token is no member.
    assert_out_of_scope(client, [f"{API}/appeals/SQ2000010100001"], headers=union)
    assert_out_of_scope(client, [f"{API}/me/appeals/SQ2000010100001"], headers=me)
    assert client.get(f"{API}/me/appeals", headers=union).json()["code"] == "not_a_member"
    assert _db_state() == before
    body = client.get(a, headers=bearer(users.union_b)).json()
    assert body["code"] == "not_found" and is_chinese(body["message"])


def services_pass(phone: str) -> str:
    """A genuine pass for ``phone`` (as a successful call by that worker would return)."""
    from appeals.api.public import access_pass as _access_pass

    return _access_pass(phone)["access"]


# --- Query count ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_count_is_pinned(client, tree, users, bearer, django_assert_num_queries, rows):
    for i in range(rows):
        union = tree.union_a1 if i % 2 else tree.village_a2
        appeal = services.submit(
            kind="appeal" if i % 3 else "suggestion",
            category="wages",
            description="公司拖欠工资两个月",
            name="",
            phone="",
            member=member(union, users.town, 100 + i),
        )
        if i % 4 == 0:
            services.accept(appeal, actor=users.town)  # some with an assignee
    headers = bearer(users.town)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(f"{API}/appeals?page_size=100", headers=headers)
    assert len(response.json()["items"]) == rows
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(f"{API}/appeals?page_size=100&order=deadline&overdue=false&q=1", headers=headers)
    with django_assert_num_queries(LIST_UNDER_QUERIES):
        response = client.get(f"{API}/appeals?page_size=100&under=UA12&kind=appeal", headers=headers)
    assert response.json()["count"] == sum(1 for i in range(rows) if i % 2 == 0 and i % 3)
