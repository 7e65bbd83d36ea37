"""One-stop statistics for a period, computed by SQL aggregates over indexed columns.

Definitions (a dossier refused at intake is counted only as "refused"):
- received: received in the period; carried over: received before it and still open at its
  start (not resolved, withdrawn or — for refusals — ever counted);
- resolved early / on time / late: decided in the period, by the timeliness fixed at decision
  (against the legal due date, pauses included);
- in progress within deadline / overdue: open at the end of the period, by its due date then;
- returned: results handed back in the period, whenever the dossier was received (results of
  dossiers carried over count too); returned of received: dossiers received in the period
  whose result was handed back by its end (the part of ``received`` returned, so the returned
  rate — returned of received per dossier received — never exceeds 100%);
- withdrawn: withdrawn in the period;
- supplement requests and apology slips: issued in the period;
- average processing time: working days from receipt to decision, pauses excluded;
- ratings: given in the period;
- procedures published: the procedures of the catalogue published as it stands today (the
  model keeps no history of publication, so a past period shows today's catalogue);
- procedures at the desk: published procedures with at least one dossier received at the desk
  in the period (refused at intake included: the desk received it under that procedure).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danchu.core.figures import Section, rate
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
    returned_of_received: int = 0
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

    @property
    def returned_rate(self) -> float | None:
        """Share of the dossiers received in the period returned by its end, in percent."""
        return rate(self.returned_of_received, self.received)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["on_time_rate"] = self.on_time_rate
        data["returned_rate"] = self.returned_rate
        return data


SATISFIED_LEVELS = (Satisfaction.SATISFIED, Satisfaction.ACCEPTABLE)


def onestop_section(
    *, procedures_published: int, procedures_at_desk: int, figures: Figures
) -> Section:
    """The section of one organisation from its statistics (no query)."""
    f = figures
    ratings = sum(f.ratings.values())
    satisfied = sum(f.ratings.get(level, 0) for level in SATISFIED_LEVELS)
    s = Section("onestop", _("Administrative procedures at the one-stop desk"))
    s.add("procedures_published", _("Procedures published"), procedures_published)
    s.add(
        "procedures_at_desk",
        _("Published procedures with dossiers received in the period"),
        procedures_at_desk,
    )
    s.add("received", _("Dossiers received"), f.received)
    s.add("resolved", _("Dossiers resolved"), f.resolved)
    s.add("returned", _("Results returned"), f.returned)
    s.add(
        "returned_of_received",
        _("Dossiers received in the period and returned by its end"),
        f.returned_of_received,
    )
    s.add(
        "returned_rate",
        _("Share of the dossiers received returned by the end of the period"),
        f.returned_rate,
        "percent",
    )
    s.add("early", _("Resolved early"), f.early)
    s.add("on_time", _("Resolved on time"), f.on_time)
    s.add("late", _("Resolved late"), f.late)
    s.add(
        "on_time_rate",
        _("Share resolved early or on time"),
        rate(f.early + f.on_time, f.resolved),
        "percent",
    )
    s.add("in_progress_within", _("In progress within the deadline"), f.in_progress_within)
    s.add("in_progress_overdue", _("In progress past the deadline"), f.in_progress_overdue)
    s.add("refused", _("Refused at intake"), f.refused)
    s.add("ratings", _("Ratings given"), ratings)
    s.add("satisfied", _("Ratings satisfied or acceptable"), satisfied)
    s.add(
        "satisfied_rate",
        _("Share of ratings satisfied or acceptable"),
        rate(satisfied, ratings),
        "percent",
    )
    return s


@dataclass
class Report:
    agency: Agency
    start: dt.date
    end: dt.date
    procedures_published: int
    procedures_online: int
    procedures_at_desk: int
    total: Figures
    groups: list[tuple[str, Figures]] = field(default_factory=list)

    @property
    def section(self) -> Section:
        """The "onestop" section of the unit's figures, from these totals (no query)."""
        return onestop_section(
            procedures_published=self.procedures_published,
            procedures_at_desk=self.procedures_at_desk,
            figures=self.total,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": {"code": self.agency.code, "name": self.agency.name},
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "procedures_published": self.procedures_published,
            "procedures_online": self.procedures_online,
            "procedures_at_desk": self.procedures_at_desk,
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
        "returned_of_received": Count(
            "id",
            filter=counted
            & Q(received_on__gte=start, received_on__lte=end, returned_at__lt=end_at),
        ),
        "refused": Count(
            "id",
            filter=Q(state=State.REFUSED_AT_INTAKE, received_on__gte=start, received_on__lte=end),
        ),
        "withdrawn": Count("id", filter=Q(withdrawn_on__gte=start, withdrawn_on__lte=end)),
        "average_days": Avg("processing_days", filter=resolved),
    }


def _relevant(agency: Agency, start: dt.date, end: dt.date) -> QuerySet[Dossier]:
    """Only rows that can count in the period: received by its end and not closed before it."""
    return _relevant_in([agency], start, end)


def _relevant_in(agencies: Sequence[Agency], start: dt.date, end: dt.date) -> QuerySet[Dossier]:
    """``_relevant`` for several agencies at once (the grouped figures of ``figures.py``)."""
    return (
        Dossier.objects.filter(agency_id__in=[a.pk for a in agencies], received_on__lte=end)
        .exclude(
            Q(resolved_on__lt=start) & (Q(returned_at__isnull=True) | Q(returned_at__lt=_at(start)))
        )
        .exclude(withdrawn_on__lt=start)
    )


def _published(agencies: Sequence[Agency]) -> QuerySet[Procedure]:
    """Procedures of the catalogue published now (no history of publication is kept)."""
    return Procedure.objects.filter(agency_id__in=[a.pk for a in agencies], is_published=True)


def _catalogue_counts(start: dt.date, end: dt.date) -> dict[str, Any]:
    """The aggregates over ``_published``: the procedures published, those offered online and
    those with at least one dossier received at the desk in the period — one definition for
    ``onestop_report`` and the grouped figures, one query either way."""
    received = Dossier.objects.filter(
        procedure=OuterRef("pk"), received_on__gte=start, received_on__lte=end
    )
    return {
        "published": Count("id"),
        "online": Count("id", filter=Q(current__online=True)),
        "at_desk": Count("id", filter=Q(Exists(received))),
    }


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
    catalogue = _published([agency]).aggregate(**_catalogue_counts(start, end))
    return Report(
        agency=agency,
        start=start,
        end=end,
        procedures_published=catalogue["published"],
        procedures_online=catalogue["online"],
        procedures_at_desk=catalogue["at_desk"],
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
) -> dict[Any, dict[str, int]]:
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
