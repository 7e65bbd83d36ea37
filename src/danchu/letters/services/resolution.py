"""A letter's resolution on its statutory clock: acceptance (thụ lý), complexity, extensions,
suspension and resumption, the outcome, the published conclusion, reminders and escalation."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from danchu.core.calendar import WorkingCalendar
from danchu.core.errors import DomainError, invalid
from danchu.core.models import Agency, Membership, Role, User
from danchu.core.selectors import agency_calendar
from danchu.core.services import require
from danchu.letters.models import (
    OPEN_STATES,
    Complexity,
    Eligibility,
    Extension,
    Kind,
    Letter,
    LetterPause,
    ReceptionSession,
    SessionKind,
    State,
)
from danchu.letters.services.common import (
    allowed_extensions,
    check_transition,
    deadline,
    notify,
    resolution_due,
    save,
    scrub,
    snapshot,
    timeliness,
    today,
)
from danchu.letters.services.intake import case_people_errors


def _locked(letter: Letter, action: str) -> Letter:
    letter = Letter.objects.select_for_update().select_related("agency").get(pk=letter.pk)
    check_transition(letter, action)
    return letter


def _day_between(day: dt.date, first: dt.date, field: str) -> dict[str, list[str]]:
    if day < first or day > today():
        return {
            field: [
                _("The date is between %(first)s and today.")
                % {"first": first.strftime("%d/%m/%Y")}
            ]
        }
    return {}


@transaction.atomic
def letter_accept(
    *,
    actor: User | None,
    letter: Letter,
    accepted_on: dt.date,
    notice_number: str,
    handler: User | None = None,
    leader: User | None = None,
) -> Letter:
    """Accept (thụ lý) a complaint or denunciation that was found eligible — competence
    checked. The resolution clock starts on ``accepted_on`` under the rule in force that day.
    The letter must have its handling officer and accountable leader."""
    require(actor, "letters.handle", letter)
    letter = _locked(letter, "accept")
    errors: dict[str, list[str]] = {}
    if letter.kind not in (Kind.COMPLAINT, Kind.DENUNCIATION):
        errors["kind"] = [_("Only complaints and denunciations are accepted; answer a petition.")]
    elif letter.eligibility != Eligibility.ELIGIBLE:
        errors["eligibility"] = [
            _("Check competence and eligibility first: this letter is “%(e)s”.")
            % {"e": letter.get_eligibility_display()}
        ]
    errors |= _day_between(accepted_on, letter.received_on, "accepted_on")
    if not notice_number.strip():
        errors["notice_number"] = [_("Give the number of the acceptance notice.")]
    handler = handler or letter.handler
    leader = leader or letter.leader
    if handler is None:
        errors["handler"] = [_("Name the handling officer.")]
    if leader is None:
        errors["leader"] = [_("Name the accountable leader.")]
    if handler is not None and leader is not None:
        errors |= case_people_errors(letter, handler, leader)
    invalid(errors)
    before = snapshot(letter, "accepted_on", "due_on", "handler_id", "leader_id")
    letter.accepted_on, letter.acceptance_number = accepted_on, notice_number.strip()
    letter.handler, letter.leader = handler, leader
    letter.state = State.ACCEPTED
    letter.due_on = resolution_due(letter)
    letter.escalated_on = None  # a new deadline: escalate again if it passes
    return save(
        letter,
        actor,
        "letter.accept",
        before,
        [
            "accepted_on",
            "acceptance_number",
            "handler",
            "leader",
            "state",
            "due_on",
            "escalated_on",
        ],
    )


@transaction.atomic
def letter_mark_complex(
    *, actor: User | None, letter: Letter, complexity: str, reason: str
) -> Letter:
    """Mark the case complex (a complaint: the longer rule; a denunciation: extensions become
    possible), with a written reason."""
    require(actor, "letters.handle", letter)
    letter = _locked(letter, "complexity")
    errors: dict[str, list[str]] = {}
    allowed = [Complexity.COMPLEX] + (
        [Complexity.ESPECIALLY] if letter.kind == Kind.DENUNCIATION else []
    )
    if complexity not in allowed:
        errors["complexity"] = [_("Choose the complexity this kind of case may have.")]
    if not reason.strip():
        errors["reason"] = [_("Write why the case is complex.")]
    if letter.due_on is not None and today() > letter.due_on:
        errors["complexity"] = [
            _("The time ran out on %(due)s: a case is found complex before that.")
            % {"due": letter.due_on.strftime("%d/%m/%Y")}
        ]
    invalid(errors)
    before = snapshot(letter, "complexity", "due_on")
    letter.complexity = complexity
    (letter.complexity_reason,) = scrub(letter, reason)
    letter.due_on = resolution_due(letter)
    letter.escalated_on = None
    return save(
        letter,
        actor,
        "letter.complexity",
        before,
        ["complexity", "complexity_reason", "due_on", "escalated_on"],
    )


@transaction.atomic
def letter_extend(
    *, actor: User | None, letter: Letter, decision_number: str, decided_on: dt.date, reason: str
) -> Letter:
    """Extend the resolution time by a written decision: a complex denunciation once, an
    especially complex one twice, each by the rule's extension length."""
    require(actor, "letters.handle", letter)
    letter = _locked(letter, "extend")
    done = letter.extensions.count()
    allowed = allowed_extensions(letter)
    errors: dict[str, list[str]] = {}
    if letter.kind != Kind.DENUNCIATION:
        errors["kind"] = [
            _("The law allows no extension for this kind of case; mark it complex instead.")
        ]
    elif allowed == 0:
        errors["complexity"] = [
            _("Only a complex case may be extended: mark it complex, with its reason, first.")
        ]
    elif done >= allowed:
        errors["complexity"] = [
            _("This case has had the %(n)d extension(s) the law allows.") % {"n": allowed}
        ]
    if not decision_number.strip():
        errors["decision_number"] = [_("Give the number of the extension decision.")]
    if not reason.strip():
        errors["reason"] = [_("Write why the time is extended.")]
    errors |= _day_between(decided_on, letter.accepted_on or letter.received_on, "decided_on")
    if letter.due_on is not None and decided_on > letter.due_on:
        errors["decided_on"] = [_("An extension is decided before the time runs out.")]
    invalid(errors)
    before = snapshot(letter, "due_on")
    extension = Extension(
        letter=letter,
        decision_number=decision_number.strip(),
        decided_on=decided_on,
        reason=scrub(letter, reason)[0],
        new_due_on=letter.due_on or decided_on,
        created_by=actor,
    )
    extension.save()
    letter.due_on = resolution_due(letter)
    extension.new_due_on = letter.due_on or extension.new_due_on
    extension.save(update_fields=["new_due_on"])
    letter.escalated_on = None
    return save(
        letter,
        actor,
        "letter.extend",
        before,
        ["due_on", "escalated_on"],
        extra={"decision": decision_number.strip(), "extension": done + 1},
    )


