"""API of the staff conference and the dialogues: conferences with their roll, check-in,
quorum and agenda; polls (show of hands, named, secret and paper ballots, opinion slips) with
their candidates, votes and counts — the result only once the poll is closed, a secret
ballot's box only as its published contents; the board elected; the resolution with its
tasks and reviews; dialogues with their questions (an anonymous one never carries its author)
and the commitments made there.

A check-in code is shown only to those who run the conference and to the delegate it
belongs to. A lead is ``lead_person_id`` or ``lead_unit_id``."""

import contextlib
import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Annotated, Any

from django.db.models import Case, CharField, F, Value, When
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import CursorPagination, paginate
from pydantic import AfterValidator, WithJsonSchema

from danchu.conference import selectors, services
from danchu.conference.models import (
    Conference,
    Delegate,
    Dialogue,
    Poll,
    PollState,
    Question,
    Resolution,
)
from danchu.core import selectors as core_selectors
from danchu.core.api import ERRORS, Id, api_actor
from danchu.core.errors import DomainError, Forbidden, NotFound
from danchu.core.models import Agency
from danchu.oversight.api import TermOut
from danchu.tasks.api import PartyIn, TaskOut, party

router = Router(tags=["conference"])


def _local_time(value: dt.time) -> dt.time:
    """A conference starts at the agency's local time: one with a UTC offset is refused (the
    database keeps a time without one)."""
    if value.utcoffset() is not None:
        raise ValueError("a local time has no UTC offset")
    return value


# Pydantic documents a time as ``format: time``: RFC 3339, with a UTC offset ("08:00:00+07:00").
# A conference's time is local, sent and answered without one ("08:00:00").
LocalTime = Annotated[
    dt.time,
    AfterValidator(_local_time),
    WithJsonSchema(
        {"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$", "examples": ["08:00:00"]}
    ),
]


def _unit(request: HttpRequest, unit_id: int, perm: str) -> Agency:
    agency = core_selectors.agency_get(actor=api_actor(request), pk=unit_id)
    org = agency.organisation or agency
    if not api_actor(request).has_perm(perm, org):
        raise Forbidden()
    return org


@contextlib.contextmanager
def _payload_names(**names: str) -> Iterator[None]:
    """The services name the form's fields (``chair``); say them in the payload's words
    (``chair_id``)."""
    try:
        yield
    except DomainError as exc:
        for old, new in names.items():
            if old in exc.fields:
                exc.fields[new] = exc.fields.pop(old)
        raise


# --- schemas ----------------------------------------------------------------------------------


class QuorumOut(Schema):
    present: int
    summoned: int
    needed: int
    reached: bool


class AgendaItemOut(Schema):
    id: int
    position: int
    kind: str
    title: str
    presenter: str


class PollBriefOut(Schema):
    id: int
    kind: str
    method: str
    title: str
    state: str


class ConferenceOut(Schema):
    id: int
    agency_id: int
    kind: str
    year: int
    title: str
    held_on: dt.date
    starts_at: LocalTime
    place: str
    attendance: str
    deadline: dt.date | None
    late_reason: str
    requested_by: str
    request_id: int | None
    convocation: int
    previous_id: int | None
    state: str
    chair_id: int
    secretary_id: int
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    present_at_open: int | None
    summoned_at_open: int | None
    minutes: str


class ConferenceListOut(ConferenceOut):
    summoned: int
    present: int


class ConferenceDetailOut(ConferenceOut):
    quorum: QuorumOut
    agenda: list[AgendaItemOut]
    polls: list[PollBriefOut]
    resolution_id: int | None


class ConveneIn(Schema):
    kind: str
    year: int
    title: str
    held_on: dt.date
    starts_at: LocalTime
    place: str
    chair_id: int
    secretary_id: int
    delegate_ids: list[Id] = []
    late_reason: str = ""
    requested_by: str = ""
    request_id: int | None = None


