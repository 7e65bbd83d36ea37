"""Text typed by a user — a citizen's name at the desk, a letter's matter, a search — comes back
escaped wherever it is shown: pages, lists, search results; the API answers JSON.
Nothing a user types runs as script in another user's browser."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.letters.conftest import Reception
from tests.onestop.conftest import Desk

pytestmark = pytest.mark.django_db
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _never_raw(body: str) -> None:
    assert "<script>alert" not in body and "<img src=x" not in body


def test_a_citizens_name_at_the_desk_is_shown_as_text(desk: Desk, client):
    dossier = desk.receive(applicant_name=f"Nguyễn Văn {HOSTILE}")
    client.force_login(desk.officer)
    unit = {"unit": desk.cast.a.unit.pk}
    for url in (
        reverse("onestop:dossier", args=[dossier.pk]),
        reverse("onestop:dossier_list", kwargs=unit) + "?q=Nguyen",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        _never_raw(response.content.decode())
    detail = client.get(reverse("onestop:dossier", args=[dossier.pk])).content.decode()
    assert "&lt;script&gt;alert" in detail  # it is shown, as text
    api = client.get(f"/api/v1/onestop/dossiers/{dossier.pk}")
    assert api.status_code == 200 and api["Content-Type"].startswith("application/json")


def test_a_letters_matter_and_a_search_are_shown_as_text(rc: Reception, client):
    letter = rc.receive(matter=f"Kiến nghị {HOSTILE}")
    client.force_login(rc.clerk)
    unit = {"unit": rc.cast.a.unit.pk}
    for url, params in (
        (reverse("letters:letter", kwargs={"pk": letter.pk}), {}),
        (reverse("letters:letter_list", kwargs=unit), {}),
        (reverse("letters:letter_list", kwargs=unit), {"q": HOSTILE}),
    ):
        response = client.get(url, params)
        assert response.status_code == 200, url
        _never_raw(response.content.decode())
    detail = client.get(reverse("letters:letter", kwargs={"pk": letter.pk})).content.decode()
    assert "&lt;script&gt;alert" in detail
