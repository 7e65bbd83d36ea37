"""The suite: every figure against a baseline measured in the same run, on the same data.

- statistics against hand-written SQL computing the same numbers (checked equal first);
- lists through the whole page stack (middleware, view, template) on the centre's hundreds of
  thousands of rows against the same page on a unit of 10k rows;
- intake through the service layer, and through the HTTP API of a multi-process server under
  several concurrent clients against the same server's hello-world;
- the public lookup against the same hello-world;
- working-day arithmetic against the ``holidays`` package's own working-day functions, with
  identical answers;
- the peer (django-helpdesk) when its environment is there (``bench/peer``).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics as statistics_
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bench.load import Job, Result, load, server
from bench.measure import Line, Sample, rates, timed
from bench.seed import City, Unit

# Every figure of the one-stop report, written by hand: one pass over the unit's dossiers that
# can count in the period, the slips and the ratings through a join, the catalogue.
ONESTOP_HAND = [
    """SELECT
  COUNT(*) FILTER (WHERE state <> 'refused_at_intake' AND received_on >= %(s)s),
  COUNT(*) FILTER (WHERE state <> 'refused_at_intake' AND received_on < %(s)s
                   AND (resolved_on IS NULL OR resolved_on >= %(s)s)
                   AND (withdrawn_on IS NULL OR withdrawn_on >= %(s)s)),
  COUNT(*) FILTER (WHERE state <> 'refused_at_intake' AND resolved_on BETWEEN %(s)s AND %(e)s),
  COUNT(*) FILTER (WHERE state <> 'refused_at_intake' AND resolved_on BETWEEN %(s)s AND %(e)s
                   AND timeliness = 'early'),
  COUNT(*) FILTER (WHERE state <> 'refused_at_intake' AND resolved_on BETWEEN %(s)s AND %(e)s
                   AND timeliness = 'on_time'),
  COUNT(*) FILTER (WHERE state <> 'refused_at_intake' AND resolved_on BETWEEN %(s)s AND %(e)s
                   AND timeliness = 'late'),
  COUNT(*) FILTER (WHERE state <> 'refused_at_intake'
                   AND (resolved_on IS NULL OR resolved_on > %(e)s)
                   AND (withdrawn_on IS NULL OR withdrawn_on > %(e)s)
                   AND (due_on IS NULL OR due_on >= %(e)s)),
  COUNT(*) FILTER (WHERE state <> 'refused_at_intake'
                   AND (resolved_on IS NULL OR resolved_on > %(e)s)
                   AND (withdrawn_on IS NULL OR withdrawn_on > %(e)s) AND due_on < %(e)s),
  COUNT(*) FILTER (WHERE returned_at >= %(sa)s AND returned_at < %(ea)s),
  COUNT(*) FILTER (WHERE state <> 'refused_at_intake' AND received_on >= %(s)s
                   AND returned_at < %(ea)s),
  COUNT(*) FILTER (WHERE state = 'refused_at_intake' AND received_on >= %(s)s),
  COUNT(*) FILTER (WHERE withdrawn_on BETWEEN %(s)s AND %(e)s),
  AVG(processing_days) FILTER (WHERE state <> 'refused_at_intake'
                               AND resolved_on BETWEEN %(s)s AND %(e)s)
FROM onestop_dossier
WHERE agency_id = %(a)s AND received_on <= %(e)s
  AND (resolved_on IS NULL OR resolved_on >= %(s)s OR returned_at >= %(sa)s)
  AND (withdrawn_on IS NULL OR withdrawn_on >= %(s)s)""",
    """SELECT COUNT(*) FILTER (WHERE s.kind = 'supplement'),
  COUNT(*) FILTER (WHERE s.kind = 'apology')
FROM onestop_slip s JOIN onestop_dossier d ON d.id = s.dossier_id
WHERE d.agency_id = %(a)s AND s.issued_at >= %(sa)s AND s.issued_at < %(ea)s
  AND s.kind IN ('supplement', 'apology')
  AND d.received_on <= %(e)s
  AND (d.resolved_on IS NULL OR d.resolved_on >= %(s)s OR d.returned_at >= %(sa)s)
  AND (d.withdrawn_on IS NULL OR d.withdrawn_on >= %(s)s)""",
    """SELECT COUNT(*) FILTER (WHERE r.satisfaction = 'satisfied'),
  COUNT(*) FILTER (WHERE r.satisfaction = 'acceptable'),
  COUNT(*) FILTER (WHERE r.satisfaction = 'unsatisfied')
