"""Reads of the one-stop desk, scoped to the acting person."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danchu.core.errors import DomainError, Forbidden, NotFound
from danchu.core.models import Agency, Role, User
from danchu.core.scope import scope_for
from danchu.core.selectors import agency_calendar
from danchu.core.text import fold
from danchu.onestop.models import (
    AWAITING_RETURN,
    OPEN_STATES,
    Dossier,
    Procedure,
    ProcedureForm,
    ProcedureStep,
    Rating,
    Slip,
    SlipKind,
)
from danchu.onestop.rules import CASE_READERS

CASE_ROLES = {*CASE_READERS, Role.STEERING_MEMBER}
QUEUE_STATES = (*OPEN_STATES, *AWAITING_RETURN)
DIGITS = re.compile(r"\d{4}")


def procedure_list(
    *,
    actor: User | None,
    agency: Agency,
    published_only: bool = False,
    query: str = "",
    field: str = "",
    level: str = "",
) -> QuerySet[Procedure]:
    """The unit's catalogue; ``actor=None`` is the public (published procedures only). The
    query matches every word in the code, name or field, with or without diacritics."""
    if actor is not None and not scope_for(actor).can_read_path(agency.path):
        raise NotFound(_("Unit not found."))
    qs = Procedure.objects.filter(agency=agency, current__isnull=False).select_related("current")
    if published_only or actor is None:
        qs = qs.filter(is_published=True)
    for word in fold(query).split():
        qs = qs.filter(current__search_text__contains=word)
    if field:
        qs = qs.filter(current__field=field)
    if level:
        qs = qs.filter(current__level=level)
    return qs.order_by("current__field", "code")


def public_fields(agency: Agency) -> list[str]:
    """The fields of the agency's published catalogue, for the public filter."""
    return list(
        Procedure.objects.filter(agency=agency, is_published=True, current__isnull=False)
        .order_by("current__field")
        .values_list("current__field", flat=True)
        .distinct()
    )


def public_procedure_forms(procedure: Procedure) -> QuerySet[ProcedureForm]:
    """The forms citizens download with a published procedure (none for another one)."""
    if not procedure.is_published:
        return ProcedureForm.objects.none()
    return ProcedureForm.objects.filter(procedure=procedure)


