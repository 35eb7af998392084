"""Out-of-scope cases of every training route that names an object (run by core/tests/test_route_scope.py).

The town admin of 甲街道 asks for 乙镇's course, its session, an enrolment and a certificate; a member of 甲一 asks
for 乙镇's course (not offered to them), an enrolment and a certificate that are not theirs. Each answers 404, pages
and API alike. The certificate check is public by design (a signed token)."""

from core.testing import ScopeTable

from .factories import course, finished_course_with_certificate, member_with_account, session

table = ScopeTable("training")


@table.world
def world(w):
    w.asker = w.users.town
    w.course = course(w.tree.town_b, w.users.district)
    w.session = session(w.course, w.users.district)
    worker_b = member_with_account(w.tree.union_b1, w.users.union_b, 970)
    w.certificate = finished_course_with_certificate(w.tree.town_b, w.users.district, worker_b)
    w.enrolment = w.certificate.enrolment
    w.member = member_with_account(w.tree.union_a1, w.users.union, 971)


def _asker(w):
    return w.asker


def _member(w):
    return w.member.user


SCAN = {"code": "UA11-0000"}
table.pages(["training:course"], args=lambda w: [w.course.pk], user=_asker, methods=("get",))
table.pages(["training:certificate"], args=lambda w: [w.certificate.pk], user=_asker, methods=("get",))
table.pages(["training:session_add"], args=lambda w: [w.course.pk], user=_asker, data=lambda w: {"topic": "x"})
table.pages(["training:enrol"], args=lambda w: [w.course.pk], user=_asker, data=lambda w: SCAN)
table.pages(["training:close", "training:finish"], args=lambda w: [w.course.pk], user=_asker, methods=("post",))
table.pages(["training:session"], args=lambda w: [w.session.pk], user=_asker, data=lambda w: SCAN)
table.pages(["training:cancel"], args=lambda w: [w.enrolment.pk], user=_asker, methods=("post",))
table.pages(["training:member_course"], args=lambda w: [w.course.pk], user=_member, methods=("get",))
table.pages(["training:member_enrol"], args=lambda w: [w.course.pk], user=_member, methods=("post",))
table.pages(["training:member_cancel"], args=lambda w: [w.enrolment.pk], user=_member, methods=("post",))
table.pages(["training:member_certificate"], args=lambda w: [w.certificate.pk], user=_member, methods=("get",))
table.exempt("training:verify", "a certificate's public check: the signed token is the proof, shown to anyone")

for key in ["GET /api/v1/training/courses/{course_id}", "GET /api/v1/training/courses/{course_id}/enrolments",
            "POST /api/v1/training/courses/{course_id}/finish"]:  # fmt: skip
    table.api([key], params=lambda w: {"course_id": w.course.pk}, user=_asker)
table.api(
    ["POST /api/v1/training/courses/{course_id}/sessions"],
    params=lambda w: {"course_id": w.course.pk},
    user=_asker,
    body=lambda w: {"topic": "x", "starts_at": "2026-05-01T09:00:00+08:00", "ends_at": "2026-05-01T11:00:00+08:00"},
)
table.api(
    ["POST /api/v1/training/courses/{course_id}/enrolments"],
    params=lambda w: {"course_id": w.course.pk},
    user=_asker,
    body=lambda w: SCAN,
)
table.api(
    ["POST /api/v1/training/sessions/{session_id}/checkins"],
    params=lambda w: {"session_id": w.session.pk},
    user=_asker,
    body=lambda w: SCAN,
)
table.api(
    ["POST /api/v1/training/enrolments/{enrolment_id}/cancel"],
    params=lambda w: {"enrolment_id": w.enrolment.pk},
    user=_asker,
)
table.api(
    ["POST /api/v1/me/training/courses/{course_id}/enrol"], params=lambda w: {"course_id": w.course.pk}, user=_member
)
