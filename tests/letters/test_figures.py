# mypy: disable-error-code="operator"
# (figures are typed as any figure value — count, rate, date, text; these tests do arithmetic
# on the counts they know)
"""The "reception" section of the unit's figures: the grouped builder says what the statistics
page says for each organisation, in the same number of queries for one or five of them, and
the head's reception days are counted month by month (Law 42/2013 Art. 18.2).

(The seed check — Sở TT&TT, 01/01/2021–15/09/2022 — is in test_demo.py, which already loads
the demo.)"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re

import pytest
from django.urls import reverse

from danchu.core import figures
from danchu.core.models import Agency, AgencyKind
from danchu.letters.figures import build
from danchu.letters.models import (
    Eligibility,
    Kind,
    Letter,
    ReceptionSession,
    SessionKind,
    State,
    Timeliness,
    Visit,
)
from danchu.letters.stats import letters_report, months_due
from tests.factories import make_unit

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 1, 1), dt.date(2025, 6, 30)
_numbers = itertools.count(1)


def _orgs(cast, n: int) -> list[Agency]:
    orgs = [cast.a.unit, cast.b.unit]
    for i in range(len(orgs), n):
        orgs.append(
            make_unit(
                parent=cast.city, kind=AgencyKind.DEPARTMENT, code=f"DEP-X{i}", name=f"Sở {i}"
            )
        )
    return orgs[:n]


def _session(org: Agency, user, day: dt.date, kind: str = SessionKind.HEAD) -> ReceptionSession:
    return ReceptionSession.objects.create(
        agency=org, kind=kind, held_on=day, place="Phòng tiếp dân", host=user
    )


def _records(org: Agency, user, n: int, seed: int) -> None:
    """Sessions, visits and ``n`` letters of every kind and fate, around the period."""
    rng = random.Random(seed)
    sessions = [
        _session(org, user, dt.date(2024, 12, 10) + dt.timedelta(days=30 * i), kind)
        for i in range(8)
        for kind in (
            [SessionKind.HEAD, SessionKind.ADHOC] if i % 3 == seed % 3 else [SessionKind.HEAD]
        )
        if i != seed + 2  # a month missed
    ]
    for _ in range(n // 4):
        session = rng.choice([*sessions, None])
        day = session.held_on if session else START + dt.timedelta(days=rng.randint(-20, 200))
        answered = rng.choice([None, 5, 15])
        Visit.objects.create(
            agency=org, session=session, number=next(_numbers), year=day.year, received_on=day,
            received_by=user, people_count=rng.choice([1, 1, 6]), matter="Đất đai",
            answer_due_on=day + dt.timedelta(days=10),
            answered_on=day + dt.timedelta(days=answered) if answered else None,
        )  # fmt: skip
    for _ in range(n):
        day = START + dt.timedelta(days=rng.randint(-30, 200))
        kind = rng.choice([Kind.PETITION, Kind.PETITION, Kind.COMPLAINT, Kind.DENUNCIATION])
        letter = Letter(
            agency=org, code=f"{org.code}-{next(_numbers)}", received_on=day, channel="post",
            matter="Kiến nghị", kind=kind, eligibility=Eligibility.ELIGIBLE,
            state=State.RECEIVED, handling_due_on=day + dt.timedelta(days=10),
        )  # fmt: skip
        fate = rng.choice(["open", "accepted", "on_time", "late", "duplicate", "mixed"])
        if fate == "duplicate":
            letter.eligibility = Eligibility.DUPLICATE
        elif fate == "mixed":
            letter.kind, letter.state = Kind.MIXED, State.SPLIT
            letter.save()
            for part_kind in (Kind.PETITION, Kind.COMPLAINT):
                Letter.objects.create(
                    agency=org, code=f"{org.code}-{next(_numbers)}", received_on=day,
                    channel="post", matter="Một phần", kind=part_kind, parent=letter,
                    eligibility=Eligibility.ELIGIBLE, state=State.RECEIVED,
                    handling_due_on=day + dt.timedelta(days=10),
                )  # fmt: skip
            continue
        elif fate != "open":
            letter.state, letter.accepted_on = State.ACCEPTED, day + dt.timedelta(days=5)
            letter.due_on = day + dt.timedelta(days=40)
            if fate in ("on_time", "late"):
                letter.state = State.RESOLVED
                letter.settled_on = day + dt.timedelta(days=30 if fate == "on_time" else 50)
                letter.timeliness = Timeliness.ON_TIME if fate == "on_time" else Timeliness.LATE
        letter.save()


class TestTheBuilder:
    def test_it_says_what_the_statistics_say_for_each_of_three_organisations(self, cast):
        orgs = _orgs(cast, 3)
        for seed, org in enumerate(orgs):
            _records(org, cast.a.head, 40 + 20 * seed, seed)
        built = build(orgs, START, END)
        for org in orgs:
            report = letters_report(agency=org, start=START, end=END)
            assert built[org.pk].as_dict() == report.section.as_dict()
            f = report.figures
            s = built[org.pk]
            assert (s["visits"], s["letters"], s["settled"]) == (f.visits, f.letters, f.settled)
            assert s["petitions"] == f.by_kind["petition"]
            assert s["head_days"] == f.sessions_by_kind["head"]
            assert [x.key for x in s.figures] == [
                "visits", "head_days", "head_days_due", "head_days_missed", "letters",
                "petitions", "complaints", "denunciations", "settled", "settled_rate",
                "settled_on_time", "settled_late", "in_progress_within", "in_progress_overdue",
            ]  # fmt: skip
        a = built[orgs[0].pk]
        for key in ("visits", "head_days", "letters", "petitions", "complaints", "settled"):
            assert a[key], key
        assert a["settled_on_time"] and a["settled_late"]
        assert a["in_progress_within"] or a["in_progress_overdue"]
        assert len({built[o.pk]["letters"] for o in orgs}) == 3

    def test_a_mixed_letter_counts_by_its_parts_and_a_duplicate_not_at_all(self, cast):
        org = cast.a.unit
        _records(org, cast.a.head, 60, 4)
        s = build([org], START, END)[org.pk]
        in_period = Letter.objects.filter(agency=org, received_on__range=(START, END))
        counted = in_period.exclude(kind=Kind.MIXED).exclude(eligibility=Eligibility.DUPLICATE)
        assert in_period.filter(kind=Kind.MIXED).exists()
        assert in_period.filter(eligibility=Eligibility.DUPLICATE).exists()
        assert s["letters"] == counted.count()
        assert s["complaints"] == counted.filter(kind=Kind.COMPLAINT).count()
        assert s["petitions"] + s["complaints"] + s["denunciations"] == s["letters"]
        assert s["settled"] == s["settled_on_time"] + s["settled_late"]
        assert s["settled_rate"] == round(100 * s["settled"] / s["letters"], 1)
        assert s["settled"] + s["in_progress_within"] + s["in_progress_overdue"] == s["letters"]

    @pytest.mark.parametrize("n", [1, 5])
    def test_its_query_count_does_not_grow_with_organisations(
        self, cast, n, django_assert_num_queries
    ):
        orgs = _orgs(cast, n)
        for seed, org in enumerate(orgs):
            _records(org, cast.a.head, 12, seed)
        with django_assert_num_queries(5):
            built = build(orgs, START, END)
        assert set(built) == {o.pk for o in orgs}

    def test_it_is_registered_in_report_order(self):
        entry = next(r for r in figures.registered() if r.key == "reception")
        assert (entry.order, entry.builder) == (100, build)


class TestTheHeadsDays:
    def test_a_month_without_the_heads_day_is_missed(self, cast):
        org = cast.a.unit
        for month in (1, 2, 4, 5, 6):  # none in March
            _session(org, cast.a.head, dt.date(2025, month, 10))
        _session(org, cast.a.head, dt.date(2025, 2, 24))  # a second day in February
        _session(org, cast.a.head, dt.date(2025, 3, 12), SessionKind.ADHOC)  # not the head's day
        s = build([org], START, END)[org.pk]
        assert (s["head_days"], s["head_days_due"], s["head_days_missed"]) == (6, 6, 1)
        _session(org, cast.a.head, dt.date(2025, 3, 31))
        s = build([org], START, END)[org.pk]
        assert (s["head_days"], s["head_days_due"], s["head_days_missed"]) == (7, 6, 0)

    def test_only_whole_months_that_have_ended_are_due(self):
        today = dt.date(2025, 6, 20)
        # 15/01–15/06: February to May whole; January and June only in part.
        assert months_due(dt.date(2025, 1, 15), dt.date(2025, 6, 15), today=today) == [
            dt.date(2025, m, 1) for m in (2, 3, 4, 5)
        ]
        # The current month and the months to come are not due yet.
        assert months_due(dt.date(2025, 1, 1), dt.date(2025, 12, 31), today=today) == [
            dt.date(2025, m, 1) for m in range(1, 6)
        ]
        assert months_due(dt.date(2025, 2, 1), dt.date(2025, 2, 28), today=today) == [
            dt.date(2025, 2, 1)
        ]
        assert months_due(dt.date(2025, 2, 2), dt.date(2025, 2, 28), today=today) == []

    def test_a_heads_day_in_a_partial_month_counts_but_the_month_is_not_due(self, cast):
        org = cast.a.unit
        _session(org, cast.a.head, dt.date(2025, 1, 20))
        s = build([org], dt.date(2025, 1, 15), dt.date(2025, 3, 10))[org.pk]
        # Only February is due, and it was missed.
        assert (s["head_days"], s["head_days_due"], s["head_days_missed"]) == (1, 1, 1)


def test_the_statistics_page_shows_the_section(cast, client):
    org = cast.a.unit
    _records(org, cast.a.head, 40, 1)
    client.force_login(cast.a.head)
    page = client.get(
        reverse("letters:stats", kwargs={"unit": org.pk}),
        {"start": "2025-01-01", "end": "2025-06-30"},
    )
    assert page.status_code == 200
    shown = dict(re.findall(r'data-figure="reception\.(\w+)">([^<]*)<', page.content.decode()))
    section = build([org], START, END)[org.pk]
    assert shown == {f.key: f.shown for f in section.figures}
    assert shown["letters"] == str(section["letters"]) != "0"
