"""The conference's rules, through its services: quorum, majorities, the secret ballot, the
election of the board, the resolution and the dialogues. (The secrecy of the ballot and one
ballot per person under concurrency: ``test_secrecy.py``.)"""

from __future__ import annotations

import datetime as dt
import importlib
import math
import random
from collections import Counter
from fractions import Fraction
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import example, given, settings
from hypothesis import strategies as st

from danchu.conference import selectors, services
from danchu.conference.models import (
    Ballot,
    Candidate,
    Delegate,
    NamedVote,
    PaperCount,
    PaperCountChange,
    Poll,
    PollRoll,
    Question,
    Resolution,
    ResolutionReview,
    VoteRule,
)
from danchu.conference.services import HandsIn, PaperIn
from danchu.core.calendar import national_calendar
from danchu.core.errors import DomainError, Forbidden, NotFound
from danchu.core.models import AuditEvent, Membership, Role, User
from danchu.disclosure.models import Publication
from danchu.oversight.models import BoardSeat, BoardTerm
from danchu.tasks.models import Task
from tests.conference.conftest import Conf, convene, refused
from tests.factories import give_role, make_person

pytestmark = pytest.mark.django_db

RULES = importlib.import_module("danchu.conference.migrations.0002_rules").VOTE_RULES


def _statute(code: str) -> tuple[str, str, int, int]:
    """(base, comparator, numerator, denominator) of the Law 10/2022 rule ``code``."""
    for c, _applies, base, cmp, num, den, _basis, _article, _start, end in RULES:
        if c == code and end is None:
            return base, cmp, num, den
    raise LookupError(code)


QUORUM = _statute("conference.quorum")
DECISION = _statute("conference.decision")
ELECTION = _statute("board.election")


# --- an independent oracle of the majority rules (fractions, not integer cross-products) -----


def oracle_passes(count: int, base: int, cmp: str, num: int, den: int) -> bool:
    share = Fraction(num, den) * base
    return count > share if cmp == "gt" else count >= share


def oracle_needed(base: int, cmp: str, num: int, den: int) -> int:
    share = Fraction(num, den) * base
    return math.floor(share) + 1 if cmp == "gt" else math.ceil(share)


def add_months(day: dt.date, n: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 + n, 12)
    for d in range(day.day, 27, -1):
        try:
            return dt.date(y, m + 1, d)
        except ValueError:
            continue
    return dt.date(y, m + 1, day.day)


@st.composite
def rules(draw: Any) -> tuple[str, int, int]:
    den = draw(st.integers(1, 20))
    return draw(st.sampled_from(["gt", "ge"])), draw(st.integers(0, den)), den


@settings(max_examples=400, deadline=None)
@given(base=st.integers(0, 500), rule=rules(), data=st.data())
def test_passes_and_needed_agree_with_fractions(base, rule, data):
    cmp, num, den = rule
    count = data.draw(st.integers(0, base + 2))
    assert services.passes(count, base, cmp, num, den) == oracle_passes(count, base, cmp, num, den)
    least = services.needed(base, cmp, num, den)
    assert least == oracle_needed(base, cmp, num, den)
    # The least count that passes: it passes, one fewer does not, more always does.
    assert services.passes(least, base, cmp, num, den)
    assert least == 0 or not services.passes(least - 1, base, cmp, num, den)
    assert services.passes(count, base, cmp, num, den) == (count >= least)


@settings(max_examples=500, deadline=None)
@given(
    summoned=st.integers(1, 60),
    present_share=st.fractions(0, 1),
    yes_share=st.fractions(0, 1),
)
@example(summoned=30, present_share=Fraction(19, 30), yes_share=Fraction(0))
@example(summoned=30, present_share=Fraction(20, 30), yes_share=Fraction(10, 20))
@example(summoned=30, present_share=Fraction(20, 30), yes_share=Fraction(11, 20))
def test_statutory_quorum_and_majority(summoned, present_share, yes_share):
    present = math.floor(present_share * summoned)
    yes = math.floor(yes_share * present)
    quorum = services.Quorum(present, summoned, services.needed(summoned, *QUORUM[1:]))
    # At least 2/3 of those summoned are present (Law 10/2022 Art. 50) ...
    assert QUORUM == ("summoned", "ge", 2, 3)
    assert quorum.reached == (Fraction(present, summoned) >= Fraction(2, 3))
    # ... and a decision takes more than half of those present.
    assert DECISION == ("present", "gt", 1, 2)
    adopted = services.passes(yes, present, *DECISION[1:])
    assert adopted == (present > 0 and Fraction(yes, present) > Fraction(1, 2))
    # The board: more than half of the valid ballots.
    assert ELECTION == ("valid", "gt", 1, 2)


def test_the_numbers_of_the_issue():
    assert services.needed(30, *QUORUM[1:]) == 20
    assert not services.Quorum(19, 30, 20).reached and services.Quorum(20, 30, 20).reached
    assert services.needed(20, *DECISION[1:]) == 11
    assert not services.passes(10, 20, *DECISION[1:]) and services.passes(11, 20, *DECISION[1:])
    assert services.needed(30, *_statute("conference.request")[1:]) == 10


# --- quorum and majorities on the database ------------------------------------------------


def test_30_summoned_19_present_cannot_vote_20_can(conf):
    assert conf.conference.roll.count() == 30
    conf.check_in(19)
    assert not services.quorum(conf.conference).reached
    conference = services.conference_open(actor=conf.cast.a.head, conference=conf.conference)
    assert conference.state == "no_quorum"
    assert (conference.present_at_open, conference.summoned_at_open) == (19, 30)
    with refused():
        conf.poll()


def test_30_summoned_20_present_open_and_vote(conf):
    conf.check_in(20)
    q = services.quorum(conf.conference)
    assert (q.present, q.summoned, q.needed, q.reached) == (20, 30, 20, True)
    conference = services.conference_open(actor=conf.cast.a.head, conference=conf.conference)
    assert conference.state == "open"
    poll = services.poll_open(actor=conf.a.clerk, poll=conf.poll())
    assert (poll.state, poll.summoned, poll.present) == ("open", 30, 20)
    assert PollRoll.objects.filter(poll=poll).count() == 30
    assert PollRoll.objects.filter(poll=poll, present=True).count() == 20


def test_secret_motion_10_of_20_rejected_11_adopted(conf):
    conf.open(20)
    present = conf.present()
    for yes, expected in ((10, False), (11, True)):
        poll = conf.poll(title=f"Đề xuất {yes}")
        services.poll_open(actor=conf.a.clerk, poll=poll)
        receipts = []
        for i, person in enumerate(present):
            choice = "yes" if i < yes else "no"
            receipts.append(services.vote(actor=person, poll=poll, choice=choice).receipt)
        with pytest.raises(DomainError):
            services.vote(actor=present[0], poll=poll, choice="yes")
        poll = services.poll_close(actor=conf.a.clerk, poll=poll)
        assert (poll.yes, poll.present, poll.adopted) == (yes, 20, expected)
        assert Ballot.objects.filter(poll=poll).count() == 20
        assert PollRoll.objects.filter(poll=poll, voted=True).count() == 20
        assert all(services.receipt_counted(poll, r) for r in receipts)
        assert not services.receipt_counted(poll, "0000-0000-0000")


