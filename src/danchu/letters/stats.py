"""Statistics of reception and letters for a period, by SQL aggregates (one query per table).

Definitions:
- visits: entries of the register in the period, by the session they happened in (a visit
  outside any session counts as regular reception); people received; group visits (more than
  one person); answers due in the period given on time or late, and still awaited;
- letters: received in the period, each counted once — a mixed letter by its parts, a
  duplicate not at all (it is shown apart, linked to the earlier one);
- by channel and kind; eligible, not eligible (anonymous, out of time, already settled),
  not competent, forwarded; accepted (thụ lý) in the period;
- settled on time / late: settled in the period, against the deadline that governed it;
- in progress within time / overdue: open at the end of the period, by its deadline then —
  the deadline as it stands now: an extension or suspension decided after the period's end
  moves a past period's figure (a history of deadlines is not kept yet).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce

from danchu.core.models import Agency
from danchu.letters.models import (
    GROUP_SIZE,
    SETTLED_STATES,
    Channel,
    Eligibility,
    Kind,
    Letter,
    ReceptionSession,
    SessionKind,
    Timeliness,
    Visit,
)


@dataclass
class LetterFigures:
    visits: int = 0
    sessions_by_kind: dict[str, int] = field(default_factory=dict)
    visits_by_session: dict[str, int] = field(default_factory=dict)
    people_received: int = 0
    group_visits: int = 0
    visit_answers_on_time: int = 0
    visit_answers_late: int = 0
    visit_answers_awaited: int = 0
    letters: int = 0
    duplicates: int = 0
    by_channel: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    eligible: int = 0
    not_eligible: int = 0
    not_competent: int = 0
    forwarded: int = 0
    accepted: int = 0
    settled: int = 0
    settled_on_time: int = 0
    settled_late: int = 0
    in_progress_within: int = 0
    in_progress_overdue: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)

    @property
    def settled_rate(self) -> float | None:
        """Letters of the period settled by its end, in percent."""
        return 100.0 * self.settled / self.letters if self.letters else None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["settled_rate"] = self.settled_rate
        return data


@dataclass
class LettersReport:
    agency: Agency
    start: dt.date
    end: dt.date
    figures: LetterFigures


def _counts(
    prefix: str, values: Sequence[str], where: Q, column: str = "channel"
) -> dict[str, Any]:
    return {f"{prefix}{v}": Count("id", filter=where & Q(**{column: v})) for v in values}


def letters_report(*, agency: Agency, start: dt.date, end: dt.date) -> LettersReport:
    """The figures of ``agency``'s organisation for ``start``–``end`` (both included)."""
    org = agency.organisation or agency
    f = LetterFigures()

    visits = Visit.objects.filter(agency=org, received_on__gte=start, received_on__lte=end)
    v = visits.aggregate(
        total=Count("id"),
        people=Coalesce(Sum("people_count"), 0),
        groups=Count("id", filter=Q(people_count__gte=GROUP_SIZE)),
        head=Count("id", filter=Q(session__kind=SessionKind.HEAD)),
        adhoc=Count("id", filter=Q(session__kind=SessionKind.ADHOC)),
        on_time=Count("id", filter=Q(answered_on__lte=F("answer_due_on"))),
        late=Count("id", filter=Q(answered_on__gt=F("answer_due_on"))),
        awaited=Count("id", filter=Q(answered_on__isnull=True)),
    )
    f.visits, f.people_received, f.group_visits = v["total"], v["people"], v["groups"]
    f.visits_by_session = {
        SessionKind.REGULAR: v["total"] - v["head"] - v["adhoc"],
        SessionKind.HEAD: v["head"],
        SessionKind.ADHOC: v["adhoc"],
    }
    f.visit_answers_on_time, f.visit_answers_late = v["on_time"], v["late"]
    held = ReceptionSession.objects.filter(agency=org, held_on__gte=start, held_on__lte=end)
    by_kind = dict(held.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    f.sessions_by_kind = {k: by_kind.get(k, 0) for k in SessionKind.values}
    f.visit_answers_awaited = v["awaited"]

    period = Letter.objects.filter(agency=org, received_on__gte=start, received_on__lte=end)
    f.duplicates = period.filter(eligibility=Eligibility.DUPLICATE).count()
    counted = period.exclude(kind=Kind.MIXED).exclude(eligibility=Eligibility.DUPLICATE)
    not_eligible = (Eligibility.ANONYMOUS, Eligibility.OUT_OF_TIME, Eligibility.SETTLED)
    settled = Q(settled_on__lte=end)
    # Open at the end of the period, and its deadline then had not passed (a suspended
    # letter has none running).
    accepted = Q(accepted_on__lte=end)
    within = ~settled & (
        (accepted & (Q(due_on__gte=end) | Q(due_on__isnull=True)))
        | (~accepted & (Q(handling_due_on__gte=end) | Q(handling_due_on__isnull=True)))
    )
    kinds = [Kind.PETITION, Kind.COMPLAINT, Kind.DENUNCIATION, Kind.UNCLASSIFIED]
    a = counted.aggregate(
        total=Count("id"),
        eligible=Count("id", filter=Q(eligibility=Eligibility.ELIGIBLE)),
        not_eligible=Count("id", filter=Q(eligibility__in=not_eligible)),
        not_competent=Count("id", filter=Q(eligibility=Eligibility.NOT_COMPETENT)),
        forwarded=Count("id", filter=Q(forwarded_on__isnull=False, forwarded_on__lte=end)),
        settled=Count("id", filter=settled),
        on_time=Count("id", filter=settled & Q(timeliness=Timeliness.ON_TIME)),
        late=Count("id", filter=settled & Q(timeliness=Timeliness.LATE)),
        within=Count("id", filter=within),
        **_counts("channel_", Channel.values, Q()),
        **_counts("kind_", kinds, Q(), column="kind"),
        **_counts("outcome_", list(SETTLED_STATES), settled, column="state"),
    )
    f.letters, f.eligible, f.not_eligible = a["total"], a["eligible"], a["not_eligible"]
    f.not_competent, f.forwarded = a["not_competent"], a["forwarded"]
    f.settled, f.settled_on_time, f.settled_late = a["settled"], a["on_time"], a["late"]
    f.in_progress_within = a["within"]
    f.in_progress_overdue = f.letters - f.settled - f.in_progress_within
    f.by_channel = {c: a[f"channel_{c}"] for c in Channel.values}
    f.by_kind = {k: a[f"kind_{k}"] for k in kinds}
    f.outcomes = {s: a[f"outcome_{s}"] for s in SETTLED_STATES}
    f.accepted = (
        Letter.objects.filter(agency=org, accepted_on__gte=start, accepted_on__lte=end)
        .exclude(eligibility=Eligibility.DUPLICATE)
        .count()
    )
    return LettersReport(org, start, end, f)
