"""The workbooks staff handle: the roster template (headers, dropdowns for coded fields, an example row, a 说明
sheet) and the error workbook (the uploaded rows plus an 错误说明 column, problems in red)."""

from datetime import date, datetime, time, timedelta

from .choices import (
    ETHNICITIES,
    Education,
    Employment,
    Gender,
    GigPlatform,
    Hukou,
    IdType,
    Political,
    Tag,
)
from .roster_file import (
    COLUMNS,
    ERROR_COLUMN,
    MAX_ROWS,
    REQUIRED,
    RosterFile,
    RowError,
)
from .validation import LABELS

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
