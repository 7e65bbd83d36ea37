"""The figures of the staff conference (section "conference") and of the dialogues (section
"dialogue") for a period, per organisation, in a number of queries that does not grow with
the number of organisations or of records.

The conference:

- ``held``: conferences held with their date in the period. Held means opened with its
  quorum (in session) or closed — a conference closes only from its session or from written
  opinion slips, so a second convocation concluded by slips counts once closed; a first
  convocation that lacked its quorum does not (its second convocation is its own record).
  Annual and extraordinary conferences alike.
- ``last_held_on``: the date of the last of them; ``summoned``, ``present`` and
  ``attendance_rate``: that conference's roll and check-ins at its opening (the quorum as
  checked then), present of summoned.
- ``decisions_adopted``: polls closed as adopted in the conferences held in the period —
  motions, the board's election (a runoff counts, not the round that needed it) and the
  resolution.
- ``resolutions_published``: resolutions whose publication to staff is dated in the period.
- ``annual_missed``: work years whose legal deadline for the annual conference (the clock
  rule ``conference.annual`` in force when the work year ends and the unit's calendar, as
  ``services.annual_deadline`` computes it) fell in the period and had passed, with no annual
  conference of that work year held by it. A unit of 7 staff or fewer on the deadline is not
  obliged (Law 10/2022 Art. 49) and counts 0, as on the home page.
- ``reviews_done``: reviews of a resolution recorded (held) in the period.

The dialogues:

- ``held``: dialogues held (minutes written) with their date in the period.
- ``questions``: the questions put to the head in them, before or in the session.
- ``answered``: those answered by the period's end (in the session or afterwards);
  ``answered_rate`` of the questions.
- ``commitments``: the tasks given from those dialogues as commitments, not cancelled.

Queries: the conference takes six (the conferences held, the polls adopted, the resolutions
published, the reviews, the clock rules and the units' calendars) and two more when an annual
deadline fell in the period (the annual conferences held, the staff on the deadlines); the
dialogues take two. ``annual_deadlines`` computes the deadlines of many units at once with
the same rule choice and calendar as ``services.annual_deadline`` (a test holds them equal),
since calling that function per unit would cost two queries per unit and year.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from danchu.conference.models import (
    Conference,
    ConferenceKind,
    ConferenceState,
    Dialogue,
    DialogueState,
    Poll,
    PollState,
    Resolution,
    ResolutionReview,
)
from danchu.core.figures import Section, rate
from danchu.core.models import Agency, Membership
from danchu.core.selectors import clock_deadlines

HELD = (ConferenceState.OPEN, ConferenceState.CLOSED)
ANNUAL_RULE = "conference.annual"


def _ids(orgs: Sequence[Agency]) -> list[int]:
    return [o.pk for o in orgs]


# --- the annual deadline, for many units at once ------------------------------------------------


def annual_deadlines(
    orgs: Sequence[Agency], years: Sequence[int]
) -> dict[tuple[int, int], dt.date]:
    """(organisation pk, work year) → the deadline ``services.annual_deadline`` gives (the rule
    in force when the work year ends, on the unit's calendar), in two queries for all of them.
    A year with no rule in force has no deadline (left out)."""
    starts = [(org, dt.date(year, 12, 31)) for org in orgs for year in years]
    found = clock_deadlines(code=ANNUAL_RULE, starts=starts)
    return {(pk, on.year): due for (pk, on), due in found.items()}


def _missed(orgs: Sequence[Agency], start: dt.date, end: dt.date) -> dict[int, int]:
    """Work years missed per organisation: two queries for the deadlines, and two more (the
    annual conferences held, the staff on the deadlines) when a deadline fell in the period —
    the number depends on the period, never on the number of organisations or records."""
    from danchu.conference.services import SMALL_UNIT, today

    day = today()
    # Deadlines run a few months past the work year: look back far enough for any rule.
    deadlines = annual_deadlines(orgs, range(start.year - 3, end.year + 1))
    due = {key: d for key, d in deadlines.items() if start <= d <= end and d < day}
    missed: dict[int, int] = defaultdict(int)
    if not due:
        return missed
    by_pk = {o.pk: o for o in orgs}
    owing = sorted({pk for pk, _y in due})
    held = Conference.objects.filter(
        agency_id__in=owing,
        kind=ConferenceKind.ANNUAL,
        state__in=HELD,
        year__in=sorted({y for _o, y in due}),
    ).values_list("agency_id", "year", "held_on")
    unmet = dict(due)
    for org_id, year, held_on in held:
        if (org_id, year) in unmet and held_on <= unmet[(org_id, year)]:
            del unmet[(org_id, year)]
    # Who worked in each unit on its deadlines (as ``services.staff`` counts them), one query.
    within = Q()
    for pk in owing:
        within |= Q(agency__path__startswith=by_pk[pk].path)
    rows = list(
        Membership.objects.filter(within, person__is_active=True, start__lte=max(due.values()))
        .filter(Q(end__isnull=True) | Q(end__gte=min(due.values())))
        .values_list("person_id", "agency__path", "start", "end")
    )
    for (org_id, _year), deadline in unmet.items():
        path = by_pk[org_id].path
        staff = {
            person
            for person, unit, begun, ended in rows
            if unit.startswith(path) and begun <= deadline and (ended is None or ended >= deadline)
        }
        if len(staff) > SMALL_UNIT:  # Art. 49: not obliged at 7 staff or fewer
            missed[org_id] += 1
    return missed


# --- the sections -------------------------------------------------------------------------------


def build_conference(orgs: Sequence[Agency], start: dt.date, end: dt.date) -> dict[int, Section]:
    ids = _ids(orgs)
    in_period = Q(held_on__range=(start, end))
    held_rows = (
        Conference.objects.filter(in_period, agency_id__in=ids, state__in=HELD)
        .order_by("agency_id", "-held_on", "-pk")
        .values_list("agency_id", "held_on", "summoned_at_open", "present_at_open")
    )
    held: dict[int, int] = defaultdict(int)
    last: dict[int, tuple[dt.date, int | None, int | None]] = {}
    for org_id, held_on, summoned, present in held_rows:
        held[org_id] += 1
        last.setdefault(org_id, (held_on, summoned, present))
    adopted = dict(
        Poll.objects.filter(
            conference__agency_id__in=ids,
            conference__state__in=HELD,
            conference__held_on__range=(start, end),
            state=PollState.CLOSED,
            adopted=True,
        )
        .values("conference__agency_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("conference__agency_id", "n")
    )
    published = dict(
        Resolution.objects.filter(
            conference__agency_id__in=ids, publication__published_on__range=(start, end)
        )
        .values("conference__agency_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("conference__agency_id", "n")
    )
    reviews = dict(
        ResolutionReview.objects.filter(
            resolution__conference__agency_id__in=ids, held_on__range=(start, end)
        )
        .values("resolution__conference__agency_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("resolution__conference__agency_id", "n")
    )
    missed = _missed(orgs, start, end)
    result: dict[int, Section] = {}
    for org in orgs:
        last_on, summoned, present = last.get(org.pk, (None, None, None))
        section = Section("conference", _("Staff conference"))
        section.add("held", _("Conferences held"), held.get(org.pk, 0))
        section.add("last_held_on", _("Date of the last conference"), last_on, "date")
        section.add("summoned", _("Summoned to the last conference"), summoned)
        section.add("present", _("Present at its opening"), present)
        section.add(
            "attendance_rate",
            _("Attendance (present of summoned)"),
            rate(present, summoned),
            "percent",
        )
        section.add("decisions_adopted", _("Decisions adopted"), adopted.get(org.pk, 0))
        section.add(
            "resolutions_published", _("Resolutions published to staff"), published.get(org.pk, 0)
        )
        section.add(
            "annual_missed",
            _("Annual conferences not held by their legal deadline"),
            missed.get(org.pk, 0),
        )
        section.add("reviews_done", _("Reviews of the resolution held"), reviews.get(org.pk, 0))
        result[org.pk] = section
    return result


def build_dialogue(orgs: Sequence[Agency], start: dt.date, end: dt.date) -> dict[int, Section]:
    # Tasks are the tasks module's records; a dialogue's commitments are found by their source.
    from danchu.tasks.models import SourceKind, Task, TaskState

    held = Dialogue.objects.filter(
        agency_id__in=_ids(orgs), state=DialogueState.HELD, held_on__range=(start, end)
    )
    rows = (
        held.values("agency_id")
        .annotate(
            n_held=Count("pk", distinct=True),
            n_questions=Count("questions", distinct=True),
            n_answered=Count(
                "questions",
                filter=Q(questions__answered_on__isnull=False, questions__answered_on__lte=end),
                distinct=True,
            ),
        )
        .order_by()
    )
    by_org = {r["agency_id"]: r for r in rows}
    commitments = dict(
        Task.objects.filter(source_kind=SourceKind.DIALOGUE, source_id__in=held.values("pk"))
        .exclude(state=TaskState.CANCELLED)
        .values("agency_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("agency_id", "n")
    )
    result: dict[int, Section] = {}
    for org in orgs:
        row = by_org.get(org.pk, {})
        questions, answered = row.get("n_questions", 0), row.get("n_answered", 0)
        section = Section("dialogue", _("Dialogues with staff"))
        section.add("held", _("Dialogues held"), row.get("n_held", 0))
        section.add("questions", _("Questions asked"), questions)
        section.add("answered", _("Questions answered"), answered)
        section.add("answered_rate", _("Share answered"), rate(answered, questions), "percent")
        section.add("commitments", _("Commitments made (tasks)"), commitments.get(org.pk, 0))
        result[org.pk] = section
    return result
