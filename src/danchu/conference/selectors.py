"""Reads of the conference and the dialogues, scoped to the person asking: every member of
the unit (and the city's steering committee) reads its conferences, polls and dialogues. A
poll's result is read only once it is closed; a secret ballot's box only as its published
contents (no ids), anonymous questions without an author."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _

from danchu.conference.models import (
    Ballot,
    Candidate,
    Conference,
    ConferenceRequest,
    Delegate,
    Dialogue,
    Poll,
    PollKind,
    PollRoll,
    PollState,
    Question,
    Resolution,
    ResolutionReview,
)
from danchu.core.errors import Forbidden, NotFound
from danchu.core.models import Agency, User
from danchu.core.scope import scope_for


def _readable(actor: User, qs: QuerySet[Any], prefix: str = "agency__") -> QuerySet[Any]:
    return qs.filter(scope_for(actor).read_q(prefix))


def _get(
    actor: User,
    qs: QuerySet[Any],
    pk: Any,
    prefix: str,
    message: str,
    perm: str = "conference.view",
) -> Any:
    """The object if the person's scope reaches it (else not found) and ``perm`` is theirs in
    its organisation (else forbidden: someone of the city above who is not on the steering
    committee reads nothing of a department's conference)."""
    found = _readable(actor, qs, prefix).filter(pk=pk).first()
    if found is None:
        raise NotFound(message)
    org = found
    for part in prefix.rstrip("_").split("__"):
        org = getattr(org, part)
    if not actor.has_perm(perm, org):
        raise Forbidden()
    return found


def conference_list(*, actor: User, agency: Agency) -> QuerySet[Conference]:
    return (
        _readable(actor, Conference.objects.filter(agency=agency))
        .annotate(
            summoned=Count("roll", distinct=True),
            present=Count("roll", filter=Q(roll__checked_in_at__isnull=False), distinct=True),
        )
        .select_related("agency")
        .order_by("-held_on", "-pk")
    )


def conference_get(*, actor: User, pk: int) -> Conference:
    return _get(
        actor,
        Conference.objects.select_related("agency", "chair", "secretary", "previous", "request"),
        pk,
        "agency__",
        _("Conference not found."),
    )


def roll(*, conference: Conference, query: str = "") -> QuerySet[Delegate]:
    rows = conference.roll.select_related("person", "unit", "checked_in_by")
    if query:
        from danchu.core.text import fold

        rows = rows.filter(person__search_text__contains=fold(query))
    return rows.order_by("unit__path", "person__full_name", "pk")


def delegate_get(*, actor: User, pk: int) -> Delegate:
    return _get(
        actor,
        Delegate.objects.select_related("conference__agency", "person"),
        pk,
        "conference__agency__",
        _("Delegate not found."),
    )


def my_delegate(*, actor: User, conference: Conference) -> Delegate | None:
    return conference.roll.filter(person=actor).first()


def poll_list(*, conference: Conference) -> QuerySet[Poll]:
    return conference.polls.select_related("agenda_item").order_by("pk")


def poll_get(*, actor: User, pk: int) -> Poll:
    return _get(
        actor,
        Poll.objects.select_related("conference__agency", "conference__chair", "runoff_of"),
        pk,
        "conference__agency__",
        _("Poll not found."),
    )


def candidates(*, poll: Poll) -> list[Candidate]:
    """Before the close in name order; after it by votes, the elected first."""
    rows = poll.candidates.select_related("person")
    if poll.state == PollState.CLOSED:
        return list(rows.order_by("-elected", "-votes", "person__full_name"))
    return list(rows.order_by("person__full_name", "pk"))


@dataclass(frozen=True)
class Turnout:
    entitled: int
    present: int
    voted: int


def turnout(*, poll: Poll) -> Turnout:
    """How many have voted — shown while the poll is open; never how."""
    counts = PollRoll.objects.filter(poll=poll).aggregate(
        entitled=Count("pk"),
        present=Count("pk", filter=Q(present=True)),
        voted=Count("pk", filter=Q(voted=True)),
    )
    return Turnout(counts["entitled"], counts["present"], counts["voted"])


def has_voted(*, poll: Poll, actor: User) -> bool | None:
    """None: not entitled to vote in this poll."""
    row = PollRoll.objects.filter(poll=poll, person=actor, present=True).first()
    return None if row is None else row.voted


@dataclass(frozen=True)
class PublishedBallot:
    choice: str
    marks: list[int]


def published_ballots(*, poll: Poll) -> list[PublishedBallot]:
    """After the close, the ballot box for anyone present to recount: contents only, in the
    order of their content."""
    if poll.state != PollState.CLOSED or poll.method != "secret":
        return []
    return [
        PublishedBallot(c, list(m))
        for c, m in Ballot.objects.filter(poll=poll)
        .order_by("choice", "marks")
        .values_list("choice", "marks")
    ]


def recount(*, poll: Poll) -> dict[str, int]:
    """The tally recomputed from the published ballots (choice → count, or candidate id →
    votes), as anyone may do from the list."""
    ballots = published_ballots(poll=poll)
    if poll.kind == PollKind.ELECTION:
        return {str(k): v for k, v in Counter(pk for b in ballots for pk in b.marks).items()}
    return dict(Counter(b.choice for b in ballots))


def resolution_get(*, actor: User, pk: int) -> Resolution:
    return _get(
        actor,
        Resolution.objects.select_related("conference__agency", "publication", "poll"),
        pk,
        "conference__agency__",
        _("Resolution not found."),
    )


def reviews(*, resolution: Resolution) -> QuerySet[ResolutionReview]:
    return resolution.reviews.select_related("publication").order_by("due_on")


def review_get(*, actor: User, pk: int) -> ResolutionReview:
    return _get(
        actor,
        ResolutionReview.objects.select_related("resolution__conference__agency"),
        pk,
        "resolution__conference__agency__",
        _("Review not found."),
    )


def request_list(*, actor: User, agency: Agency) -> QuerySet[ConferenceRequest]:
    return (
        _readable(actor, ConferenceRequest.objects.filter(agency=agency))
        .annotate(signed=Count("signatures"))
        .select_related("opened_by")
        .order_by("-opened_on", "-pk")
    )


def request_get(*, actor: User, pk: int) -> ConferenceRequest:
    return _get(
        actor,
        ConferenceRequest.objects.select_related("agency", "opened_by").annotate(
            signed=Count("signatures")
        ),
        pk,
        "agency__",
        _("Request not found."),
    )


def dialogue_list(*, actor: User, agency: Agency) -> QuerySet[Dialogue]:
    return (
        _readable(actor, Dialogue.objects.filter(agency=agency))
        .annotate(
            asked=Count("questions", distinct=True),
            answered=Count(
                "questions", filter=Q(questions__answered_on__isnull=False), distinct=True
            ),
        )
        .select_related("chair")
        .order_by(F("held_on").desc(nulls_first=True), "-pk")
    )


def dialogue_get(*, actor: User, pk: int) -> Dialogue:
    return _get(
        actor,
        Dialogue.objects.select_related("agency", "chair"),
        pk,
        "agency__",
        _("Dialogue not found."),
        "dialogue.view",
    )


def questions(*, dialogue: Dialogue) -> QuerySet[Question]:
    return dialogue.questions.select_related("author").order_by("-upvotes", "asked_on", "text")


def question_get(*, actor: User, pk: Any) -> Question:
    return _get(
        actor,
        Question.objects.select_related("dialogue__agency"),
        pk,
        "dialogue__agency__",
        _("Question not found."),
        "dialogue.view",
    )
