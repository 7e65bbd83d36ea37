import datetime as dt
import json
import threading
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connections
from django.urls import reverse

from danchu.onestop import services
from danchu.onestop.models import Dossier, State
from danchu.onestop.selectors import Urgency, work_queue
from tests.onestop.conftest import at


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def many(desk, n, day="2025-03-03"):
    return [desk.receive(at=at(day, 8 + i % 9)) for i in range(n)]


class TestQueue:
    def test_urgency_groups(self, desk):
        today = dt.date(2025, 3, 10)
        overdue = desk.receive(at=at("2025-02-24"))  # due 03/03
        due_today = desk.receive(at=at("2025-03-03"))  # due 10/03
        soon = desk.receive(at=at("2025-03-04"))  # due 11/03
        later = desk.receive(at=at("2025-03-07"))  # due 14/03
        rows = {
            d.pk: d.urgency  # type: ignore[attr-defined]  # annotated by the queryset
            for d in work_queue(actor=desk.officer, agency=desk.cast.a.unit, today=today)
        }
        assert rows == {
            overdue.pk: Urgency.OVERDUE,
            due_today.pk: Urgency.TODAY,
            soon.pk: Urgency.SOON,
            later.pk: Urgency.ON_TRACK,
        }

    def test_an_officer_sees_their_own_and_a_division_head_the_division(self, desk):
        dossier = desk.receive()
        assert list(work_queue(actor=desk.handler, agency=desk.cast.a.unit)) == [dossier]
        assert list(work_queue(actor=desk.chief, agency=desk.cast.a.unit)) == [dossier]
        assert list(work_queue(actor=desk.chief, agency=desk.cast.a.unit, mine_only=True)) == []

    def test_the_queue_page_costs_at_most_14_queries_for_3_or_30_dossiers(
        self, desk, client, django_assert_max_num_queries
    ):
        # Session, person, scope, unit, calendar; the keys of the urgency groups in turn (7 at
        # most), each an index range, until the page is full — all 7 for a short queue, fewer
        # for a long one; the page's rows in one query; the capped count.
        client.force_login(desk.officer)
        url = reverse("onestop:queue", args=[desk.cast.a.unit.pk])
        many(desk, 3)
        client.get(url)
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200
        many(desk, 27, "2025-03-04")
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200

    def test_the_stats_page_costs_the_same_queries_for_3_or_30_dossiers(
        self, desk, client, django_assert_num_queries
    ):
        client.force_login(desk.officer)
        url = reverse("onestop:stats", args=[desk.cast.a.unit.pk])
        query = {"start": "2025-01-01", "end": "2025-12-31", "group_by": "field"}
        many(desk, 3)
        client.get(url, query)
        with django_assert_num_queries(11):
            assert client.get(url, query).status_code == 200
        many(desk, 27, "2025-03-04")
        with django_assert_num_queries(11):
            assert client.get(url, query).status_code == 200


