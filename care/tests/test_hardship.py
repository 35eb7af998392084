"""The hardship archive: only care officers see it (everyone else: 404 on every file URL and endpoint), every view
is audited, exports are masked (unmasked only for the privacy role, with a reason), the town verifies, files are
reviewed and closed."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from core.models import AuditEvent
from core.testing import assert_out_of_scope
from orgs.tests.factories import UserFactory

from ..models import HardshipFile
from ..services import hardship
from .factories import hardship_file, officer

ID = "330206199001011235"


@pytest.fixture
def care(tree, users):
    return type("Care", (), {"town": officer(tree.town_a, "care_town"), "union": officer(tree.union_a1, "care_union")})


def _urls(file):
    return [
        reverse("care:file_list"),
        reverse("care:file_create"),
        reverse("care:file_export"),
        reverse("care:file_detail", args=[file.pk]),
    ]


def _post_urls(file):
    return [reverse(f"care:file_{a}", args=[file.pk]) for a in ("verify", "return", "review", "close")]


def test_without_the_care_role_every_file_url_and_endpoint_is_404(tree, users, care, login, bearer):
    file = hardship_file(tree.union_a1, care.union, verify_by=care.town)
    # The union's and the town's admins, the district admin, even the sysadmin: no care role, no hardship data.
    for user in (users.union, users.town, users.district, users.sysadmin, users.nobody):
        client = login(user)
        assert_out_of_scope(client, _urls(file))
        assert_out_of_scope(client, _post_urls(file), method="post", data={"reason": "核对"})
        headers = bearer(user)
        assert_out_of_scope(client, ["/api/v1/care/files", f"/api/v1/care/files/{file.pk}"], headers=headers)
        assert_out_of_scope(
            client,
            [f"/api/v1/care/files/{file.pk}/{a}" for a in ("verify", "return", "review", "close")],
            method="post",
            headers=headers,
            data={"reason": "核对"},
            content_type="application/json",
        )
    # A care officer of another town: 404 too.
    other = officer(tree.town_b, "care_b")
    assert_out_of_scope(login(other), [reverse("care:file_detail", args=[file.pk])])
    assert_out_of_scope(login(other), [f"/api/v1/care/files/{file.pk}"], headers=bearer(other))


def test_every_view_of_a_file_is_audited(tree, care, login, bearer):
    file = hardship_file(tree.union_a1, care.union)
    before = AuditEvent.objects.filter(action="care.file.viewed").count()
    response = login(care.town).get(reverse("care:file_detail", args=[file.pk]))
    assert response.status_code == 200 and file.id_masked in response.content.decode()
    assert ID not in response.content.decode()
    response = login(care.union).get(f"/api/v1/care/files/{file.pk}", headers=bearer(care.union))
    assert response.status_code == 200
    views = AuditEvent.objects.filter(action="care.file.viewed").order_by("pk")
    assert views.count() == before + 2
    assert [(e.actor, e.object_id, e.data["via"]) for e in views] == [
        (care.town, str(file.pk), "page"),
        (care.union, str(file.pk), "api"),
    ]


def _rows(response):
    book = load_workbook(BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    return [list(r) for r in book.active.iter_rows(values_only=True)]


def test_exports_are_masked_unless_the_privacy_role_asks_with_a_reason(tree, users, care, login):
    hardship_file(tree.union_a1, care.union, id_number=ID, name="张桂兰")
    rows = _rows(login(care.town).get(reverse("care:file_export")))
    assert rows[1][0] == "张桂兰" and rows[1][1] == "3302**********1235"
    assert not any(ID in str(cell) for row in rows for cell in row)
    # Asking for the unmasked list without the privacy role: refused.
    assert login(care.town).get(reverse("care:file_export") + "?unmasked=1&reason=核对").status_code == 403
    privacy = UserFactory(username="privacy")
    from accounts.models import Grant

    Grant.objects.create(user=privacy, org=tree.town_a, role="care_officer")
    Grant.objects.create(user=privacy, org=tree.town_a, role=Role.PII_OFFICER)
    assert login(privacy).get(reverse("care:file_export") + "?unmasked=1").status_code == 403  # no reason
    rows = _rows(login(privacy).get(reverse("care:file_export") + "?unmasked=1&reason=银行代发核对"))
    assert rows[1][1] == ID
    events = AuditEvent.objects.filter(action="care.files.exported").order_by("pk")
    assert [(e.data["unmasked"], e.data["reason"]) for e in events] == [(False, ""), (True, "银行代发核对")]


def test_the_town_verifies_the_union_cannot(tree, care):
    file = hardship_file(tree.union_a1, care.union)
    assert file.status == "pending" and file.id_hash and ID not in file.id_cipher
    with pytest.raises(Exception) as exc:
        hardship.verify_file(file, actor=care.union)
    assert exc.value.code == "verify_by_town"
    file = hardship.verify_file(file, actor=care.town)
    assert file.status == "active" and file.review_due is not None
    assert AuditEvent.objects.filter(action="care.file.verified", object_id=str(file.pk)).exists()


def test_return_resubmit_review_close(tree, care):
    file = hardship_file(tree.union_a1, care.union)
    with pytest.raises(Exception) as exc:
        hardship.return_file(file, actor=care.town, reason_text="")
    assert exc.value.code == "reason_required"
    hardship.return_file(file, actor=care.town, reason_text="缺少收入证明")
    file = hardship.resubmit_file(file, actor=care.union, household_size=4, household_income="2000.00")
    assert file.status == "pending" and file.income_per_head == Decimal("500.00")
    hardship.verify_file(file, actor=care.town)
    hardship.review_file(file, actor=care.union)
    file = hardship.close_file(file, actor=care.union, reason_text="再就业，收入稳定")
    assert file.status == "closed" and file.closed_reason == "再就业，收入稳定"
    with pytest.raises(Exception) as exc:
        hardship.close_file(file, actor=care.union, reason_text="重复")
    assert exc.value.code == "file_not_active"


def test_one_open_file_per_person_and_valid_input(tree, care):
    hardship_file(tree.union_a1, care.union, id_number=ID)
    with pytest.raises(Exception) as exc:
        hardship_file(tree.union_a2, officer(tree.union_a2, "care_a2"), id_number=ID)
    assert exc.value.code == "already_on_file" and "甲一机械" in exc.value.message
    with pytest.raises(Exception) as exc:
        hardship_file(tree.union_a1, care.union, id_number="330206199001011236")
    assert exc.value.code == "invalid_id_number" and exc.value.field == "id_number"
    with pytest.raises(Exception) as exc:
        hardship_file(tree.union_a1, care.union, household_size=0)
    assert exc.value.code == "invalid_household_size"
    assert HardshipFile.objects.count() == 1


def test_income_line_of_the_nearest_org(tree, users, care):
    hardship.set_threshold(actor=users.district, org=tree.district, year=2026, amount="1200.00")
    file = hardship_file(tree.union_a1, care.union, household_size=3, household_income="3000.00")
    assert file.threshold == Decimal("1200.00") and file.below_threshold is True


def test_staff_pages_for_the_care_officer(tree, care, login):
    client = login(care.union)
    response = client.post(
        reverse("care:file_create"),
        {
            "union": "UA11",
            "name": "陈美华",
            "id_number": ID,
            "cause": "schooling",
            "level": "relative",
            "household_size": "4",
            "household_income": "3600.50",
        },
    )
    file = HardshipFile.objects.get()
    assert response.status_code == 302 and file.household_income == Decimal("3600.50")
    response = client.get(reverse("care:file_list") + "?q=陈")
    assert "陈美华" in response.content.decode()
    response = client.post(reverse("care:file_create"), {"union": "UA11", "name": "x", "id_number": "123"})
    assert response.status_code == 200 and "必填" in response.content.decode() or "身份证" in response.content.decode()


def test_the_file_export_writes_formula_like_names_as_text(tree, care, login):
    """A name typed as ``=HYPERLINK(…)`` is a text cell in the export, not a live formula (issue 13)."""
    hardship_file(tree.union_a1, care.union, id_number=ID, name='=HYPERLINK("http://x","点我")')
    response = login(care.town).get(reverse("care:file_export"))
    cell = load_workbook(BytesIO(response.content)).active["A2"]
    assert cell.value == '=HYPERLINK("http://x","点我")' and cell.data_type == "s" and cell.quotePrefix


def test_the_district_sets_its_income_line_on_the_console(tree, users, care, login):
    from django.utils import timezone

    year = timezone.localdate().year
    client = login(users.district)
    client.post(reverse("care:thresholds"), {"org": tree.district.code, "year": str(year), "amount": "1210.50"})
    page = client.get(reverse("care:thresholds")).content.decode()
    assert "1210.50" in page
    file = hardship_file(tree.union_a1, care.union)
    assert file.threshold == Decimal("1210.50")
    assert login(users.union).get(reverse("care:thresholds")).status_code == 403
