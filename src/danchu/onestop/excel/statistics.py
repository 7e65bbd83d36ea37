"""The one-stop statistics form in Excel, with a sheet of the indicators not kept per group."""

# openpyxl ships no type hints; types-openpyxl is not a dependency yet (checked clean with it).
# mypy: disable-error-code="import-untyped"

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from danchu.core.sheets import _header, _save
from danchu.core.text import vn_date
from danchu.onestop.models import Satisfaction
from danchu.onestop.stats import Figures, Report

STATS_TITLE = "BIỂU SỐ LIỆU TÌNH HÌNH GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
STATS_SHEET = "Số liệu"
INDICATORS_SHEET = "Chỉ tiêu"
TOTAL = "Tổng cộng"
# The two header rows of the form: a label over several columns, then each column's own label
# (a column with no group label spans both rows).
STATS_GROUPS = [
    ("Đã giải quyết", 6, 9),
    ("Đang giải quyết", 10, 11),
]
STATS_COLUMNS = [
    ("STT", 6),
    ("Lĩnh vực / nhóm", 36),
    ("Tổng số hồ sơ", 11),
    ("Số mới tiếp nhận", 11),
    ("Số kỳ trước chuyển qua", 11),
    ("Tổng số", 10),
    ("Trước hạn", 10),
    ("Đúng hạn", 10),
    ("Quá hạn", 10),
    ("Trong hạn", 10),
    ("Quá hạn", 10),
    ("Đã trả kết quả", 11),
    ("Từ chối tiếp nhận", 11),
    ("Rút hồ sơ", 10),
    ("Tỷ lệ đúng hạn (%)", 11),
]
STATS_HEADER_ROW = 5  # rows 1-3: the title block; 5-6: the header; 7: column numbers
STATS_FIRST_ROW = 8


def _figures(figures: Figures) -> list[int | float | None]:
    return [
        figures.handled,
        figures.received,
        figures.carried_over,
        figures.resolved,
        figures.early,
        figures.on_time,
        figures.late,
        figures.in_progress_within,
        figures.in_progress_overdue,
        figures.returned,
        figures.refused,
        figures.withdrawn,
        figures.on_time_rate,
    ]


def stats_export(report: Report) -> bytes:
    """The report in the layout of the one-stop statistics form, with a second sheet of the
    indicators that are not per group."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = STATS_SHEET
    last = get_column_letter(len(STATS_COLUMNS))
    title_lines = [
        STATS_TITLE,
        f"Đơn vị: {report.agency.name}",
        f"Kỳ báo cáo: từ {vn_date(report.start)} đến {vn_date(report.end)}",
    ]
    for row, text in enumerate(title_lines, 1):
        sheet.merge_cells(f"A{row}:{last}{row}")
        cell = sheet.cell(row=row, column=1, value=text)
        cell.alignment = Alignment(horizontal="center")
        cell.font = Font(bold=row == 1, size=13 if row == 1 else 11)

    top, bottom = STATS_HEADER_ROW, STATS_HEADER_ROW + 1
    grouped = {c for _, first, end in STATS_GROUPS for c in range(first, end + 1)}
    for label, first, end in STATS_GROUPS:
        sheet.merge_cells(start_row=top, start_column=first, end_row=top, end_column=end)
        sheet.cell(row=top, column=first, value=label)
    for column, (label, width) in enumerate(STATS_COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
        if column in grouped:
            sheet.cell(row=bottom, column=column, value=label)
        else:
            sheet.merge_cells(start_row=top, start_column=column, end_row=bottom, end_column=column)
            sheet.cell(row=top, column=column, value=label)
        sheet.cell(row=bottom + 1, column=column, value=f"({column})")
    for header_cells in sheet.iter_rows(min_row=top, max_row=bottom + 1):
        for header_cell in header_cells:
            numbers = header_cell.row == bottom + 1
            header_cell.font = Font(bold=not numbers, italic=numbers)
            header_cell.alignment = Alignment(
                horizontal="center", vertical="center", wrap_text=True
            )

    rows: list[list[Any]] = [
        [number, name, *_figures(figures)]
        for number, (name, figures) in enumerate(report.groups, 1)
    ]
    rows.append([None, TOTAL, *_figures(report.total)])
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, 1):
            data_cell = sheet.cell(row=STATS_FIRST_ROW + offset, column=column, value=value)
            if column == len(STATS_COLUMNS):
                data_cell.number_format = "0.0"
            if offset == len(rows) - 1:
                data_cell.font = Font(bold=True)
    sheet.freeze_panes = f"C{STATS_FIRST_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)

    indicators = book.create_sheet(INDICATORS_SHEET)
    _header(indicators, [("Chỉ tiêu", 50), ("Giá trị", 14)])
    total = report.total
    lines: list[tuple[str, int | float | None]] = [
        ("Số thủ tục công khai", report.procedures_published),
        ("Số thủ tục trực tuyến", report.procedures_online),
        ("Số phiếu yêu cầu bổ sung", total.supplement_requests),
        ("Số phiếu xin lỗi", total.apology_slips),
        ("Thời gian giải quyết bình quân (ngày làm việc)", total.average_days),
        ("Hài lòng", total.ratings.get(Satisfaction.SATISFIED, 0)),
        ("Chấp nhận được", total.ratings.get(Satisfaction.ACCEPTABLE, 0)),
        ("Không hài lòng", total.ratings.get(Satisfaction.UNSATISFIED, 0)),
    ]
    for label, value in lines:
        indicators.append([label, value])
        if isinstance(value, float) or value is None:
            indicators.cell(row=indicators.max_row, column=2).number_format = "0.0"
    return _save(book)
