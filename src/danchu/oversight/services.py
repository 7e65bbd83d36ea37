"""Writes of the board's work: each checks permission, validates, writes and audits in one
transaction. Clocks come from the rules in force: the term (``board.term``), the union's
recognition (``board.union_recognition``), the notice before an inspection
(``board.inspection_notice``, a minimum) and the head's answer to a recommendation
(``board.recommendation_answer``), each on the rule in force the day its clock starts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from danchu.core.audit import as_created, audit_record
from danchu.core.errors import DomainError, invalid
from danchu.core.models import Agency, Membership, Role, User
from danchu.core.selectors import agency_calendar, clock_deadline, clock_rule_in_force
from danchu.core.services import membership_add, membership_end
from danchu.core.services.common import require
from danchu.oversight.models import (
    AnswerKind,
    BoardSeat,
    BoardTerm,
    DocumentRequest,
    Inspection,
    InspectionState,
    InspectionVote,
    PetitionDecision,
    Programme,
    ProgrammeItem,
    ProgrammeKind,
    Recommendation,
    RecommendationState,
    SeatRole,
    StaffPetition,
    SubjectKind,
    Vote,
)
from danchu.oversight.rules import SMALL_UNIT, is_small
from danchu.tasks import services as tasks
from danchu.tasks.models import SourceKind, Task

Party = User | Agency


def today() -> dt.date:
    return timezone.localdate()


def _org(agency: Agency) -> Agency:
    return agency.organisation or agency


def _record(
    actor: User | None, agency: Agency, verb: str, obj: Any, changes: dict[str, Any]
) -> None:
    audit_record(actor=actor, agency=agency, verb=verb, obj=obj, changes=changes)


def _vn(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def current_term(org: Agency, on: dt.date | None = None) -> BoardTerm | None:
    day = on or today()
    return (
        BoardTerm.objects.filter(agency=org, starts_on__lte=day, ends_on__gte=day)
        .order_by("-starts_on")
        .first()
    )


# --- terms and seats --------------------------------------------------------------------------


@transaction.atomic
def term_create(
    *,
    actor: User | None,
    agency: Agency,
    elected_on: dt.date,
    election_record: str,
    recognised_on: dt.date | None = None,
    recognition_number: str = "",
) -> BoardTerm:
    """Record a term elected by the staff conference (its record named). The term runs from
    the election for the rule's length; the union must recognise it within the rule's working
    days. A unit of 7 staff or fewer has no board: its union executive holds the rights."""
    org = _org(agency)
    require(actor, "oversight.manage_terms", org)
    errors: dict[str, list[str]] = {}
    if is_small(org):
        errors["__all__"] = [
            _(
                "A unit of %(n)d staff or fewer has no People's Inspection Board: its union "
                "executive holds the board's rights (Law 10/2022, Art. 60)."
            )
            % {"n": SMALL_UNIT}
        ]
    if elected_on is None or elected_on > today():
        errors["elected_on"] = [_("Give the day of the election (not in the future).")]
    if not election_record.strip():
        errors["election_record"] = [_("Name the election record (minutes of the conference).")]
    if recognised_on is not None and elected_on is not None and recognised_on < elected_on:
        errors["recognised_on"] = [_("The union recognises the result after the election.")]
    if recognised_on is not None and not recognition_number.strip():
        errors["recognition_number"] = [_("Give the number of the union's decision.")]
    invalid(errors)
    ends = clock_deadline(code="board.term", agency=org, started_on=elected_on)
    due = clock_deadline(code="board.union_recognition", agency=org, started_on=elected_on)
    assert ends is not None and due is not None
    ends -= dt.timedelta(days=1)  # a 2-year term elected on 05/03/2024 ends on 04/03/2026
    if BoardTerm.objects.filter(agency=org, starts_on__lte=ends, ends_on__gte=elected_on).exists():
        invalid({"elected_on": [_("Another term of the board covers these dates.")]})
    term = BoardTerm.objects.create(
        agency=org,
        elected_on=elected_on,
        starts_on=elected_on,
        ends_on=ends,
        election_record=election_record.strip(),
        recognition_due=due,
        recognised_on=recognised_on,
        recognition_number=recognition_number.strip(),
    )
    _record(
        actor,
        org,
        "board_term.create",
        term,
        as_created({"starts_on": elected_on, "ends_on": ends, "recognition_due": due}),
    )
    return term


@transaction.atomic
def term_recognise(
    *, actor: User | None, term: BoardTerm, recognised_on: dt.date, number: str
) -> BoardTerm:
    require(actor, "oversight.manage_terms", term)
    errors: dict[str, list[str]] = {}
    if term.recognised_on is not None:
        errors["__all__"] = [_("This term is already recognised.")]
    if recognised_on is None or recognised_on < term.elected_on or recognised_on > today():
        errors["recognised_on"] = [_("The recognition falls between the election and today.")]
    if not number.strip():
        errors["number"] = [_("Give the number of the union's decision.")]
    invalid(errors)
    term.recognised_on, term.recognition_number = recognised_on, number.strip()
    term.save(update_fields=["recognised_on", "recognition_number"])
    _record(
        actor,
        term.agency,
        "board_term.recognise",
        term,
        {"recognised_on": [None, recognised_on], "late": recognised_on > term.recognition_due},
    )
    return term


@transaction.atomic
def seat_add(
    *,
    actor: User | None,
    term: BoardTerm,
    person: User,
    role: str,
    start: dt.date,
    basis: str,
    replaces: BoardSeat | None = None,
) -> BoardSeat:
    """Seat a member for the rest of the term, with the board role that gives them the
    board's rights everywhere. The head, the deputies (and the chief accountant) cannot sit
    (the membership service refuses them). A replacement names the ended seat it fills."""
    require(actor, "oversight.manage_terms", term)
    errors: dict[str, list[str]] = {}
    if role not in SeatRole.values:
        errors["role"] = [_("Choose the member's role on the board.")]
    if start is None or not term.starts_on <= start <= term.ends_on:
        errors["start"] = [
            _("The seat starts within the term (%(a)s – %(b)s).")
            % {"a": _vn(term.starts_on), "b": _vn(term.ends_on)}
        ]
    if not basis.strip():
        errors["basis"] = [_("Name the decision (the conference's election or replacement).")]
    works_here = (
        Membership.objects.active(start)
        .filter(person=person, agency__path__startswith=term.agency.path, person__is_active=True)
        .exists()
    )
    if not works_here:
        errors["person"] = [_("Only someone working in the unit can sit on its board.")]
    sitting = term.seats.filter(end__isnull=True)
    if sitting.filter(person=person).exists():
        errors["person"] = [_("This person already sits on the board.")]
    if role == SeatRole.HEAD and sitting.filter(role=SeatRole.HEAD).exists():
        errors["role"] = [_("The board already has a head; end that seat first.")]
    if replaces is not None and (
        replaces.term_id != term.pk
        or replaces.end is None
        or BoardSeat.objects.filter(replaces=replaces).exists()
    ):
        errors["replaces"] = [_("Choose a seat of this term that was ended and not yet filled.")]
    invalid(errors)
    # A board role entered earlier by an administrator for this person and these dates (the
    # roles page, before the board's records were kept here) is taken over, not doubled.
    membership = (
        Membership.objects.filter(
            person=person,
            agency=term.agency,
            role=Role.BOARD_MEMBER,
            start__lte=start,
            board_seat__isnull=True,
        )
        .filter(Q(end__isnull=True) | Q(end__gte=term.ends_on))
        .first()
    ) or _board_role(term, person, role, start, basis)
    seat = BoardSeat.objects.create(
        term=term,
        person=person,
        role=role,
        membership=membership,
        start=start,
        basis=basis.strip(),
        replaces=replaces,
    )
    _record(
        actor,
        term.agency,
        "board_seat.add",
        seat,
        as_created({"person": str(person), "role": role, "replaces": replaces and replaces.pk}),
    )
    return seat


def _board_role(term: BoardTerm, person: User, role: str, start: dt.date, basis: str) -> Membership:
    try:
        return membership_add(
            actor=None,  # the seat is the permission: the union, not the administrator, decides
            person=person,
            agency=term.agency,
            role=Role.BOARD_MEMBER,
            start=start,
            end=term.ends_on,
            position=str(SeatRole(role).label),
            basis=basis,
        )
    except DomainError as exc:
        # The membership rules speak of its "role"; here it is the person who cannot sit.
        raise DomainError(exc.code, exc.message, fields={"person": [exc.message]}) from exc


@transaction.atomic
def seat_end(*, actor: User | None, seat: BoardSeat, end: dt.date, reason: str) -> BoardSeat:
    """A member leaves the board (resignation, transfer, dismissal by the conference)."""
    require(actor, "oversight.manage_terms", seat.term)
    errors: dict[str, list[str]] = {}
    if seat.end is not None:
        errors["__all__"] = [_("This seat has already ended.")]
    if end is None or end < seat.start or end > seat.term.ends_on:
        errors["end"] = [_("The seat ends within the term, after it started.")]
    if not reason.strip():
        errors["reason"] = [_("Say why the member leaves.")]
    invalid(errors)
    seat.end, seat.end_reason = end, reason.strip()
    seat.save(update_fields=["end", "end_reason"])
    membership_end(actor=None, membership=seat.membership, end=end)
    _record(actor, seat.term.agency, "board_seat.end", seat, {"end": [None, end]})
    return seat


# --- programmes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemIn:
    subject: str
    planned_from: dt.date
    planned_to: dt.date
    members: str
    budget: int = 0


PERIODS = {ProgrammeKind.QUARTER: 4, ProgrammeKind.HALF: 2, ProgrammeKind.YEAR: 0}


@transaction.atomic
def programme_create(
    *,
    actor: User | None,
    agency: Agency,
    kind: str,
    year: int,
    title: str,
    period: int = 0,
    items: Sequence[ItemIn] = (),
) -> Programme:
    """The board's programme for a quarter, a half-year or a year, with what it will
    supervise, when, who and with what budget; the union executive approves it."""
    org = _org(agency)
    require(actor, "oversight.act", org)
    errors: dict[str, list[str]] = {}
    if kind not in ProgrammeKind.values:
        errors["kind"] = [_("Choose the kind of programme.")]
    elif PERIODS[ProgrammeKind(kind)] and not 1 <= (period or 0) <= PERIODS[ProgrammeKind(kind)]:
        errors["period"] = [_("Choose the quarter (1–4) or the half (1–2).")]
    if not 2000 <= (year or 0) <= 2100:
        errors["year"] = [_("Give the year.")]
    if not title.strip():
        errors["title"] = [_("Give the programme's title.")]
    errors |= _item_errors(items, year)
    invalid(errors)
    programme = Programme.objects.create(
        agency=org,
        term=current_term(org),
        kind=kind,
        year=year,
        period=period if kind != ProgrammeKind.YEAR else 0,
        title=title.strip(),
    )
    ProgrammeItem.objects.bulk_create(
        [
            ProgrammeItem(
                programme=programme,
                subject=i.subject.strip(),
                planned_from=i.planned_from,
                planned_to=i.planned_to,
                members=i.members.strip(),
                budget=i.budget,
            )
            for i in items
        ]
    )
    _record(actor, org, "programme.create", programme, as_created({"items": len(items)}))
    return programme


def _item_errors(items: Sequence[ItemIn], year: int) -> dict[str, list[str]]:
    for i in items:
        if not i.subject.strip():
            return {"items": [_("Say what each item supervises.")]}
        if i.planned_from is None or i.planned_to is None or i.planned_to < i.planned_from:
            return {"items": [_("Each item ends after it starts.")]}
        if not i.members.strip():
            return {"items": [_("Say who carries out each item.")]}
        if i.budget is None or i.budget < 0:
            return {"items": [_("A budget is a whole number of đồng, 0 or more.")]}
    return {}


@transaction.atomic
def programme_item_add(*, actor: User | None, programme: Programme, item: ItemIn) -> ProgrammeItem:
    require(actor, "oversight.act", programme)
    if programme.approved_on is not None:
        raise DomainError("approved", _("An approved programme cannot change."))
    invalid(_item_errors([item], programme.year))
    added = ProgrammeItem.objects.create(
        programme=programme,
        subject=item.subject.strip(),
        planned_from=item.planned_from,
        planned_to=item.planned_to,
        members=item.members.strip(),
        budget=item.budget,
    )
    _record(actor, programme.agency, "programme.item", programme, {"item": [None, added.subject]})
    return added


@transaction.atomic
def programme_approve(*, actor: User | None, programme: Programme) -> Programme:
    """The union executive approves the programme (Decree 59/2023)."""
    require(actor, "oversight.approve", programme)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.approved_on is not None:
        raise DomainError("approved", _("This programme is already approved."))
    if not programme.items.exists():
        raise DomainError("empty", _("A programme needs at least one item to be approved."))
    programme.approved_by, programme.approved_on = actor, today()
    programme.save(update_fields=["approved_by", "approved_on"])
    _record(actor, programme.agency, "programme.approve", programme, {"approved": [False, True]})
    return programme


# --- inspections ------------------------------------------------------------------------------


def earliest_start(org: Agency, notified_on: dt.date) -> dt.date:
    """The first day an inspection may start: the notice period of the rule in force on the
    notice day, in its unit, on the unit's calendar."""
    rule = clock_rule_in_force(code="board.inspection_notice", agency=org, on=notified_on)
    cal = agency_calendar(org)
    if rule.unit == "working_days":
        return cal.add_working_days(notified_on, rule.length)
    return cal.add_calendar_days(notified_on, rule.length)


