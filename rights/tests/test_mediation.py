"""Mediation cases in the service layer (acceptance point 1): an appeal becomes a case with its worker carried over;
the case ends in each outcome; the referral to legal aid carries the parties; money is exact to the fen; the time
limit counts working days over a holiday, with frozen time; every write leaves an audit event."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from appeals.models import Holiday
from core.errors import DomainError, ValidationFailed
from core.models import AuditEvent
from rights import services
from rights.models import AidParty, CaseStatus, LegalAidCase, MediationCase

from .factories import ID_NUMBER, at, case, wage_appeal


@pytest.fixture
def national_day(db):
    """2026: 国庆 1–7 October off; Saturday 10 October worked in their place (调休)."""
    for d in range(1, 8):
        Holiday.objects.create(day=date(2026, 10, d), name="国庆节")
    Holiday.objects.create(day=date(2026, 10, 10), is_workday=True, name="国庆调休")


def test_an_appeal_becomes_a_case_with_its_worker(tree, users):
    appeal = wage_appeal(tree.union_a1, users.union, employer=tree.ent_a1, name_visible=False)
    c = services.open_case_from_appeal(appeal, actor=users.union, amount_claimed="8650.5")
    assert c.case_no.startswith("TJ") and c.appeal == appeal and c.org == tree.union_a1
    assert (c.enterprise, c.enterprise_name, c.enterprise_uscc) == (tree.ent_a1, "甲一机械有限公司", tree.ent_a1.uscc)
    assert c.dispute_type == "wages" and c.committee_level == "grassroots" and c.status == CaseStatus.OPEN
    assert c.amount_claimed == Decimal("8650.50")
    (party,) = c.parties.all()
    assert (party.member, party.name, party.phone, party.name_visible) == (
        appeal.member,
        appeal.member.name,
        appeal.phone,
        False,
    )
    # The member's ID number carried over as ciphertext, masked for display.
    assert party.id_masked == appeal.member.id_masked and party.reveal_id_number() == appeal.member.reveal_id_number()
    assert appeal.mediation_case == c
    assert appeal.events.filter(kind="note", note__contains=c.case_no).exists()
    assert AuditEvent.objects.filter(action="rights.case.opened", object_id=str(c.pk)).count() == 1
    # An appeal opens one case only.
    with pytest.raises(DomainError) as exc:
        services.open_case_from_appeal(appeal, actor=users.union)
    assert exc.value.code == "appeal_has_case" and c.case_no in exc.value.message


def test_only_flagged_open_appeals_in_scope_become_cases(tree, users):
    other = wage_appeal(tree.union_a1, users.union, 2, category="living")
    assert not other.rights_flag
    with pytest.raises(DomainError) as exc:
        services.open_case_from_appeal(other, actor=users.union)
    assert exc.value.code == "appeal_not_flagged"
    appeal = wage_appeal(tree.union_a1, users.union, 3)
    with pytest.raises(DomainError) as exc:
        services.open_case_from_appeal(appeal, actor=users.union_b)
    assert exc.value.code == "permission_denied"
    assert MediationCase.objects.count() == 0


@pytest.mark.parametrize(
    "outcome, extra",
    [
        ("agreed", {"agreement_text": "公司于 10 日内一次性支付拖欠工资。", "amount_recovered": "12000.00"}),
        ("withdrawn", {"note": "申请人撤回申请"}),
        ("failed", {"note": "双方分歧较大"}),
        ("referred", {"note": "公司拒绝调解", "referral": "arbitration"}),
    ],
)
def test_a_case_ends_in_each_outcome(tree, users, outcome, extra):
    c = case(tree.town_a, users.town)
    services.record_session(c, actor=users.town, held_on=date.today(), notes="双方到场，说明了各自意见")
    closed = services.close_case(c, actor=users.town, outcome=outcome, **extra)
    closed.refresh_from_db()
    assert closed.status == outcome and closed.closed_at is not None
    assert closed.referral == extra.get("referral", "")
    assert AuditEvent.objects.filter(action="rights.case.closed", object_id=str(c.pk)).count() == 1
    # A closed case takes nothing more.
    with pytest.raises(DomainError) as exc:
        services.record_session(c, actor=users.town, held_on=date.today(), notes="再谈")
    assert exc.value.code == "case_closed"
    with pytest.raises(DomainError):
        services.close_case(c, actor=users.town, outcome="failed", note="x")


def test_each_outcome_asks_for_what_it_needs(tree, users):
    c = case(tree.town_a, users.town)
    with pytest.raises(ValidationFailed) as exc:
        services.close_case(c, actor=users.town, outcome="agreed", amount_recovered="1.234")
    assert {e.code for e in exc.value.errors} == {"agreement_required", "invalid_amount"}
    with pytest.raises(ValidationFailed) as exc:
        services.close_case(c, actor=users.town, outcome="referred")
    assert {e.code for e in exc.value.errors} == {"note_required", "referral_required"}
    with pytest.raises(DomainError) as exc:
        services.close_case(c, actor=users.town, outcome="won")
    assert exc.value.code == "invalid_outcome"
    c.refresh_from_db()
    assert c.status == CaseStatus.OPEN


def test_referral_to_legal_aid_carries_the_parties(tree, users):
    c = case(
        tree.town_a,
        users.town,
        workers=0,
        parties=[
            {"name": "王建国", "phone": "13900001111", "id_number": ID_NUMBER},
            {"name": "李秀英", "phone": "13900002222"},
            {"name": "赵大海", "phone": "13900003333", "name_visible": True},
        ],
        amount="35600.80",
    )
    assert c.workers == 3 and c.is_collective
    services.close_case(c, actor=users.town, outcome="referred", referral="legal_aid", note="企业负责人拒不到场")
    aid = LegalAidCase.objects.get(source_case=c)
    assert (aid.org, aid.enterprise_name, aid.dispute_type, aid.amount_claimed) == (
        tree.town_a,
        c.enterprise_name,
        "wages",
        Decimal("35600.80"),
    )
    parties = list(aid.parties.order_by("id"))
    assert [(p.name, p.phone, p.name_visible) for p in parties] == [
        ("王建国", "13900001111", False),
        ("李秀英", "13900002222", False),
        ("赵大海", "13900003333", True),
    ]
    assert parties[0].id_masked == "1101**********002X" and parties[0].reveal_id_number() == ID_NUMBER
    assert AidParty.objects.count() == 3
    assert AuditEvent.objects.filter(action="rights.aid.opened", object_id=str(aid.pk)).exists()
    # The aid case goes on: a lawyer, a stage, an outcome.
    lawyer = services.add_lawyer(actor=users.town, org=tree.town_a, name="陈律师", firm="浙江甬东律师事务所")
    services.assign_lawyer(aid, actor=users.town, lawyer=lawyer)
    services.set_stage(aid, actor=users.town, stage="arbitration")
    services.close_aid(aid, actor=users.town, outcome="仲裁裁决支付", amount_recovered="35600.8")
    aid.refresh_from_db()
    assert (aid.lawyer, aid.stage, aid.status, aid.amount_recovered) == (
        lawyer,
        "arbitration",
        "closed",
        Decimal("35600.80"),
    )


def test_money_is_exact_to_the_fen(tree, users):
    amounts = ["0.10", "0.20", "1234567.89", "0.01", "99999.99"]
    cases = [case(tree.town_a, users.town, amount=a) for a in amounts]
    for c, a in zip(cases, ["0.1", "0.2", "1234567.89", "0.01", "99999.99"], strict=True):
        services.close_case(c, actor=users.town, outcome="agreed", agreement_text="支付", amount_recovered=a)
    total = sum(MediationCase.objects.values_list("amount_recovered", flat=True), Decimal("0"))
    assert total == Decimal("1334568.19")  # 0.1 + 0.2 is 0.30 exactly, never 0.30000000000000004
    assert all(isinstance(v, Decimal) for v in MediationCase.objects.values_list("amount_claimed", flat=True))
    for bad in ["-1", "12.345", "abc", "1e20", "NaN"]:
        with pytest.raises(ValidationFailed) as exc:
            case(tree.town_a, users.town, amount=bad)
        assert exc.value.code == "invalid_amount" and "请求金额" in exc.value.message
    assert services.parse_money("1,234.5", label="x", field="x") == Decimal("1234.50")


def test_the_time_limit_counts_working_days_over_a_holiday(tree, users, national_day):
    # Accepted Friday 25 September 2026: 15 working days skip two weekends, the 国庆 week, and count Saturday 10
    # October (调休): 28,29,30 Sep; 8,9,10,12,13,14,15,16,19,20,21,22 Oct → Thursday 22 October.
    with time_machine.travel(at(2026, 9, 25, 15), tick=False):
        appeal = wage_appeal(tree.union_a1, users.union)
        c = services.open_case_from_appeal(appeal, actor=users.union)
    assert c.due_at == at(2026, 10, 22, 23, 59).replace(second=59)
    with time_machine.travel(at(2026, 10, 22, 18), tick=False):
        from rights import selectors

        assert list(selectors.search_cases(users.union, due="overdue")) == []
        assert list(selectors.search_cases(users.union, due="soon")) == [c]
    with time_machine.travel(at(2026, 10, 23, 0, 5), tick=False):
        assert list(selectors.search_cases(users.union, due="overdue")) == [c]
        items = selectors.work_items(users.union)
        assert [(i.label, i.count, i.level) for i in items] == [("调解案件超期", 1, "danger")]
        # Extended once, by 15 working days after the current limit: 23 Oct … → Thursday 12 November.
        with pytest.raises(DomainError) as exc:
            services.extend_case(c, actor=users.union, reason=" ")
        assert exc.value.code == "reason_required"
        c = services.extend_case(c, actor=users.union, reason="双方同意延长调解期限")
        assert c.due_at == at(2026, 11, 12, 23, 59).replace(second=59)
        with pytest.raises(DomainError) as exc:
            services.extend_case(c, actor=users.union, reason="再延一次")
        assert exc.value.code == "already_extended"
    assert AuditEvent.objects.filter(action="rights.case.extended").count() == 1


def test_sessions_are_dated_within_the_case(tree, users):
    with time_machine.travel(at(2026, 9, 25, 15), tick=False):
        c = case(tree.town_a, users.town)
    with time_machine.travel(at(2026, 9, 28, 15), tick=False):
        with pytest.raises(ValidationFailed) as exc:
            services.record_session(c, actor=users.town, held_on=date(2026, 9, 24), notes="")
        assert {e.code for e in exc.value.errors} == {"invalid_held_on", "session_notes_required"}
        with pytest.raises(ValidationFailed):
            services.record_session(c, actor=users.town, held_on=date(2026, 9, 29), notes="明天")
        s = services.record_session(c, actor=users.town, held_on=date(2026, 9, 28), notes="第一次调解", place="调解室")
    assert list(c.sessions.all()) == [s]
    assert AuditEvent.objects.filter(action="rights.case.session_recorded").count() == 1


def test_open_case_validates_every_field_at_once(tree, users):
    with pytest.raises(ValidationFailed) as exc:
        services.open_case(
            actor=users.town,
            org=tree.town_a,
            parties=[{"name": ""}, {"name": "张三", "phone": "123", "id_number": "110105194912310021"}],
            dispute_type="x",
            summary="",
            enterprise_name="",
            enterprise_uscc="123",
            amount_claimed="-5",
        )
    codes = [e.code for e in exc.value.errors]
    assert set(codes) == {
        "invalid_dispute_type",
        "summary_required",
        "enterprise_required",
        "invalid_uscc",
        "invalid_amount",
        "party_name_required",
        "invalid_party_phone",
        "invalid_party_id",
    }
    messages = " ".join(str(e.message) for e in exc.value.errors)
    assert "第 1 名职工" in messages and "第 2 名职工" in messages
    assert MediationCase.objects.count() == 0


def test_id_numbers_are_revealed_only_to_the_privacy_role_with_a_reason(tree, users):
    from accounts.roles import Role
    from orgs.tests.factories import UserFactory

    c = case(tree.town_a, users.town, parties=[{"name": "王建国", "id_number": ID_NUMBER}])
    with pytest.raises(DomainError) as exc:
        services.reveal_party_ids(c, actor=users.town, reason="打印协议")
    assert exc.value.code == "permission_denied"
    privacy = UserFactory(username="privacy", grant=(tree.district, Role.PII_OFFICER))
    with pytest.raises(DomainError) as exc:
        services.reveal_party_ids(c, actor=privacy, reason="")
    assert exc.value.code == "reveal_reason_required"
    shown = services.reveal_party_ids(c, actor=privacy, reason="打印协议书需完整证件号")
    assert list(shown.values()) == [ID_NUMBER]
    event = AuditEvent.objects.get(action="rights.case.ids_revealed")
    assert event.data["reason"] == "打印协议书需完整证件号" and event.actor == privacy
