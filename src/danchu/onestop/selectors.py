"""Reads of the one-stop desk, scoped to the acting person."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Case, CharField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danchu.core.errors import DomainError, Forbidden, NotFound
from danchu.core.models import Agency, Role, User
from danchu.core.scope import scope_for
from danchu.core.selectors import agency_calendar
from danchu.core.text import fold
from danchu.onestop.models import OPEN_STATES, Dossier, Procedure, ProcedureForm, Rating, State
from danchu.onestop.rules import CASE_READERS

AWAITING_RETURN = (State.APPROVED, State.REJECTED)

CASE_ROLES = {*CASE_READERS, Role.STEERING_MEMBER}
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


def work_queue(
    *, actor: User, agency: Agency, today: dt.date | None = None, mine_only: bool = False
) -> QuerySet[Dossier]:
    """Open dossiers by urgency: an officer's own; a division head's division; the leaders' and
    the desk's whole unit. One query, ordered by urgency then due date."""
    scope = scope_for(actor)
    if not scope.can_read_path(agency.path):
        raise NotFound(_("Unit not found."))
    today = today or timezone.localdate()
    soon = agency_calendar(agency).add_working_days(today, 2)
    roles = scope.roles_in_organisation(agency)
    # Results waiting at the desk to be returned are work too.
    qs = Dossier.objects.filter(agency=agency, state__in=[*OPEN_STATES, *AWAITING_RETURN])
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
    rows = Dossier.objects.select_related("version")
    # Codes are printed in capitals; one typed in small letters is the same code.
    dossier = rows.filter(code=code).first() or rows.filter(code=code.upper()).first()
    if dossier is None or not dossier.applicant_id.endswith(digits):
        raise NotFound(_("No dossier matches this code and these ID digits."))
    step = dossier.version.steps.filter(order=dossier.step_order).values_list("name", flat=True)
    apology = dossier.slips.filter(kind="apology").order_by("-issued_at").first()
    today = timezone.localdate()
    reference = dossier.resolved_on or today
    return PublicStatus(
        code=dossier.code,
        procedure=dossier.version.name,
        state=dossier.state,
        state_label=dossier.get_state_display(),
        step=next(iter(step), ""),
        received_on=dossier.received_on,
        appointment_on=dossier.appointment_on,
        due_on=dossier.due_on,
        late=bool(dossier.due_on and reference > dossier.due_on),
        returned=dossier.returned_at is not None,
        rated=Rating.objects.filter(dossier=dossier).exists(),
        apology_new_date=(dt.date.fromisoformat(apology.content["new_date"]) if apology else None),
    )
