import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import identify_hasher, make_password
from django.urls import reverse

from danchu.core import services
from danchu.core.models import AuditEvent, User
from tests.factories import PASSWORD


def post_login(client, username, password):
    return client.post(reverse("core:login"), {"username": username, "password": password})


def test_passwords_are_hashed_with_argon2(settings):
    assert settings.REAL_PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    settings.PASSWORD_HASHERS = settings.REAL_PASSWORD_HASHERS
    assert identify_hasher(make_password("x")).algorithm == "argon2"


def test_a_good_password_logs_in(cast, client):
    response = post_login(client, "staff_A", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("core:home")).context["user"] == cast.a.staff


def test_a_wrong_password_is_refused_and_counted(cast, client):
    response = post_login(client, "staff_A", "sai")
    assert response.status_code == 400  # the form again, with why
    assert response.context["form"].errors
    cast.a.staff.refresh_from_db()
    assert cast.a.staff.failed_logins == 1
    assert AuditEvent.objects.filter(verb="auth.login_failed", object_id=str(cast.a.staff.pk))


def test_repeated_failures_lock_the_account(cast, client):
    for _ in range(django_settings.DANCHU_LOCKOUT_FAILURES):
        post_login(client, "staff_A", "sai")
    cast.a.staff.refresh_from_db()
    assert cast.a.staff.locked_until is not None
    # Even the right password is refused while locked, with a message saying so.
    response = post_login(client, "staff_A", PASSWORD)
    assert response.status_code == 400  # the form again, with why
    assert "khoá" in str(response.context["form"].non_field_errors())
    assert AuditEvent.objects.filter(verb="auth.locked").exists()


def test_the_lock_expires(cast, client, time_machine):
    time_machine.move_to(dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.UTC))
    for _ in range(django_settings.DANCHU_LOCKOUT_FAILURES):
        post_login(client, "staff_A", "sai")
    time_machine.move_to(dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC))
    assert post_login(client, "staff_A", PASSWORD).status_code == 302
    cast.a.staff.refresh_from_db()
    assert cast.a.staff.failed_logins == 0


def test_a_disabled_account_gets_a_clear_message(cast, client):
    services.person_set_active(
        actor=cast.a.admin, person=cast.a.staff, agency=cast.a.unit, active=False
    )
    response = post_login(client, "staff_A", PASSWORD)
    assert response.status_code == 400  # the form again, with why
    assert "vô hiệu hoá" in str(response.context["form"].non_field_errors())
    assert "_auth_user_id" not in client.session


def test_a_disabled_accounts_token_stops_working(cast, client):
    _token, secret = services.api_token_create(actor=cast.a.staff, name="t")
    auth = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/me", headers=auth).status_code == 200
    services.person_set_active(
        actor=cast.a.admin, person=cast.a.staff, agency=cast.a.unit, active=False
    )
    assert client.get("/api/v1/me", headers=auth).status_code == 401


def test_an_unknown_user_gets_the_same_answer_as_a_wrong_password(cast, client):
    response = post_login(client, "nobody", "sai")
    assert response.status_code == 400  # the form again, with why
    assert response.context["form"].errors
    assert not User.objects.filter(username="nobody").exists()


@pytest.mark.django_db
def test_the_session_of_a_logged_out_user_is_gone(cast, client):
    post_login(client, "staff_A", PASSWORD)
    client.post(reverse("core:logout"))
    assert client.get(reverse("core:unit_list")).status_code == 302


def test_login_and_logout_are_audited(cast, client):
    post_login(client, "staff_A", PASSWORD)
    client.post(reverse("core:logout"))
    verbs = list(
        AuditEvent.objects.filter(actor=cast.a.staff).order_by("id").values_list("verb", flat=True)
    )
    assert verbs[-2:] == ["auth.login", "auth.logout"]
