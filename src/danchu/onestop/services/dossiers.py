"""A dossier's life: received (or refused) → handed through the procedure's steps → maybe a
supplement request (clock stopped) or a suspension → decided → returned; or withdrawn.

Every transition is one service: permission, the transition table, the change, a slip where the
law wants one, and one audit event, in one transaction. Mail goes out after commit.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.audit import audit_record
from danchu.core.clocks import Pause as ClockPause
from danchu.core.errors import DomainError, Forbidden
from danchu.core.models import Agency, Membership, Role, User
from danchu.core.selectors import agency_calendar, clock_deadline
from danchu.core.services import require
from danchu.onestop.models import (
    HOURS_PER_WORKING_DAY,
    OPEN_STATES,
    ApplicantKind,
    Channel,
    Counter,
    Dossier,
    Handover,
    Pause,
    Procedure,
    ProcedureStep,
    Rating,
    Satisfaction,
    Slip,
    SlipKind,
    State,
    Timeliness,
)

CLOCK = "onestop.resolution"

# The transition table: which states each action leaves from, and where it goes.
TRANSITIONS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "advance": ((State.IN_PROGRESS,), State.IN_PROGRESS),
    "send_back": ((State.IN_PROGRESS,), State.IN_PROGRESS),
    "request_supplement": ((State.IN_PROGRESS,), State.SUPPLEMENT),
    "receive_supplement": ((State.SUPPLEMENT,), State.IN_PROGRESS),
    "suspend": ((State.IN_PROGRESS,), State.SUSPENDED),
    "resume": ((State.SUSPENDED,), State.IN_PROGRESS),
    "apologise": (OPEN_STATES, None),  # the state stays; the appointment moves
    "approve": ((State.IN_PROGRESS,), State.APPROVED),
    "reject": ((State.IN_PROGRESS,), State.REJECTED),
    "return": ((State.APPROVED, State.REJECTED), State.RETURNED),
    "withdraw": (OPEN_STATES, State.WITHDRAWN),
}

CCCD = re.compile(r"^\d{12}$")  # citizen identity card
CMND = re.compile(r"^\d{9}$")  # the older identity card, still valid on old dossiers
TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")  # an organisation's tax code (branch suffix)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# --- shared pieces ---------------------------------------------------------------------------


def _now(at: dt.datetime | None) -> dt.datetime:
    return at or timezone.now()


def _day(at: dt.datetime) -> dt.date:
    return timezone.localtime(at).date()


def next_number(agency: Agency, key: str) -> int:
    """The next value of a per-unit counter; never repeats, also under concurrent writers.

    The row is created if missing (a concurrent creator is ignored), then locked and bumped in
    the caller's transaction."""
    Counter.objects.bulk_create([Counter(agency=agency, key=key)], ignore_conflicts=True)
    counter = Counter.objects.select_for_update().get(agency=agency, key=key)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


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


def _locked(dossier: Dossier, action: str, revision: int | None) -> Dossier:
    """Lock the dossier row and check the transition table and the caller's revision."""
    fresh = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("agency", "version", "division")
        .get(pk=dossier.pk)
    )
    if revision is not None and revision != fresh.revision:
        raise DomainError(
            "stale",
            _("This dossier was changed by someone else. Reload it and try again."),
            status=409,
        )
    sources, _target = TRANSITIONS[action]
    if fresh.state not in sources:
        raise DomainError(
            "invalid_transition",
            _("This cannot be done to a dossier that is “%(state)s”.")
            % {"state": fresh.get_state_display()},
            status=409,
        )
    return fresh


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


# --- intake ----------------------------------------------------------------------------------


