"""The figures of the staff conference and the dialogues (sections "conference" and
"dialogue"), against records made through the services on past days (``services.as_of``).

The year 2024 of department A (30 staff): the annual conference for 2023 held on 15/03 (25
of 30 present; two motions, one adopted, and the resolution adopted, published on 20/03 and
reviewed on 20/09), an extraordinary conference on 10/06 (20 of 30 present, one motion
adopted), a first convocation on 01/07 that lacked its quorum; just outside the year, an
extraordinary conference on 20/12/2023. Two dialogues held (one in 2024, one in 2025) and one
still planned. Department B (10 staff) held an extraordinary conference and a dialogue in
2024 but no annual conference for 2023; department C has 5 staff and held nothing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from danchu.conference import figures, services
from danchu.conference.models import Conference, Dialogue, Question
from danchu.core import figures as core_figures
from danchu.core.models import Agency, ClockRule, User
from danchu.tasks.models import Task, TaskState
from tests.conference.conftest import add_staff, convene
from tests.conftest import Department, _department
from tests.tasks.conftest import Crew, Work

START, END = dt.date(2024, 1, 1), dt.date(2024, 12, 31)


@contextmanager
def on(day: dt.date, hour: int = 8, minute: int = 30) -> Iterator[None]:
    with services.as_of(timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))):
        yield


def hold(
    work: Work,
    d: Department,
    crew: Crew,
    *,
    held_on: dt.date,
    present: int,
    hands: tuple[int, ...] = (),
    kind: str = "extraordinary",
    year: int | None = None,
) -> Conference:
    """Convene a week before, check in ``present`` on the day, open, and put one motion to a
    show of hands for each number of hands for in ``hands``."""
    with on(held_on - dt.timedelta(days=7)):
        conference = convene(
            work,
            actor=d.head,
            agency=d.unit,
            kind=kind,
            year=year or held_on.year,
            title=f"Hội nghị ngày {held_on:%d/%m/%Y}",
            held_on=held_on,
            chair=d.head,
            secretary=crew.clerk,
            requested_by="head" if kind == "extraordinary" else "",
        )
    with on(held_on):
        for delegate in conference.roll.order_by("pk")[:present]:
            services.check_in(actor=crew.clerk, conference=conference, delegate=delegate)
        conference = services.conference_open(actor=d.head, conference=conference)
        for n, yes in enumerate(hands):
            poll = services.poll_create(
                actor=crew.clerk,
                conference=conference,
                kind="motion",
                method="hands",
                title=f"Nội dung biểu quyết {n + 1}",
            )
            poll = services.poll_open(actor=crew.clerk, poll=poll)
            services.poll_close(
                actor=crew.clerk, poll=poll, hands=services.HandsIn(yes, present - yes, 0)
            )
    return conference


def dialogue(
    d: Department,
    *,
    held_on: dt.date,
    asked: int,
    answered: int,
    close: bool = True,
    commitments: int = 0,
) -> Dialogue:
    with on(held_on - dt.timedelta(days=10)):
        found = services.dialogue_create(
            actor=d.head,
            agency=d.unit,
            title=f"Đối thoại ngày {held_on:%d/%m/%Y}",
            reason="periodic",
            held_on=held_on,
            place="Phòng họp số 2",
            chair=d.head,
        )
        questions = [
            services.question_ask(actor=d.staff, dialogue=found, text=f"Câu hỏi số {n + 1}")
            for n in range(asked)
        ]
    with on(held_on, 15):
        for q in questions[:answered]:
            services.question_answer(actor=d.head, question=q, answer="Đã trả lời tại hội nghị")
        for n in range(commitments):
            services.dialogue_commit(
                actor=d.head,
                dialogue=found,
                title=f"Cam kết số {n + 1}",
                deliverable="Báo cáo kết quả",
                lead=d.staff,
                due_on=held_on + dt.timedelta(days=45),
            )
        if close:
            found = services.dialogue_close(actor=d.head, dialogue=found, minutes="Biên bản")
    return found


@dataclass
class Year:
    work: Work
    c: Department
    annual: Conference
    extraordinary: Conference

    @property
    def cast(self) -> Any:
        return self.work.cast

    @property
    def orgs(self) -> list[Agency]:
        return [self.cast.a.unit, self.cast.b.unit, self.c.unit]


@pytest.fixture
def year(work: Work) -> Year:
    cast, a, b = work.cast, work.a, work.b
    add_staff(work, 20)
    # Department A.
    hold(work, cast.a, a, held_on=dt.date(2023, 12, 20), present=25, hands=(20,))
    annual = hold(
        work,
        cast.a,
        a,
        held_on=dt.date(2024, 3, 15),
        present=25,
        hands=(20, 5),
        kind="annual",
        year=2023,
    )
    with on(dt.date(2024, 3, 15), 11):
        services.resolution_draft(actor=a.clerk, conference=annual, text="Nghị quyết hội nghị")
        poll = services.poll_create(
            actor=a.clerk,
            conference=annual,
            kind="resolution",
            method="hands",
            title="Thông qua nghị quyết",
        )
        poll = services.poll_open(actor=a.clerk, poll=poll)
        services.poll_close(actor=a.clerk, poll=poll, hands=services.HandsIn(24, 1, 0))
        annual = services.conference_close(actor=a.clerk, conference=annual, minutes="Biên bản")
    resolution = annual.resolution
    with on(dt.date(2024, 3, 20)):
        services.resolution_publish(actor=cast.a.head, resolution=resolution)
    with on(dt.date(2024, 9, 20)):
        services.review_record(
            actor=cast.a.head,
            review=resolution.reviews.get(held_on__isnull=True),
            summary="Đã thực hiện 8/10 chỉ tiêu",
            publish=False,
        )
    extraordinary = hold(work, cast.a, a, held_on=dt.date(2024, 6, 10), present=20, hands=(15,))
    hold(work, cast.a, a, held_on=dt.date(2024, 7, 1), present=10)  # no quorum: not held
    held = dialogue(cast.a, held_on=dt.date(2024, 4, 10), asked=3, answered=2, commitments=3)
    given = Task.objects.filter(source_kind="dialogue", source_id=held.pk).order_by("pk")
    assert given.count() == 3
    given.filter(pk=given[0].pk).update(state=TaskState.CANCELLED)  # one withdrawn
    dialogue(cast.a, held_on=dt.date(2025, 1, 15), asked=1, answered=1, commitments=1)
    dialogue(cast.a, held_on=dt.date(2024, 11, 5), asked=2, answered=0, close=False)
    # Department B: 10 staff, no annual conference for 2023.
    hold(work, cast.b, b, held_on=dt.date(2024, 5, 5), present=8, hands=(8,))
    dialogue(cast.b, held_on=dt.date(2024, 4, 10), asked=4, answered=4, commitments=1)
    # Department C: 5 staff, nothing held.
    c = _department(cast.city, "C")
    return Year(work, c, annual, extraordinary)


def sections(orgs: list[Agency], start: dt.date = START, end: dt.date = END) -> Any:
    return figures.build_conference(orgs, start, end), figures.build_dialogue(orgs, start, end)


def test_the_conference_figures_count_what_was_held_in_the_period(year: Year) -> None:
    conference, _dialogue = sections(year.orgs)
    a = conference[year.cast.a.unit.pk]
    assert a.as_dict() == {
        "held": 2,  # 15/03 and 10/06: not 20/12/2023 (outside), not 01/07 (no quorum)
        "last_held_on": "2024-06-10",
        "summoned": 30,
        "present": 20,
        "attendance_rate": 66.7,
        "decisions_adopted": 3,  # a motion and the resolution on 15/03, a motion on 10/06
        "resolutions_published": 1,
        "annual_missed": 0,
        "reviews_done": 1,
    }
    assert [f.key for f in a.figures] == list(a.as_dict())
    assert a.figures[1].kind == "date" and a.figures[4].kind == "percent"


def test_another_departments_conference_is_not_counted(year: Year) -> None:
    conference, _dialogue = sections(year.orgs)
    b = conference[year.cast.b.unit.pk]
    assert (b["held"], b["last_held_on"], b["summoned"], b["present"]) == (
        1,
        dt.date(2024, 5, 5),
        10,
        8,
    )
    assert (b["decisions_adopted"], b["resolutions_published"], b["reviews_done"]) == (1, 0, 0)
    # A's figures are the same whether B is built alongside or not.
    alone, _d = sections([year.cast.a.unit])
    assert alone[year.cast.a.unit.pk].as_dict() == conference[year.cast.a.unit.pk].as_dict()


def test_a_conference_just_outside_the_period_is_not_counted(year: Year) -> None:
    # 20/12/2023 is the last day of this period; the annual conference of 15/03 the first of
    # the next one's.
    before, _d = sections([year.cast.a.unit], dt.date(2023, 1, 1), dt.date(2023, 12, 20))
    assert before[year.cast.a.unit.pk]["held"] == 1
    before, _d = sections([year.cast.a.unit], dt.date(2023, 1, 1), dt.date(2023, 12, 19))
    assert before[year.cast.a.unit.pk]["held"] == 0
    assert before[year.cast.a.unit.pk]["last_held_on"] is None
    assert before[year.cast.a.unit.pk]["attendance_rate"] is None
    after, _d = sections([year.cast.a.unit], dt.date(2024, 3, 16), dt.date(2024, 6, 9))
    assert after[year.cast.a.unit.pk]["held"] == 0
    assert after[year.cast.a.unit.pk]["resolutions_published"] == 1  # published on 20/03
    assert after[year.cast.a.unit.pk]["decisions_adopted"] == 0


def test_a_unit_that_held_no_annual_conference_missed_it(year: Year) -> None:
    conference, _dialogue = sections(year.orgs)
    assert conference[year.cast.b.unit.pk]["annual_missed"] == 1  # 2023, due 31/03/2024
    # Department C has 5 staff: not obliged, as on the home page.
    assert conference[year.c.unit.pk]["annual_missed"] == 0
    assert len(services.staff(year.c.unit, dt.date(2024, 3, 31))) <= services.SMALL_UNIT
    # A held 2023's on time, but nothing for 2024 (due 31/03/2025).
    later, _d = sections([year.cast.a.unit], dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert later[year.cast.a.unit.pk]["annual_missed"] == 1
    # A period that does not reach the deadline counts nothing yet.
    early, _d = sections([year.cast.b.unit], dt.date(2024, 1, 1), dt.date(2024, 3, 30))
    assert early[year.cast.b.unit.pk]["annual_missed"] == 0


def test_an_annual_conference_held_after_its_deadline_is_missed(work: Work) -> None:
    cast = work.cast
    with on(dt.date(2024, 4, 1)):
        convene(
            work,
            year=2023,
            held_on=dt.date(2024, 4, 10),
            late_reason="Chờ kiện toàn lãnh đạo",
            title="Hội nghị năm 2023",
        )
    with on(dt.date(2024, 4, 10)):
        conference = Conference.objects.get(year=2023)
        for delegate in conference.roll.all():
            services.check_in(actor=work.a.clerk, conference=conference, delegate=delegate)
        services.conference_open(actor=cast.a.head, conference=conference)
    conference_, _d = sections([cast.a.unit])
    assert conference_[cast.a.unit.pk]["held"] == 1
    assert conference_[cast.a.unit.pk]["annual_missed"] == 1


def test_the_deadline_comes_from_the_rule_in_force(work: Work) -> None:
    """The unit's own stricter rule (2 months) moves the deadline to 29/02/2024: a
    conference on 15/03 is then late; the batch deadlines equal ``annual_deadline``."""
    cast = work.cast
    ClockRule.objects.create(
        code="conference.annual",
        applies_to="Hội nghị CBCCVC hằng năm",
        length=2,
        unit="months",
        start_event="Ngày kết thúc năm công tác",
        legal_basis="Quy chế dân chủ của Sở A",
        effective_from=dt.date(2023, 1, 1),
        agency=cast.a.unit,
    )
    orgs = [cast.a.unit, cast.b.unit]
    batch = figures.annual_deadlines(orgs, [2022, 2023, 2024])
    assert batch == {
        (o.pk, y): services.annual_deadline(o, y) for o in orgs for y in (2022, 2023, 2024)
    }
    assert batch[(cast.a.unit.pk, 2023)] == dt.date(2024, 2, 29)
    assert batch[(cast.b.unit.pk, 2023)] == dt.date(2024, 3, 31)
    # The rule in force when the work year ends governs: 2022 ended before the unit's rule.
    assert batch[(cast.a.unit.pk, 2022)] == dt.date(2023, 3, 31)
    add_staff(work, 20)
    hold(
        work,
        cast.a,
        work.a,
        held_on=dt.date(2024, 2, 20),
        present=25,
        kind="annual",
        year=2023,
    )
    conference, _d = sections([cast.a.unit], dt.date(2024, 1, 1), dt.date(2024, 2, 29))
    assert conference[cast.a.unit.pk]["annual_missed"] == 0
    Conference.objects.filter(year=2023).update(held_on=dt.date(2024, 3, 15))
    conference, _d = sections([cast.a.unit], dt.date(2024, 1, 1), dt.date(2024, 2, 29))
    assert conference[cast.a.unit.pk]["annual_missed"] == 1


def test_the_dialogue_figures(year: Year) -> None:
    _conference, dialogue_ = sections(year.orgs)
    a = dialogue_[year.cast.a.unit.pk]
    # One dialogue held in 2024 (the one of 2025 is outside, the one of 05/11 not held).
    assert a.as_dict() == {
        "held": 1,
        "questions": 3,
        "answered": 2,
        "answered_rate": 66.7,
        "commitments": 2,  # three given, one cancelled
    }
    b = dialogue_[year.cast.b.unit.pk]
    assert b.as_dict() == {
        "held": 1,
        "questions": 4,
        "answered": 4,
        "answered_rate": 100.0,
        "commitments": 1,
    }
    c = dialogue_[year.c.unit.pk]
    assert c.as_dict() == {
        "held": 0,
        "questions": 0,
        "answered": 0,
        "answered_rate": None,
        "commitments": 0,
    }
    later = figures.build_dialogue([year.cast.a.unit], dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert later[year.cast.a.unit.pk]["commitments"] == 1


def test_a_question_answered_after_the_period_is_not_answered_in_it(year: Year) -> None:
    """Answered means answered by the period's end: a later answer counts in a later period."""
    held = Dialogue.objects.get(agency=year.cast.a.unit, held_on=dt.date(2024, 4, 10))
    late = held.questions.filter(answered_on__isnull=False).order_by("pk").first()
    assert late is not None
    Question.objects.filter(pk=late.pk).update(answered_on=END + dt.timedelta(days=1))
    _conference, dialogue_ = sections([year.cast.a.unit])
    a = dialogue_[year.cast.a.unit.pk]
    assert (a["questions"], a["answered"], a["answered_rate"]) == (3, 1, 33.3)
    # A period that ends on the day of the answer counts it.
    _c, wider = sections([year.cast.a.unit], START, END + dt.timedelta(days=1))
    assert wider[year.cast.a.unit.pk]["answered"] == 2


