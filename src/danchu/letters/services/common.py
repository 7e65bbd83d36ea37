"""Shared pieces of the letter services: the transition table, clocks, numbering, sealing and
saving with the audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core import counters
from danchu.core.audit import audit_record
from danchu.core.clocks import Pause as ClockPause
from danchu.core.errors import DomainError
from danchu.core.models import Agency, User
from danchu.core.selectors import clock_deadline, clock_rule_in_force
from danchu.core.text import fold
from danchu.letters import vault
from danchu.letters.models import (
    Complexity,
    Counter,
    Instance,
    Kind,
    Letter,
    SealedIdentity,
    State,
    Timeliness,
    Visit,
)

S = State
# The one transition table: action → the states it may start from.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "classify": (S.RECEIVED, S.CLASSIFIED),
    "split": (S.RECEIVED, S.CLASSIFIED),
    "assign": (S.RECEIVED, S.CLASSIFIED, S.ACCEPTED, S.SUSPENDED),
    "forward": (S.CLASSIFIED,),
    "accept": (S.CLASSIFIED,),
    "complexity": (S.ACCEPTED, S.SUSPENDED),
    "extend": (S.ACCEPTED,),
    "suspend": (S.ACCEPTED,),
    "resume": (S.SUSPENDED,),
    "answer": (S.CLASSIFIED,),
    "resolve": (S.ACCEPTED,),
    "withdraw": (S.CLASSIFIED, S.ACCEPTED, S.SUSPENDED),
    "close": (S.CLASSIFIED,),
    "publish": (S.RESOLVED,),
}


def check_transition(letter: Letter, action: str) -> None:
    if letter.state not in TRANSITIONS[action]:
        raise DomainError(
            "invalid_state",
            _("This cannot be done to a letter that is “%(state)s”.")
            % {"state": letter.get_state_display()},
            status=409,
        )


def today(on: dt.date | None = None) -> dt.date:
    return on or timezone.localdate()


def next_number(agency: Agency, key: str) -> int:
    return counters.next_number(Counter, agency, key)


def letter_code(agency: Agency, day: dt.date) -> str:
    """``<unit code>-DT<yy>-<nnnn>``: a yearly sequence per unit (đơn thư)."""
    number = next_number(agency, f"letter:{day.year}")
    return f"{agency.code}-DT{day:%y}-{number:04d}"


def resolution_code(letter: Letter) -> str:
    if letter.kind == Kind.DENUNCIATION:
        return "denunciation.resolve"
    base = (
        "complaint.second_instance"
        if letter.instance == Instance.SECOND
        else "complaint.first_instance"
    )
    complex_ = letter.complexity != Complexity.NORMAL
    if letter.remote and complex_:
        return f"{base}.remote_complex"
    if letter.remote:
        return f"{base}.remote"
    if complex_:
        return f"{base}.complex"
    return base


def handling_code(letter: Letter) -> str:
    """The first clock after receipt: the answer to a petition, acceptance of a complaint,
    initial handling of a denunciation."""
    if letter.kind == Kind.COMPLAINT:
        return "complaint.acceptance"
    if letter.kind == Kind.DENUNCIATION:
        return "denunciation.initial.multi_place" if letter.multi_place else "denunciation.initial"
    if letter.kind == Kind.PETITION:
        return "reception.answer"
    return "letter.handling"


def forward_code(letter: Letter) -> str:
    return "denunciation.forward" if letter.kind == Kind.DENUNCIATION else "letter.handling"


def deadline(letter: Letter, code: str, started_on: dt.date) -> dt.date | None:
    return clock_deadline(code=code, agency=letter.agency, started_on=started_on)


def allowed_extensions(letter: Letter) -> int:
    """Law 25/2018 Art. 30: once for a complex case, twice for an especially complex one,
    never more than the rule in force allows."""
    if letter.kind != Kind.DENUNCIATION or letter.accepted_on is None:
        return 0
    rule = clock_rule_in_force(
        code=resolution_code(letter), agency=letter.agency, on=letter.accepted_on
    )
    wanted = {Complexity.NORMAL: 0, Complexity.COMPLEX: 1, Complexity.ESPECIALLY: 2}
    return min(rule.max_extensions, wanted[Complexity(letter.complexity)])


def resolution_due(letter: Letter) -> dt.date | None:
    """The resolution deadline from acceptance, suspensions and extensions; ``None`` while
    suspended."""
    assert letter.accepted_on is not None
    pauses = [ClockPause(p.stopped_on, p.resumed_on) for p in letter.pauses.all()]
    return clock_deadline(
        code=resolution_code(letter),
        agency=letter.agency,
        started_on=letter.accepted_on,
        pauses=pauses,
        extensions=letter.extensions.count(),
    )


def timeliness(done: dt.date, due: dt.date | None) -> str:
    return Timeliness.ON_TIME if due is None or done <= due else Timeliness.LATE


def search_text(letter: Letter, names: list[str]) -> str:
    return fold(" ".join([letter.code, letter.matter, letter.content, *names]))


def seal_for(owner: Any, identity: vault.Identity) -> None:
    """Store ``identity`` encrypted for a letter or a visit, replacing what was there."""
    field = "letter" if isinstance(owner, Letter) else "visit"
    SealedIdentity.objects.update_or_create(
        **{field: owner}, defaults={"token": vault.seal(identity)}
    )


def identity_of(letter: Letter) -> vault.Identity | None:
    sealed = SealedIdentity.objects.filter(letter=letter).first()
    return vault.unseal(sealed.token) if sealed is not None else None


def scrub(letter: Letter, *texts: str) -> list[str]:
    """Free text written about a protected letter (reasons, notes, outcomes), redacted with
    the people in its vault: a handler who types the denouncer's name does not publish it."""
    identity = identity_of(letter) if letter.protected else None
    if identity is None:
        return [t.strip() for t in texts]
    return [vault.redact(t.strip(), identity.people) for t in texts]


