"""Helpers for the workbooks written here: headers, text-safe rows, formats, drop-downs, bytes."""

# openpyxl ships no type hints; types-openpyxl is not a dependency yet (checked clean with it).
# mypy: disable-error-code="import-untyped"

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet


def _header(sheet: Worksheet, columns: Sequence[tuple[str, int]]) -> None:
    sheet.append([name for name, _ in columns])
    for index, (_, width) in enumerate(columns, 1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _append(sheet: Worksheet, values: list[Any]) -> None:
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        # openpyxl stores any text starting with "=" as a formula; a procedure's name is text.
        if isinstance(cell.value, str) and cell.data_type == "f":
            cell.data_type = "s"


def _number_format(sheet: Worksheet, column: int, number_format: str) -> None:
    for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
        cell.number_format = number_format


def _choices(sheet: Worksheet, column: str, values: Sequence[str]) -> None:
    validation = DataValidation(type="list", formula1='"' + ",".join(values) + '"')
    validation.add(f"{column}2:{column}1048576")
    sheet.add_data_validation(validation)


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
