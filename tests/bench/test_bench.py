"""The benchmark suite's own parts: the scale data set has what it promises, the measures and
the table say what they measured, and the command runs (on the test database, small)."""

from __future__ import annotations

import datetime as dt

import pytest

from bench.measure import Line, Sample, table, timed
from bench.seed import SMALL_UNIT, seed, shares
from danchu.disclosure.models import Publication
from danchu.letters.models import Letter
from danchu.onestop.models import Dossier, Rating, Slip
from danchu.tasks.models import Task

TODAY = dt.date(2026, 11, 20)


def test_the_centre_holds_what_the_other_units_do_not():
    assert shares(1_000_000, 30) == [1_000_000 - 29 * SMALL_UNIT] + [SMALL_UNIT] * 29
    assert sum(shares(40_000, 3)) == 40_000 and shares(40_000, 3)[1] == 40_000 // 6
    assert shares(500, 1) == [500]


@pytest.mark.django_db
def test_the_seed_makes_a_city_with_every_state_once():
    place = seed(dossiers=3_000, letters=1_200, units=3, code="BENCH-TEST", today=TODAY)
    units = [u.agency_id for u in place.units]
    dossiers = Dossier.objects.filter(agency_id__in=units)
    assert dossiers.count() == 3_000
    assert [dossiers.filter(agency_id=u).count() for u in units] == shares(3_000, 3)
    assert set(dossiers.values_list("state", flat=True)) == {
        "in_progress",
        "supplement",
        "suspended",
        "approved",
        "rejected",
        "returned",
        "withdrawn",
        "refused_at_intake",
    }
    first = dossiers.order_by("received_on").first()
    assert first is not None and (TODAY - first.received_on).days >= 3 * 365 - 1
    assert set(dossiers.exclude(timeliness="").values_list("timeliness", flat=True)) == {
        "early",
        "on_time",
        "late",
    }
    assert not dossiers.filter(received_on__gt=TODAY).exists()
    # The papers of a desk: a receipt for each received dossier, apologies for the late ones.
    assert Slip.objects.filter(dossier__in=dossiers, kind="receipt").count() == (
        dossiers.exclude(state="refused_at_intake").count()
    )
    assert Slip.objects.filter(dossier__in=dossiers, kind="apology").count() == (
        dossiers.filter(timeliness="late").count()
    )
    assert Rating.objects.filter(dossier__in=dossiers).exists()
    letters = Letter.objects.filter(agency_id__in=units)
    assert letters.count() == 1_200
    assert set(letters.values_list("kind", flat=True)) == {
        "petition",
        "complaint",
        "denunciation",
        "unclassified",
    }
    assert {"received", "classified", "accepted", "answered", "resolved", "withdrawn"} <= set(
        letters.values_list("state", flat=True)
    )
    assert Task.objects.filter(agency_id__in=units).count() == 3 * 3 * 200
    assert Publication.objects.filter(agency_id__in=units).exists()
    # Seeding again finds the city and adds nothing.
    again = seed(dossiers=3_000, letters=1_200, units=3, code="BENCH-TEST", today=TODAY)
    assert [u.agency_id for u in again.units] == units
    assert Dossier.objects.filter(agency_id__in=units).count() == 3_000


def test_a_line_judges_times_and_rates_the_right_way():
    fast, slow = Sample(0.010, 0.009, 0.012), Sample(0.020, 0.019, 0.022)
    assert Line("g", "time", fast, "floor", slow, 1.5).met is True
    assert Line("g", "time", slow, "floor", fast, 1.5).met is False
    many, few = Sample(900, 800, 950, "/s"), Sample(1000, 990, 1010, "/s")
    assert Line("g", "rate", many, "hello", few, 0.8).met is True
    assert Line("g", "rate", many, "hello", few, 0.95).met is False
    text = table([Line("g", "rate", many, "hello", few, 0.8, notes=["n"])])
    assert "0.90×" in text and "≥ 0.8×" in text and "note (rate): n" in text
    assert "| g | rate |" in table([Line("g", "rate", many, "hello", few)], markdown=True)


def test_timed_is_the_median_of_its_runs():
    calls = []
    sample = timed(lambda: calls.append(1), repeat=5, warmup=2)
    assert len(calls) == 7 and sample.low <= sample.median <= sample.high


@pytest.mark.django_db
def test_the_command_runs_the_quick_calendar_line(capsys):
    from django.core.management import call_command

    call_command("bench", "run", "--quick", "--only", "calendar")
    out = capsys.readouterr().out
    assert "holidays.get_nth_working_day" in out and "0 different answers" in out