@transaction.atomic
def inspection_create(
    *,
    actor: User | None,
    agency: Agency,
    subject_kind: str,
    subject: str,
    inspected_party: str,
    notice_number: str,
    notified_on: dt.date,
    starts_on: dt.date,
    programme_item: ProgrammeItem | None = None,
    petition: StaffPetition | None = None,
) -> Inspection:
    """Give notice of an inspection: it may start only after the rule's notice (at least 5
    working days after the notice is sent)."""
    org = _org(agency)
    require(actor, "oversight.act", org)
    errors: dict[str, list[str]] = {}
    if subject_kind not in SubjectKind.values:
        errors["subject_kind"] = [_("Choose what kind of matter is inspected.")]
    if not subject.strip():
        errors["subject"] = [_("Say what is inspected.")]
    if not inspected_party.strip():
        errors["inspected_party"] = [_("Say who is inspected.")]
    if not notice_number.strip():
        errors["notice_number"] = [_("Give the notice's number.")]
    if notified_on is None or notified_on > today():
        errors["notified_on"] = [_("Record the notice once it is sent.")]
    if programme_item is not None and programme_item.programme.agency_id != org.pk:
        errors["programme_item"] = [_("Choose an item of this unit's programme.")]
    elif (
        programme_item is not None
        and not Programme.objects.filter(
            pk=programme_item.programme_id, approved_on__isnull=False
        ).exists()
    ):
        errors["programme_item"] = [_("The programme is not approved by the union yet.")]
    if petition is not None and petition.agency_id != org.pk:
        errors["petition"] = [_("Choose a petition to this unit's board.")]
    if subject_kind == SubjectKind.PETITION and petition is None:
        errors["petition"] = [_("Choose the petition this inspection verifies.")]
    if petition is not None and petition.decision != PetitionDecision.VERIFY:
        errors["petition"] = [_("The board has not decided to verify this petition.")]
    invalid(errors)
    earliest = earliest_start(org, notified_on)
    if starts_on is None or starts_on < earliest:
        rule = clock_rule_in_force(code="board.inspection_notice", agency=org, on=notified_on)
        invalid(
            {
                "starts_on": [
                    _(
                        "The inspected party must have at least %(n)d %(unit)s' notice: with the "
                        "notice sent on %(sent)s the inspection can start on %(day)s at the "
                        "earliest (%(basis)s)."
                    )
                    % {
                        "n": rule.length,
                        "unit": rule.get_unit_display(),
                        "sent": _vn(notified_on),
                        "day": _vn(earliest),
                        "basis": f"{rule.legal_basis} {rule.article}".strip(),
                    }
                ]
            }
        )
    inspection = Inspection.objects.create(
        agency=org,
        term=current_term(org, notified_on),
        programme_item=programme_item,
        petition=petition,
        subject_kind=subject_kind,
        subject=subject.strip(),
        inspected_party=inspected_party.strip(),
        notice_number=notice_number.strip(),
        notified_on=notified_on,
        starts_on=starts_on,
        earliest_start=earliest,
        created_by=actor,
    )
    _record(
        actor,
        org,
        "inspection.create",
        inspection,
        as_created({"notified_on": notified_on, "starts_on": starts_on, "earliest": earliest}),
    )
    return inspection