def _check_applicant(kind: str, name: str, id_number: str, email: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if kind not in ApplicantKind.values:
        errors["applicant_kind"] = [_("Choose a person or an organisation.")]
    if not name.strip():
        errors["applicant_name"] = [_("This field is required.")]
    if kind == ApplicantKind.PERSON and not (CCCD.match(id_number) or CMND.match(id_number)):
        errors["applicant_id"] = [_("A citizen ID number has 12 digits (9 on an old card).")]
    if kind == ApplicantKind.ORGANISATION and not TAX_CODE.match(id_number):
        errors["applicant_id"] = [_("A tax code has 10 digits, or 13 as 10-3 for a branch.")]
    if email and not EMAIL.match(email):
        errors["applicant_email"] = [_("Enter a valid email address.")]
    return errors


def _intake(
    *,
    actor: User,
    agency: Agency,
    procedure: Procedure,
    applicant_kind: str,
    applicant_name: str,
    applicant_id: str,
    applicant_phone: str,
    applicant_email: str,
    applicant_address: str,
    channel: str,
    documents: list[int],
    at: dt.datetime | None,
    idempotency_key: str | None,
    refusing: bool,
) -> tuple[Dossier | None, Dossier]:
    """Shared checks and the new row; returns (existing dossier for the key, new dossier)."""
    require(actor, "onestop.receive", agency)
    if procedure.agency_id != agency.pk or procedure.current is None:
        raise DomainError(
            "invalid",
            _("This procedure is not in the unit's catalogue."),
            fields={"procedure": [_("Unknown procedure.")]},
        )
    if not procedure.is_published:
        raise DomainError(
            "invalid",
            _("This procedure is not published."),
            fields={"procedure": [_("Not published.")]},
        )
    if idempotency_key:
        found = Dossier.objects.filter(agency=agency, idempotency_key=idempotency_key).first()
        if found is not None:
            return found, found
    at = _now(at)
    if at > timezone.now() + dt.timedelta(minutes=5):
        raise DomainError(
            "future",
            _("The receipt time cannot be in the future."),
            fields={"received_at": [_("Date in the future.")]},
        )
    applicant_id = applicant_id.strip().replace(" ", "")
    errors = _check_applicant(applicant_kind, applicant_name, applicant_id, applicant_email)
    if channel not in Channel.values:
        errors["channel"] = [_("Unknown channel.")]
    version = procedure.current
    required = {d.order: d for d in version.documents.all()}
    unknown = sorted(set(documents) - set(required))
    if unknown:
        errors["documents"] = [_("Unknown documents: %(list)s.") % {"list": unknown}]
    missing = [required[o].name for o in sorted(set(required) - set(documents))]
    if missing and not refusing:
        errors["documents"] = [
            _("Missing required documents: %(list)s.") % {"list": "; ".join(missing)}
        ]
    if errors:
        raise DomainError("invalid", next(iter(errors.values()))[0], fields=errors)
    day = _day(at)
    number = next_number(agency, f"dossier:{day.isoformat()}")
    dossier = Dossier(
        agency=agency,
        code=dossier_code(agency, day, number),
        procedure=procedure,
        version=version,
        applicant_kind=applicant_kind,
        applicant_name=applicant_name.strip(),
        applicant_id=applicant_id,
        applicant_phone=applicant_phone.strip(),
        applicant_email=applicant_email.strip(),
        applicant_address=applicant_address.strip(),
        channel=channel,
        documents=[
            {
                "order": o,
                "name": required[o].name,
                "copies": required[o].copies,
                "kind": required[o].kind,
            }
            for o in sorted(documents)
        ],
        received_at=at,
        received_on=day,
        received_by=actor,
        idempotency_key=idempotency_key,
    )
    return None, dossier


def _save_new(dossier: Dossier) -> Dossier:
    """Insert; a concurrent request with the same idempotency key wins and is returned."""
    try:
        with transaction.atomic():
            dossier.save(force_insert=True)
    except IntegrityError:
        if dossier.idempotency_key:
            found = Dossier.objects.filter(
                agency=dossier.agency, idempotency_key=dossier.idempotency_key
            ).first()
            if found is not None:
                return found
        raise
    return dossier


def dossier_receive(
    *,
    actor: User,
    agency: Agency,
    procedure: Procedure,
    applicant_kind: str,
    applicant_name: str,
    applicant_id: str,
    documents: list[int],
    channel: str = Channel.IN_PERSON,
    applicant_phone: str = "",
    applicant_email: str = "",
    applicant_address: str = "",
    at: dt.datetime | None = None,
    idempotency_key: str | None = None,
    to_user: User | None = None,
) -> Dossier:
    """Receive a complete dossier: a code, the appointment date from the calendar, the receipt
    slip, and the second step handed to ``to_user`` (or the least-loaded holder of its role).

    ``documents`` are the orders of the required documents checked; all must be there. The same
    ``idempotency_key`` returns the first dossier instead of a second one.
    """
    with transaction.atomic():
        existing, dossier = _intake(
            actor=actor,
            agency=agency,
            procedure=procedure,
            applicant_kind=applicant_kind,
            applicant_name=applicant_name,
            applicant_id=applicant_id,
            applicant_phone=applicant_phone,
            applicant_email=applicant_email,
            applicant_address=applicant_address,
            channel=channel,
            documents=documents,
            at=at,
            idempotency_key=idempotency_key,
            refusing=False,
        )
        if existing is not None:
            return existing
        steps = _steps(dossier)
        dossier.due_on = dossier.appointment_on = _deadline(dossier)
        saved = _save_new(dossier)
        if saved is not dossier:
            return saved
        at = dossier.received_at
        first = steps[0]
        Handover.objects.create(
            dossier=dossier,
            step_order=first.order,
            step_name=first.name,
            from_user=None,
            to_user=actor,
            started_at=at,
            due_on=_step_due(agency, _day(at), first),
            finished_at=at,
            timeliness=Timeliness.ON_TIME,
        )
        _hand_to(dossier, steps[1], _pick(agency, steps[1], to_user, _day(at)), actor, at)
        dossier.save(update_fields=["step_order", "assignee", "division", "handler"])
        _issue(
            dossier,
            SlipKind.RECEIPT,
            actor,
            at,
            {
                "appointment_on": dossier.appointment_on.isoformat()
                if dossier.appointment_on
                else None,
                "documents": dossier.documents,
            },
        )
        audit_record(
            actor=actor,
            agency=agency,
            verb="dossier.receive",
            obj=dossier,
            changes={
                "state": [None, dossier.state],
                "code": [None, dossier.code],
                "due_on": [None, dossier.due_on],
                "assignee_id": [None, dossier.assignee_id],
            },
        )
        return dossier


def dossier_refuse_intake(
    *,
    actor: User,
    agency: Agency,
    procedure: Procedure,
    applicant_kind: str,
    applicant_name: str,
    applicant_id: str,
    reasons: str,
    documents: list[int] | None = None,
    channel: str = Channel.IN_PERSON,
    applicant_phone: str = "",
    applicant_email: str = "",
    applicant_address: str = "",
    at: dt.datetime | None = None,
    idempotency_key: str | None = None,
) -> Dossier:
    """Refuse to accept a dossier, with reasons: it is registered and a refusal slip issued."""
    if not reasons.strip():
        raise DomainError(
            "invalid",
            _("Give the reasons for refusing the dossier."),
            fields={"reasons": [_("This field is required.")]},
        )
    with transaction.atomic():
        existing, dossier = _intake(
            actor=actor,
            agency=agency,
            procedure=procedure,
            applicant_kind=applicant_kind,
            applicant_name=applicant_name,
            applicant_id=applicant_id,
            applicant_phone=applicant_phone,
            applicant_email=applicant_email,
            applicant_address=applicant_address,
            channel=channel,
            documents=documents or [],
            at=at,
            idempotency_key=idempotency_key,
            refusing=True,
        )
        if existing is not None:
            return existing
        dossier.state = State.REFUSED_AT_INTAKE
        dossier.reasons = reasons.strip()
        saved = _save_new(dossier)
        if saved is not dossier:
            return saved
        _issue(dossier, SlipKind.REFUSAL, actor, dossier.received_at, {"reasons": dossier.reasons})
        audit_record(
            actor=actor,
            agency=agency,
            verb="dossier.refuse_intake",
            obj=dossier,
            changes={"state": [None, dossier.state], "reasons": [None, dossier.reasons]},
        )
        return dossier


# --- processing --------------------------------------------------------------------------------


def _transition(
    action: str,
    *,
    actor: User,
    dossier: Dossier,
    perm: str,
    revision: int | None,
    change: Callable[[Dossier, dt.datetime], list[str]],
    at: dt.datetime | None = None,
    extra: tuple[str, ...] = (),
) -> Dossier:
    """Lock, check permission and state, apply ``change`` (which returns the fields it set),
    move to the table's target state, save and audit — one transaction."""
    with transaction.atomic():
        locked = _locked(dossier, action, revision)
        require(actor, perm, locked)
        at = _now(at)
        before = _snapshot(locked, *extra)
        fields = change(locked, at)
        target = TRANSITIONS[action][1]
        if target is not None and target != locked.state:
            locked.state = target
            fields.append("state")
        return _save(
            locked,
            actor,
            f"dossier.{action}",
            before,
            sorted({*fields, "step_order", "assignee", "division"}),
        )


def dossier_advance(
    *,
    actor: User,
    dossier: Dossier,
    to_user: User | None = None,
    note: str = "",
    revision: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Hand the dossier to the next step (not to the sign step's decision: see decide)."""

    def change(d: Dossier, at: dt.datetime) -> list[str]:
        steps = _steps(d)
        if d.step_order >= len(steps) - 1:
            raise DomainError(
                "invalid_transition",
                _("This is the decision step: approve or refuse the dossier."),
                status=409,
            )
        nxt = steps[d.step_order]  # orders start at 1, so index step_order is the next one
        _finish_handover(d, at)
        _hand_to(d, nxt, _pick(d.agency, nxt, to_user, _day(at), d.division), actor, at, note)
        return ["handler"]

    return _transition(
        "advance",
        actor=actor,
        dossier=dossier,
        perm="onestop.handle",
        revision=revision,
        change=change,
        at=at,
    )


def dossier_send_back(
    *,
    actor: User,
    dossier: Dossier,
    reason: str,
    revision: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Return the dossier to the previous step, to whoever handled it there, with a reason."""
    if not reason.strip():
        raise DomainError(
            "invalid",
            _("Give the reason for sending the dossier back."),
            fields={"reason": [_("This field is required.")]},
        )

    def change(d: Dossier, at: dt.datetime) -> list[str]:
        if d.step_order <= 2:
            raise DomainError(
                "invalid_transition", _("The dossier is at its first processing step."), status=409
            )
        previous = _steps(d)[d.step_order - 2]
        last = d.handovers.filter(step_order=previous.order).order_by("-id").first()
        person = last.to_user if last else None
        _finish_handover(d, at)
        _hand_to(
            d,
            previous,
            _pick(d.agency, previous, person, _day(at), d.division),
            actor,
            at,
            note=reason.strip(),
        )
        return ["handler"]

    return _transition(
        "send_back",
        actor=actor,
        dossier=dossier,
        perm="onestop.handle",
        revision=revision,
        change=change,
        at=at,
    )


def _stop_clock(d: Dossier, reason: str, at: dt.datetime) -> list[str]:
    Pause.objects.create(dossier=d, reason=reason, stopped_on=_day(at))
    d.due_on = None
    return ["due_on"]


def _restart_clock(d: Dossier, at: dt.datetime) -> list[str]:
    open_pause = d.pauses.filter(resumed_on__isnull=True).first()
    if open_pause is not None:
        open_pause.resumed_on = max(_day(at), open_pause.stopped_on)
        open_pause.save(update_fields=["resumed_on"])
    d.due_on = _deadline(d)
    if d.due_on and (d.appointment_on is None or d.due_on > d.appointment_on):
        d.appointment_on = d.due_on
    return ["due_on", "appointment_on"]


def dossier_request_supplement(
    *,
    actor: User,
    dossier: Dossier,
    missing: str,
    revision: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Ask the applicant to supplement the dossier: the clock stops and a slip says what is
    missing; the applicant is told."""
    if not missing.strip():
        raise DomainError(
            "invalid",
            _("Say what the applicant must supplement."),
            fields={"missing": [_("This field is required.")]},
        )

    def change(d: Dossier, at: dt.datetime) -> list[str]:
        if not (actor.has_perm("onestop.handle", d) or actor.has_perm("onestop.desk", d)):
            raise Forbidden()
        fields = _stop_clock(d, "supplement", at)
        _issue(d, SlipKind.SUPPLEMENT, actor, at, {"missing": missing.strip()})
        _notify_applicant(d, _("Your dossier needs a supplement"), missing.strip())
        return fields

    return _transition(
        "request_supplement",
        actor=actor,
        dossier=dossier,
        perm="onestop.view_dossier",
        revision=revision,
        change=change,
        at=at,
        extra=("due_on",),
    )


def dossier_receive_supplement(
    *, actor: User, dossier: Dossier, revision: int | None = None, at: dt.datetime | None = None
) -> Dossier:
    """The supplement arrived at the desk: the clock goes on (as the rule in force says) and
    the due date moves by the working days it stood still."""
    return _transition(
        "receive_supplement",
        actor=actor,
        dossier=dossier,
        perm="onestop.desk",
        revision=revision,
        change=_restart_clock,
        at=at,
        extra=("due_on", "appointment_on"),
    )


def dossier_suspend(
    *,
    actor: User,
    dossier: Dossier,
    reason: str,
    revision: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    if not reason.strip():
        raise DomainError(
            "invalid",
            _("Give the reason for the suspension."),
            fields={"reason": [_("This field is required.")]},
        )

    def change(d: Dossier, at: dt.datetime) -> list[str]:
        d.reasons = reason.strip()
        return [*_stop_clock(d, "suspension", at), "reasons"]

    return _transition(
        "suspend",
        actor=actor,
        dossier=dossier,
        perm="onestop.suspend",
        revision=revision,
        change=change,
        at=at,
        extra=("due_on",),
    )


def dossier_resume(
    *, actor: User, dossier: Dossier, revision: int | None = None, at: dt.datetime | None = None
) -> Dossier:
    return _transition(
        "resume",
        actor=actor,
        dossier=dossier,
        perm="onestop.suspend",
        revision=revision,
        change=_restart_clock,
        at=at,
        extra=("due_on", "appointment_on"),
    )


def dossier_apologise(
    *,
    actor: User,
    dossier: Dossier,
    new_date: dt.date,
    reason: str,
    revision: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """An apology slip with a new appointment date, signed by the responsible unit."""
    if not reason.strip():
        raise DomainError(
            "invalid",
            _("Give the reason for the delay."),
            fields={"reason": [_("This field is required.")]},
        )

    def change(d: Dossier, at: dt.datetime) -> list[str]:
        floor = max(filter(None, [d.appointment_on, _day(at)]))
        if new_date <= floor:
            message = _("The new date must be after %(day)s.") % {"day": floor.strftime("%d/%m/%Y")}
            raise DomainError("invalid", message, fields={"new_date": [message]})
        unit = d.division or d.agency
        _issue(
            d,
            SlipKind.APOLOGY,
            actor,
            at,
            {
                "old_date": d.appointment_on.isoformat() if d.appointment_on else None,
                "new_date": new_date.isoformat(),
                "reason": reason.strip(),
                "unit": unit.name,
            },
        )
        d.appointment_on = new_date
        _notify_applicant(
            d,
            _("New appointment date for your dossier"),
            _("We apologise: the result will be ready on %(day)s. %(reason)s")
            % {"day": new_date.strftime("%d/%m/%Y"), "reason": reason.strip()},
        )
        return ["appointment_on"]

    return _transition(
        "apologise",
        actor=actor,
        dossier=dossier,
        perm="onestop.apologise",
        revision=revision,
        change=change,
        at=at,
        extra=("appointment_on",),
    )


def dossier_decide(
    *,
    actor: User,
    dossier: Dossier,
    approved: bool,
    result_number: str = "",
    reasons: str = "",
    revision: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Approve (with the result document's number) or refuse (with reasons) at the decision
    step; the dossier goes to the desk for return and its timeliness is fixed."""
    if approved and not result_number.strip():
        raise DomainError(
            "invalid",
            _("Give the number of the result document."),
            fields={"result_number": [_("This field is required.")]},
        )
    if not approved and not reasons.strip():
        raise DomainError(
            "invalid",
            _("Give the reasons for refusing."),
            fields={"reasons": [_("This field is required.")]},
        )

    def change(d: Dossier, at: dt.datetime) -> list[str]:
        steps = _steps(d)
        if d.step_order != len(steps) - 1:
            raise DomainError(
                "invalid_transition", _("Only the decision step can approve or refuse."), status=409
            )
        day = _day(at)
        d.result_number = result_number.strip()
        d.reasons = reasons.strip()
        d.resolved_on = day
        d.timeliness = _timeliness(day, d.due_on)
        paused = sum(
            agency_calendar(d.agency).working_days_between(p.stopped_on, p.resumed_on or day)
            for p in d.pauses.all()
        )
        d.processing_days = max(
            agency_calendar(d.agency).working_days_between(d.received_on, day) - paused, 0
        )
        _finish_handover(d, at)
        desk = (
            Membership.objects.active(day)
            .filter(person=d.received_by, role=Role.ONESTOP_OFFICER)
            .exists()
        )
        last = steps[-1]
        _hand_to(d, last, _pick(d.agency, last, d.received_by if desk else None, day), actor, at)
        return ["result_number", "reasons", "resolved_on", "timeliness", "processing_days"]

    return _transition(
        "approve" if approved else "reject",
        actor=actor,
        dossier=dossier,
        perm="onestop.handle",
        revision=revision,
        change=change,
        at=at,
        extra=("resolved_on", "timeliness"),
    )


def dossier_return(
    *, actor: User, dossier: Dossier, revision: int | None = None, at: dt.datetime | None = None
) -> Dossier:
    """Hand the result to the applicant; the time is recorded."""

    def change(d: Dossier, at: dt.datetime) -> list[str]:
        _finish_handover(d, at)
        d.returned_at = at
        d.assignee = None
        return ["returned_at"]

    return _transition(
        "return",
        actor=actor,
        dossier=dossier,
        perm="onestop.desk",
        revision=revision,
        change=change,
        at=at,
        extra=("returned_at",),
    )


def dossier_withdraw(
    *,
    actor: User,
    dossier: Dossier,
    reason: str,
    revision: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """The applicant withdraws the dossier (at the desk)."""
    if not reason.strip():
        raise DomainError(
            "invalid",
            _("Give the reason for the withdrawal."),
            fields={"reason": [_("This field is required.")]},
        )

    def change(d: Dossier, at: dt.datetime) -> list[str]:
        d.pauses.filter(resumed_on__isnull=True).update(resumed_on=_day(at))
        _finish_handover(d, at)
        d.withdrawn_on = _day(at)
        d.reasons = reason.strip()
        d.assignee = None
        return ["withdrawn_on", "reasons"]

    return _transition(
        "withdraw",
        actor=actor,
        dossier=dossier,
        perm="onestop.desk",
        revision=revision,
        change=change,
        at=at,
        extra=("withdrawn_on",),
    )


# --- citizens and jobs -------------------------------------------------------------------------


def dossier_rate(*, dossier: Dossier, satisfaction: str, comment: str = "") -> Rating:
    """The applicant rates the service once, after the result was returned."""
    if satisfaction not in Satisfaction.values:
        raise DomainError(
            "invalid",
            _("Choose how satisfied you are."),
            fields={"satisfaction": [_("Choose one.")]},
        )
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().select_related("agency").get(pk=dossier.pk)
        if locked.state != State.RETURNED:
            raise DomainError(
                "not_returned",
                _("A dossier can be rated once its result has been returned."),
                status=409,
            )
        if Rating.objects.filter(dossier=locked).exists():
            raise DomainError(
                "already_rated", _("This dossier has already been rated."), status=409
            )
        rating = Rating.objects.create(
            dossier=locked, satisfaction=satisfaction, comment=comment.strip()[:2000]
        )
        audit_record(
            actor=None,
            agency=locked.agency,
            verb="dossier.rate",
            obj=rating,
            label=locked.code,
            changes={"satisfaction": [None, satisfaction]},
        )
        return rating


def dossier_mark_overdue(*, today: dt.date | None = None) -> int:
    """Mark the open dossiers whose due date has passed, and tell their assignee and division
    head. Each is marked once; returns how many were marked."""
    today = today or timezone.localdate()
    marked = 0
    candidates = Dossier.objects.filter(
        state__in=OPEN_STATES, due_on__lt=today, overdue_notified_on__isnull=True
    ).values_list("pk", flat=True)
    for pk in list(candidates.iterator(chunk_size=500)):
        with transaction.atomic():
            d = (
                Dossier.objects.select_for_update(of=("self",))
                .select_related("agency", "division", "assignee")
                .get(pk=pk)
            )
            if d.overdue_notified_on is not None or d.state not in OPEN_STATES:
                continue
            d.overdue_notified_on = today
            d.save(update_fields=["overdue_notified_on"])
            audit_record(
                actor=None,
                agency=d.agency,
                verb="dossier.overdue",
                obj=d,
                changes={"overdue_notified_on": [None, today]},
            )
            _notify_staff(d)
            marked += 1
    return marked


def _notify_staff(d: Dossier) -> None:
    people: list[User] = [d.assignee] if d.assignee else []
    if d.division is not None:
        people += [
            m.person
            for m in Membership.objects.active()
            .filter(agency=d.division, role=Role.DIVISION_HEAD)
            .select_related("person")
        ]
    emails = sorted({p.email for p in people if p.email})
    if not emails:
        return
    from danchu.onestop.jobs import send_mail_job

    subject = _("Dossier %(code)s is overdue") % {"code": d.code}
    body = _("Dossier %(code)s was due on %(day)s.") % {
        "code": d.code,
        "day": d.due_on.strftime("%d/%m/%Y") if d.due_on else "—",
    }
    transaction.on_commit(lambda: send_mail_job.enqueue(subject=subject, body=body, to=emails))
