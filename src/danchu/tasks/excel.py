"""Task lists and completion figures as Excel workbooks, in Vietnamese."""

from __future__ import annotations

from django.utils import translation
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from danchu.core.models import Agency
from danchu.core.sheets import _append, _header, _number_format, _save
from danchu.tasks.models import Task
from danchu.tasks.selectors import Completion

TASK_COLUMNS = [
    ("Số", 14),
    ("Nhiệm vụ", 50),
    ("Đầu mối chủ trì", 28),
    ("Đơn vị", 28),
    ("Sản phẩm", 36),
    ("Căn cứ", 28),
    ("Người giao", 22),
    ("Bắt đầu", 12),
    ("Hạn", 12),
    ("Trạng thái", 20),
    ("Hoàn thành ngày", 14),
    ("Đúng hạn", 10),
    ("Chất lượng", 14),
    ("Nguồn", 28),
]
FIGURE_COLUMNS = [
    ("Đơn vị / người", 40),
    ("Nhiệm vụ", 10),
    ("Đã hoàn thành", 14),
    ("Đúng hạn", 10),
    ("Hoàn thành trễ hạn", 14),
    ("Đang thực hiện", 14),
    ("Quá hạn chưa hoàn thành", 16),
    ("Tỷ lệ đúng hạn (trên số đã hoàn thành hoặc đã quá hạn)", 20),
]


def task_export(agency: Agency, year: int, tasks: list[Task]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"Nhiệm vụ {year}"
    _header(sheet, TASK_COLUMNS)
    with translation.override("vi"):
        for t in tasks:
            _append(
                sheet,
                [
                    t.code,
                    t.title,
                    t.lead_label,
                    t.unit.name,
                    t.deliverable,
                    t.authority,
                    t.assigner.get_full_name(),
                    t.start_on,
                    t.due_on,
                    str(t.get_state_display()),
                    t.submitted_on,
                    "" if t.on_time is None else ("Có" if t.on_time else "Không"),
                    str(t.get_quality_display()) if t.quality else "",
                    t.source_label or str(t.get_source_kind_display()),
                ],
            )
    for column in (8, 9, 11):  # real dates: they sort and filter as dates
        _number_format(sheet, column, "dd/mm/yyyy")
    _title(sheet, f"{agency.name} — nhiệm vụ có hạn trong năm {year}")
    return _save(book)


def _title(sheet: Worksheet, text: str) -> None:
    """The page header printed on each sheet."""
    header = sheet.oddHeader
    assert header is not None
    header.center.text = text


def _figures(sheet: Worksheet, rows: list[Completion]) -> None:
    for r in rows:
        _append(
            sheet,
            [
                r.label,
                r.total,
                r.done,
                r.on_time,
                r.late,
                r.open,
                r.overdue,
                (r.on_time / r.due) if r.due else None,
            ],
        )
    _number_format(sheet, 8, "0.0%")


def completion_export(
    agency: Agency,
    year: int,
    total: Completion,
    by_unit: list[Completion],
    by_person: list[Completion],
) -> bytes:
    book = Workbook()
    units = book.active
    assert units is not None
    units.title = "Theo đơn vị"
    _header(units, FIGURE_COLUMNS)
    _figures(units, [*by_unit, total])
    people = book.create_sheet("Theo người chủ trì")
    _header(people, FIGURE_COLUMNS)
    _figures(people, by_person)
    for sheet in (units, people):
        _title(sheet, f"{agency.name} — tỷ lệ hoàn thành nhiệm vụ năm {year}")
    return _save(book)
