"""Roster import from Excel (.xlsx): the downloadable template, reading and checking an uploaded roster, and
writing it in one transaction.

The rule of the whole platform holds here: a file is validated whole and nothing is written unless every row is
valid. Every problem is reported with its Excel row number, its column and a Chinese message, and handed back as
an error workbook (the original rows plus an 错误说明 column) that staff correct and upload again.

The file is read twice with python-calamine rather than kept in memory between the two steps: the first pass
validates every row and keeps only what duplicate and platform checks need (keyed hashes, card numbers, employer
names); the second pass, run only when the first found nothing wrong, cleans the rows again and writes them in
batches. Cleaning is deterministic for a fixed ``today``, so both passes see the same values, and memory stays
bounded by one batch instead of growing with the file.
"""

import logging
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial
from itertools import islice

import python_calamine
from django.core.files import File
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, pii
from core.errors import DomainError
from core.models import Job
from core.pinyin import pinyin_keys
from core.scoping import can
from orgs.models import Enterprise, Org

from .choices import (
    ETHNICITIES,
    HOLDING,
    Education,
    Employment,
    Gender,
    GigPlatform,
    Hukou,
    IdType,
    MemberStatus,
    Political,
    Tag,
)
from .models import Member, MembershipEvent, MemberTag
from .services import PERSON_FIELDS, card_numbers, check_union
from .validation import LABELS, clean_person

logger = logging.getLogger(__name__)

JOB_KIND = "members.import"
# One upload at most this many data rows: a district's largest union rosters fit; bigger files are split.
MAX_ROWS = 200_000
# Uploads above this size are refused before they are stored (a 200,000-row roster is about 15 MB).
MAX_UPLOAD_BYTES = 60 * 1024 * 1024
# The uncompressed XML of the sheet; bounds what calamine loads even if a file lies about its dimension.
MAX_SHEET_XML_BYTES = 800 * 1024 * 1024
BATCH_SIZE = 1000
SQLITE_IMPORT_CACHE_KB = 256 * 1024  # see _large_write_cache
HEADER_SCAN_ROWS = 20
ERRORS_KEPT = 200
# The template's example row starts its 姓名 with this; such rows are skipped, so a forgotten example is harmless.
EXAMPLE_MARK = "示例"
ERROR_COLUMN = "错误说明"

# Template column order: how union rosters (会员信息采集表) are laid out.
COLUMNS = (
    "name",
    "id_type",
    "id_number",
    "gender",
    "birth_date",
    "ethnicity",
    "phone",
    "education",
    "political",
    "hukou_type",
    "hukou_place",
    "employer_name",
    "gig_platform",
    "job_title",
    "employment",
    "is_migrant_worker",
    "tags",
    "joined_on",
    "card_no",
)
REQUIRED = ("name", "id_number", "phone")
# Other names the same columns go by in rosters people already keep.
ALIASES = {
    "身份证号": "id_number",
    "身份证号码": "id_number",
    "证件号": "id_number",
    "公民身份号码": "id_number",
    "手机": "phone",
    "手机号码": "phone",
    "联系电话": "phone",
    "文化程度": "education",
    "户口性质": "hukou_type",
    "户口类型": "hukou_type",
    "户籍地": "hukou_place",
    "单位": "employer_name",
    "工作单位名称": "employer_name",
    "所在单位": "employer_name",
    "职务": "job_title",
    "工种": "job_title",
    "岗位": "job_title",
    "入会时间": "joined_on",
    "会员证编号": "card_no",
    "会员卡号": "card_no",
    "新就业形态": "gig_platform",
}
DATE_FIELDS = {"birth_date", "joined_on"}

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and password-protected workbooks
_ZIP_SIGNATURE = b"PK\x03\x04"


