import json

import pytest

from danchu.core import services
from danchu.core.models import ApiToken, AuditEvent, Role
from tests.factories import give_role, make_person


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_the_openapi_schema_and_docs_are_served(client, db):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/units" in paths and "/api/v1/people/{person_id}" in paths
    assert client.get("/api/v1/docs").status_code == 200


def test_docs_assets_are_served_by_the_app_not_a_cdn(client, db):
    html = client.get("/api/v1/docs").content.decode()
    assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html


class TestTokens:
    def test_a_token_acts_as_its_owner(self, cast, client):
        _token, secret = services.api_token_create(actor=cast.a.staff, name="script")
        response = client.get("/api/v1/me", headers=bearer(secret))
        assert response.status_code == 200
        assert response.json()["username"] == "staff_A"
        assert response.json()["roles"] == ["staff"]

    def test_only_the_hash_is_stored(self, cast):
        token, secret = services.api_token_create(actor=cast.a.staff, name="script")
        stored = ApiToken.objects.get(pk=token.pk)
        assert secret not in (stored.token_hash, stored.prefix, stored.name)
        assert len(stored.token_hash) == 64

    def test_a_revoked_token_is_refused(self, cast, client):
        token, secret = services.api_token_create(actor=cast.a.staff, name="script")
        services.api_token_revoke(actor=cast.a.staff, token=token)
        response = client.get("/api/v1/me", headers=bearer(secret))
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"

    def test_a_made_up_token_is_refused(self, cast, client):
        assert client.get("/api/v1/me", headers=bearer("dch_nope")).status_code == 401

    def test_the_owner_creates_and_revokes_through_the_api(self, cast, as_user):
        client = as_user(cast.a.staff)
        created = client.post(
            "/api/v1/tokens", json.dumps({"name": "máy in"}), content_type="application/json"
        )
        assert created.status_code == 201
        body = created.json()
        assert body["secret"].startswith("dch_")
        listed = client.get("/api/v1/tokens").json()
        assert [t["name"] for t in listed] == ["máy in"]
        assert "secret" not in listed[0]
        revoked = client.delete(f"/api/v1/tokens/{body['id']}")
        assert revoked.status_code == 200 and revoked.json()["revoked_at"]
        assert AuditEvent.objects.filter(verb="api_token.revoke").exists()

    def test_nobody_else_revokes_my_token(self, cast, as_user):
        token, _secret = services.api_token_create(actor=cast.a.staff, name="t")
        client = as_user(cast.a.admin)
        assert client.delete(f"/api/v1/tokens/{token.pk}").status_code == 404
        token.refresh_from_db()
        assert token.revoked_at is None


class TestErrors:
    def test_malformed_json_gets_the_error_shape(self, cast, as_user):
        client = as_user(cast.a.admin)
        response = client.post(
            f"/api/v1/units/{cast.a.unit.pk}/memberships",
            "{not json",
            content_type="application/json",
        )
        assert response.status_code == 400
        assert set(response.json()["error"]) == {"code", "message", "fields"}

    def test_a_missing_field_is_named(self, cast, as_user):
        client = as_user(cast.a.admin)
        response = client.post(
            f"/api/v1/units/{cast.a.unit.pk}/memberships",
            json.dumps({"role": "staff"}),
            content_type="application/json",
        )
        assert response.status_code == 400
        fields = response.json()["error"]["fields"]
        assert "person_id" in fields and "start" in fields

    def test_a_malformed_date_is_named(self, cast, as_user):
        client = as_user(cast.a.staff)
        response = client.get("/api/v1/workdays/add", {"start": "2025-02-30", "days": 1})
        assert response.status_code == 400
        assert "start" in response.json()["error"]["fields"]

    def test_a_looser_rule_is_refused_with_the_statute_named(self, cast, as_user):
        client = as_user(cast.a.head)
        response = client.post(
            f"/api/v1/units/{cast.a.unit.pk}/rules",
            json.dumps(
                {
                    "code": "reception.answer",
                    "length": 15,
                    "unit": "working_days",
                    "effective_from": "2025-01-01",
                    "legal_basis": "QĐ",
                }
            ),
            content_type="application/json",
        )
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["code"] == "rule_looser_than_statute"
        assert "length" in error["fields"]


