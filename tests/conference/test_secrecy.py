"""The secret ballot keeps no link between a ballot and its voter: not in a column, not in the
order rows are stored, not in the audit log; and one person casts one ballot even when the
same vote is sent four times at once.

Every table a secret ballot touches is read here: ``conference_ballot`` (the box),
``conference_ballotreceipt`` (the receipts' hashes), ``conference_pollroll`` (who voted),
``conference_poll`` (the tally) and ``core_auditevent`` (the log) — and then every table of
the database, looking for a ballot's id or a voter's receipt code where it should not be."""

from __future__ import annotations

import itertools
import json
import random
import threading
from collections import Counter
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, connections, models

from danchu.conference import selectors, services
from danchu.conference.models import Ballot, BallotReceipt, Poll, PollRoll
from danchu.core.errors import DomainError
from danchu.core.models import AuditEvent, User

BALLOT_TABLES = {
    "conference_ballot": {"id", "poll_id", "choice", "marks", "sealed"},
    "conference_ballotreceipt": {"id", "poll_id", "digest"},
    "conference_pollroll": {"id", "poll_id", "person_id", "present", "voted"},
}
TIME_FIELDS = (models.DateField, models.TimeField, models.DurationField)  # DateTimeField too
COUNTER_FIELDS = (models.AutoField, models.BigAutoField, models.SmallAutoField, models.IntegerField)


def _columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, table)}


def _foreign_tables(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {
            t for _col, (_ref, t) in connection.introspection.get_relations(cursor, table).items()
        }


@pytest.mark.django_db
def test_ballot_tables_have_no_voter_no_time_and_no_sequence():
    user_table = User._meta.db_table
    box: list[type[models.Model]] = [Ballot, BallotReceipt]
    for model in box:
        for f in model._meta.get_fields():
            # No link to a person, forward or reverse, and nothing points at a ballot.
            assert not (f.is_relation and f.related_model is User), (model, f.name)
            assert f.concrete, f"{model.__name__} is referenced by {f.related_model}"
            # No time, no counter: the id is random.
            assert not isinstance(f, TIME_FIELDS), (model, f.name)
            assert not isinstance(f, COUNTER_FIELDS), (model, f.name)
        assert isinstance(model._meta.pk, models.UUIDField)
        assert set(model._meta.ordering or []) <= {"choice", "marks", "id", "digest"}
    for other in apps.get_models():
        for f in other._meta.concrete_fields:
            assert not (f.is_relation and f.related_model in box), (other, f)
    # The roll of who voted has no reference to the box.
    roll_relations = {f.related_model for f in PollRoll._meta.concrete_fields if f.is_relation}
    assert roll_relations == {Poll, User}

    # The same, read from the database itself.
    for table, columns in BALLOT_TABLES.items():
        assert _columns(table) == columns, table
    assert _foreign_tables("conference_ballot") == {"conference_poll"}
    assert _foreign_tables("conference_ballotreceipt") == {"conference_poll"}
    assert _foreign_tables("conference_pollroll") == {"conference_poll", user_table}
    poll_refs = _foreign_tables("conference_poll")
    assert user_table not in poll_refs
    assert not poll_refs & {"conference_ballot", "conference_ballotreceipt", "conference_pollroll"}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ("conference_ballot", "conference_ballotreceipt"):
                assert connection.introspection.get_sequences(cursor, table) == []
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE name IN "
                "('conference_ballot', 'conference_ballotreceipt')"
            )
            for (sql,) in cursor.fetchall():
                assert "AUTOINCREMENT" not in sql.upper()


def _physical(table: str, column: str, poll: Poll) -> list[Any]:
    """The rows of ``poll`` in the order they are stored (SQLite's rowid, PostgreSQL's ctid)."""
    order = {"sqlite": "rowid", "postgresql": "ctid"}[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM {table} WHERE poll_id = %s ORDER BY {order}",  # noqa: S608
            [poll.pk],
        )
        rows = [r[0] for r in cursor.fetchall()]
    if column == "marks":
        return [tuple(json.loads(v) if isinstance(v, str) else v) for v in rows]
    return rows