@transaction.atomic
def document_request(
    *, actor: User | None, inspection: Inspection, what: str, due_on: dt.date
) -> DocumentRequest:
    """The board asks the head for information or documents by a date."""
    require(actor, "oversight.act", inspection)
    errors: dict[str, list[str]] = {}
    if not what.strip():
        errors["what"] = [_("Say what information or documents are needed.")]
    if due_on is None or due_on < today():
        errors["due_on"] = [_("The date to supply them by cannot be in the past.")]
    invalid(errors)
    request = DocumentRequest.objects.create(
        inspection=inspection, what=what.strip(), asked_on=today(), due_on=due_on
    )
    _record(actor, inspection.agency, "inspection.request", inspection, {"due_on": [None, due_on]})
    return request


@transaction.atomic
def document_supply(
    *, actor: User | None, request: DocumentRequest, answer: str
) -> DocumentRequest:
    """The head (or a deputy) supplies what was asked; late supply stays recorded as a breach."""
    inspection = request.inspection
    require(actor, "oversight.answer", inspection)
    request = DocumentRequest.objects.select_for_update().get(pk=request.pk)
    if request.supplied_on is not None:
        raise DomainError("supplied", _("This request was already answered."))
    if not answer.strip():
        invalid({"answer": [_("Say what was supplied (documents, references).")]})
    request.supplied_on, request.answer, request.supplied_by = today(), answer.strip(), actor
    request.save(update_fields=["supplied_on", "answer", "supplied_by"])
    _record(
        actor,
        inspection.agency,
        "inspection.supply",
        inspection,
        {"supplied_on": [None, request.supplied_on], "late": request.supplied_on > request.due_on},
    )
    return request