class DelegateOut(Schema):
    id: int
    person_id: int
    person_name: str
    unit_id: int
    code: str | None  # for who runs the conference and the delegate themself; else null
    checked_in_at: dt.datetime | None
    absent_reason: str

    @staticmethod
    def resolve_person_name(delegate: Delegate) -> str:
        return delegate.person.full_name

    @staticmethod
    def resolve_code(delegate: Delegate) -> str | None:
        return getattr(delegate, "shown_code", None)


class CheckInIn(Schema):
    code: str = ""
    delegate_id: int | None = None


class MinutesIn(Schema):
    minutes: str = ""


class AgendaIn(Schema):
    kind: str
    title: str
    presenter: str = ""


class PollIn(Schema):
    kind: str
    method: str
    title: str
    text: str = ""
    seats: int | None = None
    tie_rule: str = ""
    agenda_item_id: int | None = None


class RuleOut(Schema):
    code: str
    base: str
    comparator: str
    numerator: int
    denominator: int
    fraction: str


class TurnoutOut(Schema):
    entitled: int
    present: int
    voted: int


class CandidateOut(Schema):
    id: int
    person_id: int
    person_name: str
    nominated_by: str

    @staticmethod
    def resolve_person_name(candidate: Any) -> str:
        return str(candidate.person.full_name)


class CandidateResultOut(Schema):
    id: int
    person_id: int
    votes: int | None
    elected: bool
    by_lot: bool


class ResultOut(Schema):
    cast: int | None
    valid: int | None
    blank: int | None
    invalid: int | None
    yes: int | None
    no: int | None
    abstain: int | None
    adopted: bool | None
    note: str
    candidates: list[CandidateResultOut]
    runoff_ids: list[int]


class PollOut(Schema):
    id: int
    conference_id: int
    agenda_item_id: int | None
    kind: str
    method: str
    title: str
    text: str
    state: str
    rule: RuleOut
    seats: int | None
    tie_rule: str
    runoff_of_id: int | None
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    summoned: int | None
    present: int | None
    turnout: TurnoutOut | None  # while the poll is open: how many voted, never how
    voted: bool | None  # has the person asking voted; null when not entitled to
    candidates: list[CandidateOut]
    result: ResultOut | None  # only once the poll is closed
    board_term_id: int | None


class CandidateIn(Schema):
    person_id: int
    nominated_by: str = ""


class VoteIn(Schema):
    choice: str = ""
    marks: list[Id] = []


class VotedOut(Schema):
    poll_id: int
    receipt: str | None  # a secret ballot's receipt code, shown this once


class SlipIn(Schema):
    person_id: int
    choice: str = ""


class PollSlipOut(Schema):
    id: int
    poll_id: int
    person_id: int
    choice: str


class PaperIn(Schema):
    issued: int
    cast: int
    blank: int = 0
    invalid: int = 0
    yes: int = 0
    no: int = 0
    abstain: int = 0
    tallies: dict[int, int] = {}
    committee: str = ""
    reason: str = ""


class PaperOut(Schema):
    poll_id: int
    issued: int
    cast: int
    blank: int
    invalid: int
    yes: int
    no: int
    abstain: int
    tallies: dict[str, int]
    committee: str


class HandsIn(Schema):
    yes: int
    no: int
    abstain: int


class CloseIn(Schema):
    hands: HandsIn | None = None


class BallotOut(Schema):
    choice: str
    marks: list[int]


class BallotsOut(Schema):
    ballots: list[BallotOut]
    recount: dict[str, int]


class ReceiptIn(Schema):
    code: str


class ReceiptOut(Schema):
    counted: bool


class BoardIn(Schema):
    head_id: int


class ReviewOut(Schema):
    id: int
    due_on: dt.date
    held_on: dt.date | None
    summary: str
    publication_id: int | None