def procedure_get(*, actor: User | None, agency: Agency, pk: int) -> Procedure:
    found = (
        procedure_list(actor=actor, agency=agency)
        .prefetch_related("current__documents", "current__steps")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound(_("Procedure not found."))
    return found


def dossier_scope_q(actor: User) -> Q:
    """Dossiers of the organisations where the person holds a role that reads cases."""
    scope = scope_for(actor)
    if scope.is_superuser:
        return Q()
    q = Q(pk__in=[])
    for grant in scope.grants:
        if grant.role == Role.STEERING_MEMBER:
            q |= Q(agency__path__startswith=grant.org_path.split(".")[0] + ".")
        elif grant.role in CASE_READERS:
            q |= Q(agency__path__startswith=grant.org_path)
    return q


def dossier_list(*, actor: User, agency: Agency | None = None) -> QuerySet[Dossier]:
    qs = Dossier.objects.filter(dossier_scope_q(actor)).select_related(
        "agency", "version", "assignee", "division"
    )
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs


def dossier_get(*, actor: User, pk: int) -> Dossier:
    """The dossier: 404 outside the person's organisations, 403 inside them without a role
    that reads cases (applicants' personal data are not for every member of staff)."""
    found = (
        Dossier.objects.filter(scope_for(actor).read_q("agency__"))
        .select_related("agency", "version", "assignee", "division")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound(_("Dossier not found."))
    if not actor.has_perm("onestop.view_dossier", found):
        raise Forbidden()
    return found


class Urgency:
    OVERDUE = "overdue"
    TODAY = "today"
    SOON = "soon"
    ON_TRACK = "on_track"
    PAUSED = "paused"
    READY = "ready"


URGENCY_LABELS = {
    Urgency.OVERDUE: gettext_lazy("overdue"),
    Urgency.TODAY: gettext_lazy("due today"),
    Urgency.SOON: gettext_lazy("due within 2 working days"),
    Urgency.ON_TRACK: gettext_lazy("on track"),
    Urgency.PAUSED: gettext_lazy("clock stopped"),
    Urgency.READY: gettext_lazy("result ready to return"),
}


def _queue_rows(
    *, actor: User, agency: Agency, mine_only: bool
) -> tuple[QuerySet[Dossier], dt.date, dt.date]:
    """The open dossiers and results waiting at the desk that ``actor`` works on in ``agency``
    (an officer's own; a division head's division; the leaders' and the desk's whole unit),
    with today and the end of "soon"."""
    scope = scope_for(actor)
    if not scope.can_read_path(agency.path):
        raise NotFound(_("Unit not found."))
    today = timezone.localdate()
    soon = agency_calendar(agency).add_working_days(today, 2)
    roles = scope.roles_in_organisation(agency)
    # No state here: each caller says which (the queue's groups each name theirs, so that the
    # planner sees one state condition, that of the group's index).
    qs = Dossier.objects.filter(agency=agency)
    whole_unit = scope.is_superuser or bool(
        roles & {Role.HEAD, Role.DEPUTY_HEAD, Role.ONESTOP_OFFICER, Role.SYSADMIN}
    )
    if mine_only or not whole_unit:
        q = Q(assignee=actor)
        if not mine_only:
            for grant in scope.grants:
                if grant.role == Role.DIVISION_HEAD:
                    q |= Q(division__path__startswith=grant.path)
        qs = qs.filter(q)
    return qs, today, soon


def work_queue(
    *, actor: User, agency: Agency, today: dt.date | None = None, mine_only: bool = False
) -> QuerySet[Dossier]:
    """Open dossiers by urgency: an officer's own; a division head's division; the leaders' and
    the desk's whole unit. One query, ordered by urgency then due date."""
    qs, now, soon = _queue_rows(actor=actor, agency=agency, mine_only=mine_only)
    # Results waiting at the desk to be returned are work too.
    qs = qs.filter(state__in=QUEUE_STATES)
    today = today or now
    if today != now:
        soon = agency_calendar(agency).add_working_days(today, 2)
    return (
        qs.annotate(
            urgency=Case(
                When(state__in=AWAITING_RETURN, then=Value(Urgency.READY)),
                When(due_on__isnull=True, then=Value(Urgency.PAUSED)),
                When(due_on__lt=today, then=Value(Urgency.OVERDUE)),
                When(due_on=today, then=Value(Urgency.TODAY)),
                When(due_on__lte=soon, then=Value(Urgency.SOON)),
                default=Value(Urgency.ON_TRACK),
                output_field=CharField(),
            ),
            rank=Case(
                When(state__in=AWAITING_RETURN, then=Value(1)),
                When(due_on__isnull=True, then=Value(5)),
                When(due_on__lt=today, then=Value(0)),
                When(due_on=today, then=Value(2)),
                When(due_on__lte=soon, then=Value(3)),
                default=Value(4),
            ),
        )
        .select_related("version", "assignee", "division")
        .order_by("rank", "due_on", "id")
    )


@dataclass(frozen=True)
class QueuePage:
    """One page of a work queue: its rows (each with ``urgency``), the cursors of its first and
    last rows and whether rows lie beyond them, and the queue's length (capped)."""

    rows: list[Dossier]
    first: tuple[int, dt.date | None, int] | None
    last: tuple[int, dt.date | None, int] | None
    more_before: bool
    more_after: bool
    count: int
    capped: bool


def _queue_groups(today: dt.date, soon: dt.date) -> list[tuple[str, Q, bool]]:
    """The urgency groups in the queue's order, each a range of a partial index on (agency,
    due_on, id): its urgency, its condition, and whether it is ordered by due date (else by
    id)."""
    is_open = Q(state__in=OPEN_STATES)
    ready = Q(state__in=AWAITING_RETURN)
    return [
        (Urgency.OVERDUE, is_open & Q(due_on__lt=today), True),
        (Urgency.READY, ready & Q(due_on__isnull=False), True),
        (Urgency.READY, ready & Q(due_on__isnull=True), False),
        (Urgency.TODAY, is_open & Q(due_on=today), True),
        (Urgency.SOON, is_open & Q(due_on__gt=today, due_on__lte=soon), True),
        (Urgency.ON_TRACK, is_open & Q(due_on__gt=soon), True),
        (Urgency.PAUSED, is_open & Q(due_on__isnull=True), False),
    ]


def work_queue_page(
    *,
    actor: User,
    agency: Agency,
    size: int,
    after: tuple[int, dt.date | None, int] | None = None,
    before: tuple[int, dt.date | None, int] | None = None,
    mine_only: bool = False,
    cap: int = 1000,
) -> QueuePage:
    """A page of ``work_queue``, in the same order, read group by group through the partial
    indexes on (agency, due date, id) of open dossiers and of results waiting at the desk: a
    page costs about the same in a queue of 30,000 dossiers as in one of 300.
    ``after``/``before`` are a row's cursor (group, due date, id)."""
    qs, today, soon = _queue_rows(actor=actor, agency=agency, mine_only=mine_only)
    groups = _queue_groups(today, soon)
    forward = before is None
    cursor = after if forward else before
    order = range(len(groups)) if forward else range(len(groups) - 1, -1, -1)
    # Each group gives the keys of its next rows (an index range, nothing joined); the page's
    # rows are read whole at the end, in one query.
    found: list[tuple[int, dt.date | None, int]] = []
    for g in order:
        if cursor is not None and (g < cursor[0] if forward else g > cursor[0]):
            continue
        _urgency, condition, by_date = groups[g]
        keys = ["due_on", "id"] if by_date else ["id"]
        group = qs.filter(condition)
        if cursor is not None and g == cursor[0]:
            past = "gt" if forward else "lt"
            if by_date:
                # The bound on its own as well: the start of the index range.
                bound = "gte" if forward else "lte"
                group = group.filter(
                    Q(**{f"due_on__{bound}": cursor[1]})
                    & (
                        Q(**{f"due_on__{past}": cursor[1]})
                        | Q(due_on=cursor[1], **{f"id__{past}": cursor[2]})
                    )
                )
            else:
                group = group.filter(**{f"id__{past}": cursor[2]})
        wanted = size + 1 - len(found)
        ordered = group.order_by(*(keys if forward else [f"-{k}" for k in keys]))
        found += [(g, due, pk) for due, pk in ordered.values_list("due_on", "pk")[:wanted]]
        if len(found) > size:
            break
    beyond = len(found) > size
    found = found[:size]
    if not forward:
        found.reverse()
    read = (
        {
            d.pk: d
            for d in Dossier.objects.filter(pk__in=[pk for _, _, pk in found]).select_related(
                "version", "assignee", "division"
            )
        }
        if found
        else {}
    )
    page = []
    for g, _due, pk in found:
        dossier = read[pk]
        dossier.urgency = groups[g][0]  # type: ignore[attr-defined]
        page.append(dossier)
    counted = qs.filter(state__in=QUEUE_STATES).order_by()[: cap + 1].count()
    return QueuePage(
        rows=page,
        first=found[0] if found else None,
        last=found[-1] if found else None,
        more_before=(cursor is not None) if forward else beyond,
        more_after=beyond if forward else True,
        count=min(counted, cap),
        capped=counted > cap,
    )


@dataclass(frozen=True)
class PublicStatus:
    code: str
    procedure: str
    state: str
    state_label: str
    step: str
    received_on: dt.date
    appointment_on: dt.date | None
    due_on: dt.date | None
    late: bool
    returned: bool
    rated: bool
    apology_new_date: dt.date | None


def public_lookup(*, code: str, id_last_digits: str) -> PublicStatus:
    """What anyone with the code and the last 4 digits of the applicant's ID may see: status,
    step and dates, nothing personal. A wrong pair is "not found", like an unknown code."""
    digits = id_last_digits.strip()
    if not DIGITS.fullmatch(digits):
        message = _("Enter exactly 4 digits.")
        raise DomainError("invalid", message, fields={"id_digits": [message]})
    code = code.strip()
    # One query: the dossier with its current step's name, its rating and its last apology
    # slip's new date beside it (the page is public and busy).
    apology = Slip.objects.filter(dossier=OuterRef("pk"), kind=SlipKind.APOLOGY).order_by(
        "-issued_at"
    )
    rows = Dossier.objects.select_related("version").annotate(
        step_name=Subquery(
            ProcedureStep.objects.filter(
                version=OuterRef("version_id"), order=OuterRef("step_order")
            ).values("name")[:1]
        ),
        is_rated=Exists(Rating.objects.filter(dossier=OuterRef("pk"))),
        apology_content=Subquery(apology.values("content")[:1]),
    )
    # Codes are printed in capitals; one typed in small letters is the same code (the exact
    # spelling first, should two codes differ only by their case).
    exact = Case(When(code=code, then=Value(0)), default=Value(1))
    dossier = rows.filter(code__in={code, code.upper()}).order_by(exact, "pk").first()
    if dossier is None or not dossier.applicant_id.endswith(digits):
        raise NotFound(_("No dossier matches this code and these ID digits."))
    apology_content = dossier.apology_content
    today = timezone.localdate()
    reference = dossier.resolved_on or today
    return PublicStatus(
        code=dossier.code,
        procedure=dossier.version.name,
        state=dossier.state,
        state_label=dossier.get_state_display(),
        step=dossier.step_name or "",
        received_on=dossier.received_on,
        appointment_on=dossier.appointment_on,
        due_on=dossier.due_on,
        late=bool(dossier.due_on and reference > dossier.due_on),
        returned=dossier.returned_at is not None,
        rated=dossier.is_rated,
        apology_new_date=(
            dt.date.fromisoformat(apology_content["new_date"]) if apology_content else None
        ),
    )
