"""The liveness probe answers without the database, to GET and HEAD."""

from __future__ import annotations


def test_it_answers_ok_without_a_query(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