class ResolutionOut(Schema):
    id: int
    conference_id: int
    number: str
    text: str
    poll_id: int | None
    adopted_on: dt.date | None
    publication_id: int | None
    reviews: list[ReviewOut]
    task_ids: list[int]


class ResolutionIn(Schema):
    text: str = ""


class ConferenceTaskIn(Schema):
    title: str
    deliverable: str
    lead_person_id: int | None = None
    lead_unit_id: int | None = None
    due_on: dt.date | None = None


class ReviewIn(Schema):
    summary: str = ""
    publish: bool = True


class DialogueOut(Schema):
    id: int
    agency_id: int
    title: str
    reason: str
    basis: str
    state: str
    held_on: dt.date | None
    place: str
    chair_id: int | None
    minutes: str
    closed_on: dt.date | None


class DialogueListOut(DialogueOut):
    asked: int
    answered: int


class AuthorOut(Schema):
    id: int
    full_name: str


class QuestionOut(Schema):
    id: uuid.UUID
    dialogue_id: int
    author: AuthorOut | None  # null for an anonymous question: nothing links it to anyone
    asked_on: dt.date
    in_session: bool
    text: str
    upvotes: int
    answer: str
    answered_on: dt.date | None
    answered_in_session: bool

    @staticmethod
    def resolve_author(question: Question) -> Any:
        return question.author if question.author_id is not None else None


class DialogueDetailOut(DialogueOut):
    questions: list[QuestionOut]
    task_ids: list[int]


class DialogueIn(Schema):
    title: str
    reason: str
    held_on: dt.date
    place: str
    chair_id: int
    basis: str = ""


class RequireIn(Schema):
    title: str = ""
    basis: str = ""


class QuestionIn(Schema):
    text: str = ""
    anonymous: bool = False


class QuestionAnswerIn(Schema):
    answer: str = ""


# --- builders ---------------------------------------------------------------------------------


def _conference_out(conference: Conference) -> dict[str, Any]:
    q = services.quorum(conference)
    resolution = Resolution.objects.filter(conference=conference).only("pk").first()
    return {
        **ConferenceOut.from_orm(conference).dict(),
        "quorum": {
            "present": q.present,
            "summoned": q.summoned,
            "needed": q.needed,
            "reached": q.reached,
        },
        "agenda": list(conference.agenda.all()),
        "polls": list(selectors.poll_list(conference=conference)),
        "resolution_id": resolution.pk if resolution else None,
    }


def _poll_out(request: HttpRequest, poll: Poll) -> dict[str, Any]:
    """The poll; its tally only once it is closed, the turnout only while it is open."""
    candidates = selectors.candidates(poll=poll)
    closed = poll.state == PollState.CLOSED
    turnout = selectors.turnout(poll=poll) if poll.state == PollState.OPEN else None
    result = None
    if closed:
        result = {
            "cast": poll.cast,
            "valid": poll.valid,
            "blank": poll.blank,
            "invalid": poll.invalid,
            "yes": poll.yes,
            "no": poll.no,
            "abstain": poll.abstain,
            "adopted": poll.adopted,
            "note": poll.result_note,
            "candidates": candidates,
            "runoff_ids": list(poll.runoffs.order_by("pk").values_list("pk", flat=True)),
        }
    return {
        "id": poll.pk,
        "conference_id": poll.conference_id,
        "agenda_item_id": poll.agenda_item_id,
        "kind": poll.kind,
        "method": poll.method,
        "title": poll.title,
        "text": poll.text,
        "state": poll.state,
        "rule": {
            "code": poll.rule_code,
            "base": poll.base,
            "comparator": poll.comparator,
            "numerator": poll.numerator,
            "denominator": poll.denominator,
            "fraction": f"{poll.numerator}/{poll.denominator}",
        },
        "seats": poll.seats,
        "tie_rule": poll.tie_rule,
        "runoff_of_id": poll.runoff_of_id,
        "opened_at": poll.opened_at,
        "closed_at": poll.closed_at,
        "summoned": poll.summoned,
        "present": poll.present,
        "turnout": turnout
        and {
            "entitled": turnout.entitled,
            "present": turnout.present,
            "voted": turnout.voted,
        },
        "voted": selectors.has_voted(poll=poll, actor=api_actor(request)),
        "candidates": candidates,
        "result": result,
        "board_term_id": poll.board_term_id,
    }