def sitting_members(org: Agency, on: dt.date) -> list[User]:
    seats = BoardSeat.objects.filter(
        term__agency=org, start__lte=on, term__ends_on__gte=on
    ).exclude(end__lt=on)
    return [s.person for s in seats.select_related("person").order_by("person__sort_key")]


@transaction.atomic
def inspection_conclude(
    *,
    actor: User | None,
    inspection: Inspection,
    findings: str,
    votes: Mapping[int, str],
    on: dt.date | None = None,
) -> Inspection:
    """The board adopts its findings by a majority of its members (more than half of those
    sitting, not of those voting); each member's vote is recorded. In a small unit the union
    executive decides as a body, with no board members to count."""
    require(actor, "oversight.act", inspection)
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    day = on or today()
    errors: dict[str, list[str]] = {}
    if inspection.state != InspectionState.NOTIFIED:
        errors["__all__"] = [_("The findings of this inspection are already adopted.")]
    if day < inspection.starts_on or day > today():
        errors["on"] = [_("The findings are adopted after the inspection starts, by today.")]
    if not findings.strip():
        errors["findings"] = [_("Write the findings.")]
    members = sitting_members(inspection.agency, day)
    by_id = {m.pk: m for m in members}
    if any(k not in by_id for k in votes) or any(v not in Vote.values for v in votes.values()):
        errors["votes"] = [_("Only the board's sitting members vote: for, against or abstain.")]
    invalid(errors)
    tally = {v: sum(1 for x in votes.values() if x == v) for v in Vote.values}
    if not members and not is_small(inspection.agency):
        invalid({"votes": [_("The board has no sitting member: seat its members first.")]})
    if members and 2 * tally[Vote.FOR] <= len(members):
        invalid(
            {
                "votes": [
                    _(
                        "The findings are not adopted: %(yes)d of the board's %(n)d members "
                        "voted for; more than half of the members are needed."
                    )
                    % {"yes": tally[Vote.FOR], "n": len(members)}
                ]
            }
        )
    InspectionVote.objects.bulk_create(
        [InspectionVote(inspection=inspection, member=by_id[k], vote=v) for k, v in votes.items()]
    )
    inspection.findings, inspection.concluded_on = findings.strip(), day
    inspection.votes_for, inspection.votes_against = tally[Vote.FOR], tally[Vote.AGAINST]
    inspection.votes_abstain, inspection.seats = tally[Vote.ABSTAIN], len(members)
    inspection.state = InspectionState.CONCLUDED
    inspection.save()
    _record(
        actor,
        inspection.agency,
        "inspection.conclude",
        inspection,
        {"state": [InspectionState.NOTIFIED, InspectionState.CONCLUDED], "votes": tally},
    )
    return inspection


