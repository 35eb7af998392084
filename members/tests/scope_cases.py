"""Out-of-scope cases of every members route that names an object (run by core/tests/test_route_scope.py).

乙一纺织's union has a member (with an e-card), a transfer out to 甲一机械, a pending join application, an import
job and an export job. 甲街道's admin asks for each of them: every page and endpoint answers 404, for every method.
The transfer (to 甲一机械, inside 甲街道) is asked by 甲二电子's admin, who is at neither end of it. The card check
page and the set-password link are public by design (a signed token, not an id)."""

from openpyxl import Workbook

from core.testing import ScopeTable
from members import exporting, importing, joining, services

from .factories import member, person

table = ScopeTable("members")


def _roster_upload():
    """A one-row roster as an uploaded xlsx (the import job is only queued: its task runs after a commit)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile

    from members.roster_file import COLUMNS
    from members.validation import LABELS

    wb = Workbook()
    ws = wb.active
    ws.append([LABELS[f] for f in COLUMNS])
    row = person(9101)
    ws.append([row.get(f) for f in COLUMNS])
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(
        "roster.xlsx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@table.world
def world(w):
    from accounts.roles import Role
    from orgs.tests.factories import UserFactory

    w.asker = w.users.town
    w.other_union = UserFactory(username="scope_union_a2", grant=(w.tree.union_a2, Role.UNION_ADMIN))
    w.member = member(w.tree.union_b1, w.users.union_b, 9100)
    joining.ensure_account(w.member)
    w.member.refresh_from_db()
    w.transfer = services.request_transfer(w.member, w.tree.union_a1, actor=w.users.union_b, reason="调动")
    w.application = joining.submit_application(
        union=w.tree.union_b1,
        employer=w.tree.ent_b1,
        consent=True,
        consent_version=joining.CONSENT_VERSION,
        ip="10.0.0.9",
        **person(9102, joined_on=None),
    )
    w.import_job = importing.start_import(actor=w.users.union_b, union=w.tree.union_b1, upload=_roster_upload())
    w.export_job = exporting.start_export(actor=w.users.union_b, filters={})


def _asker(w):
    return w.asker


FORM = {
    "reason": "核对",
    "note": "核对",
    "change": "quit",
    "on": "2026-01-05",
    "to_union": "UA11",
    "name": "改名",
    "id_type": "resident_id",
    "phone": "13900009999",
}

# --- Pages ------------------------------------------------------------------------------------------------------
table.pages(["members:detail"], args=lambda w: [w.member.pk], user=_asker, methods=("get",))
table.pages(
    ["members:edit", "members:status", "members:transfer", "members:reveal", "members:revoke_card"],
    args=lambda w: [w.member.pk],
    user=_asker,
    data=lambda w: FORM,
)
# The transfer goes to 甲一机械 (inside 甲街道): 甲二电子's admin, at neither end, asks for it.
table.pages(
    ["members:transfer_accept", "members:transfer_reject", "members:transfer_cancel"],
    args=lambda w: [w.transfer.pk],
    user=lambda w: w.other_union,
    methods=("post",),
    data=lambda w: FORM,
)
table.pages(["members:application_detail"], args=lambda w: [w.application.pk], user=_asker, methods=("get",))
table.pages(
    ["members:application_approve", "members:application_reject"],
    args=lambda w: [w.application.pk],
    user=_asker,
    data=lambda w: FORM,
)
table.pages(
    ["members:import_job", "members:import_errors"], args=lambda w: [w.import_job.pk], user=_asker, methods=("get",)
)
table.pages(
    ["members:export_job", "members:export_file"], args=lambda w: [w.export_job.pk], user=_asker, methods=("get",)
)
table.exempt("members:verify_card", "public by design: the card's signed token, not an id, names the card")
table.exempt("members:set_password", "public by design: a one-time signed link, not an id, names the account")

# --- API --------------------------------------------------------------------------------------------------------
MEMBER_API = {
    "GET /api/v1/members/{member_id}": None,
    "PATCH /api/v1/members/{member_id}": {"name": "改名"},
    "POST /api/v1/members/{member_id}/status": {"change": "quit", "reason": "核对"},
    "POST /api/v1/members/{member_id}/reveal-id": {"reason": "核对"},
    "GET /api/v1/members/{member_id}/card": None,
    "POST /api/v1/members/{member_id}/revoke-card": {"reason": "核对"},
}
for key, body in MEMBER_API.items():
    table.api([key], params=lambda w: {"member_id": w.member.pk}, user=_asker, body=lambda w, body=body: body)

TRANSFER_API = {
    "GET /api/v1/transfers/{transfer_id}": None,
    "POST /api/v1/transfers/{transfer_id}/accept": {"note": "同意"},
    "POST /api/v1/transfers/{transfer_id}/reject": {"note": "不同意"},
    "POST /api/v1/transfers/{transfer_id}/cancel": {},
}
for key, body in TRANSFER_API.items():
    table.api(
        [key],
        params=lambda w: {"transfer_id": w.transfer.pk},
        user=lambda w: w.other_union,
        body=lambda w, body=body: body,
    )

APPLICATION_API = {
    "GET /api/v1/applications/{application_id}": None,
    "POST /api/v1/applications/{application_id}/approve": {},
    "POST /api/v1/applications/{application_id}/reject": {"reason": "核对"},
}
for key, body in APPLICATION_API.items():
    table.api([key], params=lambda w: {"application_id": w.application.pk}, user=_asker, body=lambda w, body=body: body)

table.api(
    ["GET /api/v1/member-imports/{job_id}", "GET /api/v1/member-imports/{job_id}/errors.xlsx"],
    params=lambda w: {"job_id": w.import_job.pk},
    user=_asker,
)
table.api(
    ["GET /api/v1/member-exports/{job_id}", "GET /api/v1/member-exports/{job_id}/file"],
    params=lambda w: {"job_id": w.export_job.pk},
    user=_asker,
)
