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


def test_every_sealed_ballot_has_the_same_size(conf: Conf):
    conf.open(20)
    poll = conf.poll()
    services.poll_open(actor=conf.a.clerk, poll=poll)
    for person, choice in zip(conf.present()[:3], ["yes", "no", "abstain"], strict=True):
        services.vote(actor=person, poll=poll, choice=choice)
    sizes = {len(bytes(b or b"")) for b in Ballot.objects.values_list("sealed", flat=True)}
    assert len(sizes) == 1


def test_the_resolution_is_fixed_while_it_is_put_to_the_vote(conf: Conf):
    conf.open(20)
    services.resolution_draft(actor=conf.a.clerk, conference=conf.conference, text="Văn bản A")
    poll = conf.poll(kind="resolution", method="named", title="Thông qua Nghị quyết")
    with pytest.raises(DomainError):
        services.resolution_draft(actor=conf.a.clerk, conference=conf.conference, text="B")
    with pytest.raises(DomainError):
        conf.poll(kind="resolution", method="named", title="Lần nữa")
    services.poll_open(actor=conf.a.clerk, poll=poll)
    for person in conf.present()[:11]:
        services.vote(actor=person, poll=poll, choice="yes")
    services.poll_close(actor=conf.a.clerk, poll=poll)
    resolution = conf.conference.resolution
    resolution.refresh_from_db()
    assert (resolution.text, resolution.number) == ("Văn bản A", "01/NQ-HNCBCCVC")
    assert resolution.reviews.count() == 1


def test_someone_of_the_city_outside_the_steering_committee_reads_nothing(conf: Conf, client):
    from django.urls import reverse

    from danchu.core.models import Role
    from tests.factories import give_role, make_person

    clerk = make_person(agency=conf.cast.city, username="city_clerk")
    try:
        give_role(clerk, conf.cast.city, Role.SYSADMIN)
    except DomainError:
        pytest.skip("no role of the city reaches a department here")
    client.force_login(clerk)
    url = reverse("conference:detail", args=[conf.conference.pk])
    assert client.get(url).status_code in (403, 404)