@pytest.mark.parametrize("seed", [2, 7, 2024, 31337])  # 2: no quorum
def test_random_conference_follows_the_oracle(conf, seed):
    """A random roll, attendance and vote on the database, judged by the fraction oracle."""
    rng = random.Random(seed)
    summoned = rng.randint(10, 30)
    roll = list(conf.conference.roll.order_by("pk"))
    Delegate.objects.filter(pk__in=[d.pk for d in roll[summoned:]]).delete()
    need = oracle_needed(summoned, *QUORUM[1:])
    present = rng.randint(max(0, need - 2), summoned)
    conf.check_in(present)
    q = services.quorum(conf.conference)
    assert (q.summoned, q.present, q.needed) == (summoned, present, need)
    conference = services.conference_open(actor=conf.cast.a.head, conference=conf.conference)
    if not oracle_passes(present, summoned, *QUORUM[1:]):
        assert conference.state == "no_quorum"
        return
    assert conference.state == "open"
    poll = services.poll_open(actor=conf.a.clerk, poll=conf.poll())
    voters = conf.present()
    yes = rng.randint(0, len(voters))
    for i, person in enumerate(voters):
        if i < yes:
            services.vote(actor=person, poll=poll, choice="yes")
        elif rng.random() < 0.8:  # some present do not vote: they still count in the base
            services.vote(actor=person, poll=poll, choice=rng.choice(["no", "abstain"]))
    poll = services.poll_close(actor=conf.a.clerk, poll=poll)
    assert (poll.summoned, poll.present, poll.yes) == (summoned, present, yes)
    assert poll.adopted == oracle_passes(yes, present, *DECISION[1:])


def test_the_rule_in_force_is_data(conf):
    """The rule in force governs: the statute by date, an agency's own rule before it."""
    org = conf.cast.a.unit
    today = services.today()
    assert services.vote_rule(
        "conference.decision", org, dt.date(2020, 5, 1)
    ).legal_basis.startswith("Nghị định 04/2015")
    assert services.vote_rule("conference.decision", org, today).article == "Điều 50"
    with pytest.raises(DomainError):
        services.vote_rule("conference.decision", org, dt.date(2010, 1, 1))
    VoteRule.objects.create(
        code="conference.decision",
        applies_to="Quy chế của Sở",
        base="present",
        comparator="ge",
        numerator=2,
        denominator=3,
        legal_basis="Quy chế dân chủ của Sở",
        effective_from=today,
        agency=org,
    )
    conf.open(21)
    present = conf.present()
    for yes, expected in ((13, False), (14, True)):  # at least 2/3 of 21 = 14
        poll = conf.poll(method="hands", title=f"Theo quy chế {yes}")
        assert (poll.comparator, poll.numerator, poll.denominator) == ("ge", 2, 3)
        services.poll_open(actor=conf.a.clerk, poll=poll)
        poll = services.poll_close(
            actor=conf.a.clerk, poll=poll, hands=HandsIn(yes, len(present) - yes, 0)
        )
        assert poll.adopted is expected


# --- the board's election -------------------------------------------------------------------


def nominate(conf: Conf, poll: Poll, people: list[User]) -> list[Candidate]:
    return [
        services.candidate_add(
            actor=conf.a.union, poll=poll, person=p, nominated_by="Ban Chấp hành Công đoàn"
        )
        for p in people
    ]


def spread(tally: dict[int, int], ballots: int, seats: int) -> list[list[int]]:
    """Ballots giving each candidate exactly its votes, no ballot with more than ``seats``."""
    box: list[list[int]] = [[] for _ in range(ballots)]
    for pk, votes in sorted(tally.items(), key=lambda kv: -kv[1]):
        for i in sorted(range(ballots), key=lambda i: (len(box[i]), i))[:votes]:
            box[i].append(pk)
    assert all(len(b) <= seats for b in box)
    assert Counter(pk for b in box for pk in b) == Counter({k: v for k, v in tally.items() if v})
    return box


def elect(
    conf: Conf, people: list[User], votes: list[int], seats: int, tie_rule: str, blank: int = 0
) -> tuple[Poll, list[Candidate], list[list[int]]]:
    """Everyone present votes: the i-th person gets ``votes[i]``; ``blank`` ballots are empty."""
    poll = conf.poll(
        kind="election", title="Bầu Ban Thanh tra nhân dân", seats=seats, tie_rule=tie_rule
    )
    candidates = nominate(conf, poll, people)
    services.poll_open(actor=conf.a.clerk, poll=poll)
    voters = conf.present()
    box = spread(
        {c.pk: v for c, v in zip(candidates, votes, strict=True)}, len(voters) - blank, seats
    )
    box += [[] for _ in range(blank)]
    random.Random(len(voters)).shuffle(box)
    for person, marks in zip(voters, box, strict=True):
        services.vote(actor=person, poll=poll, marks=marks)
    poll = services.poll_close(actor=conf.a.clerk, poll=poll)
    return poll, [Candidate.objects.get(pk=c.pk) for c in candidates], box


def test_eligibility_of_candidates(big):
    conf = big
    poll = conf.poll(kind="election", title="Bầu Ban Thanh tra", seats=5, tie_rule="runoff")
    accountant = conf.extra[10]
    Membership.objects.filter(person=accountant).update(position="Kế toán trưởng")
    for person in (conf.cast.a.head, conf.a.deputy, accountant, conf.cast.b.staff):
        with refused(field="person"):
            nominate(conf, poll, [person])
    with refused(field="nominated_by"):
        services.candidate_add(
            actor=conf.a.union, poll=poll, person=conf.extra[0], nominated_by=" "
        )
    with refused(exc=Forbidden):  # the union nominates
        services.candidate_add(
            actor=conf.a.clerk, poll=poll, person=conf.extra[0], nominated_by="x"
        )
    with refused(exc=NotFound):
        services.candidate_add(
            actor=conf.b.union, poll=poll, person=conf.extra[0], nominated_by="x"
        )
    nominate(conf, poll, [conf.extra[0]])
    with refused(field="person"):
        nominate(conf, poll, [conf.extra[0]])
    motion = conf.poll()
    with refused():
        nominate(conf, motion, [conf.extra[1]])
    # Fewer candidates than seats: the poll does not open.
    conf.open(40)
    with refused():
        services.poll_open(actor=conf.a.clerk, poll=poll)
    with refused(field="seats"):
        conf.poll(kind="election", seats=2, tie_rule="lot")
    with refused(field="seats"):
        conf.poll(kind="election", seats=10, tie_rule="lot")
    with refused(field="tie_rule"):
        conf.poll(kind="election", seats=5)
    with refused(field="method"):
        conf.poll(kind="election", seats=5, tie_rule="lot", method="hands")