class TestCalendarAndClocks:
    def test_workdays(self, cast, as_user):
        client = as_user(cast.a.staff)
        assert (
            client.get("/api/v1/workdays/add", {"start": "2025-01-24", "days": 5}).json()["result"]
            == "2025-02-07"
        )
        assert (
            client.get(
                "/api/v1/workdays/between", {"start": "2025-01-24", "end": "2025-02-07"}
            ).json()["working_days"]
            == 5
        )
        year = client.get("/api/v1/workdays/2026").json()
        assert {"day": "2026-08-22", "name": "Ngày làm việc bù", "kind": "makeup_saturday"} in year

    def test_deadline_with_a_pause(self, cast, as_user):
        client = as_user(cast.a.staff)
        response = client.post(
            "/api/v1/clocks/deadline",
            json.dumps(
                {
                    "code": "reception.answer",
                    "unit_id": cast.a.unit.pk,
                    "started_on": "2025-03-03",
                    "pauses": [{"stopped_on": "2025-03-04", "resumed_on": "2025-03-06"}],
                }
            ),
            content_type="application/json",
        )
        assert response.status_code == 200
        # 10 working days from Monday 03/03 is 17/03; two days stopped make it 19/03.
        assert response.json()["deadline"] == "2025-03-19"
        assert response.json()["rule"]["legal_basis"].startswith("Luật Tiếp công dân")


class TestPagination:
    def test_people_come_in_pages_with_a_cursor(self, cast, as_user):
        for _ in range(7):
            give_role(make_person(agency=cast.a.unit), cast.a.division, Role.STAFF)
        client = as_user(cast.a.staff)
        first = client.get("/api/v1/people", {"page_size": 5}).json()
        assert len(first["results"]) == 5 and first["next"]
        second = client.get(first["next"]).json()
        seen = [p["id"] for p in first["results"] + second["results"]]
        assert len(seen) == len(set(seen)) == 5 + len(second["results"])
        total = 5 + 7  # the cast's five people of department A and the seven added
        while second["next"]:
            second = client.get(second["next"]).json()
            seen += [p["id"] for p in second["results"]]
        assert len(set(seen)) == total

    @pytest.mark.parametrize("size", [1, 3])
    def test_units_pages_cover_everything_once(self, cast, as_user, size):
        client = as_user(cast.steering)
        page = client.get("/api/v1/units", {"page_size": size}).json()
        ids = [u["id"] for u in page["results"]]
        while page["next"]:
            page = client.get(page["next"]).json()
            ids += [u["id"] for u in page["results"]]
        assert len(ids) == len(set(ids)) == 6

    def test_a_forged_cursor_is_refused_cleanly(self, cast, as_user):
        client = as_user(cast.a.staff)
        response = client.get("/api/v1/people", {"cursor": "!!!"})
        assert response.status_code == 400
        assert response.json()["error"]["fields"]


class TestTokenWrites:
    """A script with a token writes without a session or a CSRF token."""

    def test_a_token_creates_and_revokes(self, cast, db):
        from django.test import Client

        _token, secret = services.api_token_create(actor=cast.a.staff, name="script")
        client = Client(enforce_csrf_checks=True)
        created = client.post(
            "/api/v1/tokens",
            json.dumps({"name": "khác"}),
            content_type="application/json",
            headers=bearer(secret),
        )
        assert created.status_code == 201, created.content
        revoked = client.delete(f"/api/v1/tokens/{created.json()['id']}", headers=bearer(secret))
        assert revoked.status_code == 200

    def test_a_token_adds_a_membership(self, cast, db):
        from django.test import Client

        _token, secret = services.api_token_create(actor=cast.a.admin, name="script")
        client = Client(enforce_csrf_checks=True)
        response = client.post(
            f"/api/v1/units/{cast.a.division.pk}/memberships",
            json.dumps(
                {"person_id": cast.a.head.pk, "role": "division_head", "start": "2025-01-01"}
            ),
            content_type="application/json",
            headers=bearer(secret),
        )
        assert response.status_code == 201, response.content

    def test_a_session_write_without_csrf_is_refused(self, cast, db):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(cast.a.staff)
        response = client.post(
            "/api/v1/tokens", json.dumps({"name": "x"}), content_type="application/json"
        )
        assert response.status_code == 403
