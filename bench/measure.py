"""Measuring: a figure is the median of several runs after a warm-up, with its min and max, and
is always read against a baseline measured in the same process, on the same data.

A :class:`Line` of the table holds both samples and the ratio between them; the goal says which
way the ratio must go (a time: at most ``goal`` × the baseline; a throughput: at least ``goal``
× the baseline).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sample:
    """Seconds per call (``unit="ms"``) or calls per second (``unit="/s"``)."""

    median: float
    low: float
    high: float
    unit: str = "ms"

    def show(self) -> str:
        if self.unit == "ms":
            return f"{self.median * 1e3:,.2f} ms [{self.low * 1e3:,.2f}–{self.high * 1e3:,.2f}]"
        return f"{self.median:,.0f} /s [{self.low:,.0f}–{self.high:,.0f}]"


def timed(fn: Callable[[], object], *, repeat: int = 7, warmup: int = 1) -> Sample:
    """Seconds per call of ``fn``: the median of ``repeat`` calls after ``warmup`` calls."""
    for _ in range(warmup):
        fn()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return Sample(statistics.median(runs), min(runs), max(runs))


def rates(values: list[float]) -> Sample:
    """Throughputs (calls per second) of several runs."""
    return Sample(statistics.median(values), min(values), max(values), unit="/s")


@dataclass
class Line:
    group: str
    name: str
    sample: Sample
    baseline_name: str
    baseline: Sample
    goal: float | None = None  # None: shown, not judged
    notes: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        if self.sample.unit == "ms":
            return self.sample.median / self.baseline.median
        return self.sample.median / self.baseline.median

    @property
    def met(self) -> bool | None:
        if self.goal is None:
            return None
        if self.sample.unit == "ms":
            return self.ratio <= self.goal
        return self.ratio >= self.goal

    def goal_text(self) -> str:
        if self.goal is None:
            return ""
        sign = "≤" if self.sample.unit == "ms" else "≥"
        return f"{sign} {self.goal:.2f}".rstrip("0").rstrip(".") + "×"


def table(lines: list[Line], *, markdown: bool = False) -> str:
    """The table: each figure, its baseline from the same run, the ratio and the goal."""
    head = ("group", "figure", "value", "baseline", "baseline value", "ratio", "goal", "met")
    rows = [
        (
            line.group,
            line.name,
            line.sample.show(),
            line.baseline_name,
            line.baseline.show(),
            f"{line.ratio:.2f}×",
            line.goal_text(),
            {None: "", True: "yes", False: "NO"}[line.met],
        )
        for line in lines
    ]
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
        return "\n".join(out)
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [fmt.format(*head), fmt.format(*("-" * w for w in widths))]
    out += [fmt.format(*row) for row in rows]
    for line in lines:
        out += [f"  note ({line.name}): {note}" for note in line.notes]
    return "\n".join(out)
