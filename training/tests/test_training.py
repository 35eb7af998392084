"""Courses, enrolment within the quota (a flood of threads never goes past it), check-in by the member's e-card,
completion by the rule with the union's subsidy, and the certificate whose QR verifies (a tampered one does not)."""

from decimal import Decimal

import pytest
from django.core import signing

from core.errors import DomainError, ValidationFailed
from core.testing import run_at_once
from members import cards
from reports import engine
from reports.periods import year

from .. import certificates, services
from ..models import Course, Enrolment
from .factories import course, craft_school, finished_course_with_certificate, member_with_account, session


def test_course_validation_names_each_field_in_chinese(tree, users):
    with pytest.raises(ValidationFailed) as caught:
        services.create_course(
            actor=users.town, org=tree.town_a, title="", kind="x", starts_on="2026-05-01", capacity=0,
            fee="abc", subsidy="5", sessions_required=0,
        )  # fmt: skip
    fields = {e.field: str(e.message) for e in caught.value.errors}
    assert fields["title"] == "课程名称：必填"
    assert fields["kind"].startswith("类别：") and fields["capacity"].startswith("名额：")
    assert fields["provider_name"].startswith("承办学校或机构：") and fields["fee"].startswith("学费：")
    assert fields["sessions_required"].startswith("结业须出勤课次：")
    with pytest.raises(ValidationFailed) as caught:
        course(tree.town_a, users.town, fee="100", subsidy="200")
    assert [e.code for e in caught.value.errors] == ["subsidy_above_fee"]


def test_course_at_a_craft_school(tree, users):
    school = craft_school(tree.town_a, users.town)
    c = course(tree.union_a1, users.union, provider_place=school, provider_name="")
    assert c.provider == "甲街道工匠学堂"
    station = craft_school(tree.town_a, users.town, kind="station", name="驿站")
    with pytest.raises(ValidationFailed):
        course(tree.union_a1, users.union, provider_place=station, provider_name="")


def test_enrol_within_quota_and_eligibility(tree, users):
    c = course(tree.town_a, users.town, capacity=1)
    a, b = (member_with_account(tree.union_a1, users.union, n) for n in (1, 2))
    services.enrol(c, a, actor=a.user)
    with pytest.raises(DomainError) as caught:
        services.enrol(c, a, actor=a.user)
    assert caught.value.code == "already_enrolled"
    with pytest.raises(DomainError) as caught:
        services.enrol(c, b, actor=b.user)
    assert caught.value.code == "course_full"
    outsider = member_with_account(tree.union_b1, users.union_b, 3)
    with pytest.raises(DomainError) as caught:
        services.enrol(c, outsider, actor=outsider.user)
    assert caught.value.code == "not_eligible"
    services.cancel_enrolment(Enrolment.objects.get(course=c, member=a), actor=a.user)
    services.enrol(c, b, actor=b.user)
    assert Course.objects.get(pk=c.pk).enrolled == 1


@pytest.mark.django_db(transaction=True)
def test_enrolment_flood_never_goes_past_the_quota(tree, users):
    c = course(tree.town_a, users.town, capacity=5)
    crowd = [member_with_account(tree.union_a1, users.union, 100 + n) for n in range(12)]
    made, refused = run_at_once([lambda m=m: services.enrol(c, m, actor=m.user) for m in crowd])
    assert len(made) == 5 and set(refused) == {"course_full"} and len(refused) == 7
    assert Course.objects.get(pk=c.pk).enrolled == 5 == Enrolment.objects.filter(course=c).count()


def test_check_in_by_card_and_completion_rule(tree, users):
    c = course(tree.town_a, users.town, sessions_required=2)
    s1, s2 = session(c, users.town, 1), session(c, users.town, 2)
    keen, lazy = (member_with_account(tree.union_a1, users.union, n) for n in (11, 12))
    for m in (keen, lazy):
        services.enrol(c, m, actor=m.user)
    # The e-card's QR (its verification link), then a typed card number; a second scan is harmless.
    _, created = services.check_in(s1, cards.verify_url(keen), actor=users.town)
    assert created
    assert services.check_in(s1, keen.card_no, actor=users.town)[1] is False
    services.check_in(s2, keen.card_no, actor=users.town)
    services.check_in(s1, lazy.card_no, actor=users.town)
    stranger = member_with_account(tree.union_a2, users.town, 13)
    with pytest.raises(DomainError) as caught:
        services.check_in(s1, stranger.card_no, actor=users.town)
    assert caught.value.code == "not_enrolled"
    with pytest.raises(DomainError) as caught:
        services.check_in(s1, "not-a-card", actor=users.town)
    assert caught.value.code == "member_not_found"
    assert services.finish_course(c, actor=users.town) == {"completed": 1, "not_completed": 1}
    done = Enrolment.objects.get(course=c, member=keen)
    assert done.status == "completed" and done.attended == 2 and done.certificate.number.startswith("PX")
    assert done.member_pays == Decimal("600.00")
    assert Enrolment.objects.get(course=c, member=lazy).status == "not_completed"
    with pytest.raises(DomainError):
        services.enrol(c, stranger, actor=users.town)


def test_a_certificates_qr_verifies_and_a_tampered_one_does_not(client, tree, users):
    worker = member_with_account(tree.union_a1, users.union, 21)
    cert = finished_course_with_certificate(tree.town_a, users.town, worker)
    token = certificates.certificate_token(cert)
    assert certificates.verify(token).genuine
    response = client.get(f"/verify/training/{token}/")
    assert response.status_code == 200 and 'data-verdict="genuine"' in response.content.decode()
    assert worker.name in response.content.decode()
    # The QR on the printed page carries exactly this verification link.
    printed = certificates.verify_url(cert).split("/verify/training/")[1].strip("/")
    assert certificates.verify(printed).genuine
    # Change one character of the payload, or forge a token for another certificate number: both fail.
    value, signature = token.rsplit(":", 1)
    tampered = value[:-1] + ("A" if value[-1] != "A" else "B") + ":" + signature
    assert certificates.verify(tampered).code == "forged"
    page = client.get(f"/verify/training/{tampered}/").content.decode()
    assert 'data-verdict="forged"' in page and worker.name not in page
    forged = signing.dumps({"c": cert.pk, "n": "PX2099000001"}, salt="other", compress=True)
    assert certificates.verify(forged).code == "forged"
    cert.revoked = True
    cert.save(update_fields=["revoked"])
    assert certificates.verify(token).code == "revoked"


def test_training_figures(tree, users):
    worker = member_with_account(tree.union_a1, users.union, 31)
    finished_course_with_certificate(tree.town_a, users.town, worker)
    other = course(tree.town_b, users.district)
    services.enrol(other, member_with_account(tree.union_b1, users.union_b, 32), actor=users.district)
    from django.utils import timezone

    this_year = year(timezone.localdate().year)
    district = engine.compute(tree.district, [this_year]).totals
    assert district["training.enrolments"] == [2]
    assert district["training.completions"] == [1]
    assert district["training.subsidy"] == [Decimal("600.00")]
    town_b = engine.compute(tree.town_b, [this_year]).totals
    assert town_b["training.enrolments"] == [1] and town_b["training.completions"] == [0]
