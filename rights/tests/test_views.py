"""The console pages of 维权维稳: the leads list opens a case from an appeal, the case page records a session and an
agreement, the 调解协议书 prints the parties with ID numbers masked (full only for the privacy role, with a reason,
audited); the queue's search, filters, empty state and query count; 403 for a viewer who may not handle."""

from datetime import date, timedelta

from django.urls import reverse

from accounts.roles import Role
from core.models import AuditEvent
from orgs.tests.factories import UserFactory
from rights import services
from rights.models import CaseStatus, MediationCase

from .factories import ID_NUMBER, case, wage_appeal


def test_staff_open_a_case_from_a_lead_record_a_session_and_an_agreement(tree, users, login):
    appeal = wage_appeal(tree.union_a1, users.union, employer=tree.ent_a1)
    client = login(users.union)
    leads = client.get(reverse("rights:leads"))
    assert appeal.tracking_no in leads.content.decode()
    url = reverse("rights:from_appeal", args=[appeal.pk])
    assert "转入劳动争议调解" in client.get(url).content.decode()
    bad = client.post(url, {"dispute_type": "wages", "committee_level": "grassroots", "amount_claimed": "1.234"})
    assert bad.status_code == 200 and "最多两位小数" in bad.content.decode()
    response = client.post(url, {"dispute_type": "wages", "committee_level": "grassroots", "amount_claimed": "8650.5"})
    c = MediationCase.objects.get()
    assert response.status_code == 302 and response.url == reverse("rights:case", args=[c.pk])
    assert appeal.tracking_no not in client.get(reverse("rights:leads")).content.decode()
    page = client.get(response.url).content.decode()
    assert c.case_no in page and "8650.50" in page and "尚未记录调解" in page
    r = client.post(reverse("rights:session", args=[c.pk]), {"held_on": date.today().isoformat(), "notes": "双方到场"})
    assert r.status_code == 302
    r = client.post(
        reverse("rights:close", args=[c.pk]),
        {"outcome": "agreed", "agreement_text": "公司于 2026 年 1 月 10 日前支付。", "amount_recovered": "8650.50"},
    )
    assert r.status_code == 302
    c.refresh_from_db()
    assert c.status == CaseStatus.AGREED and str(c.amount_recovered) == "8650.50"
    printed = client.get(reverse("rights:agreement", args=[c.pk])).content.decode()
    assert "劳动争议调解协议书" in printed and appeal.member.name in printed and "8650.50" in printed
    assert appeal.member.id_masked in printed and appeal.member.reveal_id_number() not in printed


def test_the_agreement_reveals_ids_only_to_the_privacy_role(tree, users, login):
    c = case(tree.town_a, users.town, parties=[{"name": "王建国", "id_number": ID_NUMBER}])
    services.close_case(c, actor=users.town, outcome="agreed", agreement_text="支付", amount_recovered="100")
    url = reverse("rights:agreement", args=[c.pk])
    town = login(users.town)
    assert ID_NUMBER not in town.get(url).content.decode()
    assert town.post(url, {"reason": "打印"}).status_code == 403
    privacy = UserFactory(username="privacy", grant=(tree.district, Role.PII_OFFICER))
    client = login(privacy)
    page = client.get(url).content.decode()
    assert "1101**********002X" in page and ID_NUMBER not in page and "查看理由" in page
    assert ID_NUMBER not in client.post(url, {"reason": ""}).content.decode()
    assert ID_NUMBER in client.post(url, {"reason": "当事人要求打印完整协议"}).content.decode()
    assert AuditEvent.objects.filter(action="rights.case.ids_revealed", actor=privacy).count() == 1
    # The privacy officer sees the case but may not act on it.
    assert client.get(reverse("rights:case", args=[c.pk])).status_code == 200
    open_case = case(tree.town_a, users.town)
    assert client.post(reverse("rights:extend", args=[open_case.pk]), {"reason": "x"}).status_code == 403


def test_an_open_case_has_no_agreement_to_print(tree, users, login):
    c = case(tree.town_a, users.town)
    assert login(users.town).get(reverse("rights:agreement", args=[c.pk])).status_code == 404


def test_the_queue_searches_filters_and_pins_its_queries(tree, users, login, django_assert_max_num_queries):
    client = login(users.town)
    assert "暂无调解中的案件" in client.get(reverse("rights:cases")).content.decode()
    for i in range(5):
        case(tree.town_a, users.town, workers=3 if i == 0 else 1, enterprise_name=f"甬东{i}号建筑公司")
    done = case(tree.town_a, users.town, enterprise_name="已结案公司")
    services.close_case(done, actor=users.town, outcome="withdrawn", note="撤回")
    case(tree.union_b1, users.union_b, enterprise_name="乙镇的公司")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("rights:cases")).content.decode()
    assert page.count("甬东") == 5 and "已结案公司" not in page and "乙镇的公司" not in page and "集体争议 3 人" in page
    assert "甬东3号" in client.get(reverse("rights:cases"), {"q": "甬东3号"}).content.decode()
    assert "甬东1号" not in client.get(reverse("rights:cases"), {"q": "甬东3号"}).content.decode()
    closed = client.get(reverse("rights:cases"), {"status": "closed"}).content.decode()
    assert "已结案公司" in closed and "甬东1号" not in closed
    assert "没有符合条件的案件" in client.get(reverse("rights:cases"), {"due": "overdue"}).content.decode()