def _header_key(text) -> str:
    """A header cell reduced to what identifies it: full-width folded (NFKC), notes in brackets, spaces,
    required-markers and colons removed. ``" 姓 名* "``, ``"姓名（必填）"`` and ``"姓名"`` are the same column."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = re.sub(r"\(.*?\)|\[.*?\]|【.*?】", "", text)
    return re.sub(r"[\s*:]", "", text)


HEADER_LOOKUP = {_header_key(LABELS[f]): f for f in COLUMNS} | {_header_key(k): v for k, v in ALIASES.items()}


class RosterRefused(DomainError):
    """The file as a whole cannot be imported (not an xlsx, empty, no header, too big): one clear message."""


@dataclass(slots=True)
class RowError:
    """One problem in one cell: Excel's row number, the column's header as the file has it, a Chinese message."""

    row: int
    column: str
    message: str
    code: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message, "code": self.code}


@dataclass
class ImportOutcome:
    """What an import found or did. ``errors`` is empty exactly when the rows were written."""

    rows: int = 0
    imported: int = 0
    rejoined: int = 0
    skipped_examples: int = 0
    employers_matched: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> dict:
        """The JSON kept on the job: counts and the first ``ERRORS_KEPT`` errors, for pages and the API."""
        return {
            "rows": self.rows,
            "imported": self.imported,
            "rejoined": self.rejoined,
            "skipped_examples": self.skipped_examples,
            "employers_matched": self.employers_matched,
            "ignored_columns": self.ignored_columns,
            "error_count": len(self.errors),
            "error_rows": len({e.row for e in self.errors}),
            "errors": [e.as_dict() for e in self.errors[:ERRORS_KEPT]],
        }


# --- The template ---------------------------------------------------------------------------------------------

CHOICE_LISTS = {
    "id_type": [str(c.label) for c in IdType],
    "gender": [str(c.label) for c in Gender],
    "ethnicity": ETHNICITIES,
    "education": [str(c.label) for c in Education],
    "political": [str(c.label) for c in Political],
    "hukou_type": [str(c.label) for c in Hukou],
    "gig_platform": [str(c.label) for c in GigPlatform],
    "employment": [str(c.label) for c in Employment],
    "is_migrant_worker": ["是", "否"],
    "tags": [str(t.label) for t in Tag],
}
EXAMPLE = {
    "name": "示例张三",
    "id_type": "居民身份证",
    "id_number": "11010519491231002X",
    "gender": "女",
    "birth_date": "1949-12-31",
    "ethnicity": "汉族",
    "phone": "13800000000",
    "education": "高中/中专/技校",
    "political": "群众",
    "hukou_type": "农村",
    "hukou_place": "浙江省宁波市",
    "employer_name": "某某机械有限公司",
    "gig_platform": "",
    "job_title": "装配工",
    "employment": "在岗",
    "is_migrant_worker": "是",
    "tags": "困难职工、工匠",
    "joined_on": "2024-03-01",
    "card_no": "",
}
NOTES = [
    ("姓名", "必填，不超过 50 个字。"),
    ("证件类型", f"可选：{'、'.join(CHOICE_LISTS['id_type'])}。不填视为居民身份证。"),
    (
        "证件号码",
        "必填。居民身份证须为 18 位（15 位旧号自动升为 18 位），末位 x 大小写均可；"
        "其他证件为 5 到 30 位字母或数字。请把本列设为“文本”格式，否则 Excel 会把长数字改坏。",
    ),
    ("性别", "居民身份证可不填（按证件号码判断，填写的须一致）；其他证件必填。"),
    ("出生日期", "居民身份证可不填（按证件号码判断，填写的须一致）。"),
    ("民族", "如“汉族”“回族”，不填视为汉族。"),
    ("手机号", "必填，11 位大陆手机号。"),
    ("学历、政治面貌、户籍类型、新就业形态类别、就业状况", "从下拉列表中选择。"),
    ("工作单位", "填写企业全称或统一社会信用代码：与本会辖区企业名录一致的会自动关联，否则按文字保存。"),
    ("是否农民工", "填“是”或“否”，不填视为否。"),
    ("标签", f"可填多个，用顿号或逗号分隔，可选：{'、'.join(CHOICE_LISTS['tags'])}。"),
    ("入会日期", "不填视为导入当天，不能晚于今天。"),
    ("会员证号", "不填由系统自动编号；填写的不能与已有会员证号重复。"),
    ("日期格式", "2021-03-05、2021/03/05、2021.3.5、2021年3月5日、20210305 或 Excel 日期均可。"),
    ("示例行", "第 2 行为示例，姓名以“示例”开头的行不会导入，可保留或删除。"),
    ("一次导入", f"每个文件最多 {MAX_ROWS:,} 行。文件中有任何错误时整份不导入，请下载错误报告修改后重新上传。"),
    ("重复", "同一证件号码或会员证号在文件中只能出现一次；已在其他工会有会籍的人员须办理转会。"),
]


def header_label(name: str) -> str:
    """The template's header for a field: its Chinese name, with ``*`` when the column is required."""
    return LABELS[name] + ("*" if name in REQUIRED else "")