FROM onestop_rating r JOIN onestop_dossier d ON d.id = r.dossier_id
WHERE d.agency_id = %(a)s AND r.created_at >= %(sa)s AND r.created_at < %(ea)s
  AND d.received_on <= %(e)s
  AND (d.resolved_on IS NULL OR d.resolved_on >= %(s)s OR d.returned_at >= %(sa)s)
  AND (d.withdrawn_on IS NULL OR d.withdrawn_on >= %(s)s)""",
    """SELECT COUNT(*), COUNT(*) FILTER (WHERE v.online),
  COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM onestop_dossier d WHERE d.procedure_id = p.id
                                 AND d.received_on BETWEEN %(s)s AND %(e)s))
FROM onestop_procedure p LEFT JOIN onestop_procedureversion v ON v.id = p.current_id
WHERE p.agency_id = %(a)s AND p.is_published""",
]


@dataclass
class Run:
    place: City | None  # None when only sections without data run
    quick: bool
    repeat: int
    today: dt.date
    lines: list[Line]

    @property
    def city(self) -> City:
        assert self.place is not None, "this section needs the seeded city"
        return self.place

    @property
    def big(self) -> Unit:
        return self.city.units[0]

    @property
    def small(self) -> Unit:
        return self.city.units[-1]

    def add(self, line: Line) -> None:
        self.lines.append(line)
        print(f"  {line.group}: {line.name}: {line.sample.show()} — {line.ratio:.2f}×", flush=True)


def _fetch(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _year(run: Run) -> tuple[dt.date, dt.date, dict[str, Any]]:
    year = run.today.year - 1
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    tz = timezone.get_current_timezone()
    params: dict[str, Any] = {
        "s": start,
        "e": end,
        "sa": dt.datetime.combine(start, dt.time(0), tzinfo=tz),
        "ea": dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), tzinfo=tz),
    }
    if connection.vendor == "sqlite":  # stored as UTC text: compare with UTC text
        for key in ("sa", "ea"):
            instant = params[key].astimezone(dt.UTC)
            params[key] = instant.strftime("%Y-%m-%d %H:%M:%S")
    return start, end, params


def replayed(fn: Callable[[], object]) -> tuple[Callable[[], object], int]:
    """The SQL statements ``fn`` sends, captured once, to be sent again raw through the
    driver: the floor of ``fn`` without the framework (query building, rows to objects, the
    figures' Python). Returns the replay and the number of statements."""
    with CaptureQueriesContext(connection) as ctx:
        fn()
    statements = [q["sql"] for q in ctx.captured_queries]

    def replay() -> object:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()
        return None

    return replay, len(statements)


def _statistic(
    run: Run, name: str, fn: Callable[[], object], goal: float | None = 1.5, notes: Any = ()
) -> None:
    replay, statements = replayed(fn)
    floor = timed(replay, repeat=run.repeat)
    ours = timed(fn, repeat=run.repeat)
    baseline = f"its {statements} SQL statements sent raw"
    run.add(Line("statistics", name, ours, baseline, floor, goal, list(notes)))


def statistics(run: Run) -> None:
    from danchu.core import figures
    from danchu.core.models import Agency, User
    from danchu.letters.stats import letters_report
    from danchu.onestop.stats import onestop_report
    from danchu.reports.dashboard import city_dashboard
    from danchu.tasks import selectors as task_selectors

    start, end, params = _year(run)
    big = Agency.objects.get(pk=run.big.agency_id)
    params["a"] = big.pk
    report = onestop_report(agency=big, start=start, end=end)
    t = report.total
    hand = [_fetch(sql, params)[0] for sql in ONESTOP_HAND]
    expected = [
        (
            t.received,
            t.carried_over,
            t.resolved,
            t.early,
            t.on_time,
            t.late,
            t.in_progress_within,
            t.in_progress_overdue,
            t.returned,
            t.returned_of_received,
            t.refused,
            t.withdrawn,
        ),
        (t.supplement_requests, t.apology_slips),
        tuple(t.ratings[k] for k in ("satisfied", "acceptable", "unsatisfied")),
        (report.procedures_published, report.procedures_online, report.procedures_at_desk),
    ]
    got = [tuple(hand[0][:12]), *(tuple(row) for row in hand[1:])]
    assert got == expected, (got, expected)
    assert abs(float(hand[0][12] or 0) - float(t.average_days or 0)) < 1e-9
    floor = timed(lambda: [_fetch(sql, params) for sql in ONESTOP_HAND], repeat=run.repeat)
    ours = timed(lambda: onestop_report(agency=big, start=start, end=end), repeat=run.repeat)
    run.add(
        Line(
            "statistics",
            f"one-stop report, the centre, {start.year} ({t.received:,} received)",
            ours,
            "hand-written SQL, every figure",
            floor,
            1.5,
            notes=["every figure of the report checked equal to the hand-written SQL's"],
        )
    )
    _statistic(
        run,
        f"one-stop report, the centre, {start.year}",
        lambda: onestop_report(agency=big, start=start, end=end),
    )
    _statistic(
        run,
        f"letters report, the centre, {start.year}",
        lambda: letters_report(agency=big, start=start, end=end),
    )
    built = figures.sections(agencies=[big], start=start, end=end)
    count = sum(len(section.figures) for section in built[big.pk])
    _statistic(
        run,
        f"QCDC report's figures, the centre, {start.year} ({count} figures)",
        lambda: figures.sections(agencies=[big], start=start, end=end),
    )
    steering = User.objects.get(pk=run.city.steering.pk)

    def ours_city() -> object:
        steering.__dict__.pop("_danchu_scope", None)  # a new request computes the scope again
        return city_dashboard(actor=steering, start=start, end=end)

    _statistic(run, f"city dashboard, {len(run.city.units)} units, {start.year}", ours_city)

    head = User.objects.get(pk=run.big.head_id)

    def ours_tasks() -> object:
        head.__dict__.pop("_danchu_scope", None)
        tasks = task_selectors.year_tasks(actor=head, agency=big, year=start.year)
        return task_selectors.completion_by_unit(tasks=tasks, on=run.today)

    _statistic(
        run,
        f"tasks' completion by unit, the centre, {start.year}",
        ours_tasks,
        None,
        ["no goal in the issue; shown for the fixed cost of building the query (a few ms)"],
    )


def _client_for(user_id: int) -> Client:
    from danchu.core.models import User

    client = Client()
    client.force_login(User.objects.get(pk=user_id))
    return client


def _page(client: Client, url: str) -> Callable[[], object]:
    def get() -> object:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return get


def lists(run: Run) -> None:
    """Each list's first page on a unit of 10k rows is the baseline; the centre's first page and
    its 1,000th page (the last one if it has fewer) are measured against it. The keyset lists
    are asked for page 1,000 as their "next" link asks for it: with the cursor of page 999's
    last row, computed outside the timing."""
    from danchu.core.paging import _encode
    from danchu.letters.models import Letter
    from danchu.letters.views.common import PAGE_SIZE as LETTERS_PAGE
    from danchu.onestop.models import OPEN_STATES, Dossier
    from danchu.onestop.views.common import PAGE_SIZE as ONESTOP_PAGE

    def dossiers(unit: Unit) -> Any:
        return Dossier.objects.filter(agency_id=unit.agency_id)

    def queue(unit: Unit) -> Any:
        return Dossier.objects.filter(
            agency_id=unit.agency_id, state__in=[*OPEN_STATES, "approved", "rejected"]
        )

    def letters(unit: Unit) -> Any:
        return Letter.objects.filter(agency_id=unit.agency_id)

    def search(unit: Unit) -> Any:
        return (
            letters(unit).filter(search_text__contains="khieu").filter(search_text__contains="nai")
        )

    by_time, by_day = ("-received_at", "-id"), ("-received_on", "-id")
    cases = [
        ("dossier list", "onestop:dossier_list", "", dossiers, by_time, ONESTOP_PAGE, "officer_id"),
        ("work queue", "onestop:queue", "", queue, None, ONESTOP_PAGE, "officer_id"),
        ("letters list", "letters:letter_list", "", letters, by_day, LETTERS_PAGE, "head_id"),
        (
            "letters search",
            "letters:letter_list",
            "q=khieu+nai",
            search,
            by_day,
            LETTERS_PAGE,
            "head_id",
        ),
    ]
    for label, name, query, rows, keys, size, who in cases:
        small_n, big_n = rows(run.small).count(), rows(run.big).count()
        small_client = _client_for(getattr(run.small, who))
        big_client = _client_for(getattr(run.big, who))
        small_url = reverse(name, args=[run.small.agency_id]) + f"?{query}"
        big_url = reverse(name, args=[run.big.agency_id]) + f"?{query}"
        base = timed(_page(small_client, small_url), repeat=run.repeat)
        first = timed(_page(big_client, big_url), repeat=run.repeat)
        page = min(1000, max(1, -(-big_n // size)))
        deep_url = f"{big_url}&page={page}"
        if name == "onestop:queue" and page > 1:
            deep_url = f"{big_url}&after={_queue_cursor(run, (page - 1) * size - 1)}&page={page}"
        elif keys is not None and page > 1:
            last = rows(run.big).order_by(*keys)[(page - 1) * size - 1]
            cursor = _encode([getattr(last, k.lstrip("-")) for k in keys])
            deep_url = f"{big_url}&after={cursor}&page={page}"
        deep = timed(_page(big_client, deep_url), repeat=run.repeat)
        how = "keyset"
        run.add(
            Line(
                "lists",
                f"{label}, first page, {big_n:,} rows",
                first,
                f"first page, {small_n:,} rows",
                base,
                1.3,
            )
        )
        run.add(
            Line(
                "lists",
                f"{label}, page {page:,} ({how}), {big_n:,} rows",
                deep,
                f"first page, {small_n:,} rows",
                base,
                1.3,
            )
        )


def _queue_cursor(run: Run, position: int) -> str:
    """The work queue's cursor ("group.due.id") of the row at ``position`` of the centre's
    queue, as the page before it would link it."""
    from danchu.core.models import Agency, User
    from danchu.onestop.selectors import Urgency, work_queue

    officer = User.objects.get(pk=run.big.officer_id)
    row = work_queue(actor=officer, agency=Agency.objects.get(pk=run.big.agency_id))[position]
    urgency = row.urgency  # type: ignore[attr-defined]
    group = {
        Urgency.OVERDUE: 0,
        Urgency.READY: 1 if row.due_on else 2,
        Urgency.TODAY: 3,
        Urgency.SOON: 4,
        Urgency.ON_TRACK: 5,
        Urgency.PAUSED: 6,
    }[urgency]
    return f"{group}.{row.due_on.isoformat() if row.due_on else '-'}.{row.pk}"


def intake(run: Run) -> None:
    from danchu.core.models import Agency, User
    from danchu.core.services import api_token_create
    from danchu.onestop.models import Procedure
    from danchu.onestop.services import dossier_receive

    unit = run.small
    agency = Agency.objects.get(pk=unit.agency_id)
    officer = User.objects.get(pk=unit.officer_id)
    procedure = Procedure.objects.get(pk=unit.procedures[0][0])
    count = 40 if run.quick else 200
    serial = iter(range(10**9))

    def receive() -> None:
        n = next(serial)
        dossier_receive(
            actor=officer,
            agency=agency,
            procedure=procedure,
            applicant_kind="person",
            applicant_name="Nguyễn Văn Bench",
            applicant_id=f"00108501{n % 10000:04d}",
            documents=[1],
            idempotency_key=f"bench-service-{time.time_ns()}-{n}",
        )

    def per_second(fn: Callable[[], None]) -> Sample:
        values = []
        for _ in range(3):
            began = time.perf_counter()
            for _ in range(count):
                fn()
            values.append(count / (time.perf_counter() - began))
        return rates(values)

    service = per_second(receive)

    # The city's intake: each request to the next unit's desk, by that unit's officer — one
    # unit's dossiers share its numbering and its audit chain, taken in turn.
    variants = []
    for desk in run.city.units:
        holder = User.objects.get(pk=desk.officer_id)
        _, token = api_token_create(actor=holder, name=f"bench {time.time_ns()}")
        body: dict[str, object] = {
            "procedure_id": desk.procedures[0][0],
            "applicant_kind": "person",
            "applicant_name": "Trần Thị Tải {n}",
            "applicant_id": "001085099999",
            "documents": [1],
            "channel": "online",
        }
        path = f"/api/v1/onestop/units/{desk.agency_id}/dossiers"
        variants.append((path, {"Authorization": f"Bearer {token}"}, body))
    workers = 2 * (os.cpu_count() or 1)
    clients = 2 * workers
    seconds = 4.0 if run.quick else 15.0
    hello = Job("GET", "/healthz")
    intake_job = Job("POST", "", ok=(201,), unique_key=True, variants=tuple(variants))
    from danchu.onestop.models import Dossier

    sample = Dossier.objects.filter(agency_id=run.big.agency_id, state="returned").first()
    assert sample is not None
    lookup_job = Job(
        "GET", f"/api/v1/public/onestop/dossiers/{sample.code}?id_digits={sample.applicant_id[-4:]}"
    )
    results: dict[str, list[Result]] = {"hello": [], "intake": [], "lookup": []}
    with server(workers=workers) as address:
        load(address, hello, clients=clients, seconds=1.0)  # warm-up: every worker loaded
        load(address, lookup_job, clients=clients, seconds=1.0)
        for _ in range(1 if run.quick else 3):
            for key, job in (("hello", hello), ("intake", intake_job), ("lookup", lookup_job)):
                results[key].append(load(address, job, clients=clients, seconds=seconds))
    hello_rate = rates([r.rate for r in results["hello"]])
    run.add(
        Line(
            "intake",
            "dossiers received through the service layer (one process)",
            service,
            "HTTP hello-world, same server",
            hello_rate,
            None,
            notes=["shown for scale: one process, no HTTP; the goal is on the API line"],
        )
    )
    for key, label, goal in (
        (
            "intake",
            f"dossiers received through the HTTP API, {len(variants)} units "
            f"({workers} workers, {clients} clients)",
            0.5,
        ),
        ("lookup", "public lookup of a dossier's status (HTTP API)", 0.8),
    ):
        got = results[key]
        errors = sum(r.errors for r in got)
        statuses: dict[int, int] = {}
        for r in got:
            for status, n in r.statuses.items():
                statuses[status] = statuses.get(status, 0) + n
        p99 = max(r.p99_ms for r in got)
        hello_p99 = max(r.p99_ms for r in results["hello"])
        cpu = statistics_.median(r.server_cpu_ms for r in got)
        hello_cpu = statistics_.median(r.server_cpu_ms for r in results["hello"])
        run.add(
            Line(
                "intake" if key == "intake" else "public",
                label,
                rates([r.rate for r in got]),
                "HTTP hello-world, same server",
                hello_rate,
                goal,
                notes=[
                    f"{sum(r.requests for r in got):,} requests, {errors} errors, statuses "
                    f"{dict(sorted(statuses.items()))}; p99 {p99:.1f} ms "
                    f"(hello-world p99 {hello_p99:.1f} ms)",
                    f"server CPU per answer {cpu:.2f} ms against hello-world's {hello_cpu:.2f} ms "
                    f"({hello_cpu / cpu if cpu else 0:.2f}×, whatever the load generator costs; "
                    "PostgreSQL's own CPU not counted)",
                ],
            )
        )


def calendar(run: Run) -> None:
    import holidays

    from danchu.core.calendar import WorkingCalendar

    rng = random.Random(7)
    calls = 100_000 if run.quick else 1_000_000
    base = dt.date(2016, 1, 1)
    cases = [
        (base + dt.timedelta(days=rng.randrange(5000)), rng.randrange(1, 60)) for _ in range(calls)
    ]
    ours = WorkingCalendar()
    theirs = holidays.country_holidays("VN", years=range(2015, 2032))
    ours.add_working_days(base, 1)  # both build their tables before the timing
    theirs.get_nth_working_day(base, 1)
    # The peer walks day by day: it is timed on a sample of the same inputs (per call), and
    # every answer of that sample is compared with ours.
    sample = cases[: 5_000 if run.quick else 20_000]
    mismatches = sum(
        ours.add_working_days(s, n) != theirs.get_nth_working_day(s, n) for s, n in sample
    )
    assert mismatches == 0, f"{mismatches} deadlines differ from the holidays package's"
    mine = timed(lambda: [ours.add_working_days(s, n) for s, n in cases], repeat=3)
    peer = timed(lambda: [theirs.get_nth_working_day(s, n) for s, n in sample], repeat=3)
    run.add(
        Line(
            "calendar",
            f"deadlines (start + n working days), {calls:,} calls",
            rates([calls / mine.high, calls / mine.median, calls / mine.low]),
            "holidays.get_nth_working_day",
            rates([len(sample) / peer.high, len(sample) / peer.median, len(sample) / peer.low]),
            20.0,
            notes=[
                f"the holidays package timed on {len(sample):,} of the same inputs; "
                f"{mismatches} different answers among them"
            ],
        )
    )


def peer(run: Run) -> None:
    from bench.versus import versus

    versus(run)


NEEDS_DATA = {"statistics", "lists", "intake", "peer"}
SECTIONS: dict[str, Callable[[Run], None]] = {
    "statistics": statistics,
    "lists": lists,
    "intake": intake,
    "calendar": calendar,
    "peer": peer,
}
