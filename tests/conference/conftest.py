"""The conference cast on top of the work cast: department A has 30 staff (the work cast's
ten and twenty more), a conference convened for today with its secretary (a clerk);
department B has the same work cast, so that outsiders hold every role."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db.models import Model

from danchu.conference import models as m
from danchu.conference import services
from danchu.conference.models import Conference, Delegate, Poll
from danchu.core.errors import DomainError
from danchu.core.models import AuditEvent, Membership, Role, User
from danchu.disclosure.models import Publication
from danchu.oversight.models import BoardSeat, BoardTerm
from danchu.tasks.models import Task
from tests.tasks.conftest import Crew, Work, work  # noqa: F401 — the fixture, for this package


@dataclass
class Conf:
    work: Work
    conference: Conference
    extra: list[User] = field(default_factory=list)

    @property
    def cast(self) -> Any:
        return self.work.cast

    @property
    def a(self) -> Crew:
        return self.work.a

    @property
    def b(self) -> Crew:
        return self.work.b

    def delegate(self, person: User) -> Delegate:
        return self.conference.roll.get(person=person)

    def check_in(self, n: int) -> list[Delegate]:
        """Check in the first ``n`` delegates of the roll (by the secretary)."""
        rows = list(self.conference.roll.order_by("pk")[:n])
        for d in rows:
            services.check_in(actor=self.a.clerk, conference=self.conference, delegate=d)
        return rows

    def present(self) -> list[User]:
        return [
            d.person
            for d in self.conference.roll.filter(checked_in_at__isnull=False).select_related(
                "person"
            )
        ]

    def open(self, present: int) -> Conference:
        self.check_in(present)
        self.conference = services.conference_open(
            actor=self.cast.a.head, conference=self.conference
        )
        return self.conference

    def poll(self, **kwargs: Any) -> Poll:
        values: dict[str, Any] = {
            "actor": self.a.clerk,
            "conference": self.conference,
            "kind": "motion",
            "method": "secret",
            "title": "Thông qua mức đóng góp quỹ xã hội",
        }
        values.update(kwargs)
        return services.poll_create(**values)


def add_staff(work: Work, n: int, key: str = "A", dept: str = "") -> list[User]:  # noqa: F811
    """``n`` more staff in a division of department ``dept`` (``key`` by default), named by
    ``key``: written in bulk (the people and roles services are tested elsewhere), with the
    derived search fields and one password hash."""
    from django.contrib.auth.hashers import make_password

    from danchu.core.models import Membership
    from danchu.core.text import fold, name_sort_key
    from tests.factories import PASSWORD

    d = work.cast.b if (dept or key) == "B" else work.cast.a
    password = make_password(PASSWORD)
    people = []
    for i in range(n):
        name, username = f"Cán bộ {key} {i:02d}", f"staff{key}{i}"
        people.append(
            User(
                username=username,
                full_name=name,
                password=password,
                search_text=f"{fold(name)} {username.lower()}",
                sort_key=name_sort_key(name),
            )
        )
    people = User.objects.bulk_create(people)
    start = dt.date(2020, 1, 1)
    Membership.objects.bulk_create(
        Membership(person=p, agency=d.division, role=Role.STAFF, start=start) for p in people
    )
    return people


def convene(work: Work, **kwargs: Any) -> Conference:  # noqa: F811
    today = services.today()
    values: dict[str, Any] = {
        "actor": work.cast.a.head,
        "agency": work.cast.a.unit,
        "kind": "annual",
        "year": today.year,
        "title": f"Hội nghị cán bộ, công chức năm {today.year}",
        "held_on": today,
        "starts_at": dt.time(8, 0),
        "place": "Hội trường tầng 3",
        "chair": work.cast.a.head,
        "secretary": work.a.clerk,
    }
    values.update(kwargs)
    return services.conference_convene(**values)


@pytest.fixture
def conf(work: Work) -> Conf:  # noqa: F811
    extra = add_staff(work, 20)
    return Conf(work=work, conference=convene(work), extra=extra)


@pytest.fixture
def big(work: Work) -> Conf:  # noqa: F811
    """Department A with 40 staff, all summoned (the board's election by 40 delegates)."""
    extra = add_staff(work, 30)
    return Conf(work=work, conference=convene(work), extra=extra)


# Every table a refused write could have touched: a refusal leaves all of them as they were.
WATCHED: list[type[Model]] = [
    AuditEvent,
    Membership,
    m.Conference,
    m.ConferenceRequest,
    m.RequestSignature,
    m.AgendaItem,
    m.Delegate,
    m.Poll,
    m.Candidate,
    m.PollRoll,
    m.NamedVote,
    m.Ballot,
    m.BallotReceipt,
    m.PaperCount,
    m.PaperCountChange,
    m.Resolution,
    m.ResolutionReview,
    m.Dialogue,
    m.Question,
    m.Upvote,
    Task,
    Publication,
    BoardTerm,
    BoardSeat,
]


def counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in WATCHED}


@contextlib.contextmanager
def refused(
    field: str | None = None, exc: type[DomainError] = DomainError
) -> Iterator[pytest.ExceptionInfo[DomainError]]:
    """The block raises ``exc`` (about ``field`` if given) and writes nothing anywhere."""
    before = counts()
    with pytest.raises(exc) as info:
        yield info
    if field is not None:
        assert field in info.value.fields, info.value.fields
    assert counts() == before