def test_electing_5_of_8_by_secret_ballot_of_40(big):
    conf = big
    assert conf.conference.roll.count() == 40
    conf.open(40)
    people = conf.extra[:8]
    # 40 ballots, 2 of them blank: 38 valid, more than half is 20. The fifth (20 votes) is
    # elected, the sixth (19, exactly half) would not be even with a seat left.
    votes = [36, 30, 25, 22, 20, 19, 10, 3]
    poll, candidates, box = elect(conf, people, votes, seats=5, tie_rule="runoff", blank=2)
    assert (poll.cast, poll.blank, poll.invalid, poll.valid) == (40, 2, 0, 38)
    assert (poll.yes, poll.no, poll.abstain) == (None, None, None)
    assert [c.votes for c in candidates] == votes
    assert [c.elected for c in candidates] == [True] * 5 + [False] * 3
    assert poll.adopted is True and poll.result_note == ""
    assert not poll.runoffs.exists()
    ranked = selectors.candidates(poll=poll)
    assert [c.pk for c in ranked[:5]] == [c.pk for c in candidates[:5]]
    # Anyone present may recount the published ballots: the same tally.
    published = selectors.published_ballots(poll=poll)
    assert len(published) == 40
    assert Counter(tuple(sorted(b.marks)) for b in published) == Counter(
        tuple(sorted(b)) for b in box
    )
    assert all(b.choice == "" for b in published)
    assert selectors.recount(poll=poll) == {str(c.pk): c.votes for c in candidates if c.votes}


def test_a_candidate_at_half_is_not_elected_though_seats_remain(conf):
    conf.open(30)
    votes = [25, 20, 15, 10, 5]  # 15 of 30 valid ballots is not more than half
    poll, candidates, _box = elect(conf, conf.extra[:5], votes, seats=3, tie_rule="runoff")
    assert [c.elected for c in candidates] == [True, True, False, False, False]
    assert poll.adopted is False
    assert not poll.runoffs.exists()
    with refused():
        services.board_from_election(actor=conf.a.union, poll=poll, head=conf.extra[0])


def test_tie_for_the_last_seat_goes_to_a_second_round(conf):
    conf.open(30)
    people = conf.extra[:5]
    votes = [26, 22, 18, 18, 3]
    poll, candidates, _box = elect(conf, people, votes, seats=3, tie_rule="runoff")
    assert [c.elected for c in candidates] == [True, True, False, False, False]
    assert poll.adopted is False
    assert str(people[2]) in poll.result_note and str(people[3]) in poll.result_note
    second = poll.runoffs.get()
    assert (second.kind, second.method, second.state, second.seats) == (
        "election",
        "secret",
        "draft",
        1,
    )
    assert (second.base, second.comparator, second.numerator, second.denominator) == (
        "valid",
        "gt",
        1,
        2,
    )
    assert {c.person_id for c in second.candidates.all()} == {people[2].pk, people[3].pk}
    assert second.tie_rule == "lot"  # a second tie is settled by lot

    # The second round: 17 to 13.
    services.poll_open(actor=conf.a.clerk, poll=second)
    c3 = second.candidates.get(person=people[2])
    c4 = second.candidates.get(person=people[3])
    for i, person in enumerate(conf.present()):
        services.vote(actor=person, poll=second, marks=[c3.pk if i < 17 else c4.pk])
    second = services.poll_close(actor=conf.a.clerk, poll=second)
    assert second.adopted is True
    assert second.candidates.get(elected=True).person == people[2]
    # The first round stays short of a seat; the board is recorded from the second round,
    # with those the first round elected.
    poll.refresh_from_db()
    assert poll.adopted is False
    with refused(field="__all__"):
        services.board_from_election(actor=conf.a.union, poll=poll, head=people[0])
    with refused(field="head"):  # the loser of the second round is not on the board
        services.board_from_election(actor=conf.a.union, poll=second, head=people[3])
    term = services.board_from_election(actor=conf.a.union, poll=second, head=people[0])
    assert set(term.seats.values_list("person_id", flat=True)) == {p.pk for p in people[:3]}
    assert term.seats.get(role="head").person == people[0]


def test_tie_for_the_last_seat_settled_by_lot(conf):
    conf.open(30)
    people = conf.extra[:5]
    poll, candidates, _box = elect(conf, people, [26, 22, 18, 18, 3], seats=3, tie_rule="lot")
    assert poll.adopted is True
    assert not poll.runoffs.exists()
    assert candidates[0].elected and candidates[1].elected and not candidates[4].elected
    tied = candidates[2:4]
    drawn = [c for c in tied if c.elected]
    assert len(drawn) == 1
    assert [c.by_lot for c in tied] == [c.elected for c in tied]
    assert not any(c.by_lot for c in candidates[:2] + candidates[4:])
    assert str(drawn[0].person) in poll.result_note


def test_a_tie_within_the_seats_needs_nothing(conf):
    conf.open(30)
    poll, candidates, _box = elect(
        conf, conf.extra[:5], [26, 20, 20, 18, 3], seats=3, tie_rule="runoff"
    )
    assert [c.elected for c in candidates] == [True, True, True, False, False]
    assert poll.adopted is True and not poll.runoffs.exists() and poll.result_note == ""


def test_board_from_election(big):
    conf = big
    conf.open(40)
    people = conf.extra[:8]
    poll, candidates, _box = elect(
        conf, people, [36, 30, 25, 22, 21, 19, 10, 3], seats=5, tie_rule="lot"
    )
    elected = [c.person for c in candidates if c.elected]
    assert len(elected) == 5
    with refused(field="head"):
        services.board_from_election(actor=conf.a.union, poll=poll, head=people[6])
    with refused(exc=Forbidden):
        services.board_from_election(actor=conf.a.clerk, poll=poll, head=people[1])
    with refused(exc=NotFound):
        services.board_from_election(actor=conf.b.union, poll=poll, head=people[1])
    term = services.board_from_election(actor=conf.a.union, poll=poll, head=people[1])
    today = services.today()
    assert isinstance(term, BoardTerm)
    assert (term.agency, term.elected_on, term.starts_on) == (conf.cast.a.unit, today, today)
    assert term.ends_on == add_months(today, 24) - dt.timedelta(days=1)
    assert term.recognition_due == national_calendar().add_working_days(today, 5)
    assert national_calendar().working_days_between(today, term.recognition_due) == 5
    seats = list(BoardSeat.objects.filter(term=term))
    assert {s.person_id for s in seats} == {p.pk for p in elected}
    assert [s.person_id for s in seats if s.role == "head"] == [people[1].pk]
    poll.refresh_from_db()
    assert poll.board_term == term
    with refused():
        services.board_from_election(actor=conf.a.union, poll=poll, head=people[1])


def test_board_is_recorded_from_a_closed_election_only(conf):
    conf.open(30)
    poll = conf.poll(kind="election", seats=3, tie_rule="lot")
    nominate(conf, poll, conf.extra[:3])
    services.poll_open(actor=conf.a.clerk, poll=poll)
    with refused():
        services.board_from_election(actor=conf.a.union, poll=poll, head=conf.extra[0])


# --- paper ballots --------------------------------------------------------------------------


def paper(**kwargs: Any) -> PaperIn:
    values: dict[str, Any] = {
        "issued": 20,
        "cast": 19,
        "blank": 1,
        "invalid": 1,
        "yes": 9,
        "no": 6,
        "abstain": 2,
        "committee": "Ông A (Trưởng ban), Bà B, Ông C",
    }
    values.update(kwargs)
    return PaperIn(**values)


