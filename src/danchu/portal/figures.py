"""The public figures of a department and of its city: a view of the one-stop and letters
statistics (``onestop_report``, ``letters_report``) — the same numbers as the internal pages,
never a separate count — in the stable shape of the open data (``SCHEMA``, documented in
``docs/opendata.md``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from danchu.core.models import Agency
from danchu.core.selectors import public_organisation_list
from danchu.letters.stats import letters_report
from danchu.onestop.models import Satisfaction
from danchu.onestop.stats import onestop_report

SCHEMA = "danchu.public-figures/1"
CACHE_SECONDS = 300  # public figures may be five minutes old; pages say when they were made


def _rate(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


@dataclass
class UnitFigures:
    code: str
    name: str
    procedures_published: int = 0
    procedures_online: int = 0
    dossiers_received: int = 0
    dossiers_resolved: int = 0
    dossiers_on_time: int = 0  # resolved early or on time
    dossiers_late: int = 0
    dossiers_in_progress: int = 0
    ratings: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Satisfaction.values, 0))
    visits: int = 0
    people_received: int = 0
    letters_received: int = 0
    letters_settled: int = 0
    letters_settled_on_time: int = 0
    letters_settled_late: int = 0
    letters_in_progress: int = 0

    @property
    def dossiers_on_time_rate(self) -> float | None:
        return _rate(self.dossiers_on_time, self.dossiers_resolved)

    @property
    def ratings_total(self) -> int:
        return sum(self.ratings.values())

    @property
    def satisfied_rate(self) -> float | None:
        return _rate(self.ratings.get(Satisfaction.SATISFIED, 0), self.ratings_total)

    @property
    def letters_settled_rate(self) -> float | None:
        return _rate(self.letters_settled, self.letters_received)

    @property
    def letters_on_time_rate(self) -> float | None:
        return _rate(self.letters_settled_on_time, self.letters_settled)

    def add(self, other: UnitFigures) -> None:
        for f in fields(self):
            if f.name == "ratings":
                for k, v in other.ratings.items():
                    self.ratings[k] = self.ratings.get(k, 0) + v
            elif f.type == "int":
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": {"code": self.code, "name": self.name},
            "procedures": {
                "published": self.procedures_published,
                "online": self.procedures_online,
            },
            "dossiers": {
                "received": self.dossiers_received,
                "resolved": self.dossiers_resolved,
                "on_time": self.dossiers_on_time,
                "late": self.dossiers_late,
                "in_progress": self.dossiers_in_progress,
                "on_time_rate": self.dossiers_on_time_rate,
            },
            "ratings": {**self.ratings, "total": self.ratings_total},
            "reception": {"visits": self.visits, "people": self.people_received},
            "letters": {
                "received": self.letters_received,
                "settled": self.letters_settled,
                "settled_on_time": self.letters_settled_on_time,
                "settled_late": self.letters_settled_late,
                "in_progress": self.letters_in_progress,
                "settled_rate": self.letters_settled_rate,
            },
        }


def _rating(satisfaction: str) -> Callable[[UnitFigures], int]:
    return lambda f: f.ratings.get(satisfaction, 0)


# The open data's CSV columns, in order: a name and how to read it from the figures.
COLUMNS: list[tuple[str, Callable[[UnitFigures], Any]]] = [
    ("unit_code", lambda f: f.code),
    ("unit_name", lambda f: f.name),
    ("procedures_published", lambda f: f.procedures_published),
    ("procedures_online", lambda f: f.procedures_online),
    ("dossiers_received", lambda f: f.dossiers_received),
    ("dossiers_resolved", lambda f: f.dossiers_resolved),
    ("dossiers_on_time", lambda f: f.dossiers_on_time),
    ("dossiers_late", lambda f: f.dossiers_late),
    ("dossiers_in_progress", lambda f: f.dossiers_in_progress),
    ("dossiers_on_time_rate", lambda f: f.dossiers_on_time_rate),
    *[(f"ratings_{s}", _rating(s)) for s in Satisfaction.values],
    ("ratings_total", lambda f: f.ratings_total),
    ("visits", lambda f: f.visits),
    ("people_received", lambda f: f.people_received),
    ("letters_received", lambda f: f.letters_received),
    ("letters_settled", lambda f: f.letters_settled),
    ("letters_settled_on_time", lambda f: f.letters_settled_on_time),
    ("letters_settled_late", lambda f: f.letters_settled_late),
    ("letters_in_progress", lambda f: f.letters_in_progress),
    ("letters_settled_rate", lambda f: f.letters_settled_rate),
]


MEANINGS = {
    "start": _("First day of the period (ISO date)"),
    "end": _("Last day of the period (ISO date)"),
    "unit_code": _("Code of the department (or of the city, on the total row)"),
    "unit_name": _("Name of the department"),
    "procedures_published": _("Administrative procedures published in the catalogue (today)"),
    "procedures_online": _("of which offered online"),
    "dossiers_received": _("Dossiers received in the period (refusals at intake not counted)"),
    "dossiers_resolved": _("Dossiers resolved in the period"),
    "dossiers_on_time": _("of which resolved early or on time"),
    "dossiers_late": _("of which resolved late"),
    "dossiers_in_progress": _("Dossiers still in progress on the last day"),
    "dossiers_on_time_rate": _("dossiers_on_time / dossiers_resolved, in percent"),
    "ratings_satisfied": _("Ratings: satisfied"),
    "ratings_acceptable": _("Ratings: acceptable"),
    "ratings_unsatisfied": _("Ratings: not satisfied"),
    "ratings_total": _("Ratings given in the period"),
    "visits": _("Citizen visits received"),
    "people_received": _("People received at those visits"),
    "letters_received": _("Letters received (duplicates not counted, a mixed letter by its parts)"),
    "letters_settled": _("of which settled by the last day"),
    "letters_settled_on_time": _("settled within the legal time"),
    "letters_settled_late": _("settled after the legal time"),
    "letters_in_progress": _("Letters still in progress on the last day"),
    "letters_settled_rate": _("letters_settled / letters_received, in percent"),
}


def _compute(agency: Agency, start: dt.date, end: dt.date) -> UnitFigures:
    report = onestop_report(agency=agency, start=start, end=end)
    desk = report.total
    letters = letters_report(agency=agency, start=start, end=end).figures
    return UnitFigures(
        code=agency.code,
        name=agency.name,
        procedures_published=report.procedures_published,
        procedures_online=report.procedures_online,
        dossiers_received=desk.received,
        dossiers_resolved=desk.resolved,
        dossiers_on_time=desk.early + desk.on_time,
        dossiers_late=desk.late,
        dossiers_in_progress=desk.in_progress_within + desk.in_progress_overdue,
        ratings={s: desk.ratings.get(s, 0) for s in Satisfaction.values},
        visits=letters.visits,
        people_received=letters.people_received,
        letters_received=letters.letters,
        letters_settled=letters.settled,
        letters_settled_on_time=letters.settled_on_time,
        letters_settled_late=letters.settled_late,
        letters_in_progress=letters.in_progress_within + letters.in_progress_overdue,
    )


def unit_figures(agency: Agency, start: dt.date, end: dt.date) -> UnitFigures:
    """One department's figures for ``start``–``end`` (both included), cached briefly."""
    key = f"portal-figures:{agency.pk}:{start.isoformat()}:{end.isoformat()}"
    found = cache.get(key)
    if found is None:
        found = _compute(agency, start, end)
        cache.set(key, found, CACHE_SECONDS)
    return found


@dataclass
class CityFigures:
    code: str
    name: str
    total: UnitFigures
    units: list[UnitFigures]


def city_figures(city: Agency, start: dt.date, end: dt.date) -> CityFigures:
    """Each department of the city, and their sum (rates are computed from the sums)."""
    units = [
        unit_figures(a, start, end)
        for a in public_organisation_list().filter(path__startswith=city.path)
    ]
    total = UnitFigures(code=city.code, name=city.name)
    for u in units:
        total.add(u)
    return CityFigures(code=city.code, name=city.name, total=total, units=units)
