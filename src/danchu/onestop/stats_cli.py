"""``danchu stats onestop --unit CODE --from DATE --to DATE [--group-by field] [--json]``:
the one-stop part of the ``stats`` command (``danchu.core.management.commands.stats``)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import CommandParser

from danchu.core.models import Agency
from danchu.core.text import vn_number, vn_percent
from danchu.onestop.stats import GROUPS, Figures, onestop_report

LABELS = [
    ("received", "Tiếp nhận mới"),
    ("carried_over", "Kỳ trước chuyển sang"),
    ("resolved", "Đã giải quyết"),
    ("early", "  trước hạn"),
    ("on_time", "  đúng hạn"),
    ("late", "  quá hạn"),
    ("in_progress_within", "Đang giải quyết trong hạn"),
    ("in_progress_overdue", "Đang giải quyết quá hạn"),
    ("returned", "Đã trả kết quả"),
    ("refused", "Từ chối tiếp nhận"),
    ("withdrawn", "Rút hồ sơ"),
    ("supplement_requests", "Phiếu yêu cầu bổ sung"),
    ("apology_slips", "Phiếu xin lỗi, hẹn lại"),
]


NAME = "onestop"
HELP = "one-stop desk figures"


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--group-by", choices=sorted(GROUPS), default=None)


def handle(
    agency: Agency, start: dt.date, end: dt.date, options: dict[str, Any], write: Any
) -> None:
    report = onestop_report(agency=agency, start=start, end=end, group_by=options["group_by"])
    if options["json"]:
        write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    write(f"{agency.name} — một cửa, {start:%d/%m/%Y} – {end:%d/%m/%Y}")
    write(f"Thủ tục công khai: {report.procedures_published}")
    _figures(report.total, write)
    for key, figures in report.groups:
        write(f"\n[{key}]")
        _figures(figures, write)


def _figures(f: Figures, write: Any) -> None:
    for key, label in LABELS:
        write(f"{label:<32}{vn_number(getattr(f, key)):>10}")
    rate = vn_percent(f.early + f.on_time, f.resolved)
    write(f"{'Tỷ lệ đúng hạn':<32}{rate:>10}")
    if f.average_days is not None:
        write(f"{'Thời gian bình quân (ngày LV)':<32}{vn_number(f.average_days, 1):>10}")
