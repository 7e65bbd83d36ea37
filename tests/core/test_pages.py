"""What pages show, and how many queries their lists cost (pinned: a list grows in rows, not
in queries)."""

import datetime as dt

import pytest
from django.urls import reverse

from danchu.core.models import AuditEvent, Role
from tests.factories import give_role, make_person


def grow(cast, n: int) -> None:
    for _ in range(n):
        give_role(make_person(agency=cast.a.unit), cast.a.division, Role.STAFF)


@pytest.mark.parametrize(
    ("name", "queries"),
    [("core:person_list", 6), ("core:unit_list", 6), ("core:audit_list", 5), ("core:home", 15)],
)
def test_list_pages_cost_a_fixed_number_of_queries(
    cast, as_user, django_assert_num_queries, name, queries
):
    client = as_user(cast.a.admin)
    grow(cast, 3)
    client.get(reverse(name))  # warm the per-process caches (session, content types)
    with django_assert_num_queries(queries):
        assert client.get(reverse(name)).status_code == 200
    grow(cast, 30)
    with django_assert_num_queries(queries):
        assert client.get(reverse(name)).status_code == 200


def test_the_anonymous_home_lists_the_departments(cast, client):
    body = client.get("/").content.decode()
    assert "Sở A" in body and "Sở B" in body
    assert "Phòng 1" not in body  # divisions are internal


def test_the_home_page_of_a_head_lists_their_department_and_head(cast, as_user):
    body = as_user(cast.a.head).get("/").content.decode()
    assert "Sở A" in body and "Giám đốc A" in body
    assert "Sở B" not in body


def test_the_steering_member_sees_every_department(cast, as_user):
    body = as_user(cast.steering).get("/").content.decode()
    assert "Sở A" in body and "Sở B" in body


