"""The city dashboard: every organisation of the city side by side for a period.

Figures come from ``core.figures.sections`` — one call for all organisations, so the number
of queries does not grow with the number of units or of records (each section builder is
pinned to a fixed number of aggregate queries). Two more aggregates feed the charts: the
on-time rate of dossiers by month (one grouped query) and letters by type (summed from the
reception sections, no query). The inspection status comes from the ``inspections`` app
through ``register_inspection_status`` (one call for all organisations), so this module does
not import that app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypedDict

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from danchu.core import figures
from danchu.core.errors import Forbidden, NotFound
from danchu.core.figures import Figure, Kind, Section, Value
from danchu.core.models import Agency, Role, User
from danchu.core.scope import scope_for
from danchu.onestop.models import Dossier, State, Timeliness

# The sections the dashboard reads (the others are the unit's own report's business).
SECTIONS = ("publicity", "conference", "board", "tasks", "onestop", "reception")

# The key figures shown per unit: (section, figure key, short column label).
KEY_FIGURES: list[tuple[str, str, str | Promise]] = [
    ("publicity", "on_time_rate", _("Published on time")),
    ("conference", "held", _("Conferences held")),
    ("conference", "last_held_on", _("Last conference")),
    ("board", "answers_overdue", _("Board answers overdue")),
    ("tasks", "on_time_rate", _("Tasks on time")),
    ("onestop", "received", _("Dossiers received")),
    ("onestop", "on_time_rate", _("Dossiers on time")),
    ("onestop", "in_progress_overdue", _("Dossiers overdue")),
    ("reception", "letters", _("Letters")),
    ("reception", "settled_rate", _("Letters settled")),
    ("reception", "in_progress_overdue", _("Letters overdue")),
    ("reception", "head_days_missed", _("Head's reception days missed")),
]

# Breaches: a count each; a unit is flagged when any is above zero.
BREACHES: list[tuple[str, str, str, str | Promise]] = [
    ("late_publications", "publicity", "late", _("late publications")),
    ("conference_missed", "conference", "annual_missed", _("annual conference missing")),
    ("board_answers_overdue", "board", "answers_overdue", _("overdue answers to the board")),
    ("dossiers_overdue", "onestop", "in_progress_overdue", _("overdue dossiers")),
    ("letters_overdue", "reception", "in_progress_overdue", _("overdue letters")),
    ("head_days_missed", "reception", "head_days_missed", _("head's reception days missed")),
]

LETTER_KINDS: list[tuple[str, str | Promise]] = [
    ("petitions", _("Petitions and reports")),
    ("complaints", _("Complaints")),
    ("denunciations", _("Denunciations")),
]


class InspectionStatus(TypedDict):
    state: str
    open_requirements: int
    last: dt.date | None


InspectionStatusFn = Callable[[Sequence[Agency]], dict[int, InspectionStatus]]
_inspection_status: list[InspectionStatusFn] = []


def register_inspection_status(fn: InspectionStatusFn) -> None:
    """Called by the inspections app's ``ready``: ``fn(orgs)`` gives each organisation's
    inspection state, open requirements and date of the last inspection, in a fixed number
    of queries. Registering again replaces the previous function."""
    _inspection_status[:] = [fn]


def inspection_status(orgs: Sequence[Agency]) -> dict[int, InspectionStatus] | None:
    """The registered status per organisation, or None when no app registered one."""
    if not _inspection_status:
        return None
    return _inspection_status[0](orgs)


@dataclass(frozen=True, slots=True)
class Breach:
    key: str
    label: str | Promise
    count: int


@dataclass(slots=True)
class UnitRow:
    unit: Agency
    figures: list[Figure]  # the key figures, keyed "<section>.<key>"
    breaches: list[Breach]
    inspection: InspectionStatus | None = None
    link: str = ""

    @property
    def flagged(self) -> bool:
        return any(b.count > 0 for b in self.breaches)

    @property
    def breached(self) -> list[Breach]:
        return [b for b in self.breaches if b.count > 0]

    def value(self, key: str) -> Value:
        for f in self.figures:
            if f.key == key:
                return f.value
        raise KeyError(key)

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": {"id": self.unit.pk, "code": self.unit.code, "name": self.unit.name},
            "figures": {
                f.key: f.value.isoformat() if isinstance(f.value, dt.date) else f.value
                for f in self.figures
            },
            "breaches": {b.key: b.count for b in self.breaches},
            "flagged": self.flagged,
            "inspection": None
            if self.inspection is None
            else {
                "state": self.inspection["state"],
                "open_requirements": self.inspection["open_requirements"],
                "last": self.inspection["last"].isoformat() if self.inspection["last"] else None,
            },
        }


@dataclass(frozen=True, slots=True)
class MonthRate:
    month: dt.date  # the first day of the month
    resolved: int
    on_time: int  # early or on time

    @property
    def rate(self) -> float | None:
        return figures.rate(self.on_time, self.resolved)


@dataclass(slots=True)
class CityDashboard:
    city: Agency
    start: dt.date
    end: dt.date
    units: list[UnitRow]
    months: list[MonthRate] = field(default_factory=list)
    letters_by_kind: list[tuple[str, str | Promise, int]] = field(default_factory=list)
    inspections_known: bool = False

    @property
    def ranked(self) -> list[UnitRow]:
        """Units by the on-time rate of their dossiers, best first; units without a resolved
        dossier last."""
        rates = {u.unit.pk: _number(u.value("onestop.on_time_rate")) for u in self.units}
        rated = [u for u in self.units if rates[u.unit.pk] is not None]
        rated.sort(key=lambda u: (-(rates[u.unit.pk] or 0.0), u.unit.name))
        return rated + [u for u in self.units if rates[u.unit.pk] is None]

    @property
    def flagged(self) -> list[UnitRow]:
        return [u for u in self.units if u.flagged]

    def as_dict(self) -> dict[str, Any]:
        return {
            "city": {"id": self.city.pk, "code": self.city.code, "name": self.city.name},
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "units": [u.as_dict() for u in self.units],
            "months": [
                {
                    "month": m.month.isoformat()[:7],
                    "resolved": m.resolved,
                    "on_time": m.on_time,
                    "on_time_rate": m.rate,
                }
                for m in self.months
            ],
            "letters_by_kind": {key: n for key, _label, n in self.letters_by_kind},
            "ranking": [u.unit.pk for u in self.ranked],
        }


def _number(value: Value) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def committee_city(actor: User) -> Agency:
    """The root organisation above the person's steering-committee membership.

    A person who sits on no committee has no city dashboard (not found); a superuser without
    one sees the first city."""
    scope = scope_for(actor)
    paths = sorted(g.path for g in scope.grants if g.role == Role.STEERING_MEMBER)
    city: Agency | None
    if paths:
        city = Agency.objects.filter(path=paths[0].split(".")[0] + ".").first()
    elif scope.is_superuser:
        city = Agency.objects.filter(parent__isnull=True, is_active=True).order_by("path").first()
    else:
        city = None
    if city is None:
        raise NotFound(str(_("You sit on no steering committee.")))
    if not actor.has_perm("reports.view_city", city):
        raise Forbidden()
    return city


def city_organisations(city: Agency) -> list[Agency]:
    """Every active organisation of the city (departments, communes, and any other unit that
    is an organisation of its own), by name; the city itself excluded."""
    return list(
        Agency.objects.filter(path__startswith=city.path, organisation=F("pk"), is_active=True)
        .exclude(pk=city.pk)
        .select_related("organisation")  # figures.sections reads it for every unit
        .order_by("name", "pk")
    )


def _figure(sections: dict[str, Section], section: str, key: str, label: Any) -> Figure:
    found = sections.get(section)
    if found is not None:
        for f in found.figures:
            if f.key == key:
                return Figure(f"{section}.{key}", label, f.value, f.kind)
    kind: Kind = "date" if key.endswith("_on") else "count"
    return Figure(f"{section}.{key}", label, None, kind)


def _count(sections: dict[str, Section], section: str, key: str) -> int:
    found = sections.get(section)
    value = found.get(key) if found is not None else None
    return int(value) if isinstance(value, int | float) else 0


def monthly_on_time(orgs: Sequence[Agency], start: dt.date, end: dt.date) -> list[MonthRate]:
    """Dossiers resolved in each month of the period and how many early or on time, all
    organisations together, in one grouped query (the same definition as the one-stop
    statistics: decided in the period, refusals at intake not counted)."""
    rows = (
        Dossier.objects.filter(agency__in=list(orgs), resolved_on__gte=start, resolved_on__lte=end)
        .exclude(state=State.REFUSED_AT_INTAKE)
        .annotate(month=TruncMonth("resolved_on"))
        .values("month")
        .annotate(
            resolved=Count("id"),
            on_time=Count("id", filter=Q(timeliness__in=[Timeliness.EARLY, Timeliness.ON_TIME])),
        )
        .order_by("month")
    )
    found = {_first_of_month(r["month"]): r for r in rows}
    result: list[MonthRate] = []
    month = start.replace(day=1)
    while month <= end:
        row = found.get(month)
        result.append(MonthRate(month, row["resolved"] if row else 0, row["on_time"] if row else 0))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return result


def _first_of_month(value: dt.date | dt.datetime) -> dt.date:
    day = value.date() if isinstance(value, dt.datetime) else value
    return day.replace(day=1)


def city_dashboard(*, actor: User, start: dt.date, end: dt.date) -> CityDashboard:
    """The dashboard of the city above ``actor``'s steering committee for ``start``–``end``
    (both included). NotFound when the person sits on no committee."""
    city = committee_city(actor)
    orgs = city_organisations(city)
    built = figures.sections(agencies=orgs, start=start, end=end, only=SECTIONS)
    status = inspection_status(orgs)
    units: list[UnitRow] = []
    letters = dict.fromkeys((k for k, _l in LETTER_KINDS), 0)
    for org in orgs:
        by_key = {s.key: s for s in built.get(org.pk, [])}
        units.append(
            UnitRow(
                unit=org,
                figures=[_figure(by_key, s, k, label) for s, k, label in KEY_FIGURES],
                breaches=[
                    Breach(key, label, _count(by_key, s, k)) for key, s, k, label in BREACHES
                ],
                inspection=None if status is None else status.get(org.pk),
            )
        )
        for kind in letters:
            letters[kind] += _count(by_key, "reception", kind)
    return CityDashboard(
        city=city,
        start=start,
        end=end,
        units=units,
        months=monthly_on_time(orgs, start, end),
        letters_by_kind=[(k, label, letters[k]) for k, label in LETTER_KINDS],
        inspections_known=status is not None,
    )
