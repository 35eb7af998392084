"""Reading an uploaded roster file: refusing what cannot be imported (not a spreadsheet, empty, password
protected, too many rows — counted without loading the sheet), finding the header row under any title rows, and
streaming the data rows. Shared by the import (``importing``) and the error workbook.

Rosters come as unions keep them: ``.xlsx`` and old ``.xls`` workbooks (read with python-calamine, which tells
the two apart by their content) and ``.csv`` text in UTF-8 (with or without a byte-order mark) or in GBK/GB18030,
the encoding Excel uses when a Chinese Windows saves "CSV". The kind is told from the bytes, never the file name."""

import codecs
import csv
import logging
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice

import python_calamine
from django.utils.translation import gettext as _

from . import errors
from .errors import RosterRefused as RosterRefused  # raised through errors.py; importers catch it by this name
from .validation import LABELS

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


@dataclass(slots=True)
class RowError:
    """One problem in one cell: Excel's row number, the column's header as the file has it, a Chinese message."""

    row: int
    column: str
    message: str
    code: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message, "code": self.code}


# --- Opening and checking a file ------------------------------------------------------------------------------


def _not_xlsx(hint: str = "") -> RosterRefused:
    return errors.NOT_XLSX(message=_("文件不是有效的 Excel（.xlsx、.xls）或 CSV 文件") + hint)


def _unreadable_xls() -> RosterRefused:
    return _not_xlsx(_("。如设置了打开密码，请在 Excel 中取消密码；或在 Excel 中另存为 .xlsx 后再上传"))


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


XLSX, XLS, CSV = "xlsx", "xls", "csv"
# Encodings a CSV roster is tried in, in order: UTF-8 (its BOM is dropped), then GB18030 (a superset of GBK and
# GB2312, which is what "CSV" from Excel on a Chinese Windows is). UTF-8 goes first because a GBK reading of UTF-8
# text rarely fails, while a UTF-8 reading of GBK text almost always does.
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
_CHUNK = 1024 * 1024


def file_kind(head: bytes) -> str:
    """What a roster file is, from its first bytes: a zip (xlsx), an OLE compound file (xls, or a workbook
    with an open password, which calamine then refuses) or, for anything else without NUL bytes, CSV text."""
    if head.startswith(_ZIP_SIGNATURE):
        return XLSX
    if head.startswith(_OLE_SIGNATURE):
        return XLS
    if b"\0" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _not_xlsx()
    return CSV


def _csv_encoding_and_lines(stream) -> tuple[str, int]:
    """The encoding the whole CSV file decodes in (see ``CSV_ENCODINGS``; a UTF-16 BOM is honoured) and its number
    of lines, read in 1 MB chunks. A file that no encoding decodes is refused."""
    head = stream.read(4)
    stream.seek(0)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ("utf-16",)
    else:
        candidates = CSV_ENCODINGS
    for encoding in candidates:
        decoder = codecs.getincrementaldecoder(encoding)()
        lines, last = 0, ""
        try:
            while chunk := stream.read(_CHUNK):
                text = decoder.decode(chunk)
                lines += text.count("\n")
                last = text[-1:] or last
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            stream.seek(0)
            continue
        finally:
            stream.seek(0)
        return encoding, lines + (1 if last and last != "\n" else 0)
    raise _not_xlsx(_("。CSV 文件请以 UTF-8 或 GBK 编码保存"))


def _csv_dialect(sample: str):
    """Comma, tab or semicolon separated: the one the widest of the first lines (the header, under any title
    lines) uses most; comma when none is used. Quoting is Excel's."""
    lines = sample.splitlines() or [""]
    delimiter = max(",\t;", key=lambda d: (max(line.count(d) for line in lines), d == ","))

    class Dialect(csv.excel):
        pass

    Dialect.delimiter = delimiter
    return Dialect


def inspect_roster(source) -> tuple[str, int]:
    """Cheap checks on an upload before anything reads it whole: not empty, a spreadsheet (xlsx, xls) or CSV text,
    of sane size and at most ``MAX_ROWS`` data rows. ``source`` is a path or a binary file; returns the file's kind
    and its row count (header included; for CSV, its lines)."""
    own = isinstance(source, (str, os.PathLike))
    stream = open(source, "rb") if own else source  # closed in ``finally``
    try:
        stream.seek(0, os.SEEK_END)
        if stream.tell() == 0:
            raise errors.EMPTY_FILE()
        stream.seek(0)
        head = stream.read(8192)
        stream.seek(0)
        kind = file_kind(head)
        if kind == XLSX:
            rows = _xlsx_rows(stream)
        elif kind == XLS:
            rows = _xls_rows(stream)
        else:
            _encoding, rows = _csv_encoding_and_lines(stream)
    finally:
        if own:
            stream.close()
        else:
            stream.seek(0)
    if rows == 0:
        raise errors.NO_DATA_ROWS(message=_("文件中没有数据"))
    if rows == 1:
        raise errors.NO_DATA_ROWS()
    # The header takes at least one row; title rows above it are few, and checked again while reading.
    if rows - 1 > MAX_ROWS:
        raise _too_many(rows - 1)
    return kind, rows


def _xlsx_rows(stream) -> int:
    try:
        with zipfile.ZipFile(stream) as zf:
            part = _first_sheet_part(zf)
            try:
                info = zf.getinfo(part)
            except KeyError:
                raise _not_xlsx() from None
            if info.file_size > MAX_SHEET_XML_BYTES:
                raise _too_many(None)
            return _sheet_rows(zf, part, stop_after=MAX_ROWS + HEADER_SCAN_ROWS)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
        raise _not_xlsx() from None