def _task_ids(request: HttpRequest, source_kind: str, source_id: int) -> list[int]:
    from danchu.tasks import selectors as task_selectors

    return [
        t.pk
        for t in task_selectors.tasks_from(
            actor=api_actor(request), source_kind=source_kind, source_ids=[source_id]
        )
    ]


def _resolution_out(request: HttpRequest, resolution: Resolution) -> dict[str, Any]:
    return {
        "id": resolution.pk,
        "conference_id": resolution.conference_id,
        "number": resolution.number,
        "text": resolution.text,
        "poll_id": resolution.poll_id,
        "adopted_on": resolution.adopted_on,
        "publication_id": resolution.publication_id,
        "reviews": list(selectors.reviews(resolution=resolution)),
        "task_ids": _task_ids(request, "resolution", resolution.pk),
    }


def _dialogue_out(request: HttpRequest, dialogue: Dialogue) -> dict[str, Any]:
    return {
        **DialogueOut.from_orm(dialogue).dict(),
        "questions": list(selectors.questions(dialogue=dialogue)),
        "task_ids": _task_ids(request, "dialogue", dialogue.pk),
    }


def _lead_name(payload: ConferenceTaskIn) -> str:
    return "lead_unit_id" if payload.lead_unit_id is not None else "lead_person_id"


def _lead(request: HttpRequest, org: Agency, payload: ConferenceTaskIn) -> Any:
    """The task's one lead: a person or a unit of the organisation."""
    lead = PartyIn(person_id=payload.lead_person_id, unit_id=payload.lead_unit_id)
    return party(request, org, lead, _lead_name(payload))


# --- conferences ------------------------------------------------------------------------------


@router.get("/units/{unit_id}/conferences", response={200: list[ConferenceListOut], **ERRORS})
@paginate(CursorPagination, ordering=("-held_on", "id"))
def conference_list_api(request: HttpRequest, unit_id: int) -> Any:
    org = _unit(request, unit_id, "conference.view")
    return selectors.conference_list(actor=api_actor(request), agency=org).order_by()


@router.post("/units/{unit_id}/conferences", response={201: ConferenceDetailOut, **ERRORS})
def conference_convene_api(request: HttpRequest, unit_id: int, payload: ConveneIn) -> Any:
    actor = api_actor(request)
    org = _unit(request, unit_id, "conference.convene")
    chair = core_selectors.person_get(actor=actor, pk=payload.chair_id)
    secretary = core_selectors.person_get(actor=actor, pk=payload.secretary_id)
    delegates = [core_selectors.person_get(actor=actor, pk=pk) for pk in payload.delegate_ids]
    asked = None
    if payload.request_id is not None:
        asked = selectors.request_get(actor=actor, pk=payload.request_id)
    with _payload_names(
        chair="chair_id",
        secretary="secretary_id",
        delegates="delegate_ids",
        request="request_id",
    ):
        conference = services.conference_convene(
            actor=actor,
            agency=org,
            kind=payload.kind,
            year=payload.year,
            title=payload.title,
            held_on=payload.held_on,
            starts_at=payload.starts_at,
            place=payload.place,
            chair=chair,
            secretary=secretary,
            delegates=delegates,
            late_reason=payload.late_reason,
            requested_by=payload.requested_by,
            request=asked,
        )
    return Status(201, _conference_out(conference))


def _conference(request: HttpRequest, conference_id: int) -> Conference:
    return selectors.conference_get(actor=api_actor(request), pk=conference_id)


