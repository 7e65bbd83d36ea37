"""One-stop statistics for a period, computed by SQL aggregates over indexed columns.

Definitions (a dossier refused at intake is counted only as "refused"):
- received: received in the period; carried over: received before it and still open at its
  start (not resolved, withdrawn or — for refusals — ever counted);
- resolved early / on time / late: decided in the period, by the timeliness fixed at decision
  (against the legal due date, pauses included);
- in progress within deadline / overdue: open at the end of the period, by its due date then;
- returned: results handed back in the period; withdrawn: withdrawn in the period;
- supplement requests and apology slips: issued in the period;
- average processing time: working days from receipt to decision, pauses excluded;
- ratings: given in the period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from danchu.core.models import Agency
from danchu.onestop.models import (
    Dossier,
    Procedure,
    Rating,
    Satisfaction,
    Slip,
    SlipKind,
    State,
    Timeliness,
)

GROUPS = {
    "procedure": "procedure__code",
    "field": "version__field",
    "division": "division__name",
    "officer": "handler__full_name",
}


@dataclass
class Figures:
    received: int = 0
    carried_over: int = 0
    resolved: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    in_progress_within: int = 0
    in_progress_overdue: int = 0
    returned: int = 0
    refused: int = 0
    withdrawn: int = 0
    supplement_requests: int = 0
    apology_slips: int = 0
    average_days: float | None = None
    ratings: dict[str, int] = field(default_factory=dict)

    @property
    def handled(self) -> int:
        return self.received + self.carried_over

    @property
    def on_time_rate(self) -> float | None:
        """Share of resolved dossiers resolved early or on time, in percent."""
        return 100.0 * (self.early + self.on_time) / self.resolved if self.resolved else None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["on_time_rate"] = self.on_time_rate
        return data


@dataclass
class Report:
    agency: Agency
    start: dt.date
    end: dt.date
    procedures_published: int
    procedures_online: int
    total: Figures
    groups: list[tuple[str, Figures]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": {"code": self.agency.code, "name": self.agency.name},
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "procedures_published": self.procedures_published,
            "procedures_online": self.procedures_online,
            "total": self.total.as_dict(),
            "groups": [{"key": k, **f.as_dict()} for k, f in self.groups],
        }


def _aggregates(start: dt.date, end: dt.date) -> dict[str, Any]:
    tz = timezone.get_current_timezone()
    end_at = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    start_at = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    counted = ~Q(state=State.REFUSED_AT_INTAKE)
    open_at_end = (
        counted
        & Q(received_on__lte=end)
        & (Q(resolved_on__isnull=True) | Q(resolved_on__gt=end))
        & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=end))
    )
    resolved = counted & Q(resolved_on__gte=start, resolved_on__lte=end)
    return {
        "received": Count("id", filter=counted & Q(received_on__gte=start, received_on__lte=end)),
        "carried_over": Count(
            "id",
            filter=counted
            & Q(received_on__lt=start)
            & (Q(resolved_on__isnull=True) | Q(resolved_on__gte=start))
            & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=start)),
        ),
        "resolved": Count("id", filter=resolved),
        "early": Count("id", filter=resolved & Q(timeliness=Timeliness.EARLY)),
        "on_time": Count("id", filter=resolved & Q(timeliness=Timeliness.ON_TIME)),
        "late": Count("id", filter=resolved & Q(timeliness=Timeliness.LATE)),
        # A stopped clock (no due date) is within its deadline.
        "in_progress_within": Count(
            "id", filter=open_at_end & (Q(due_on__isnull=True) | Q(due_on__gte=end))
        ),
        "in_progress_overdue": Count("id", filter=open_at_end & Q(due_on__lt=end)),
        "returned": Count("id", filter=Q(returned_at__gte=start_at, returned_at__lt=end_at)),
        "refused": Count(
            "id",
            filter=Q(state=State.REFUSED_AT_INTAKE, received_on__gte=start, received_on__lte=end),
        ),
        "withdrawn": Count("id", filter=Q(withdrawn_on__gte=start, withdrawn_on__lte=end)),
        "average_days": Avg("processing_days", filter=resolved),
    }


def _relevant(agency: Agency, start: dt.date, end: dt.date) -> QuerySet[Dossier]:
    """Only rows that can count in the period: received by its end and not closed before it."""
    return (
        Dossier.objects.filter(agency=agency, received_on__lte=end)
        .exclude(
            Q(resolved_on__lt=start) & (Q(returned_at__isnull=True) | Q(returned_at__lt=_at(start)))
        )
        .exclude(withdrawn_on__lt=start)
    )


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def onestop_report(
    *,
    agency: Agency,
    start: dt.date,
    end: dt.date,
    group_by: str | None = None,
    procedure: Procedure | None = None,
    field_name: str = "",
    division: Agency | None = None,
) -> Report:
    """The figures of ``agency``'s one-stop desk for ``start``–``end`` (inclusive), in a fixed
    number of queries whatever the number of dossiers."""
    rows = _relevant(agency, start, end)
    if procedure is not None:
        rows = rows.filter(procedure=procedure)
    if field_name:
        rows = rows.filter(version__field=field_name)
    if division is not None:
        rows = rows.filter(division__path__startswith=division.path)
    aggregates = _aggregates(start, end)
    total = Figures(**rows.aggregate(**aggregates))
    slips = _slip_counts(rows, start, end, None)
    total.supplement_requests, total.apology_slips = slips.get(None, (0, 0))
    total.ratings = _rating_counts(rows, start, end, None).get(None, {})
    groups: list[tuple[str, Figures]] = []
    if group_by:
        key = GROUPS[group_by]
        slip_groups = _slip_counts(rows, start, end, key)
        rating_groups = _rating_counts(rows, start, end, key)
        for row in rows.values(key).annotate(**aggregates).order_by(key):
            name = row.pop(key) or "—"
            figures = Figures(**row)
            figures.supplement_requests, figures.apology_slips = slip_groups.get(name, (0, 0))
            figures.ratings = rating_groups.get(name, {})
            groups.append((name, figures))
    published = Procedure.objects.filter(agency=agency, is_published=True)
    return Report(
        agency=agency,
        start=start,
        end=end,
        procedures_published=published.count(),
        procedures_online=published.filter(current__online=True).count(),
        total=total,
        groups=groups,
    )


def _slip_counts(
    rows: QuerySet[Dossier], start: dt.date, end: dt.date, key: str | None
) -> dict[str | None, tuple[int, int]]:
    slips = Slip.objects.filter(
        dossier__in=rows.values("pk"),
        issued_at__gte=_at(start),
        issued_at__lt=_at(end + dt.timedelta(days=1)),
    )
    counts = {
        "supplement": Count("id", filter=Q(kind=SlipKind.SUPPLEMENT)),
        "apology": Count("id", filter=Q(kind=SlipKind.APOLOGY)),
    }
    if key is None:
        found = slips.aggregate(**counts)
        return {None: (found["supplement"], found["apology"])}
    return {
        (r[f"dossier__{key}"] or "—"): (r["supplement"], r["apology"])
        for r in slips.values(f"dossier__{key}").annotate(**counts)
    }


def _rating_counts(
    rows: QuerySet[Dossier], start: dt.date, end: dt.date, key: str | None
) -> dict[str | None, dict[str, int]]:
    ratings = Rating.objects.filter(
        dossier__in=rows.values("pk"),
        created_at__gte=_at(start),
        created_at__lt=_at(end + dt.timedelta(days=1)),
    )
    counts = {s: Count("id", filter=Q(satisfaction=s)) for s in Satisfaction.values}
    if key is None:
        return {None: ratings.aggregate(**counts)}
    return {
        (r.pop(f"dossier__{key}") or "—"): r
        for r in ratings.values(f"dossier__{key}").annotate(**counts)
    }
