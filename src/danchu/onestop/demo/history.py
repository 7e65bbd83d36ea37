"""The demo history: dossiers of 2021-2022, all returned on time, written with bulk inserts."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from itertools import accumulate

from danchu.core.audit import audit_record
from danchu.core.calendar import WorkingCalendar
from danchu.core.models import User
from danchu.core.selectors import agency_calendar
from danchu.onestop.demo.applicants import _applicant, _channel
from danchu.onestop.demo.catalogue import Item
from danchu.onestop.demo.common import (
    COMMENTS,
    REJECTIONS,
    Desk,
    _at,
    _documents,
    _later,
    _split,
    _timeliness,
)
from danchu.onestop.models import (
    Counter,
    Dossier,
    Handover,
    Rating,
    Satisfaction,
    Slip,
    SlipKind,
    State,
    Timeliness,
)
from danchu.onestop.services.common import dossier_code

HISTORY_START = dt.date(2021, 1, 1)
HISTORY_END = dt.date(2022, 9, 15)


def _day_weight(day: dt.date) -> float:
    """Fewer dossiers during Hà Nội's social distancing of summer 2021 and after Tết."""
    if dt.date(2021, 7, 24) <= day <= dt.date(2021, 9, 21):
        return 0.45
    if (day.month == 2 and day.day <= 25) or (day.month == 1 and day.day <= 6):
        return 0.7
    return 1.15 if day.year == 2022 else 1.0