def build_template(dest) -> None:
    """Write the xlsx template to ``dest`` (a path or a binary file): the roster sheet with marked required
    headers, dropdowns for coded fields, text-formatted code columns and an example row; a 说明 sheet; and a hidden
    sheet holding the dropdowns' options (Excel limits an inline list to 255 characters)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "会员名册"
    options = wb.create_sheet("选项")
    options.sheet_state = "hidden"
    notes = wb.create_sheet("说明")
    last_row = MAX_ROWS + 1
    lists = 0
    for col, name in enumerate(COLUMNS, start=1):
        letter = get_column_letter(col)
        cell = ws.cell(row=1, column=col, value=header_label(name))
        cell.font = Font(bold=True, color="C00000" if name in REQUIRED else "000000")
        cell.fill = PatternFill("solid", fgColor="FCE4D6" if name in REQUIRED else "DDEBF7")
        cell.alignment = Alignment(horizontal="center")
        ws.column_dimensions[letter].width = 22 if name in {"id_number", "employer_name", "hukou_place"} else 14
        if name in {"id_number", "phone", "card_no"}:
            ws.column_dimensions[letter].number_format = "@"  # keeps long numbers as typed
        example = ws.cell(row=2, column=col, value=EXAMPLE[name])
        example.font = Font(italic=True, color="808080")
        example.number_format = "@"
        if name in CHOICE_LISTS:
            values = CHOICE_LISTS[name]
            lists += 1
            opt_col = get_column_letter(lists)
            options[f"{opt_col}1"] = LABELS[name]
            for i, value in enumerate(values, start=2):
                options[f"{opt_col}{i}"] = value
            dv = DataValidation(
                type="list",
                formula1=f"'选项'!${opt_col}$2:${opt_col}${len(values) + 1}",
                allow_blank=True,
                # Several tags go into one cell, so the tag list suggests rather than forbids.
                showErrorMessage=name != "tags",
                errorTitle="输入有误",
                error="请从下拉列表中选择",
            )
            dv.add(f"{letter}2:{letter}{last_row}")
            ws.add_data_validation(dv)
    ws.freeze_panes = "B2"
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 100
    notes.append(["栏目", "填写说明"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for name, text in NOTES:
        notes.append([name, text])
    notes.append([])
    notes.append(["带 * 的列", f"必填列：{'、'.join(LABELS[f] for f in REQUIRED)}。"])
    for row in notes.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    wb.save(dest)


# --- Opening and checking a file ------------------------------------------------------------------------------


def _refuse(code: str, message: str) -> RosterRefused:
    return RosterRefused(code, message, field="file")


def _not_xlsx(hint: str = "") -> RosterRefused:
    return _refuse("not_xlsx", _("文件不是有效的 Excel（.xlsx）文件") + hint)


def _first_sheet_part(zf: zipfile.ZipFile) -> str:
    """The zip member holding the workbook's first sheet, found through workbook.xml and its relationships (the
    order calamine's ``get_sheet_by_index(0)`` uses)."""
    try:
        workbook = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        raise _not_xlsx() from None
    sheet = re.search(rb"<(?:\w+:)?sheet\b[^>]*>", workbook)
    rid = re.search(rb'\b(?:\w+:)?id="([^"]+)"', sheet.group(0)) if sheet else None
    if rid is None:
        raise _not_xlsx()
    for rel in re.finditer(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
        attrs = dict(re.findall(rb'(\w+)="([^"]*)"', rel.group(0)))
        if attrs.get(b"Id") == rid.group(1):
            target = attrs.get(b"Target", b"").decode()
            return target.lstrip("/") if target.startswith("/") else "xl/" + target
    raise _not_xlsx()


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="\$?[A-Z]+\$?(\d+)(?::\$?[A-Z]+\$?(\d+))?"')
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")


def _sheet_rows(zf: zipfile.ZipFile, part: str, *, stop_after: int) -> int:
    """How many rows the sheet has, without loading it: the last row of its ``<dimension>`` element, which
    writers put before the data, or, when that is missing or says only ``A1``, the ``<row>`` elements counted
    while streaming the XML (stopping once past ``stop_after``). Memory stays at one 1 MB chunk either way."""
    with zf.open(part) as stream:
        head = stream.read(64 * 1024)
        match = _DIMENSION.search(head.split(b"<sheetData", 1)[0])
        if match and match.group(2):
            return int(match.group(2))
        count, tail = len(_ROW_TAG.findall(head)), head[-16:]
        while count <= stop_after:
            chunk = stream.read(1024 * 1024)
            if not chunk:
                break
            # A tag cut between two chunks is counted once: only the overlap's own matches are subtracted.
            count += len(_ROW_TAG.findall(tail + chunk)) - len(_ROW_TAG.findall(tail))
            tail = chunk[-16:]
        return count


def inspect_xlsx(source) -> int:
    """Cheap checks on an upload before anything reads it whole: not empty, an xlsx (a zip with a workbook, not
    an old .xls), a sheet of sane size and at most ``MAX_ROWS`` data rows. ``source`` is a path or a binary file;
    returns the sheet's row count (header included)."""
    own = isinstance(source, (str, os.PathLike))
    stream = open(source, "rb") if own else source  # closed in ``finally``
    try:
        stream.seek(0, os.SEEK_END)
        if stream.tell() == 0:
            raise _refuse("empty_file", _("上传的文件是空的"))
        stream.seek(0)
        head = stream.read(8)
        stream.seek(0)
        if head.startswith(_OLE_SIGNATURE):
            raise _not_xlsx(_("。如为旧版 .xls 文件或设置了打开密码，请在 Excel 中取消密码并另存为 .xlsx 后再上传"))
        if not head.startswith(_ZIP_SIGNATURE):
            raise _not_xlsx()
        try:
            with zipfile.ZipFile(stream) as zf:
                part = _first_sheet_part(zf)
                try:
                    info = zf.getinfo(part)
                except KeyError:
                    raise _not_xlsx() from None
                if info.file_size > MAX_SHEET_XML_BYTES:
                    raise _too_many(None)
                rows = _sheet_rows(zf, part, stop_after=MAX_ROWS + HEADER_SCAN_ROWS)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
            raise _not_xlsx() from None
    finally:
        if own:
            stream.close()
        else:
            stream.seek(0)
    if rows == 0:
        raise _refuse("no_data_rows", _("文件中没有数据"))
    if rows == 1:
        raise _refuse("no_data_rows", _("文件中没有数据行：表头下方没有会员信息"))
    # The header takes at least one row; title rows above it are few, and checked again while reading.
    if rows - 1 > MAX_ROWS:
        raise _too_many(rows - 1)
    return rows


def _too_many(rows: int | None) -> RosterRefused:
    if rows is None:
        text = _("文件过大")
    else:
        text = _("文件约有 %(n)s 行数据") % {"n": f"{rows:,}"}
    return _refuse(
        "too_many_rows",
        _("%(t)s，超过单次导入上限 %(max)s 行，请拆分为多个文件后分批导入") % {"t": text, "max": f"{MAX_ROWS:,}"},
    )


def _is_blank(cells) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


class RosterFile:
    """An uploaded roster opened for reading: checked, its header row found and its columns mapped to fields.
    ``data_rows()`` streams the rows below the header from the file each time it is called."""

    def __init__(self, path: str):
        self.path = path
        self.sheet_rows = inspect_xlsx(path)
        self.header_index, self.headers, self.columns = self._find_header()
        self.ignored = [h for i, h in enumerate(self.headers) if h and i not in self.columns.values()]

    @contextmanager
    def _rows(self) -> Iterator[Iterator[list]]:
        try:
            workbook = python_calamine.CalamineWorkbook.from_path(self.path)
        except python_calamine.PasswordError:
            raise _refuse("password_protected", _("文件设置了打开密码，请取消密码后再上传")) from None
        except (python_calamine.CalamineError, ValueError, OSError):
            raise _not_xlsx() from None
        try:
            try:
                sheet = workbook.get_sheet_by_index(0)
            except (python_calamine.CalamineError, ValueError, IndexError):
                raise _not_xlsx() from None
            # python-calamine yields sheet rows from Excel's row 1 (empty rows above the data included), so the
            # n-th row (0-based) is Excel's row n + 1: what error messages must name.
            yield sheet.iter_rows()
        finally:
            workbook.close()

    def _find_header(self) -> tuple[int, list[str], dict[str, int]]:
        """The first row (of the first ``HEADER_SCAN_ROWS``) naming at least two known columns: title rows above
        it are skipped. Refuses a file with no such row, a duplicated column, or a required column missing."""
        with self._rows() as rows:
            for index, cells in enumerate(islice(rows, HEADER_SCAN_ROWS)):
                keys = [_header_key(c) if isinstance(c, str) else "" for c in cells]
                known = [HEADER_LOOKUP.get(k) for k in keys]
                if sum(1 for f in known if f) < 2:
                    continue
                columns: dict[str, int] = {}
                for i, name in enumerate(known):
                    if name is None:
                        continue
                    if name in columns:
                        raise _refuse(
                            "duplicate_column",
                            _("表头中“%(c)s”列出现了不止一次，请只保留一列") % {"c": LABELS[name]},
                        )
                    columns[name] = i
                missing = [LABELS[f] for f in REQUIRED if f not in columns]
                if missing:
                    raise _refuse("missing_columns", _("缺少必填列：%(c)s") % {"c": "、".join(missing)})
                headers = [" ".join(str(c).split()) if c not in (None, "") else "" for c in cells]
                return index, headers, columns
        if self.sheet_rows == 0:
            raise _refuse("no_data_rows", _("文件中没有数据"))
        raise _refuse(
            "missing_columns",
            _("找不到表头，缺少必填列：%(c)s。请使用下载的模板填写") % {"c": "、".join(LABELS[f] for f in REQUIRED)},
        )

    def column_of(self, name: str) -> str:
        """The header of the column holding field ``name``, as the file writes it (the field's label if absent)."""
        index = self.columns.get(name)
        return self.headers[index] if index is not None else LABELS.get(name, name)

    def data_rows(self) -> Iterator[tuple[int, dict]]:
        """``(excel_row, raw)`` for every non-blank row below the header, ``raw`` keyed by field name."""
        count = 0
        with self._rows() as rows:
            for index, cells in enumerate(rows):
                if index <= self.header_index or _is_blank(cells):
                    continue
                count += 1
                if count > MAX_ROWS:
                    # The dimension check passed but the sheet held more: refuse rather than read on.
                    raise _too_many(count)
                n = len(cells)
                yield index + 1, {f: cells[i] if i < n else None for f, i in self.columns.items()}

    def all_rows(self) -> Iterator[tuple[int, list]]:
        """``(excel_row, cells)`` for every row of the sheet, for the error workbook."""
        with self._rows() as rows:
            for index, cells in enumerate(rows):
                yield index + 1, cells


# --- Validation (the first pass) ------------------------------------------------------------------------------


def _is_example(raw: dict) -> bool:
    name = raw.get("name")
    return isinstance(name, str) and name.strip().startswith(EXAMPLE_MARK)


def _clean_row(raw: dict, today: date):
    """``clean_person`` for one row, plus the one problem only a spreadsheet causes: an ID number Excel stored as
    a number, whose last digits it has already rounded away."""
    cleaned = clean_person(raw, today=today)
    number = raw.get("id_number")
    if isinstance(number, float) and abs(number) >= 1e15:
        cleaned.problems = [p for p in cleaned.problems if p.field != "id_number"]
        cleaned.fail(
            "id_number",
            "id_number_stored_as_number",
            _("Excel 把证件号码存成了数字，末几位已丢失。请把该列设为“文本”格式后重新填写"),
        )
    return cleaned


def enterprise_scope(union: Org) -> Q:
    """The employers a union's roster may name: those it or its sub-unions cover, and those registered in its
    area (its parent's sub-tree: a grassroots union's town, a 小三级 union's parent)."""
    area = union.path[: -Org.steplen] if union.depth > 1 else union.path
    return Q(covering_union__path__startswith=union.path) | Q(org__path__startswith=area)


def _batched(items, size: int = BATCH_SIZE):
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def match_employers(union: Org, texts: set[str]) -> dict[str, tuple[int, str]]:
    """``text → (enterprise id, name)`` for 工作单位 values naming exactly one enterprise of the union's scope, by
    full name or 统一社会信用代码. A name two enterprises share stays free text rather than being guessed."""
    found: dict[str, set[tuple[int, str]]] = {}
    scoped = Enterprise.objects.filter(enterprise_scope(union))
    for chunk in _batched(sorted(texts)):
        codes = [t.upper() for t in chunk if len(t) == 18 and t.isalnum()]
        for pk, name, uscc in scoped.filter(Q(name__in=chunk) | Q(uscc__in=codes)).values_list("pk", "name", "uscc"):
            for text in (name, uscc):
                found.setdefault(text, set()).add((pk, name))
    matched = {}
    for text in texts:
        hits = found.get(text) or found.get(text.upper()) or set()
        if len(hits) == 1:
            matched[text] = next(iter(hits))
    return matched


@dataclass
class Validation:
    """What the first pass keeps: errors, and the few facts the write needs (small, not per-row data)."""

    outcome: ImportOutcome
    rejoining: dict[str, int]  # id hash → pk of the earlier (ended) membership record
    employers: dict[str, tuple[int, str]]
    auto_cards: int  # rows without a 会员证号
    file_cards: set[str] = field(default_factory=set)  # card numbers the file itself gives


def validate_roster(
    roster: RosterFile, union: Org, *, today: date, progress: Callable[[int, int], None] | None = None
) -> Validation:
    """Check every row: cleaning, duplicates inside the file, and against the platform (people already holding a
    membership, card numbers taken), with batched look-ups of 1,000 keys."""
    outcome = ImportOutcome(ignored_columns=roster.ignored)
    errors = outcome.errors
    seen_ids: dict[str, int] = {}
    seen_cards: dict[str, int] = {}
    employer_texts: set[str] = set()
    auto_cards = 0
    estimate = max(roster.sheet_rows - roster.header_index - 1, 0)
    for row, raw in roster.data_rows():
        if _is_example(raw):
            outcome.skipped_examples += 1
            continue
        outcome.rows += 1
        cleaned = _clean_row(raw, today)
        for p in cleaned.problems:
            prefix = f"{LABELS.get(p.field, p.field)}："
            errors.append(RowError(row, roster.column_of(p.field), p.message.removeprefix(prefix), p.code))
        values = cleaned.values
        bad = {p.field for p in cleaned.problems}
        if "id_number" not in bad and "id_type" not in bad and values["id_number"]:
            key = pii.lookup_hash(values["id_type"], values["id_number"])
            first = seen_ids.setdefault(key, row)
            if first != row:
                column = roster.column_of("id_number")
                errors.append(
                    RowError(
                        row,
                        column,
                        _("与第 %(r)d 行是同一证件号码，同一人只能出现一次") % {"r": first},
                        "duplicate_in_file",
                    )
                )
                errors.append(
                    RowError(
                        first,
                        column,
                        _("与第 %(r)d 行是同一证件号码，同一人只能出现一次") % {"r": row},
                        "duplicate_in_file",
                    )
                )
        card = values["card_no"]
        if card and "card_no" not in bad:
            first = seen_cards.setdefault(card, row)
            if first != row:
                column = roster.column_of("card_no")
                errors.append(
                    RowError(
                        row,
                        column,
                        _("会员证号“%(c)s”与第 %(r)d 行重复") % {"c": card, "r": first},
                        "duplicate_card_in_file",
                    )
                )
                errors.append(
                    RowError(
                        first,
                        column,
                        _("会员证号“%(c)s”与第 %(r)d 行重复") % {"c": card, "r": row},
                        "duplicate_card_in_file",
                    )
                )
        elif not card:
            auto_cards += 1
        if values["employer_name"] and "employer_name" not in bad:
            employer_texts.add(values["employer_name"])
        if progress and outcome.rows % BATCH_SIZE == 0:
            progress(outcome.rows, max(estimate, outcome.rows))
    if outcome.rows == 0:
        raise _refuse("no_data_rows", _("文件中没有数据行：表头下方没有会员信息"))
    if progress:
        progress(outcome.rows, outcome.rows)

    # Against the platform: one query per 1,000 hashes / card numbers, never one per row.
    rejoining: dict[str, int] = {}
    id_column = roster.column_of("id_number")
    for chunk in _batched(seen_ids):
        for id_hash, pk, status, card_no, union_name in Member.objects.filter(id_hash__in=chunk).values_list(
            "id_hash", "pk", "status", "card_no", "union__name"
        ):
            if status in HOLDING:
                errors.append(
                    RowError(
                        seen_ids[id_hash],
                        id_column,
                        _("此人已是“%(u)s”的会员（会员证号 %(c)s），一人只能有一个有效会籍；如需调入本会请办理转会")
                        % {"u": union_name, "c": card_no},
                        "already_member",
                    )
                )
            else:
                rejoining[id_hash] = pk
    rejoining_pks = set(rejoining.values())
    card_column = roster.column_of("card_no")
    for chunk in _batched(seen_cards):
        for card_no, pk in Member.objects.filter(card_no__in=chunk).values_list("card_no", "pk"):
            # A person rejoining may keep the card number of their own earlier membership.
            if pk not in rejoining_pks:
                errors.append(
                    RowError(
                        seen_cards[card_no], card_column, _("会员证号“%(c)s”已被使用") % {"c": card_no}, "card_no_taken"
                    )
                )
    order = {name: i for i, name in enumerate(COLUMNS)}
    column_order = {roster.column_of(name): i for name, i in order.items()}
    errors.sort(key=lambda e: (e.row, column_order.get(e.column, len(order))))
    employers = match_employers(union, employer_texts) if not errors else {}
    outcome.employers_matched = len(employers)
    return Validation(outcome, rejoining, employers, auto_cards, set(seen_cards))


# --- Writing (the second pass) --------------------------------------------------------------------------------


@contextmanager
def _large_write_cache():
    """On SQLite, a bigger page cache for the length of the import. One transaction inserting 100,000 members
    updates seven indexes in random order; with SQLite's default 2 MB cache their pages are evicted and re-read
    (and spilled to the WAL) over and over, and the write slows down more than linearly with the file. The
    connection's own setting is restored afterwards. PostgreSQL sizes its buffers itself."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {-SQLITE_IMPORT_CACHE_KB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


MEMBER_UPDATE_FIELDS = (
    *PERSON_FIELDS,
    "employer",
    "id_type",
    "id_cipher",
    "id_hash",
    "id_masked",
    "name_pinyin",
    "name_initials",
    "union",
    "status",
    "joined_on",
    "card_no",
    "card_version",
    "updated_at",
)


def _new_card_numbers(n: int, *, avoid: set[str]) -> list[str]:
    """``n`` numbers from the platform's card sequence, skipping any the file assigns itself."""
    numbers: list[str] = []
    while len(numbers) < n:
        numbers += [c for c in card_numbers(n - len(numbers)) if c not in avoid]
    return numbers


def write_roster(roster: RosterFile, union: Org, *, actor, validation: Validation, today: date, job=None) -> None:
    """Write every row in ONE transaction: members in bulk (1,000 per INSERT), their tags and 入会 events, and a
    single audit event with the counts. Card numbers are reserved first, outside the transaction, so the import
    does not hold the platform's card sequence locked while it writes (the sequence tolerates gaps)."""
    outcome = validation.outcome
    cards = iter(_new_card_numbers(validation.auto_cards, avoid=validation.file_cards))
    rejoining = validation.rejoining
    existing = {}
    if rejoining:
        for chunk in _batched(rejoining.values()):
            existing.update(Member.objects.in_bulk(chunk))
    now = timezone.now()
    with _large_write_cache(), transaction.atomic():
        for chunk in _batched(r for r in roster.data_rows() if not _is_example(r[1])):
            new, again, tags, events = [], [], [], []
            for row, raw in chunk:
                cleaned = _clean_row(raw, today)
                if cleaned.problems:  # the first pass saw the same row clean; never write what it did not check
                    raise RuntimeError(f"row {row} changed between validation and writing")
                values = cleaned.values
                id_hash = pii.lookup_hash(values["id_type"], values["id_number"])
                member = existing.get(rejoining.get(id_hash))
                if member is None:
                    member = Member(created_at=now)
                    new.append(member)
                else:
                    member.card_version += 1  # a card from the earlier membership must not verify
                    again.append(member)
                for key in PERSON_FIELDS:
                    setattr(member, key, values[key])
                employer = validation.employers.get(values["employer_name"])
                member.employer_id = employer[0] if employer else None
                if employer:
                    member.employer_name = employer[1]
                member.id_type = values["id_type"]
                member.set_id_number(values["id_number"])
                member.name_pinyin, member.name_initials = pinyin_keys(member.name)
                member.union, member.status, member.joined_on = union, MemberStatus.ACTIVE, values["joined_on"]
                member.card_no = values["card_no"] or next(cards)
                member.updated_at = now
                tags.append((member, values["tags"]))
                events.append(member)
            Member.objects.bulk_create(new, batch_size=BATCH_SIZE)
            if again:
                Member.objects.bulk_update(again, MEMBER_UPDATE_FIELDS, batch_size=BATCH_SIZE)
                MemberTag.objects.filter(member__in=again).delete()
            MemberTag.objects.bulk_create(
                [MemberTag(member=m, tag=t) for m, member_tags in tags for t in member_tags], batch_size=BATCH_SIZE
            )
            rejoined = {m.pk for m in again}
            MembershipEvent.objects.bulk_create(
                [
                    MembershipEvent(
                        member=m,
                        kind=MembershipEvent.Kind.JOINED,
                        on=m.joined_on,
                        union=union,
                        actor=actor,
                        reason=_("重新入会（名册导入）") if m.pk in rejoined else _("名册导入"),
                    )
                    for m in events
                ],
                batch_size=BATCH_SIZE,
            )
            outcome.imported += len(chunk)
            outcome.rejoined += len(again)
        audit.record(
            "members.import.completed",
            actor=actor,
            obj=job,
            org=union,
            data={
                "job": job.pk if job else None,
                "file": (job.params.get("filename", "") if job else os.path.basename(roster.path)),
                "rows": outcome.rows,
                "imported": outcome.imported,
                "rejoined": outcome.rejoined,
                "employers_matched": outcome.employers_matched,
                "skipped_examples": outcome.skipped_examples,
            },
        )


def import_roster(path: str, *, union: Org, actor, job: Job | None = None, today: date | None = None) -> ImportOutcome:
    """Import the roster at ``path`` into ``union``: validate every row, then write all of them or nothing.
    Row problems come back in the outcome; a file that cannot be read at all raises ``RosterRefused``; a person
    registered elsewhere meanwhile (the unique constraints say so) raises ``DomainError("conflict")``.
    ``actor`` None is the command-line import run by an operator."""
    if actor is not None and not can(actor, "members.import", union):
        raise DomainError("permission_denied", _("您没有权限向该工会导入会员"), status=403)
    check_union(union)
    today = today or timezone.localdate()

    def progress(done, total):
        if job is not None:
            job.report(done=done, total=total, stage=_("校验"))

    if job is not None:
        job.report(stage=_("读取文件"))
    roster = RosterFile(path)
    validation = validate_roster(roster, union, today=today, progress=progress)
    outcome = validation.outcome
    if outcome.errors:
        return outcome
    if job is not None:
        job.report(done=0, total=outcome.rows, stage=_("写入"))
    try:
        write_roster(roster, union, actor=actor, validation=validation, today=today, job=job)
    except IntegrityError:
        outcome.imported = outcome.rejoined = 0
        raise DomainError(
            "conflict", _("导入期间名册被他人修改（有人员或会员证号刚被登记），未导入任何数据，请重新上传"), status=409
        ) from None
    return outcome


# --- The error workbook ---------------------------------------------------------------------------------------


def write_error_workbook(roster: RosterFile, errors: list[RowError], dest: str) -> None:
    """The uploaded rows as they were, plus an 错误说明 column: each faulty row's problems in red text and its
    faulty cells filled red, so staff correct the file and upload it again (the extra column is ignored then)."""
    import xlsxwriter

    by_row: dict[int, list[RowError]] = {}
    for e in errors:
        by_row.setdefault(e.row, []).append(e)
    header_to_index = {h: i for i, h in enumerate(roster.headers) if h}
    error_col = len(roster.headers)
    workbook = xlsxwriter.Workbook(dest, {"constant_memory": True, "strings_to_numbers": False})
    try:
        sheet = workbook.add_worksheet("错误报告")
        red_text = workbook.add_format({"font_color": "#C00000", "text_wrap": True})
        red_cell = workbook.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
        red_date = workbook.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006", "num_format": "yyyy-mm-dd"})
        bold = workbook.add_format({"bold": True})
        header_red = workbook.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#C00000"})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        sheet.set_column(error_col, error_col, 60)
        sheet.freeze_panes(roster.header_index + 1, 0)
        for excel_row, cells in roster.all_rows():
            r = excel_row - 1
            row_errors = by_row.get(excel_row, [])
            bad_cols = {header_to_index[e.column] for e in row_errors if e.column in header_to_index}
            for c, value in enumerate(cells):
                bad = c in bad_cols
                header = r == roster.header_index
                fmt = bold if header else (red_cell if bad else None)
                if isinstance(value, (date, datetime)):
                    sheet.write_datetime(r, c, value, red_date if bad else date_format)
                elif isinstance(value, (time, timedelta)):
                    sheet.write_string(r, c, str(value), fmt)
                elif isinstance(value, str):
                    if value or bad:
                        sheet.write_string(r, c, value, fmt)
                elif value is not None:
                    sheet.write(r, c, value, fmt)
            if r == roster.header_index:
                sheet.write_string(r, error_col, ERROR_COLUMN, header_red)
            elif row_errors:
                text = "；".join(f"{e.column}：{e.message}" if e.column else e.message for e in row_errors)
                sheet.write_string(r, error_col, text, red_text)
    finally:
        workbook.close()


# --- Jobs: the background import started from a page or the API ------------------------------------------------


def import_jobs(user):
    """Import jobs ``user`` may see: those of the unions in their ``members.import`` scope."""
    return Job.objects.restrict(user, "members.import").filter(kind=JOB_KIND)


@transaction.atomic
def start_import(*, actor, union: Org, upload) -> Job:
    """Staff upload a roster for ``union``: the cheap checks answer at once (not an xlsx, empty, too many rows),
    then a job stores the file and a background task imports it. Returns the job to follow."""
    if not can(actor, "members.import", union):
        raise DomainError("permission_denied", _("您没有权限向该工会导入会员"), status=403)
    check_union(union)
    if upload.size > MAX_UPLOAD_BYTES:
        raise _refuse(
            "file_too_large",
            _("文件超过 %(n)d MB，请拆分为多个文件后分批导入") % {"n": MAX_UPLOAD_BYTES // (1024 * 1024)},
        )
    inspect_xlsx(upload)
    filename = os.path.basename(upload.name or "roster.xlsx")[:200]
    job = Job(kind=JOB_KIND, org=union, created_by=actor, params={"filename": filename, "union": union.code})
    job.save()
    # The stored name is the job's, not the uploader's: no personal data or odd characters in paths.
    job.input_file.save(f"import-{job.pk}.xlsx", upload, save=True)
    from .tasks import import_members_task

    transaction.on_commit(partial(import_members_task.enqueue, job.pk))
    return job


@contextmanager
def local_path(fieldfile):
    """A local path to a stored file: the file itself on disk storage, else a temporary copy (object storage)."""
    try:
        yield fieldfile.path
        return
    except NotImplementedError:
        pass
    with fieldfile.open("rb") as src, tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
        for chunk in iter(lambda: src.read(1024 * 1024), b""):
            tmp.write(chunk)
        tmp.flush()
        yield tmp.name


def _finish(job: Job, status: str, *, message: str, result: dict) -> None:
    job.status, job.message, job.result, job.finished_at = status, message, result, timezone.now()
    job.save(update_fields=["status", "message", "result", "finished_at", "output_file"])


def run_import_job(job_id: int) -> str:
    """Run a queued import job: the task's body. A job that is no longer queued is left alone, so a task
    delivered twice does not import twice. The uploaded file is deleted when done (it holds ID numbers in
    plain text); the error workbook stays for download through the job page."""
    job = Job.objects.select_related("org", "created_by").get(pk=job_id)
    if job.status != Job.Status.QUEUED:
        return job.status
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    job.status = Job.Status.RUNNING
    try:
        with local_path(job.input_file) as path:
            outcome = import_roster(path, union=job.org, actor=job.created_by, job=job)
            if not outcome.ok:
                with tempfile.TemporaryDirectory() as tmp:
                    dest = os.path.join(tmp, "errors.xlsx")
                    write_error_workbook(RosterFile(path), outcome.errors, dest)
                    with open(dest, "rb") as fh:
                        job.output_file.save(f"import-{job.pk}-errors.xlsx", File(fh), save=False)
    except DomainError as exc:
        result = {
            "error_count": 1,
            "error_rows": 0,
            "errors": [{"row": None, "column": "", "message": str(exc.message), "code": exc.code}],
        }
        _finish(job, Job.Status.FAILED, message=str(exc.message), result=result)
    except Exception:
        logger.exception("member import job %s failed", job.pk)
        message = _("导入时发生系统错误，未导入任何数据，请稍后重试或联系管理员（任务编号 %(n)d）") % {"n": job.pk}
        _finish(job, Job.Status.FAILED, message=message, result={"error_count": 0, "errors": []})
        raise
    else:
        if outcome.ok:
            message = _("已导入 %(n)s 名会员") % {"n": f"{outcome.imported:,}"}
            if outcome.rejoined:
                message += _("（其中 %(n)s 人重新入会）") % {"n": f"{outcome.rejoined:,}"}
            job.done = job.total = outcome.rows
            _finish(job, Job.Status.SUCCEEDED, message=message, result=outcome.summary())
            Job.objects.filter(pk=job.pk).update(done=outcome.rows, total=outcome.rows)
        else:
            message = _("发现 %(e)s 处错误（涉及 %(r)s 行），未导入任何数据。请下载错误报告，修改后重新上传") % {
                "e": f"{len(outcome.errors):,}",
                "r": f"{len({e.row for e in outcome.errors}):,}",
            }
            _finish(job, Job.Status.FAILED, message=message, result=outcome.summary())
    finally:
        if job.input_file:
            job.input_file.delete(save=False)
            Job.objects.filter(pk=job.pk).update(input_file="")
    return job.status