def test_paper_motion_count_corrections_and_close(conf):
    conf.open(20)
    poll = conf.poll(method="paper")
    with refused(field="__all__"):  # not open yet
        services.paper_count(actor=conf.a.clerk, poll=poll, figures=paper())
    services.poll_open(actor=conf.a.clerk, poll=poll)
    with refused(field="__all__"):
        services.vote(actor=conf.present()[0], poll=poll, choice="yes")
    with refused(field="__all__"):  # the committee counts first
        services.poll_close(actor=conf.a.clerk, poll=poll)
    bad = [
        ("issued", paper(issued=21, cast=19)),
        ("cast", paper(issued=18)),
        ("invalid", paper(blank=10, invalid=10)),
        ("yes", paper(yes=10)),
        ("__all__", paper(no=-1)),
        ("committee", paper(committee="  ")),
    ]
    for field, figures in bad:
        with refused(field=field):
            services.paper_count(actor=conf.a.clerk, poll=poll, figures=figures)
    with refused(exc=Forbidden):
        services.paper_count(actor=conf.cast.a.staff, poll=poll, figures=paper())

    count = services.paper_count(actor=conf.a.clerk, poll=poll, figures=paper())
    assert (count.cast, count.yes) == (19, 9)
    first = PaperCountChange.objects.get(poll=poll)
    assert (first.before, first.after["yes"], first.by) == ({}, 9, conf.a.clerk)
    # A correction needs its reason; refused, nothing changes.
    with refused(field="reason"):
        services.paper_count(actor=conf.a.clerk, poll=poll, figures=paper(yes=11, no=4))
    assert PaperCount.objects.get(poll=poll).yes == 9
    with refused(field="yes"):  # a correction is validated too
        services.paper_count(actor=conf.a.clerk, poll=poll, figures=paper(yes=12), reason="Đếm lại")
    services.paper_count(
        actor=conf.cast.a.head,
        poll=poll,
        figures=paper(yes=11, no=4),
        reason="Đếm lại hộp phiếu số 2",
    )
    changes = list(PaperCountChange.objects.filter(poll=poll).order_by("pk"))
    assert len(changes) == 2
    assert (changes[1].before["yes"], changes[1].after["yes"]) == (9, 11)
    assert (changes[1].before["no"], changes[1].after["no"]) == (6, 4)
    assert (changes[1].reason, changes[1].by) == ("Đếm lại hộp phiếu số 2", conf.cast.a.head)
    event = AuditEvent.objects.filter(verb="poll.paper_count").order_by("-position").first()
    assert event.changes["yes"] == [9, 11] and "issued" not in event.changes

    # The close takes the committee's last figures: 11 of 20 present is more than half.
    poll = services.poll_close(actor=conf.a.clerk, poll=poll)
    assert (poll.cast, poll.blank, poll.invalid, poll.valid) == (19, 1, 1, 17)
    assert (poll.yes, poll.no, poll.abstain, poll.adopted) == (11, 4, 2, True)
    assert selectors.published_ballots(poll=poll) == []  # no box: the paper stays on paper
    with refused(field="__all__"):
        services.paper_count(actor=conf.a.clerk, poll=poll, figures=paper(), reason="Muộn")


def test_paper_election_tallies(conf):
    conf.open(20)
    poll = conf.poll(kind="election", method="paper", seats=3, tie_rule="lot")
    cands = nominate(conf, poll, conf.extra[:4])
    services.poll_open(actor=conf.a.clerk, poll=poll)
    a, b, c, d = (x.pk for x in cands)
    base = {"issued": 20, "cast": 18, "blank": 0, "invalid": 1, "yes": 0, "no": 0, "abstain": 0}
    for tallies in (
        {a: 17, b: 17, c: 17, d: 17},  # 68 marks on 17 valid ballots of 3 marks at most
        {a: 18},  # more votes than valid ballots
        {a: 5, 999_999: 3},  # not a candidate of this poll
    ):
        with refused(field="tallies"):
            services.paper_count(
                actor=conf.a.clerk, poll=poll, figures=paper(**base, tallies=tallies)
            )
    services.paper_count(
        actor=conf.a.clerk, poll=poll, figures=paper(**base, tallies={a: 15, b: 12, c: 9, d: 8})
    )
    poll = services.poll_close(actor=conf.a.clerk, poll=poll)
    assert poll.valid == 17
    got = {x.pk: (x.votes, x.elected) for x in Candidate.objects.filter(poll=poll)}
    # More than half of 17 is 9: the first three.
    assert got == {a: (15, True), b: (12, True), c: (9, True), d: (8, False)}


# --- show of hands and named votes ----------------------------------------------------------


def test_show_of_hands(conf):
    conf.open(20)
    poll = conf.poll(method="hands")
    services.poll_open(actor=conf.a.clerk, poll=poll)
    with refused(field="__all__"):
        services.vote(actor=conf.present()[0], poll=poll, choice="yes")
    for hands in (None, HandsIn(11, 5, 5), HandsIn(-1, 5, 5)):
        with refused(field="yes"):
            services.poll_close(actor=conf.a.clerk, poll=poll, hands=hands)
    poll.refresh_from_db()
    assert (poll.state, poll.yes, poll.cast, poll.adopted) == ("open", None, None, None)
    poll = services.poll_close(actor=conf.a.clerk, poll=poll, hands=HandsIn(11, 5, 4))
    assert (poll.yes, poll.no, poll.abstain, poll.cast, poll.valid, poll.adopted) == (
        11,
        5,
        4,
        20,
        20,
        True,
    )
    with refused():
        services.poll_close(actor=conf.a.clerk, poll=poll, hands=HandsIn(1, 1, 1))
    tied = services.poll_open(actor=conf.a.clerk, poll=conf.poll(method="hands", title="Hòa"))
    tied = services.poll_close(actor=conf.a.clerk, poll=tied, hands=HandsIn(10, 10, 0))
    assert tied.adopted is False


def test_named_vote_and_results_only_when_closed(conf):
    conf.open(20)
    absent = conf.conference.roll.filter(checked_in_at__isnull=True).first().person
    poll = conf.poll(method="named")
    services.poll_open(actor=conf.a.clerk, poll=poll)
    present = conf.present()
    choices = ["yes"] * 12 + ["no"] * 5 + ["abstain"] * 2  # one present does not vote
    for person, choice in zip(present, choices, strict=False):
        services.vote(actor=person, poll=poll, choice=choice)
    with refused(field="choice"):
        services.vote(actor=present[19], poll=poll, choice="maybe")
    with refused(field="__all__"):
        services.vote(actor=absent, poll=poll, choice="yes")
    with refused(exc=NotFound):
        services.vote(actor=conf.cast.b.staff, poll=poll, choice="yes")
    with refused():
        services.vote(actor=present[0], poll=poll, choice="no")
    # Open: who voted shows, how does not.
    poll.refresh_from_db()
    assert (poll.yes, poll.no, poll.cast, poll.adopted) == (None, None, None, None)
    assert selectors.turnout(poll=poll) == selectors.Turnout(30, 20, 19)
    assert selectors.has_voted(poll=poll, actor=present[0]) is True
    assert selectors.has_voted(poll=poll, actor=present[19]) is False
    assert selectors.has_voted(poll=poll, actor=absent) is None
    # A named vote is on the record with the person.
    assert NamedVote.objects.get(poll=poll, person=present[0]).choice == "yes"
    assert AuditEvent.objects.filter(verb="poll.vote", actor=present[13]).get().changes == {
        "choice": [None, "no"]
    }
    poll = services.poll_close(actor=conf.a.clerk, poll=poll)
    assert (poll.yes, poll.no, poll.abstain, poll.cast, poll.adopted) == (12, 5, 2, 19, True)
    with refused():
        services.vote(actor=present[19], poll=poll, choice="yes")