def _spread(rng: random.Random, days: list[dt.date], total: int) -> list[int]:
    """Exactly ``total`` dossiers over ``days``, by weight with some noise."""
    weights = [_day_weight(d) * rng.uniform(0.7, 1.3) for d in days]
    scale = total / sum(weights)
    shares = [w * scale for w in weights]
    counts = [int(s) for s in shares]
    by_remainder = sorted(range(len(days)), key=lambda i: shares[i] - counts[i], reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


@dataclass
class _Trace:
    """When each step of a history dossier finished, and who did it."""

    officer: User
    handler: User
    times: list[dt.datetime]  # receipt, appraisal, review, signature, return
    rated: bool


def _history(desk: Desk, items: list[Item], size: int, suffix: str, rng: random.Random) -> None:
    agency = desk.agency
    if Dossier.objects.filter(agency=agency, received_on__year=HISTORY_START.year).exists():
        return
    cal = agency_calendar(agency)
    days = [
        d
        for n in range((HISTORY_END - HISTORY_START).days + 1)
        if cal.is_working_day(d := HISTORY_START + dt.timedelta(days=n))
    ]
    weights = list(accumulate(item.data.weight for item in items))
    documents = {item.version.pk: _documents(item.version) for item in items}
    dossiers: list[Dossier] = []
    traces: list[_Trace] = []
    counters: list[Counter] = []
    for i, (day, count) in enumerate(zip(days, _spread(rng, days, size), strict=True)):
        if count:
            counters.append(Counter(agency=agency, key=f"dossier:{day.isoformat()}", last=count))
        receipts = sorted(rng.randint(7 * 60 + 30, 16 * 60 + 45) for _ in range(count))
        for number, minute in enumerate(receipts, 1):
            item = rng.choices(items, cum_weights=weights)[0]
            deadline = item.version.deadline_days
            left = len(days) - 1 - i  # everything is returned by the end of the period
            full = rng.random() < 0.2 and left >= deadline
            a, b, c = _split(rng, item.step_days, min(deadline, left), full)
            back = 0 if rng.random() < 0.55 else 1
            back = min(back, left - a - b - c)
            t0 = _at(day, minute)
            times = [t0]
            for offset in (a, a + b, a + b + c, a + b + c + back):
                times.append(_later(rng, times[-1], days[i + offset]))
            decided = days[i + a + b + c]
            due = cal.add_working_days(day, deadline)
            applicant = _applicant(rng, item.data, day.year)
            refused = rng.random() < 0.012
            trace = _Trace(
                rng.choice(desk.officers), rng.choice(desk.handlers), times, rng.random() < 0.35
            )
            traces.append(trace)
            dossiers.append(
                Dossier(
                    agency=agency,
                    code=dossier_code(agency, day, number),
                    procedure=item.procedure,
                    version=item.version,
                    applicant_kind=applicant.kind,
                    applicant_name=applicant.name,
                    applicant_id=applicant.id_number,
                    applicant_phone=applicant.phone,
                    applicant_address=applicant.address,
                    channel=_channel(rng, item.data),
                    documents=documents[item.version.pk],
                    received_at=t0,
                    received_on=day,
                    received_by=trace.officer,
                    state=State.RETURNED,
                    due_on=due,
                    appointment_on=due,
                    step_order=len(item.steps),
                    division=desk.division,  # the appraising division answers for it
                    handler=trace.handler,
                    resolved_on=decided,
                    timeliness=_timeliness(decided, due),
                    processing_days=a + b + c,
                    result_number="" if refused else item.data.result,
                    reasons=rng.choice(REJECTIONS) if refused else "",
                    returned_at=times[-1],
                    revision=5,
                )
            )
    _number_results(dossiers, traces, suffix)
    Dossier.objects.bulk_create(dossiers, batch_size=500)
    handovers, slips, ratings = _history_rows(desk, items, dossiers, traces, cal, rng)
    Handover.objects.bulk_create(handovers, batch_size=1000)
    Slip.objects.bulk_create(slips, batch_size=1000)
    Rating.objects.bulk_create(ratings, batch_size=1000)
    # created_at is set on insert; the rating was given after the return, back then.
    when = {d.pk: t.times[-1] for d, t in zip(dossiers, traces, strict=True)}
    for rating in ratings:
        rating.created_at = when[rating.dossier_id] + dt.timedelta(minutes=rng.randint(5, 600))
    Rating.objects.bulk_update(ratings, ["created_at"], batch_size=500)
    years: dict[int, int] = {}
    for slip in slips:
        years[slip.year] = max(years.get(slip.year, 0), slip.number)
    counters += [Counter(agency=agency, key=f"slip:receipt:{y}", last=n) for y, n in years.items()]
    Counter.objects.bulk_create(counters, batch_size=1000)
    audit_record(
        actor=None,
        agency=agency,
        verb="demo.history_loaded",
        obj=agency,
        changes={
            "period": [None, f"{HISTORY_START.isoformat()}/{HISTORY_END.isoformat()}"],
            "dossiers": [None, len(dossiers)],
            "handovers": [None, len(handovers)],
            "slips": [None, len(slips)],
            "ratings": [None, len(ratings)],
        },
    )


def _number_results(dossiers: list[Dossier], traces: list[_Trace], suffix: str) -> None:
    """Result documents are numbered per year in the order they were signed (12/GP-STTTT)."""
    approved = sorted(
        ((t.times[3], d) for d, t in zip(dossiers, traces, strict=True) if d.result_number),
        key=lambda pair: pair[0],
    )
    numbers: dict[int, int] = {}
    for signed, d in approved:
        year = signed.year
        numbers[year] = numbers.get(year, 0) + 1
        d.result_number = f"{numbers[year]}/{d.result_number}-{suffix}"


def _history_rows(
    desk: Desk,
    items: list[Item],
    dossiers: list[Dossier],
    traces: list[_Trace],
    cal: WorkingCalendar,
    rng: random.Random,
) -> tuple[list[Handover], list[Slip], list[Rating]]:
    steps = {item.version.pk: list(zip(item.steps, item.step_days, strict=True)) for item in items}
    handovers: list[Handover] = []
    slips: list[Slip] = []
    ratings: list[Rating] = []
    receipt_numbers: dict[int, int] = {}
    for d, trace in zip(dossiers, traces, strict=True):
        times = trace.times
        # Who takes each step, who handed it over, when it started and finished.
        people = [trace.officer, trace.handler, desk.chief, desk.head, trace.officer]
        starts = [times[0], times[0], times[1], times[2], times[3]]
        givers = [None, trace.officer, trace.handler, desk.chief, desk.head]
        for n, (step, days) in enumerate(steps[d.version_id]):
            start_day = starts[n].date()
            due = cal.add_working_days(start_day, days)
            end_day = times[n].date()
            handovers.append(
                Handover(
                    dossier=d,
                    step_order=step.order,
                    step_name=step.name,
                    from_user=givers[n],
                    to_user=people[n],
                    started_at=starts[n],
                    due_on=due,
                    finished_at=times[n],
                    timeliness=Timeliness.ON_TIME if n == 0 else _timeliness(end_day, due),
                )
            )
        year = d.received_on.year
        receipt_numbers[year] = receipt_numbers.get(year, 0) + 1
        slips.append(
            Slip(
                dossier=d,
                kind=SlipKind.RECEIPT,
                number=receipt_numbers[year],
                year=year,
                issued_at=d.received_at,
                issued_by=trace.officer,
                content={
                    "appointment_on": d.appointment_on.isoformat() if d.appointment_on else None,
                    "documents": d.documents,
                },
            )
        )
        if trace.rated:
            draw = rng.random()
            satisfaction = (
                Satisfaction.SATISFIED
                if draw < 0.9
                else Satisfaction.ACCEPTABLE
                if draw < 0.985
                else Satisfaction.UNSATISFIED
            )
            comment = rng.choice(COMMENTS[:4]) if rng.random() < 0.15 else ""
            ratings.append(Rating(dossier=d, satisfaction=satisfaction, comment=comment))
    return handovers, slips, ratings