@transaction.atomic
def inspection_report(
    *, actor: User | None, inspection: Inspection, result_to: str, sent_on: dt.date
) -> Inspection:
    """The written result goes to whoever raised the matter (the conference, the union, the
    petitioner, the head)."""
    require(actor, "oversight.act", inspection)
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    errors: dict[str, list[str]] = {}
    if inspection.state != InspectionState.CONCLUDED:
        errors["__all__"] = [_("Send the result once the findings are adopted.")]
    if not result_to.strip():
        errors["result_to"] = [_("Say to whom the result is sent.")]
    if (
        sent_on is None
        or sent_on > today()
        or (inspection.concluded_on and sent_on < inspection.concluded_on)
    ):
        errors["sent_on"] = [_("The result is sent after the findings, by today.")]
    invalid(errors)
    inspection.result_to, inspection.result_sent_on = result_to.strip(), sent_on
    inspection.state = InspectionState.REPORTED
    inspection.save(update_fields=["result_to", "result_sent_on", "state"])
    _record(
        actor,
        inspection.agency,
        "inspection.report",
        inspection,
        {"state": [InspectionState.CONCLUDED, InspectionState.REPORTED]},
    )
    return inspection


# --- recommendations --------------------------------------------------------------------------


@transaction.atomic
def recommendation_create(
    *,
    actor: User,
    agency: Agency,
    number: str,
    content: str,
    received_on: dt.date,
    inspection: Inspection | None = None,
) -> Recommendation:
    """Send a recommendation to the head: the answer is due by the rule in force on the day
    the head received it (15 days: received 02/03/2026, due 17/03/2026)."""
    org = _org(agency)
    require(actor, "oversight.act", org)
    errors: dict[str, list[str]] = {}
    if not number.strip():
        errors["number"] = [_("Give the recommendation's number.")]
    elif Recommendation.objects.filter(agency=org, number=number.strip()).exists():
        errors["number"] = [_("A recommendation with this number already exists.")]
    if not content.strip():
        errors["content"] = [_("Write the recommendation.")]
    if received_on is None or received_on > today():
        errors["received_on"] = [_("Give the day the head received it (not in the future).")]
    if inspection is not None and inspection.agency_id != org.pk:
        errors["inspection"] = [_("Choose an inspection of this unit.")]
    elif (
        inspection is not None
        and not Inspection.objects.filter(pk=inspection.pk, concluded_on__isnull=False).exists()
    ):
        errors["inspection"] = [_("Recommend from an inspection once its findings are adopted.")]
    invalid(errors)
    due = clock_deadline(code="board.recommendation_answer", agency=org, started_on=received_on)
    assert due is not None
    recommendation = Recommendation.objects.create(
        agency=org,
        inspection=inspection,
        number=number.strip(),
        content=content.strip(),
        sent_by=actor,
        received_on=received_on,
        due_on=due,
    )
    _record(
        actor,
        org,
        "recommendation.create",
        recommendation,
        as_created({"received_on": received_on, "due_on": due}),
    )
    return recommendation


