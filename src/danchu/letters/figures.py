"""The reception and letters figures for a period (section "reception" of the unit's figures),
per organisation in five queries whatever the number of organisations or records.

The figures are those of the statistics page: ``stats.letters_figures`` computes them for
many organisations at once (``stats.letters_report`` is its single-unit case) and
``stats.reception_section`` maps them to the section, so a figure has one definition.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from danchu.core.figures import Section
from danchu.core.models import Agency
from danchu.letters.stats import letters_figures, reception_section


def build(orgs: Sequence[Agency], start: dt.date, end: dt.date) -> dict[int, Section]:
    return {
        pk: reception_section(figures=f, start=start, end=end)
        for pk, f in letters_figures(orgs, start, end).items()
    }
