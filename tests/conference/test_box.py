"""The sealed ballot box: readable only with the application's key, and a close with a
changed key refused rather than miscounted."""

from __future__ import annotations

import pytest
from django.test import override_settings

from danchu.conference import services
from danchu.conference.models import Ballot, PollState
from danchu.core.errors import DomainError
from tests.conference.conftest import Conf

pytestmark = pytest.mark.django_db


def test_a_changed_secret_key_keeps_the_poll_open(conf: Conf):
    conf.open(20)
    poll = conf.poll()
    services.poll_open(actor=conf.a.clerk, poll=poll)
    for person in conf.present()[:3]:
        services.vote(actor=person, poll=poll, choice="yes")
    assert set(Ballot.objects.values_list("choice", flat=True)) == {""}  # sealed
    with override_settings(SECRET_KEY="another-key-" * 5), pytest.raises(DomainError) as refused:
        services.poll_close(actor=conf.a.clerk, poll=poll)
    assert refused.value.code == "ballot_box"
    poll.refresh_from_db()
    assert poll.state == PollState.OPEN
    poll = services.poll_close(actor=conf.a.clerk, poll=poll)
    assert (poll.yes, poll.cast) == (3, 3)
    assert set(Ballot.objects.values_list("choice", flat=True)) == {"yes"}
    assert set(Ballot.objects.values_list("sealed", flat=True)) == {None}
