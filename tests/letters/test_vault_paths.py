"""Every way a denouncer's name can enter the system ends in the vault: a mixed letter split
into a denunciation, a petition reclassified as a denunciation, a letter from an unprotected
visit, and free text typed about a protected case (notes, reasons, outcomes). After each, the
name is in no row a verifier or the steering committee can read, nor in the audit."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
import time_machine
from django.urls import reverse

from danchu.core.models import AuditEvent, Role
from danchu.letters import services
from danchu.letters.models import Letter, Signatory, Visit
from danchu.letters.vault import Person
from tests.factories import give_role, make_person
from tests.letters.conftest import Reception

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 3, 10, 3, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def name() -> str:
    return f"Vương Thị Kín {uuid.uuid4().hex[:10]}"


def _nowhere(rc: Reception, client, token: str) -> None:
    rows = [
        *Letter.objects.values_list(
            "matter",
            "content",
            "search_text",
            "eligibility_note",
            "contested_act",
            "complexity_reason",
            "outcome_summary",
        ),
        *Signatory.objects.values_list("name", "address"),
        *Visit.objects.values_list(
            "visitors",
            "representatives",
            "matter",
            "documents",
            "answer",
            "follow_up",
            "search_text",
        ),
    ]
    assert token not in json.dumps(rows, ensure_ascii=False)
    assert token not in json.dumps(
        [e.changes for e in AuditEvent.objects.all()], ensure_ascii=False
    )
    for viewer in (rc.verifier, rc.cast.steering, rc.cast.a.board):
        client.force_login(viewer)
        for letter in Letter.objects.all():
            for url in (
                reverse("letters:letter", kwargs={"pk": letter.pk}),
                reverse("api:letter_get", kwargs={"letter_id": letter.pk}),
            ):
                response = client.get(url)
                assert token not in response.content.decode(), (viewer.username, url)
        for visit in Visit.objects.all():
            response = client.get(reverse("api:visit_get", kwargs={"visit_id": visit.pk}))
            assert token not in response.content.decode()
        listing = client.get(reverse("letters:visit_list", kwargs={"unit": rc.cast.a.unit.pk}))
        assert token not in listing.content.decode()


def _token(name: str) -> str:
    return name.rsplit(" ", 1)[1]


def test_a_mixed_letter_split_into_a_denunciation(rc, client, name):
    mixed = rc.receive(
        kind="mixed",
        signatories=[Person(name=name)],
        content=f"Tôi là {name}. Kiến nghị A; tố cáo ông B.",
    )
    assert mixed.protected  # a mixed letter may hold a denunciation: protected at once
    parts = services.letter_split(
        actor=rc.clerk,
        letter=mixed,
        parts=[
            ("petition", "Kiến nghị A"),
            ("denunciation", f"Tố cáo ông B ({name})"),
        ],
    )
    assert all(p.protected for p in parts)
    _nowhere(rc, client, _token(name))


def test_a_petition_reclassified_as_a_denunciation(rc, client, name):
    letter = rc.receive(
        signatories=[Person(name=name, address="Ngõ Kín")], content=f"Tôi là {name}, tố cáo ông B."
    )
    assert not letter.protected
    letter = rc.classified(letter, kind="denunciation")
    assert letter.protected and not letter.signatories.exists()
    _nowhere(rc, client, _token(name))


def test_a_letter_from_an_unprotected_visit(rc, client, name):
    visit = services.visit_create(
        actor=rc.clerk,
        agency=rc.cast.a.unit,
        received_on=dt.date(2026, 3, 9),
        received_by=rc.clerk,
        matter=f"Bà {name} trình bày",
        visitors=f"{name}, số 2 ngõ Kín",
        documents=f"Đơn của {name}",
    )
    services.letter_receive(
        actor=rc.clerk,
        agency=rc.cast.a.unit,
        received_on=visit.received_on,
        channel="visit",
        kind="denunciation",
        matter="Tố cáo ông B",
        visit=visit,
    )
    visit.refresh_from_db()
    assert visit.protected and visit.visitors == ""
    _nowhere(rc, client, _token(name))


def test_free_text_about_a_protected_case(rc, client, name):
    letter = rc.receive(kind="denunciation", signatories=[Person(name=name)])
    letter = rc.classified(letter)
    letter = rc.accepted(letter, on=dt.date(2026, 3, 3))
    letter = services.letter_mark_complex(
        actor=rc.clerk, letter=letter, complexity="complex", reason=f"Phải gặp lại {name}"
    )
    letter = services.letter_extend(
        actor=rc.clerk,
        letter=letter,
        decision_number="1/GH",
        decided_on=dt.date(2026, 3, 9),
        reason=f"Chờ {name}",
    )
    services.vault_designate(
        actor=rc.cast.a.head, letter=letter, person=rc.clerk, reason=f"Liên hệ {name}"
    )
    services.vault_open(actor=rc.clerk, letter=letter, reason=f"Gọi {name}")
    letter = services.letter_settle(
        actor=rc.clerk,
        letter=letter,
        outcome="resolve",
        document_number="2/KL",
        document_date=dt.date(2026, 3, 10),
        summary=f"Kết luận, đã báo {name}",
    )
    assert "[…]" in letter.outcome_summary
    assert _token(name) not in "".join(e.reason for e in letter.extensions.all())
    assert _token(name) not in "".join(o.reason for o in letter.openings.all())
    _nowhere(rc, client, _token(name))


def test_roles_above_the_department_give_nothing_in_it(rc, client, name):
    """A head of the city, or the head of the steering committee, is not the head of a
    department: they cannot designate, open, receive or handle its letters."""
    letter = rc.classified(rc.receive(kind="denunciation", signatories=[Person(name=name)]))
    city_head = make_person(agency=rc.cast.city, username="ct_tp", full_name="Chủ tịch TP")
    give_role(city_head, rc.cast.city, Role.HEAD)
    committee_head = make_person(
        agency=rc.cast.committee, username="tb_bcd", full_name="Trưởng ban BCĐ"
    )
    give_role(committee_head, rc.cast.committee, Role.STEERING_MEMBER)
    for person in (city_head, committee_head):
        for perm in (
            "letters.designate",
            "letters.receive",
            "letters.handle",
            "letters.assign",
            "letters.view_openings",
            "letters.open_vault",
        ):
            assert not person.has_perm(perm, letter), (person.username, perm)
        assert not person.has_perm("letters.receive", rc.cast.a.unit)


def test_the_handler_cannot_reassign_the_case(rc):
    letter = rc.accepted(rc.classified(rc.receive(kind="complaint")))
    from danchu.core.errors import DomainError

    with pytest.raises(DomainError) as caught:
        services.letter_assign(
            actor=rc.verifier, letter=letter, handler=rc.verifier, leader=rc.cast.a.staff
        )
    assert caught.value.status == 403
    with pytest.raises(DomainError) as caught:
        services.letter_assign(
            actor=rc.clerk, letter=letter, handler=rc.verifier, leader=rc.cast.a.staff
        )
    assert "leader" in caught.value.fields


def test_a_designation_can_be_ended(rc):
    letter = rc.receive(kind="denunciation", signatories=[Person(name="Kha Văn Kín")])
    services.vault_designate(
        actor=rc.cast.a.head, letter=letter, person=rc.clerk, reason="Tiếp nhận"
    )
    assert rc.clerk.has_perm("letters.open_vault", letter)
    services.vault_revoke(actor=rc.cast.a.head, letter=letter, person=rc.clerk)
    rc.clerk._danchu_scope = None  # a new request
    assert not rc.clerk.has_perm("letters.open_vault", letter)
    assert AuditEvent.objects.filter(verb="vault.revoke").count() == 1


def test_an_unsigned_denunciation_cannot_be_accepted(rc):
    from danchu.core.errors import DomainError

    letter = rc.receive(kind="denunciation", signatories=[])
    with pytest.raises(DomainError) as caught:
        rc.classified(letter)
    assert "eligibility" in caught.value.fields
