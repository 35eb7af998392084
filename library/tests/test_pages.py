"""The console and phone pages of the library: rooms (search, empty state), the desk (lend by scanning card and
label, return elsewhere = drift, shelve copies, print labels), the catalogue's ISBN error naming the field, the
loans list, a copy's history, the scores; the member's loans and borrowing by a scanned label."""

from members import cards

from ..models import Copy, Loan
from .factories import ISBN, member_with_account, room, shelved


def test_rooms_list_and_desk(login, tree, users):
    client = login(users.union)
    assert "尚未登记职工书屋" in client.get("/console/library/").content.decode()
    response = client.post("/console/library/rooms/new/", {"org": "UA11", "name": "甲一职工书屋", "place": ""})
    assert response.status_code == 302
    a1 = room(tree.union_a1, users.union, name="甲一漂流书吧")
    assert "甲一漂流书吧" in client.get("/console/library/?q=漂流").content.decode()
    page = client.post(f"/console/library/rooms/{a1.pk}/copies/", {"isbn": "978-7-02-003040-9", "count": "2"})
    assert "校验位不正确" in page.content.decode()
    page = client.post(f"/console/library/rooms/{a1.pk}/copies/", {"isbn": ISBN, "count": "2"})
    assert "书目中没有该书" in page.content.decode()
    page = client.post("/console/library/catalogue/", {"isbn": ISBN, "title": "平凡的世界", "author": "路遥"})
    assert page.status_code == 302
    assert client.post(f"/console/library/rooms/{a1.pk}/copies/", {"isbn": ISBN, "count": "2"}).status_code == 302
    copy = Copy.objects.filter(room=a1).first()
    labels = client.get(f"/console/library/rooms/{a1.pk}/labels/").content.decode()
    assert copy.label in labels and "<svg" in labels
    reader = member_with_account(tree.union_a1, users.union, 71)
    response = client.post(
        f"/console/library/rooms/{a1.pk}/lend/", {"member": cards.verify_url(reader), "label": copy.label}, follow=True
    )
    assert f"已借给 {reader.name}" in response.content.decode()
    town = room(tree.town_a, users.town, name="甲街道书屋")
    response = login(users.town).post(f"/console/library/rooms/{town.pk}/return/", {"label": copy.label}, follow=True)
    assert "漂流至本书屋" in response.content.decode()
    history = client.get(f"/console/library/copies/{copy.pk}/")
    assert history.status_code == 404  # the copy is at the town's room now, outside 甲一's scope
    history = login(users.town).get(f"/console/library/copies/{copy.pk}/").content.decode()
    assert "甲一漂流书吧 → 甲街道书屋" in history
    assert reader.name in login(users.town).get("/console/library/loans/?q=平凡").content.decode()
    scores = login(users.town).get("/console/library/scores/").content.decode()
    assert "甲街道书屋" in scores and "积分 = 借阅册次" in scores


def test_member_borrows_by_label(login, tree, users):
    a1 = room(tree.union_a1, users.union)
    (copy,) = shelved(a1, users.union)
    reader = member_with_account(tree.union_a1, users.union, 81)
    client = login(reader.user)
    assert "/m/library/" in client.get("/").content.decode()
    assert "还没有借阅记录" in client.get("/m/library/").content.decode()
    response = client.get(f"/m/library/?label={copy.label}")
    assert response["Location"] == f"/m/library/copies/{copy.label}/"
    assert "借阅这本书" in client.get(response["Location"]).content.decode()
    response = client.post(f"/m/library/copies/{copy.label}/borrow/", follow=True)
    assert "借阅成功" in response.content.decode() and "平凡的世界" in response.content.decode()
    assert Loan.objects.get().member == reader
    assert client.get("/m/library/copies/TS99999999/").status_code == 404


def test_api(client, tree, users, bearer):
    headers = bearer(users.union)
    room_id = client.post(
        "/api/v1/library/rooms", {"org": "UA11", "name": "甲一书屋"}, content_type="application/json", headers=headers
    ).json()["id"]
    response = client.post(
        "/api/v1/library/books",
        {"isbn": "7-5063-4543-9", "title": "活着"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201 and response.json()["isbn"] == "9787506345439"
    bad = client.post(
        "/api/v1/library/books", {"isbn": "123", "title": "x"}, content_type="application/json", headers=headers
    )
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_isbn"
    copies = client.post(
        f"/api/v1/library/rooms/{room_id}/copies",
        {"isbn": "9787506345439"},
        content_type="application/json",
        headers=headers,
    ).json()
    reader = member_with_account(tree.union_a1, users.union, 91)
    loan = client.post(
        f"/api/v1/library/rooms/{room_id}/loans",
        {"member": reader.card_no, "label": copies[0]["label"]},
        content_type="application/json",
        headers=headers,
    )
    assert loan.status_code == 201 and loan.json()["member_name"] == reader.name
    mine = client.get("/api/v1/me/library/loans", headers=bearer(reader.user)).json()
    assert mine[0]["copy_label"] == copies[0]["label"]
    back = client.post(
        f"/api/v1/library/rooms/{room_id}/returns",
        {"label": copies[0]["label"]},
        content_type="application/json",
        headers=headers,
    )
    assert back.status_code == 200 and back.json()["returned_room_id"] == room_id
    scores = client.get("/api/v1/library/scores", headers=headers).json()
    assert scores[0]["loans"] == 1 and scores[0]["score"] == 4
