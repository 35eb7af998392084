"""Roster import from xlsx: every bad row reported with its row and column and nothing written; the corrected
file imported whole; messy but valid input accepted; unreadable, empty, headless and oversized files refused in
Chinese (a 1,000,000-row file without loading it); the error workbook; scope of pages, files and API; the
command."""

import io
import re
import tracemalloc
import zipfile
from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from stdnum.cn import ric

from accounts.roles import Role
from core.errors import DomainError
from core.models import AuditEvent, Job
from core.testing import assert_out_of_scope
from members import importing, roster_file
from members.models import Member, MembershipEvent, MemberTag
from members.roster_file import COLUMNS, RosterRefused
from members.validation import LABELS
from orgs.tests.factories import UserFactory

from .factories import member, person

HEADERS = [LABELS[f] for f in COLUMNS]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded and generated files go to a temporary folder, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


def write_roster(path, rows, *, headers=None, above=()):
    """An xlsx roster at ``path``: optional title rows, the header row, then one row per dict (keyed by field)."""
    wb = Workbook()
    ws = wb.active
    for r in above:
        ws.append(r)
    ws.append(headers or HEADERS)
    for r in rows:
        ws.append([r.get(f, None) for f in COLUMNS] if isinstance(r, dict) else r)
    wb.save(path)
    return path


def upload(path, name=None):
    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type=XLSX)


