"""The assessment API (星级工会评定, 1+X) and evidence files: the district defines a year's criteria, a union
self-assesses and uploads evidence (type and size limits, downloads scoped), its town scores, the district confirms
the star; 1+X points stay under the cap; the star history is listed year by year."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import AuditEvent

from ..models import EvidenceFile, StarRecord
from ..services import assessment as assess
from ..services.assessment import EVIDENCE_MAX
from .factories import upload

pytestmark = pytest.mark.django_db

API = "/api/v1/unionlife"


def post(client, url, body, headers):
    return client.post(url, body, content_type="application/json", headers=headers)


def test_assessment_through_the_api(tree, users, bearer, client):
    district, town, union, union_b = (bearer(u) for u in (users.district, users.town, users.union, users.union_b))
    criteria = [
        {
            "code": "activities",
            "label": "全年开展活动 12 场以上",
            "points": "40",
            "source": "activities.count",
            "target": 12,
        },
        {"code": "home", "label": "职工之家建设", "points": "60"},
    ]
    bad = post(
        client, f"{API}/assessments", {"org": "D001", "year": 2025, "criteria": [criteria[1], criteria[1]]}, district
    )
    assert bad.status_code == 400 and bad.json()["errors"][0]["code"] == "invalid_criterion"
    unknown = {**criteria[0], "source": "members.count"}
    assert (
        post(client, f"{API}/assessments", {"org": "D001", "year": 2025, "criteria": [unknown]}, district).json()[
            "errors"
        ][0]["code"]
        == "invalid_criterion"
    )
    assert post(client, f"{API}/assessments", {"org": "D001", "year": 2025}, town).status_code == 404  # not its org
    made = post(
        client,
        f"{API}/assessments",
        {"org": "D001", "year": 2025, "subsidy_rate": "100", "subsidy_cap": "800", "criteria": criteria},
        district,
    )
    assert made.status_code == 201, made.content
    a = made.json()
    assert [c["code"] for c in a["criteria"]] == ["activities", "home"] and a["star_scores"] == [60, 70, 80, 90]
    # The union sees the district's assessment and self-assesses; evidence text or a file backs declared points.
    assert [x["id"] for x in client.get(f"{API}/assessments", headers=union).json()] == [a["id"]]
    no_evidence = post(
        client,
        f"{API}/assessments/{a['id']}/self-assessment",
        {"union": "UA11", "declared": {"home": {"points": "50"}}},
        union,
    )
    assert no_evidence.status_code == 400 and no_evidence.json()["errors"][0]["code"] == "evidence_required"
    assert (
        post(
            client, f"{API}/assessments/{a['id']}/self-assessment", {"union": "UB11", "declared": {}}, union
        ).status_code
        == 404
    )
    sent = post(
        client,
        f"{API}/assessments/{a['id']}/self-assessment",
        {"union": "UA11", "declared": {"home": {"points": "50", "evidence": "见附件"}}},
        union,
    )
    assert sent.status_code == 201, sent.content
    ua = sent.json()
    assert ua["status"] == "submitted" and ua["computed"] == {"activities": 0.0} and Decimal(ua["self_score"]) == 50
    # Evidence: a PDF is taken; a script or an oversized file is not; an unknown or computed criterion is not.
    url = f"{API}/union-assessments/{ua['id']}/evidence"
    ok = client.post(url, {"criterion": "home", "file": upload("职工之家照片.pdf")}, headers=union)
    assert ok.status_code == 201, ok.content
    evidence_id = ok.json()["id"]
    for body, code in (
        ({"criterion": "home", "file": upload("run.exe", b"MZ")}, "invalid_evidence_file"),
        (
            {"criterion": "home", "file": SimpleUploadedFile("大.pdf", b"0" * (EVIDENCE_MAX + 1))},
            "invalid_evidence_file",
        ),
        ({"criterion": "activities", "file": upload()}, "unknown_criterion"),
        ({"criterion": "home"}, "evidence_file_required"),
    ):
        refused = client.post(url, body, headers=union)
        assert refused.status_code == 400 and refused.json()["code"] == code, refused.content
    assert client.post(url, {"criterion": "home", "file": upload()}, headers=union_b).status_code == 404
    detail = client.get(f"{API}/union-assessments/{ua['id']}", headers=town).json()
    assert [e["name"] for e in detail["evidence"]] == ["职工之家照片.pdf"]
    got = client.get(f"{API}/evidence/{evidence_id}", headers=town)
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"%PDF-1.4 test"
    assert client.get(f"{API}/evidence/{evidence_id}", headers=union_b).status_code == 404
    assert AuditEvent.objects.filter(action="unionlife.evidence.added").count() == 1
    # The town scores; a union never scores itself; evidence is frozen once scored.
    assert (
        post(client, f"{API}/union-assessments/{ua['id']}/review", {"scores": {"home": "55"}}, union).status_code == 403
    )
    too_high = post(client, f"{API}/union-assessments/{ua['id']}/review", {"scores": {"home": "61"}}, town)
    assert too_high.status_code == 400 and too_high.json()["errors"][0]["code"] == "invalid_points"
    reviewed = post(client, f"{API}/union-assessments/{ua['id']}/review", {"scores": {"home": "55"}}, town).json()
    assert reviewed["status"] == "reviewed" and Decimal(reviewed["score"]) == 55
    assert client.delete(f"{API}/evidence/{evidence_id}", headers=union).json()["code"] == "already_reviewed"
    assert client.post(url, {"criterion": "home", "file": upload()}, headers=union).json()["code"] == "already_reviewed"
    # The district confirms; 1+X on a three-star chair is capped; the star history lists the year.
    assert post(client, f"{API}/union-assessments/{ua['id']}/confirm", {"star": 4}, town).status_code == 403
    confirmed = post(
        client, f"{API}/union-assessments/{ua['id']}/confirm", {"star": 4, "titles": ["市级示范工会"]}, district
    ).json()
    assert (confirmed["status"], confirmed["star"], confirmed["titles"]) == ("confirmed", 4, ["市级示范工会"])
    points = post(
        client,
        f"{API}/union-assessments/{ua['id']}/chair-points",
        {"base": "1", "extras": [{"label": "集体协商", "points": "8"}], "chair_name": "王志强"},
        district,
    )
    assert points.status_code == 200 and Decimal(points.json()["subsidy"]) == 800  # 9 × 100 capped at 800
    rows = client.get(f"{API}/assessments/{a['id']}/chair-points", headers=district).json()
    assert [(r["union"]["code"], r["star"], Decimal(r["subsidy"])) for r in rows] == [("UA11", 4, 800)]
    assert client.get(f"{API}/assessments/{a['id']}/chair-points", headers=union).status_code == 403
    stars = client.get(f"{API}/stars", params={"union": "UA11"}, headers=town).json()
    assert [(s["year"], s["star"], s["titles"]) for s in stars] == [(2025, 4, ["市级示范工会"])]
    assert client.get(f"{API}/stars", headers=union_b).json() == []


def test_evidence_on_the_console(tree, users, login):
    a = assess.create_assessment(actor=users.district, org=tree.district, year=2025)
    union, town, other = login(users.union), login(users.town), login(users.union_b)
    r = union.post(
        f"/console/unionlife/assessments/{a.pk}/submit/",
        {
            "union": "UA11",
            "home": "18",
            "democracy": "15",
            "ev_democracy": "职代会 3 月召开",
            "file_home": [upload("之家.pdf"), upload("制度.png", b"\x89PNG")],
        },
    )
    assert r.status_code == 302
    ua = assess.UnionAssessment.objects.get()
    assert sorted(EvidenceFile.objects.values_list("criterion", "name")) == [("home", "之家.pdf"), ("home", "制度.png")]
    bad = union.post(
        f"/console/unionlife/union-assessments/{ua.pk}/evidence/", {"criterion": "home", "file": upload("x.exe")}
    )
    assert bad.status_code == 302 and EvidenceFile.objects.count() == 2
    page = town.get(f"/console/unionlife/assessments/{a.pk}/").content.decode()
    assert "之家.pdf" in page
    f = EvidenceFile.objects.get(name="之家.pdf")
    assert town.get(f"/console/unionlife/evidence/{f.pk}/").status_code == 200
    assert other.get(f"/console/unionlife/evidence/{f.pk}/").status_code == 404
    union.post(f"/console/unionlife/evidence/{f.pk}/remove/")
    assert list(EvidenceFile.objects.values_list("name", flat=True)) == ["制度.png"]
    assert StarRecord.objects.count() == 0
