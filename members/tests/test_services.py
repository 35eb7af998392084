"""Roster rules in the service layer: one membership per person, transfers that need the receiving side, the
history, audited access to ID numbers, cards that verify only while current, and online applications."""

from datetime import date

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.signing import dumps

from accounts.roles import Role
from core import sms
from core.errors import DomainError
from core.models import AuditEvent
from members import cards, joining, services
from members.models import JoinApplication, Member, MembershipEvent, PlatformUnion, Transfer
from orgs.tests.factories import OrgFactory, UserFactory

from .factories import make_id_number, member, person


def refused(code, fn, /, *args, **kwargs):
    def counts():
        return (
            Member.objects.count(),
            MembershipEvent.objects.count(),
            Transfer.objects.count(),
            AuditEvent.objects.count(),
        )

    before = counts()
    with pytest.raises(DomainError) as exc:
        fn(*args, **kwargs)
    assert exc.value.code == code, exc.value.as_dict()
    assert counts() == before
    return exc.value


def test_register_derives_gender_and_birth_and_audits_without_the_number(tree, users):
    number = make_id_number(11, birth=date(1988, 7, 9), female=True)
    m = services.register_member(
        actor=users.union,
        union=tree.union_a1,
        name=" 王 芳 ",
        id_number=number.lower(),
        phone="139 0000 1111",
        education="本科",
        tags="劳模、困难职工",
    )
    assert (m.name, m.gender, m.birth_date, m.phone, m.education) == (
        "王芳",
        "F",
        date(1988, 7, 9),
        "13900001111",
        "bachelor",
    )
    assert m.card_no.startswith("GH") and m.name_initials == "wf"
    assert sorted(m.tags.values_list("tag", flat=True)) == ["hardship", "model_worker"]
    assert m.events.get().kind == "joined"
    event = AuditEvent.objects.get(action="members.member.registered")
    assert number not in str(event.changes) and event.changes["id_masked"][1] == m.id_masked


def test_gender_and_birth_date_are_cross_checked(tree, users):
    number = make_id_number(12, birth=date(1990, 5, 6))
    err = refused(
        "birth_date_mismatch",
        services.register_member,
        actor=users.union,
        union=tree.union_a1,
        **person(12, id_number=number, birth_date="1990.5.7", gender="女"),
    )
    assert {e.code for e in err.errors} == {"birth_date_mismatch", "gender_mismatch"}


def test_one_membership_per_person_across_the_platform(tree, users):
    first = member(tree.union_a1, users.union, 20)
    raw = person(20)
    err = refused("already_member", services.register_member, actor=users.union_b, union=tree.union_b1, **raw)
    assert first.union.name in str(err.message)
    # After leaving, the same person can join again elsewhere: same record, new membership, old card invalid.
    token = cards.card_token(first)
    services.change_status(first, "quit", actor=users.union, on=date(2025, 1, 1), reason="离职")
    again = services.register_member(actor=users.union_b, union=tree.union_b1, **raw)
    assert again.pk == first.pk and again.union == tree.union_b1 and again.status == "active"
    assert not cards.verify_card(token).genuine and cards.verify_card(cards.card_token(again)).genuine


def test_members_only_in_unions_that_hold_them(tree, users):
    refused("union_cannot_hold_members", services.register_member, actor=users.town, union=tree.town_a, **person(30))
    refused("permission_denied", services.register_member, actor=users.union_b, union=tree.union_a1, **person(31))


def test_transfer_needs_the_receiving_side_and_history_shows_both_ends(tree, users):
    m = member(tree.union_a1, users.union, 40)
    t = services.request_transfer(m, tree.union_b1, actor=users.union, reason="工作调动")
    m.refresh_from_db()
    assert m.union == tree.union_a1  # nothing moves until accepted
    refused("permission_denied", services.accept_transfer, t, actor=users.union)  # the sender cannot accept
    refused("transfer_pending", services.request_transfer, m, tree.union_a2, actor=users.union, reason="再转")
    services.accept_transfer(t, actor=users.union_b, on=date(2026, 3, 1))
    m.refresh_from_db()
    assert m.union == tree.union_b1
    history = list(m.events.values_list("kind", "union__code", "other_union__code"))
    assert history == [
        ("joined", "UA11", None),
        ("transferred_out", "UA11", "UB11"),
        ("transferred_in", "UB11", "UA11"),
    ]
    refused("transfer_not_pending", services.reject_transfer, t, actor=users.union_b, note="晚了")
    # Both ends see the transfer; a third union does not.
    assert Transfer.objects.restrict(users.union, "members.view").filter(pk=t.pk).exists()
    assert Transfer.objects.restrict(users.union_b, "members.view").filter(pk=t.pk).exists()
    assert not Transfer.objects.restrict(UserFactory(grant=(tree.union_a2, Role.UNION_ADMIN)), "members.view").exists()


