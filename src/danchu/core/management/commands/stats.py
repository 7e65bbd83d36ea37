"""``danchu stats <module> --unit CODE --from DATE --to DATE [--json]``: statistics for scripts
and scheduled reports. Each app with figures ships a ``stats_cli`` module (``NAME``, ``HELP``,
``add_arguments(parser)``, ``handle(agency, start, end, options, write)``)."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser

from danchu.core.calendar import parse_date
from danchu.core.errors import DomainError
from danchu.core.models import Agency


def _modules() -> dict[str, ModuleType]:
    found = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("danchu."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.stats_cli")
        except ModuleNotFoundError:
            continue
        found[module.NAME] = module
    return found


class Command(BaseCommand):
    help = "Statistics for scripts and scheduled reports."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="module", required=True)
        for name, module in _modules().items():
            part = sub.add_parser(name, help=module.HELP)
            part.add_argument("--unit", required=True, help="unit code, e.g. 000.00.13.H26")
            part.add_argument("--from", dest="start", required=True)
            part.add_argument("--to", dest="end", required=True)
            part.add_argument("--json", action="store_true", help="machine-readable output")
            module.add_arguments(part)

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
        _modules()[options["module"]].handle(agency, start, end, options, self.stdout.write)