@transaction.atomic
def letter_suspend(
    *, actor: User | None, letter: Letter, stopped_on: dt.date, decision_number: str, reason: str
) -> Letter:
    """Suspend the resolution (the clock stops until it resumes)."""
    require(actor, "letters.handle", letter)
    letter = _locked(letter, "suspend")
    errors = _day_between(stopped_on, letter.accepted_on or letter.received_on, "stopped_on")
    if not decision_number.strip():
        errors["decision_number"] = [_("Give the number of the suspension decision.")]
    if not reason.strip():
        errors["reason"] = [_("Write why the resolution is suspended.")]
    last = letter.pauses.order_by("-stopped_on").first()
    if last is not None and last.resumed_on is not None and stopped_on < last.resumed_on:
        errors["stopped_on"] = [_("A suspension starts after the last resumption.")]
    invalid(errors)
    before = snapshot(letter, "due_on")
    LetterPause.objects.create(
        letter=letter,
        stopped_on=stopped_on,
        decision_number=decision_number.strip(),
        reason=scrub(letter, reason)[0],
    )
    letter.state = State.SUSPENDED
    letter.due_on = resolution_due(letter)
    return save(letter, actor, "letter.suspend", before, ["state", "due_on"])


@transaction.atomic
def letter_resume(*, actor: User | None, letter: Letter, resumed_on: dt.date) -> Letter:
    """Resume a suspended resolution; the clock goes on from where it stopped."""
    require(actor, "letters.handle", letter)
    letter = _locked(letter, "resume")
    pause = letter.pauses.filter(resumed_on__isnull=True).get()
    errors = _day_between(resumed_on, pause.stopped_on, "resumed_on")
    invalid(errors)
    before = snapshot(letter, "due_on")
    pause.resumed_on = resumed_on
    pause.save(update_fields=["resumed_on"])
    letter.state = State.ACCEPTED
    letter.due_on = resolution_due(letter)
    letter.escalated_on = None
    return save(letter, actor, "letter.resume", before, ["state", "due_on", "escalated_on"])