def test_transfer_rejected_or_cancelled_leaves_the_member(tree, users):
    m = member(tree.union_a1, users.union, 41)
    t = services.request_transfer(m, tree.union_b1, actor=users.union, reason="工作调动")
    refused("reason_required", services.reject_transfer, t, actor=users.union_b, note=" ")
    services.reject_transfer(t, actor=users.union_b, note="查无此人")
    t2 = services.request_transfer(m, tree.union_b1, actor=users.union, reason="再次申请")
    services.cancel_transfer(t2, actor=users.union)
    m.refresh_from_db()
    assert m.union == tree.union_a1 and list(m.events.values_list("kind", flat=True)) == ["joined"]


def test_status_changes_are_kept_as_history(tree, users):
    m = member(tree.union_a1, users.union, 50)
    services.change_status(m, "retain", actor=users.union, on=date(2026, 1, 5), reason="待岗期间保留会籍")
    refused(
        "status_change_not_allowed",
        services.change_status,
        m,
        "retain",
        actor=users.union,
        on=date(2026, 1, 6),
        reason="x",
    )
    services.change_status(m, "restore", actor=users.union, on=date(2026, 2, 1), reason="复岗")
    services.change_status(m, "remove", actor=users.union, on=date(2026, 3, 1), reason="严重违反会章")
    m.refresh_from_db()
    assert m.status == "removed"
    assert list(m.events.values_list("kind", flat=True)) == ["joined", "retained", "restored", "removed"]


def test_revealing_an_id_number_needs_the_permission_and_a_reason(tree, users):
    m = member(tree.union_a1, users.union, 60)
    refused("permission_denied", services.reveal_id_number, m, actor=users.union, reason="核对身份")
    officer = UserFactory(grant=(tree.town_a, Role.PII_OFFICER))
    refused("reason_required", services.reveal_id_number, m, actor=officer, reason="")
    assert services.reveal_id_number(m, actor=officer, reason="核对困难帮扶身份") == m.reveal_id_number()
    event = AuditEvent.objects.get(action="members.member.id_revealed")
    assert (event.actor, event.data["reason"]) == (officer, "核对困难帮扶身份")
    assert m.reveal_id_number() not in str(event.data)


def test_card_verification(tree, users):
    m = member(tree.union_a1, users.union, 70)
    token = cards.card_token(m)
    assert cards.verify_card(token).code == "genuine"
    assert cards.verify_card(token[:-2] + ("AA" if token[-2:] != "AA" else "BB")).code == "forged"
    assert cards.verify_card(dumps({"m": m.pk, "v": 1}, salt="another")).code == "forged"
    services.revoke_card(m, actor=users.union, reason="遗失补办")
    assert cards.verify_card(token).code == "revoked"
    assert cards.verify_card(cards.card_token(Member.objects.get(pk=m.pk))).genuine


@pytest.fixture
def gig_union(tree):
    union = OrgFactory(parent=tree.town_a, kind="joint", code="JA01", name="甲街道新就业形态联合工会")
    PlatformUnion.objects.create(org=union, platform="delivery")
    return union


def apply(union, n, **overrides):
    raw = person(n, joined_on=None, **overrides)
    return joining.submit_application(
        union=union, consent=True, consent_version=joining.CONSENT_VERSION, ip="127.0.0.1", **raw
    )