@router.get("/conferences/{conference_id}", response={200: ConferenceDetailOut, **ERRORS})
def conference_get_api(request: HttpRequest, conference_id: int) -> Any:
    return _conference_out(_conference(request, conference_id))


@router.get("/conferences/{conference_id}/roll", response={200: list[DelegateOut], **ERRORS})
@paginate(CursorPagination, ordering=("id",))
def conference_roll_api(request: HttpRequest, conference_id: int, q: str = "") -> Any:
    """Everyone summoned, with their check-in; ``q`` searches names with or without accents.
    The check-in code only for who runs the conference, and each delegate's own."""
    actor = api_actor(request)
    conference = _conference(request, conference_id)
    rows = selectors.roll(conference=conference, query=q)
    if actor.has_perm("conference.run", conference):
        return rows.annotate(shown_code=F("code")).order_by()
    mine = When(person_id=actor.pk, then=F("code"))
    hidden = Value(None, output_field=CharField())
    return rows.annotate(shown_code=Case(mine, default=hidden)).order_by()


@router.post("/conferences/{conference_id}/checkin", response={200: DelegateOut, **ERRORS})
def conference_checkin_api(request: HttpRequest, conference_id: int, payload: CheckInIn) -> Any:
    """A delegate checks in with the code of their invitation; who runs the conference also
    ticks a delegate on the roll (``delegate_id``)."""
    actor = api_actor(request)
    conference = _conference(request, conference_id)
    delegate = (
        selectors.delegate_get(actor=actor, pk=payload.delegate_id)
        if payload.delegate_id is not None
        else None
    )
    checked = services.check_in(
        actor=actor, conference=conference, code=payload.code, delegate=delegate
    )
    checked.shown_code = checked.code  # type: ignore[attr-defined]  # theirs, or run by them
    return checked


@router.post("/conferences/{conference_id}/open", response={200: ConferenceDetailOut, **ERRORS})
def conference_open_api(request: HttpRequest, conference_id: int) -> Any:
    """With a quorum the conference is in session (``open``); without, it is recorded as
    failing its quorum (``no_quorum``)."""
    conference = _conference(request, conference_id)
    opened = services.conference_open(actor=api_actor(request), conference=conference)
    return _conference_out(opened)


@router.post("/conferences/{conference_id}/close", response={200: ConferenceDetailOut, **ERRORS})
def conference_close_api(request: HttpRequest, conference_id: int, payload: MinutesIn) -> Any:
    conference = _conference(request, conference_id)
    closed = services.conference_close(
        actor=api_actor(request), conference=conference, minutes=payload.minutes
    )
    return _conference_out(closed)


@router.post("/conferences/{conference_id}/agenda", response={201: AgendaItemOut, **ERRORS})
def agenda_add_api(request: HttpRequest, conference_id: int, payload: AgendaIn) -> Any:
    conference = _conference(request, conference_id)
    item = services.agenda_add(actor=api_actor(request), conference=conference, **payload.dict())
    return Status(201, item)


@router.post("/conferences/{conference_id}/polls", response={201: PollOut, **ERRORS})
def poll_create_api(request: HttpRequest, conference_id: int, payload: PollIn) -> Any:
    conference = _conference(request, conference_id)
    item = None
    if payload.agenda_item_id is not None:
        item = conference.agenda.filter(pk=payload.agenda_item_id).first()
        if item is None:
            message = _("Choose an item of this conference's agenda.")
            raise DomainError("invalid", message, fields={"agenda_item_id": [message]})
    with _payload_names(agenda_item="agenda_item_id"):
        poll = services.poll_create(
            actor=api_actor(request),
            conference=conference,
            agenda_item=item,
            **payload.dict(exclude={"agenda_item_id"}),
        )
    return Status(201, _poll_out(request, poll))


# --- polls ------------------------------------------------------------------------------------


def _poll(request: HttpRequest, poll_id: int) -> Poll:
    return selectors.poll_get(actor=api_actor(request), pk=poll_id)


