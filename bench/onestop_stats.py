"""One-stop statistics against hand-written SQL computing the same figures (the floor).

Run: ``DANCHU_VAR_DIR=/tmp/bench uv run python -m bench.onestop_stats`` (loads the demo data —
about 10,000 dossiers — into that database if it is not there yet; set DATABASE_URL to measure
PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danchu.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from danchu.core.models import Agency  # noqa: E402
from danchu.onestop.models import Dossier  # noqa: E402
from danchu.onestop.stats import onestop_report  # noqa: E402

START, END = dt.date(2021, 1, 1), dt.date(2022, 9, 15)

RAW = """
SELECT
  COUNT(*) FILTER (WHERE state <> 'refused_at_intake' AND received_on BETWEEN %(s)s AND %(e)s),
  COUNT(*) FILTER (WHERE state <> 'refused_at_intake' AND resolved_on BETWEEN %(s)s AND %(e)s),
  COUNT(*) FILTER (WHERE state <> 'refused_at_intake' AND resolved_on BETWEEN %(s)s AND %(e)s
                   AND timeliness = 'late'),
  COUNT(*) FILTER (WHERE returned_at >= %(sa)s AND returned_at < %(ea)s)
FROM onestop_dossier WHERE agency_id = %(a)s AND received_on <= %(e)s
"""


def timed(fn: Callable[[], object], repeat: int = 15) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    print("Preparing the demo data (idempotent)…")
    call_command("demo", "--no-serve", stdout=open(os.devnull, "w"))  # noqa: SIM115
    agency = Agency.objects.get(code="000.00.13.H26")
    params = {
        "a": agency.pk,
        "s": START,
        "e": END,
        "sa": dt.datetime(2021, 1, 1, tzinfo=dt.UTC) - dt.timedelta(hours=7),
        "ea": dt.datetime(2022, 9, 16, tzinfo=dt.UTC) - dt.timedelta(hours=7),
    }

    def raw() -> tuple[int, ...]:
        with connection.cursor() as cursor:
            cursor.execute(RAW, params)
            return tuple(cursor.fetchone())

    report = onestop_report(agency=agency, start=START, end=END)
    t = report.total
    assert raw() == (t.received, t.resolved, t.late, t.returned), (raw(), t)
    floor = timed(raw)
    ours = timed(lambda: onestop_report(agency=agency, start=START, end=END))
    grouped = timed(lambda: onestop_report(agency=agency, start=START, end=END, group_by="field"))
    rows = Dossier.objects.filter(agency=agency).count()
    print(f"{connection.vendor}, {rows} dossiers of the unit")
    print(f"{'measure':<46}{'ms':>9}{'× raw SQL':>11}")
    print(f"{'raw SQL: 4 headline figures':<46}{floor * 1e3:>9.2f}{1:>11.2f}")
    print(f"{'onestop_report: every figure':<46}{ours * 1e3:>9.2f}{ours / floor:>11.2f}")
    print(f"{'onestop_report grouped by field':<46}{grouped * 1e3:>9.2f}{grouped / floor:>11.2f}")


if __name__ == "__main__":
    main()