def test_secret_results_hidden_until_closed(conf):
    conf.open(20)
    poll = conf.poll()
    with refused(field="__all__"):  # not open yet
        services.vote(actor=conf.present()[0], poll=poll, choice="yes")
    services.poll_open(actor=conf.a.clerk, poll=poll)
    for person in conf.present()[:15]:
        services.vote(actor=person, poll=poll, choice="yes")
    poll.refresh_from_db()
    assert (poll.yes, poll.cast, poll.adopted) == (None, None, None)
    assert selectors.published_ballots(poll=poll) == [] and selectors.recount(poll=poll) == {}
    assert selectors.turnout(poll=poll).voted == 15
    with refused():  # the conference is not closed with a poll open
        services.conference_close(
            actor=conf.a.clerk, conference=conf.conference, minutes="Biên bản"
        )
    poll = services.poll_close(actor=conf.a.clerk, poll=poll)
    assert (poll.yes, poll.cast, poll.adopted) == (15, 15, True)
    assert selectors.recount(poll=poll) == {"yes": 15}
    with refused(field="__all__"):
        services.vote(actor=conf.present()[16], poll=poll, choice="no")
    with refused(field="minutes"):
        services.conference_close(actor=conf.a.clerk, conference=conf.conference, minutes=" ")
    conference = services.conference_close(
        actor=conf.a.clerk, conference=conf.conference, minutes="Biên bản"
    )
    assert conference.state == "closed"
    with refused():
        conf.poll(title="Sau khi bế mạc")


# --- second convocation and written opinion slips -------------------------------------------


def _on(day: dt.date) -> Any:
    return services.as_of(timezone.make_aware(dt.datetime.combine(day, dt.time(8, 30))))


def test_second_convocation_then_written_opinion_slips(conf):
    first = conf.open(19)
    assert first.state == "no_quorum"
    with refused():
        services.written_opinions(actor=conf.cast.a.head, conference=first)
    today = services.today()
    tomorrow = today + dt.timedelta(days=1)
    with refused(field="held_on"):
        services.second_convocation(
            actor=conf.cast.a.head,
            conference=first,
            held_on=today,
            starts_at=dt.time(8),
            place="Hội trường",
        )
    with refused(exc=Forbidden):
        services.second_convocation(
            actor=conf.cast.a.staff,
            conference=first,
            held_on=tomorrow,
            starts_at=dt.time(8),
            place="Hội trường",
        )
    second = services.second_convocation(
        actor=conf.cast.a.head,
        conference=first,
        held_on=tomorrow,
        starts_at=dt.time(8),
        place="Hội trường",
    )
    assert (second.convocation, second.previous, second.state) == (2, first, "preparing")
    assert second.roll.count() == 30 and second.agenda.count() == first.agenda.count()
    with refused():
        services.second_convocation(
            actor=conf.cast.a.head,
            conference=first,
            held_on=tomorrow,
            starts_at=dt.time(8),
            place="Hội trường",
        )
    with refused():  # check-in is on the day
        services.check_in(actor=conf.a.clerk, conference=second, delegate=second.roll.first())

    with _on(tomorrow):
        conf.conference = second
        conf.check_in(19)
        second = services.conference_open(actor=conf.cast.a.head, conference=second)
        assert second.state == "no_quorum"
        with refused():  # no third convocation
            services.second_convocation(
                actor=conf.cast.a.head,
                conference=second,
                held_on=tomorrow + dt.timedelta(days=1),
                starts_at=dt.time(8),
                place="Hội trường",
            )
        with refused():
            conf.poll(method="slips")  # not before the head turns to written opinions
        second = services.written_opinions(actor=conf.cast.a.head, conference=second)
        conf.conference = second
        assert second.state == "written"
        with refused(field="method"):
            conf.poll(method="secret")
        poll = conf.poll(method="slips")
        assert (poll.base, poll.comparator, poll.numerator, poll.denominator) == (
            "summoned",
            "gt",
            1,
            2,
        )
        someone = conf.extra[0]
        with refused(field="__all__"):  # a slip outside an open poll
            services.slip_record(actor=conf.a.clerk, poll=poll, person=someone, choice="yes")
        poll = services.poll_open(actor=conf.a.clerk, poll=poll)
        # Slips go to everyone summoned, present or not.
        assert (poll.summoned, poll.present) == (30, 30)
        assert PollRoll.objects.filter(poll=poll, present=True).count() == 30
        people = [d.person for d in second.roll.select_related("person").order_by("pk")]
        for person in people[:15]:
            services.slip_record(actor=conf.a.clerk, poll=poll, person=person, choice="yes")
        services.vote(actor=people[15], poll=poll, choice="no")  # a slip sent electronically
        with refused(field="person"):
            services.slip_record(actor=conf.a.clerk, poll=poll, person=people[0], choice="no")
        with refused(field="person"):
            services.slip_record(
                actor=conf.a.clerk, poll=poll, person=conf.cast.b.staff, choice="no"
            )
        with refused(field="choice"):
            services.slip_record(actor=conf.a.clerk, poll=poll, person=people[16], choice="")
        with refused(exc=Forbidden):
            services.slip_record(
                actor=conf.cast.a.staff, poll=poll, person=people[16], choice="yes"
            )
        slip = NamedVote.objects.get(poll=poll, person=people[0])
        assert slip.recorded_by == conf.a.clerk
        assert PollRoll.objects.get(poll=poll, person=people[0]).voted
        poll = services.poll_close(actor=conf.a.clerk, poll=poll)
        # 15 of 30 summoned is not more than half.
        assert (poll.yes, poll.no, poll.cast, poll.adopted) == (15, 1, 16, False)
        with refused(field="__all__"):
            services.slip_record(actor=conf.a.clerk, poll=poll, person=people[20], choice="yes")
        again = services.poll_open(
            actor=conf.a.clerk, poll=conf.poll(method="slips", title="Lần 2")
        )
        for person in people[:16]:
            services.slip_record(actor=conf.a.clerk, poll=again, person=person, choice="yes")
        assert services.poll_close(actor=conf.a.clerk, poll=again).adopted is True
        closed = services.conference_close(
            actor=conf.a.clerk, conference=second, minutes="Tổng hợp phiếu"
        )
        assert closed.state == "closed"


# --- refusals write nothing ------------------------------------------------------------------


def test_poll_does_not_open_once_the_quorum_is_lost(conf):
    conf.open(20)
    poll = conf.poll()
    # A delegate leaves the hall after the opening.
    left = conf.delegate(conf.present()[0])
    Delegate.objects.filter(pk=left.pk).update(checked_in_at=None)
    with refused(field="__all__") as info:
        services.poll_open(actor=conf.a.clerk, poll=poll)
    assert "19" in info.value.message and "20" in info.value.message
    poll.refresh_from_db()
    assert (poll.state, poll.present, poll.opened_at) == ("draft", None, None)
    assert not PollRoll.objects.filter(poll=poll).exists()
    # Back in the hall: the poll opens.
    services.check_in(actor=conf.a.clerk, conference=conf.conference, delegate=left)
    assert services.poll_open(actor=conf.a.clerk, poll=poll).state == "open"
    with refused():
        services.poll_open(actor=conf.a.clerk, poll=poll)


