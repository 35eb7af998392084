"""Out-of-scope cases of every union-life route that names an object (run by core/tests/test_route_scope.py).

乙镇 sends a task (with an attachment and a file field that 乙一 answered) and a notice to its members; the town admin
of 甲街道 asks for the notice, its attachment, 乙一's delivery and its files (pages and API), and for 乙镇's union's
committee and officer, 乙镇's own assessment and 乙一's assessment (with its evidence file) in the district's; a
member of 甲一 asks for 乙镇's member notice and its attachment. Each answers 404 for every method."""

from core.testing import ScopeTable
from orgs.tests.factories import UserFactory

from ..models import Delivery, Officer
from ..services import alliances, assessment, notices, officers
from .factories import in_days, member_with_account, upload

table = ScopeTable("unionlife")


@table.world
def world(w):
    w.asker = w.users.town
    town_b = UserFactory(username="life_town_b", grant=(w.tree.town_b, "federation_admin"))
    w.notice = notices.send_notice(
        actor=town_b,
        sender=w.tree.town_b,
        title="乙镇任务",
        body="请报送",
        attachments=[upload()],
        return_kind="form",
        due_on=in_days(5),
        fields=[{"label": "照片", "type": "file"}],
    )
    w.attachment = w.notice.attachments.get()
    w.delivery = Delivery.objects.get(notice=w.notice, org=w.tree.union_b1)
    notices.report_back(w.delivery, actor=w.users.union_b, files={"f1": upload("照片.png", b"\x89PNG")})
    w.return_file = w.delivery.files.get()
    w.file_task = notices.send_notice(
        actor=town_b, sender=w.tree.town_b, title="乙镇文件任务", body="请报送", return_kind="file", due_on=in_days(5)
    )
    w.file_delivery = Delivery.objects.get(notice=w.file_task)
    notices.report_back(w.file_delivery, actor=w.users.union_b, file=upload("总结.pdf"))
    w.member_notice = notices.send_notice(
        actor=town_b,
        sender=w.tree.town_b,
        title="乙镇政策宣传",
        body="……",
        audience="members",
        category="policy",
        attachments=[upload("政策.pdf")],
    )
    w.member_attachment = w.member_notice.attachments.get()
    w.member = member_with_account(w.tree.union_a1, w.users.union, 961)
    officers.record_congress(
        w.tree.union_b1, actor=w.users.union_b, held_on=in_days(-30), officers=[{"role": "chair", "name": "钱主席"}]
    )
    w.officer = Officer.objects.get(union=w.tree.union_b1)
    # 乙镇's own assessment (甲街道 neither belongs to it nor sits above it) and 乙一's assessment in the district's.
    w.assessment = assessment.create_assessment(actor=town_b, org=w.tree.town_b, year=2025)
    district_year = assessment.create_assessment(actor=w.users.district, org=w.tree.district, year=2025)
    w.union_assessment = assessment.submit_self_assessment(
        district_year,
        actor=w.users.union_b,
        union=w.tree.union_b1,
        declared={"home": {"points": "10"}},
        files={"home": [upload("职工之家.pdf")]},
    )
    w.evidence = w.union_assessment.evidence_files.get()
    # 乙镇's alliance and pairing, with 乙一 only: 甲街道 neither keeps them nor takes part.
    w.alliance = alliances.create_alliance(
        actor=town_b, owner=w.tree.town_b, name="乙镇联盟", kind="union", lead=w.tree.union_b1, founded_on=in_days(-9)
    )
    w.membership = w.alliance.members.get()
    w.pairing = alliances.create_pairing(
        actor=town_b,
        owner=w.tree.town_b,
        title="乙镇结对",
        goals="共建",
        starts_on=in_days(-9),
        ends_on=in_days(90),
        parties=[{"org": w.tree.union_b1}, {"kind": "community", "name": "乙镇社区"}],
    )


def _asker(w):
    return w.asker


def _member(w):
    return w.member.user


