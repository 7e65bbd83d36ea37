"""The one-stop figures for a period (section "onestop" of the unit's figures), per organisation
in three queries whatever the number of organisations or dossiers.

The figures are those of the statistics page (``stats.onestop_report``): the same aggregate
expressions over the same dossiers, grouped by agency here, and the same mapping from
``stats.Figures`` to the section (``onestop_section``), so a figure has one definition.

- procedures_published: procedures of the catalogue published as it stands today, whatever the
  period (the model keeps no history of publication);
- procedures_at_desk: published procedures with at least one dossier received at the desk in
  the period (a dossier can only be received there);
- returned: results handed back in the period, also those of dossiers received before it;
  returned_of_received: dossiers received in the period and returned by its end;
- returned_rate: returned_of_received per dossier received in the period (at most 100%);
- on_time_rate: dossiers resolved early or on time per dossier resolved;
- satisfied: ratings given in the period that are "satisfied" or "acceptable" — everything but
  "not satisfied", as Decision 766/QĐ-TTg counts satisfaction (all ratings less the
  dissatisfied ones); satisfied_rate is its share of the ratings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from danchu.core.figures import Section
from danchu.core.models import Agency
from danchu.onestop.stats import (
    Figures,
    _aggregates,
    _catalogue_counts,
    _published,
    _rating_counts,
    _relevant_in,
    onestop_section,
)


def build(orgs: Sequence[Agency], start: dt.date, end: dt.date) -> dict[int, Section]:
    rows = _relevant_in(orgs, start, end)
    by_org: dict[int, Figures] = {}
    for row in rows.values("agency_id").annotate(**_aggregates(start, end)).order_by():
        pk = row.pop("agency_id")
        by_org[pk] = Figures(**row)
    ratings = _rating_counts(rows, start, end, "agency_id")
    catalogue = {
        row.pop("agency_id"): row
        for row in _published(orgs)
        .values("agency_id")
        .annotate(**_catalogue_counts(start, end))
        .order_by()
    }
    result: dict[int, Section] = {}
    for org in orgs:
        figures = by_org.get(org.pk) or Figures()
        figures.ratings = ratings.get(org.pk, {})
        counts = catalogue.get(org.pk, {})
        result[org.pk] = onestop_section(
            procedures_published=counts.get("published", 0),
            procedures_at_desk=counts.get("at_desk", 0),
            figures=figures,
        )
    return result
