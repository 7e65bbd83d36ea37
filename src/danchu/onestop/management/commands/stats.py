"""``danchu stats onestop --unit CODE --from DATE --to DATE [--group-by field] [--json]``."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danchu.core.calendar import parse_date
from danchu.core.errors import DomainError
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


class Command(BaseCommand):
    help = "Statistics for scripts and scheduled reports."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="module", required=True)
        onestop = sub.add_parser("onestop", help="one-stop desk figures")
        onestop.add_argument("--unit", required=True, help="unit code, e.g. 000.00.13.H26")
        onestop.add_argument("--from", dest="start", required=True)
        onestop.add_argument("--to", dest="end", required=True)
        onestop.add_argument("--group-by", choices=sorted(GROUPS), default=None)
        onestop.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            start = parse_date(options["start"], field="from")
            end = parse_date(options["end"], field="to")
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if end < start:
            raise CommandError("Ngày kết thúc trước ngày bắt đầu.")
        agency = Agency.objects.filter(code=options["unit"]).first()
        if agency is None:
            raise CommandError(f"Không có đơn vị mã “{options['unit']}”.")
        report = onestop_report(agency=agency, start=start, end=end, group_by=options["group_by"])
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{agency.name} — một cửa, {start:%d/%m/%Y} – {end:%d/%m/%Y}")
        self.stdout.write(f"Thủ tục công khai: {report.procedures_published}")
        self._figures(report.total)
        for key, figures in report.groups:
            self.stdout.write(f"\n[{key}]")
            self._figures(figures)

    def _figures(self, f: Figures) -> None:
        for key, label in LABELS:
            self.stdout.write(f"{label:<32}{vn_number(getattr(f, key)):>10}")
        rate = vn_percent(f.early + f.on_time, f.resolved)
        self.stdout.write(f"{'Tỷ lệ đúng hạn':<32}{rate:>10}")
        if f.average_days is not None:
            self.stdout.write(
                f"{'Thời gian bình quân (ngày LV)':<32}{vn_number(f.average_days, 1):>10}"
            )