def test_online_application_is_approved_into_an_account_with_a_one_time_link(
    tree, users, gig_union, django_capture_on_commit_callbacks
):
    sms.outbox.clear()
    app = apply(gig_union, 80, gig_platform="外卖配送")
    assert app.status == "pending" and app.consent_version == joining.CONSENT_VERSION and app.consent_at
    with pytest.raises(DomainError) as exc:
        apply(gig_union, 80, gig_platform="外卖配送")
    assert exc.value.code == "application_pending"
    refused("permission_denied", joining.approve_application, app, actor=users.union_b)
    with django_capture_on_commit_callbacks(execute=True):
        m = joining.approve_application(app, actor=users.town)
    assert m.union == gig_union and m.user.phone == m.phone and not m.user.has_usable_password()
    assert "new_employment" in set(m.tags.values_list("tag", flat=True))
    (message,) = sms.outbox
    assert message.phone == m.phone and "/m/password/" in message.text
    uid, token = message.text.rstrip("/").split("/")[-2:]
    assert default_token_generator.check_token(m.user, token)
    m.user.set_password("Worker@2026")
    m.user.save()
    assert not default_token_generator.check_token(m.user, token)  # one time only
    app.refresh_from_db()
    assert (app.status, app.member) == ("approved", m)


def test_application_rules(tree, users, gig_union, django_capture_on_commit_callbacks):
    with pytest.raises(DomainError) as exc:
        joining.submit_application(
            union=gig_union,
            consent=False,
            consent_version=joining.CONSENT_VERSION,
            **person(90, gig_platform="delivery"),
        )
    assert exc.value.code == "consent_required"
    with pytest.raises(DomainError) as exc:
        apply(tree.union_b1, 91, gig_platform="delivery")  # not the union for delivery riders
    assert exc.value.code == "union_not_eligible"
    with pytest.raises(DomainError) as exc:
        apply(gig_union, 92, gig_platform="express")
    assert exc.value.code == "union_not_eligible"
    # By employer: the union covering it.
    app = joining.submit_application(
        union=tree.union_a1,
        employer=tree.ent_a1,
        consent=True,
        consent_version=joining.CONSENT_VERSION,
        **person(93, joined_on=None),
    )
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        joining.reject_application(app, actor=users.union, reason="非本单位职工")
    assert "非本单位职工" in sms.outbox[0].text
    existing = member(tree.union_a1, users.union, 94)
    with pytest.raises(DomainError) as exc:
        apply(gig_union, 94, gig_platform="delivery")
    assert exc.value.code == "already_member" and existing.union.name not in str(exc.value.message)
    assert JoinApplication.objects.filter(status="pending").count() == 0


def test_member_figures_join_the_coverage_of_every_subtree(tree, users):
    from orgs.selectors import coverage

    for n in range(5):
        member(tree.union_a1, users.union, 100 + n, tags="困难职工" if n < 2 else "")
    member(tree.union_b1, users.union_b, 110)
    quitter = member(tree.union_a1, users.union, 111)
    services.change_status(quitter, "quit", actor=users.union, on=date(2026, 1, 1), reason="离职")
    town_a, district = coverage(tree.town_a), coverage(tree.district)
    # 甲: 5 members against the 100 staff of its two covered enterprises; the one who quit does not count.
    assert (town_a["members"], town_a["join_rate"], town_a["members_by_tag"]["hardship"]) == (5, 5.0, 2)
    assert (district["members"], coverage(tree.town_b)["members"]) == (6, 1)


def test_update_member_sets_keeps_or_clears_the_employer(tree, users):
    m = services.register_member(actor=users.union, union=tree.union_a1, employer=tree.ent_a1, **person(120))
    services.update_member(m, actor=users.union, job_title="钳工")
    m.refresh_from_db()
    assert m.employer == tree.ent_a1 and m.job_title == "钳工"  # not given: kept
    services.update_member(m, actor=users.union, employer=None)
    m.refresh_from_db()
    assert m.employer is None


def test_a_transfer_cannot_be_accepted_in_the_future(tree, users):
    from datetime import timedelta

    from django.utils import timezone

    m = member(tree.union_a1, users.union, 121)
    t = services.request_transfer(m, tree.union_b1, actor=users.union, reason="调动")
    refused(
        "invalid_date", services.accept_transfer, t, actor=users.union_b, on=timezone.localdate() + timedelta(days=3)
    )
