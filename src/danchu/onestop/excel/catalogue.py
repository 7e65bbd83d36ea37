"""The procedure catalogue in Excel: export, and an import of the same layout via procedure_save."""

# openpyxl ships no type hints; types-openpyxl is not a dependency yet (checked clean with it).
# mypy: disable-error-code="import-untyped"

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from danchu.core.errors import DomainError, Forbidden, NotFound
from danchu.core.models import Agency, Role, User
from danchu.core.services import require
from danchu.core.sheets import _append, _choices, _header, _number_format, _save
from danchu.onestop.models import CopyKind, Level, Procedure, StepUnit
from danchu.onestop.services import DocumentSpec, StepSpec, procedure_save
from danchu.onestop.services.catalogue import procedure_set_published

PROCEDURES = "Thủ tục"
DOCUMENTS = "Thành phần hồ sơ"
STEPS = "Quy trình"
YES, NO = "có", "không"

# (header, column width) per sheet, in the order written.
PROCEDURE_COLUMNS = [
    ("Mã", 14),
    ("Tên thủ tục", 50),
    ("Lĩnh vực", 28),
    ("Cấp thực hiện", 14),
    ("Cơ quan giải quyết", 30),
    ("Thời hạn (ngày làm việc)", 14),
    ("Lệ phí (VND)", 14),
    ("Trực tuyến", 11),
    ("Mẫu đơn, tờ khai", 36),
    ("Căn cứ pháp lý", 40),
    ("Công khai", 11),
]
DOCUMENT_COLUMNS = [
    ("Mã thủ tục", 14),
    ("STT", 6),
    ("Tên giấy tờ", 60),
    ("Số bản", 8),
    ("Loại", 12),
]
STEP_COLUMNS = [
    ("Mã thủ tục", 14),
    ("Bước", 6),
    ("Tên bước", 40),
    ("Vai trò", 20),
    ("Thời gian", 10),
    ("Đơn vị", 14),
]
SHEETS = {PROCEDURES: PROCEDURE_COLUMNS, DOCUMENTS: DOCUMENT_COLUMNS, STEPS: STEP_COLUMNS}

NOT_XLSX = "Tệp không phải là tệp Excel (.xlsx)."


# --- Catalogue export ---------------------------------------------------------------------------


def catalogue_export(*, agency: Agency) -> bytes:
    """The current version of every procedure of ``agency``'s catalogue, in three sheets, in a
    fixed number of queries."""
    procedures = (
        Procedure.objects.filter(agency=agency, current__isnull=False)
        .select_related("current")
        .prefetch_related("current__documents", "current__steps")
        .order_by("code")
    )
    book = Workbook()
    sheets = {}
    for index, (title, columns) in enumerate(SHEETS.items()):
        sheet = book.active if index == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = title
        _header(sheet, columns)
        sheets[title] = sheet
    for procedure in procedures:
        version = procedure.current
        assert version is not None
        _append(
            sheets[PROCEDURES],
            [
                procedure.code,
                version.name,
                version.field,
                version.level,
                version.deciding_agency,
                version.deadline_days,
                version.fee,
                YES if version.online else NO,
                version.forms,
                version.legal_bases,
                YES if procedure.is_published else NO,
            ],
        )
        for document in version.documents.all():
            _append(
                sheets[DOCUMENTS],
                [procedure.code, document.order, document.name, document.copies, document.kind],
            )
        for step in version.steps.all():
            _append(
                sheets[STEPS],
                [procedure.code, step.order, step.name, step.role, step.allotted, step.unit],
            )
    _number_format(sheets[PROCEDURES], 7, "#,##0")
    # Drop-down lists so that a hand edit picks a value the import knows.
    _choices(sheets[PROCEDURES], "D", Level.values)
    _choices(sheets[PROCEDURES], "H", [YES, NO])
    _choices(sheets[PROCEDURES], "K", [YES, NO])
    _choices(sheets[DOCUMENTS], "E", CopyKind.values)
    _choices(sheets[STEPS], "D", Role.values)
    _choices(sheets[STEPS], "F", StepUnit.values)
    return _save(book)


# --- Catalogue import ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RejectedRow:
    sheet: str
    row: int  # the Excel row number
    code: str
    message: str


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)


@dataclass
class _Procedure:
    row: int
    values: dict[str, Any]
    published: bool
    documents: list[tuple[int, int, DocumentSpec]] = field(default_factory=list)
    steps: list[tuple[int, int, StepSpec]] = field(default_factory=list)


class _RowError(Exception):
    pass