def test_ballots_refused(conf):
    conf.open(20)
    present = conf.present()
    late = conf.conference.roll.filter(checked_in_at__isnull=True).first()
    poll = conf.poll(kind="election", seats=3, tie_rule="lot")
    cands = nominate(conf, poll, conf.extra[:5])
    other = conf.poll(kind="election", seats=3, tie_rule="lot", title="Khác")
    stranger = nominate(conf, other, [conf.extra[6]])[0]
    services.poll_open(actor=conf.a.clerk, poll=poll)
    # Checking in after the poll opened does not give a vote in it.
    services.check_in(actor=conf.a.clerk, conference=conf.conference, delegate=late)
    with refused(field="__all__"):
        services.vote(actor=late.person, poll=poll, marks=[cands[0].pk])
    ids = [c.pk for c in cands]
    for marks in (ids[:4], [ids[0], ids[0]], [ids[0], stranger.pk]):
        with refused(field="marks"):
            services.vote(actor=present[0], poll=poll, marks=marks)
    services.vote(actor=present[0], poll=poll, marks=ids[:3])
    with refused(field="__all__"):  # a second ballot
        services.vote(actor=present[0], poll=poll, marks=ids[3:])
    services.vote(actor=present[1], poll=poll, marks=[])  # a blank ballot is a ballot
    services.poll_close(actor=conf.a.clerk, poll=poll)
    with refused(field="__all__"):  # after the close
        services.vote(actor=present[2], poll=poll, marks=ids[:1])
    with refused(exc=NotFound):
        services.vote(actor=conf.cast.b.head, poll=poll, marks=ids[:1])


def test_conference_convocation_refused(conf):
    today = services.today()
    with refused(field="year"):  # the annual conference of the year exists (the fixture's)
        convene(conf.work)
    with refused(field="held_on"):
        convene(conf.work, year=today.year + 1, held_on=today - dt.timedelta(days=1))
    with refused(field="delegates"):  # under 100 staff everyone is summoned
        convene(conf.work, year=today.year + 1, delegates=conf.extra[:5])
    with refused(field="chair"):
        convene(conf.work, year=today.year + 1, chair=conf.cast.b.head)
    with refused(exc=Forbidden):
        convene(conf.work, actor=conf.cast.a.staff, year=today.year + 1)
    with refused(exc=NotFound):
        convene(conf.work, actor=conf.cast.b.head, year=today.year + 1)
    with refused(field="requested_by"):
        convene(conf.work, kind="extraordinary", title="Bất thường")


def test_annual_conference_after_the_legal_deadline_needs_a_reason(conf):
    today = services.today()
    year = today.year - 2  # its deadline, 31 March of the next year, is past
    deadline = services.annual_deadline(conf.cast.a.unit, year)
    assert deadline == dt.date(year + 1, 3, 31) < today
    with refused(field="late_reason"):
        convene(conf.work, year=year)
    late = convene(conf.work, year=year, late_reason="Sáp nhập đơn vị, chờ kiện toàn lãnh đạo")
    assert (late.deadline, late.late_reason) == (
        deadline,
        "Sáp nhập đơn vị, chờ kiện toàn lãnh đạo",
    )
    # On the day of the deadline no reason is needed; the day after it is. (The work year
    # before this one: the fixture's conference is this year's, the late one two years ago.)
    last = today.year - 1
    due = dt.date(last + 1, 3, 31)
    with _on(due):
        assert services.annual_deadline(conf.cast.a.unit, last) == due
        with refused(field="late_reason"):
            convene(conf.work, year=last, held_on=due + dt.timedelta(days=1))
        on_time = convene(conf.work, year=last, held_on=due)
        assert (on_time.deadline, on_time.late_reason) == (due, "")


def test_check_in(conf):
    mine = conf.delegate(conf.cast.a.staff)
    someone = conf.delegate(conf.extra[0])
    with refused(field="code"):
        services.check_in(actor=conf.cast.a.staff, conference=conf.conference, code=someone.code)
    with refused(field="code"):
        services.check_in(actor=conf.cast.a.staff, conference=conf.conference, code="ZZZZZZ")
    with refused(exc=Forbidden):  # ticking someone on the roll is the secretary's
        services.check_in(actor=conf.cast.a.staff, conference=conf.conference, delegate=someone)
    d = services.check_in(
        actor=conf.cast.a.staff, conference=conf.conference, code=mine.code.lower()
    )
    assert d.checked_in_by == conf.cast.a.staff and d.checked_in_at is not None
    with refused():
        services.check_in(actor=conf.cast.a.staff, conference=conf.conference, code=mine.code)
    with refused(exc=NotFound):
        services.check_in(actor=conf.cast.b.staff, conference=conf.conference, code=someone.code)
    services.check_in(actor=conf.a.clerk, conference=conf.conference, code=someone.code)
    absent = conf.delegate(conf.extra[1])
    with refused(field="reason"):
        services.absence(actor=conf.a.clerk, delegate=absent, reason="")
    with refused(field="__all__"):
        services.absence(actor=conf.a.clerk, delegate=someone, reason="Ốm")
    assert services.absence(actor=conf.a.clerk, delegate=absent, reason="Ốm").absent_reason == "Ốm"


# --- requests for an extraordinary conference -----------------------------------------------


def test_extraordinary_request_reaches_a_third(conf):
    staff = [conf.cast.a.staff, *conf.extra[:9]]
    with refused(field="reason"):
        services.request_open(
            actor=staff[0], agency=conf.cast.a.unit, subject="Quỹ thi đua", reason=""
        )
    with refused(exc=NotFound):
        services.request_open(
            actor=conf.cast.b.staff, agency=conf.cast.a.unit, subject="x", reason="y"
        )
    request = services.request_open(
        actor=staff[0],
        agency=conf.cast.a.unit,
        subject="Sửa quy chế chi tiêu nội bộ",
        reason="Quy chế chưa được lấy ý kiến CBCCVC",
    )
    assert (request.staff, request.signatures.count(), request.reached_on) == (30, 1, None)
    with refused(field="__all__"):
        services.request_sign(actor=staff[0], request=request)
    with refused(exc=NotFound):
        services.request_sign(actor=conf.cast.b.staff, request=request)
    for person in staff[1:9]:
        request = services.request_sign(actor=person, request=request)
    assert request.signatures.count() == 9 and request.reached_on is None  # 9 of 30 < 1/3

    # Not reached: the extraordinary conference "requested by staff" cannot cite it.
    extraordinary = {
        "kind": "extraordinary",
        "title": "Hội nghị bất thường",
        "requested_by": "staff",
    }
    with refused(field="request"):
        convene(conf.work, **extraordinary)
    with refused(field="request"):
        convene(conf.work, request=request, **extraordinary)
    request = services.request_sign(actor=staff[9], request=request)
    assert request.signatures.count() == 10 and request.reached_on == services.today()
    conference = convene(conf.work, request=request, **extraordinary)
    assert (conference.kind, conference.requested_by, conference.request) == (
        "extraordinary",
        "staff",
        request,
    )
    assert conference.deadline is None
    # The head may convene one without a request.
    head_called = convene(
        conf.work, kind="extraordinary", title="Theo đề nghị của Giám đốc", requested_by="head"
    )
    assert head_called.request is None