@dataclass(frozen=True)
class ActionIn:
    """An action the head commits to: it becomes a task with one lead."""

    title: str
    lead: Party | None
    due_on: dt.date | None
    deliverable: str = ""
    supports: Sequence[Party] = field(default_factory=tuple)


@transaction.atomic
def recommendation_answer(
    *,
    actor: User,
    recommendation: Recommendation,
    kind: str,
    answer: str,
    actions: Sequence[ActionIn] = (),
    acting_for_head: str = "",
) -> Recommendation:
    """The head answers: accepted (with actions), partly (with actions and the reasons for the
    rest) or not accepted (with reasons). A deputy answers only acting for the head, saying on
    whose authorisation. Each action becomes a task assigned by the one who answers, linked
    back to the recommendation. Whether the answer was on time stays visible."""
    require(actor, "oversight.answer", recommendation)
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    org = recommendation.agency
    is_head = actor.is_superuser or Role.HEAD in _roles(actor, org)
    errors: dict[str, list[str]] = {}
    if recommendation.state != RecommendationState.SENT:
        errors["__all__"] = [_("This recommendation is already answered.")]
    if not is_head and not acting_for_head.strip():
        errors["acting_for_head"] = [
            _(
                "Only the head answers; a deputy answers acting for the head: say by whose "
                "authorisation."
            )
        ]
    if kind not in AnswerKind.values:
        errors["kind"] = [_("Choose the answer.")]
    if not answer.strip():
        errors["answer"] = [
            _("Give the reasons for not accepting.")
            if kind == AnswerKind.REFUSED
            else _("Write the answer.")
        ]
    if kind in (AnswerKind.ACCEPTED, AnswerKind.PARTLY) and not actions:
        errors["actions"] = [_("An accepted recommendation needs at least one action.")]
    if kind == AnswerKind.REFUSED and actions:
        errors["actions"] = [_("A recommendation not accepted has no actions.")]
    for i, action in enumerate(actions, 1):
        if not action.title.strip() or action.lead is None or action.due_on is None:
            errors["actions"] = [
                _("Action %(n)d needs what is to be done, one lead and a deadline.") % {"n": i}
            ]
            break
        if action.due_on < today():
            errors["actions"] = [
                _("Action %(n)d: the deadline must be today (%(day)s) or later.")
                % {"n": i, "day": _vn(today())}
            ]
            break
    invalid(errors)
    day = today()
    for action in actions:
        assert action.lead is not None and action.due_on is not None
        try:
            tasks.task_create(
                actor=actor,
                agency=org,
                title=action.title,
                deliverable=action.deliverable or action.title,
                authority=_(
                    "Recommendation %(number)s of the People's Inspection Board "
                    "(Law 10/2022, Art. 63)"
                )
                % {"number": recommendation.number},
                leads=[action.lead],
                supports=action.supports,
                start_on=day,
                due_on=action.due_on,
                source_kind=SourceKind.RECOMMENDATION,
                source_id=recommendation.pk,
                source_label=_("Recommendation %(number)s") % {"number": recommendation.number},
            )
        except DomainError as exc:
            field_errors = [m for msgs in exc.fields.values() for m in msgs] or [exc.message]
            invalid({"actions": [f"{action.title}: {field_errors[0]}"]})
    recommendation.state = RecommendationState.ANSWERED
    recommendation.answer_kind, recommendation.answer = kind, answer.strip()
    recommendation.answered_on, recommendation.answered_by = day, actor
    recommendation.acting_for_head = "" if is_head else acting_for_head.strip()
    recommendation.save()
    _record(
        actor,
        org,
        "recommendation.answer",
        recommendation,
        {
            "state": [RecommendationState.SENT, RecommendationState.ANSWERED],
            "answer_kind": [None, kind],
            "actions": len(actions),
            "on_time": day <= recommendation.due_on,
        },
    )
    return recommendation


