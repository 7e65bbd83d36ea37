"""The figures of a unit for a period, section by section, as every module computes them.

Each module that keeps records the QCDC report speaks of registers one or more *section
builders* (in its ``AppConfig.ready``). A builder takes a list of organisations and a period
and returns one ``Section`` per organisation, in a number of queries that does not grow with
the number of organisations or of records (aggregates grouped by organisation). The same
builder feeds the module's own statistics page, the unit's self-report, the QCDC report (Word
and Excel), the city dashboard and the API, so a figure has one definition.

A figure is a count, a percentage (0–100, None when its base is zero), a number of days, a
date or a short text. Pages render a figure through ``core/_section.html`` with a
``data-figure="<section>.<key>"`` attribute, which lets tests read figures back from any page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.functional import Promise

from danchu.core.models import Agency
from danchu.core.text import vn_date, vn_number

Kind = Literal["count", "percent", "days", "date", "text"]
Value = int | float | dt.date | str | None


@dataclass(frozen=True, slots=True)
class Figure:
    key: str
    label: str | Promise
    value: Value
    kind: Kind = "count"

    @property
    def shown(self) -> str:
        return show(self.value, self.kind)


@dataclass(slots=True)
class Section:
    key: str
    title: str | Promise
    figures: list[Figure] = field(default_factory=list)

    def add(self, key: str, label: str | Promise, value: Value, kind: Kind = "count") -> None:
        self.figures.append(Figure(key, label, value, kind))

    def __getitem__(self, key: str) -> Value:
        for f in self.figures:
            if f.key == key:
                return f.value
        raise KeyError(f"{self.key}.{key}")

    def get(self, key: str, default: Value = None) -> Value:
        try:
            return self[key]
        except KeyError:
            return default

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: dates as ISO strings."""
        return {
            f.key: f.value.isoformat() if isinstance(f.value, dt.date) else f.value
            for f in self.figures
        }


def rate(part: int | None, whole: int | None) -> float | None:
    """``part`` of ``whole`` in percent, rounded to one decimal; None when ``whole`` is 0."""
    return round(100.0 * (part or 0) / whole, 1) if whole else None


def show(value: Value, kind: Kind = "count") -> str:
    """A figure written the Vietnamese way: 8.472; 98,5%; 21/09/2022; — for none."""
    if value is None or value == "":
        return "—"
    if kind == "percent" and isinstance(value, int | float):
        return f"{vn_number(value, 0 if float(value).is_integer() else 1)}%"
    if kind == "days" and isinstance(value, int | float):
        return vn_number(value, 0 if float(value).is_integer() else 1)
    if isinstance(value, dt.date):
        return vn_date(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return vn_number(value)
    return str(value)


Builder = Callable[[Sequence[Agency], dt.date, dt.date], dict[int, Section]]


@dataclass(frozen=True, slots=True)
class Registered:
    key: str
    order: int
    builder: Builder


_BUILDERS: dict[str, Registered] = {}


def register(key: str, builder: Builder, *, order: int) -> None:
    """Called from an app's ``ready``: ``builder`` makes the section ``key``; ``order`` places
    it in reports (the order of the QCDC report's headings)."""
    _BUILDERS[key] = Registered(key, order, builder)


def registered() -> list[Registered]:
    return sorted(_BUILDERS.values(), key=lambda r: r.order)


def organisation(agency: Agency) -> Agency:
    """The organisation ``agency`` belongs to, without a query when it is its own."""
    if agency.organisation_id is None or agency.organisation_id == agency.pk:
        return agency
    return agency.organisation or agency


def sections(
    *, agencies: Iterable[Agency], start: dt.date, end: dt.date, only: Iterable[str] = ()
) -> dict[int, list[Section]]:
    """Every registered section for each organisation (by its pk), in report order."""
    orgs = list({organisation(a).pk: organisation(a) for a in agencies}.values())
    wanted = set(only)
    result: dict[int, list[Section]] = {o.pk: [] for o in orgs}
    for entry in registered():
        if wanted and entry.key not in wanted:
            continue
        built = entry.builder(orgs, start, end)
        for org in orgs:
            result[org.pk].append(built[org.pk])
    return result


def unit_sections(*, agency: Agency, start: dt.date, end: dt.date) -> list[Section]:
    org = organisation(agency)
    return sections(agencies=[org], start=start, end=end)[org.pk]