table.pages(
    ["unionlife:notice", "unionlife:notice_export"], args=lambda w: [w.notice.pk], user=_asker, methods=("get",)
)
table.pages(["unionlife:notice_remind"], args=lambda w: [w.notice.pk], user=_asker, methods=("post",))
table.pages(["unionlife:attachment"], args=lambda w: [w.attachment.pk], user=_asker, methods=("get",))
table.pages(["unionlife:delivery"], args=lambda w: [w.delivery.pk], user=_asker, methods=("get",))
table.pages(["unionlife:delivery_file"], args=lambda w: [w.file_delivery.pk], user=_asker, methods=("get",))
table.pages(
    ["unionlife:delivery_report"],
    args=lambda w: [w.file_delivery.pk],
    user=_asker,
    methods=("post",),
    data=lambda w: {},
)
table.pages(["unionlife:return_file"], args=lambda w: [w.return_file.pk], user=_asker, methods=("get",))
table.pages(["unionlife:member_notice"], args=lambda w: [w.member_notice.pk], user=_member, methods=("get",))
table.pages(["unionlife:member_attachment"], args=lambda w: [w.member_attachment.pk], user=_member, methods=("get",))

table.api(
    ["GET /api/v1/unionlife/notices/{notice_id}", "POST /api/v1/unionlife/notices/{notice_id}/remind"],
    params=lambda w: {"notice_id": w.notice.pk},
    user=_asker,
)
table.api(
    ["GET /api/v1/unionlife/deliveries/{delivery_id}", "POST /api/v1/unionlife/deliveries/{delivery_id}/read"],
    params=lambda w: {"delivery_id": w.delivery.pk},
    user=_asker,
)
table.api(
    ["POST /api/v1/unionlife/deliveries/{delivery_id}/report"],
    params=lambda w: {"delivery_id": w.delivery.pk},
    user=_asker,
    body=lambda w: {"answers": {}},
)
table.api(["GET /api/v1/me/notices/{notice_id}"], params=lambda w: {"notice_id": w.member_notice.pk}, user=_member)

COMMITTEE_FORM = {"held_on": "2026-01-05", "committee": "主席|张三", "source_union": "UB11"}
table.pages(["unionlife:committee"], args=lambda w: [w.tree.union_b1.pk], user=_asker, methods=("get",))
table.pages(["unionlife:congress"], args=lambda w: [w.tree.union_b1.pk], user=_asker, data=lambda w: COMMITTEE_FORM)
table.pages(
    ["unionlife:vice_chair"],
    args=lambda w: [w.tree.town_b.pk],
    user=_asker,
    methods=("post",),
    data=lambda w: COMMITTEE_FORM,
)
table.pages(["unionlife:officer_end"], args=lambda w: [w.officer.pk], user=_asker, methods=("post",))
table.api(["GET /api/v1/unionlife/committees/{org_id}"], params=lambda w: {"org_id": w.tree.union_b1.pk}, user=_asker)
table.api(
    ["POST /api/v1/unionlife/committees/{org_id}/congress"],
    params=lambda w: {"org_id": w.tree.union_b1.pk},
    user=_asker,
    body=lambda w: {"held_on": "2026-01-05", "officers": [{"role": "chair", "name": "张三"}]},
)
table.api(
    ["POST /api/v1/unionlife/committees/{org_id}/vice-chairs"],
    params=lambda w: {"org_id": w.tree.town_b.pk},
    user=_asker,
    body=lambda w: {"source_union": "UA11"},
)
table.api(
    ["POST /api/v1/unionlife/officers/{officer_id}/end", "GET /api/v1/unionlife/officers/{officer_id}/trainings"],
    params=lambda w: {"officer_id": w.officer.pk},
    user=_asker,
)

