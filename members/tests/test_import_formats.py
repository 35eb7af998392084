"""Rosters as unions really keep them: the words clerks type for coded values (mapped to the standard value and
reported back), other names for the columns, and old .xls and CSV files (UTF-8 with or without BOM, GBK)
imported exactly like the .xlsx template."""

import csv
import io
from datetime import date

import pytest
import xlwt
from django.urls import reverse
from openpyxl import load_workbook

from core.models import Job
from members import importing
from members.models import Member
from members.roster_file import COLUMNS
from members.validation import LABELS, clean_person

from .test_import import _stored, unique_person, upload, write_roster


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """``run(user, union, path)`` → the finished import job (as in test_import)."""

    def go(user, union, path):
        with django_capture_on_commit_callbacks(execute=True):
            job = importing.start_import(actor=user, union=union, upload=upload(path))
        job.refresh_from_db()
        return job

    return go


# The words of real rosters, each with the standard label it must be read as.
EDUCATION = {
    "高中": "高中/中专/技校", "中专": "高中/中专/技校", "职高": "高中/中专/技校", "技校": "高中/中专/技校",
    "中技": "高中/中专/技校", "大学本科": "本科", "研究生": "硕士研究生", "小学": "小学及以下", "文盲": "小学及以下",
    "大学专科": "大专", "本科": "本科",
}  # fmt: skip
POLITICAL = {
    "党员": "中共党员", "中共党员": "中共党员", "预备党员": "中共预备党员", "团员": "共青团员", "群众": "群众",
    "九三学社": "民主党派", "民盟": "民主党派", "民进会员": "民主党派",
}  # fmt: skip
ETHNICITY = {"汉": "汉族", "回": "回族", "汉族": "汉族"}
YES_NO = {"是": True, "否": False, "Y": True, "N": False, "√": True, "y": True}
HUKOU = {"农业户口": "农村", "非农业": "城镇", "城镇": "城镇"}


def rotate(mapping: dict, i: int):
    items = list(mapping.items())
    return items[i % len(items)]


@pytest.mark.parametrize(
    ("field", "given", "code", "label"),
    [
        ("education", "中专", "senior", "高中/中专/技校"),
        ("education", "研究生", "master", "硕士研究生"),
        ("political", "党员", "cpc", "中共党员"),
        ("political", "九三学社", "democratic", "民主党派"),
        ("hukou_type", "农业户口", "rural", "农村"),
    ],
)
def test_a_synonym_is_cleaned_to_the_standard_code_and_listed_as_mapped(field, given, code, label):
    cleaned = clean_person({**unique_person(1), field: given}, today=date(2025, 1, 1))
    assert cleaned.problems == [] and cleaned.values[field] == code
    assert cleaned.mapped == [(field, given, label)]


def test_gender_and_yes_no_and_ethnicity_synonyms():
    # A passport holder states the gender: 1 → 男, 2 → 女, M/F.
    passport = {"id_type": "护照", "id_number": "E1234567", "name": "甲", "phone": "13900000001"}
    for given, code in [("1", "M"), ("2", "F"), ("M", "M"), ("f", "F"), (1.0, "M")]:
        cleaned = clean_person({**passport, "gender": given}, today=date(2025, 1, 1))
        assert cleaned.problems == [] and cleaned.values["gender"] == code
    for given, value in YES_NO.items():
        cleaned = clean_person({**unique_person(2), "is_migrant_worker": given}, today=date(2025, 1, 1))
        assert cleaned.problems == [] and cleaned.values["is_migrant_worker"] is value
        assert (("is_migrant_worker", given, "是" if value else "否") in cleaned.mapped) is (given not in ("是", "否"))
    cleaned = clean_person({**unique_person(3), "ethnicity": "汉"}, today=date(2025, 1, 1))
    assert cleaned.values["ethnicity"] == "汉族" and cleaned.mapped == [("ethnicity", "汉", "汉族")]
    # The standard label itself is not a mapping; an unknown word is still refused, naming the choices.
    assert clean_person({**unique_person(4), "education": "本科"}, today=date(2025, 1, 1)).mapped == []
    bad = clean_person({**unique_person(5), "education": "幼儿园"}, today=date(2025, 1, 1))
    assert [p.code for p in bad.problems] == ["invalid_education"] and "高中/中专/技校" in bad.problems[0].message


