"""Bar charts drawn on the server as SVG: no script, a few hundred bytes, and the table next to
each chart carries the same numbers for a screen reader (the chart is one labelled image)."""

from __future__ import annotations

from dataclasses import dataclass

from danchu.core.text import vn_number

ROW = 28
LABEL_WIDTH = 250
BAR_WIDTH = 300
COLOURS = ("#1b5e20", "#b71c1c", "#5b6470", "#0b57d0")


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    y: int
    width: int
    colour: str

    @property
    def text_x(self) -> int:
        return LABEL_WIDTH + self.width + 6

    @property
    def text_y(self) -> int:
        return self.y + 13


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    bars: list[Bar]

    @property
    def height(self) -> int:
        return ROW * len(self.bars) + 8

    @property
    def width(self) -> int:
        return LABEL_WIDTH + BAR_WIDTH + 80

    @property
    def label_x(self) -> int:
        return LABEL_WIDTH - 8


def chart(
    id: str, title: str, items: list[tuple[str, float | None]], *, percent: bool = False
) -> Chart:
    """``items``: a label and a value per bar; bars scale to the largest (or to 100%)."""
    top = 100.0 if percent else max((v or 0 for _, v in items), default=0) or 1
    bars = [
        Bar(
            label=label,
            text="—"
            if value is None
            else vn_number(value, 1 if percent else 0) + ("%" if percent else ""),
            y=4 + i * ROW,
            width=round(BAR_WIDTH * (value or 0) / top),
            colour=COLOURS[i % len(COLOURS)] if not percent else COLOURS[0],
        )
        for i, (label, value) in enumerate(items)
    ]
    return Chart(id=id, title=title, bars=bars)
