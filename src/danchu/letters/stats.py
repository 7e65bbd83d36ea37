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
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danchu.core.figures import Section, rate
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
    # The months (their first day) in which the head held a reception day in the period.
    head_months: list[dt.date] = field(default_factory=list)

    @property
    def settled_rate(self) -> float | None:
        """Letters of the period settled by its end, in percent."""
        return 100.0 * self.settled / self.letters if self.letters else None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["head_months"]
        data["settled_rate"] = self.settled_rate
        return data


@dataclass
class LettersReport:
    agency: Agency
    start: dt.date
    end: dt.date
    figures: LetterFigures

    @property
    def section(self) -> Section:
        """The "reception" section of the unit's figures, from these figures (no query)."""
        return reception_section(figures=self.figures, start=self.start, end=self.end)


def months_due(start: dt.date, end: dt.date, *, today: dt.date | None = None) -> list[dt.date]:
    """The months (their first day) in which the head had to hold a reception day (Law 42/2013
    Art. 18.2: at least one day a month): the months the period covers whole and that have
    ended before ``today``. A month the period covers only in part is not due — the head may
    have received before the period began or may still do so after it ends — and neither is
    the current month nor a month to come."""
    today = today or timezone.localdate()
    months = []
    month = start.replace(day=1)
    while month <= end:
        following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        last = following - dt.timedelta(days=1)
        if month >= start and last <= end and last < today:
            months.append(month)
        month = following
    return months


def reception_section(*, figures: LetterFigures, start: dt.date, end: dt.date) -> Section:
    """The section of one organisation from its statistics (no query).

    head_days are the head's reception sessions held in the period (whole months or not);
    head_days_due the months due (``months_due``); head_days_missed the due months without
    a head's session. Petitions, complaints and denunciations count a mixed letter by its
    parts, as ``letters`` does."""
    f = figures
    due = months_due(start, end)
    held = set(f.head_months)
    s = Section("reception", _("Citizen reception and letters"))
    s.add("visits", _("Visits received"), f.visits)
    s.add("head_days", _("The head's reception days held"), f.sessions_by_kind[SessionKind.HEAD])
    s.add("head_days_due", _("Months the head had to receive citizens"), len(due))
    s.add(
        "head_days_missed",
        _("Months without the head's reception day"),
        sum(1 for m in due if m not in held),
    )
    s.add("letters", _("Letters received"), f.letters)
    s.add("petitions", _("Petitions and reports"), f.by_kind[Kind.PETITION])
    s.add("complaints", _("Complaints"), f.by_kind[Kind.COMPLAINT])
    s.add("denunciations", _("Denunciations"), f.by_kind[Kind.DENUNCIATION])
    s.add("settled", _("Letters settled"), f.settled)
    s.add("settled_rate", _("Share of letters settled"), rate(f.settled, f.letters), "percent")
    s.add("settled_on_time", _("Settled on time"), f.settled_on_time)
    s.add("settled_late", _("Settled late"), f.settled_late)
    s.add("in_progress_within", _("In progress within the time limit"), f.in_progress_within)
    s.add("in_progress_overdue", _("In progress past the time limit"), f.in_progress_overdue)
    return s


KINDS = [Kind.PETITION, Kind.COMPLAINT, Kind.DENUNCIATION, Kind.UNCLASSIFIED]


def _counts(
    prefix: str, values: Sequence[str], where: Q, column: str = "channel"
) -> dict[str, Any]:
    return {f"{prefix}{v}": Count("id", filter=where & Q(**{column: v})) for v in values}


def letters_report(*, agency: Agency, start: dt.date, end: dt.date) -> LettersReport:
    """The figures of ``agency``'s organisation for ``start``–``end`` (both included)."""
    org = agency.organisation or agency
    return LettersReport(org, start, end, letters_figures([org], start, end)[org.pk])