def test_the_people_search_is_an_htmx_fragment(cast, as_user):
    client = as_user(cast.a.admin)
    response = client.get(reverse("core:person_list"), {"q": "Cán bộ"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert "Cán bộ A" in body and "Giám đốc A" not in body


def test_the_calendar_computes_through_htmx(cast, as_user):
    client = as_user(cast.a.staff)
    response = client.get(
        reverse("core:calendar"), {"start": "2025-01-24", "days": "5"}, HTTP_HX_REQUEST="true"
    )
    assert "07/02/2025" in response.content.decode()
    assert "<html" not in response.content.decode()


def test_the_calendar_lists_the_year(cast, as_user):
    body = as_user(cast.a.staff).get(reverse("core:calendar"), {"year": 2025}).content.decode()
    assert "26/04/2025" in body and "Tết Nguyên Đán" in body


def test_the_audit_page_filters_by_object(cast, as_user):
    client = as_user(cast.a.admin)
    event = AuditEvent.objects.filter(agency=cast.a.division).first()
    assert event is not None
    response = client.get(
        reverse("core:audit_list"), {"object_type": event.object_type, "object_id": event.object_id}
    )
    assert response.status_code == 200
    assert list(response.context["events"]) == [event]


def test_the_audit_page_pages_by_keyset(cast, as_user):
    client = as_user(cast.a.admin)
    grow(cast, 15)  # 30 more events in department A
    first = client.get(reverse("core:audit_list"))
    assert first.context["more"]
    older = client.get(reverse("core:audit_list") + "?" + first.context["next_query"])
    a = [e.pk for e in first.context["events"]]
    b = [e.pk for e in older.context["events"]]
    assert not set(a) & set(b) and max(b) < min(a)


def test_the_board_member_reads_the_audit_log_of_their_department_only(cast, as_user):
    events = as_user(cast.a.board).get(reverse("core:audit_list")).context["events"]
    assert events and all(e.agency.organisation_id == cast.a.unit.pk for e in events)


def test_the_language_can_be_switched_to_english(cast, as_user):
    client = as_user(cast.a.staff)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/").content.decode()
    assert 'lang="en"' in body and "Log out" in body
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    body = client.get("/").content.decode()
    assert 'lang="vi"' in body and "Đăng xuất" in body


def test_every_asset_is_served_by_the_app(cast, client):
    body = client.get("/").content.decode()
    assert "http://" not in body.replace('xmlns="http://www.w3.org', "")
    assert "https://" not in body
    assert client.get("/static/core/danchu.css").status_code == 200
    assert client.get("/static/django_htmx/htmx-2.min.js").status_code == 200


def test_a_head_adds_a_stricter_rule_through_the_page(cast, as_user):
    client = as_user(cast.a.head)
    response = client.post(
        reverse("core:rule_add", args=[cast.a.unit.pk]),
        {
            "code": "reception.answer",
            "length": 12,
            "unit": "working_days",
            "max_extensions": 0,
            "extension_length": 0,
            "effective_from": "2025-01-01",
            "legal_basis": "QĐ 9",
        },
    )
    assert response.status_code == 400
    assert "Luật Tiếp công dân" in response.content.decode()


def test_the_calculator_uses_the_units_own_days_off(cast, as_user):
    from danchu.core import services

    services.calendar_day_add(
        actor=None, agency=cast.a.unit, day=dt.date(2026, 12, 1), kind="off", decision="QĐ 9"
    )
    client = as_user(cast.a.staff)
    national = client.get(reverse("core:calendar"), {"start": "2026-11-27", "days": "5"})
    assert national.context["result"]["value"] == dt.date(2026, 12, 4)
    own = client.get(
        reverse("core:calendar"), {"start": "2026-11-27", "days": "5", "unit": cast.a.unit.pk}
    )
    assert own.context["result"]["value"] == dt.date(2026, 12, 7)


def test_the_calculator_refuses_another_departments_calendar(cast, as_user):
    response = as_user(cast.b.staff).get(
        reverse("core:calendar"), {"start": "2026-11-27", "days": "5", "unit": cast.a.unit.pk}
    )
    assert response.status_code == 400  # not a choice they have


@pytest.mark.parametrize(
    "query",
    [
        {"start": "2025-01-24"},
        {"start": "2025-01-24", "days": "3", "end": "2025-02-01"},
        {"start": "2025-01-24", "end": "2025-01-01"},
    ],
)
def test_the_calculator_explains_what_is_wrong_through_htmx(cast, as_user, query):
    response = as_user(cast.a.staff).get(reverse("core:calendar"), query, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_htmx_swaps_form_errors(cast, client):
    assert '"code": "400", "swap": true' in client.get("/").content.decode()


def test_opening_a_form_address_directly_gives_a_page(cast, as_user):
    response = as_user(cast.a.admin).get(reverse("core:membership_add", args=[cast.a.unit.pk]))
    assert response.status_code == 405
    assert "<html" in response.content.decode()


def test_a_stale_form_gets_a_vietnamese_page(cast, db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.a.staff)
    response = client.post(reverse("core:token_list"), {"name": "x"})
    assert response.status_code == 403
    assert "hết hạn" in response.content.decode() or "expired" in response.content.decode()


def test_a_new_token_is_shown_once_after_a_redirect(cast, as_user):
    client = as_user(cast.a.staff)
    response = client.post(reverse("core:token_list"), {"name": "máy chủ"}, follow=True)
    secret = response.context["secret"]
    assert secret.startswith("dch_")
    assert client.get(reverse("core:token_list")).context["secret"] is None


def test_an_english_browser_still_gets_vietnamese(cast, client):
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in body


def test_an_administrator_adds_a_person_with_a_role(cast, as_user):
    client = as_user(cast.a.admin)
    response = client.post(
        reverse("core:person_join", args=[cast.a.division.pk]),
        {
            "username": "tran.b",
            "full_name": "Trần Văn B",
            "role": "staff",
            "start": "2025-01-01",
            "password": "Mot-mat-khau-dai-2026",
        },
    )
    assert response.status_code == 302
    from danchu.core.models import User

    person = User.objects.get(username="tran.b")
    assert person.memberships.get().agency == cast.a.division


def test_a_person_with_a_weak_password_is_not_created(cast, as_user):
    from danchu.core.models import User

    client = as_user(cast.a.admin)
    response = client.post(
        reverse("core:person_join", args=[cast.a.division.pk]),
        {
            "username": "tran.c",
            "full_name": "Trần Văn C",
            "role": "staff",
            "start": "2025-01-01",
            "password": "12345678",
        },
    )
    assert response.status_code == 400
    assert not User.objects.filter(username="tran.c").exists()


def test_an_administrator_unlocks_a_locked_account(cast, as_user, client):
    from danchu.core.models import User

    for _ in range(5):
        client.post(reverse("core:login"), {"username": "staff_A", "password": "sai"})
    assert User.objects.get(pk=cast.a.staff.pk).locked_until
    admin = as_user(cast.a.admin)
    assert admin.post(reverse("core:person_unlock", args=[cast.a.staff.pk])).status_code == 302
    assert User.objects.get(pk=cast.a.staff.pk).locked_until is None


def test_logins_show_in_the_departments_activity_log(cast, client, as_user):
    client.post(reverse("core:login"), {"username": "staff_A", "password": "sai"})
    events = as_user(cast.a.admin).get(reverse("core:audit_list")).context["events"]
    assert any(
        e.verb == "auth.login_failed" and e.object_id == str(cast.a.staff.pk) for e in events
    )


def test_every_answer_has_a_policy_against_inline_script_and_framing(cast, client):
    client.force_login(cast.a.admin)
    for url in (reverse("core:home"), reverse("core:unit_list"), "/api/v1/me", "/no-such-page/"):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
        assert directives["script-src"] == "'self'"  # no inline script, no eval
        assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
        assert "camera=()" in response["Permissions-Policy"]
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
    page = client.get(reverse("core:unit_list")).content.decode()
    # No inline script and no inline event handler anywhere in a page: the policy would block it.
    assert "<script>" not in page and " onclick=" not in page and " onsubmit=" not in page
    assert "core/danchu.js" in page