# --- the resolution and its reviews ----------------------------------------------------------


def test_resolution_adoption_reviews_and_tasks(conf):
    conf.open(20)
    head = conf.cast.a.head
    with refused(field="kind"):  # nothing drafted yet
        conf.poll(kind="resolution", method="hands", title="Thông qua Nghị quyết")
    motion = services.poll_open(
        actor=conf.a.clerk, poll=conf.poll(method="hands", title="Mức chi phúc lợi")
    )
    services.poll_close(actor=conf.a.clerk, poll=motion, hands=HandsIn(15, 3, 2))
    draft = services.resolution_draft(actor=conf.a.clerk, conference=conf.conference)
    assert "Mức chi phúc lợi" in draft.text and "15/20" in draft.text
    with refused(field="__all__"):
        services.resolution_task(
            actor=head, resolution=draft, title="x", deliverable="y", lead=conf.a.clerk, due_on=None
        )
    with refused(field="__all__"):
        services.resolution_publish(actor=head, resolution=draft)

    # Rejected first (10 of 20), adopted the second time (18 of 20).
    rejected = services.poll_open(
        actor=conf.a.clerk, poll=conf.poll(kind="resolution", method="hands", title="NQ")
    )
    services.poll_close(actor=conf.a.clerk, poll=rejected, hands=HandsIn(10, 10, 0))
    draft.refresh_from_db()
    assert (draft.number, draft.adopted_on, draft.poll) == ("", None, None)
    assert not ResolutionReview.objects.exists()
    poll = services.poll_open(
        actor=conf.a.clerk, poll=conf.poll(kind="resolution", method="hands", title="NQ")
    )
    poll = services.poll_close(actor=conf.a.clerk, poll=poll, hands=HandsIn(18, 1, 1))
    resolution = Resolution.objects.get(conference=conf.conference)
    today = services.today()
    assert (resolution.number, resolution.adopted_on, resolution.poll) == (
        "01/NQ-HNCBCCVC",
        today,
        poll,
    )
    first = resolution.reviews.get()
    assert first.due_on == add_months(today, 6) and first.held_on is None
    with refused(field="text"):
        services.resolution_draft(actor=conf.a.clerk, conference=conf.conference, text="Sửa")
    with refused(field="kind"):
        conf.poll(kind="resolution", method="hands", title="Lần nữa")

    resolution = services.resolution_publish(actor=head, resolution=resolution)
    assert resolution.publication is not None
    assert resolution.publication.agency == conf.cast.a.unit
    with refused():
        services.resolution_publish(actor=head, resolution=resolution)

    with refused(field="summary"):
        services.review_record(actor=head, review=first, summary=" ")
    with refused(exc=Forbidden):
        services.review_record(actor=conf.cast.a.staff, review=first, summary="Tốt")
    review = services.review_record(
        actor=conf.a.union, review=first, summary="Đã thực hiện 4/5 nội dung"
    )
    assert (review.held_on, review.summary) == (today, "Đã thực hiện 4/5 nội dung")
    assert review.publication is not None
    assert Publication.objects.get(pk=review.publication.pk).summary == "Đã thực hiện 4/5 nội dung"
    assert [r.due_on for r in selectors.reviews(resolution=resolution)] == [
        first.due_on,
        add_months(first.due_on, 6),
    ]
    with refused(field="__all__"):
        services.review_record(actor=head, review=first, summary="Lại")

    task = services.resolution_task(
        actor=head,
        resolution=resolution,
        title="Sửa quy chế chi tiêu nội bộ",
        deliverable="Quy chế sửa đổi",
        lead=conf.a.clerk,
        due_on=today + dt.timedelta(days=60),
    )
    assert isinstance(task, Task)
    assert (task.source_kind, task.source_id, task.source_label) == (
        "resolution",
        resolution.pk,
        "01/NQ-HNCBCCVC",
    )
    with refused(exc=Forbidden):
        services.resolution_task(
            actor=conf.cast.a.staff,
            resolution=resolution,
            title="x",
            deliverable="y",
            lead=conf.a.clerk,
            due_on=None,
        )


# --- dialogues -------------------------------------------------------------------------------


def _dialogue(conf: Conf, **kwargs: Any) -> Any:
    values: dict[str, Any] = {
        "actor": conf.cast.a.head,
        "agency": conf.cast.a.unit,
        "title": "Đối thoại về chế độ làm thêm giờ",
        "reason": "periodic",
        "held_on": services.today(),
        "place": "Phòng họp 2",
        "chair": conf.cast.a.head,
    }
    values.update(kwargs)
    return services.dialogue_create(**values)


def test_dialogue_questions_answers_and_commitments(conf):
    a = conf.cast.a
    with refused(field="held_on"):
        _dialogue(conf, held_on=services.today() - dt.timedelta(days=1))
    with refused(exc=Forbidden):
        _dialogue(conf, actor=a.staff)
    dialogue = _dialogue(conf)
    assert dialogue.state == "planned"

    # An anonymous question: no author, no event, the day only.
    events = AuditEvent.objects.count()
    anonymous = services.question_ask(
        actor=a.staff,
        dialogue=dialogue,
        text="Vì sao chưa chi tiền làm thêm giờ quý III?",
        anonymous=True,
    )
    assert anonymous.author is None and anonymous.asked_on == services.today()
    assert AuditEvent.objects.count() == events
    assert not AuditEvent.objects.filter(actor=a.staff, verb__startswith="dialogue").exists()
    assert not AuditEvent.objects.filter(object_id=str(anonymous.pk)).exists()
    named = services.question_ask(
        actor=conf.a.clerk, dialogue=dialogue, text="Lịch trực Tết thế nào?"
    )
    assert named.author == conf.a.clerk
    assert AuditEvent.objects.filter(verb="dialogue.ask", actor=conf.a.clerk).count() == 1
    with refused(field="text"):
        services.question_ask(actor=a.staff, dialogue=dialogue, text="  ")
    with refused(exc=NotFound):
        services.question_ask(actor=conf.cast.b.staff, dialogue=dialogue, text="Câu hỏi")

    # Upvotes: once per person.
    services.question_upvote(actor=conf.a.clerk2, question=anonymous)
    with refused():
        services.question_upvote(actor=conf.a.clerk2, question=anonymous)
    services.question_upvote(actor=conf.extra[0], question=anonymous)
    with refused(exc=NotFound):
        services.question_upvote(actor=conf.cast.b.staff, question=anonymous)
    anonymous.refresh_from_db()
    assert anonymous.upvotes == 2
    assert list(selectors.questions(dialogue=dialogue)) == [anonymous, named]

    # Answers: the head or a deputy.
    for who in (a.staff, conf.a.union, conf.a.chief):
        with refused(exc=Forbidden):
            services.question_answer(actor=who, question=anonymous, answer="Đã chi")
    with refused(exc=NotFound):
        services.question_answer(actor=conf.cast.b.head, question=anonymous, answer="Đã chi")
    answered = services.question_answer(
        actor=conf.a.deputy, question=anonymous, answer="Sẽ chi trong tháng 12"
    )
    assert answered.answered_on == services.today() and answered.answered_in_session
    services.question_answer(actor=a.head, question=named, answer="Theo lịch phân công")
    with refused(field="__all__"):
        services.question_answer(actor=a.head, question=anonymous, answer="Lại")

    # A commitment becomes a task with one lead.
    task = services.dialogue_commit(
        actor=a.head,
        dialogue=dialogue,
        title="Chi trả tiền làm thêm giờ quý III",
        deliverable="Bảng thanh toán",
        lead=conf.a.clerk,
        due_on=services.today() + dt.timedelta(days=20),
    )
    assert isinstance(task, Task)
    assert (task.source_kind, task.source_id, task.source_label) == (
        "dialogue",
        dialogue.pk,
        dialogue.title,
    )
    with refused(exc=NotFound):
        services.dialogue_commit(
            actor=conf.cast.b.head,
            dialogue=dialogue,
            title="x",
            deliverable="y",
            lead=conf.a.clerk,
            due_on=None,
        )

    with refused(field="minutes"):
        services.dialogue_close(actor=a.head, dialogue=dialogue, minutes="")
    dialogue = services.dialogue_close(
        actor=a.head, dialogue=dialogue, minutes="Biên bản đối thoại"
    )
    assert dialogue.state == "held"
    assert services.dialogue_due(a.unit) == add_months(services.today(), 12)
    with refused():
        services.question_ask(actor=a.staff, dialogue=dialogue, text="Muộn")
    with refused():  # the question as a page loads it, with its dialogue as it is now
        services.question_upvote(actor=a.staff, question=Question.objects.get(pk=named.pk))


