"""Two-factor login (TOTP) for administrators, heads and vault openers: the codes are RFC 6238's,
a person who needs it is held to the set-up page, then the password alone does not log them
in; a code is good once; wrong codes count towards the lockout; others are not asked."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from danchu.core import twofactor
from danchu.core.models import AuditEvent, User
from tests.conftest import Cast
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on(settings):
    settings.DANCHU_TWO_FACTOR = True


def test_the_codes_are_those_of_rfc_6238():
    # RFC 6238 appendix B, SHA-1 with the ASCII secret "12345678901234567890".
    import base64

    secret = base64.b32encode(b"12345678901234567890").decode()
    assert twofactor.code_at(secret, 59 // 30, digits=8) == "94287082"
    assert twofactor.code_at(secret, 1111111109 // 30, digits=8) == "07081804"
    assert twofactor.code_at(secret, 20000000000 // 30, digits=8) == "65353130"


def _code(person: User) -> str:
    person.refresh_from_db()
    secret = twofactor.secret_of(person)
    assert secret
    return twofactor.code_at(secret, twofactor.current_step())


def _password(client, person: User):
    return client.post(reverse("core:login"), {"username": person.username, "password": PASSWORD})


def test_a_head_sets_it_up_on_first_login_and_is_held_until_then(cast: Cast, client):
    head = cast.a.head
    assert twofactor.required(head)
    assert _password(client, head).status_code == 302
    held = client.get(reverse("core:unit_list"))
    assert held.status_code == 302 and held["Location"].startswith(reverse("core:two_factor"))
    api = client.get("/api/v1/me")
    assert api.status_code == 403 and api.json()["error"]["code"] == "second_factor_required"
    page = client.get(reverse("core:two_factor"))
    assert page.status_code == 200 and b"data:image/svg+xml" in page.content
    wrong = client.post(reverse("core:two_factor"), {"code": "000000"})
    assert wrong.status_code == 400 and "không đúng" in wrong.content.decode()
    ok = client.post(reverse("core:two_factor"), {"code": _code(head), "next": "/units/"})
    assert ok.status_code == 302 and ok["Location"] == "/units/"
    assert client.get(reverse("core:unit_list")).status_code == 200
    assert AuditEvent.objects.filter(verb="auth.totp_enrol", object_id=str(head.pk)).exists()


def test_then_the_password_alone_does_not_log_in(cast: Cast, client):
    head = cast.a.head
    twofactor.start_enrolment(head)
    assert twofactor.check(head, _code(head), verb="auth.totp_enrol")
    response = _password(client, head)
    assert response["Location"] == reverse("core:login_code")
    assert client.get(reverse("core:unit_list")).status_code == 302  # not logged in yet
    assert "_auth_user_id" not in client.session
    wrong = client.post(reverse("core:login_code"), {"code": "12345"})
    assert wrong.status_code == 400 and "6 chữ số" in wrong.content.decode()
    # The code just used for the enrolment is not good again (no replay).
    replay = client.post(reverse("core:login_code"), {"code": _code(head)})
    assert replay.status_code == 400
    head.refresh_from_db()
    assert head.failed_logins == 1
    User.objects.filter(pk=head.pk).update(totp_last_step=twofactor.current_step() - 2)
    ok = client.post(reverse("core:login_code"), {"code": _code(head)})
    assert ok.status_code == 302
    assert client.get(reverse("core:unit_list")).status_code == 200


def test_a_code_long_after_the_password_sends_back_to_it(cast: Cast, client):
    head = cast.a.head
    twofactor.start_enrolment(head)
    twofactor.check(head, _code(head), verb="auth.totp_enrol")
    _password(client, head)
    session = client.session
    session[twofactor.SESSION_PENDING]["at"] = time.time() - 3600
    session.save()
    assert client.get(reverse("core:login_code"))["Location"] == reverse("core:login")


def test_staff_and_officers_are_not_asked(cast: Cast, client):
    for person in (cast.a.staff, cast.a.officer, cast.a.board):
        assert not twofactor.required(person)
    _password(client, cast.a.staff)
    assert client.get(reverse("core:unit_list")).status_code == 200


def test_administrators_and_vault_openers_are_asked(cast: Cast, rc):
    from danchu.letters import services

    assert twofactor.required(cast.a.admin)
    letter = rc.denunciation()
    assert not twofactor.required(rc.verifier)
    services.vault_designate(
        actor=cast.a.head, letter=letter, person=rc.verifier, reason="Xác minh nội dung tố cáo"
    )
    assert twofactor.required(rc.verifier)


def test_failed_logins_from_one_address_are_limited(cast: Cast, client, settings):
    settings.DANCHU_LOGIN_ATTEMPTS = 3
    people = [cast.a.staff, cast.a.officer, cast.a.board, cast.b.staff]
    answers = [
        client.post(reverse("core:login"), {"username": p.username, "password": "sai-mat-khau"})
        for p in people
    ]
    assert [a.status_code for a in answers] == [400, 400, 400, 429]
    assert "Vui lòng chờ" in answers[-1].content.decode()
    # Even the right password waits now; the accounts themselves are not locked.
    assert _password(client, cast.a.head).status_code == 429
    assert all(p.failed_logins < 3 for p in User.objects.filter(pk__in=[p.pk for p in people]))


def test_an_administrator_resets_a_lost_phone(cast: Cast, capsys):
    from django.core.management import call_command

    head = cast.a.head
    twofactor.start_enrolment(head)
    twofactor.check(head, _code(head), verb="auth.totp_enrol")
    assert twofactor.enrolled(User.objects.get(pk=head.pk))
    call_command("twofactor", "reset", head.username)
    assert not twofactor.enrolled(User.objects.get(pk=head.pk))
    assert AuditEvent.objects.filter(verb="auth.totp_reset", object_id=str(head.pk)).exists()
    call_command("twofactor", "status")
    assert f"{head.username}: CHƯA cài" in capsys.readouterr().out