def protect_visit(visit: Visit) -> None:
    """A visit whose letter became protected: its citizens go into the vault and its texts
    are redacted (the register must not name a denouncer either)."""
    people = vault.people_from_lines(f"{visit.visitors}\n{visit.representatives}")
    seal_for(visit, vault.Identity(people=people))
    visit.protected = True
    visit.visitors = visit.representatives = ""
    for field in ("matter", "documents", "answer", "follow_up"):
        setattr(visit, field, vault.redact(getattr(visit, field), people))
    visit.search_text = fold(visit.matter)
    visit.save(
        update_fields=[
            "protected",
            "visitors",
            "representatives",
            "matter",
            "documents",
            "answer",
            "follow_up",
            "search_text",
        ]
    )
    audit_record(
        actor=None,
        agency=visit.agency,
        verb="visit.protect",
        obj=visit,
        changes={"protected": [False, True]},
    )


def save(
    letter: Letter,
    actor: User | None,
    verb: str,
    before: dict[str, Any],
    fields: list[str],
    extra: dict[str, Any] | None = None,
) -> Letter:
    """Save ``fields`` and append the audit event with what changed (never identity data)."""
    letter.revision += 1
    letter.save(update_fields=[*fields, "revision"])
    changes = {
        k: [before[k], getattr(letter, k)] for k in before if before[k] != getattr(letter, k)
    }
    audit_record(
        actor=actor,
        agency=letter.agency,
        verb=verb,
        obj=letter,
        changes={**changes, **(extra or {})},
    )
    return letter


def lock(letter: Letter, revision: int | None) -> Letter:
    """Lock the letter's row for the rest of the transaction and refuse the action when the
    letter changed since the officer read it (``revision`` as shown on their page)."""
    fresh = Letter.objects.select_for_update().only("pk", "revision").get(pk=letter.pk)
    if revision is not None and revision != fresh.revision:
        raise DomainError(
            "stale",
            _("This letter was changed by someone else. Reload it and try again."),
            status=409,
        )
    return fresh


def snapshot(letter: Letter, *fields: str) -> dict[str, Any]:
    return {f: getattr(letter, f) for f in ("state", *fields)}


def notify(to: list[str], subject: str, body: str) -> None:
    """Mail people through the job queue after the commit. Never pass identity data here."""
    recipients = [t for t in to if t]
    if not recipients:
        return
    from danchu.core.jobs import send_mail_job

    transaction.on_commit(lambda: send_mail_job.enqueue(subject=subject, body=body, to=recipients))
