"""The conference on the home page and in the daily reminders: the annual conference due by
31 March, the resolution's 6-monthly review, a dialogue the board required, a delegate's poll
open for their vote."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from danchu.conference import services
from danchu.conference.dashboard import conference_attention
from danchu.conference.reminders import conference_remind
from tests.conference.conftest import Conf, add_staff, convene
from tests.tasks.conftest import Work

pytestmark = pytest.mark.django_db


def _titles(groups) -> list[str]:
    return [i.label for g in groups for i in g.items]


def test_the_annual_conference_is_flagged_until_held_and_red_after_31_march(work: Work):
    add_staff(work, 5)
    head = work.cast.a.head
    with time_machine.travel(dt.datetime(2027, 2, 1, 3, tzinfo=dt.UTC), tick=False):
        items = [i for g in conference_attention(head) for i in g.items]
        assert [i.urgent for i in items if "2026" in i.label] == [False]
        assert not conference_attention(work.cast.b.staff) or all(
            "2026" not in t for t in _titles(conference_attention(work.cast.b.staff))
        )
    with time_machine.travel(dt.datetime(2027, 4, 1, 3, tzinfo=dt.UTC), tick=False):
        items = [i for g in conference_attention(head) for i in g.items]
        assert [i.urgent for i in items if "2026" in i.label] == [True]


def test_a_held_conference_is_no_longer_flagged(work: Work):
    add_staff(work, 5)
    with time_machine.travel(dt.datetime(2027, 2, 1, 3, tzinfo=dt.UTC), tick=False):
        conference = convene(work, year=2026)
        for d in conference.roll.all():
            services.check_in(actor=work.a.clerk, conference=conference, delegate=d)
        services.conference_open(actor=work.cast.a.head, conference=conference)
        assert not any("2026" in t for t in _titles(conference_attention(work.cast.a.head)))


def test_a_delegate_sees_the_poll_open_for_their_vote(conf: Conf, client):
    conf.open(20)
    poll = conf.poll()
    services.poll_open(actor=conf.a.clerk, poll=poll)
    voter = conf.present()[0]
    assert poll.title in _titles(conference_attention(voter))
    services.vote(actor=voter, poll=poll, choice="yes")
    assert poll.title not in _titles(conference_attention(voter))
    client.force_login(voter)
    assert client.get(reverse("core:home")).status_code == 200


def test_reminders_of_the_review_and_the_dialogue(conf: Conf, django_capture_on_commit_callbacks):
    for n, person in enumerate([conf.cast.a.head, conf.a.deputy, conf.a.union]):
        person.email = f"p{n}@so-a.vn"
        person.save()
    conf.open(20)
    services.resolution_draft(actor=conf.a.clerk, conference=conf.conference)
    poll = conf.poll(kind="resolution", method="named", title="Thông qua Nghị quyết")
    services.poll_open(actor=conf.a.clerk, poll=poll)
    for person in conf.present()[:11]:
        services.vote(actor=person, poll=poll, choice="yes")
    services.poll_close(actor=conf.a.clerk, poll=poll)
    review = conf.conference.resolution.reviews.get()
    day = services.today()
    assert review.due_on.month == (day.month + 6 - 1) % 12 + 1
    dialogue = services.dialogue_create(
        actor=conf.cast.a.head,
        agency=conf.cast.a.unit,
        title="Đối thoại quý",
        reason="periodic",
        held_on=day + dt.timedelta(days=1),
        place="Phòng họp",
        chair=conf.cast.a.head,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert conference_remind(on=review.due_on - dt.timedelta(days=7))["reviews"] == 3
        assert conference_remind(on=review.due_on - dt.timedelta(days=6))["reviews"] == 0
        assert conference_remind(on=review.due_on + dt.timedelta(days=1))["reviews"] == 3
        assert conference_remind(on=day)["dialogues"] == 3  # those of the unit with an address
    assert dialogue.pk


@pytest.mark.parametrize("name", ["list", "dialogue_list", "request_list"])
def test_lists_cost_the_same_queries_for_3_or_30_rows(
    conf: Conf, client, name, django_assert_max_num_queries
):
    """The lists are paginated and their query count does not grow with their rows."""
    head, unit = conf.cast.a.head, conf.cast.a.unit
    day = services.today()

    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            services.conference_convene(
                actor=head,
                agency=unit,
                kind="extraordinary",
                requested_by="head",
                year=day.year,
                title=f"Hội nghị bất thường {i}",
                held_on=day + dt.timedelta(days=i),
                starts_at=dt.time(8),
                place="Hội trường",
                chair=head,
                secretary=conf.a.clerk,
            )
            services.dialogue_create(
                actor=head,
                agency=unit,
                title=f"Đối thoại {i}",
                reason="other",
                held_on=day + dt.timedelta(days=i),
                place="Phòng họp",
                chair=head,
            )
            services.request_open(
                actor=conf.extra[i % len(conf.extra)],
                agency=unit,
                subject=f"Đề nghị {i}",
                reason="Lý do",
            )

    url = reverse(f"conference:{name}", args=[unit.pk])
    client.force_login(head)
    add(3, 0)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(27, 3)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
    pinned = {"list": 11, "dialogue_list": 8, "request_list": 7}
    assert len(few) == pinned[name], [q["sql"] for q in few.captured_queries]


def test_the_roll_costs_the_same_queries_for_30_or_60_delegates(conf: Conf, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(conf.a.clerk)
    url = reverse("conference:roll", args=[conf.conference.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for person in add_staff(conf.work, 30, key="X"):
        services.delegate_add(actor=conf.a.clerk, conference=conf.conference, person=person)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few) == 11


def test_a_request_that_reached_a_third_of_staff_is_on_the_heads_home_page(conf: Conf):
    request = services.request_open(
        actor=conf.extra[0], agency=conf.cast.a.unit, subject="Bầu bổ sung", reason="Lý do"
    )
    for person in conf.extra[1:9]:
        request = services.request_sign(actor=person, request=request)
    assert request.reached_on is None  # 9 of 30
    services.request_sign(actor=conf.extra[9], request=request)
    assert "Bầu bổ sung" in " ".join(_titles(conference_attention(conf.cast.a.head)))
    assert not any("Bầu bổ sung" in t for t in _titles(conference_attention(conf.cast.b.head)))