@router.get("/polls/{poll_id}", response={200: PollOut, **ERRORS})
def poll_get_api(request: HttpRequest, poll_id: int) -> Any:
    """The poll with its rule and snapshot; while open how many have voted (never how); the
    result only once it is closed."""
    return _poll_out(request, _poll(request, poll_id))


@router.post("/polls/{poll_id}/candidates", response={201: CandidateOut, **ERRORS})
def candidate_add_api(request: HttpRequest, poll_id: int, payload: CandidateIn) -> Any:
    actor = api_actor(request)
    poll = _poll(request, poll_id)
    person = core_selectors.person_get(actor=actor, pk=payload.person_id)
    with _payload_names(person="person_id"):
        candidate = services.candidate_add(
            actor=actor, poll=poll, person=person, nominated_by=payload.nominated_by
        )
    return Status(201, candidate)


@router.post("/polls/{poll_id}/open", response={200: PollOut, **ERRORS})
def poll_open_api(request: HttpRequest, poll_id: int) -> Any:
    """Open the poll: only with a quorum, checked again now."""
    poll = services.poll_open(actor=api_actor(request), poll=_poll(request, poll_id))
    return _poll_out(request, _poll(request, poll.pk))


@router.post("/polls/{poll_id}/vote", response={200: VotedOut, **ERRORS})
def poll_vote_api(request: HttpRequest, poll_id: int, payload: VoteIn) -> Any:
    """One vote: ``choice`` (yes, no, abstain) or, in an election, ``marks`` (candidate ids,
    at most as many as seats). A secret ballot returns its receipt code, shown this once."""
    poll = _poll(request, poll_id)
    voted = services.vote(
        actor=api_actor(request), poll=poll, choice=payload.choice, marks=payload.marks
    )
    return {"poll_id": poll.pk, "receipt": voted.receipt or None}


@router.post("/polls/{poll_id}/slips", response={201: PollSlipOut, **ERRORS})
def slip_record_api(request: HttpRequest, poll_id: int, payload: SlipIn) -> Any:
    actor = api_actor(request)
    poll = _poll(request, poll_id)
    person = core_selectors.person_get(actor=actor, pk=payload.person_id)
    with _payload_names(person="person_id"):
        slip = services.slip_record(actor=actor, poll=poll, person=person, choice=payload.choice)
    return Status(201, slip)


@router.post("/polls/{poll_id}/paper", response={200: PaperOut, **ERRORS})
def paper_count_api(request: HttpRequest, poll_id: int, payload: PaperIn) -> Any:
    """The counting committee's figures for paper ballots (a correction needs a reason)."""
    poll = _poll(request, poll_id)
    figures = services.PaperIn(**payload.dict(exclude={"reason"}))
    return services.paper_count(
        actor=api_actor(request), poll=poll, figures=figures, reason=payload.reason
    )


@router.post("/polls/{poll_id}/close", response={200: PollOut, **ERRORS})
def poll_close_api(request: HttpRequest, poll_id: int, payload: CloseIn) -> Any:
    """Close the poll and write its tally; a show of hands takes the secretary's count
    (``hands``)."""
    poll = _poll(request, poll_id)
    hands = services.HandsIn(**payload.hands.dict()) if payload.hands is not None else None
    with _payload_names(yes="hands"):
        services.poll_close(actor=api_actor(request), poll=poll, hands=hands)
    return _poll_out(request, _poll(request, poll_id))


@router.get("/polls/{poll_id}/ballots", response={200: BallotsOut, **ERRORS})
def ballots_api(request: HttpRequest, poll_id: int) -> Any:
    """A closed secret ballot's box, for anyone to recount: the contents only, no ids."""
    poll = _poll(request, poll_id)
    if poll.state != PollState.CLOSED:
        raise NotFound(_("The ballots are published when the poll closes."))
    return {
        "ballots": selectors.published_ballots(poll=poll),
        "recount": selectors.recount(poll=poll),
    }


