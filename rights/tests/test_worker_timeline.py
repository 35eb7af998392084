"""The worker follows the mediation case opened from their appeal on the appeal itself (page and API): accepted as a
case, the sessions by date only, the outcome with the referral's kind, the closing. Staff notes, places,
attendees, mediators and other parties never appear."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken
from core.testing import api_headers
from members import joining

from .. import services
from ..models import Mediator
from .factories import wage_appeal

SECRET_NOTES = "企业老板私下承认资金链断裂"
SECRET_PLACE = "三楼秘密会议室"
SECRET_ATTENDEE = "车间主任王某某"
MEDIATOR_NAME = "退休法官周德明"
OTHER_PARTY = "另一职工赵小兰"


def _followed_case(tree, users, *, outcome="referred"):
    appeal = wage_appeal(tree.union_a1, users.union, employer=tree.ent_a1)
    case = services.open_case_from_appeal(appeal, actor=users.union)
    mediator = Mediator.objects.create(org=tree.union_a1, name=MEDIATOR_NAME, phone="13955556666")
    services.set_case_mediators(case, actor=users.union, staff=[users.union], registered=[mediator])
    # Another worker on the same case (a collective dispute in the making).
    case.parties.create(name=OTHER_PARTY, phone="13811112222")
    held_on = timezone.localdate()
    services.record_session(
        case, actor=users.union, held_on=held_on, notes=SECRET_NOTES, place=SECRET_PLACE, attendees=SECRET_ATTENDEE
    )
    if outcome == "referred":
        services.close_case(case, actor=users.union, outcome="referred", referral="arbitration", note=SECRET_NOTES)
    elif outcome == "agreed":
        services.close_case(
            case, actor=users.union, outcome="agreed", agreement_text=SECRET_NOTES, amount_recovered="8000"
        )
    return appeal, case, held_on


def _assert_nothing_private(text: str, case):
    for secret in (SECRET_NOTES, SECRET_PLACE, SECRET_ATTENDEE, MEDIATOR_NAME, OTHER_PARTY, "13955556666"):
        assert secret not in text
    # The staff's internal note on the appeal ("转入劳动争议调解，案件编号 …") stays internal too.
    assert "转入劳动争议调解，案件编号" not in text


def test_the_appeal_page_shows_the_case_steps(tree, users, login):
    appeal, case, held_on = _followed_case(tree, users)
    client = login(joining.ensure_account(appeal.member))
    response = client.get(reverse("appeals:follow", args=[appeal.tracking_no]))
    assert response.status_code == 200
    html = response.content.decode()
    for kind in ("mediation_accepted", "mediation_session", "mediation_outcome", "mediation_closed"):
        assert f'data-kind="{kind}"' in html
    assert case.case_no in html and "调解不成，转介劳动仲裁" in html and "调解结案" in html
    assert held_on.strftime("%Y-%m-%d") in html
    _assert_nothing_private(html, case)
    # In time order: the appeal's submission, then the case accepted, its session, outcome and closing.
    positions = [html.index(f'data-kind="{k}"') for k in ("submitted", "mediation_accepted", "mediation_outcome")]
    assert positions == sorted(positions)


def test_the_member_api_lists_the_case_steps(client, tree, users):
    appeal, case, held_on = _followed_case(tree, users, outcome="agreed")
    _, raw = ApiToken.issue(joining.ensure_account(appeal.member))
    response = client.get(f"/api/v1/me/appeals/{appeal.tracking_no}", headers=api_headers(raw))
    assert response.status_code == 200
    body = response.json()
    steps = body["linked_steps"]
    assert [s["kind"] for s in steps] == [
        "mediation_accepted",
        "mediation_session",
        "mediation_outcome",
        "mediation_closed",
    ]
    assert steps[0]["note"] == f"案件编号 {case.case_no}" and steps[0]["org_name"] == tree.union_a1.name
    assert steps[1]["date_only"] is True and steps[1]["note"] == ""
    assert steps[1]["day"] == held_on.isoformat()
    assert steps[2]["note"] == "调解成功"
    _assert_nothing_private(response.content.decode(), case)


def test_the_public_api_lists_the_case_steps_without_notes(client, tree, users):
    from appeals.api.public import access_pass

    appeal = wage_appeal(
        tree.union_a1, users.union, name="孙立", phone="13712345678", member=None, employer=tree.ent_a1
    )
    case = services.open_case_from_appeal(appeal, actor=users.union)
    services.record_session(case, actor=users.union, held_on=timezone.localdate(), notes=SECRET_NOTES)
    proof = {"phone": "13712345678", "access": access_pass("13712345678")["access"]}
    response = client.post(
        "/api/v1/public/appeals/lookup",
        data={**proof, "tracking_no": appeal.tracking_no},
        content_type="application/json",
    )
    assert response.status_code == 200
    kinds = [s["kind"] for s in response.json()["linked_steps"]]
    assert kinds == ["mediation_accepted", "mediation_session"]  # still open: no outcome yet
    _assert_nothing_private(response.content.decode(), case)


def test_an_appeal_without_a_case_has_no_linked_steps(client, tree, users):
    appeal = wage_appeal(tree.union_a1, users.union)
    _, raw = ApiToken.issue(joining.ensure_account(appeal.member))
    body = client.get(f"/api/v1/me/appeals/{appeal.tracking_no}", headers=api_headers(raw)).json()
    assert body["linked_steps"] == []


def test_a_session_on_the_day_of_acceptance_reads_after_it(tree, users):
    from ..selectors import public_case_steps

    appeal, case, held_on = _followed_case(tree, users, outcome="open")
    steps = public_case_steps(case)
    assert [s.kind for s in steps] == ["mediation_accepted", "mediation_session"]
    assert steps[1].at >= steps[0].at and held_on <= date.today() + timedelta(days=1)