def _queries(build: Any, orgs: list[Agency]) -> int:
    with CaptureQueriesContext(connection) as captured:
        build(orgs, START, END)
    return len(captured)


@pytest.mark.parametrize("build", [figures.build_conference, figures.build_dialogue])
def test_the_number_of_queries_does_not_grow_with_the_organisations(year: Year, build: Any) -> None:
    one = _queries(build, [year.cast.a.unit])
    three = _queries(build, year.orgs)
    assert one == three
    assert three <= (8 if build is figures.build_conference else 2)


def test_the_sections_are_registered_in_report_order() -> None:
    entries = {r.key: r for r in core_figures.registered()}
    assert (entries["conference"].order, entries["dialogue"].order) == (50, 60)
    assert entries["conference"].builder is figures.build_conference
    assert entries["dialogue"].builder is figures.build_dialogue


# --- the page ---------------------------------------------------------------------------------

FIGURE = re.compile(r'data-figure="([a-z_]+)\.([a-z_]+)">([^<]*)<')


def _shown(body: str) -> dict[str, str]:
    return {f"{s}.{k}": v for s, k, v in FIGURE.findall(body)}


def test_the_page_shows_the_same_figures(
    year: Year, client: Any, django_assert_num_queries: Any
) -> None:
    client.force_login(year.cast.a.staff)
    url = reverse("conference:figures", kwargs={"unit": year.cast.a.unit.pk})
    with django_assert_num_queries(15):
        response = client.get(url, {"start": "2024-01-01", "end": "2024-12-31"})
    assert response.status_code == 200
    conference, dialogue_ = sections([year.cast.a.unit])
    expected = {
        f"{s.key}.{f.key}": f.shown
        for s in (conference[year.cast.a.unit.pk], dialogue_[year.cast.a.unit.pk])
        for f in s.figures
    }
    shown = _shown(response.content.decode())
    assert shown == expected
    assert shown["conference.last_held_on"] == "10/06/2024"
    assert shown["conference.attendance_rate"] == "66,7%"
    assert shown["dialogue.answered_rate"] == "66,7%"


