"""``danchu bench seed|run``: the benchmark suite of the source tree (``bench/``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _


def _tree() -> Path | None:
    """The checkout holding ``bench/``: the working directory, or the one above ``src/``."""
    for root in (Path.cwd(), Path(__file__).resolve().parents[5]):
        if (root / "bench" / "cli.py").is_file():
            return root
    return None


class Command(BaseCommand):
    help = "Seed a city at scale and measure Danchu against its baselines (see bench/)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("args", nargs=argparse.REMAINDER, help="seed … | run [--quick] …")

    def run_from_argv(self, argv: list[str]) -> None:
        # Everything after "bench" goes to the bench's own parser, options included.
        try:
            self.handle(*argv[2:])
        except CommandError as exc:
            self.stderr.write(f"{exc}")
            sys.exit(exc.returncode)

    def handle(self, *args: str, **options: Any) -> None:
        root = _tree()
        if root is None:
            raise CommandError(
                _("The benchmarks come with the source code (the bench/ folder); run from it.")
            )
        if str(root) not in sys.path:
            sys.path.insert(0, str(root))
        from bench.cli import main

        main(list(args))
