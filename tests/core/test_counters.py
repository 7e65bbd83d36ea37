"""Per-unit counters: one statement per number, never the same number twice, also when several
writers take numbers at once; a number taken in a transaction that rolls back is given again."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from danchu.core.counters import next_number
from danchu.onestop.models import Counter
from tests.conftest import Cast


def test_numbers_start_at_one_and_follow_per_unit_and_key(cast: Cast, django_assert_num_queries):
    a, b = cast.a.unit, cast.b.unit
    with django_assert_num_queries(1):
        assert next_number(Counter, a, "dossier:2026-03-02") == 1
    assert next_number(Counter, a, "dossier:2026-03-02") == 2
    assert next_number(Counter, a, "dossier:2026-03-03") == 1
    assert next_number(Counter, b, "dossier:2026-03-02") == 1


def test_a_rolled_back_number_is_given_again(cast: Cast):
    a = cast.a.unit
    assert next_number(Counter, a, "slip:receipt:2026") == 1

    def failed_intake() -> None:
        with transaction.atomic():
            assert next_number(Counter, a, "slip:receipt:2026") == 2
            raise RuntimeError("the intake failed")

    with pytest.raises(RuntimeError):
        failed_intake()
    assert next_number(Counter, a, "slip:receipt:2026") == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_share_a_number(cast: Cast):
    a = cast.a.unit
    taken: list[int] = []
    lock = threading.Lock()

    def writer() -> None:
        try:
            for _ in range(15):
                with transaction.atomic():
                    n = next_number(Counter, a, "dossier:2026-03-02")
                with lock:
                    taken.append(n)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(taken) == list(range(1, 61))