def test_the_steering_committee_reads_the_page(year: Year, client: Any) -> None:
    client.force_login(year.cast.steering)
    url = reverse("conference:figures", kwargs={"unit": year.cast.b.unit.pk})
    response = client.get(url, {"start": "2024-01-01", "end": "2024-12-31"})
    assert response.status_code == 200
    assert _shown(response.content.decode())["conference.annual_missed"] == "1"


def test_the_page_refuses_a_period_ending_before_it_starts(year: Year, client: Any) -> None:
    client.force_login(year.cast.a.head)
    url = reverse("conference:figures", kwargs={"unit": year.cast.a.unit.pk})
    response = client.get(url, {"start": "2024-12-31", "end": "2024-01-01"})
    assert response.status_code == 400
    assert b'class="error' in response.content
    assert b"data-figure" not in response.content


def test_the_page_defaults_to_this_year(year: Year, client: Any) -> None:
    client.force_login(year.cast.a.staff)
    response = client.get(reverse("conference:figures", kwargs={"unit": year.cast.a.unit.pk}))
    assert response.status_code == 200
    shown = _shown(response.content.decode())
    assert shown["conference.held"] == "0" and shown["dialogue.held"] == "0"


def test_the_list_page_links_to_the_figures(year: Year, client: Any) -> None:
    client.force_login(year.cast.a.staff)
    response = client.get(reverse("conference:list", kwargs={"unit": year.cast.a.unit.pk}))
    assert reverse("conference:figures", kwargs={"unit": year.cast.a.unit.pk}) in (
        response.content.decode()
    )


def test_an_outsider_gets_404(year: Year, client: Any) -> None:
    outsider: User = year.cast.b.head
    client.force_login(outsider)
    response = client.get(reverse("conference:figures", kwargs={"unit": year.cast.a.unit.pk}))
    assert response.status_code == 404