def counts():
    return (
        Member.objects.count(),
        MembershipEvent.objects.count(),
        MemberTag.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """``run(user, union, path)`` → the finished import job (tasks run inline after the upload commits)."""

    def go(user, union, path):
        with django_capture_on_commit_callbacks(execute=True):
            job = importing.start_import(actor=user, union=union, upload=upload(path))
        job.refresh_from_db()
        return job

    return go


def unique_person(i: int, **overrides) -> dict:
    """A valid person whose ID number is distinct for every ``i`` below 3,650,000 (the factory's may collide in
    files of thousands of rows)."""
    birth = date(1970, 1, 1) + timedelta(days=i // 1000)
    body = f"330203{birth:%Y%m%d}{i % 1000:03d}"
    return {
        "name": "张王李赵刘陈杨黄周吴"[i % 10] + "伟芳娜敏静强磊军洋勇"[i // 10 % 10],
        "id_number": with_check(body),
        "phone": f"139{i:08d}",
        "joined_on": date(2024, 3, 1),
        **overrides,
    }


def with_check(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")


def error_keys(job) -> set[tuple]:
    return {(e["row"], e["column"], e["code"]) for e in job.result["errors"]}


# --- The template -----------------------------------------------------------------------------------------------


def test_template_has_marked_headers_dropdowns_example_and_notes(tree, users, login, run, tmp_path):
    response = login(users.union).get(reverse("members:import_template"))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    wb = load_workbook(io.BytesIO(data))
    ws = wb["会员名册"]
    headers = [c.value for c in ws[1]]
    assert headers[:3] == ["姓名*", "证件类型", "证件号码*"] and "手机号*" in headers and len(headers) == 19
    assert [h.rstrip("*") for h in headers] == HEADERS
    formulas = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    education_col = "ABCDEFGHIJKLMNOPQRS"[COLUMNS.index("education")] + "2"
    options = wb["选项"]
    ref = re.search(r"\$([A-Z])\$2:\$[A-Z]\$(\d+)", formulas[education_col])
    listed = [options[f"{ref.group(1)}{i}"].value for i in range(2, int(ref.group(2)) + 1)]
    assert listed == ["小学及以下", "初中", "高中/中专/技校", "大专", "本科", "硕士研究生", "博士研究生"]
    assert len(formulas) == 10 and options.sheet_state == "hidden"
    assert ws["A2"].value.startswith("示例") and ws["C2"].value == "11010519491231002X"
    assert "说明" in wb.sheetnames and any("日期" in str(c.value) for c in wb["说明"]["A"])
    # The untouched template imports nothing: its only row is the example.
    path = tmp_path / "template.xlsx"
    path.write_bytes(data)
    job = run(users.union, tree.union_a1, path)
    assert job.status == Job.Status.FAILED and "没有数据行" in job.message
    # With one real row added, the example row is skipped and the real one imported.
    wb["会员名册"].append([person(5).get(f) for f in COLUMNS])
    wb.save(path)
    job = run(users.union, tree.union_a1, path)
    assert job.status == Job.Status.SUCCEEDED, job.result
    assert job.result["imported"] == 1 and job.result["skipped_examples"] == 1


# --- Every kind of bad row ----------------------------------------------------------------------------------------


def bad_rows(existing: Member):
    """(row dict, column, code) for each kind of problem, in file order."""
    future = date.today() + timedelta(days=30)
    first_dup = person(11)
    number = person(1)["id_number"]
    wrong_check = number[:17] + ("0" if number[17] != "0" else "1")
    return [
        (person(1, id_number=wrong_check), "证件号码", "invalid_id_checksum"),
        (person(2, id_number=with_check("33020319900230123")), "证件号码", "invalid_id_birth_date"),
        (person(3, birth_date="1901-01-01"), "出生日期", "birth_date_mismatch"),
        (person(4, gender="女"), "性别", "gender_mismatch"),  # person(4) is a man
        (person(5, phone="1380000"), "手机号", "invalid_mobile"),
        (person(6, name=""), "姓名", "name_required"),
        (person(7, education="专科以上"), "学历", "invalid_education"),
        (person(8, ethnicity="火星族"), "民族", "invalid_ethnicity"),
        (person(9, joined_on="2021-13-45"), "入会日期", "invalid_joined_on"),
        (person(10, joined_on=future), "入会日期", "joined_on_in_future"),
        (first_dup, "证件号码", "duplicate_in_file"),
        (person(11, phone="13911112222"), "证件号码", "duplicate_in_file"),
        (person(12, card_no="DUP001"), "会员证号", "duplicate_card_in_file"),
        (person(13, card_no="dup001"), "会员证号", "duplicate_card_in_file"),  # the same number, lower case
        (person(900), "证件号码", "already_member"),
        (person(14, card_no=existing.card_no), "会员证号", "card_no_taken"),
        (person(15, is_migrant_worker="也许"), "是否农民工", "invalid_is_migrant_worker"),
        (person(16, tags="先进个人"), "标签", "invalid_tag"),
        (person(17, job_title="装" * 101), "职务/工种", "job_title_too_long"),
        (person(18, id_type="护照", id_number="E12", gender="男"), "证件号码", "invalid_id_number"),
        (person(19, phone=""), "手机号", "phone_required"),
        (person(20, id_number=float(person(20)["id_number"][:17] + "1")), "证件号码", "id_number_stored_as_number"),
        (person(21, id_number="33020319900101"), "证件号码", "invalid_id_length"),
        (person(22, id_type="护照", id_number="E1234567"), "性别", "gender_required"),
        (person(23, id_type="军官证"), "证件类型", "invalid_id_type"),
        (person(24, joined_on="1950-01-01"), "入会日期", "joined_before_birth"),
        (person(25, gig_platform="跑腿"), "新就业形态类别", "invalid_gig_platform"),
    ]


def test_every_bad_row_is_reported_with_row_and_column_and_nothing_is_written(tree, users, run, login, tmp_path):
    existing = member(tree.union_b1, users.union_b, 900)
    good = [person(100 + i) for i in range(3)]
    cases = bad_rows(existing)
    rows = good + [c[0] for c in cases]
    path = write_roster(tmp_path / "bad.xlsx", rows)
    before = counts()
    card_counter = importing.card_numbers(1)[0]

    job = run(users.union, tree.union_a1, path)

    assert job.status == Job.Status.FAILED
    expected = {(len(good) + 2 + i, column, code) for i, (_row, column, code) in enumerate(cases)}
    assert error_keys(job) == expected
    assert job.result["error_count"] == len(cases) and job.result["error_rows"] == len(cases)
    assert counts() == before  # no member, event, tag or audit event
    assert importing.card_numbers(1)[0] == f"GH{int(card_counter[2:]) + 1:010d}"  # no card numbers taken either
    # Messages are Chinese and name what is wrong; duplicates name the other row.
    by_row = {e["row"]: e["message"] for e in job.result["errors"]}
    dup_row = len(good) + 2 + 10
    assert f"第 {dup_row + 1} 行" in by_row[dup_row] and f"第 {dup_row} 行" in by_row[dup_row + 1]
    assert existing.union.name in by_row[len(good) + 2 + 14]
    n = len(cases)
    assert job.message == f"发现 {n} 处错误（涉及 {n} 行），未导入任何数据。请下载错误报告，修改后重新上传"
    assert not job.input_file  # the upload (plain ID numbers) is not kept

    # The error workbook: the original rows, an 错误说明 column, errors in red.
    response = login(users.union).get(reverse("members:import_errors", args=[job.pk]))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    ws = wb.active
    header = [c.value for c in ws[1]]
    assert header == HEADERS + ["错误说明"]
    note_col = len(HEADERS)
    assert all(ws.cell(row=r, column=note_col + 1).value is None for r in range(2, 2 + len(good)))
    phone_row = len(good) + 2 + 4
    note = ws.cell(row=phone_row, column=note_col + 1)
    assert note.value.startswith("手机号：") and "1380000" in note.value and note.font.color.rgb.endswith("C00000")
    phone_cell = ws.cell(row=phone_row, column=HEADERS.index("手机号") + 1)
    assert phone_cell.value == "1380000" and phone_cell.fill.fgColor.rgb.endswith("FFC7CE")
    assert ws.cell(row=2, column=1).value == good[0]["name"]
    assert ws.max_row == len(rows) + 1

    # The corrected file (each bad row replaced by a good one) imports every row.
    fixed = good + [person(200 + i, tags="劳模" if i % 2 else "") for i in range(len(cases))]
    job = run(users.union, tree.union_a1, write_roster(tmp_path / "fixed.xlsx", fixed))
    assert job.status == Job.Status.SUCCEEDED, job.result["errors"][:5]
    assert job.result["imported"] == len(fixed) and job.result["error_count"] == 0
    members = Member.objects.filter(union=tree.union_a1)
    assert members.count() == len(fixed)
    assert MembershipEvent.objects.filter(member__union=tree.union_a1, kind="joined").count() == len(fixed)
    assert MemberTag.objects.filter(member__union=tree.union_a1, tag="model_worker").count() == len(cases) // 2
    # The member registered by hand earlier (its registration and its card) aside, one event for the whole import.
    audit = AuditEvent.objects.filter(action__startswith="members.").exclude(
        action__in=["members.member.registered", "members.card.issued"]
    )
    assert list(audit.values_list("action", flat=True)) == ["members.import.completed"]
    event = audit.get()
    assert event.data["imported"] == len(fixed) and event.org == tree.union_a1 and event.actor == users.union
    # Stored the way a registration stores them: encrypted number, hash, mask, pinyin, card numbers.
    first = members.get(name=good[0]["name"], phone=good[0]["phone"])
    assert first.reveal_id_number() == good[0]["id_number"] and first.id_masked.endswith(good[0]["id_number"][-4:])
    assert first.name_pinyin and first.name_initials and first.card_no.startswith("GH")
    assert good[0]["id_number"] not in str(event.data)


def test_writing_is_one_transaction(tree, users, run, tmp_path, monkeypatch):
    """A failure while writing (here: the database refusing the closing audit event, after every member, tag and
    event was written, by COPY on PostgreSQL or INSERTs on SQLite) leaves nothing behind."""
    path = write_roster(tmp_path / "ok.xlsx", [person(300 + i, tags="工匠") for i in range(5)])
    before = counts()

    def refuse(*args, **kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr(importing.audit, "record", refuse)
    job = run(users.union, tree.union_a1, path)
    assert job.status == Job.Status.FAILED and "未导入任何数据" in job.message
    assert job.result["errors"][0]["code"] == "conflict"
    assert counts() == before


def _stored(union) -> list[tuple]:
    """Every stored value of a union's members, tags and 入会 events that does not depend on when or in which run
    they were written (ids, timestamps, the ciphertext's random IV), with the decrypted ID number instead."""
    skip = {"id", "created_at", "updated_at", "id_cipher", "card_no"}
    fields = [f.attname for f in Member._meta.concrete_fields if f.attname not in skip]
    rows = []
    for m in Member.objects.filter(union=union).order_by("id_hash"):
        tags = sorted(m.tags.values_list("tag", flat=True))
        events = list(m.events.values_list("kind", "on", "union_id", "other_union_id", "reason", "actor_id"))
        cards = list(m.card_issues.values_list("version", "union_id", "reason", "issued_by_id"))
        rows.append(
            (*(getattr(m, f) for f in fields), m.reveal_id_number(), m.card_no.startswith("GH"), tags, events, cards)
        )
    return rows


@pytest.mark.postgresql
def test_copy_stores_the_same_rows_as_the_orm(tree, users, run, tmp_path, monkeypatch):
    """On PostgreSQL members, tags and events are written by COPY; the stored rows are those ``bulk_create``
    writes (the path SQLite takes), field for field."""
    people = [unique_person(i) for i in range(30)]
    people[0].update(tags="劳模、工匠", job_title="装配工", hukou_place="浙江省宁波市")
    people[1].update(gig_platform="外卖配送", is_migrant_worker="是", education="本科")
    people[2].update(employer_name=tree.ent_a1.name)
    people[3].update(card_no="gh-77", employer_name="某个体户")
    people[4].update(id_type="护照", id_number="E1234567", gender="女", birth_date="1990-01-02")
    path = write_roster(tmp_path / "same.xlsx", people)
    job = run(users.union, tree.union_a1, path)
    assert job.status == Job.Status.SUCCEEDED, job.result["errors"][:3]
    copied = _stored(tree.union_a1)
    Member.objects.filter(union=tree.union_a1).delete()
    monkeypatch.setattr(importing, "_use_copy", lambda: False)
    job = run(users.union, tree.union_a1, path)
    assert job.status == Job.Status.SUCCEEDED, job.result["errors"][:3]
    assert _stored(tree.union_a1) == copied
    assert len(copied) == 30 and copied[0][-3:-1] != ([], [])
    assert all(row[-1] == [(1, tree.union_a1.pk, "first", users.union.pk)] for row in copied)


def test_many_rows_are_written_in_batches(tree, users, run, tmp_path):
    n = 2_500
    path = write_roster(tmp_path / "many.xlsx", [unique_person(i) for i in range(n)])
    from django.db import connection

    with CaptureQueriesContext(connection) as queries:
        job = run(users.union, tree.union_a1, path)
    assert job.status == Job.Status.SUCCEEDED, job.result["errors"][:3]
    assert Member.objects.filter(union=tree.union_a1).count() == n
    assert len({m for m in Member.objects.values_list("card_no", flat=True)}) == n
    # Batched look-ups and inserts: far fewer statements than rows (SQLite splits INSERTs by its variable limit).
    assert len(queries) < n / 4


def test_a_member_who_left_rejoins_through_the_import(tree, users, run, tmp_path):
    from members import services

    old = member(tree.union_b1, users.union_b, 950)
    services.change_status(old, "quit", actor=users.union_b, on=date(2024, 5, 1), reason="离职")
    job = run(users.union, tree.union_a1, write_roster(tmp_path / "r.xlsx", [person(950, tags="工匠")]))
    assert job.status == Job.Status.SUCCEEDED, job.result
    old.refresh_from_db()
    assert (old.union, old.status, old.card_version) == (tree.union_a1, "active", 3)
    assert job.result["rejoined"] == 1 and list(old.tags.values_list("tag", flat=True)) == ["craftsman"]
    assert old.events.order_by("id").last().reason == "重新入会（名册导入）"
    # Its first card was issued by the old union; the import issued the renewed membership's (换发).
    issues = list(old.card_issues.order_by("version").values_list("version", "union_id", "reason"))
    assert issues == [(1, tree.union_b1.pk, "first"), (3, tree.union_a1.pk, "renewed")]


# --- Messy but valid ---------------------------------------------------------------------------------------------


def test_messy_but_valid_input_imports(tree, users, run, tmp_path):
    def fullwidth(s):
        return s.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))

    # Spaces, a note in brackets, other names for the same column, a full-width slash, an unknown column.
    renamed = {"姓名": " 姓 名 ", "证件号码": "证件号码（必填）", "手机号": "手机号码", "学历": "文化程度"}
    headers = [renamed.get(h, h).replace("/", "／") for h in HEADERS] + ["备注"]
    p1, p2, p3, p4, p5 = (person(400 + i) for i in range(5))
    rows = [
        [p1["name"], "", fullwidth(p1["id_number"]), "", "", "", "139 0000 1111", "本科", "中共党员", "农村", "",
         tree.ent_a1.name, "", "", "", "是", "劳模，困难职工", "2021.3.5", "", "备注会被忽略"],
        ["王 芳", "居民身份证", "11010519491231002x", "女", "1949年12月31日", "汉", "13900002222", "", "群众", "城镇",
         "", tree.ent_a2.uscc, "外卖配送", "骑手", "在岗", "否", "", "2021/03/05", "gh-x1", ""],
        [p3["name"], "", p3["id_number"], "", "", "回族", "1390000３３３３", "", "", "", "", "某小店", "", "", "",
         "", "", 44260, "", ""],
        [p4["name"], "", p4["id_number"], "", "", "", p4["phone"], "", "", "", "", "", "", "", "", "", "",
         "2021年3月5日", "", ""],
        [p5["name"], "", p5["id_number"].lower(), "", "", "", p5["phone"], "", "", "", "", tree.ent_b1.name, "", "",
         "", "", "", datetime(2021, 3, 5), "", ""],
        [None] * 20,  # a blank row in between is skipped
        [p2["name"], "", p2["id_number"][:6] + p2["id_number"][8:17], "", "", "", p2["phone"], "", "", "", "", "",
         "", "", "", "", "", "20210305", "", ""],  # a 15-digit legacy number
    ]  # fmt: skip
    wb = Workbook()
    ws = wb.active
    ws.append(["甲一机械有限公司工会会员花名册"])
    ws.merge_cells("A1:T1")
    ws.append(["填报日期：2024 年 3 月"])
    ws.append(headers)
    for r in rows:
        ws.append(r)
    path = tmp_path / "messy.xlsx"
    wb.save(path)

    job = run(users.union, tree.union_a1, path)
    assert job.status == Job.Status.SUCCEEDED, job.result["errors"]
    assert job.result["imported"] == 6 and job.result["ignored_columns"] == ["备注"]
    got = {m.name: m for m in Member.objects.filter(union=tree.union_a1)}
    assert {m.joined_on for m in got.values()} == {date(2021, 3, 5)}
    first = got[p1["name"]]
    assert first.reveal_id_number() == p1["id_number"] and first.phone == "13900001111"
    assert (first.education, first.political, first.hukou_type, first.is_migrant_worker) == (
        "bachelor", "cpc", "rural", True,
    )  # fmt: skip
    assert first.employer == tree.ent_a1 and sorted(first.tags.values_list("tag", flat=True)) == [
        "hardship",
        "model_worker",
    ]
    wang = got["王芳"]
    assert wang.reveal_id_number() == "11010519491231002X" and wang.birth_date == date(1949, 12, 31)
    assert (wang.gender, wang.ethnicity, wang.card_no, wang.gig_platform) == ("F", "汉族", "GHX1", "delivery")
    assert wang.employer == tree.ent_a2 and wang.employer_name == tree.ent_a2.name  # matched by its USCC
    assert list(wang.tags.values_list("tag", flat=True)) == ["new_employment"]
    third = got[p3["name"]]
    assert third.phone == "13900003333" and third.employer is None and third.employer_name == "某小店"
    # An employer outside the union's area stays free text.
    assert got[p5["name"]].employer is None and got[p5["name"]].employer_name == tree.ent_b1.name
    assert got[p2["name"]].reveal_id_number() == p2["id_number"]


def test_error_rows_are_numbered_as_excel_shows_them_below_title_rows(tree, users, run, tmp_path):
    path = write_roster(
        tmp_path / "t.xlsx", [person(500), person(501, phone="12")], above=[["某某工会会员名册"], [], ["制表：张三"]]
    )
    job = run(users.union, tree.union_a1, path)
    assert error_keys(job) == {(6, "手机号", "invalid_mobile")}


# --- Refused files -----------------------------------------------------------------------------------------------


def zip_without_workbook(path):
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<document/>")
    return path


NOT_READABLE = "不是有效的 Excel（.xlsx、.xls）或 CSV"
REFUSED_AT_UPLOAD = [
    ("binary", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "not_xlsx", NOT_READABLE),
    ("csv in no known encoding", lambda p: p.write_bytes("姓名,手机号\n".encode() + b"\xff\xfe\x80\n"), "not_xlsx",
     "UTF-8 或 GBK"),
    ("broken xls", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512), "not_xlsx",
     "另存为 .xlsx"),
    ("docx", zip_without_workbook, "not_xlsx", NOT_READABLE),
    ("csv header only", lambda p: p.write_text("姓名,证件号码,手机号\n", encoding="utf-8"), "no_data_rows",
     "没有数据行"),
    ("empty", lambda p: p.write_bytes(b""), "empty_file", "文件是空的"),
    ("headers only", lambda p: write_roster(p, []), "no_data_rows", "没有数据行"),
    ("blank sheet", lambda p: Workbook().save(p), "no_data_rows", "没有数据"),
]  # fmt: skip
REFUSED_BY_THE_JOB = [
    ("no phone column", lambda p: write_roster(p, [["张三", "", "1"]], headers=["姓名", "证件类型", "证件号码"]),
     "missing_columns", "缺少必填列：手机号"),
    ("no header", lambda p: write_roster(p, [["张三", "1", "2"]], headers=["甲", "乙", "丙"]), "missing_columns",
     "缺少必填列：姓名、证件号码、手机号"),
    ("two name columns",
     lambda p: write_roster(p, [["a", "b", "1", "2"]], headers=["姓名", "姓 名", "证件号码", "手机号"]),
     "duplicate_column", "“姓名”列出现了不止一次"),
    ("title and blank rows only", lambda p: write_roster(p, [[None], [None]], headers=["名册"]), "missing_columns",
     "找不到表头"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "make", "code", "text"), REFUSED_AT_UPLOAD, ids=[r[0] for r in REFUSED_AT_UPLOAD])
def test_unreadable_files_are_refused_at_upload(tree, users, client, bearer, tmp_path, kind, make, code, text):
    path = tmp_path / "upload.xlsx"
    make(path)
    before = counts()
    with pytest.raises(RosterRefused) as exc:
        importing.start_import(actor=users.union, union=tree.union_a1, upload=upload(path))
    assert exc.value.code == code and text in str(exc.value.message)
    response = client.post(
        "/api/v1/member-imports", {"union": "ua11", "file": upload(path)}, headers=bearer(users.union)
    )
    assert response.status_code == 400
    assert response.json()["code"] == code and text in response.json()["message"]
    assert response.json()["field"] == "file"
    assert counts() == before and not Job.objects.exists()


@pytest.mark.parametrize(("kind", "make", "code", "text"), REFUSED_BY_THE_JOB, ids=[r[0] for r in REFUSED_BY_THE_JOB])
def test_files_without_a_usable_header_fail_the_job(tree, users, run, tmp_path, kind, make, code, text):
    path = tmp_path / "upload.xlsx"
    make(path)
    before = counts()
    job = run(users.union, tree.union_a1, path)
    assert job.status == Job.Status.FAILED and text in job.message
    assert [(e["row"], e["code"]) for e in job.result["errors"]] == [(None, code)]
    assert counts() == before and not job.output_file


def test_header_problems_fail_the_job_with_one_clear_message(tree, users, run, tmp_path):
    path = write_roster(tmp_path / "h.xlsx", [["张三", "", "1"]], headers=["姓名", "证件类型", "证件号码"])
    job = run(users.union, tree.union_a1, path)
    assert job.status == Job.Status.FAILED and job.message == "缺少必填列：手机号"
    assert job.result["errors"] == [
        {"row": None, "column": "", "message": "缺少必填列：手机号", "code": "missing_columns"}
    ]


def test_page_shows_refusal_on_the_form(tree, users, login, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"\0not a spreadsheet")
    client = login(users.union)
    response = client.post(reverse("members:import_start"), {"union": tree.union_a1.pk, "file": upload(path)})
    assert response.status_code == 200
    assert "文件不是有效的 Excel（.xlsx、.xls）或 CSV 文件" in response.content.decode()
    assert not Job.objects.exists()


def test_row_limit_over_a_small_limit(tree, users, run, tmp_path, monkeypatch):
    monkeypatch.setattr(roster_file, "MAX_ROWS", 3)
    path = write_roster(tmp_path / "four.xlsx", [person(600 + i) for i in range(4)])
    with pytest.raises(RosterRefused) as exc:
        importing.start_import(actor=users.union, union=tree.union_a1, upload=upload(path))
    assert exc.value.code == "too_many_rows" and "超过单次导入上限 3 行" in str(exc.value.message)


@pytest.fixture(scope="module")
def million_rows(tmp_path_factory):
    """A real 1,000,001-row xlsx (header + 1,000,000 rows, written by XlsxWriter in constant memory, ~5 s), and
    the same sheet with its <dimension> element removed, as some writers leave it out."""
    import xlsxwriter

    folder = tmp_path_factory.mktemp("million")
    path = folder / "million.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["姓名", "证件号码", "手机号"])
    for r in range(1, 1_000_001):
        ws.write_number(r, 0, r)
    wb.close()
    bare = folder / "no-dimension.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bare, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<dimension [^>]*/>", b"", data, count=1)
            dst.writestr(info, data)
    return SimpleNamespace(path=path, bare=bare)


@pytest.mark.parametrize("variant", ["path", "bare"])
def test_a_million_row_file_is_refused_without_loading_it(tree, users, million_rows, monkeypatch, variant):
    path = getattr(million_rows, variant)

    class NoCalamine:
        """Reading the sheet would load it whole: the refusal must come before."""

        def __getattr__(self, name):
            raise AssertionError("calamine must not be called for an oversized file")

    monkeypatch.setattr(roster_file, "python_calamine", NoCalamine())
    tracemalloc.start()
    try:
        with pytest.raises(RosterRefused) as exc, open(path, "rb") as fh:
            importing.start_import(
                actor=users.union, union=tree.union_a1, upload=SimpleUploadedFile("m.xlsx", fh.read())
            )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert exc.value.code == "too_many_rows"
    assert "超过单次导入上限 200,000 行" in str(exc.value.message)
    if variant == "path":
        assert "1,000,000 行" in str(exc.value.message)
    # The upload itself is ~7.5 MB in memory here; the check adds at most a few 1 MB chunks, not the ~60 MB of XML.
    assert peak < 7.5 * 1024 * 1024 + 12 * 1024 * 1024, peak
    assert not Job.objects.exists()


# --- Pages, scope, API ------------------------------------------------------------------------------------------


def test_import_page_lists_only_unions_that_hold_members_in_scope(tree, users, login):
    response = login(users.town).get(reverse("members:import_start"))
    assert response.status_code == 200
    options = [o.pk for o in response.context["form"].fields["union"].queryset]
    assert set(options) == {tree.union_a1.pk, tree.union_a2.pk, tree.village_a2.pk}
    page = login(users.town).get(reverse("members:import_start") + f"?union={tree.union_a2.pk}")
    assert page.context["form"].initial["union"] == tree.union_a2
    assert login(users.town).get(reverse("members:import_start") + f"?union={tree.union_b1.pk}").status_code == 404
    assert login(users.town).get(reverse("members:import_start") + f"?union={tree.town_a.pk}").status_code == 404
    assert login(users.nobody).get(reverse("members:import_start")).status_code == 403
    assert login(users.sysadmin).get(reverse("members:import_template")).status_code == 403


def test_upload_page_to_job_page_with_polling(tree, users, login, tmp_path, django_capture_on_commit_callbacks):
    client = login(users.union)
    path = write_roster(tmp_path / "p.xlsx", [person(700), person(701, education="不知道")])
    response = client.post(reverse("members:import_start"), {"union": tree.union_a1.pk, "file": upload(path)})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("members:import_job", args=[job.pk])
    # Before the task runs the page polls itself every second.
    queued = client.get(reverse("members:import_job", args=[job.pk]), headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in queued.content.decode() and "<html" not in queued.content.decode()
    from members.tasks import import_members_task

    import_members_task.enqueue(job.pk)
    done = client.get(reverse("members:import_job", args=[job.pk]))
    html = done.content.decode()
    assert 'hx-trigger="every' not in html and "第 3 行" in html and "学历" in html and "不知道" in html
    assert reverse("members:import_errors", args=[job.pk]) in html
    assert not Job.objects.get().input_file


def test_other_unions_jobs_and_files_are_out_of_scope(tree, users, login, bearer, run, tmp_path):
    job = run(users.union, tree.union_a1, write_roster(tmp_path / "s.xlsx", [person(800, phone="1")]))
    assert job.output_file
    urls = [
        reverse("members:import_job", args=[job.pk]),
        reverse("members:import_errors", args=[job.pk]),
    ]
    assert_out_of_scope(login(users.union_b), urls)
    headers = bearer(users.union_b)
    api = [f"/api/v1/member-imports/{job.pk}", f"/api/v1/member-imports/{job.pk}/errors.xlsx"]
    assert_out_of_scope(login(users.union_b), api, headers=headers)
    # Within scope: the town above sees it; the files never sit under MEDIA_URL.
    assert login(users.town).get(urls[1]).status_code == 200
    assert not job.output_file.name.startswith("/") and "media" not in urls[1]


def test_api_import_flow(tree, users, client, bearer, tmp_path, django_capture_on_commit_callbacks):
    headers = bearer(users.union)
    template = client.get("/api/v1/member-imports/template.xlsx", headers=headers)
    assert template.status_code == 200 and template["Content-Type"] == XLSX
    bad = write_roster(tmp_path / "a.xlsx", [person(810), person(811, phone="123")])
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post("/api/v1/member-imports", {"union": "ua11", "file": upload(bad)}, headers=headers)
    assert created.status_code == 201, created.json()
    job_id = created.json()["id"]
    detail = client.get(f"/api/v1/member-imports/{job_id}", headers=headers).json()
    assert detail["status"] == "failed" and detail["error_count"] == 1 and detail["imported"] == 0
    assert detail["errors"] == [{"row": 3, "column": "手机号", "message": "“123”不是有效的 11 位手机号",
                                 "code": "invalid_mobile"}]  # fmt: skip
    assert detail["errors_url"] == f"/api/v1/member-imports/{job_id}/errors.xlsx"
    assert client.get(detail["errors_url"], headers=headers).status_code == 200

    good = write_roster(tmp_path / "b.xlsx", [person(812), person(813)])
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post("/api/v1/member-imports", {"union": "UA11", "file": upload(good)}, headers=headers)
    detail = client.get(f"/api/v1/member-imports/{created.json()['id']}", headers=headers).json()
    assert (detail["status"], detail["imported"], detail["percent"], detail["errors_url"]) == (
        "succeeded",
        2,
        100,
        None,
    )
    assert client.get(f"/api/v1/member-imports/{created.json()['id']}/errors.xlsx", headers=headers).status_code == 404

    # Another union: 404; a union in scope that cannot hold members: refused by the service.
    other = client.post("/api/v1/member-imports", {"union": "UB11", "file": upload(good)}, headers=headers)
    assert other.status_code == 404 and other.json()["field"] == "union"
    town = client.post("/api/v1/member-imports", {"union": "TA01", "file": upload(good)}, headers=bearer(users.town))
    assert town.status_code == 400 and town.json()["code"] == "union_cannot_hold_members"
    sysadmin = client.post(
        "/api/v1/member-imports", {"union": "UA11", "file": upload(good)}, headers=bearer(users.sysadmin)
    )
    assert sysadmin.status_code == 403 and sysadmin.json()["code"] == "permission_denied"


def test_import_job_queries_do_not_grow_with_errors(
    tree, users, client, bearer, run, tmp_path, django_assert_num_queries
):
    headers = bearer(users.union)
    few = run(users.union, tree.union_a1, write_roster(tmp_path / "f.xlsx", [person(820, phone="1")]))
    many = run(
        users.union, tree.union_a1, write_roster(tmp_path / "m.xlsx", [person(830 + i, phone="1") for i in range(300)])
    )
    assert len(many.result["errors"]) == roster_file.ERRORS_KEPT and many.result["error_count"] == 300
    for job in (few, many):
        # token, grants, job (with its union)
        with django_assert_num_queries(3):
            assert client.get(f"/api/v1/member-imports/{job.pk}", headers=headers).status_code == 200


def test_import_page_queries_do_not_grow_with_jobs(tree, users, login, run, tmp_path, django_assert_num_queries):
    client = login(users.union)
    path = write_roster(tmp_path / "q.xlsx", [person(840, phone="1")])
    run(users.union, tree.union_a1, path)
    url = reverse("members:import_start")
    client.get(url)
    # session, user, grants, the unions of the form, the jobs (with union and uploader), the session saved (3)
    with django_assert_num_queries(8):
        client.get(url)
    for _ in range(4):
        run(users.union, tree.union_a1, path)
    with django_assert_num_queries(8):
        client.get(url)


# --- The command -------------------------------------------------------------------------------------------------


def test_command_imports_or_exits_non_zero(tree, users, tmp_path, capsys):
    bad = write_roster(tmp_path / "bad.xlsx", [person(850), person(851, phone="1"), person(852, name="")])
    before = counts()
    with pytest.raises(CommandError) as exc:
        call_command("import_members", str(bad), "--union", "ua11", "--actor", "union")
    assert exc.value.returncode == 2 and counts() == before
    err = capsys.readouterr().err
    assert "发现 2 处错误" in err and "第 3 行 · 手机号" in err and "第 4 行 · 姓名：必填" in err

    good = write_roster(tmp_path / "good.xlsx", [person(853), person(854)])
    call_command("import_members", str(good), "--union", "UA11")
    out = capsys.readouterr().out
    assert "名册行数：2" in out and "已导入：2 人" in out
    assert Member.objects.filter(union=tree.union_a1).count() == 2
    assert AuditEvent.objects.get(action="members.import.completed").actor is None

    with pytest.raises(CommandError, match="没有权限"):
        call_command("import_members", str(good), "--union", "UB11", "--actor", "union")
    with pytest.raises(CommandError, match="不是有效的 Excel"):
        (tmp_path / "x.xlsx").write_bytes(b"\0x")
        call_command("import_members", str(tmp_path / "x.xlsx"), "--union", "UA11")
    with pytest.raises(CommandError, match="找不到组织代码"):
        call_command("import_members", str(good), "--union", "NOPE")


def test_pii_officer_role_does_not_import(tree, users, tmp_path):
    officer = UserFactory(grant=(tree.union_a1, Role.PII_OFFICER))
    path = write_roster(tmp_path / "o.xlsx", [person(860)])
    with pytest.raises(DomainError) as exc:
        importing.start_import(actor=officer, union=tree.union_a1, upload=upload(path))
    assert exc.value.code == "permission_denied"


def test_generated_card_numbers_skip_those_the_file_assigns(tree, users, run, tmp_path):
    next_number = f"GH{int(importing.card_numbers(1)[0][2:]) + 1:010d}"
    path = write_roster(tmp_path / "c.xlsx", [person(870, card_no=next_number), person(871)])
    job = run(users.union, tree.union_a1, path)
    assert job.status == Job.Status.SUCCEEDED, job.result["errors"]
    cards = dict(Member.objects.values_list("phone", "card_no"))
    assert cards[person(870)["phone"]] == next_number and cards[person(871)["phone"]] > next_number


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"id_type": "护照", "id_number": "E1234567", "gender": "男", "birth_date": "9999-12-31"}, "birth_date"),
        ({"id_type": "护照", "id_number": "E1234567", "gender": "男", "birth_date": "0001-01-01"}, "birth_date"),
        ({"joined_on": "1899-12-31"}, "joined_on"),
        ({"joined_on": 2958465}, "joined_on"),  # Excel's last day number: 9999-12-31
    ],
)
def test_roster_dates_outside_1900_2100_are_refused(overrides, field):
    """The roster import once took any day up to 9999 (issue 13): such a date is refused with the range named."""
    from members.validation import clean_person

    result = clean_person(person(30, **overrides))
    found = [p for p in result.problems if p.field == field]
    assert [p.code for p in found] == ["date_out_of_range"], result.problems
    assert "1900" in found[0].message and "2100" in found[0].message