# Outcome → (transition, new state, who may reach it).
OUTCOMES = {
    "answer": State.ANSWERED,
    "resolve": State.RESOLVED,
    "withdraw": State.WITHDRAWN,
    "close": State.CLOSED,
}


@transaction.atomic
def letter_settle(
    *,
    actor: User | None,
    letter: Letter,
    outcome: str,
    document_number: str,
    document_date: dt.date,
    summary: str,
) -> Letter:
    """Close the case with its outcome document: the answer to a petition, the decision or
    conclusion resolving a complaint or denunciation, the record of a withdrawal, or the note
    closing a letter not handled here (anonymous, duplicate, out of time, already settled).
    On time when settled by the deadline that governs it. A denunciation's conclusion is then
    due for publication."""
    require(actor, "letters.handle", letter)
    if outcome not in OUTCOMES:
        raise DomainError(
            "invalid", _("Choose an outcome."), fields={"outcome": [_("Choose an outcome.")]}
        )
    letter = Letter.objects.select_for_update().select_related("agency").get(pk=letter.pk)
    errors: dict[str, list[str]] = {}
    if outcome == "resolve" and letter.kind not in (Kind.COMPLAINT, Kind.DENUNCIATION):
        errors["outcome"] = [_("A petition or report is answered, not resolved.")]
    if outcome == "answer" and letter.kind != Kind.PETITION:
        errors["outcome"] = [_("Only a petition or report is answered; resolve the others.")]
    if outcome in ("answer", "resolve") and letter.eligibility != Eligibility.ELIGIBLE:
        errors["outcome"] = [_("A letter not handled here is closed or forwarded.")]
    if outcome == "close" and letter.eligibility in (
        Eligibility.ELIGIBLE,
        Eligibility.NOT_COMPETENT,
    ):
        errors["outcome"] = [
            _(
                "An eligible letter is answered or resolved; a letter outside our "
                "competence is forwarded."
            )
        ]
    if not document_number.strip():
        errors["document_number"] = [_("Give the number of the outcome document.")]
    if not summary.strip():
        errors["summary"] = [_("Summarise the outcome.")]
    errors |= _day_between(document_date, letter.received_on, "document_date")
    invalid(errors)
    check_transition(letter, outcome)
    before = snapshot(letter, "settled_on", "timeliness")
    due = letter.due_on if letter.accepted_on else letter.handling_due_on
    letter.state = OUTCOMES[outcome]
    letter.outcome_number, letter.outcome_date = document_number.strip(), document_date
    (letter.outcome_summary,) = scrub(letter, summary)
    letter.settled_on = document_date
    letter.timeliness = timeliness(document_date, due)
    fields = [
        "state",
        "outcome_number",
        "outcome_date",
        "outcome_summary",
        "settled_on",
        "timeliness",
    ]
    if letter.kind == Kind.DENUNCIATION and outcome == "resolve":
        letter.publish_due_on = deadline(letter, "denunciation.publish_conclusion", document_date)
        fields.append("publish_due_on")
    return save(letter, actor, "letter.settle", before, fields)