class TestPublicLookup:
    def test_it_shows_the_status_and_nothing_personal(self, desk, client):
        dossier = desk.receive(
            at=at("2025-01-24"), applicant_phone="0912345678", applicant_address="12 Phố Huế"
        )
        response = client.get(
            reverse("onestop:public_lookup"), {"code": dossier.code, "id_digits": "2345"}
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert "07/02/2025" in body and dossier.code in body
        for secret in (
            "Nguyễn Văn Dân",
            "001085012345",
            "0912345678",
            "12 Phố Huế",
            "dan@example.vn",
            "Thụ lý A",
        ):
            assert secret not in body

    def test_the_wrong_digits_get_no_answer(self, desk, client):
        dossier = desk.receive()
        response = client.get(
            reverse("onestop:public_lookup"), {"code": dossier.code, "id_digits": "9999"}
        )
        assert response.status_code == 404
        assert "07/02" not in response.content.decode()

    def test_too_many_misses_get_a_wait_message(self, desk, client):
        dossier = desk.receive()
        for _ in range(20):
            missed = client.get(
                reverse("onestop:public_lookup"), {"code": dossier.code, "id_digits": "0000"}
            )
            assert missed.status_code == 404
        response = client.get(
            reverse("onestop:public_lookup"), {"code": dossier.code, "id_digits": "2345"}
        )
        assert response.status_code == 429
        assert "15" in response.content.decode()

    def test_the_api_answers_the_same_without_an_account(self, desk, client):
        dossier = desk.receive(at=at("2025-01-24"))
        response = client.get(
            f"/api/v1/public/onestop/dossiers/{dossier.code}", {"id_digits": "2345"}
        )
        assert response.status_code == 200
        body = response.json()
        assert body["appointment_on"] == "2025-02-07"
        assert "applicant_name" not in body and "Nguyễn" not in json.dumps(body)


@pytest.mark.django_db(transaction=True)
def test_200_concurrent_intakes_get_200_distinct_codes(desk):
    """Eight threads, each with its own connection, receive 25 dossiers each on one day."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def work() -> None:
        try:
            barrier.wait()
            for _ in range(25):
                desk.receive(at=at("2025-03-03"))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    codes = list(Dossier.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 200
    assert sorted(c[-4:] for c in codes) == [f"{n:04d}" for n in range(1, 201)]


class TestApiIntake:
    def test_a_retried_intake_returns_the_first_dossier(self, desk, client):
        client.force_login(desk.officer)
        payload = {
            "procedure_id": desk.procedure.pk,
            "applicant_kind": "person",
            "applicant_name": "Lê Thị Hoa",
            "applicant_id": "001190054321",
            "documents": [1, 2],
        }
        url = f"/api/v1/onestop/units/{desk.cast.a.unit.pk}/dossiers"
        headers = {"Idempotency-Key": "cong-dvc-0001"}
        first = client.post(
            url, json.dumps(payload), content_type="application/json", headers=headers
        )
        again = client.post(
            url, json.dumps(payload), content_type="application/json", headers=headers
        )
        assert (first.status_code, again.status_code) == (201, 200)
        assert first.json()["id"] == again.json()["id"]
        assert Dossier.objects.count() == 1

    def test_a_stale_revision_gets_409(self, desk, client):
        dossier = desk.receive()
        client.force_login(desk.handler)
        url = f"/api/v1/onestop/dossiers/{dossier.pk}/advance"
        ok = client.post(
            url, json.dumps({"revision": dossier.revision}), content_type="application/json"
        )
        assert ok.status_code == 200
        client.force_login(desk.chief)
        stale = client.post(
            url, json.dumps({"revision": dossier.revision}), content_type="application/json"
        )
        assert stale.status_code == 409
        assert stale.json()["error"]["code"] == "stale"


class TestCommandLine:
    def test_stats_prints_the_figures(self, desk):
        dossier = services.dossier_advance(
            actor=desk.handler, dossier=desk.receive(at=at("2025-01-24"))
        )
        assert dossier.state == State.IN_PROGRESS
        out = StringIO()
        call_command(
            "stats",
            "onestop",
            "--unit",
            desk.cast.a.unit.code,
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--json",
            stdout=out,
        )
        data = json.loads(out.getvalue())
        assert data["total"]["received"] == 1
        assert data["procedures_published"] == 1

    def test_stats_refuses_bad_dates(self, desk):
        with pytest.raises(CommandError):
            call_command(
                "stats",
                "onestop",
                "--unit",
                desk.cast.a.unit.code,
                "--from",
                "2025-13-01",
                "--to",
                "2025-12-31",
            )


def test_the_action_labels_follow_the_language(desk, client):
    dossier = desk.receive()
    client.force_login(desk.handler)
    url = reverse("onestop:dossier", args=[dossier.pk])
    assert "Chuyển bước tiếp theo" in client.get(url).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": url})
    assert "Hand over to the next step" in client.get(url).content.decode()


def test_results_waiting_for_return_are_in_the_desks_queue(desk):
    dossier = services.dossier_advance(actor=desk.handler, dossier=desk.receive())
    dossier = services.dossier_advance(actor=desk.chief, dossier=dossier)
    dossier = services.dossier_decide(
        actor=desk.head, dossier=dossier, approved=True, result_number="9/GP"
    )
    queue = work_queue(actor=desk.officer, agency=desk.cast.a.unit)
    rows = {d.pk: d.urgency for d in queue}  # type: ignore[attr-defined]  # annotated
    assert rows == {dossier.pk: Urgency.READY}
