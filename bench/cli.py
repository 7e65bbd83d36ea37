"""The bench's two commands, for ``python -m bench`` and ``danchu bench``."""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from bench import seed as seeding
from bench import suite
from bench.measure import table
from danchu.core.models import Agency


@dataclass(frozen=True)
class Size:
    dossiers: int
    letters: int
    units: int
    code: str


QUICK = Size(dossiers=40_000, letters=8_000, units=3, code="BENCH-QUICK")
FULL = Size(dossiers=1_000_000, letters=100_000, units=30, code=seeding.CITY)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="danchu bench", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("seed", help="seed a city at scale (bulk inserts, once)")
    s.add_argument("--dossiers", type=int, default=FULL.dossiers)
    s.add_argument("--letters", type=int, default=FULL.letters)
    s.add_argument("--units", type=int, default=FULL.units)
    s.add_argument("--city", default=FULL.code, help="the city's code (default BENCH-CITY)")
    r = sub.add_parser("run", help="measure and print the table")
    r.add_argument("--quick", action="store_true", help="a small city, fewer repeats")
    r.add_argument("--only", action="append", choices=sorted(suite.SECTIONS), default=[])
    r.add_argument("--city", default=None, help="the seeded city to measure")
    r.add_argument("--markdown", type=Path, help="also write the table to this file")
    return p


def _seed(dossiers: int, letters: int, units: int, code: str) -> seeding.City:
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    place = seeding.seed(dossiers=dossiers, letters=letters, units=units, code=code)
    print(f"{code}: {units} units seeded or found in {time.perf_counter() - began:.1f} s")
    return place


def main(argv: list[str]) -> None:
    args = parser().parse_args(argv)
    if args.command == "seed":
        _seed(args.dossiers, args.letters, args.units, args.city)
        return
    size = QUICK if args.quick else FULL
    code = args.city or size.code
    chosen = args.only or list(suite.SECTIONS)
    place: seeding.City | None = None
    if any(name in suite.NEEDS_DATA for name in chosen):
        if args.city is None or args.quick:
            place = _seed(size.dossiers, size.letters, size.units, code)
        elif not Agency.objects.filter(code=code).exists():
            raise SystemExit(f"No city {code}: seed it first (danchu bench seed --city {code}).")
        else:
            place = seeding.city(0, code)  # finds the city and its units, makes nothing
    run = suite.Run(
        place=place,
        quick=args.quick,
        repeat=3 if args.quick else 7,
        today=timezone.localdate(),
        lines=[],
    )
    began = time.perf_counter()
    print(f"{connection.vendor}, {'quick' if args.quick else 'full'} run on {code}")
    for name, section in suite.SECTIONS.items():
        if args.only and name not in args.only:
            continue
        print(f"{name}…", flush=True)
        section(run)
    print()
    print(table(run.lines))
    print(f"\n{len(run.lines)} lines in {time.perf_counter() - began:.0f} s; ", end="")
    missed = [line.name for line in run.lines if line.met is False]
    print("every goal met" if not missed else f"goals missed: {len(missed)}")
    if args.markdown:
        args.markdown.write_text(table(run.lines, markdown=True) + "\n", encoding="utf-8")