def _roles(actor: User, org: Agency) -> set[str]:
    from danchu.core.scope import scope_for

    return scope_for(actor).roles_in_organisation(org)


def open_actions(recommendation: Recommendation) -> int:
    return (
        Task.objects.filter(source_kind=SourceKind.RECOMMENDATION, source_id=recommendation.pk)
        .filter(state__in=["assigned", "submitted"])
        .count()
    )


@transaction.atomic
def recommendation_close(
    *, actor: User, recommendation: Recommendation, note: str
) -> Recommendation:
    """The board closes a recommendation it is satisfied with: every action done (or the
    refusal's reasons accepted), with its assessment."""
    require(actor, "oversight.act", recommendation)
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    errors: dict[str, list[str]] = {}
    if recommendation.state != RecommendationState.ANSWERED:
        errors["__all__"] = [_("Only an answered recommendation can be closed.")]
    elif n := open_actions(recommendation):
        errors["__all__"] = [
            ngettext(
                "%(n)d action is not done yet: the recommendation stays open.",
                "%(n)d actions are not done yet: the recommendation stays open.",
                n,
            )
            % {"n": n}
        ]
    if not note.strip():
        errors["note"] = [_("Write the board's assessment.")]
    invalid(errors)
    recommendation.state, recommendation.closed_on = RecommendationState.CLOSED, today()
    recommendation.closing_note = note.strip()
    recommendation.save(update_fields=["state", "closed_on", "closing_note"])
    _record(
        actor,
        recommendation.agency,
        "recommendation.close",
        recommendation,
        {"state": [RecommendationState.ANSWERED, RecommendationState.CLOSED]},
    )
    return recommendation


