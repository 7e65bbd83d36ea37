"""``danchu report qcdc --unit CODE --from DATE --to DATE --out FILE.docx``: the unit's QCDC
implementation report as a Word file (or, with ``--out FILE.xlsx``, its figures as a workbook).
Dates as YYYY-MM-DD or dd/mm/yyyy. The unit is an active unit that is not a steering committee.
A refusal (bad input, an unknown or inactive unit, a folder that does not exist or cannot be
written) prints a Vietnamese message, exits non-zero and writes nothing: the file is written
beside its place under a temporary name and moved there only once complete."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from danchu.core.calendar import parse_date
from danchu.core.errors import DomainError
from danchu.core.models import Agency, AgencyKind


class Command(BaseCommand):
    help = "Reports of a unit: the QCDC implementation report (Word or Excel)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="report", required=True)
        qcdc = sub.add_parser("qcdc", help="the QCDC implementation report")
        qcdc.add_argument("--unit", required=True, help="unit code, e.g. 000.00.13.H26")
        qcdc.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD or dd/mm/yyyy")
        qcdc.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD or dd/mm/yyyy")
        qcdc.add_argument("--out", required=True, help="the file to write: .docx or .xlsx")

    def handle(self, *args: Any, **options: Any) -> None:
        # Management commands run with translations off; the messages are Vietnamese.
        with translation.override("vi"):
            self._qcdc(options)

    def _qcdc(self, options: dict[str, Any]) -> None:
        from danchu.reports.documents import qcdc_docx
        from danchu.reports.excel import qcdc_xlsx
        from danchu.reports.qcdc import qcdc_report

        out = Path(options["out"])
        if out.suffix.lower() not in (".docx", ".xlsx"):
            raise CommandError("Tệp kết quả phải có đuôi .docx hoặc .xlsx.")
        try:
            start = parse_date(options["start"], field="from")
            end = parse_date(options["end"], field="to")
        except DomainError as exc:
            raise CommandError(
                f"Ngày “{_bad(options)}” không hợp lệ; dùng YYYY-MM-DD hoặc dd/mm/yyyy."
            ) from exc
        if end < start:
            raise CommandError("Ngày kết thúc trước ngày bắt đầu.")
        agency = _unit(options["unit"])
        folder = out.parent
        if not folder.is_dir():
            raise CommandError(f"Thư mục “{folder}” không tồn tại.")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise CommandError(f"Không có quyền ghi vào thư mục “{folder}”.")
        try:
            report = qcdc_report(agency=agency, start=start, end=end)
            data = qcdc_docx(report) if out.suffix.lower() == ".docx" else qcdc_xlsx(report)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        try:
            _write(out, data)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise CommandError(f"Không ghi được tệp “{out}”: {reason}.") from exc
        self.stdout.write(f"Đã ghi {out} ({report.organisation.name}, {report.period.label}).")


def _unit(code: str) -> Agency:
    """The active unit of ``code`` that is not a steering committee (its report is a unit's)."""
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise CommandError(f"Không có đơn vị mã “{code}”.")
    if not agency.is_active:
        raise CommandError(f"Đơn vị mã “{code}” không còn hoạt động.")
    if agency.kind == AgencyKind.COMMITTEE:
        raise CommandError(
            f"“{code}” là ban chỉ đạo, không phải đơn vị thực hiện quy chế dân chủ; "
            "hãy chọn một đơn vị."
        )
    return agency


def _write(out: Path, data: bytes) -> None:
    """``data`` into ``out`` whole or not at all: a temporary file in the same folder, then
    moved onto ``out`` (an atomic rename); the temporary file is removed on failure."""
    fd, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        # mkstemp makes the file private; give it the mode a plain write would have.
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(name, 0o666 & ~mask)
        os.replace(name, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise


def _bad(options: dict[str, Any]) -> str:
    """The first of the two dates that does not parse."""
    for key in ("start", "end"):
        try:
            parse_date(options[key])
        except DomainError:
            return str(options[key])
    return ""
