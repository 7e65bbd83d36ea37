"""Bar charts drawn on the server as SVG: no script, a few hundred bytes, readable on a phone
(each label above its bar), and the table next to each chart carries the same numbers for a
screen reader (the chart is one labelled image)."""

from __future__ import annotations

from dataclasses import dataclass

from danchu.core.text import vn_number

ROW = 46
WIDTH = 340
BAR_WIDTH = 250
GREEN, RED, GREY, BLUE, AMBER = "#1b5e20", "#b71c1c", "#5b6470", "#0b57d0", "#8a5a00"


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    y: int
    width: int
    colour: str

    @property
    def label_y(self) -> int:
        return self.y + 14

    @property
    def bar_y(self) -> int:
        return self.y + 20

    @property
    def text_x(self) -> int:
        return self.width + 6

    @property
    def text_y(self) -> int:
        return self.y + 33


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    bars: list[Bar]

    @property
    def height(self) -> int:
        return ROW * len(self.bars) + 4

    @property
    def width(self) -> int:
        return WIDTH


def chart(
    id: str,
    title: str,
    items: list[tuple[str, float | None, str]],
    *,
    percent: bool = False,
) -> Chart:
    """``items``: a label, a value and a colour per bar; bars scale to the largest value (or to
    100 for percentages)."""
    top = 100.0 if percent else max((v or 0 for _, v, _c in items), default=0) or 1
    bars = [
        Bar(
            label=label,
            text="—"
            if value is None
            else vn_number(value, 1 if percent else 0) + ("%" if percent else ""),
            y=i * ROW,
            width=round(BAR_WIDTH * (value or 0) / top),
            colour=colour,
        )
        for i, (label, value, colour) in enumerate(items)
    ]
    return Chart(id=id, title=title, bars=bars)
