"""Shared pieces of the dossier services: counters, codes, slips, deadlines, handovers, saving."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core import counters
from danchu.core.audit import audit_record
from danchu.core.clocks import Pause as ClockPause
from danchu.core.errors import DomainError
from danchu.core.models import Agency, Membership, Role, User
from danchu.core.selectors import agency_calendar, clock_deadline
from danchu.core.services import require
from danchu.onestop.models import (
    HOURS_PER_WORKING_DAY,
    OPEN_STATES,
    Counter,
    Dossier,
    Handover,
    ProcedureStep,
    Slip,
    Timeliness,
)

CLOCK = "onestop.resolution"


def _now(at: dt.datetime | None) -> dt.datetime:
    return at or timezone.now()


def _day(at: dt.datetime) -> dt.date:
    return timezone.localtime(at).date()


def next_number(agency: Agency, key: str) -> int:
    return counters.next_number(Counter, agency, key)


def dossier_code(agency: Agency, day: dt.date, number: int) -> str:
    """The national pattern: unit code, receipt date YYMMDD, 4-digit daily sequence."""
    return f"{agency.code}-{day:%y%m%d}-{number:04d}"


def _issue(
    dossier: Dossier, kind: str, actor: User, at: dt.datetime, content: dict[str, Any]
) -> Slip:
    year = _day(at).year
    number = next_number(dossier.agency, f"slip:{kind}:{year}")
    return Slip.objects.create(
        dossier=dossier,
        kind=kind,
        number=number,
        year=year,
        issued_at=at,
        issued_by=actor,
        content=content,
    )


def _deadline(dossier: Dossier) -> dt.date | None:
    stored = dossier.pauses.all() if dossier.pk else []
    pauses = [ClockPause(p.stopped_on, p.resumed_on) for p in stored]
    return clock_deadline(
        code=CLOCK,
        agency=dossier.agency,
        started_on=dossier.received_on,
        pauses=pauses,
        length=dossier.version.deadline_days,
    )


def _steps(dossier: Dossier) -> list[ProcedureStep]:
    return list(dossier.version.steps.all())


def _step_due(agency: Agency, start: dt.date, step: ProcedureStep) -> dt.date:
    days = math.ceil(step.allotted_hours / HOURS_PER_WORKING_DAY)
    return agency_calendar(agency).add_working_days(start, days)


def _timeliness(done: dt.date, due: dt.date | None) -> str:
    if due is None or done == due:
        return Timeliness.ON_TIME
    return Timeliness.EARLY if done < due else Timeliness.LATE


def _finish_handover(dossier: Dossier, at: dt.datetime) -> None:
    handover = dossier.handovers.filter(finished_at__isnull=True).order_by("-id").first()
    if handover is not None:
        handover.finished_at = at
        handover.timeliness = _timeliness(_day(at), handover.due_on)
        handover.save(update_fields=["finished_at", "timeliness"])


def _holder(agency: Agency, role: str, on: dt.date) -> list[Membership]:
    """Active memberships of ``role`` in the organisation, with their units. The head and the
    deputies are those of the organisation itself, not of a subordinate unit."""
    org = agency.organisation or agency
    where = (
        Q(agency=org)
        if role in (Role.HEAD, Role.DEPUTY_HEAD)
        else Q(agency__path__startswith=org.path)
    )
    return list(
        Membership.objects.active(on)
        .filter(where, role=role, person__is_active=True)
        .select_related("agency", "person")
        .order_by("person_id")
    )


def _pick(
    agency: Agency,
    step: ProcedureStep,
    to_user: User | None,
    on: dt.date,
    division: Agency | None = None,
) -> Membership:
    """The person who takes ``step``: the one named (who must hold the step's role in the
    organisation), else the holder of the role with the fewest open dossiers — for a
    division head's step, the head of the division handling the dossier."""
    holders = _holder(agency, step.role, on)
    if division is not None and step.role == Role.DIVISION_HEAD and to_user is None:
        own = [m for m in holders if m.agency.path.startswith(division.path)]
        holders = own or holders
    if to_user is not None:
        for m in holders:
            if m.person_id == to_user.pk:
                return m
        message = _("%(name)s does not hold the role “%(role)s” that step “%(step)s” needs.") % {
            "name": to_user.get_full_name(),
            "role": Role(step.role).label,
            "step": step.name,
        }
        raise DomainError("wrong_assignee", message, fields={"to_user": [message]})
    if not holders:
        message = _("Nobody holds the role “%(role)s” that step “%(step)s” needs.") % {
            "role": Role(step.role).label,
            "step": step.name,
        }
        raise DomainError("no_assignee", message)
    load = dict(
        Dossier.objects.filter(assignee__in=[m.person_id for m in holders], state__in=OPEN_STATES)
        .values_list("assignee")
        .annotate(n=Count("id"))
        .values_list("assignee", "n")
    )
    return min(holders, key=lambda m: (load.get(m.person_id, 0), m.person_id))


def _hand_to(
    dossier: Dossier,
    step: ProcedureStep,
    holder: Membership,
    actor: User | None,
    at: dt.datetime,
    note: str = "",
) -> None:
    dossier.step_order = step.order
    dossier.assignee = holder.person
    if step.role == Role.HANDLING_OFFICER:
        # The division that appraises the dossier answers for it (queues, statistics).
        dossier.handler = holder.person
        dossier.division = holder.agency
    Handover.objects.create(
        dossier=dossier,
        step_order=step.order,
        step_name=step.name,
        from_user=actor,
        to_user=holder.person,
        started_at=at,
        due_on=_step_due(dossier.agency, _day(at), step),
        note=note,
    )


def _save(
    dossier: Dossier, actor: User | None, verb: str, before: dict[str, Any], fields: list[str]
) -> Dossier:
    dossier.revision += 1
    dossier.save(update_fields=[*fields, "revision"])
    after = {f: getattr(dossier, f) for f in before}
    audit_record(
        actor=actor,
        agency=dossier.agency,
        verb=verb,
        obj=dossier,
        changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
    )
    return dossier


def _snapshot(dossier: Dossier, *fields: str) -> dict[str, Any]:
    return {f: getattr(dossier, f) for f in ("state", "step_order", "assignee_id", *fields)}


def _notify_applicant(dossier: Dossier, subject: str, body: str) -> None:
    if not dossier.applicant_email:
        return
    from danchu.onestop.jobs import send_mail_job

    to, code = dossier.applicant_email, dossier.code
    transaction.on_commit(
        lambda: send_mail_job.enqueue(subject=f"[{code}] {subject}", body=body, to=[to])
    )


def _require_desk(actor: User | None, dossier: Dossier) -> None:
    require(actor, "onestop.desk", dossier)