@router.post("/polls/{poll_id}/receipt", response={200: ReceiptOut, **ERRORS})
def receipt_check_api(request: HttpRequest, poll_id: int, payload: ReceiptIn) -> Any:
    """Whether the ballot of this receipt is in the box (never which ballot it is)."""
    poll = _poll(request, poll_id)
    return {"counted": services.receipt_counted(poll, payload.code)}


@router.post("/polls/{poll_id}/board", response={201: TermOut, **ERRORS})
def board_record_api(request: HttpRequest, poll_id: int, payload: BoardIn) -> Any:
    """The union records the board the election chose, its head among those elected."""
    actor = api_actor(request)
    poll = _poll(request, poll_id)
    head = core_selectors.person_get(actor=actor, pk=payload.head_id)
    with _payload_names(head="head_id"):
        term = services.board_from_election(actor=actor, poll=poll, head=head)
    return Status(201, term)


# --- resolution -------------------------------------------------------------------------------


def _resolution(request: HttpRequest, resolution_id: int) -> Resolution:
    return selectors.resolution_get(actor=api_actor(request), pk=resolution_id)


@router.get("/resolutions/{resolution_id}", response={200: ResolutionOut, **ERRORS})
def resolution_get_api(request: HttpRequest, resolution_id: int) -> Any:
    return _resolution_out(request, _resolution(request, resolution_id))


@router.post(
    "/conferences/{conference_id}/resolution",
    response={200: ResolutionOut, 201: ResolutionOut, **ERRORS},
)
def resolution_draft_api(request: HttpRequest, conference_id: int, payload: ResolutionIn) -> Any:
    """Draft (201) or edit (200) the resolution; an empty text drafts it from the decisions."""
    conference = _conference(request, conference_id)
    new = not Resolution.objects.filter(conference=conference).exists()
    resolution = services.resolution_draft(
        actor=api_actor(request), conference=conference, text=payload.text
    )
    out = _resolution_out(request, _resolution(request, resolution.pk))
    return Status(201 if new else 200, out)


@router.post("/resolutions/{resolution_id}/publish", response={200: ResolutionOut, **ERRORS})
def resolution_publish_api(request: HttpRequest, resolution_id: int) -> Any:
    resolution = _resolution(request, resolution_id)
    services.resolution_publish(actor=api_actor(request), resolution=resolution)
    return _resolution_out(request, _resolution(request, resolution_id))


@router.post("/resolutions/{resolution_id}/tasks", response={201: TaskOut, **ERRORS})
def resolution_task_api(request: HttpRequest, resolution_id: int, payload: ConferenceTaskIn) -> Any:
    resolution = _resolution(request, resolution_id)
    lead = _lead(request, resolution.conference.agency, payload)
    with _payload_names(lead=_lead_name(payload)):
        task = services.resolution_task(
            actor=api_actor(request),
            resolution=resolution,
            title=payload.title,
            deliverable=payload.deliverable,
            lead=lead,
            due_on=payload.due_on,
        )
    return Status(201, task)


@router.post("/reviews/{review_id}", response={200: ReviewOut, **ERRORS})
def review_record_api(request: HttpRequest, review_id: int, payload: ReviewIn) -> Any:
    """The 6-monthly review of the resolution, told to staff (``publish``)."""
    actor = api_actor(request)
    review = selectors.review_get(actor=actor, pk=review_id)
    return services.review_record(actor=actor, review=review, **payload.dict())


# --- dialogues --------------------------------------------------------------------------------


@router.get("/units/{unit_id}/dialogues", response={200: list[DialogueListOut], **ERRORS})
@paginate(CursorPagination, ordering=("-id",))
def dialogue_list_api(request: HttpRequest, unit_id: int) -> Any:
    org = _unit(request, unit_id, "dialogue.view")
    return selectors.dialogue_list(actor=api_actor(request), agency=org).order_by()