def _xmins(table: str, where: str, params: list[Any]) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text FROM {table} WHERE {where}", params)  # noqa: S608
        return {r[0] for r in cursor.fetchall()}


def _all_rows() -> dict[str, list[str]]:
    """Every row of every table of the database, each as the text of its values."""
    found: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            found[table] = [" ".join(str(v) for v in row) for row in cursor.fetchall()]
    return found


@pytest.mark.django_db(transaction=True)  # each vote commits, as in production
def test_nothing_links_a_ballot_to_its_voter(conf):
    conf.open(30)
    poll = conf.poll(kind="election", title="Bầu Ban Thanh tra", seats=5, tie_rule="lot")
    candidates = [
        services.candidate_add(actor=conf.a.union, poll=poll, person=p, nominated_by="Công đoàn")
        for p in conf.extra[:8]
    ]
    services.poll_open(actor=conf.a.clerk, poll=poll)

    # 30 voters mark 30 distinct subsets of the 8 candidates (at most 5 each), so that every
    # ballot is told apart by its content, and vote in a random order.
    rng = random.Random(20260301)
    ids = [c.pk for c in candidates]
    subsets = [s for k in range(1, 6) for s in itertools.combinations(ids, k)]
    voters = conf.present()
    rng.shuffle(voters)
    marks = [tuple(sorted(s)) for s in rng.sample(subsets, len(voters))]
    receipts = {}
    for voter, mine in zip(voters, marks, strict=True):
        receipts[voter.pk] = services.vote(actor=voter, poll=poll, marks=list(mine)).receipt
    before_ids = set(Ballot.objects.filter(poll=poll).values_list("id", flat=True))
    # While the poll is open a row carries the id of the voter's transaction (PostgreSQL's
    # xmin), so its content is sealed: nothing readable in the database alone.
    assert set(_physical("conference_ballot", "marks", poll)) == {()}
    assert set(_physical("conference_ballot", "choice", poll)) == {""}
    sealed = [bytes(b) for b in _physical("conference_ballot", "sealed", poll)]
    assert all(sealed) and len(set(sealed)) == len(sealed)
    # The box still holds the rows in the order they came (which is why it is rewritten at
    # the close): opened with the application's key, the check below sees that order.
    sealer = services._box_key(poll)
    opened = [
        tuple(json.loads(sealer.decrypt(b[:12], b[12:], str(poll.pk).encode()))["m"])
        for b in sealed
    ]
    assert opened == marks
    digests = [services._receipt_digest(poll, receipts[v.pk]) for v in voters]

    poll = services.poll_close(actor=conf.a.clerk, poll=poll)

    # The box: contents only, every ballot kept, but rewritten with new random ids in a
    # random order. Were the order still the voting order, the n-th voter's ballot would be
    # the n-th row. A uniform shuffle of 30 distinct ballots leaves them in the voting order
    # with probability 1/30! ≈ 4·10⁻³³: the inequality below never fails by chance.
    stored = _physical("conference_ballot", "marks", poll)
    assert Counter(stored) == Counter(marks)
    assert stored != marks
    assert not before_ids & set(Ballot.objects.filter(poll=poll).values_list("id", flat=True))
    # The receipts likewise: all still counted, but not stored in the order they were given.
    stored_digests = _physical("conference_ballotreceipt", "digest", poll)
    assert sorted(stored_digests) == sorted(digests)
    assert stored_digests != digests
    assert all(services.receipt_counted(poll, code) for code in receipts.values())
    if connection.vendor == "postgresql":
        # A row's xmin is the transaction that wrote it. Each vote's transaction wrote the
        # voter's roll row (and its audit event): the box was rewritten by another one.
        box = _xmins("conference_ballot", "poll_id = %s", [poll.pk])
        box |= _xmins("conference_ballotreceipt", "poll_id = %s", [poll.pk])
        assert len(box) == 1
        voted = _xmins("conference_pollroll", "poll_id = %s AND voted", [poll.pk])
        voted |= _xmins("core_auditevent", "verb = %s", ["poll.voted"])
        assert len(voted) == 30
        assert not box & voted

    # The roll says who voted, not how.
    assert PollRoll.objects.filter(poll=poll, voted=True).count() == 30
    assert _columns("conference_pollroll") == BALLOT_TABLES["conference_pollroll"]
    # The poll row keeps the tally only, and it is the box's tally.
    votes = {str(c.pk): c.votes for c in poll.candidates.all() if c.votes}
    assert selectors.recount(poll=poll) == votes
    assert sum(votes.values()) == sum(len(m) for m in marks)
    assert (poll.cast, poll.valid, poll.blank) == (30, 30, 0)

    # The log: one event per voter saying they voted — no choice, no marks, no ballot.
    events = list(AuditEvent.objects.filter(object_type="conference.poll", object_id=str(poll.pk)))
    voted_events = [e for e in events if e.verb == "poll.voted"]
    assert {e.actor_id for e in voted_events} == {v.pk for v in voters}
    assert all(e.changes == {"voted": [False, True]} for e in voted_events)
    for e in events:
        text = json.dumps(e.changes)
        assert "marks" not in text and "choice" not in text and "receipt" not in text
    assert not AuditEvent.objects.filter(
        object_type__in=["conference.ballot", "conference.ballotreceipt"]
    ).exists()

    # Every table of the database: a ballot's id only in the box, a receipt's hash only with
    # the receipts, a receipt code nowhere at all (only its hash is kept).
    ballot_ids = {
        form for b in Ballot.objects.filter(poll=poll) for form in (str(b.id), b.id.hex)
    } | {form for i in before_ids for form in (str(i), i.hex)}
    rows = _all_rows()
    for table, lines in rows.items():
        for line in lines:
            if table != "conference_ballot":
                assert not any(i in line for i in ballot_ids), table
            if table != "conference_ballotreceipt":
                assert not any(d in line for d in digests), table
            assert not any(code in line for code in receipts.values()), table


