"""Reads of reception and letters, scoped to the acting person. None of these returns identity
data of a protected letter or visit: that only ever comes out of ``services.vault_open``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from danchu.core.errors import Forbidden, NotFound
from danchu.core.models import Agency, User
from danchu.core.scope import scope_for
from danchu.core.text import fold
from danchu.letters.models import (
    OPEN_STATES,
    Kind,
    Letter,
    LetterFile,
    ReceptionSession,
    SessionKind,
    State,
    VaultOpening,
    Visit,
)

# List filters: name → condition on a day.
FILTERS = ("open", "overdue", "settled", "mine")


def _words(query: str) -> list[str]:
    return [w for w in fold(query).split() if w]


def overdue_q(day: dt.date) -> Q:
    """Open and past its current deadline: the resolution date once accepted, else the first
    handling date (a suspended letter has no running deadline)."""
    return Q(state__in=OPEN_STATES) & (
        Q(accepted_on__isnull=False, due_on__lt=day)
        | Q(accepted_on__isnull=True, handling_due_on__lt=day)
    )


def open_counts(letters: QuerySet[Letter], day: dt.date) -> dict[int, tuple[int, int]]:
    """Open and overdue letters of each organisation among ``letters``, in one grouped query:
    the overview of a unit, or of every unit of a city."""
    rows = (
        letters.order_by()
        .values("agency_id")
        .annotate(
            open=Count("id", filter=Q(state__in=OPEN_STATES)),
            overdue=Count("id", filter=overdue_q(day)),
        )
    )
    return {r["agency_id"]: (r["open"], r["overdue"]) for r in rows}


def letter_list(
    *,
    actor: User,
    agency: Agency,
    query: str = "",
    status: str = "",
    kind: str = "",
    on: dt.date | None = None,
) -> QuerySet[Letter]:
    """The letters of ``agency``'s organisation the person may see: all of them for the
    leaders, the reception officers, the inspection board and the steering committee; their
    own cases for a handling officer or leader; nothing for anyone else."""
    org = agency.organisation or agency
    scope = scope_for(actor)
    if not scope.can_read_path(org.path):
        raise NotFound()
    qs = Letter.objects.filter(agency=org)
    if not actor.has_perm("letters.view", org):
        qs = qs.filter(Q(handler=actor) | Q(leader=actor))
    day = on or timezone.localdate()
    if status == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif status == "overdue":
        qs = qs.filter(overdue_q(day))
    elif status == "settled":
        qs = qs.exclude(state__in=OPEN_STATES).exclude(state=State.SPLIT)
    elif status == "mine":
        qs = qs.filter(Q(handler=actor) | Q(leader=actor))
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    for word in _words(query):
        qs = qs.filter(search_text__contains=word)
    return qs.select_related("handler").order_by("-received_on", "-id")


def letter_get(*, actor: User, pk: int) -> Letter:
    letter = (
        Letter.objects.select_related(
            "agency", "handler", "leader", "visit", "parent", "duplicate_of"
        )
        .filter(pk=pk)
        .first()
    )
    if letter is None or not scope_for(actor).can_read_path(letter.agency.path):
        raise NotFound()
    if not actor.has_perm("letters.view_letter", letter):
        raise Forbidden()
    return letter


def letter_file_get(*, actor: User, pk: int) -> LetterFile:
    """A scan or attachment, to those who may read its letter."""
    stored = LetterFile.objects.filter(pk=pk).first()
    if stored is None:
        raise NotFound()
    letter_get(actor=actor, pk=stored.letter_id)
    return stored


def _org_readable(actor: User, agency: Agency, perm: str) -> Agency:
    org = agency.organisation or agency
    if not scope_for(actor).can_read_path(org.path):
        raise NotFound()
    if not actor.has_perm(perm, org):
        raise Forbidden()
    return org


def visit_list(*, actor: User, agency: Agency, query: str = "") -> QuerySet[Visit]:
    org = _org_readable(actor, agency, "letters.view")
    qs = Visit.objects.filter(agency=org)
    for word in _words(query):
        qs = qs.filter(search_text__contains=word)
    return qs.select_related("received_by", "session").order_by("-received_on", "-id")


def visit_get(*, actor: User, pk: int) -> Visit:
    visit = Visit.objects.select_related("agency", "received_by", "session").filter(pk=pk).first()
    if visit is None or not scope_for(actor).can_read_path(visit.agency.path):
        raise NotFound()
    if not actor.has_perm("letters.view", visit.agency):
        raise Forbidden()
    return visit


def session_list(*, actor: User, agency: Agency) -> QuerySet[ReceptionSession]:
    org = _org_readable(actor, agency, "letters.view")
    return (
        ReceptionSession.objects.filter(agency=org)
        .select_related("host")
        .annotate(visit_count=Count("visits"))
        .order_by("-held_on", "-id")
    )


def opening_list(*, actor: User, agency: Agency) -> QuerySet[VaultOpening]:
    """Every opening of a protected identity, for the head and the inspection board."""
    org = _org_readable(actor, agency, "letters.view_openings")
    return (
        VaultOpening.objects.filter(letter__agency=org)
        .select_related("letter", "person")
        .order_by("-opened_at", "-id")
    )


@dataclass(frozen=True)
class ReceptionMonth:
    month: dt.date
    head_days: int
    breach: bool  # a finished month without the head's reception day


def head_reception_months(
    *, actor: User, agency: Agency, year: int, on: dt.date | None = None
) -> list[ReceptionMonth]:
    """The head's reception days per month of ``year`` (Law 42/2013 Art. 18.2: at least one
    a month); a month that has ended without one is a breach."""
    org = _org_readable(actor, agency, "letters.view_stats")
    day = on or timezone.localdate()
    counts: dict[int, int] = {}
    rows = ReceptionSession.objects.filter(
        agency=org, kind=SessionKind.HEAD, held_on__year=year
    ).values_list("held_on", flat=True)
    for held in rows:
        counts[held.month] = counts.get(held.month, 0) + 1
    months = []
    for m in range(1, 13):
        first = dt.date(year, m, 1)
        if first > day:
            break
        ended = (dt.date(year + 1, 1, 1) if m == 12 else dt.date(year, m + 1, 1)) <= day
        months.append(ReceptionMonth(first, counts.get(m, 0), ended and not counts.get(m)))
    return months


def people_of(*, actor: User, agency: Agency) -> QuerySet[User]:
    """Who can be named handler, leader or designee: the organisation's active people."""
    from danchu.core.selectors import person_list

    return person_list(actor=actor, agency=agency.organisation or agency)


def earlier_letters(*, actor: User, letter: Letter) -> QuerySet[Letter]:
    return (
        letter_list(actor=actor, agency=letter.agency)
        .exclude(pk=letter.pk)
        .filter(received_on__lte=letter.received_on)
    )


def published_conclusions(agency: Agency) -> QuerySet[Letter]:
    """Denunciations whose conclusion the organisation published (Law 25/2018 Art. 40), for
    the public: only the outcome is shown of them, never the letter or its signatories."""
    return Letter.objects.filter(
        agency=agency, kind=Kind.DENUNCIATION, published_on__isnull=False
    ).order_by("-published_on", "-id")
