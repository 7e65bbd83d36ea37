"""The board's figures for a period (section "board" of the unit's figures), per organisation
in four queries whatever the number of organisations or records.

An inspection counts in the period its notice was sent in; a recommendation in the period the
head received it; it is answered when the head's answer is recorded by the period's end, on
time when that answer came by the deadline the model keeps (fixed from the rule in force on
the day it was received). The members are the seats sitting at the period's end in the term
running then (the term ``services.current_term`` would give on that day); the answers overdue
are the recommendations, received by the period's end, still unanswered then and past their
deadline — so a recommendation answered after the period is overdue here, never answered.

The board's own report (``selectors.report_records`` and ``documents.report_context``) counts
the inspections and recommendations the same way, but counts as answered every answer
recorded when it is written, also those given after the period: the two differ only by such
late answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from danchu.core.figures import Section, rate
from danchu.core.models import Agency
from danchu.oversight.models import BoardSeat, BoardTerm, Inspection, Recommendation


def _by_org(rows: Iterable[dict[str, Any]], key: str = "agency_id") -> dict[int, dict[str, Any]]:
    return {r[key]: r for r in rows}


def build(orgs: Sequence[Agency], start: dt.date, end: dt.date) -> dict[int, Section]:
    ids = [o.pk for o in orgs]
    running = (
        BoardTerm.objects.filter(agency=OuterRef("term__agency"), starts_on__lte=end)
        .filter(ends_on__gte=end)
        .order_by("-starts_on", "-pk")
        .values("pk")[:1]
    )
    seats = _by_org(
        BoardSeat.objects.filter(term__agency_id__in=ids, start__lte=end)
        .exclude(end__lt=end)
        .filter(term_id=Subquery(running))
        .values("term__agency_id")
        .annotate(n=Count("pk"))
        .order_by(),
        "term__agency_id",
    )
    inspections = _by_org(
        Inspection.objects.filter(agency_id__in=ids, notified_on__range=(start, end))
        .values("agency_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    answered = Q(answered_on__isnull=False, answered_on__lte=end)
    made = _by_org(
        Recommendation.objects.filter(agency_id__in=ids, received_on__range=(start, end))
        .values("agency_id")
        .annotate(
            n=Count("pk"),
            answered=Count("pk", filter=answered),
            in_time=Count("pk", filter=answered & Q(answered_on__lte=F("due_on"))),
        )
        .order_by()
    )
    overdue = _by_org(
        Recommendation.objects.filter(agency_id__in=ids, received_on__lte=end, due_on__lt=end)
        .filter(Q(answered_on__isnull=True) | Q(answered_on__gt=end))
        .values("agency_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    result: dict[int, Section] = {}
    for org in orgs:
        row = made.get(org.pk, {})
        n, done, on_time = row.get("n", 0), row.get("answered", 0), row.get("in_time", 0)
        section = Section("board", _("People's Inspection Board"))
        section.add("members", _("Board members"), seats.get(org.pk, {}).get("n", 0))
        section.add(
            "inspections", _("Inspections by the board"), inspections.get(org.pk, {}).get("n", 0)
        )
        section.add("recommendations", _("Recommendations to the head"), n)
        section.add("answered", _("Recommendations answered by the head"), done)
        section.add("answered_on_time", _("Answered within the legal time"), on_time)
        # Of the answers given, the share given in time.
        section.add(
            "answered_on_time_rate", _("Share answered on time"), rate(on_time, done), "percent"
        )
        section.add(
            "answers_overdue",
            _("Answers overdue at the end of the period"),
            overdue.get(org.pk, {}).get("n", 0),
        )
        result[org.pk] = section
    return result