@router.post("/units/{unit_id}/dialogues", response={201: DialogueDetailOut, **ERRORS})
def dialogue_create_api(request: HttpRequest, unit_id: int, payload: DialogueIn) -> Any:
    actor = api_actor(request)
    org = _unit(request, unit_id, "dialogue.manage")
    chair = core_selectors.person_get(actor=actor, pk=payload.chair_id)
    with _payload_names(chair="chair_id"):
        dialogue = services.dialogue_create(
            actor=actor,
            agency=org,
            chair=chair,
            **payload.dict(exclude={"chair_id"}),
        )
    return Status(201, _dialogue_out(request, dialogue))


@router.post("/units/{unit_id}/dialogues/require", response={201: DialogueDetailOut, **ERRORS})
def dialogue_require_api(request: HttpRequest, unit_id: int, payload: RequireIn) -> Any:
    """The inspection board requires the head to hold a dialogue."""
    org = _unit(request, unit_id, "dialogue.require")
    dialogue = services.dialogue_require(actor=api_actor(request), agency=org, **payload.dict())
    return Status(201, _dialogue_out(request, dialogue))


def _dialogue(request: HttpRequest, dialogue_id: int) -> Dialogue:
    return selectors.dialogue_get(actor=api_actor(request), pk=dialogue_id)


@router.get("/dialogues/{dialogue_id}", response={200: DialogueDetailOut, **ERRORS})
def dialogue_get_api(request: HttpRequest, dialogue_id: int) -> Any:
    """The dialogue with its questions, the most supported first; an anonymous question has
    no author."""
    return _dialogue_out(request, _dialogue(request, dialogue_id))


@router.post("/dialogues/{dialogue_id}/questions", response={201: QuestionOut, **ERRORS})
def question_ask_api(request: HttpRequest, dialogue_id: int, payload: QuestionIn) -> Any:
    dialogue = _dialogue(request, dialogue_id)
    question = services.question_ask(actor=api_actor(request), dialogue=dialogue, **payload.dict())
    return Status(201, question)


@router.post("/questions/{question_id}/upvote", response={200: QuestionOut, **ERRORS})
def question_upvote_api(request: HttpRequest, question_id: uuid.UUID) -> Any:
    actor = api_actor(request)
    question = selectors.question_get(actor=actor, pk=question_id)
    return services.question_upvote(actor=actor, question=question)


@router.post("/questions/{question_id}/answer", response={200: QuestionOut, **ERRORS})
def question_answer_api(
    request: HttpRequest, question_id: uuid.UUID, payload: QuestionAnswerIn
) -> Any:
    actor = api_actor(request)
    question = selectors.question_get(actor=actor, pk=question_id)
    return services.question_answer(actor=actor, question=question, answer=payload.answer)


@router.post("/dialogues/{dialogue_id}/close", response={200: DialogueDetailOut, **ERRORS})
def dialogue_close_api(request: HttpRequest, dialogue_id: int, payload: MinutesIn) -> Any:
    dialogue = _dialogue(request, dialogue_id)
    closed = services.dialogue_close(
        actor=api_actor(request), dialogue=dialogue, minutes=payload.minutes
    )
    return _dialogue_out(request, closed)


@router.post("/dialogues/{dialogue_id}/commitments", response={201: TaskOut, **ERRORS})
def dialogue_commit_api(request: HttpRequest, dialogue_id: int, payload: ConferenceTaskIn) -> Any:
    """A commitment made in the dialogue becomes a task with one lead."""
    dialogue = _dialogue(request, dialogue_id)
    lead = _lead(request, dialogue.agency, payload)
    with _payload_names(lead=_lead_name(payload)):
        task = services.dialogue_commit(
            actor=api_actor(request),
            dialogue=dialogue,
            title=payload.title,
            deliverable=payload.deliverable,
            lead=lead,
            due_on=payload.due_on,
        )
    return Status(201, task)