table.pages(
    ["unionlife:assessment", "unionlife:assessment_payments"],
    args=lambda w: [w.assessment.pk],
    user=_asker,
    methods=("get",),
)
table.pages(
    ["unionlife:assessment_submit"],
    args=lambda w: [w.assessment.pk],
    user=_asker,
    methods=("post",),
    data=lambda w: {"union": "UA11"},
)
table.pages(
    ["unionlife:assessment_review", "unionlife:assessment_confirm", "unionlife:chair_points"],
    args=lambda w: [w.union_assessment.pk],
    user=_asker,
    methods=("post",),
    data=lambda w: {"home": "10", "democracy": "10", "star": "4", "base": "5"},
)
table.pages(
    ["unionlife:evidence_add"],
    args=lambda w: [w.union_assessment.pk],
    user=_asker,
    methods=("post",),
    data=lambda w: {"criterion": "home"},
)
table.pages(["unionlife:evidence"], args=lambda w: [w.evidence.pk], user=_asker, methods=("get",))
table.pages(["unionlife:evidence_remove"], args=lambda w: [w.evidence.pk], user=_asker, methods=("post",))
table.api(
    [
        "GET /api/v1/unionlife/assessments/{assessment_id}",
        "GET /api/v1/unionlife/assessments/{assessment_id}/unions",
        "GET /api/v1/unionlife/assessments/{assessment_id}/chair-points",
    ],
    params=lambda w: {"assessment_id": w.assessment.pk},
    user=_asker,
)
table.api(
    ["POST /api/v1/unionlife/assessments/{assessment_id}/self-assessment"],
    params=lambda w: {"assessment_id": w.assessment.pk},
    user=_asker,
    body=lambda w: {"union": "UA11", "declared": {}},
)
UA = "/api/v1/unionlife/union-assessments/{ua_id}"
table.api(
    [f"GET {UA}", f"POST {UA}/review", f"POST {UA}/confirm", f"POST {UA}/evidence"],
    params=lambda w: {"ua_id": w.union_assessment.pk},
    user=_asker,
)
table.api(
    [f"POST {UA}/chair-points"],
    params=lambda w: {"ua_id": w.union_assessment.pk},
    user=_asker,
    body=lambda w: {"base": "1"},
)
table.api(
    ["GET /api/v1/unionlife/evidence/{evidence_id}", "DELETE /api/v1/unionlife/evidence/{evidence_id}"],
    params=lambda w: {"evidence_id": w.evidence.pk},
    user=_asker,
)


# --- Pairings and alliances -----------------------------------------------------------------------------------------

table.pages(["unionlife:alliance"], args=lambda w: [w.alliance.pk], user=_asker, methods=("get",))
table.pages(
    ["unionlife:alliance_member_add", "unionlife:alliance_places", "unionlife:alliance_activity"],
    args=lambda w: [w.alliance.pk],
    user=_asker,
    methods=("post",),
    data=lambda w: {"union": "UA12", "places": [], "activity": "1"},
)
table.pages(["unionlife:alliance_dissolve"], args=lambda w: [w.alliance.pk], user=_asker, methods=("post",))
table.pages(["unionlife:alliance_member_leave"], args=lambda w: [w.membership.pk], user=_asker, methods=("post",))
table.pages(["unionlife:pairing"], args=lambda w: [w.pairing.pk], user=_asker, methods=("get",))
table.pages(
    ["unionlife:pairing_record", "unionlife:pairing_close"],
    args=lambda w: [w.pairing.pk],
    user=_asker,
    methods=("post",),
    data=lambda w: {"happened_on": in_days(0).isoformat(), "text": "进展", "status": "completed"},
)
table.api(["GET /api/v1/unionlife/pairings/{pairing_id}"], params=lambda w: {"pairing_id": w.pairing.pk}, user=_asker)
table.api(
    ["POST /api/v1/unionlife/pairings/{pairing_id}/records"],
    params=lambda w: {"pairing_id": w.pairing.pk},
    user=_asker,
    body=lambda w: {"happened_on": in_days(0).isoformat(), "text": "进展"},
)
table.api(
    ["POST /api/v1/unionlife/pairings/{pairing_id}/close"],
    params=lambda w: {"pairing_id": w.pairing.pk},
    user=_asker,
    body=lambda w: {"status": "completed"},
)
table.api(
    ["GET /api/v1/unionlife/alliances/{alliance_id}", "POST /api/v1/unionlife/alliances/{alliance_id}/dissolve"],
    params=lambda w: {"alliance_id": w.alliance.pk},
    user=_asker,
)
table.api(
    ["POST /api/v1/unionlife/alliances/{alliance_id}/members"],
    params=lambda w: {"alliance_id": w.alliance.pk},
    user=_asker,
    body=lambda w: {"union": "UA12"},
)
table.api(
    ["PUT /api/v1/unionlife/alliances/{alliance_id}/places"],
    params=lambda w: {"alliance_id": w.alliance.pk},
    user=_asker,
    body=lambda w: {"places": []},
)
table.api(
    ["POST /api/v1/unionlife/alliances/{alliance_id}/activities"],
    params=lambda w: {"alliance_id": w.alliance.pk},
    user=_asker,
    body=lambda w: {"activity_id": 1},
)
table.api(
    ["POST /api/v1/unionlife/alliance-members/{member_id}/leave"],
    params=lambda w: {"member_id": w.membership.pk},
    user=_asker,
)