def catalogue_import(*, actor: User | None, agency: Agency, data: bytes) -> ImportReport:
    """Save every procedure of a workbook in the layout of ``catalogue_export`` into ``agency``'s
    catalogue, each in its own transaction.

    A procedure with any bad row (on any sheet), or that ``procedure_save`` refuses, is left as
    it was and reported in ``rejected``; the others go in. Raises Forbidden/NotFound when the
    actor may not manage the catalogue, and DomainError when the file is not a workbook of this
    layout (nothing is written then).
    """
    require(actor, "onestop.manage_catalogue", agency)
    rows = _read(data)
    report = ImportReport()
    procedures: dict[str, _Procedure] = {}
    bad: set[str] = set()

    def reject(sheet: str, row: int, code: str, message: str) -> None:
        report.rejected.append(RejectedRow(sheet, row, code, message))
        bad.add(code)

    first_row: dict[str, int] = {}
    for row, values in rows[PROCEDURES]:
        code = _text(values["Mã"])
        if not code:
            reject(PROCEDURES, row, "", "Thiếu mã thủ tục.")
            continue
        if code in first_row:
            reject(PROCEDURES, row, code, f"Mã thủ tục “{code}” trùng với dòng {first_row[code]}.")
            continue
        first_row[code] = row
        try:
            procedures[code] = _procedure(row, values)
        except _RowError as exc:
            reject(PROCEDURES, row, code, str(exc))

    for sheet, number_column in ((DOCUMENTS, "STT"), (STEPS, "Bước")):
        seen: dict[tuple[str, int], int] = {}
        for row, values in rows[sheet]:
            code = _text(values["Mã thủ tục"])
            if code not in first_row:
                message = (
                    f"Mã thủ tục “{code}” không có trên trang “{PROCEDURES}”."
                    if code
                    else "Thiếu mã thủ tục."
                )
                # It belongs to no procedure of the file, so no procedure is held back for it.
                report.rejected.append(RejectedRow(sheet, row, code, message))
                continue
            try:
                order = _integer(values[number_column], number_column)
                if (code, order) in seen:
                    raise _RowError(
                        f"{number_column} {order} của thủ tục “{code}” trùng với dòng "
                        f"{seen[code, order]}."
                    )
                seen[code, order] = row
                target = procedures.get(code)
                if sheet == DOCUMENTS:
                    document = _document(values)
                    if target:
                        target.documents.append((order, row, document))
                else:
                    step = _step(values)
                    if target:
                        target.steps.append((order, row, step))
            except _RowError as exc:
                reject(sheet, row, code, str(exc))

    before = {
        p.code: (p.current.number if p.current else 0, p.is_published)
        for p in Procedure.objects.filter(agency=agency, code__in=procedures).select_related(
            "current"
        )
    }
    for code, spec in procedures.items():
        if code in bad:
            continue
        try:
            with transaction.atomic():
                procedure = procedure_save(
                    actor=actor,
                    agency=agency,
                    code=code,
                    documents=[d for _, _, d in sorted(spec.documents, key=_by_order)],
                    steps=[s for _, _, s in sorted(spec.steps, key=_by_order)],
                    **spec.values,
                )
                if procedure.is_published != spec.published:
                    procedure_set_published(
                        actor=actor, procedure=procedure, published=spec.published
                    )
        except (Forbidden, NotFound):
            raise
        except DomainError as exc:
            messages = [m for ms in exc.fields.values() for m in ms] or [exc.message]
            reject(PROCEDURES, spec.row, code, " ".join(dict.fromkeys(messages)))
            continue
        assert procedure.current is not None
        if code not in before:
            report.created.append(code)
        elif before[code] == (procedure.current.number, spec.published):
            report.unchanged.append(code)
        else:
            report.updated.append(code)
    sheet_order = list(SHEETS)
    report.rejected.sort(key=lambda r: (sheet_order.index(r.sheet), r.row))
    return report


def _by_order(item: tuple[int, int, Any]) -> tuple[int, int]:
    return item[0], item[1]


Rows = dict[str, list[tuple[int, dict[str, Any]]]]


