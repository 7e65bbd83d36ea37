"""Fixtures of the report tests: fake sections for every fixed key of ``core.figures``, with the
figures a test chooses, registered alone for the test and the real registry restored after."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from danchu.core import figures
from danchu.core.figures import Kind, Section
from danchu.core.models import Agency

# Every fixed section key with its order and figures (key, value, kind), as common figures of a
# busy unit; the one-stop and reception ones are the seed's (Sở TT&TT, 2021–2022).
FIXED: dict[str, tuple[int, list[tuple[str, Any, Kind]]]] = {
    "regulations": (
        10,
        [
            ("in_force", 12, "count"),
            ("issued", 3, "count"),
            ("amended", 2, "count"),
            ("reviewed", 5, "count"),
            ("review_overdue", 0, "count"),
            ("core_kept", 4, "count"),
        ],
    ),
    "publicity": (
        20,
        [
            ("published", 40, "count"),
            ("on_time", 39, "count"),
            ("late", 1, "count"),
            ("on_time_rate", 97.5, "percent"),
            ("info_requests", 2, "count"),
            ("info_requests_on_time", 2, "count"),
        ],
    ),
    "dissemination": (
        30,
        [
            ("disseminations", 6, "count"),
            ("to_confirm", 1200, "count"),
            ("confirmed", 1182, "count"),
            ("confirmed_rate", 98.5, "percent"),
        ],
    ),
    "consultation": (
        40,
        [
            ("held", 4, "count"),
            ("comments", 57, "count"),
            ("accepted", 41, "count"),
            ("accepted_rate", 71.9, "percent"),
            ("summaries_published", 4, "count"),
        ],
    ),
    "conference": (
        50,
        [
            ("held", 2, "count"),
            ("last_held_on", dt.date(2022, 1, 21), "date"),
            ("summoned", 210, "count"),
            ("present", 198, "count"),
            ("attendance_rate", 94.3, "percent"),
            ("decisions_adopted", 9, "count"),
            ("resolutions_published", 2, "count"),
            ("annual_missed", 0, "count"),
            ("reviews_done", 1, "count"),
        ],
    ),
    "dialogue": (
        60,
        [
            ("held", 3, "count"),
            ("questions", 25, "count"),
            ("answered", 25, "count"),
            ("answered_rate", 100.0, "percent"),
            ("commitments", 4, "count"),
        ],
    ),
    "board": (
        70,
        [
            ("members", 5, "count"),
            ("inspections", 3, "count"),
            ("recommendations", 6, "count"),
            ("answered", 6, "count"),
            ("answered_on_time", 5, "count"),
            ("answered_on_time_rate", 83.3, "percent"),
            ("answers_overdue", 0, "count"),
        ],
    ),
    "tasks": (
        80,
        [
            ("assigned", 1250, "count"),
            ("done", 1200, "count"),
            ("done_on_time", 1188, "count"),
            ("done_late", 12, "count"),
            ("on_time_rate", 99.0, "percent"),
            ("open_overdue", 3, "count"),
        ],
    ),
    "onestop": (
        90,
        [
            ("procedures_published", 34, "count"),
            ("procedures_at_desk", 34, "count"),
            ("received", 8472, "count"),
            ("resolved", 8472, "count"),
            ("returned", 8472, "count"),
            ("returned_of_received", 8472, "count"),
            ("returned_rate", 100.0, "percent"),
            ("early", 8100, "count"),
            ("on_time", 372, "count"),
            ("late", 0, "count"),
            ("on_time_rate", 100.0, "percent"),
            ("in_progress_within", 0, "count"),
            ("in_progress_overdue", 0, "count"),
            ("refused", 0, "count"),
            ("ratings", 0, "count"),
            ("satisfied", 0, "count"),
            ("satisfied_rate", None, "percent"),
        ],
    ),
    "reception": (
        100,
        [
            ("visits", 26, "count"),
            ("head_days", 20, "count"),
            ("head_days_due", 20, "count"),
            ("head_days_missed", 0, "count"),
            ("letters", 390, "count"),
            ("petitions", 386, "count"),
            ("complaints", 3, "count"),
            ("denunciations", 1, "count"),
            ("settled", 390, "count"),
            ("settled_rate", 100.0, "percent"),
            ("settled_on_time", 390, "count"),
            ("settled_late", 0, "count"),
            ("in_progress_within", 0, "count"),
            ("in_progress_overdue", 0, "count"),
        ],
    ),
}


def make_section(key: str, **values: Any) -> Section:
    """The fixed section ``key`` with its default figures, ``values`` replacing some."""
    section = Section(key, f"Section {key}")
    for name, value, kind in FIXED[key][1]:
        section.add(name, f"Figure {name}", values.get(name, value), kind)
    return section


class Fakes:
    """The fake sections registered for a test: ``set(key, **figures)`` changes what the
    builders return from then on; ``calls`` counts the calls of each builder."""

    def __init__(self) -> None:
        self.values: dict[str, dict[str, Any]] = {key: {} for key in FIXED}
        self.calls: dict[str, list[tuple[list[int], dt.date, dt.date]]] = {k: [] for k in FIXED}

    def set(self, key: str, **values: Any) -> None:
        self.values[key].update(values)

    def builder(self, key: str) -> figures.Builder:
        def build(orgs: Sequence[Agency], start: dt.date, end: dt.date) -> dict[int, Section]:
            self.calls[key].append(([o.pk for o in orgs], start, end))
            return {o.pk: make_section(key, **self.values[key]) for o in orgs}

        return build


@pytest.fixture
def fake_sections() -> Iterator[Fakes]:
    """Only the fake sections are registered during the test; the real registry is restored."""
    saved = dict(figures._BUILDERS)
    figures._BUILDERS.clear()
    fakes = Fakes()
    for key, (order, _) in FIXED.items():
        figures.register(key, fakes.builder(key), order=order)
    try:
        yield fakes
    finally:
        figures._BUILDERS.clear()
        figures._BUILDERS.update(saved)