def letters_figures(
    orgs: Sequence[Agency], start: dt.date, end: dt.date
) -> dict[int, LetterFigures]:
    """The figures of each organisation (by pk) for ``start``–``end``, in five queries whatever
    the number of organisations or records."""
    ids = [o.pk for o in orgs]
    figures = {pk: LetterFigures() for pk in ids}
    for f in figures.values():
        f.visits_by_session = dict.fromkeys(SessionKind.values, 0)

    visits = Visit.objects.filter(agency_id__in=ids, received_on__gte=start, received_on__lte=end)
    for v in (
        visits.values("agency_id")
        .annotate(
            total=Count("id"),
            people=Coalesce(Sum("people_count"), 0),
            groups=Count("id", filter=Q(people_count__gte=GROUP_SIZE)),
            head=Count("id", filter=Q(session__kind=SessionKind.HEAD)),
            adhoc=Count("id", filter=Q(session__kind=SessionKind.ADHOC)),
            on_time=Count("id", filter=Q(answered_on__lte=F("answer_due_on"))),
            late=Count("id", filter=Q(answered_on__gt=F("answer_due_on"))),
            awaited=Count("id", filter=Q(answered_on__isnull=True)),
        )
        .order_by()
    ):
        f = figures[v["agency_id"]]
        f.visits, f.people_received, f.group_visits = v["total"], v["people"], v["groups"]
        f.visits_by_session = {
            SessionKind.REGULAR: v["total"] - v["head"] - v["adhoc"],
            SessionKind.HEAD: v["head"],
            SessionKind.ADHOC: v["adhoc"],
        }
        f.visit_answers_on_time, f.visit_answers_late = v["on_time"], v["late"]
        f.visit_answers_awaited = v["awaited"]

    held = (
        ReceptionSession.objects.filter(agency_id__in=ids, held_on__gte=start, held_on__lte=end)
        .annotate(month=TruncMonth("held_on"))
        .values("agency_id", "kind", "month")
        .annotate(n=Count("id"))
        .order_by()
    )
    for f in figures.values():
        f.sessions_by_kind = dict.fromkeys(SessionKind.values, 0)
    for row in held:
        f = figures[row["agency_id"]]
        f.sessions_by_kind[row["kind"]] += row["n"]
        if row["kind"] == SessionKind.HEAD:
            f.head_months.append(_month(row["month"]))
    for f in figures.values():
        f.head_months.sort()

    period = Letter.objects.filter(agency_id__in=ids, received_on__gte=start, received_on__lte=end)
    duplicates = (
        period.filter(eligibility=Eligibility.DUPLICATE)
        .values("agency_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("agency_id", "n")
    )
    for pk, n in duplicates:
        figures[pk].duplicates = n
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
    rows = {
        a["agency_id"]: a
        for a in counted.values("agency_id")
        .annotate(
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
            **_counts("kind_", KINDS, Q(), column="kind"),
            **_counts("outcome_", list(SETTLED_STATES), settled, column="state"),
        )
        .order_by()
    }
    for pk, f in figures.items():
        a = rows.get(pk)
        if a is None:
            a = defaultdict(int)
        f.letters, f.eligible, f.not_eligible = a["total"], a["eligible"], a["not_eligible"]
        f.not_competent, f.forwarded = a["not_competent"], a["forwarded"]
        f.settled, f.settled_on_time, f.settled_late = a["settled"], a["on_time"], a["late"]
        f.in_progress_within = a["within"]
        f.in_progress_overdue = f.letters - f.settled - f.in_progress_within
        f.by_channel = {c: a[f"channel_{c}"] for c in Channel.values}
        f.by_kind = {k: a[f"kind_{k}"] for k in KINDS}
        f.outcomes = {st: a[f"outcome_{st}"] for st in SETTLED_STATES}

    accepted_in_period = (
        Letter.objects.filter(agency_id__in=ids, accepted_on__gte=start, accepted_on__lte=end)
        .exclude(eligibility=Eligibility.DUPLICATE)
        .values("agency_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("agency_id", "n")
    )
    for pk, n in accepted_in_period:
        figures[pk].accepted = n
    return figures


def _month(value: dt.date | dt.datetime) -> dt.date:
    """The first day of the month ``TruncMonth`` gave (a date, or a datetime on some backends)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.replace(day=1)