@transaction.atomic
def recommendation_reopen(
    *, actor: User, recommendation: Recommendation, note: str
) -> Recommendation:
    """The board is not satisfied with the answer or its execution: the head must answer
    again, on a new clock from today (the earlier answer stays in the log)."""
    require(actor, "oversight.act", recommendation)
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    errors: dict[str, list[str]] = {}
    if recommendation.state == RecommendationState.SENT:
        errors["__all__"] = [_("This recommendation is still waiting for its answer.")]
    if not note.strip():
        errors["note"] = [_("Say why the board reopens it.")]
    invalid(errors)
    day = today()
    due = clock_deadline(
        code="board.recommendation_answer", agency=recommendation.agency, started_on=day
    )
    assert due is not None
    before = {
        "received_on": recommendation.received_on,
        "due_on": recommendation.due_on,
        "state": recommendation.state,
        "answer_kind": recommendation.answer_kind,
        "answer": recommendation.answer,
        "answered_on": recommendation.answered_on,
    }
    recommendation.state = RecommendationState.SENT
    recommendation.received_on, recommendation.due_on = day, due
    recommendation.answer_kind, recommendation.answer = "", ""
    recommendation.answered_on, recommendation.answered_by = None, None
    recommendation.acting_for_head, recommendation.closed_on = "", None
    recommendation.closing_note = note.strip()
    recommendation.reopened += 1
    recommendation.save()
    _record(
        actor,
        recommendation.agency,
        "recommendation.reopen",
        recommendation,
        {"before": before, "due_on": [None, due], "reason": note.strip()},
    )
    return recommendation


# --- staff petitions --------------------------------------------------------------------------


@transaction.atomic
def petition_send(
    *, actor: User, agency: Agency, subject: str, text: str, anonymous: bool = False
) -> StaffPetition:
    """A staff member petitions the board. Anonymous: no author, a random id, the day only,
    and no audit event (its time would sit next to the person's own events)."""
    org = _org(agency)
    require(actor, "oversight.petition", org)
    errors: dict[str, list[str]] = {}
    if not subject.strip():
        errors["subject"] = [_("Give the petition a subject.")]
    if not text.strip():
        errors["text"] = [_("Write the petition.")]
    invalid(errors)
    petition = StaffPetition.objects.create(
        agency=org,
        author=None if anonymous else actor,
        received_on=today(),
        subject=subject.strip(),
        text=text.strip(),
    )
    if not anonymous:
        _record(actor, org, "petition.send", petition, as_created({"subject": petition.subject}))
    return petition


@transaction.atomic
def petition_decide(
    *, actor: User, petition: StaffPetition, verify: bool, reason: str
) -> StaffPetition:
    """The board decides whether to verify the petition (by an inspection), with its reason."""
    require(actor, "oversight.act", petition)
    petition = StaffPetition.objects.select_for_update().get(pk=petition.pk)
    errors: dict[str, list[str]] = {}
    if petition.decision:
        errors["__all__"] = [_("The board has already decided on this petition.")]
    if not reason.strip():
        errors["reason"] = [_("Give the reason for the decision.")]
    invalid(errors)
    petition.decision = PetitionDecision.VERIFY if verify else PetitionDecision.NOT_VERIFIED
    petition.decision_reason, petition.decided_on = reason.strip(), today()
    petition.save(update_fields=["decision", "decision_reason", "decided_on"])
    _record(
        actor, petition.agency, "petition.decide", petition, {"decision": [None, petition.decision]}
    )
    return petition


@transaction.atomic
def petition_answer(*, actor: User, petition: StaffPetition, answer: str) -> StaffPetition:
    require(actor, "oversight.act", petition)
    petition = StaffPetition.objects.select_for_update().get(pk=petition.pk)
    errors: dict[str, list[str]] = {}
    if not petition.decision:
        errors["__all__"] = [_("Decide first whether the petition is verified.")]
    elif petition.answered_on is not None:
        errors["__all__"] = [_("This petition is already answered.")]
    if not answer.strip():
        errors["answer"] = [_("Write the answer.")]
    invalid(errors)
    petition.answer, petition.answered_on = answer.strip(), today()
    petition.save(update_fields=["answer", "answered_on"])
    _record(actor, petition.agency, "petition.answer", petition, {"answered_on": [None, today()]})
    return petition