def test_dialogue_required_by_the_board(conf):
    a = conf.cast.a
    with refused(exc=Forbidden):
        services.dialogue_require(
            actor=a.staff, agency=a.unit, title="Chế độ công tác phí", basis="Văn bản 01"
        )
    with refused(exc=NotFound):
        services.dialogue_require(actor=conf.cast.b.board, agency=a.unit, title="x", basis="y")
    with refused(field="basis"):
        services.dialogue_require(
            actor=a.board, agency=a.unit, title="Chế độ công tác phí", basis=""
        )
    dialogue = services.dialogue_require(
        actor=a.board, agency=a.unit, title="Chế độ công tác phí", basis="Kiến nghị số 03/KN-BTTND"
    )
    assert (dialogue.state, dialogue.reason, dialogue.held_on) == ("required", "board", None)
    with refused(field="__all__"):
        services.question_ask(actor=a.staff, dialogue=dialogue, text="Câu hỏi")
    with refused(field="__all__"):
        services.dialogue_commit(
            actor=a.head,
            dialogue=dialogue,
            title="x",
            deliverable="y",
            lead=conf.a.clerk,
            due_on=None,
        )
    with refused(exc=Forbidden):
        services.dialogue_schedule(
            actor=a.board,
            dialogue=dialogue,
            held_on=services.today(),
            place="Phòng họp",
            chair=a.head,
        )
    with refused(field="chair"):
        services.dialogue_schedule(
            actor=a.head,
            dialogue=dialogue,
            held_on=services.today(),
            place="Phòng họp",
            chair=conf.cast.b.head,
        )
    dialogue = services.dialogue_schedule(
        actor=a.head,
        dialogue=dialogue,
        held_on=services.today() + dt.timedelta(days=7),
        place="Phòng họp",
        chair=conf.a.deputy,
    )
    assert (dialogue.state, dialogue.chair) == ("planned", conf.a.deputy)
    q = services.question_ask(actor=a.staff, dialogue=dialogue, text="Mức khoán công tác phí?")
    assert not q.in_session  # asked before the day
    with refused(field="__all__"):  # the minutes are written on the day, not before
        services.dialogue_close(actor=a.head, dialogue=dialogue, minutes="Biên bản")
    assert Question.objects.filter(dialogue=dialogue).count() == 1


def test_outsiders_do_not_reach_the_conference(conf):
    b = conf.cast.b
    conf.open(20)
    poll = services.poll_open(actor=conf.a.clerk, poll=conf.poll())
    with refused(exc=NotFound):
        services.conference_open(actor=b.head, conference=conf.conference)
    with refused(exc=NotFound):
        services.poll_create(
            actor=b.head, conference=conf.conference, kind="motion", method="hands", title="x"
        )
    with refused(exc=NotFound):
        services.poll_close(actor=b.head, poll=poll)
    with refused(exc=NotFound):
        services.agenda_add(actor=b.head, conference=conf.conference, kind="other", title="x")
    with refused(exc=NotFound):
        services.resolution_draft(actor=b.head, conference=conf.conference)
    with pytest.raises(NotFound):
        selectors.conference_get(actor=b.staff, pk=conf.conference.pk)
    with pytest.raises(NotFound):
        selectors.poll_get(actor=b.staff, pk=poll.pk)
    assert (
        selectors.conference_get(actor=conf.cast.a.staff, pk=conf.conference.pk) == conf.conference
    )
    # The city's steering committee reads, but does not vote.
    assert (
        selectors.conference_get(actor=conf.cast.steering, pk=conf.conference.pk) == conf.conference
    )
    with refused():
        services.vote(actor=conf.cast.steering, poll=poll, choice="yes")


def test_agenda_keeps_the_legal_order(conf):
    conference = conf.conference
    kinds = list(conference.agenda.values_list("kind", flat=True))
    services.agenda_add(actor=conf.a.clerk, conference=conference, kind="other", title="Việc khác")
    services.agenda_add(
        actor=conf.a.clerk, conference=conference, kind="discussion", title="Thảo luận tổ"
    )
    after = list(conference.agenda.values_list("kind", "position"))
    assert [k for k, _p in after] == [*kinds[:3], "discussion", *kinds[3:], "other"]
    assert [p for _k, p in after] == list(range(1, len(after) + 1))
    conf.open(20)
    with refused():
        services.agenda_add(actor=conf.a.clerk, conference=conference, kind="other", title="Muộn")
    with refused():
        services.delegate_add(actor=conf.a.clerk, conference=conference, person=conf.extra[0])


def test_more_staff_can_be_summoned_before_the_opening(conf):
    a = conf.cast.a
    newcomer = make_person(agency=a.unit, username="newcomer", full_name="Cán bộ mới")
    give_role(newcomer, a.division, Role.STAFF)
    with refused(exc=Forbidden):
        services.delegate_add(actor=a.staff, conference=conf.conference, person=newcomer)
    with refused(field="person"):
        services.delegate_add(actor=conf.a.clerk, conference=conf.conference, person=conf.extra[0])
    with refused(field="person"):
        services.delegate_add(
            actor=conf.a.clerk, conference=conf.conference, person=conf.cast.b.staff
        )
    delegate = services.delegate_add(
        actor=conf.a.clerk, conference=conf.conference, person=newcomer
    )
    assert delegate.unit == a.division and len(delegate.code) == 6
    assert services.quorum(conf.conference).summoned == 31
    assert services.quorum(conf.conference).needed == 21