def test_a_roster_whose_only_problems_are_synonyms_imports_whole_and_says_what_was_mapped(
    tree, users, run, login, tmp_path
):
    n = 360
    rows = []
    for i in range(n):
        rows.append(
            {
                **unique_person(i),
                "education": rotate(EDUCATION, i)[0],
                "political": rotate(POLITICAL, i)[0],
                "ethnicity": rotate(ETHNICITY, i)[0],
                "is_migrant_worker": rotate(YES_NO, i)[0],
                "hukou_type": rotate(HUKOU, i)[0],
            }
        )
    # The roster's own column names: 身份证号, 手机, 文化程度, 户口性质 (another name for each standard column).
    headers = [
        {"id_number": "身份证号", "phone": "手机", "education": "文化程度", "hukou_type": "户口性质"}.get(f, LABELS[f])
        for f in COLUMNS
    ]
    path = write_roster(tmp_path / "real.xlsx", rows, headers=headers)
    job = run(users.union, tree.union_a1, path)
    assert job.status == Job.Status.SUCCEEDED, job.result["errors"][:5]
    assert job.result["imported"] == n and Member.objects.filter(union=tree.union_a1).count() == n

    stored = {m.phone: m for m in Member.objects.filter(union=tree.union_a1)}
    for i, row in enumerate(rows):
        m = stored[row["phone"]]
        assert m.get_education_display() == EDUCATION[row["education"]]
        assert m.get_political_display() == POLITICAL[row["political"]]
        assert m.ethnicity == ETHNICITY[row["ethnicity"]]
        assert m.is_migrant_worker is YES_NO[row["is_migrant_worker"]]
        assert m.get_hukou_type_display() == HUKOU[row["hukou_type"]], i

    report = {(v["column"], v["value"]): (v["standard"], v["rows"]) for v in job.result["mapped_values"]}
    assert report[("学历", "中专")] == ("高中/中专/技校", n // len(EDUCATION) + (1 if 1 < n % len(EDUCATION) else 0))
    assert report[("政治面貌", "党员")][0] == "中共党员" and report[("民族", "汉")] == ("汉族", n // 3)
    assert report[("是否农民工", "√")][0] == "是" and report[("户籍类型", "农业户口")] == ("农村", n // 3)
    # Standard labels are not listed: only what was read as another word.
    assert ("学历", "本科") not in report and ("政治面貌", "群众") not in report and ("民族", "汉族") not in report
    total = {}
    for (column, _value), (_label, count) in report.items():
        total[column] = total.get(column, 0) + count
    assert total["学历"] == sum(1 for r in rows if r["education"] != "本科")
    assert {(c["header"], c["column"]) for c in job.result["renamed_columns"]} == {
        ("身份证号", "证件号码"),
        ("手机", "手机号"),
        ("文化程度", "学历"),
        ("户口性质", "户籍类型"),
    }

    page = login(users.union).get(reverse("members:import_job", args=[job.pk])).content.decode()
    assert "已自动识别的写法" in page and "“文化程度”按“学历”" in page
    assert "<td>中专</td><td>高中/中专/技校</td>" in page


# --- Other file formats -------------------------------------------------------------------------------------------


def people_rows():
    """Rows of text as a clerk's spreadsheet holds them (every cell a string), with synonyms and an empty cell."""
    people = [unique_person(i + 7000) for i in range(12)]
    people[0].update(education="中专", political="党员", ethnicity="汉", is_migrant_worker="√", tags="劳模、工匠")
    people[1].update(id_type="护照", id_number="E7654321", gender="2", birth_date="1990-01-02", job_title="骑手")
    people[2].update(employer_name=tree_employer_marker, hukou_type="农业户口", card_no="gh-901")
    people[3].update(gig_platform="外卖配送", employment="在岗", joined_on="2021年3月5日")
    return [[_cell(p.get(f)) for f in COLUMNS] for p in people]


tree_employer_marker = "某某机械有限公司"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def headers():
    return [LABELS[f] for f in COLUMNS]


def as_xlsx(path, rows):
    return write_roster(path, rows)


def as_xls(path, rows):
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("会员名册")
    sheet.write(0, 0, "某某公司工会会员花名册")  # a title row above the header, as rosters have
    for r, cells in enumerate([headers(), *rows], start=1):
        for c, value in enumerate(cells):
            sheet.write(r, c, value)
    book.save(str(path))
    return path


def as_csv(encoding: str, delimiter: str = ","):
    def make(path, rows):
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=delimiter)
        writer.writerow(["某某公司工会会员花名册"])
        writer.writerows([headers(), *rows])
        path.write_bytes(buffer.getvalue().encode(encoding))
        return path

    return make


FORMATS = [
    ("xls", "r.xls", as_xls),
    ("csv utf-8", "r.csv", as_csv("utf-8")),
    ("csv utf-8 with BOM", "r.csv", as_csv("utf-8-sig")),
    ("csv gbk", "r.csv", as_csv("gbk")),
    ("csv gb18030, tab separated", "r.txt", as_csv("gb18030", "\t")),
]


@pytest.mark.parametrize(("kind", "name", "make"), FORMATS, ids=[f[0] for f in FORMATS])
def test_xls_and_csv_files_import_exactly_like_xlsx(tree, users, run, tmp_path, kind, name, make):
    rows = people_rows()
    baseline = run(users.union, tree.union_a1, as_xlsx(tmp_path / "r.xlsx", rows))
    assert baseline.status == Job.Status.SUCCEEDED, baseline.result["errors"][:3]
    expected = _stored(tree.union_a1)
    assert len(expected) == 12
    Member.objects.filter(union=tree.union_a1).delete()

    job = run(users.union, tree.union_a1, make(tmp_path / name, rows))
    assert job.status == Job.Status.SUCCEEDED, job.result["errors"][:3]
    assert _stored(tree.union_a1) == expected
    assert job.result["mapped_values"] == baseline.result["mapped_values"] != []
    assert job.params["format"] == ("xls" if kind == "xls" else "csv")


@pytest.mark.parametrize(("kind", "name", "make"), FORMATS[1:4], ids=[f[0] for f in FORMATS[1:4]])
def test_a_csv_with_errors_names_rows_as_the_file_has_them_and_gives_an_error_workbook(
    tree, users, run, login, tmp_path, kind, name, make
):
    rows = people_rows()
    rows[2][COLUMNS.index("phone")] = "12345"
    job = run(users.union, tree.union_a1, make(tmp_path / name, rows))
    assert job.status == Job.Status.FAILED and not Member.objects.exists()
    # Line 1 is the title, line 2 the header: the third person is on line 5.
    assert [(e["row"], e["column"], e["code"]) for e in job.result["errors"]] == [(5, "手机号", "invalid_mobile")]
    response = login(users.union).get(reverse("members:import_errors", args=[job.pk]))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][: len(COLUMNS)] == headers() and values[1][-1] == "错误说明"
    assert values[4][0] == rows[2][0] and "不是有效的 11 位手机号" in values[4][-1]


def test_an_xls_with_a_bad_row_is_reported_like_an_xlsx(tree, users, run, tmp_path):
    rows = people_rows()
    rows[0][COLUMNS.index("education")] = "幼儿园"
    job = run(users.union, tree.union_a1, as_xls(tmp_path / "bad.xls", rows))
    assert job.status == Job.Status.FAILED and job.output_file
    assert [(e["row"], e["column"], e["code"]) for e in job.result["errors"]] == [(3, "学历", "invalid_education")]


def test_the_upload_form_offers_xls_and_csv(tree, users, login, tmp_path):
    page = login(users.union).get(reverse("members:import_start")).content.decode()
    assert ".xls" in page and ".csv" in page
    path = as_csv("gbk")(tmp_path / "名册.csv", people_rows())
    response = login(users.union).post(
        reverse("members:import_start"), {"union": tree.union_a1.pk, "file": upload(path)}
    )
    assert response.status_code == 302
    assert Job.objects.get().params["filename"] == "名册.csv"


def test_the_api_reports_the_format_and_what_was_mapped(
    tree, users, client, bearer, tmp_path, django_capture_on_commit_callbacks
):
    path = as_csv("gbk")(tmp_path / "名册.csv", people_rows())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/member-imports", {"union": "UA11", "file": upload(path)}, headers=bearer(users.union)
        )
    assert response.status_code in (200, 201, 202), response.content
    job = client.get(f"/api/v1/member-imports/{response.json()['id']}", headers=bearer(users.union)).json()
    assert job["status"] == "succeeded" and job["file_format"] == "csv" and job["renamed_columns"] == []
    mapped = {(m["column"], m["value"]): (m["standard"], m["rows"]) for m in job["mapped_values"]}
    assert mapped[("学历", "中专")] == ("高中/中专/技校", 1) and mapped[("民族", "汉")] == ("汉族", 1)


def test_a_clerk_with_one_union_is_not_asked_to_choose_it(tree, users, login, tmp_path):
    client = login(users.union)
    page = client.get(reverse("members:import_start")).content.decode()
    assert "导入到：<strong>甲一机械有限公司工会</strong>" in page
    assert f'type="hidden" name="union" value="{tree.union_a1.pk}"' in page
    path = as_csv("utf-8")(tmp_path / "r.csv", people_rows())
    response = client.post(reverse("members:import_start"), {"union": tree.union_a1.pk, "file": upload(path)})
    assert response.status_code == 302
    # Registering a member: straight to the form of their union.
    response = client.get(reverse("members:create"))
    assert response.status_code == 302 and response.url.endswith(f"?union={tree.union_a1.pk}")
    # A town admin has several unions: the choice is theirs.
    assert 'name="union"' in login(users.town).get(reverse("members:import_start")).content.decode()
    assert login(users.town).get(reverse("members:create")).status_code == 200
