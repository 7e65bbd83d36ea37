"""The conference's pages on the day: check-in, the live figure, a secret poll with the
result shown only after the close, the resolution and a dialogue; lists paginated with
their query counts pinned."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from danchu.conference import services
from danchu.conference.models import PollState
from tests.conference.conftest import Conf

pytestmark = pytest.mark.django_db


def test_a_delegate_checks_in_with_the_code_of_their_invitation(conf: Conf, client):
    me = conf.a.clerk2
    code = conf.delegate(me).code
    client.force_login(me)
    page = client.get(reverse("conference:check_in", args=[conf.conference.pk]) + f"?code={code}")
    assert page.status_code == 200 and code in page.content.decode()
    done = client.post(reverse("conference:check_in", args=[conf.conference.pk]), {"code": code})
    assert done.status_code == 302
    assert conf.delegate(me).checked_in_at is not None
    again = client.post(reverse("conference:check_in", args=[conf.conference.pk]), {"code": code})
    assert again.status_code == 400
    assert (
        "already checked in" in again.content.decode() or "đã điểm danh" in again.content.decode()
    )


def test_someone_elses_code_is_refused(conf: Conf, client):
    client.force_login(conf.a.clerk2)
    code = conf.delegate(conf.a.union).code
    page = client.post(reverse("conference:check_in", args=[conf.conference.pk]), {"code": code})
    assert page.status_code == 400
    assert conf.delegate(conf.a.union).checked_in_at is None


def test_the_result_shows_only_after_the_close(conf: Conf, client):
    conf.open(20)
    poll = conf.poll(title="Mức đóng góp quỹ")
    services.poll_open(actor=conf.a.clerk, poll=poll)
    voter = conf.present()[0]
    client.force_login(voter)
    url = reverse("conference:poll", args=[poll.pk])
    page = client.post(reverse("conference:poll_vote", args=[poll.pk]), {"choice": "yes"})
    assert page.status_code == 200
    assert 'id="receipt-code"' in page.content.decode()
    page = client.get(url).content.decode()
    assert 'id="receipt-code"' not in page and 'id="decision"' not in page
    assert "1 of 20" in page or "1/20" in page or "1 trong 20" in page
    client.force_login(conf.a.clerk)
    assert client.post(reverse("conference:poll_close", args=[poll.pk])).status_code == 302
    poll.refresh_from_db()
    assert poll.state == PollState.CLOSED
    page = client.get(url).content.decode()
    assert 'id="decision"' in page and 'id="ballots"' in page
    csv = client.get(reverse("conference:ballots_csv", args=[poll.pk])).content.decode()
    assert csv.count("\n") == 2  # the header and the one ballot


def test_pages_render_for_a_member(conf: Conf, client):
    conf.open(20)
    client.force_login(conf.cast.a.staff)
    unit = conf.cast.a.unit.pk
    for url in (
        reverse("conference:list", args=[unit]),
        reverse("conference:detail", args=[conf.conference.pk]),
        reverse("conference:roll", args=[conf.conference.pk]),
        reverse("conference:presence", args=[conf.conference.pk]),
        reverse("conference:dialogue_list", args=[unit]),
        reverse("conference:request_list", args=[unit]),
    ):
        assert client.get(url).status_code == 200, url


def test_a_dialogue_with_an_anonymous_question(conf: Conf, client):
    dialogue = services.dialogue_create(
        actor=conf.cast.a.head,
        agency=conf.cast.a.unit,
        title="Đối thoại về chế độ làm việc",
        reason="periodic",
        held_on=services.today() + dt.timedelta(days=3),
        place="Phòng họp 1",
        chair=conf.cast.a.head,
    )
    client.force_login(conf.a.clerk2)
    url = reverse("conference:question_ask", args=[dialogue.pk])
    assert (
        client.post(url, {"text": "Bao giờ có chế độ làm thêm giờ?", "anonymous": "on"}).status_code
        == 302
    )
    client.force_login(conf.cast.a.head)
    page = client.get(reverse("conference:dialogue", args=[dialogue.pk])).content.decode()
    questions = page.split('id="questions"')[1].split("</ol>")[0]
    assert "Bao giờ có chế độ" in questions and str(conf.a.clerk2) not in questions
    assert "Nặc danh" in questions or "Anonymous" in questions
