"""Reception sessions and the visit register (Law 42/2013 Art. 18, 25, 28)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from danchu.core.audit import audit_record
from danchu.core.errors import DomainError
from danchu.core.models import Agency, Membership, Role, User
from danchu.core.selectors import clock_deadline
from danchu.core.services import require
from danchu.core.text import fold
from danchu.letters import vault
from danchu.letters.models import (
    GROUP_SIZE,
    MAX_PEOPLE,
    ReceptionSession,
    SealedIdentity,
    SessionKind,
    Visit,
)
from danchu.letters.services.common import next_number, seal_for, today


def _member_of(person: User, agency: Agency, on: dt.date, roles: set[str] | None = None) -> bool:
    org = agency.organisation or agency
    q = Membership.objects.active(on).filter(person=person, agency__path__startswith=org.path)
    if roles is not None:
        q = q.filter(role__in=roles, agency=org)
    return q.exists()


@transaction.atomic
def reception_session_create(
    *,
    actor: User | None,
    agency: Agency,
    kind: str,
    held_on: dt.date,
    place: str,
    host: User,
    note: str = "",
) -> ReceptionSession:
    """Record a session. The head's day is held by the head of the organisation in person."""
    require(actor, "letters.receive", agency)
    errors: dict[str, list[str]] = {}
    if held_on > today():
        errors["held_on"] = [_("A session is recorded once it has been held.")]
    if kind == SessionKind.HEAD and not _member_of(host, agency, held_on, {Role.HEAD}):
        errors["host"] = [_("The head's reception day is held by the head in person.")]
    elif not _member_of(host, agency, held_on):
        errors["host"] = [_("This person does not work in this organisation.")]
    if not place.strip():
        errors["place"] = [_("Say where the session was held.")]
    if errors:
        raise DomainError("invalid", next(iter(errors.values()))[0], fields=errors)
    session = ReceptionSession.objects.create(
        agency=agency.organisation or agency,
        kind=kind,
        held_on=held_on,
        place=place.strip(),
        host=host,
        note=note,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        agency=session.agency,
        verb="reception_session.create",
        obj=session,
        changes={"kind": [None, kind], "held_on": [None, held_on], "host": [None, host.pk]},
    )
    return session


@transaction.atomic
def visit_create(
    *,
    actor: User | None,
    agency: Agency,
    received_on: dt.date,
    received_by: User,
    matter: str,
    visitors: str,
    people_count: int = 1,
    representatives: str = "",
    protected: bool = False,
    session: ReceptionSession | None = None,
    documents: str = "",
    answer: str = "",
    follow_up: str = "",
    answered_on: dt.date | None = None,
) -> Visit:
    """Enter a visit in the register. The answer is due within the ``reception.answer`` rule
    (10 working days); an answer given on the spot is recorded with ``answered_on``. A
    protected visit keeps the citizens' names only in the vault."""
    require(actor, "letters.receive", agency)
    org = agency.organisation or agency
    errors: dict[str, list[str]] = {}
    if received_on > today():
        errors["received_on"] = [_("A visit is recorded once it has happened.")]
    if not matter.strip():
        errors["matter"] = [_("Say what the citizens came about.")]
    if not visitors.strip():
        errors["visitors"] = [_("Name the citizens received.")]
    if not 1 <= people_count <= MAX_PEOPLE:
        errors["people_count"] = [
            _("Between 1 and %(max)d people are received at once.") % {"max": MAX_PEOPLE}
        ]
    elif people_count >= GROUP_SIZE and not representatives.strip():
        errors["representatives"] = [
            _("A group of %(n)d or more names its representatives.") % {"n": GROUP_SIZE}
        ]
    if session is not None and (session.agency_id != org.pk or session.held_on != received_on):
        errors["session"] = [_("The session must be this organisation's, on the same day.")]
    if answered_on is not None and (answered_on < received_on or answered_on > today()):
        errors["answered_on"] = [_("The answer date is between the visit and today.")]
    if errors:
        raise DomainError("invalid", next(iter(errors.values()))[0], fields=errors)
    year = received_on.year
    people = vault.people_from_lines(visitors)
    reps = vault.people_from_lines(representatives)
    if protected:
        matter, documents, answer, follow_up = (
            vault.redact(t, people + reps) for t in (matter, documents, answer, follow_up)
        )
    visit = Visit.objects.create(
        agency=org,
        session=session,
        number=next_number(org, f"visit:{year}"),
        year=year,
        received_on=received_on,
        received_by=received_by,
        people_count=people_count,
        visitors="" if protected else visitors.strip(),
        representatives="" if protected else representatives.strip(),
        protected=protected,
        matter=matter.strip(),
        documents=documents,
        answer=answer,
        follow_up=follow_up,
        answer_due_on=clock_deadline(code="reception.answer", agency=org, started_on=received_on),
        answered_on=answered_on,
    )
    if protected:
        seal_for(visit, vault.Identity(people=people + reps))
    visit.search_text = fold(f"{visit.matter} {visit.visitors} {visit.representatives}")
    visit.save(update_fields=["search_text"])
    audit_record(
        actor=actor,
        agency=org,
        verb="visit.create",
        obj=visit,
        changes={"received_on": [None, received_on], "people_count": [None, people_count]},
    )
    return visit


@transaction.atomic
def visit_answer(
    *, actor: User | None, visit: Visit, answer: str, answered_on: dt.date, follow_up: str = ""
) -> Visit:
    """Record the answer given to the citizens after the visit."""
    require(actor, "letters.receive", visit)
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    errors: dict[str, list[str]] = {}
    if not answer.strip():
        errors["answer"] = [_("Write the answer given.")]
    if answered_on < visit.received_on or answered_on > today():
        errors["answered_on"] = [_("The answer date is between the visit and today.")]
    if errors:
        raise DomainError("invalid", next(iter(errors.values()))[0], fields=errors)
    before = visit.answered_on
    if visit.protected:
        sealed = SealedIdentity.objects.filter(visit=visit).first()
        people = vault.unseal(sealed.token).people if sealed else []
        answer, follow_up = vault.redact(answer, people), vault.redact(follow_up, people)
    visit.answer, visit.answered_on, visit.follow_up = answer, answered_on, follow_up
    visit.save(update_fields=["answer", "answered_on", "follow_up"])
    audit_record(
        actor=actor,
        agency=visit.agency,
        verb="visit.answer",
        obj=visit,
        changes={"answered_on": [before, answered_on]},
    )
    return visit
