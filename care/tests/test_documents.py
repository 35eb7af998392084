"""Supporting documents of a hardship file: uploaded through the appeals' photo check, seen only by care officers
in scope (404 for anyone else), every view audited."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core.models import AuditEvent

from ..models import FileDocument
from .factories import hardship_file, officer


def _png(size=(40, 30)):
    buf = io.BytesIO()
    Image.new("RGB", size, "white").save(buf, format="PNG")
    return SimpleUploadedFile("诊断证明.png", buf.getvalue(), content_type="image/png")


def test_upload_view_audited_and_hidden_from_others(tree, users, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    union = officer(tree.union_a1, "care_union")
    file = hardship_file(tree.union_a1, union)
    client = login(union)
    response = client.post(
        reverse("care:file_documents", args=[file.pk]), {"documents": [_png()], "caption": "诊断证明"}, follow=True
    )
    assert "已上传 1 张证明材料" in response.content.decode()
    doc = FileDocument.objects.get()
    assert doc.image.name.endswith(".jpg") and doc.caption == "诊断证明"
    response = client.get(reverse("care:file_document", args=[doc.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    viewed = AuditEvent.objects.filter(action="care.file.document_viewed")
    assert viewed.count() == 1 and viewed.get().actor_id == union.pk
    assert AuditEvent.objects.filter(action="care.file.documents_added").count() == 1
    # The town's admin (no care role), another town's care officer, the sysadmin: 404, nothing recorded.
    for other in [users.town, officer(tree.town_b, "care_b"), users.sysadmin]:
        assert login(other).get(reverse("care:file_document", args=[doc.pk])).status_code == 404
    assert viewed.count() == 1


def test_a_file_that_is_not_an_image_is_refused(tree, users, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    union = officer(tree.union_a1, "care_union")
    file = hardship_file(tree.union_a1, union)
    fake = SimpleUploadedFile("x.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = login(union).post(reverse("care:file_documents", args=[file.pk]), {"documents": [fake]}, follow=True)
    assert "照片" in response.content.decode() and not FileDocument.objects.exists()


def test_claim_bill_photos_from_the_phone_seen_by_reviewers_only(tree, users, login, settings, tmp_path):
    from members import joining

    from ..models import ClaimBill
    from ..services import insurance
    from .factories import roster_member

    settings.MEDIA_ROOT = tmp_path
    worker = roster_member(tree.union_a1, users.union, 3301)
    joining.ensure_account(worker)
    worker.refresh_from_db()
    plan = insurance.create_plan(
        actor=users.district, org=tree.district, name="职工医疗互助保障", year=2026,
        premium="60.00", deductible="500.00", ratio="0.5", cap="2000.00",
    )  # fmt: skip
    enrolment = insurance.enrol(plan, actor=users.union, member=worker, premium_paid=True)
    phone = login(worker.user)
    response = phone.post(
        reverse("care:member_claim_new", args=[enrolment.pk]),
        {"hospital": "区人民医院", "category": "inpatient", "bill_amount": "1800", "bills": [_png(), _png((30, 50))]},
    )
    assert response.status_code == 302
    bills = list(ClaimBill.objects.order_by("pk"))
    assert len(bills) == 2 and all(b.image.name.endswith(".jpg") for b in bills)
    page = login(users.town).get(reverse("care:insurance")).content.decode()
    assert reverse("care:claim_bill", args=[bills[0].pk]) in page
    assert login(users.town).get(reverse("care:claim_bill", args=[bills[0].pk])).status_code == 200
    assert AuditEvent.objects.filter(action="care.claim.bill_viewed").count() == 1
    # A union admin (no care.claims) and another town's officer: 404.
    for other in [users.union, officer(tree.town_b, "care_b")]:
        assert login(other).get(reverse("care:claim_bill", args=[bills[0].pk])).status_code == 404