def _race(n: int, work: Any) -> tuple[list[Any], list[BaseException]]:
    """Run ``work(i)`` in ``n`` threads at once, each on its own database connection."""
    results: list[Any] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(n)

    def run(i: int) -> None:
        try:
            barrier.wait()
            results.append(work(i))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_one_person_one_ballot_under_concurrency(conf):
    conf.open(20)
    poll = conf.poll()
    services.poll_open(actor=conf.a.clerk, poll=poll)
    present = [p.pk for p in conf.present()]

    # Four delegates vote at the same moment: all four are counted.
    def vote_as(i: int) -> services.Voted:
        voter = User.objects.get(pk=present[i])
        return services.vote(actor=voter, poll=Poll.objects.get(pk=poll.pk), choice="yes")

    results, errors = _race(4, vote_as)
    assert errors == [] and len(results) == 4
    assert Ballot.objects.filter(poll=poll).count() == 4

    # One delegate sends the same vote four times at once: exactly one ballot goes in.
    voter = present[4]

    def same_voter(_i: int) -> services.Voted:
        return services.vote(
            actor=User.objects.get(pk=voter), poll=Poll.objects.get(pk=poll.pk), choice="no"
        )

    results, errors = _race(4, same_voter)
    assert len(results) == 1 and results[0].receipt
    assert len(errors) == 3
    assert all(type(e) is DomainError and e.code == "invalid" for e in errors), errors
    assert Ballot.objects.filter(poll=poll).count() == 5
    assert [c for c, _m in services._open_box(poll)].count("no") == 1  # sealed until the close
    assert BallotReceipt.objects.filter(poll=poll).count() == 5
    assert PollRoll.objects.get(poll=poll, person_id=voter).voted
    assert PollRoll.objects.filter(poll=poll, voted=True).count() == 5
    assert AuditEvent.objects.filter(verb="poll.voted", actor_id=voter).count() == 1
    assert services.receipt_counted(poll, results[0].receipt)

    poll = services.poll_close(actor=conf.a.clerk, poll=poll)
    assert (poll.cast, poll.yes, poll.no) == (5, 4, 1)
