"""Out-of-scope cases of every orgs route that names an object (run by core/tests/test_route_scope.py).

The town admin of 甲街道 asks for 乙镇's union and enterprise, and for the district above its own org: each answers
404, for every method, on the pages and in the API."""

from core.testing import ScopeTable

table = ScopeTable("orgs")


@table.world
def world(w):
    w.asker = w.users.town
    w.foreign_orgs = [w.tree.union_b1, w.tree.district]
    w.foreign_enterprise = w.tree.ent_b1


def _asker(w):
    return w.asker


# Read-only pages answer 405 to a POST for any id, existing or not (that reveals nothing), so they are asked with GET.
for index in (0, 1):
    table.pages(
        ["orgs:detail", "orgs:tree_children"],
        args=lambda w, index=index: [w.foreign_orgs[index].pk],
        user=_asker,
        methods=("get",),
    )
    table.pages(
        ["orgs:create", "orgs:edit", "orgs:move", "orgs:dissolve"],
        args=lambda w, index=index: [w.foreign_orgs[index].pk],
        user=_asker,
        data=lambda w: {"code": "X1", "name": "x", "parent": w.tree.town_a.pk},
    )
    table.api(
        [
            "GET /api/v1/orgs/{code}",
            "GET /api/v1/orgs/{code}/children",
            "GET /api/v1/orgs/{code}/coverage",
            "PATCH /api/v1/orgs/{code}",
        ],
        params=lambda w, index=index: {"code": w.foreign_orgs[index].code},
        user=_asker,
        body=lambda w: {"name": "改名"},
    )
    table.api(
        ["POST /api/v1/orgs/{code}/move"],
        params=lambda w, index=index: {"code": w.foreign_orgs[index].code},
        user=_asker,
        body=lambda w: {"parent": w.tree.town_a.code},
    )
    table.api(
        ["POST /api/v1/orgs/{code}/dissolve"],
        params=lambda w, index=index: {"code": w.foreign_orgs[index].code},
        user=_asker,
        body=lambda w: {"on": "2026-01-01", "reason": "测试"},
    )

table.pages(["orgs:enterprise_detail"], args=lambda w: [w.foreign_enterprise.pk], user=_asker, methods=("get",))
table.pages(
    ["orgs:enterprise_edit"],
    args=lambda w: [w.foreign_enterprise.pk],
    user=_asker,
    data=lambda w: {"name": "x"},
)
table.api(
    ["GET /api/v1/enterprises/{enterprise_id}", "PATCH /api/v1/enterprises/{enterprise_id}"],
    params=lambda w: {"enterprise_id": w.foreign_enterprise.pk},
    user=_asker,
    body=lambda w: {"name": "改名"},
)
