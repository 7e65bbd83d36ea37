"""The figures of publicity and consultation: each one against records made for it, with the
period's boundaries, late and on-time publications, outcomes after the end and another
department's records; the builders' fixed query count; the statistics page showing the same
values."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danchu.core import figures
from danchu.core.models import AgencyKind
from danchu.disclosure import figures as disclosure_figures
from danchu.disclosure import services
from danchu.disclosure.models import Comment, Consultation, Dissemination, InformationRequest
from tests.disclosure.conftest import TEXT_V1, TEXT_V2, Office
from tests.factories import make_unit

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
START, END = dt.date(2025, 1, 1), dt.date(2025, 3, 31)
BUILDERS = {
    "regulations": disclosure_figures.build_regulations,
    "publicity": disclosure_figures.build_publicity,
    "dissemination": disclosure_figures.build_dissemination,
    "consultation": disclosure_figures.build_consultation,
}


@contextmanager
def at(y: int, m: int, d: int, h: int = 10, mi: int = 0) -> Iterator[None]:
    """Travel to a local time in Hà Nội / Hồ Chí Minh City."""
    with time_machine.travel(dt.datetime(y, m, d, h, mi, tzinfo=HCM), tick=False):
        yield


def section(office: Office, key: str, start: dt.date = START, end: dt.date = END):
    org = office.cast.a.unit
    return BUILDERS[key]([org], start, end)[org.pk]


# ---------------------------------------------------------------- regulations


def _regulation(office: Office, dept: str, kind: str, title: str):
    d = getattr(office.cast, dept)
    return services.regulation_create(
        actor=d.head, agency=d.unit, kind=kind, title=title, owner=d.head
    )


def _version(office, regulation, decided, effective, review, dept="a"):
    return services.version_add(
        actor=getattr(office.cast, dept).head,
        regulation=regulation,
        decision_number="QĐ",
        decision_date=decided,
        effective_from=effective,
        text=TEXT_V2,
        review_on=review,
        change_summary="Sửa đổi",
    )


@pytest.fixture
def regulations(office: Office) -> Office:
    """Department A: internal spending (the fixture's, v1 of 2024) amended twice in the period;
    working rules first issued in it; financial rules issued in it but in force after the
    end; a code of conduct amended once in it with a review date already past, and again after
    the end; public assets whose review falls on the end's day. Department B: working rules."""
    d = dt.date
    spending = office.regulation
    _version(office, spending, d(2025, 2, 1), d(2025, 2, 15), d(2026, 2, 15))
    _version(office, spending, d(2025, 3, 10), d(2025, 3, 15), d(2026, 3, 15))
    working = _regulation(office, "a", "working_rules", "Quy chế làm việc")
    _version(office, working, d(2025, 1, 10), d(2025, 1, 20), d(2026, 1, 20))
    financial = _regulation(office, "a", "financial", "Quy chế quản lý tài chính")
    _version(office, financial, d(2025, 3, 20), d(2025, 4, 10), d(2026, 4, 10))
    conduct = _regulation(office, "a", "conduct", "Quy tắc ứng xử")
    _version(office, conduct, d(2023, 1, 1), d(2023, 1, 10), d(2024, 12, 31))
    _version(office, conduct, d(2025, 3, 1), d(2025, 3, 5), d(2025, 3, 10))
    _version(office, conduct, d(2025, 4, 5), d(2025, 4, 15), d(2026, 4, 15))
    assets = _regulation(office, "a", "public_assets", "Quy chế quản lý tài sản công")
    _version(office, assets, d(2024, 6, 1), d(2024, 6, 10), END)
    other = _regulation(office, "b", "working_rules", "Quy chế làm việc B")
    _version(office, other, d(2025, 1, 10), d(2025, 1, 20), d(2025, 2, 1), dept="b")
    return office


def test_regulations_count_what_is_in_force_issued_amended_and_reviewed(regulations):
    s = section(regulations, "regulations")
    assert [f.key for f in s.figures] == [
        "in_force",
        "issued",
        "amended",
        "reviewed",
        "review_overdue",
        "core_kept",
    ]
    # Financial rules come into force after the end: the other four are in force.
    assert s["in_force"] == 4
    # Working rules and financial rules had their first version decided in the period.
    assert s["issued"] == 2
    # Spending twice, conduct once (its third version is decided after the end).
    assert s["amended"] == 3
    assert s["reviewed"] == 2
    # Conduct's version in force on the end was to be reviewed on 10/03; public assets' review
    # day is the end itself, not past; spending's old review date was met by its new versions.
    assert s["review_overdue"] == 1
    # Working rules, internal spending, public assets; financial rules not yet in force.
    assert s["core_kept"] == 3


def test_the_regulation_figures_on_a_day_before_anything_changed(regulations):
    s = section(regulations, "regulations", dt.date(2024, 6, 1), dt.date(2024, 12, 31))
    assert (s["in_force"], s["issued"], s["amended"], s["reviewed"]) == (3, 1, 0, 0)
    # Conduct's review date is the end itself: not yet overdue.
    assert s["review_overdue"] == 0
    assert s["core_kept"] == 2  # internal spending and public assets
    after = section(regulations, "regulations", dt.date(2025, 1, 1), dt.date(2025, 1, 16))
    # Spending's review date (15/01) passed and its next version is decided only in February.
    assert after["review_overdue"] == 2  # spending and conduct


# ---------------------------------------------------------------- publicity


def _publish(office: Office, decided: dt.date, published: dt.date, dept: str = "a"):
    d = getattr(office.cast, dept)
    return office.publish(
        actor=d.head,
        agency=d.unit,
        decision_date=decided,
        published_on=published,
        channels=["notice_board"],
        posted_until=None,
    )


def _request(office: Office, received, answered, dept: str = "a") -> InformationRequest:
    d = getattr(office.cast, dept)
    asker = office.clerk2 if dept == "a" else d.staff
    with at(*received):
        request = services.info_request_create(actor=asker, agency=d.unit, subject="Dự toán")
    if answered is not None:
        with at(*answered):
            services.info_request_answer(actor=d.head, request=request, answer="Đã gửi")
    request.refresh_from_db()
    return request


@pytest.fixture
def publicity(office: Office) -> Office:
    with at(2025, 4, 15):
        first = _publish(office, dt.date(2024, 12, 30), START)  # the first day, on time
        on_time = _publish(office, dt.date(2025, 2, 10), dt.date(2025, 2, 11))
        late = _publish(office, dt.date(2025, 3, 3), END)  # the last day, late
        _publish(office, dt.date(2024, 12, 20), dt.date(2024, 12, 31))  # the day before
        _publish(office, dt.date(2025, 4, 1), dt.date(2025, 4, 1))  # the day after
        _publish(office, dt.date(2025, 2, 10), dt.date(2025, 2, 11), dept="b")
        _publish(office, dt.date(2025, 3, 3), END, dept="b")
    # The facts recorded when registering them, which the figures count.
    assert first.late_days == 0 and on_time.late_days == 0 and late.late_days > 0
    answered = _request(office, (2025, 3, 3), (2025, 3, 4))
    overdue = _request(office, (2025, 3, 3), (2025, 3, 28))
    after_end = _request(office, (2025, 3, 28), (2025, 4, 2))
    assert answered.due_on >= dt.date(2025, 3, 4) and overdue.due_on < dt.date(2025, 3, 28)
    assert after_end.due_on >= dt.date(2025, 4, 2)
    _request(office, (2025, 3, 31), None)
    _request(office, (2024, 12, 30), (2024, 12, 31))
    _request(office, (2025, 3, 3), (2025, 3, 4), dept="b")
    return office


def test_publicity_counts_publications_of_the_period_on_time_and_late(publicity):
    s = section(publicity, "publicity")
    assert [f.key for f in s.figures] == [
        "published",
        "on_time",
        "late",
        "on_time_rate",
        "info_requests",
        "info_requests_on_time",
    ]
    assert (s["published"], s["on_time"], s["late"]) == (3, 2, 1)
    assert s["on_time_rate"] == 66.7
    # Four received in the period; one answered by its due date (one late, one answered
    # after the end, one not answered).
    assert (s["info_requests"], s["info_requests_on_time"]) == (4, 1)
    later = section(publicity, "publicity", START, dt.date(2025, 4, 30))
    assert (later["published"], later["info_requests_on_time"]) == (4, 2)


def test_publicity_with_nothing_published_has_no_rate(office: Office):
    s = section(office, "publicity")
    assert (s["published"], s["on_time_rate"], s["info_requests"]) == (0, None, 0)


# ---------------------------------------------------------------- dissemination


def _disseminate(office: Office, dept: str = "a", **kwargs) -> Dissemination:
    d = getattr(office.cast, dept)
    return services.dissemination_create(
        actor=d.head,
        agency=d.unit,
        document_title="Công văn của Thành ủy",
        confirm_by=dt.date(2025, 12, 31),
        **kwargs,
    )


@dataclass
class Campaigns:
    office: Office
    to_all: Dissemination
    to_division: Dissemination


@pytest.fixture
def dissemination(office: Office) -> Campaigns:
    a, b = office.cast.a, office.cast.b
    with at(2025, 1, 1, 0, 30):  # the first minutes of the period
        to_all = _disseminate(office)
    with at(2025, 1, 5):
        services.read_confirm(actor=a.staff, dissemination=to_all)
    with at(2025, 4, 2):  # after the end
        services.read_confirm(actor=office.clerk2, dissemination=to_all)
    with at(2025, 3, 31, 23, 30):  # the last minutes
        to_division = _disseminate(office, audience_kind="unit", audience_unit=office.division2)
    with at(2025, 3, 31, 23, 45):
        services.read_confirm(actor=office.clerk3, dissemination=to_division)
    with at(2024, 12, 31, 23, 59):
        before = _disseminate(office)
        services.read_confirm(actor=a.staff, dissemination=before)
    with at(2025, 4, 1, 0, 1):
        _disseminate(office)
    with at(2025, 2, 1):
        other = _disseminate(office, dept="b")
        services.read_confirm(actor=b.staff, dissemination=other)
    return Campaigns(office, to_all, to_division)


def test_dissemination_counts_readers_asked_and_confirmed_by_the_end(dissemination):
    s = section(dissemination.office, "dissemination")
    assert [f.key for f in s.figures] == [
        "disseminations",
        "to_confirm",
        "confirmed",
        "confirmed_rate",
    ]
    everyone = dissemination.to_all.readers.count()
    assert everyone >= 5 and dissemination.to_division.readers.count() == 2
    assert s["disseminations"] == 2
    assert s["to_confirm"] == everyone + 2
    assert s["confirmed"] == 2  # the staff member and clerk 3; clerk 2 confirmed after
    assert s["confirmed_rate"] == figures.rate(2, everyone + 2)


# ---------------------------------------------------------------- consultation


def _consult(office: Office, opens, closes, created, dept: str = "a") -> Consultation:
    d = getattr(office.cast, dept)
    with at(*created):
        return services.consultation_create(
            actor=d.head,
            agency=d.unit,
            topic="spending",
            title="Dự thảo quy chế chi tiêu nội bộ",
            form="written",
            owner=d.head,
            opens_on=opens,
            closes_on=closes,
            draft=TEXT_V1,
        )


def _comment(consultation, person, day) -> Comment:
    with at(*day):
        return services.comment_add(actor=person, consultation=consultation, text="Góp ý")


def _answer(consultation, comment, answer, day) -> None:
    with at(*day):
        services.comment_answer(
            actor=consultation.owner, comment=comment, answer=answer, reason="Vì"
        )


def _publish_summary(consultation, day) -> None:
    with at(*day):
        services.consultation_publish(
            actor=consultation.owner,
            consultation=consultation,
            decision_number="1/BC",
            channels=["notice_board"],
        )


@pytest.fixture
def consultation(office: Office) -> Office:
    a, d = office.cast.a, dt.date
    first = _consult(office, d(2025, 3, 3), d(2025, 3, 14), (2025, 3, 1))
    for person, answer in (
        (a.staff, "accepted"),
        (office.clerk2, "partly"),
        (office.clerk3, "rejected"),
    ):
        comment = _comment(first, person, (2025, 3, 5))
        _answer(first, comment, answer, (2025, 3, 17))
    _publish_summary(first, (2025, 3, 20))
    last = _consult(office, d(2025, 3, 25), d(2025, 4, 10), (2025, 3, 24))
    early = _comment(last, a.staff, (2025, 3, 26))
    late = _comment(last, office.clerk2, (2025, 4, 2))  # after the end
    _answer(last, early, "accepted", (2025, 4, 11))  # accepted after the end
    _answer(last, late, "accepted", (2025, 4, 11))
    _publish_summary(last, (2025, 4, 11))  # published after the end
    before = _consult(office, d(2024, 12, 20), d(2025, 1, 10), (2024, 12, 19))
    _answer(before, _comment(before, a.staff, (2025, 1, 6)), "accepted", (2025, 1, 7))
    other = _consult(office, d(2025, 3, 3), d(2025, 3, 14), (2025, 3, 1), dept="b")
    _answer(other, _comment(other, office.cast.b.staff, (2025, 3, 5)), "accepted", (2025, 3, 6))
    return office


def test_consultation_counts_comments_accepted_fully_or_partly(consultation):
    s = section(consultation, "consultation")
    assert [f.key for f in s.figures] == [
        "held",
        "comments",
        "accepted",
        "accepted_rate",
        "summaries_published",
    ]
    assert s["held"] == 2
    assert s["comments"] == 4  # three on the first, one on the last before the end
    assert s["accepted"] == 2  # accepted and partly; the rejected one and those after not
    assert s["accepted_rate"] == 50.0
    assert s["summaries_published"] == 1
    later = section(consultation, "consultation", START, dt.date(2025, 4, 30))
    assert (later["comments"], later["accepted"], later["summaries_published"]) == (5, 4, 2)
    # The summary is a publication of the period too, on time.
    publicity = section(consultation, "publicity")
    assert (publicity["published"], publicity["on_time"]) == (1, 1)


# ---------------------------------------------------------------- queries, registry, page


def test_the_builders_take_the_same_queries_for_one_or_three_organisations(
    regulations, publicity, dissemination, consultation
):
    a, b = regulations.cast.a.unit, regulations.cast.b.unit
    c = make_unit(parent=regulations.cast.city, kind=AgencyKind.DEPARTMENT, code="DEP-C")
    expected = {"regulations": 2, "publicity": 2, "dissemination": 1, "consultation": 2}
    for key, build in BUILDERS.items():
        with CaptureQueriesContext(connection) as one:
            single = build([a], START, END)
        with CaptureQueriesContext(connection) as three:
            many = build([a, b, c], START, END)
        assert len(one) == len(three) == expected[key], key
        assert many[a.pk].as_dict() == single[a.pk].as_dict()
        assert set(many) == {a.pk, b.pk, c.pk}
        assert all(v in (0, None) for v in many[c.pk].as_dict().values()), key
    assert many[b.pk]["held"] == 1


def test_the_sections_are_registered_in_report_order():
    order = {r.key: r.order for r in figures.registered()}
    assert [order[k] for k in BUILDERS] == [10, 20, 30, 40]
    assert {r.key: r.builder for r in figures.registered()}["publicity"] is (
        disclosure_figures.build_publicity
    )


FIGURE = re.compile(r'data-figure="([\w.]+)">([^<]*)<')


def test_the_page_shows_the_builders_values(
    client, regulations, publicity, dissemination, consultation, django_assert_num_queries
):
    org = regulations.cast.a.unit
    client.force_login(regulations.cast.a.staff)
    url = reverse("disclosure:figures", kwargs={"unit": org.pk})
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(url, {"start": "2025-01-01", "end": "2025-03-31"})
    assert response.status_code == 200
    shown = dict(FIGURE.findall(response.content.decode()))
    expected = {
        f"{s.key}.{f.key}": f.shown
        for s in figures.sections(agencies=[org], start=START, end=END, only=BUILDERS)[org.pk]
        for f in s.figures
    }
    assert len(expected) == 21
    assert {k: v for k, v in shown.items() if k in expected} == expected
    assert shown["publicity.on_time_rate"] == "75%"  # 3 of 4, with the summary
    assert shown["regulations.core_kept"] == "3"


PAGE_QUERIES = 12  # session, person, scope (3), then the seven queries of the builders


def test_the_steering_committee_reads_the_page_and_an_outsider_gets_404(client, office):
    url = reverse("disclosure:figures", kwargs={"unit": office.cast.a.unit.pk})
    client.force_login(office.cast.steering)
    assert client.get(url).status_code == 200
    client.force_login(office.cast.b.head)
    assert client.get(url).status_code == 404


def test_a_period_that_ends_before_it_starts_is_refused(client, office):
    client.force_login(office.cast.a.head)
    url = reverse("disclosure:figures", kwargs={"unit": office.cast.a.unit.pk})
    with time_machine.travel(dt.datetime(2025, 6, 1, 3, tzinfo=dt.UTC), tick=False):
        response = client.get(url, {"start": "2025-03-01", "end": "2025-02-01"})
        assert response.status_code == 400
        assert b'class="error' in response.content
        assert b"data-figure" not in response.content
        default = client.get(url)
    shown = dict(FIGURE.findall(default.content.decode()))
    assert shown["regulations.in_force"] == "1"  # this year by default: 01/01–01/06/2025
    assert shown["regulations.review_overdue"] == "1"