@transaction.atomic
def letter_publish(*, actor: User | None, letter: Letter, published_on: dt.date) -> Letter:
    """Record the publication of a denunciation's conclusion."""
    require(actor, "letters.handle", letter)
    letter = _locked(letter, "publish")
    errors: dict[str, list[str]] = {}
    if letter.kind != Kind.DENUNCIATION or letter.published_on is not None:
        errors["published_on"] = [_("Only a denunciation's conclusion is published, once.")]
    errors |= _day_between(published_on, letter.outcome_date or letter.received_on, "published_on")
    invalid(errors)
    before = snapshot(letter, "published_on")
    letter.published_on = published_on
    return save(letter, actor, "letter.publish", before, ["published_on"])


def _heads(agency: Agency, on: dt.date) -> list[User]:
    return [
        m.person
        for m in Membership.objects.active(on)
        .filter(agency=agency, role=Role.HEAD, person__is_active=True)
        .select_related("person")
    ]


def letters_escalate(*, on: dt.date | None = None) -> int:
    """Tell the head of each letter that became overdue (once per deadline), and remind the
    handler two working days before a deadline. Run daily (``danchu letters_remind``)."""
    day = today(on)
    count = 0
    open_letters = (
        Letter.objects.filter(state__in=OPEN_STATES)
        .exclude(kind=Kind.MIXED)
        .select_related("agency", "handler")
    )
    calendars: dict[int, WorkingCalendar] = {}
    for letter in open_letters.iterator():
        due = letter.current_due_on
        if due is None:
            continue
        cal = calendars.setdefault(letter.agency_id, agency_calendar(letter.agency))
        if due < day and letter.escalated_on is None:
            with transaction.atomic():
                locked = Letter.objects.select_for_update().get(pk=letter.pk)
                before = snapshot(locked, "escalated_on")
                locked.escalated_on = day
                save(locked, None, "letter.escalate", before, ["escalated_on"])
                notify(
                    [h.email for h in _heads(letter.agency, day)],
                    _("[%(code)s] Overdue letter") % {"code": letter.code},
                    _("Letter %(code)s passed its deadline of %(due)s.")
                    % {"code": letter.code, "due": due.strftime("%d/%m/%Y")},
                )
            count += 1
        elif due >= day and cal.working_days_between(day, due) == 2 and letter.handler:
            with transaction.atomic():
                notify(
                    [letter.handler.email],
                    _("[%(code)s] Due in two working days") % {"code": letter.code},
                    _("Letter %(code)s is due on %(due)s.")
                    % {"code": letter.code, "due": due.strftime("%d/%m/%Y")},
                )
    return count


def reception_remind(*, on: dt.date | None = None) -> int:
    """From the 15th, remind each head who has not yet held a reception day this month
    (Law 42/2013 Art. 18: at least one day a month)."""
    day = today(on)
    if day.day < 15:
        return 0
    first = day.replace(day=1)
    held = set(
        ReceptionSession.objects.filter(
            kind=SessionKind.HEAD, held_on__gte=first, held_on__lte=day
        ).values_list("agency_id", flat=True)
    )
    reminded = 0
    memberships = (
        Membership.objects.active(day)
        .filter(role=Role.HEAD, person__is_active=True)
        .select_related("person", "agency")
    )
    for m in memberships:
        if m.agency_id in held or not m.agency.is_organisation:
            continue
        with transaction.atomic():
            notify(
                [m.person.email],
                _("Your reception day this month"),
                _("No reception day of the head is recorded for %(month)s yet.")
                % {"month": day.strftime("%m/%Y")},
            )
        reminded += 1
    return reminded


__all__ = [
    "OUTCOMES",
    "letter_accept",
    "letter_extend",
    "letter_mark_complex",
    "letter_publish",
    "letter_resume",
    "letter_settle",
    "letter_suspend",
    "letters_escalate",
    "reception_remind",
]
