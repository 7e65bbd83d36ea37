"""The conference demo: for both departments the 2022 conference run from its minutes (quorum,
decisions, the board elected by secret ballot and its term, the resolution and its reviews),
this work year's conference being prepared, two dialogues, a second run that adds nothing and
an audit chain that still verifies. Loads the organisation, oversight and conference demos."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from danchu.conference import services
from danchu.conference.demo import DemoResult, _publishes, load_demo
from danchu.conference.models import (
    AGENDA_ORDER,
    Ballot,
    Conference,
    ConferenceKind,
    ConferenceState,
    Dialogue,
    DialogueState,
    NamedVote,
    PollKind,
    PollMethod,
    PollState,
    Question,
    Resolution,
)
from danchu.core.audit import verify_chains
from danchu.core.demo import BOARD_TERM
from danchu.core.demo import load_demo as load_core
from danchu.core.models import Agency, AuditEvent
from danchu.oversight.demo import load_demo as load_oversight
from danchu.oversight.models import BoardTerm
from danchu.tasks.models import SourceKind, Task
from tests.conftest import once_per_module

pytestmark = pytest.mark.django_db

DEPARTMENTS = ["000.00.12.H26", "000.00.13.H26"]


def _load() -> DemoResult:
    load_core()
    load_oversight()
    return load_demo()


loaded = once_per_module(_load)


def test_the_2022_conference_is_run_from_its_minutes(loaded):
    for code in DEPARTMENTS:
        org = Agency.objects.get(code=code)
        conference = Conference.objects.get(agency=org, kind=ConferenceKind.ANNUAL, year=2021)
        day = conference.held_on
        assert (day.year, day.month in (1, 2), day.weekday() < 5) == (2022, True, True)
        assert conference.state == ConferenceState.CLOSED and conference.minutes
        assert timezone.localdate(conference.opened_at) == day
        assert timezone.localdate(conference.closed_at) == day
        # The quorum: at least 2/3 of those summoned; the absent are excused.
        roll = conference.roll.all()
        present = roll.filter(checked_in_at__isnull=False)
        assert conference.present_at_open == present.count()
        assert conference.summoned_at_open == roll.count()
        assert 2 * roll.count() <= 3 * present.count() < 3 * roll.count()
        assert not roll.filter(checked_in_at__isnull=True, absent_reason="").exists()
        assert {timezone.localdate(d.checked_in_at) for d in present} == {day}
        polls = conference.polls.all()
        assert not polls.exclude(state=PollState.CLOSED).exists()
        assert not polls.exclude(adopted=True).exists()
        # Two motions: a show of hands and a named vote by everyone present.
        motions = polls.filter(kind=PollKind.MOTION)
        assert set(motions.values_list("method", flat=True)) == {PollMethod.HANDS, PollMethod.NAMED}
        named = motions.get(method=PollMethod.NAMED)
        assert NamedVote.objects.filter(poll=named).count() == named.present == present.count()
        # The board: five elected by secret ballot, each above half of the valid ballots.
        election = polls.get(kind=PollKind.ELECTION)
        assert election.method == PollMethod.SECRET and election.seats == 5
        assert Ballot.objects.filter(poll=election).count() == election.cast == present.count()
        candidates = list(election.candidates.select_related("person"))
        assert 6 <= len(candidates) <= 7
        elected = [c for c in candidates if c.elected]
        assert len(elected) == 5
        assert all(2 * (c.votes or 0) > (election.valid or 0) for c in elected)
        assert all(2 * (c.votes or 0) < (election.valid or 0) for c in candidates if not c.elected)
        assert all(services.board_ineligibility(org, c.person, day) == "" for c in candidates)
        # Its term 2022–2024, recognised by the union in time, beside the 2025 term.
        term = election.board_term
        assert term is not None and term.starts_on == day and term.ends_on.year == 2024
        assert term.recognised_on is not None and term.recognised_on <= term.recognition_due
        seated = {s.person_id for s in term.seats.all()}
        assert seated == {c.person_id for c in elected}
        head = max(elected, key=lambda c: c.votes or 0)
        assert term.seats.get(role="head").person_id == head.person_id
        assert list(
            BoardTerm.objects.filter(agency=org)
            .order_by("starts_on")
            .values_list("starts_on", flat=True)
        ) == [day, BOARD_TERM[0]]
        # The resolution, adopted that day, published when a rule of the time allows, and
        # its 6-monthly reviews up to the next conference.
        resolution = Resolution.objects.get(conference=conference)
        assert resolution.adopted_on == day and resolution.number == "01/NQ-HNCBCCVC"
        assert resolution.poll is not None and resolution.poll.kind == PollKind.RESOLUTION
        assert (resolution.publication is not None) == _publishes(org, day)
        reviews = list(resolution.reviews.order_by("due_on"))
        held = [(r.held_on, r) for r in reviews if r.held_on is not None]
        assert len(held) == 2 and all(on <= r.due_on and r.summary for on, r in held)
        assert held[-1][0] < dt.date(2023, 3, 31)


def test_this_years_conference_is_being_prepared(loaded):
    today = timezone.localdate()
    for code in DEPARTMENTS:
        org = Agency.objects.get(code=code)
        conference = Conference.objects.get(agency=org, kind=ConferenceKind.ANNUAL, year=today.year)
        assert conference.state == ConferenceState.PREPARING
        assert conference.deadline == dt.date(today.year + 1, 3, 31)
        assert today < conference.held_on <= conference.deadline
        assert conference.roll.count() == len(services.staff(org))
        kinds = list(conference.agenda.values_list("kind", flat=True))
        assert [k for k in kinds if k in AGENDA_ORDER] == AGENDA_ORDER
        documents = list(conference.documents.all())
        assert len(documents) == 2
        for document in documents:
            with document.file.open("rb") as f:
                assert f.read(5) == b"%PDF-"
        polls = conference.polls.all()
        assert polls.exists() and not polls.exclude(state=PollState.DRAFT).exists()
        election = polls.get(kind=PollKind.ELECTION)
        assert election.candidates.count() >= (election.seats or 0)


def test_two_dialogues_per_department(loaded):
    today = timezone.localdate()
    for code in DEPARTMENTS:
        org = Agency.objects.get(code=code)
        dialogues = Dialogue.objects.filter(agency=org)
        assert dialogues.count() == 2
        held = dialogues.get(state=DialogueState.HELD)
        assert held.held_on is not None and held.held_on < today and held.minutes
        questions = Question.objects.filter(dialogue=held)
        assert questions.filter(author__isnull=True).count() == 1
        assert questions.filter(author__isnull=False).count() >= 2
        assert questions.filter(upvotes__gt=0).count() >= 2
        assert questions.filter(in_session=True).exists()
        assert questions.filter(answered_in_session=True).count() >= 2
        assert not questions.filter(answered_on__isnull=True).exists()
        # An anonymous question leaves no audit event; the named ones do.
        asked = AuditEvent.objects.filter(
            verb="dialogue.ask", object_type="conference.dialogue", object_id=str(held.pk)
        )
        assert asked.count() == questions.filter(author__isnull=False).count()
        task = Task.objects.get(source_kind=SourceKind.DIALOGUE, source_id=held.pk)
        assert task.agency == org and task.start_on == held.held_on
        planned = dialogues.get(state=DialogueState.PLANNED)
        assert planned.held_on is not None and planned.held_on > today
        advance = Question.objects.filter(dialogue=planned)
        assert advance.count() == 2 and not advance.filter(in_session=True).exists()
        assert advance.filter(author__isnull=True).count() == 1


def test_a_second_run_adds_nothing_and_the_audit_chain_verifies(loaded):
    assert loaded.created > 0 and loaded.logins == []

    def counts() -> tuple[int, ...]:
        return (
            Conference.objects.count(),
            Ballot.objects.count(),
            Dialogue.objects.count(),
            Question.objects.count(),
            BoardTerm.objects.count(),
            Task.objects.count(),
            AuditEvent.objects.count(),
        )

    before = counts()
    again = load_demo()
    assert (again.created, again.logins) == (0, [])
    assert counts() == before
    assert verify_chains()[1] == []