def _read(data: bytes) -> Rows:
    """The non-empty rows of each sheet as {header: value}, keyed by their Excel row number."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    # What openpyxl raises for bytes that are not an xlsx package depends on how they are not.
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise DomainError("not_xlsx", NOT_XLSX, fields={"data": [NOT_XLSX]}) from exc
    try:
        problems: list[str] = []
        rows: Rows = {}
        for title, columns in SHEETS.items():
            if title not in book.sheetnames:
                problems.append(f"Thiếu trang tính “{title}”.")
                continue
            iterator = book[title].iter_rows(values_only=True)
            header = [_text(v) for v in next(iterator, ())]
            expected = [name for name, _ in columns]
            missing = [name for name in expected if name not in header]
            unknown = [name for name in header if name and name not in expected]
            if missing:
                problems.append(f"Thiếu cột {_quoted(missing)} trên trang “{title}”.")
            if unknown:
                problems.append(f"Cột không xác định: {_quoted(unknown)} trên trang “{title}”.")
            if not missing and not unknown:
                rows[title] = list(_records(iterator, header))
    finally:
        book.close()
    if problems:
        raise DomainError("bad_layout", " ".join(problems), fields={"data": problems})
    return rows


def _records(
    iterator: Iterator[tuple[Any, ...]], header: list[str]
) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, values in enumerate(iterator, 2):
        if all(_text(v) == "" for v in values):
            continue
        record = dict.fromkeys(header)
        record.update((name, v) for name, v in zip(header, values, strict=False) if name)
        yield number, record


def _quoted(names: list[str]) -> str:
    return ", ".join(f"“{name}”" for name in names)


def _procedure(row: int, values: dict[str, Any]) -> _Procedure:
    problems: list[str] = []
    checks = {
        "level": lambda: _choice(values["Cấp thực hiện"], "Cấp thực hiện", Level.values),
        "deadline_days": lambda: _integer(
            values["Thời hạn (ngày làm việc)"], "Thời hạn (ngày làm việc)"
        ),
        "fee": lambda: _integer(values["Lệ phí (VND)"], "Lệ phí (VND)", empty=0),
        "online": lambda: _yes_no(values["Trực tuyến"], "Trực tuyến"),
        "published": lambda: _yes_no(values["Công khai"], "Công khai"),
    }
    parsed: dict[str, Any] = {}
    for key, check in checks.items():
        try:
            parsed[key] = check()
        except _RowError as exc:
            problems.append(str(exc))
    if problems:
        raise _RowError(" ".join(problems))
    published = parsed.pop("published")
    return _Procedure(
        row=row,
        values={
            "name": _text(values["Tên thủ tục"]),
            "field": _text(values["Lĩnh vực"]),
            "deciding_agency": _text(values["Cơ quan giải quyết"]),
            "forms": _text(values["Mẫu đơn, tờ khai"]),
            "legal_bases": _text(values["Căn cứ pháp lý"]),
            **parsed,
        },
        published=published,
    )


def _document(values: dict[str, Any]) -> DocumentSpec:
    return DocumentSpec(
        name=_text(values["Tên giấy tờ"]),
        copies=_integer(values["Số bản"], "Số bản"),
        kind=_choice(values["Loại"], "Loại", CopyKind.values),
    )


def _step(values: dict[str, Any]) -> StepSpec:
    return StepSpec(
        name=_text(values["Tên bước"]),
        role=_choice(values["Vai trò"], "Vai trò", Role.values),
        allotted=_integer(values["Thời gian"], "Thời gian"),
        unit=_choice(values["Đơn vị"], "Đơn vị", StepUnit.values),
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # Some editors write decomposed accents; the same word must compare equal to what was saved.
    return unicodedata.normalize("NFC", str(value)).strip()


# Whole numbers typed as text, with or without Vietnamese thousands dots: "15", "50.000".
WHOLE = re.compile(r"-?(\d{1,3}(\.\d{3})+|\d+)")


def _integer(value: Any, column: str, *, empty: int | None = None) -> int:
    if isinstance(value, bool):
        pass
    elif isinstance(value, int):
        return value
    elif isinstance(value, float) and value.is_integer():
        return int(value)
    elif empty is not None and _text(value) == "":
        return empty
    elif isinstance(value, str) and WHOLE.fullmatch(value.strip()):
        return int(value.strip().replace(".", ""))
    raise _RowError(f"Cột “{column}” phải là số nguyên, không nhận “{_text(value)}”.")


def _choice(value: Any, column: str, allowed: Sequence[str]) -> str:
    text = _text(value)
    if text not in allowed:
        raise _RowError(
            f"Cột “{column}” không nhận giá trị “{text}”; chỉ nhận: {', '.join(allowed)}."
        )
    return text


def _yes_no(value: Any, column: str) -> bool:
    text = _text(value).lower()
    if text not in (YES, NO):
        raise _RowError(
            f"Cột “{column}” chỉ nhận “{YES}” hoặc “{NO}”, không nhận “{_text(value)}”."
        )
    return text == YES
