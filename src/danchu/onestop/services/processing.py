"""The dossier transition table and every transition after intake, each one service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from danchu.core.errors import DomainError, Forbidden
from danchu.core.models import Membership, Role, User
from danchu.core.selectors import agency_calendar
from danchu.core.services import require
from danchu.onestop.models import OPEN_STATES, Dossier, Pause, SlipKind, State
from danchu.onestop.services.common import (
    _day,
    _deadline,
    _finish_handover,
    _hand_to,
    _issue,
    _notify_applicant,
    _now,
    _pick,
    _save,
    _snapshot,
    _steps,
    _timeliness,
)

# A dossier's life: received (or refused) → handed through the procedure's steps → maybe a
# supplement request (clock stopped) or a suspension → decided → returned; or withdrawn.
# Every transition is one service: permission, the transition table, the change, a slip where
# the law wants one, and one audit event, in one transaction. Mail goes out after commit.

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
