"""Letters: the statistics and the accent-free search, each against hand-written SQL on the
same data in the same run (the floor).

Run: ``DANCHU_VAR_DIR=/tmp/bench uv run python -m bench.letters`` (loads the demo, then adds
20,000 letters to Sở TT&TT once; set DATABASE_URL to measure PostgreSQL, where the search uses
the trigram index).
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

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from danchu.core.models import Agency, User  # noqa: E402
from danchu.core.text import fold  # noqa: E402
from danchu.letters import selectors  # noqa: E402
from danchu.letters.models import Letter  # noqa: E402
from danchu.letters.stats import letters_report  # noqa: E402

START, END = dt.date(2021, 1, 1), dt.date(2026, 12, 31)
EXTRA = 20_000
WORDS = [
    "kiến nghị",
    "phản ánh",
    "khiếu nại",
    "đất đai",
    "sóng di động",
    "quảng cáo",
    "bưu chính",
    "giấy phép",
    "tin nhắn rác",
    "cáp viễn thông",
    "xuất bản",
    "báo chí",
    "trạm phát sóng",
]

RAW_STATS = """
SELECT COUNT(*),
  COUNT(*) FILTER (WHERE kind = 'petition'),
  COUNT(*) FILTER (WHERE kind = 'complaint'),
  COUNT(*) FILTER (WHERE kind = 'denunciation'),
  COUNT(*) FILTER (WHERE settled_on <= %(e)s)
FROM letters_letter
WHERE agency_id = %(a)s AND received_on BETWEEN %(s)s AND %(e)s
  AND kind <> 'mixed' AND eligibility <> 'duplicate'
"""
RAW_SEARCH = """
SELECT id, code, matter FROM letters_letter
WHERE agency_id = %(a)s AND search_text LIKE %(w1)s AND search_text LIKE %(w2)s
ORDER BY received_on DESC, id DESC LIMIT 25
"""


def timed(fn: Callable[[], object], repeat: int = 15) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _fill(agency: Agency) -> None:
    if Letter.objects.filter(agency=agency, code__startswith="BENCH-").exists():
        return
    rng = random.Random(7)
    rows = []
    for n in range(EXTRA):
        matter = f"{rng.choice(WORDS).capitalize()} về {rng.choice(WORDS)} tại phường {n % 90}"
        day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(1300))
        code = f"BENCH-{n:06d}"
        rows.append(
            Letter(
                agency=agency,
                code=code,
                received_on=day,
                channel="post",
                kind=rng.choice(["petition", "complaint", "denunciation"]),
                state="answered",
                eligibility="eligible",
                settled_on=day,
                timeliness="on_time",
                matter=matter,
                search_text=fold(f"{code} {matter}"),
            )
        )
    with transaction.atomic():
        Letter.objects.bulk_create(rows, batch_size=2000)


def main() -> None:
    print("Preparing the demo data and 20,000 more letters (idempotent)…")
    call_command("demo", "--no-serve", stdout=open(os.devnull, "w"))  # noqa: SIM115
    agency = Agency.objects.get(code="000.00.13.H26")
    _fill(agency)
    head = User.objects.get(username="giamdoc.tttt")
    params = {"a": agency.pk, "s": START, "e": END}

    def raw_stats() -> tuple[int, ...]:
        with connection.cursor() as cursor:
            cursor.execute(RAW_STATS, params)
            return tuple(cursor.fetchone())

    f = letters_report(agency=agency, start=START, end=END).figures
    assert raw_stats() == (
        f.letters,
        f.by_kind["petition"],
        f.by_kind["complaint"],
        f.by_kind["denunciation"],
        f.settled,
    ), (raw_stats(), f)

    def raw_search() -> list[tuple[object, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(RAW_SEARCH, {"a": agency.pk, "w1": "%khieu%", "w2": "%dat%"})
            return cursor.fetchall()

    def ours_search() -> list[Letter]:
        rows = selectors.letter_list(actor=head, agency=agency, query="khieu dat")
        return list(rows[:25])

    assert [r[0] for r in raw_search()] == [x.pk for x in ours_search()]
    s_floor, s_ours = (
        timed(raw_stats),
        timed(lambda: letters_report(agency=agency, start=START, end=END)),
    )
    q_floor, q_ours = timed(raw_search), timed(ours_search)
    rows = Letter.objects.filter(agency=agency).count()
    print(f"{connection.vendor}, {rows} letters of the unit")
    print(f"{'measure':<50}{'ms':>9}{'× raw SQL':>11}")
    print(f"{'raw SQL: 5 headline figures':<50}{s_floor * 1e3:>9.2f}{1:>11.2f}")
    print(
        f"{'letters_report: every figure (visits too)':<50}{s_ours * 1e3:>9.2f}"
        f"{s_ours / s_floor:>11.2f}"
    )
    print(f"{'raw SQL: search, first page of 25':<50}{q_floor * 1e3:>9.2f}{1:>11.2f}")
    print(
        f"{'letter_list(query=…): scoped, first page':<50}{q_ours * 1e3:>9.2f}"
        f"{q_ours / q_floor:>11.2f}"
    )


if __name__ == "__main__":
    main()