def _xls_rows(stream) -> int:
    """An .xls holds at most 65,536 rows a sheet, so loading its first sheet to count them is bounded."""
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(stream)
    except python_calamine.PasswordError:
        raise errors.PASSWORD_PROTECTED() from None
    except (python_calamine.CalamineError, ValueError, OSError):
        raise _unreadable_xls() from None
    try:
        sheet = workbook.get_sheet_by_index(0)
        return sheet.end[0] + 1 if sheet.end else 0
    except (python_calamine.CalamineError, ValueError, IndexError, TypeError):
        raise _unreadable_xls() from None
    finally:
        workbook.close()


def _too_many(rows: int | None) -> RosterRefused:
    if rows is None:
        text = _("文件过大")
    else:
        text = _("文件约有 %(n)s 行数据") % {"n": f"{rows:,}"}
    return errors.TOO_MANY_ROWS(t=text, max=f"{MAX_ROWS:,}")


def _is_blank(cells) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


class _CsvWorkbook:
    """A CSV file read like calamine's sheet: ``iter_rows()`` streams lists of strings (one a record); ``close()``."""

    def __init__(self, path: str, encoding: str):
        self.handle = open(path, encoding=encoding, newline="")  # closed by ``close``

    def iter_rows(self) -> Iterator[list]:
        sample = "".join(islice(self.handle, HEADER_SCAN_ROWS))
        self.handle.seek(0)
        reader = csv.reader(self.handle, _csv_dialect(sample))
        try:
            yield from reader
        except csv.Error as exc:
            raise errors.NOT_XLSX(
                message=_("CSV 文件第 %(n)d 行格式有误：%(e)s") % {"n": reader.line_num, "e": exc}
            ) from None

    def close(self) -> None:
        self.handle.close()


class RosterFile:
    """An uploaded roster opened for reading: checked, its header row found and its columns mapped to fields.
    ``data_rows()`` streams the rows below the header from the file each time it is called."""

    def __init__(self, path: str):
        self.path = path
        self.kind, self.sheet_rows = inspect_roster(path)
        self.encoding = None
        if self.kind == CSV:
            with open(path, "rb") as stream:
                self.encoding = _csv_encoding_and_lines(stream)[0]
        # The sheet loaded to find the header, kept for the first reading of the rows: calamine loads a sheet whole,
        # so finding the header costs as much as a reading; the first ``data_rows()`` needs no second load.
        self._loaded = None
        self.header_index, self.headers, self.columns = self._find_header()
        self.ignored = [h for i, h in enumerate(self.headers) if h and i not in self.columns.values()]
        # Headers written otherwise than the template's name (另一种叫法, a note, spaces): (as written, standard).
        self.renamed = [
            (self.headers[i], LABELS[f])
            for f, i in sorted(self.columns.items(), key=lambda kv: kv[1])
            if self.headers[i] != LABELS[f]
        ]

    def _load(self):
        if self.kind == CSV:
            return _CsvWorkbook(self.path, self.encoding), None
        refused = _unreadable_xls if self.kind == XLS else _not_xlsx
        try:
            workbook = python_calamine.CalamineWorkbook.from_path(self.path)
        except python_calamine.PasswordError:
            raise errors.PASSWORD_PROTECTED() from None
        except (python_calamine.CalamineError, ValueError, OSError):
            raise refused() from None
        try:
            return workbook, workbook.get_sheet_by_index(0)
        except (python_calamine.CalamineError, ValueError, IndexError):
            workbook.close()
            raise refused() from None

    @contextmanager
    def _rows(self, *, keep: bool = False) -> Iterator[Iterator[list]]:
        """The sheet's rows from the first. With ``keep`` the loaded sheet is kept for the next reading (when the
        block ends without an exception); a kept sheet is used once, then released."""
        loaded, self._loaded = self._loaded, None
        workbook, sheet = loaded or self._load()
        kept = False
        try:
            # python-calamine yields sheet rows from Excel's row 1 (empty rows above the data included), so the
            # n-th row (0-based) is Excel's row n + 1: what error messages must name. A CSV line is a row too.
            yield workbook.iter_rows() if sheet is None else sheet.iter_rows()
            if keep:
                self._loaded, kept = (workbook, sheet), True
        finally:
            if not kept:
                workbook.close()

    def _find_header(self) -> tuple[int, list[str], dict[str, int]]:
        """The first row (of the first ``HEADER_SCAN_ROWS``) naming at least two known columns: title rows above
        it are skipped. Refuses a file with no such row, a duplicated column, or a required column missing."""
        with self._rows(keep=True) as rows:
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
                        raise errors.DUPLICATE_COLUMN(c=LABELS[name])
                    columns[name] = i
                missing = [LABELS[f] for f in REQUIRED if f not in columns]
                if missing:
                    raise errors.MISSING_COLUMNS(message=_("缺少必填列：%(c)s") % {"c": "、".join(missing)})
                headers = [" ".join(str(c).split()) if c not in (None, "") else "" for c in cells]
                return index, headers, columns
        if self.sheet_rows == 0:
            raise errors.NO_DATA_ROWS(message=_("文件中没有数据"))
        raise errors.MISSING_COLUMNS(c="、".join(LABELS[f] for f in REQUIRED))

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
