"""Working-day arithmetic: Danchu's calendar against two baselines measured in the same run.

- floor: plain ``date + timedelta`` (calendar days, no holidays) — the cheapest possible answer;
- naive: a day-by-day loop asking the ``holidays`` package, which is what code without a
  precomputed calendar does.

Run: ``uv run python -m bench.calendar``.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danchu.settings")

import django

django.setup()

import holidays  # noqa: E402

from danchu.core.calendar import WorkingCalendar  # noqa: E402

VN = holidays.country_holidays("VN", years=range(2015, 2032))


def naive_add(start: dt.date, n: int) -> dt.date:
    day = start
    while n > 0:
        day += dt.timedelta(days=1)
        weekend = day.weekday() >= 5
        if (weekend and day in VN.weekend_workdays) or (not weekend and day not in VN):
            n -= 1
    return day


def timed(fn: Callable[[], object], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    rng = random.Random(7)
    cases = [
        (dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(5000)), rng.randrange(1, 60))
        for _ in range(20_000)
    ]
    cal = WorkingCalendar()
    cal.add_working_days(dt.date(2016, 1, 1), 1)  # build the arrays once, outside the timing
    cal.working_days_between(dt.date(2016, 1, 1), dt.date(2031, 1, 1))
    for start, n in cases[:200]:
        assert cal.add_working_days(start, n) == naive_add(start, n)

    floor = timed(lambda: [s + dt.timedelta(days=n) for s, n in cases])
    ours = timed(lambda: [cal.add_working_days(s, n) for s, n in cases])
    naive = timed(lambda: [naive_add(s, n) for s, n in cases], repeat=1)
    between = timed(
        lambda: [cal.working_days_between(s, s + dt.timedelta(days=n)) for s, n in cases]
    )
    per = 1e6 / len(cases)
    print(f"{'operation (20,000 calls)':<42}{'µs/call':>10}{'× floor':>10}")
    print(f"{'floor: date + timedelta':<42}{floor * per:>10.2f}{1:>10.1f}")
    print(f"{'danchu add_working_days':<42}{ours * per:>10.2f}{ours / floor:>10.1f}")
    print(f"{'danchu working_days_between':<42}{between * per:>10.2f}{between / floor:>10.1f}")
    print(f"{'naive day-by-day with holidays':<42}{naive * per:>10.2f}{naive / floor:>10.1f}")
    print(f"danchu is {naive / ours:.0f}× faster than the day-by-day loop")


if __name__ == "__main__":
    main()