def test_staff_open_a_collective_case_directly_with_row_errors(tree, users, login):
    client = login(users.town)
    form = {
        "org": "TA01",
        "committee_level": "town",
        "enterprise_name": "甬东某建筑劳务有限公司",
        "enterprise_uscc": "",
        "dispute_type": "wages",
        "amount_claimed": "56000",
        "summary": "拖欠 12 名农民工工资",
        "parties": "王建国 13900001111\n李秀英 123\n赵大海",
    }
    r = client.post(reverse("rights:case_create"), form)
    assert r.status_code == 200 and "第 2 名职工：手机号应为 11 位" in r.content.decode()
    r = client.post(reverse("rights:case_create"), {**form, "parties": "王建国 13900001111\n李秀英\n赵大海"})
    c = MediationCase.objects.get()
    assert r.status_code == 302 and c.workers == 3 and c.is_collective and c.committee_level == "town"
    other_town = client.post(reverse("rights:case_create"), {**form, "org": "TB01"})
    assert "不在您的管理范围内" in other_town.content.decode()


def test_legal_aid_pages(tree, users, login):
    c = case(tree.town_a, users.town, workers=2)
    services.close_case(c, actor=users.town, outcome="referred", referral="legal_aid", note="拒绝调解")
    aid = c.legal_aid
    client = login(users.town)
    assert aid.aid_no in client.get(reverse("rights:aids")).content.decode()
    r = client.post(reverse("rights:lawyers"), {"org": "TA01", "name": "陈律师", "firm": "浙江甬东律师事务所"})
    assert r.status_code == 302
    lawyer = services.add_lawyer(actor=users.town, org=tree.town_a, name="林律师", firm="宁波某律所")
    r = client.post(reverse("rights:aid", args=[aid.pk]), {"lawyer": lawyer.pk, "stage": "arbitration"})
    assert r.status_code == 302
    aid.refresh_from_db()
    assert (aid.lawyer, aid.stage) == (lawyer, "arbitration")
    page = client.get(reverse("rights:aid", args=[aid.pk])).content.decode()
    assert "职工1" in page and c.case_no in page
    r = client.post(reverse("rights:aid_close", args=[aid.pk]), {"outcome": "仲裁支持", "amount_recovered": "100.5"})
    aid.refresh_from_db()
    assert r.status_code == 302 and aid.status == "closed" and str(aid.amount_recovered) == "100.50"


def test_supervision_pages_record_an_inspection_a_problem_a_document_and_a_rectification(tree, users, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from rights.models import Inspection

    client = login(users.town)
    assert "尚未登记劳动法律监督检查" in client.get(reverse("rights:inspections")).content.decode()
    form = {
        "org": "TA01",
        "enterprise": tree.ent_b1.uscc,
        "inspected_on": date.today().isoformat(),
        "inspectors": "张明",
        "items": ["wages", "women"],
        "findings": "抽查工资台账",
    }
    r = client.post(reverse("rights:inspection_create"), form)
    assert "不在您的管理范围内" in r.content.decode() and not Inspection.objects.exists()
    r = client.post(reverse("rights:inspection_create"), {**form, "enterprise": tree.ent_a1.uscc})
    ins = Inspection.objects.get()
    assert r.status_code == 302 and ins.items == ["wages", "women"]
    url = reverse("rights:inspection", args=[ins.pk])
    due = (date.today() + timedelta(days=30)).isoformat()
    r = client.post(url, {"item": "wages", "due_on": date.today().isoformat(), "description": "欠发加班费"})
    assert "整改期限：须晚于检查日期" in r.content.decode() or "须晚于检查日期" in r.content.decode()
    assert client.post(url, {"item": "wages", "due_on": due, "description": "欠发加班费"}).status_code == 302
    r = client.post(reverse("rights:document_issue", args=[ins.pk]), {"kind": "opinion", "content": "请于 30 日内整改"})
    assert r.status_code == 302
    doc = ins.documents.get()
    printed = client.get(reverse("rights:document", args=[doc.pk])).content.decode()
    assert "劳动法律监督意见书" in printed and "甲街道总工会工监〔" in printed and "欠发加班费" in printed
    problem = ins.problems.get()
    upload = SimpleUploadedFile("receipt.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    r = client.post(reverse("rights:rectify", args=[problem.pk]), {"rectification": "已补发", "evidence": upload})
    assert r.status_code == 302
    problem.refresh_from_db()
    assert problem.status == "rectified"
    evidence = client.get(reverse("rights:evidence", args=[problem.pk]))
    assert evidence.status_code == 200 and b"".join(evidence.streaming_content).startswith(b"%PDF")
    assert "已整改" in client.get(reverse("rights:problems")).content.decode()
    # The union of 乙镇 sees none of it.
    assert login(users.union_b).get(url).status_code == 404
