"""``danchu workdays add 2025-01-24 5`` · ``between A B`` · ``list 2026`` · ``is 2025-04-26``."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danchu.core.calendar import check_date, national_days, parse_date
from danchu.core.errors import DomainError
from danchu.core.models import Agency
from danchu.core.selectors import agency_calendar


class Command(BaseCommand):
    help = "Working-day calendar: add, between, list, is."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", help="unit code whose own calendar additions apply")
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="the N-th working day after DATE")
        add.add_argument("date")
        add.add_argument("days", type=_int)
        between = sub.add_parser("between", help="working days in (A, B]")
        between.add_argument("start")
        between.add_argument("end")
        listing = sub.add_parser("list", help="a year's days off and make-up working days")
        listing.add_argument("year", type=_int)
        check = sub.add_parser("is", help="whether DATE is a working day")
        check.add_argument("date")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self._handle(options)
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def _handle(self, options: dict[str, Any]) -> None:
        unit = None
        if options.get("unit"):
            unit = Agency.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị mã “{options['unit']}”.")
        cal = agency_calendar(unit)
        action = options["action"]
        if action == "add":
            start = parse_date(options["date"])
            self.stdout.write(cal.add_working_days(start, options["days"]).isoformat())
        elif action == "between":
            start = parse_date(options["start"], field="start")
            end = parse_date(options["end"], field="end")
            self.stdout.write(str(cal.working_days_between(start, end)))
        elif action == "is":
            day = parse_date(options["date"])
            self.stdout.write("có" if cal.is_working_day(day) else "không")
        else:
            year = options["year"]
            check_date(dt.date(min(max(year, 1), 9999), 1, 1), field="year")
            for row in national_days(year, "vi"):
                label = "nghỉ" if row.kind == "holiday" else "làm bù"
                self.stdout.write(
                    f"{row.day.isoformat()}  {row.day:%d/%m/%Y}  {label:7}  {row.name}"
                )


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}” không phải là một số nguyên.") from None
