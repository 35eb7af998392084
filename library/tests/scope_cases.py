"""Out-of-scope cases of every library route that names an object (run by core/tests/test_route_scope.py).

The admin of 甲一 asks for 乙一's reading room (its desk, lending, returns, shelving, labels) and a copy shelved there;
each answers 404, pages and API alike, with a valid body so the scope and not the form refuses. A copy's phone page
is opened by its printed label and shows the book to any member (a shelf label is public by design)."""

from core.testing import ScopeTable

from .factories import ISBN, member_with_account, room, shelved

table = ScopeTable("library")


@table.world
def world(w):
    w.asker = w.users.union
    w.room = room(w.tree.union_b1, w.users.union_b, name="乙一职工书屋")
    w.copy = shelved(w.room, w.users.union_b)[0]
    w.member = member_with_account(w.tree.union_a1, w.users.union, 975)


def _asker(w):
    return w.asker


FORMS = {
    "library:lend": lambda w: {"member": w.member.card_no, "label": w.copy.label},
    "library:return": lambda w: {"label": w.copy.label},
    "library:copies": lambda w: {"isbn": ISBN, "count": "1"},
}
table.pages(["library:room", "library:labels"], args=lambda w: [w.room.pk], user=_asker, methods=("get",))
for key, body in FORMS.items():
    table.pages([key], args=lambda w: [w.room.pk], user=_asker, methods=("post",), data=body)
table.pages(["library:copy"], args=lambda w: [w.copy.pk], user=_asker, methods=("get",))
table.exempt("library:member_copy", "a copy's printed label QR: the book's page is shown to any member who scans it")
table.exempt("library:member_borrow", "borrowing the copy a member scanned: any member may borrow any shelved copy")

table.api(
    ["GET /api/v1/library/rooms/{room_id}", "GET /api/v1/library/rooms/{room_id}/copies"],
    params=lambda w: {"room_id": w.room.pk},
    user=_asker,
)
table.api(
    ["POST /api/v1/library/rooms/{room_id}/copies"],
    params=lambda w: {"room_id": w.room.pk},
    user=_asker,
    body=lambda w: {"isbn": ISBN, "count": 1},
)
table.api(
    ["POST /api/v1/library/rooms/{room_id}/loans"],
    params=lambda w: {"room_id": w.room.pk},
    user=_asker,
    body=lambda w: {"member": w.member.card_no, "label": w.copy.label},
)
table.api(
    ["POST /api/v1/library/rooms/{room_id}/returns"],
    params=lambda w: {"room_id": w.room.pk},
    user=_asker,
    body=lambda w: {"label": w.copy.label},
)
table.api(["GET /api/v1/library/copies/{copy_id}/loans"], params=lambda w: {"copy_id": w.copy.pk}, user=_asker)
