"""``danchu stats letters --unit CODE --from DATE --to DATE [--json]``: the reception and
letters part of the ``stats`` command."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import CommandParser
from django.utils import translation

from danchu.core.models import Agency
from danchu.core.text import vn_number
from danchu.letters.excel import TITLE, rows
from danchu.letters.stats import letters_report

NAME = "letters"
HELP = "citizen reception and letters figures"


def add_arguments(parser: CommandParser) -> None:
    """No options beyond the unit and the period."""


def handle(
    agency: Agency, start: dt.date, end: dt.date, options: dict[str, Any], write: Any
) -> None:
    report = letters_report(agency=agency, start=start, end=end)
    if options["json"]:
        data = {
            "unit": report.agency.code,
            "start": start.isoformat(),
            "end": end.isoformat(),
            **report.figures.as_dict(),
        }
        write(json.dumps(data, ensure_ascii=False, indent=2))
        return
    write(f"{TITLE}\n{report.agency.name}, {start:%d/%m/%Y} – {end:%d/%m/%Y}")
    with translation.override("vi"):
        table = rows(report)
    for label, value in table:
        write(label if isinstance(value, str) else f"{label:<62}{vn_number(value):>8}")
