"""The statistics behind the QCDC report as an Excel workbook: a cover sheet (the unit, the
period, when it was made, each section's sentence) and one sheet per section with its figures as
numbers — counts as integers, percentages as fractions formatted as percent, dates as dates — so
that they can be summed and charted."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from danchu.core.figures import Figure
from danchu.core.sheets import _append, _header, _save
from danchu.reports.qcdc import QcdcReport

# Sheet names: at most 31 characters, none of []:*?/\.
SHEETS: dict[str, str] = {
    "regulations": "Quy chế",
    "publicity": "Công khai",
    "dissemination": "Phổ biến",
    "consultation": "Lấy ý kiến",
    "conference": "Hội nghị CBCCVC",
    "dialogue": "Đối thoại",
    "board": "Ban TTND",
    "tasks": "Giao nhiệm vụ",
    "onestop": "Một cửa",
    "reception": "Tiếp dân, đơn thư",
}
FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
PERCENT = "0.0%"
DATE = "DD/MM/YYYY"
COVER = "Thông tin"


def sheet_name(key: str, taken: set[str]) -> str:
    name = (SHEETS.get(key) or key).translate(FORBIDDEN)[:31]
    base, n = name, 2
    while name in taken or name == COVER:
        suffix = f" {n}"
        name, n = f"{base[: 31 - len(suffix)]}{suffix}", n + 1
    taken.add(name)
    return name


def _cell_value(f: Figure) -> int | float | dt.date | str | None:
    if f.value is None:
        return None
    if f.kind == "percent" and isinstance(f.value, int | float):
        return f.value / 100
    return f.value


def qcdc_xlsx(report: QcdcReport) -> bytes:
    book = Workbook()
    cover = book.active
    assert isinstance(cover, Worksheet)
    cover.title = COVER
    made_at = timezone.localtime().replace(tzinfo=None, microsecond=0)
    org = report.organisation
    cover.append(["Báo cáo kết quả thực hiện Quy chế dân chủ ở cơ sở"])
    cover["A1"].font = Font(bold=True, size=13)
    for label, value, number_format in (
        ("Đơn vị", org.name, None),
        ("Mã đơn vị", org.code, None),
        ("Từ ngày", report.start, DATE),
        ("Đến ngày", report.end, DATE),
        ("Lập lúc", made_at, "HH:MM DD/MM/YYYY"),
    ):
        _append(cover, [label, value])
        cover.cell(row=cover.max_row, column=1).font = Font(bold=True)
        if number_format:
            cover.cell(row=cover.max_row, column=2).number_format = number_format
    cover.append([])
    _append(cover, ["Nội dung", "Kết quả"])
    for cell in cover[cover.max_row]:
        cell.font = Font(bold=True)
    for part in report.sections:
        _append(cover, [part.heading, part.sentence])
        cover.cell(row=cover.max_row, column=2).alignment = Alignment(wrap_text=True)
    cover.column_dimensions["A"].width = 40
    cover.column_dimensions["B"].width = 100

    taken: set[str] = set()
    with translation.override("vi"):
        for part in report.sections:
            sheet = book.create_sheet(sheet_name(part.key, taken))
            _header(sheet, [("Mã", 24), ("Chỉ tiêu", 60), ("Giá trị", 16)])
            for f in part.section.figures:
                _append(sheet, [f.key, str(f.label), _cell_value(f)])
                value = sheet.cell(row=sheet.max_row, column=3)
                if f.kind == "percent":
                    value.number_format = PERCENT
                elif f.kind == "date":
                    value.number_format = DATE
                elif f.kind == "count":
                    value.number_format = "#,##0"
    return _save(book)
