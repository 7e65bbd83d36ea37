"""The conference's API: every route in one table checked by ``tests.routes`` (success, not
logged in, forbidden, department B's people get 404 on every object, bad input, wrong
method), then the flows — convocation and check-in, the secret ballot (result hidden until
the close, one ballot each, none after the close, no more marks than seats, no poll without
a quorum), the board elected, the resolution, the dialogues (an anonymous question never
shows its author)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.utils import translation

from danchu.conference import services
from danchu.conference.models import (
    Conference,
    Delegate,
    Dialogue,
    Poll,
    Question,
    Resolution,
)
from danchu.core.models import AuditEvent, Role
from tests.conference.conftest import Conf
from tests.factories import give_role, make_person

pytestmark = pytest.mark.django_db

BASE = "/api/v1/conference"


@dataclass
class Ctx:
    """The conference cast for the route table (``cast`` and ``a`` as the table expects)."""

    conf: Conf
    saved: dict[str, Any] = field(default_factory=dict)

    @property
    def cast(self) -> Any:
        return self.conf.cast

    @property
    def a(self) -> Any:
        return self.conf.a


@pytest.fixture
def ctx(conf: Conf) -> Ctx:
    return Ctx(conf)


def today() -> dt.date:
    return services.today()


def vi(message: str, **params: Any) -> str:
    """The message as the API says it: in Vietnamese."""
    with translation.override("vi"):
        text = translation.gettext(message)
    return text % params if params else text


# --- objects for the table --------------------------------------------------------------------


def _opened(c: Ctx) -> Conference:
    if c.conf.conference.state == "preparing":
        c.conf.open(20)
    return c.conf.conference


def _poll(c: Ctx, **kwargs: Any) -> Poll:
    _opened(c)
    return c.conf.poll(**kwargs)


def _open_poll(c: Ctx, **kwargs: Any) -> Poll:
    return services.poll_open(actor=c.a.clerk, poll=_poll(c, **kwargs))


def _election(c: Ctx) -> Poll:
    """A board election for 3 seats with 4 candidates (staff of department A)."""
    poll = _poll(c, kind="election", title="Bầu Ban Thanh tra nhân dân", seats=3, tie_rule="lot")
    for person in c.conf.extra[:4]:
        services.candidate_add(
            actor=c.a.union, poll=poll, person=person, nominated_by="BCH Công đoàn"
        )
    return poll


def _elected(c: Ctx) -> Poll:
    """The election closed: everyone present marked the first three candidates."""
    poll = services.poll_open(actor=c.a.clerk, poll=_election(c))
    chosen = [poll.candidates.get(person=p).pk for p in c.conf.extra[:3]]  # the fourth gets nothing
    for person in c.conf.present():
        services.vote(actor=person, poll=poll, marks=chosen)
    return services.poll_close(actor=c.a.clerk, poll=poll)


def _voted(c: Ctx, yes: int = 15) -> Poll:
    """A secret motion voted by the 20 present (``yes`` for) and closed."""
    poll = _open_poll(c)
    for i, person in enumerate(c.conf.present()):
        receipt = services.vote(actor=person, poll=poll, choice="yes" if i < yes else "no")
        c.saved.setdefault("receipts", []).append(receipt.receipt)
    return services.poll_close(actor=c.a.clerk, poll=poll)


def _draft(c: Ctx) -> Resolution:
    return services.resolution_draft(
        actor=c.a.clerk,
        conference=_opened(c),
        text="Hội nghị quyết nghị thông qua chương trình công tác năm.",
    )


def _adopted(c: Ctx) -> Resolution:
    resolution = _draft(c)
    poll = _open_poll(c, kind="resolution", title="Thông qua nghị quyết Hội nghị")
    for person in c.conf.present():
        services.vote(actor=person, poll=poll, choice="yes")
    services.poll_close(actor=c.a.clerk, poll=poll)
    resolution.refresh_from_db()
    assert resolution.adopted_on is not None
    return resolution


def _slips_poll(c: Ctx) -> Poll:
    """No quorum twice: decisions by written opinion slips from all staff (Art. 50.2)."""
    first = services.conference_open(actor=c.cast.a.head, conference=c.conf.conference)
    assert first.state == "no_quorum"
    tomorrow = today() + dt.timedelta(days=1)
    second = services.second_convocation(
        actor=c.cast.a.head,
        conference=first,
        held_on=tomorrow,
        starts_at=dt.time(8, 0),
        place="Hội trường tầng 3",
    )
    with time_machine.travel(dt.datetime.combine(tomorrow, dt.time(2, 0), tzinfo=dt.UTC)):
        second = services.conference_open(actor=c.cast.a.head, conference=second)
        second = services.written_opinions(actor=c.cast.a.head, conference=second)
        poll = services.poll_create(
            actor=c.a.clerk,
            conference=second,
            kind="motion",
            method="slips",
            title="Thông qua mức đóng góp quỹ xã hội",
        )
        return services.poll_open(actor=c.a.clerk, poll=poll)


def _dialogue(c: Ctx) -> Dialogue:
    return services.dialogue_create(
        actor=c.cast.a.head,
        agency=c.cast.a.unit,
        title="Đối thoại về chế độ làm thêm giờ",
        reason="periodic",
        held_on=today(),
        place="Phòng họp số 2",
        chair=c.cast.a.head,
    )


def _question(c: Ctx) -> Question:
    return services.question_ask(
        actor=c.a.clerk, dialogue=_dialogue(c), text="Khi nào thanh toán tiền làm thêm giờ?"
    )


def unit(c: Ctx) -> dict[str, int]:
    return {"unit_id": c.cast.a.unit.pk}


def conference(c: Ctx) -> dict[str, int]:
    return {"conference_id": c.conf.conference.pk}


def opened(c: Ctx) -> dict[str, int]:
    return {"conference_id": _opened(c).pk}


def _checked_in_20(c: Ctx) -> dict[str, int]:
    c.conf.check_in(20)
    return conference(c)


CONVENE = {
    "kind": "extraordinary",
    "title": "Hội nghị bất thường về sắp xếp tổ chức",
    "starts_at": "14:00",
    "place": "Hội trường tầng 3",
    "requested_by": "head",
}


def _convene(c: Ctx) -> dict[str, Any]:
    return {
        **CONVENE,
        "year": today().year,
        "held_on": (today() + dt.timedelta(days=7)).isoformat(),
        "chair_id": c.cast.a.head.pk,
        "secretary_id": c.a.clerk.pk,
    }


def _task(c: Ctx) -> dict[str, Any]:
    return {
        "title": "Sắp xếp lại lịch trực",
        "deliverable": "Lịch trực mới",
        "lead_person_id": c.cast.a.staff.pk,
        "due_on": (today() + dt.timedelta(days=30)).isoformat(),
    }


DIALOGUE = {
    "title": "Đối thoại về chế độ làm thêm giờ",
    "reason": "periodic",
    "place": "Phòng họp số 2",
}

# The API's routes are in the conference's route table (tests/conference/test_routes.py):
# success, not logged in, forbidden, the other department, bad input and wrong method.


# --- helpers for the flows --------------------------------------------------------------------


class Api:
    """A client acting as one person, speaking JSON (several may share the test's client)."""

    def __init__(self, client: Any, person: Any) -> None:
        self.client, self.person = client, person

    def _as(self) -> Any:
        self.client.logout()
        self.client.force_login(self.person)
        return self.client

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self._as().get(f"{BASE}{path}", params or {})

    def post(self, path: str, data: dict[str, Any] | None = None) -> Any:
        return self._as().post(
            f"{BASE}{path}", json.dumps(data or {}), content_type="application/json"
        )


def refused(response: Any, field: str, message: str) -> dict[str, Any]:
    """A 400 in the API's error shape, the message in Vietnamese and on ``field``."""
    assert response.status_code == 400, response.content[:500]
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    assert error["message"] == message
    assert message in error["fields"][field], error
    return dict(error)


def former(c: Ctx) -> Any:
    """Someone who worked in department A until last year: known, but not staff now."""
    person = make_person(agency=c.cast.a.unit, username="former_A", full_name="Cán bộ cũ A")
    give_role(person, c.cast.a.division, Role.STAFF, end=dt.date(today().year - 1, 12, 31))
    return person


def no_quorum(present: int, summoned: int, needed: int) -> str:
    return vi(
        "No quorum: %(present)d present of %(summoned)d summoned; at least %(needed)d are "
        "needed (2/3, Law 10/2022 Art. 50).",
        present=present,
        summoned=summoned,
        needed=needed,
    )


# --- conferences ------------------------------------------------------------------------------


class TestConferences:
    def test_convene_an_extraordinary_conference(self, ctx, client):
        response = Api(client, ctx.cast.a.head).post(
            f"/units/{ctx.cast.a.unit.pk}/conferences", _convene(ctx)
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["state"] == "preparing" and body["requested_by"] == "head"
        assert body["quorum"] == {"present": 0, "summoned": 30, "needed": 20, "reached": False}
        assert [i["kind"] for i in body["agenda"]][:2] == ["head_report", "union_report"]
        assert body["polls"] == [] and body["resolution_id"] is None

    def test_a_second_annual_conference_is_refused_on_the_year(self, ctx, client):
        data = {**_convene(ctx), "kind": "annual", "requested_by": ""}
        response = Api(client, ctx.cast.a.head).post(
            f"/units/{ctx.cast.a.unit.pk}/conferences", data
        )
        refused(
            response, "year", vi("The annual conference of this work year is already convened.")
        )

    def test_a_chair_who_left_the_unit_is_refused_on_the_payloads_field(self, ctx, client):
        data = {**_convene(ctx), "chair_id": former(ctx).pk}
        response = Api(client, ctx.cast.a.head).post(
            f"/units/{ctx.cast.a.unit.pk}/conferences", data
        )
        refused(response, "chair_id", vi("Choose someone working in the unit."))

    def test_the_list_comes_in_pages_with_the_counts(self, ctx, client):
        ctx.conf.check_in(3)
        response = Api(client, ctx.cast.a.staff).get(f"/units/{ctx.cast.a.unit.pk}/conferences")
        assert response.status_code == 200
        [row] = response.json()["results"]
        assert (row["id"], row["summoned"], row["present"]) == (ctx.conf.conference.pk, 30, 3)

    def test_the_roll_shows_a_code_only_to_its_delegate_and_those_who_run_it(self, ctx, client):
        url = f"/conferences/{ctx.conf.conference.pk}/roll"
        staff = ctx.cast.a.staff
        seen: list[dict[str, Any]] = []
        page = Api(client, staff).get(url, {"page_size": 7}).json()
        seen += page["results"]
        while page["next"]:
            page = client.get(page["next"]).json()
            seen += page["results"]
        assert len(seen) == len({d["id"] for d in seen}) == 30
        codes = {d["person_id"]: d["code"] for d in seen}
        assert codes[staff.pk] == ctx.conf.delegate(staff).code
        assert all(code is None for pk, code in codes.items() if pk != staff.pk)
        body = json.dumps(Api(client, ctx.cast.a.staff).get(url, {"page_size": 50}).json())
        assert ctx.conf.delegate(ctx.cast.a.head).code not in body
        for runner in (ctx.a.clerk, ctx.cast.a.head):
            rows = Api(client, runner).get(url, {"page_size": 50}).json()["results"]
            assert {d["code"] for d in rows} == set(
                Delegate.objects.filter(conference=ctx.conf.conference).values_list(
                    "code", flat=True
                )
            )

    def test_check_in_with_my_code_then_not_again(self, ctx, client):
        api = Api(client, ctx.cast.a.staff)
        url = f"/conferences/{ctx.conf.conference.pk}/checkin"
        code = ctx.conf.delegate(ctx.cast.a.staff).code
        response = api.post(url, {"code": code.lower()})
        assert response.status_code == 200, response.content
        assert response.json()["checked_in_at"] and response.json()["code"] == code
        again = api.post(url, {"code": code})
        refused(again, "__all__", vi("%(name)s has already checked in.", name=ctx.cast.a.staff))

    def test_someone_elses_code_is_refused(self, ctx, client):
        code = ctx.conf.delegate(ctx.cast.a.head).code
        response = Api(client, ctx.cast.a.staff).post(
            f"/conferences/{ctx.conf.conference.pk}/checkin", {"code": code}
        )
        message = vi("This code is someone else's: each delegate checks in with their own.")
        refused(response, "code", message)
        assert ctx.conf.delegate(ctx.cast.a.head).checked_in_at is None

    def test_the_secretary_ticks_a_delegate_and_staff_cannot(self, ctx, client):
        delegate = ctx.conf.delegate(ctx.cast.a.head)
        url = f"/conferences/{ctx.conf.conference.pk}/checkin"
        assert (
            Api(client, ctx.cast.a.staff).post(url, {"delegate_id": delegate.pk}).status_code == 403
        )
        response = Api(client, ctx.a.clerk).post(url, {"delegate_id": delegate.pk})
        assert response.status_code == 200 and response.json()["person_id"] == ctx.cast.a.head.pk

    def test_open_with_the_quorum_then_close_with_minutes(self, ctx, client):
        ctx.conf.check_in(20)
        api = Api(client, ctx.cast.a.head)
        opened = api.post(f"/conferences/{ctx.conf.conference.pk}/open")
        assert opened.status_code == 200
        body = opened.json()
        assert body["state"] == "open" and body["quorum"]["reached"]
        assert (body["present_at_open"], body["summoned_at_open"]) == (20, 30)
        url = f"/conferences/{ctx.conf.conference.pk}/close"
        refused(
            api.post(url, {"minutes": ""}), "minutes", vi("Write the minutes of the conference.")
        )
        closed = api.post(url, {"minutes": "Hội nghị bế mạc lúc 11 giờ."})
        assert closed.status_code == 200 and closed.json()["state"] == "closed"

    def test_19_of_30_is_recorded_as_no_quorum(self, ctx, client):
        ctx.conf.check_in(19)
        response = Api(client, ctx.cast.a.head).post(f"/conferences/{ctx.conf.conference.pk}/open")
        assert response.status_code == 200
        assert response.json()["state"] == "no_quorum"
        assert response.json()["quorum"] == {
            "present": 19,
            "summoned": 30,
            "needed": 20,
            "reached": False,
        }

    def test_an_agenda_item_takes_its_place(self, ctx, client):
        response = Api(client, ctx.a.clerk).post(
            f"/conferences/{ctx.conf.conference.pk}/agenda",
            {"kind": "board_report", "title": "Báo cáo bổ sung của Ban TTND"},
        )
        assert response.status_code == 201
        assert response.json()["position"] == 6  # after the five items before it in law

    def test_a_poll_on_another_conferences_agenda_item_is_refused(self, ctx, client):
        _opened(ctx)
        response = Api(client, ctx.a.clerk).post(
            f"/conferences/{ctx.conf.conference.pk}/polls",
            {"kind": "motion", "method": "secret", "title": "Đề xuất", "agenda_item_id": 10**6},
        )
        refused(response, "agenda_item_id", vi("Choose an item of this conference's agenda."))


# --- the secret ballot ------------------------------------------------------------------------


class TestSecretBallot:
    def test_the_result_is_hidden_until_the_poll_closes(self, ctx, client):
        poll = _open_poll(ctx)
        present = ctx.conf.present()
        for i, person in enumerate(present[:12]):
            services.vote(actor=person, poll=poll, choice="yes" if i < 11 else "no")
        api = Api(client, ctx.cast.a.staff)
        body = api.get(f"/polls/{poll.pk}").json()
        assert body["state"] == "open" and body["result"] is None
        assert body["turnout"] == {"entitled": 30, "present": 20, "voted": 12}
        assert body["rule"] == {
            "code": "conference.decision",
            "base": "present",
            "comparator": "gt",
            "numerator": 1,
            "denominator": 2,
            "fraction": "1/2",
        }
        assert (body["summoned"], body["present"]) == (30, 20)
        for word in ('"yes"', '"no"', '"abstain"', '"cast"', '"valid"', '"adopted"'):
            assert word not in json.dumps(body)
        ballots = api.get(f"/polls/{poll.pk}/ballots")
        assert ballots.status_code == 404
        assert ballots.json()["error"]["message"] == vi(
            "The ballots are published when the poll closes."
        )
        services.poll_close(actor=ctx.a.clerk, poll=poll)
        closed = api.get(f"/polls/{poll.pk}").json()
        assert closed["turnout"] is None
        result = closed["result"]
        assert (result["yes"], result["no"], result["cast"], result["valid"]) == (11, 1, 12, 12)
        assert result["adopted"] is True  # 11 of the 20 present

    def test_vote_with_a_receipt_then_no_second_ballot(self, ctx, client):
        poll = _open_poll(ctx)
        api = Api(client, ctx.cast.a.staff)
        response = api.post(f"/polls/{poll.pk}/vote", {"choice": "yes"})
        assert response.status_code == 200, response.content
        receipt = response.json()["receipt"]
        assert receipt and len(receipt) == 14
        assert api.get(f"/polls/{poll.pk}").json()["voted"] is True
        again = api.post(f"/polls/{poll.pk}/vote", {"choice": "no"})
        refused(again, "__all__", vi("You have already voted in this poll."))
        services.poll_close(actor=ctx.a.clerk, poll=poll)
        counted = api.post(f"/polls/{poll.pk}/receipt", {"code": receipt.lower()})
        assert counted.json() == {"counted": True}
        assert api.post(f"/polls/{poll.pk}/receipt", {"code": "AAAA-BBBB-CCCC"}).json() == {
            "counted": False
        }

    def test_no_ballot_after_the_close(self, ctx, client):
        poll = _open_poll(ctx)
        services.poll_close(actor=ctx.a.clerk, poll=poll)
        response = Api(client, ctx.cast.a.staff).post(f"/polls/{poll.pk}/vote", {"choice": "yes"})
        refused(response, "__all__", vi("This poll is closed."))

    def test_no_poll_opens_without_a_quorum(self, ctx, client):
        poll = _poll(ctx)
        # Two delegates leave the hall: 18 of 30 are present now.
        left = list(ctx.conf.conference.roll.filter(checked_in_at__isnull=False)[:2])
        Delegate.objects.filter(pk__in=[d.pk for d in left]).update(checked_in_at=None)
        response = Api(client, ctx.a.clerk).post(f"/polls/{poll.pk}/open")
        refused(response, "__all__", no_quorum(18, 30, 20))
        poll.refresh_from_db()
        assert poll.state == "draft"

    def test_only_those_present_vote(self, ctx, client):
        poll = _open_poll(ctx)
        absent = ctx.conf.extra[-1]  # the last of the roll: not checked in
        response = Api(client, absent).post(f"/polls/{poll.pk}/vote", {"choice": "yes"})
        refused(response, "__all__", vi("Only delegates present when the poll opened may vote."))

    def test_the_published_ballots_recount_to_the_result(self, ctx, client):
        poll = _voted(ctx, yes=13)
        body = Api(client, ctx.cast.a.staff).get(f"/polls/{poll.pk}/ballots").json()
        assert len(body["ballots"]) == 20
        assert all(set(b) == {"choice", "marks"} for b in body["ballots"])
        assert body["recount"] == {"yes": 13, "no": 7}

    def test_a_show_of_hands_takes_the_secretarys_count(self, ctx, client):
        poll = _open_poll(ctx, method="hands")
        api = Api(client, ctx.a.clerk)
        url = f"/polls/{poll.pk}/close"
        refused(
            api.post(url, {"hands": {"yes": 15, "no": 5, "abstain": 1}}),
            "hands",
            vi("More hands than delegates present (%(n)d).", n=20),
        )
        missing = api.post(url, {})
        refused(missing, "hands", vi("Enter the hands counted for, against and abstaining."))
        done = api.post(url, {"hands": {"yes": 15, "no": 4, "abstain": 1}})
        assert done.status_code == 200
        assert done.json()["result"]["yes"] == 15 and done.json()["result"]["adopted"] is True

    def test_paper_ballots_counted_by_the_committee(self, ctx, client):
        poll = _open_poll(ctx, method="paper")
        api = Api(client, ctx.a.clerk)
        figures = {"issued": 20, "cast": 19, "invalid": 1, "yes": 9, "no": 9, "committee": "Ban KP"}
        entered = api.post(f"/polls/{poll.pk}/paper", figures)
        assert entered.status_code == 200, entered.content
        assert entered.json()["cast"] == 19
        correction = api.post(f"/polls/{poll.pk}/paper", {**figures, "yes": 10, "no": 8})
        refused(correction, "reason", vi("Say why the count is corrected."))
        corrected = api.post(
            f"/polls/{poll.pk}/paper", {**figures, "yes": 11, "no": 7, "reason": "Đếm lại"}
        )
        assert corrected.status_code == 200
        assert Api(client, ctx.cast.a.staff).get(f"/polls/{poll.pk}").json()["result"] is None
        result = api.post(f"/polls/{poll.pk}/close", {}).json()["result"]
        assert (result["yes"], result["valid"], result["invalid"], result["adopted"]) == (
            11,
            18,
            1,
            True,
        )

    def test_opinion_slips_when_the_second_convocation_lacks_its_quorum(self, ctx, client):
        poll = _slips_poll(ctx)
        api = Api(client, ctx.a.clerk)
        for person in ctx.conf.extra[:16]:
            response = api.post(
                f"/polls/{poll.pk}/slips", {"person_id": person.pk, "choice": "yes"}
            )
            assert response.status_code == 201, response.content
        again = api.post(
            f"/polls/{poll.pk}/slips", {"person_id": ctx.conf.extra[0].pk, "choice": "no"}
        )
        refused(
            again, "person_id", vi("%(name)s has already given an opinion.", name=ctx.conf.extra[0])
        )
        result = api.post(f"/polls/{poll.pk}/close", {}).json()["result"]
        assert (result["yes"], result["adopted"]) == (16, True)  # 16 of 30 summoned


# --- the board's election ---------------------------------------------------------------------


class TestElection:
    def test_union_nominates_and_the_head_of_the_unit_cannot_stand(self, ctx, client):
        poll = _poll(ctx, kind="election", title="Bầu Ban TTND", seats=3, tie_rule="runoff")
        api = Api(client, ctx.a.union)
        ok = api.post(
            f"/polls/{poll.pk}/candidates",
            {"person_id": ctx.conf.extra[0].pk, "nominated_by": "BCH Công đoàn"},
        )
        assert ok.status_code == 201
        assert ok.json()["person_name"] == ctx.conf.extra[0].full_name
        head = api.post(
            f"/polls/{poll.pk}/candidates",
            {"person_id": ctx.cast.a.head.pk, "nominated_by": "BCH Công đoàn"},
        )
        message = vi(
            "%(name)s is the head or a deputy head and cannot sit on the board.",
            name=ctx.cast.a.head,
        )
        refused(head, "person_id", message)

    def test_more_marks_than_seats_is_refused(self, ctx, client):
        poll = services.poll_open(actor=ctx.a.clerk, poll=_election(ctx))
        ids = list(poll.candidates.values_list("pk", flat=True))
        api = Api(client, ctx.cast.a.staff)
        response = api.post(f"/polls/{poll.pk}/vote", {"marks": ids})
        message = vi(
            "Mark at most %(n)d candidates: a ballot with more marks than seats is invalid.", n=3
        )
        refused(response, "marks", message)
        ok = api.post(f"/polls/{poll.pk}/vote", {"marks": ids[:3]})
        assert ok.status_code == 200 and ok.json()["receipt"]

    def test_the_elected_and_the_board_recorded(self, ctx, client):
        poll = _elected(ctx)
        staff = Api(client, ctx.cast.a.staff)
        body = staff.get(f"/polls/{poll.pk}").json()
        result = body["result"]
        assert result["adopted"] is True and result["blank"] == 0
        elected = {c["person_id"]: (c["votes"], c["elected"]) for c in result["candidates"]}
        assert elected == {
            **{p.pk: (20, True) for p in ctx.conf.extra[:3]},
            ctx.conf.extra[3].pk: (0, False),
        }
        recount = staff.get(f"/polls/{poll.pk}/ballots").json()["recount"]
        assert sorted(recount.values()) == [20, 20, 20]
        union = Api(client, ctx.a.union)
        not_elected = union.post(f"/polls/{poll.pk}/board", {"head_id": ctx.conf.extra[3].pk})
        refused(not_elected, "head_id", vi("Choose the head of the board among those elected."))
        term = union.post(f"/polls/{poll.pk}/board", {"head_id": ctx.conf.extra[1].pk})
        assert term.status_code == 201, term.content
        seats = {s["person_id"]: s["role"] for s in term.json()["seats"]}
        assert seats == {
            ctx.conf.extra[0].pk: "member",
            ctx.conf.extra[1].pk: "head",
            ctx.conf.extra[2].pk: "member",
        }
        assert staff.get(f"/polls/{poll.pk}").json()["board_term_id"] == term.json()["id"]

    def test_candidates_show_no_votes_before_the_close(self, ctx, client):
        poll = services.poll_open(actor=ctx.a.clerk, poll=_election(ctx))
        first = poll.candidates.get(person=ctx.conf.extra[0]).pk
        for person in ctx.conf.present()[:5]:
            services.vote(actor=person, poll=poll, marks=[first])
        body = Api(client, ctx.cast.a.head).get(f"/polls/{poll.pk}").json()
        assert body["result"] is None
        assert all(
            set(c) == {"id", "person_id", "person_name", "nominated_by"} for c in body["candidates"]
        )
        assert body["turnout"]["voted"] == 5


# --- the resolution ---------------------------------------------------------------------------


class TestResolution:
    def test_draft_edit_adopt_publish_give_tasks_and_review(self, ctx, client):
        _opened(ctx)
        clerk = Api(client, ctx.a.clerk)
        url = f"/conferences/{ctx.conf.conference.pk}/resolution"
        drafted = clerk.post(url, {"text": "Dự thảo nghị quyết."})
        assert drafted.status_code == 201
        edited = clerk.post(url, {"text": "Nghị quyết Hội nghị: thông qua chương trình."})
        assert edited.status_code == 200 and edited.json()["id"] == drafted.json()["id"]
        assert edited.json()["adopted_on"] is None and edited.json()["number"] == ""
        poll = clerk.post(
            f"/conferences/{ctx.conf.conference.pk}/polls",
            {"kind": "resolution", "method": "secret", "title": "Thông qua nghị quyết"},
        ).json()
        clerk.post(f"/polls/{poll['id']}/open")
        for person in ctx.conf.present():
            assert (
                Api(client, person).post(f"/polls/{poll['id']}/vote", {"choice": "yes"}).status_code
                == 200
            )
        Api(client, ctx.a.clerk).post(f"/polls/{poll['id']}/close", {})
        resolution_id = drafted.json()["id"]
        head = Api(client, ctx.cast.a.head)
        body = head.get(f"/resolutions/{resolution_id}").json()
        assert body["adopted_on"] == today().isoformat()
        assert body["number"].endswith("/NQ-HNCBCCVC") and body["poll_id"] == poll["id"]
        [review] = body["reviews"]
        assert review["held_on"] is None
        locked = Api(client, ctx.a.clerk).post(url, {"text": "Sửa sau khi thông qua"})
        refused(locked, "text", vi("The resolution is adopted; it is no longer edited."))
        head = Api(client, ctx.cast.a.head)
        published = head.post(f"/resolutions/{resolution_id}/publish")
        assert published.status_code == 200 and published.json()["publication_id"]
        again = head.post(f"/resolutions/{resolution_id}/publish")
        refused(again, "__all__", vi("The resolution is already published."))
        task = head.post(f"/resolutions/{resolution_id}/tasks", _task(ctx))
        assert task.status_code == 201, task.content
        assert task.json()["source_kind"] == "resolution"
        assert task.json()["lead_person_id"] == ctx.cast.a.staff.pk
        reviewed = head.post(f"/reviews/{review['id']}", {"summary": "Đạt 8/10 chỉ tiêu."})
        assert reviewed.status_code == 200 and reviewed.json()["held_on"] == today().isoformat()
        body = Api(client, ctx.cast.a.staff).get(f"/resolutions/{resolution_id}").json()
        assert body["task_ids"] == [task.json()["id"]]
        assert len(body["reviews"]) == 2  # the next one is scheduled

    def test_tasks_come_only_from_an_adopted_resolution(self, ctx, client):
        resolution = _draft(ctx)
        response = Api(client, ctx.cast.a.head).post(
            f"/resolutions/{resolution.pk}/tasks", _task(ctx)
        )
        refused(response, "__all__", vi("Tasks are given from an adopted resolution."))

    def test_a_task_names_one_lead(self, ctx, client):
        resolution = _adopted(ctx)
        data = {**_task(ctx), "lead_unit_id": ctx.cast.a.division.pk}
        response = Api(client, ctx.cast.a.head).post(f"/resolutions/{resolution.pk}/tasks", data)
        refused(response, "lead_unit_id", vi("Name a person or a unit, not both."))


# --- dialogues --------------------------------------------------------------------------------


class TestDialogues:
    def test_plan_ask_support_answer_commit_and_close(self, ctx, client):
        head = Api(client, ctx.cast.a.head)
        created = head.post(
            f"/units/{ctx.cast.a.unit.pk}/dialogues",
            {**DIALOGUE, "held_on": today().isoformat(), "chair_id": ctx.cast.a.head.pk},
        )
        assert created.status_code == 201, created.content
        dialogue_id = created.json()["id"]
        asked = Api(client, ctx.a.clerk).post(
            f"/dialogues/{dialogue_id}/questions", {"text": "Khi nào thanh toán làm thêm giờ?"}
        )
        assert asked.status_code == 201
        assert asked.json()["author"] == {"id": ctx.a.clerk.pk, "full_name": ctx.a.clerk.full_name}
        question_id = asked.json()["id"]
        staff = Api(client, ctx.cast.a.staff)
        assert staff.post(f"/questions/{question_id}/upvote").json()["upvotes"] == 1
        refused(
            staff.post(f"/questions/{question_id}/upvote"),
            "__all__",
            vi("You have already supported this question."),
        )
        head = Api(client, ctx.cast.a.head)
        answered = head.post(f"/questions/{question_id}/answer", {"answer": "Trong tháng 12."})
        assert answered.status_code == 200 and answered.json()["answered_in_session"] is True
        task = head.post(f"/dialogues/{dialogue_id}/commitments", _task(ctx))
        assert task.status_code == 201 and task.json()["source_kind"] == "dialogue"
        closed = head.post(f"/dialogues/{dialogue_id}/close", {"minutes": "Đã trả lời 1 câu hỏi."})
        assert closed.status_code == 200 and closed.json()["state"] == "held"
        assert closed.json()["task_ids"] == [task.json()["id"]]
        late = Api(client, ctx.cast.a.staff).post(
            f"/dialogues/{dialogue_id}/questions", {"text": "Còn câu hỏi nữa"}
        )
        refused(late, "__all__", vi("The dialogue is over; questions are closed."))
        rows = Api(client, ctx.cast.a.staff).get(f"/units/{ctx.cast.a.unit.pk}/dialogues").json()
        [row] = rows["results"]
        assert (row["asked"], row["answered"]) == (1, 1)

    def test_an_anonymous_question_never_shows_its_author(self, ctx, client):
        dialogue = _dialogue(ctx)
        asker = ctx.cast.a.staff
        events = AuditEvent.objects.exclude(verb__startswith="auth.")
        before = events.count()
        asked = Api(client, asker).post(
            f"/dialogues/{dialogue.pk}/questions",
            {"text": "Vì sao chưa công khai quỹ phúc lợi?", "anonymous": True},
        )
        assert asked.status_code == 201
        assert asked.json()["author"] is None
        assert events.count() == before  # no event links the question to the asker
        for reader in (asker, ctx.cast.a.head, ctx.a.clerk):
            response = Api(client, reader).get(f"/dialogues/{dialogue.pk}")
            [question] = response.json()["questions"]
            assert question["author"] is None
            body = response.content.decode()
            assert asker.full_name not in body and asker.username not in body
            assert f'"id": {asker.pk}' not in body and f'"id":{asker.pk}' not in body
        question = Question.objects.get()
        assert question.author_id is None

    def test_the_board_requires_a_dialogue_and_questions_wait_for_its_date(self, ctx, client):
        response = Api(client, ctx.cast.a.board).post(
            f"/units/{ctx.cast.a.unit.pk}/dialogues/require",
            {"title": "Việc chi trả làm thêm giờ", "basis": "Văn bản 03/BTTND"},
        )
        assert response.status_code == 201
        assert response.json()["state"] == "required" and response.json()["reason"] == "board"
        asked = Api(client, ctx.cast.a.staff).post(
            f"/dialogues/{response.json()['id']}/questions", {"text": "Bao giờ đối thoại?"}
        )
        refused(asked, "__all__", vi("The dialogue is not scheduled yet."))

    def test_a_chair_who_left_the_unit_is_refused(self, ctx, client):
        response = Api(client, ctx.cast.a.head).post(
            f"/units/{ctx.cast.a.unit.pk}/dialogues",
            {**DIALOGUE, "held_on": today().isoformat(), "chair_id": former(ctx).pk},
        )
        refused(response, "chair_id", vi("Choose who chairs it (the head or a deputy)."))

    def test_a_chair_of_department_b_is_not_found(self, ctx, client):
        response = Api(client, ctx.cast.a.head).post(
            f"/units/{ctx.cast.a.unit.pk}/dialogues",
            {**DIALOGUE, "held_on": today().isoformat(), "chair_id": ctx.cast.b.head.pk},
        )
        assert response.status_code == 404
        assert not Dialogue.objects.exists()


# --- the outsider, beyond the table -----------------------------------------------------------


@pytest.mark.parametrize("role", ["head", "staff"])
def test_department_b_cannot_vote_nor_read_a_ballot_of_department_a(ctx, client, role):
    poll = _open_poll(ctx)
    outsider = getattr(ctx.cast.b, role)
    api = Api(client, outsider)
    for response in (
        api.get(f"/polls/{poll.pk}"),
        api.post(f"/polls/{poll.pk}/vote", {"choice": "yes"}),
        api.post(f"/polls/{poll.pk}/receipt", {"code": "AAAA-BBBB-CCCC"}),
        api.get(f"/conferences/{ctx.conf.conference.pk}/roll"),
        api.post(f"/conferences/{ctx.conf.conference.pk}/checkin", {"code": "ABCDEF"}),
    ):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    assert Poll.objects.get(pk=poll.pk).entitled.filter(voted=True).count() == 0


CATALOG = Path(services.__file__).parent / "locale" / "vi" / "LC_MESSAGES" / "django.mo"


@pytest.mark.skipif(not CATALOG.exists(), reason="the conference app has no Vietnamese catalog yet")
def test_the_ballots_refusals_are_said_in_vietnamese(ctx, client):
    poll = _open_poll(ctx)
    api = Api(client, ctx.cast.a.staff)
    assert api.post(f"/polls/{poll.pk}/vote", {"choice": "yes"}).status_code == 200
    again = api.post(f"/polls/{poll.pk}/vote", {"choice": "yes"}).json()["error"]
    assert again["message"] != "You have already voted in this poll."
    assert again["message"] == vi("You have already voted in this poll.")
