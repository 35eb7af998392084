"""Roster export: the shared filter, masked files by default, unmasked ones only with ``members.export_pii`` over
the scope and a reason (audited), files only for their creator, the pages and the API."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Grant
from accounts.roles import Role
from core.errors import DomainError
from core.models import AuditEvent, Job
from core.testing import assert_out_of_scope
from members import exporting, importing, services
from members.exporting import EXPORT_HEADERS, filtered_members
from members.models import Member
from orgs.tests.factories import UserFactory

from .factories import member
from .test_import import unique_person, upload, write_roster


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Generated files go to a temporary folder, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def roster(tree, users):
    """Members across the tree: two in union_a1 (one quit, one tagged), one each in union_a2, village_a2,
    union_b1."""
    a1 = member(tree.union_a1, users.union, 1, tags="劳模", joined_on=date(2023, 5, 1))
    a1_quit = member(tree.union_a1, users.union, 2)
    services.change_status(a1_quit, "quit", actor=users.union, on=date(2024, 6, 1), reason="离职")
    a2 = member(tree.union_a2, users.town, 3, joined_on=date(2024, 1, 10))
    village = member(tree.village_a2, users.town, 4)
    b1 = member(tree.union_b1, users.union_b, 5)
    services.update_member(a1, actor=users.union, employer=tree.ent_a1)
    return type("Roster", (), {"a1": a1, "a1_quit": a1_quit, "a2": a2, "village": village, "b1": b1})


@pytest.fixture
def officer(tree):
    """A union admin of union_a1 who is also its 个人信息查看员 (may export unmasked there)."""
    user = UserFactory(username="officer", grant=(tree.union_a1, Role.UNION_ADMIN))
    Grant.objects.create(user=user, org=tree.union_a1, role=Role.PII_OFFICER)
    return user


@pytest.fixture
def export(django_capture_on_commit_callbacks):
    """``export(user, filters, **kw)`` → the finished export job."""

    def go(user, filters=None, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            job = exporting.start_export(actor=user, filters=filters or {}, **kwargs)
        job.refresh_from_db()
        return job

    return go


def read(job) -> list[list]:
    with job.output_file.open("rb") as fh:
        ws = load_workbook(io.BytesIO(fh.read())).active
    return [[c.value for c in row] for row in ws.iter_rows()]


def names(qs) -> set[str]:
    return set(qs.values_list("pk", flat=True))


def test_filtered_members_applies_each_filter(tree, users, roster):
    r = roster
    town = users.town
    assert names(filtered_members(town, {})) == {r.a1.pk, r.a1_quit.pk, r.a2.pk, r.village.pk}
    assert names(filtered_members(town, {"union": "ua12"})) == {r.a2.pk, r.village.pk}
    assert names(filtered_members(town, {"union": "UA12", "subtree": "0"})) == {r.a2.pk}
    assert names(filtered_members(town, {"under": str(tree.union_a2.pk)})) == {r.a2.pk, r.village.pk}
    assert names(filtered_members(town, {"status": "quit"})) == {r.a1_quit.pk}
    assert names(filtered_members(town, {"tag": "model_worker"})) == {r.a1.pk}
    assert names(filtered_members(town, {"employer": str(tree.ent_a1.pk)})) == {r.a1.pk}
    assert names(filtered_members(town, {"joined_from": "2023-01-01", "joined_to": "2023-12-31"})) == {r.a1.pk}
    assert names(filtered_members(town, {"joined_from": "2024/1/10", "joined_to": "2024-01-10"})) == {r.a2.pk}
    assert names(filtered_members(town, {"q": r.a2.phone})) == {r.a2.pk}
    assert names(filtered_members(town, {"q": r.a2.card_no})) == {r.a2.pk}
    # A union outside the user's scope matches nothing, and reveals nothing.
    assert names(filtered_members(town, {"union": "UB11"})) == set()
    assert names(filtered_members(users.union, {"union": "UA12"})) == set()
    assert names(filtered_members(users.nobody, {})) == set()
    for bad in ({"status": "gone"}, {"tag": "x"}, {"joined_from": "2024-13-01"}, {"employer": "abc"}):
        with pytest.raises(DomainError) as exc:
            filtered_members(town, bad)
        assert exc.value.code == "invalid_filter" and exc.value.field == next(iter(bad))


def test_export_is_masked_by_default_and_audited(tree, users, roster, login, django_capture_on_commit_callbacks):
    client = login(users.union)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:export_start") + "?status=active")
    job = Job.objects.get(kind="members.export")
    assert response.status_code == 302 and response["Location"] == reverse("members:export_job", args=[job.pk])
    assert job.status == Job.Status.SUCCEEDED and job.result == {"rows": 1, "unmasked": False}
    rows = read(job)
    assert "已脱敏" in rows[0][0] and rows[1] == EXPORT_HEADERS
    a1 = roster.a1
    data = dict(zip(EXPORT_HEADERS, rows[2], strict=True))
    assert data["证件号码"] == a1.id_masked and "*" in data["证件号码"]
    assert data["手机号"] == a1.phone_masked and data["会员证号"] == a1.card_no and data["标签"] == "劳动模范"
    assert (data["所属工会"], data["工会代码"], data["会籍状态"]) == (tree.union_a1.name, "UA11", "在册")
    assert data["入会日期"].date() == date(2023, 5, 1) and data["工作单位"] == tree.ent_a1.name
    with job.output_file.open("rb") as fh:
        raw = fh.read()
    assert a1.reveal_id_number().encode() not in raw and a1.phone.encode() not in raw
    event = AuditEvent.objects.get(action="members.export.created")
    assert (
        event.actor == users.union and event.data["unmasked"] is False and event.data["filters"] == {"status": "active"}
    )
    # The page offers the download; the file comes through the view that checks the job.
    page = client.get(reverse("members:export_job", args=[job.pk])).content.decode()
    assert reverse("members:export_file", args=[job.pk]) in page and 'hx-trigger="every' not in page
    download = client.get(reverse("members:export_file", args=[job.pk]))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]


def test_unmasked_export_needs_the_permission_and_a_reason(tree, users, roster, officer, export):
    before = (Job.objects.count(), AuditEvent.objects.count())
    with pytest.raises(DomainError) as exc:
        exporting.start_export(actor=users.union, filters={}, unmasked=True, reason="核对名册")
    assert exc.value.code == "permission_denied"
    with pytest.raises(DomainError) as exc:
        exporting.start_export(actor=officer, filters={}, unmasked=True, reason=" ")
    assert exc.value.code == "reason_required"
    assert (Job.objects.count(), AuditEvent.objects.count()) == before

    job = export(officer, {"union": "UA11"}, unmasked=True, reason="上报市总工会核对")
    assert job.status == Job.Status.SUCCEEDED
    rows = read(job)
    numbers = {r[EXPORT_HEADERS.index("证件号码")] for r in rows[2:]}
    phones = {r[EXPORT_HEADERS.index("手机号")] for r in rows[2:]}
    assert numbers == {roster.a1.reveal_id_number(), roster.a1_quit.reveal_id_number()}
    assert phones == {roster.a1.phone, roster.a1_quit.phone}
    event = AuditEvent.objects.get(action="members.export.created")
    assert event.actor == officer and event.org == tree.union_a1
    assert event.data["unmasked"] is True and event.data["reason"] == "上报市总工会核对"
    assert roster.a1.reveal_id_number() not in str(event.data)


def test_unmasked_needs_the_permission_over_the_whole_scope(tree, users, roster, export):
    """A town admin who may see ID numbers only in union_a1 may export them unmasked for union_a1, not town-wide."""
    Grant.objects.create(user=users.town, org=tree.union_a1, role=Role.PII_OFFICER)
    users.town.refresh_from_db()
    users.town.__dict__.pop("_active_grants", None)  # grants are read once per user object
    users.town.__dict__.pop("_scope_cache", None)
    with pytest.raises(DomainError) as exc:
        exporting.start_export(actor=users.town, filters={}, unmasked=True, reason="核对")
    assert exc.value.code == "permission_denied"
    with pytest.raises(DomainError):
        exporting.start_export(actor=users.town, filters={"union": "UA12"}, unmasked=True, reason="核对")
    job = export(users.town, {"union": "UA11"}, unmasked=True, reason="核对")
    assert job.status == Job.Status.SUCCEEDED and job.result["rows"] == 2


def test_unmasked_file_is_refused_once_the_permission_is_gone(tree, users, roster, officer, export, login):
    job = export(officer, {"union": "UA11"}, unmasked=True, reason="核对")
    url = reverse("members:export_file", args=[job.pk])
    assert login(officer).get(url).status_code == 200
    Grant.objects.filter(user=officer, role=Role.PII_OFFICER).delete()
    assert login(officer).get(url).status_code == 403


def test_export_page_shows_filters_count_and_the_unmask_option_only_when_allowed(
    tree, users, roster, officer, login, django_assert_num_queries
):
    url = reverse("members:export_start")
    page = login(users.town).get(url + "?union=UA12&tag=")
    html = page.content.decode()
    assert page.status_code == 200 and page.context["count"] == 2 and tree.union_a2.name in html
    assert 'name="unmasked"' not in html
    assert 'name="unmasked"' in login(officer).get(url).content.decode()
    bad = login(users.town).get(url + "?joined_from=2024-99-01")
    assert "筛选条件有误" in bad.content.decode() and "入会日期起" in bad.content.decode()
    assert login(users.nobody).get(url).status_code == 403
    assert login(users.town).post(url + "?union=UB11").status_code == 404
    # Unmasking without a reason is shown on the form; nothing starts.
    refused = login(officer).post(url, {"unmasked": "on", "reason": ""})
    assert "须填写原因" in refused.content.decode() and not Job.objects.exists()
    client = login(users.town)
    client.get(url)
    # session, user, grants, the union, the count, the jobs, the session saved (3)
    with django_assert_num_queries(9):
        client.get(url + "?union=UA12")
    for n in range(6, 16):
        member(tree.union_a2, users.town, n)
    with django_assert_num_queries(9):
        client.get(url + "?union=UA12")


def test_export_jobs_and_files_are_their_creators_only(tree, users, roster, export, login, bearer):
    job = export(users.union, {})
    colleague = UserFactory(grant=(tree.union_a1, Role.UNION_ADMIN))
    urls = [reverse("members:export_job", args=[job.pk]), reverse("members:export_file", args=[job.pk])]
    for other in (colleague, users.union_b, users.town):
        assert_out_of_scope(login(other), urls)
        api = [f"/api/v1/member-exports/{job.pk}", f"/api/v1/member-exports/{job.pk}/file"]
        assert_out_of_scope(login(other), api, headers=bearer(other))


def test_api_export_flow(tree, users, roster, officer, client, bearer, django_capture_on_commit_callbacks):
    headers = bearer(officer)
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            "/api/v1/member-exports",
            {"filters": {"union": "UA11", "status": "active"}, "unmasked": True, "reason": "核对"},
            content_type="application/json",
            headers=headers,
        )
    assert created.status_code == 201, created.json()
    detail = client.get(f"/api/v1/member-exports/{created.json()['id']}", headers=headers).json()
    assert (detail["status"], detail["rows"], detail["unmasked"], detail["percent"]) == ("succeeded", 1, True, 100)
    assert detail["filters"] == {"union": "UA11", "subtree": True, "status": "active"}
    file = client.get(detail["file_url"], headers=headers)
    assert file.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(file.streaming_content))).active
    assert ws.cell(row=3, column=EXPORT_HEADERS.index("证件号码") + 1).value == roster.a1.reveal_id_number()

    union = bearer(users.union)
    denied = client.post(
        "/api/v1/member-exports", {"unmasked": True, "reason": "核对"}, content_type="application/json", headers=union
    )
    assert denied.status_code == 403 and denied.json()["code"] == "permission_denied"
    outside = client.post(
        "/api/v1/member-exports", {"filters": {"union": "UB11"}}, content_type="application/json", headers=union
    )
    assert outside.status_code == 404 and outside.json()["field"] == "union"
    unknown = client.post(
        "/api/v1/member-exports", {"filters": {"colour": "red"}}, content_type="application/json", headers=union
    )
    assert unknown.status_code == 422
    nobody = client.post("/api/v1/member-exports", {}, content_type="application/json", headers=bearer(users.nobody))
    assert nobody.status_code == 403


def test_api_export_detail_queries_are_constant(tree, users, roster, client, bearer, export, django_assert_num_queries):
    headers = bearer(users.union)
    small = export(users.union, {"status": "quit"})
    large = export(users.union, {})
    for job in (small, large):
        with django_assert_num_queries(3):  # token, grants, job
            assert client.get(f"/api/v1/member-exports/{job.pk}", headers=headers).status_code == 200


def test_a_large_export_streams_in_chunks(tree, users, tmp_path, export, django_capture_on_commit_callbacks):
    n = 2_100
    path = write_roster(tmp_path / "r.xlsx", [unique_person(i, tags="工匠" if i % 3 == 0 else "") for i in range(n)])
    with django_capture_on_commit_callbacks(execute=True):
        importing.start_import(actor=users.union, union=tree.union_a1, upload=upload(path))
    assert Member.objects.count() == n
    with CaptureQueriesContext(connection) as queries:
        job = export(users.union, {})
    assert job.status == Job.Status.SUCCEEDED and job.result["rows"] == n
    rows = read(job)
    assert len(rows) == n + 2
    tags = [r[EXPORT_HEADERS.index("标签")] for r in rows[2:]]
    assert tags.count("工匠") == len(range(0, n, 3))
    # Two chunks of 2,000 (members, then their tags) and a few statements of bookkeeping: not one per member.
    assert len(queries) < 40
