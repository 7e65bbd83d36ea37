"""A letter's arrival and first handling: intake from any channel, classification and
eligibility, splitting a mixed letter, assignment and forwarding to the competent body."""

from __future__ import annotations

import base64
import datetime as dt
import functools
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from danchu.core import uploads
from danchu.core.errors import DomainError, invalid
from danchu.core.models import Agency, Membership, Role, User
from danchu.core.services import require
from danchu.letters import vault
from danchu.letters.models import (
    Channel,
    ComplaintSubject,
    Eligibility,
    Instance,
    Kind,
    Letter,
    LetterFile,
    SealedIdentity,
    Signatory,
    State,
    Visit,
)
from danchu.letters.services.common import (
    check_transition,
    deadline,
    forward_code,
    handling_code,
    letter_code,
    next_number,
    notify,
    protect_visit,
    save,
    scrub,
    seal_for,
    search_text,
    snapshot,
    timeliness,
    today,
)

MAX_SCAN = 20 * uploads.MB  # a letter's scans and attachments: PDF or images


@dataclass
class ScanIn:
    name: str
    content_type: str
    data: bytes


def _visit_identity(visit: Visit) -> list[vault.Person]:
    if visit.protected:
        sealed = SealedIdentity.objects.filter(visit=visit).first()
        return vault.unseal(sealed.token).people if sealed else []
    return vault.people_from_lines(f"{visit.visitors}\n{visit.representatives}")


@transaction.atomic
def letter_receive(
    *,
    actor: User | None,
    agency: Agency,
    received_on: dt.date,
    channel: str,
    matter: str,
    content: str = "",
    signatories: list[vault.Person] | None = None,
    kind: str,
    protected: bool = False,
    source_body: str = "",
    visit: Visit | None = None,
    scans: list[ScanIn] | None = None,
    idempotency_key: str = "",
) -> Letter:
    """Register a letter. Its ``kind`` is said at once, so that a denunciation — or a mixed
    letter, which may hold one — is protected before anything is written; anyone else may ask
    for protection. A protected letter's signatories, original text and scans go to the vault
    and the letter keeps the redacted copy; a visit it comes from is protected with it. The
    same ``idempotency_key`` returns the letter already registered."""
    require(actor, "letters.receive", agency)
    org = agency.organisation or agency
    if idempotency_key:
        existing = Letter.objects.filter(agency=org, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    people = list(signatories or [])
    if visit is not None:
        if visit.agency_id != org.pk:
            raise DomainError("invalid", _("This visit is not this organisation's."))
        people = people or _visit_identity(visit)
        protected = protected or visit.protected
        channel = Channel.VISIT
    protected = protected or kind in (Kind.DENUNCIATION, Kind.MIXED)
    errors: dict[str, list[str]] = {}
    if received_on > today():
        errors["received_on"] = [_("A letter cannot be received in the future.")]
    if channel not in Channel.values:
        errors["channel"] = [_("Choose a channel.")]
    if channel == Channel.FORWARDED and not source_body.strip():
        errors["source_body"] = [_("Name the body that forwarded the letter.")]
    if not matter.strip():
        errors["matter"] = [_("Summarise what the letter is about.")]
    if kind not in (Kind.PETITION, Kind.COMPLAINT, Kind.DENUNCIATION, Kind.MIXED):
        errors["kind"] = [_("Choose a kind.")]
    for i, p in enumerate(people, start=1):
        if not p.name.strip():
            errors["signatories"] = [_("Signatory %(n)d has no name.") % {"n": i}]
    errors |= uploads.upload_errors(
        [uploads.FileIn(s.name, s.data) for s in scans or []],
        kinds=(*uploads.PDF, *uploads.IMAGES),
        max_bytes=MAX_SCAN,
        field="scan",
    )
    invalid(errors)
    copy_matter, copy_content = matter.strip(), content.strip()
    if protected:
        copy_matter = vault.redact(copy_matter, people)
        copy_content = vault.redact(copy_content, people)
    letter = Letter(
        agency=org,
        code=letter_code(org, received_on),
        received_on=received_on,
        channel=channel,
        source_body=source_body.strip(),
        visit=visit,
        matter=copy_matter,
        content=copy_content,
        signatory_count=len(people),
        protected=protected,
        sealed_files=len(scans or []) if protected else 0,
        kind=kind,
        eligibility=Eligibility.ANONYMOUS if not people else Eligibility.PENDING,
        state=State.RECEIVED,
        idempotency_key=idempotency_key,
        created_by=actor,
    )
    letter.handling_due_on = deadline(letter, handling_code(letter), received_on)
    letter.search_text = search_text(letter, [] if protected else [p.name for p in people])
    try:
        with transaction.atomic():  # a savepoint: a concurrent retry may have inserted it
            letter.save()
    except IntegrityError:
        existing = Letter.objects.filter(agency=org, idempotency_key=idempotency_key).first()
        if idempotency_key and existing is not None:
            return existing
        raise
    if visit is not None and protected and not visit.protected:
        protect_visit(visit)
    if protected:
        seal_for(
            letter,
            vault.Identity(
                people=people,
                content=content.strip(),
                scans=[
                    vault.Scan(
                        s.name, uploads.content_type(s.name), base64.b64encode(s.data).decode()
                    )
                    for s in scans or []
                ],
            ),
        )
    else:
        Signatory.objects.bulk_create(
            Signatory(
                letter=letter,
                order=i,
                name=p.name.strip(),
                address=p.address,
                id_number=p.id_number,
                phone=p.phone,
                email=p.email,
                is_representative=p.is_representative,
            )
            for i, p in enumerate(people, start=1)
        )
        for scan in scans or []:
            stored = LetterFile(
                letter=letter,
                name=scan.name,
                content_type=uploads.content_type(scan.name),
                size=len(scan.data),
            )
            stored.file.save(scan.name, ContentFile(scan.data), save=True)
    return save(
        letter,
        actor,
        "letter.receive",
        {"state": None, "kind": None},
        [],
        extra={"channel": [None, channel], "protected": [None, protected]},
    )


def _protect(letter: Letter) -> None:
    """Move an unprotected letter's signatories into the vault (it became a denunciation)."""
    people = [
        vault.Person(
            name=s.name,
            address=s.address,
            id_number=s.id_number,
            phone=s.phone,
            email=s.email,
            is_representative=s.is_representative,
        )
        for s in letter.signatories.all()
    ]
    files = list(letter.files.all())
    scans = []
    for f in files:
        with f.file.open("rb") as handle:
            scans.append(
                vault.Scan(f.name, f.content_type, base64.b64encode(handle.read()).decode())
            )
    seal_for(letter, vault.Identity(people=people, content=letter.content, scans=scans))
    letter.signatories.all().delete()
    letter.files.all().delete()
    letter.sealed_files += len(files)
    for f in files:  # the clear copies go once the vault's copy is committed
        transaction.on_commit(functools.partial(default_storage.delete, f.file.name), robust=True)
    letter.protected = True
    letter.matter = vault.redact(letter.matter, people)
    letter.content = vault.redact(letter.content, people)
    if letter.visit is not None and not letter.visit.protected:
        protect_visit(letter.visit)


@transaction.atomic
def letter_classify(
    *,
    actor: User | None,
    letter: Letter,
    kind: str,
    eligibility: str,
    eligibility_note: str = "",
    instance: str = "",
    complaint_subject: str = "",
    contested_act: str = "",
    known_on: dt.date | None = None,
    duplicate_of: Letter | None = None,
    multi_place: bool = False,
    remote: bool = False,
) -> Letter:
    """Say what the letter is and whether it can be handled here. Sets the first deadline
    from the rule in force on the day of receipt; a not-competent letter gets its forwarding
    deadline. A complaint needs its contested decision or act, its instance, and must be
    within the filing limit to be eligible."""
    require(actor, "letters.receive", letter)
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    check_transition(letter, "classify")
    before = snapshot(
        letter, "kind", "eligibility", "handling_due_on", "forward_due_on", "protected"
    )
    errors: dict[str, list[str]] = {}
    if kind not in (Kind.PETITION, Kind.COMPLAINT, Kind.DENUNCIATION, Kind.MIXED):
        errors["kind"] = [_("Choose what the letter is.")]
    if kind == Kind.MIXED:
        errors["kind"] = [_("A mixed letter is split into its parts; use “Split”.")]
    if eligibility not in Eligibility.values or eligibility == Eligibility.PENDING:
        errors["eligibility"] = [_("Say whether the letter can be handled here.")]
    if eligibility == Eligibility.DUPLICATE:
        if duplicate_of is None:
            errors["duplicate_of"] = [_("Give the earlier letter on the same matter.")]
        elif duplicate_of.agency_id != letter.agency_id or duplicate_of.pk == letter.pk:
            errors["duplicate_of"] = [_("The earlier letter must be another of this unit's.")]
    if eligibility == Eligibility.ANONYMOUS and letter.signatory_count:
        errors["eligibility"] = [_("The letter is signed; it is not anonymous.")]
    if (
        eligibility == Eligibility.ELIGIBLE
        and not letter.signatory_count
        and kind in (Kind.COMPLAINT, Kind.DENUNCIATION)
    ):
        errors["eligibility"] = [
            _("An unsigned complaint or denunciation is not handled: mark it anonymous.")
        ]
    explained = (Eligibility.ELIGIBLE, Eligibility.PENDING, Eligibility.DUPLICATE)
    if eligibility not in explained and not eligibility_note.strip():
        errors["eligibility_note"] = [_("Write why the letter is not handled here.")]
    if kind == Kind.COMPLAINT:
        if not contested_act.strip():
            errors["contested_act"] = [
                _("A complaint must name the administrative decision or act it contests.")
            ]
        if instance not in Instance.values:
            errors["instance"] = [_("Say whether this is a first or second complaint.")]
        if complaint_subject not in ComplaintSubject.values:
            errors["complaint_subject"] = [_("Say what the complaint is about.")]
        if known_on is None:
            errors["known_on"] = [_("Give the day the complainant knew of the decision or act.")]
        elif known_on > letter.received_on:
            errors["known_on"] = [_("That day cannot be after the letter was received.")]
        elif eligibility == Eligibility.ELIGIBLE:
            limit = deadline(letter, "complaint.filing_limit", known_on)
            if limit is not None and letter.received_on > limit:
                errors["eligibility"] = [
                    _(
                        "The complaint was filed after the %(days)s-day limit (%(limit)s): "
                        "mark it out of time."
                    )
                    % {"days": (limit - known_on).days, "limit": limit.strftime("%d/%m/%Y")}
                ]
    invalid(errors)
    letter.kind = kind
    letter.eligibility = eligibility
    letter.eligibility_note = eligibility_note.strip()
    letter.instance = instance if kind == Kind.COMPLAINT else ""
    letter.complaint_subject = complaint_subject if kind == Kind.COMPLAINT else ""
    letter.contested_act = contested_act.strip() if kind == Kind.COMPLAINT else ""
    letter.known_on = known_on if kind == Kind.COMPLAINT else None
    letter.duplicate_of = duplicate_of if eligibility == Eligibility.DUPLICATE else None
    letter.multi_place = multi_place and kind == Kind.DENUNCIATION
    letter.remote = remote and kind == Kind.COMPLAINT
    letter.state = State.CLASSIFIED
    if kind == Kind.DENUNCIATION and not letter.protected:
        _protect(letter)
    letter.eligibility_note, letter.contested_act = scrub(
        letter, letter.eligibility_note, letter.contested_act
    )
    letter.handling_due_on = deadline(letter, handling_code(letter), letter.received_on)
    letter.forward_due_on = (
        deadline(letter, forward_code(letter), letter.received_on)
        if eligibility == Eligibility.NOT_COMPETENT
        else None
    )
    names = [] if letter.protected else [s.name for s in letter.signatories.all()]
    letter.search_text = search_text(letter, names)
    return save(
        letter,
        actor,
        "letter.classify",
        before,
        [
            "kind",
            "eligibility",
            "eligibility_note",
            "instance",
            "complaint_subject",
            "contested_act",
            "known_on",
            "duplicate_of",
            "multi_place",
            "remote",
            "state",
            "protected",
            "sealed_files",
            "matter",
            "content",
            "handling_due_on",
            "forward_due_on",
            "search_text",
        ],
    )


@transaction.atomic
def letter_split(
    *, actor: User | None, letter: Letter, parts: list[tuple[str, str]]
) -> list[Letter]:
    """Split a mixed letter into parts ``(kind, matter)``; each part is a letter of its own
    (same receipt, signatories and protection) to be classified; the mixed letter is not
    counted itself."""
    require(actor, "letters.receive", letter)
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    check_transition(letter, "split")
    kinds = {Kind.PETITION, Kind.COMPLAINT, Kind.DENUNCIATION}
    if len(parts) < 2 or any(k not in kinds or not m.strip() for k, m in parts):
        message = _("Give at least two parts, each with its kind and its matter.")
        raise DomainError("invalid", message, fields={"parts": [message]})
    before = snapshot(letter, "kind", "protected")
    if not letter.protected and any(k == Kind.DENUNCIATION for k, _m in parts):
        # The denouncer signs the other parts too: the whole letter goes into the vault.
        _protect(letter)
    sealed = SealedIdentity.objects.filter(letter=letter).first()
    identity = vault.unseal(sealed.token) if sealed else None
    people = identity.people if identity else []
    signatories = list(letter.signatories.all())
    created: list[Letter] = []
    for kind, matter in parts:
        part = Letter(
            agency=letter.agency,
            code=f"{letter.code}.{len(created) + 1}",
            received_on=letter.received_on,
            channel=letter.channel,
            source_body=letter.source_body,
            visit=letter.visit,
            parent=letter,
            matter=vault.redact(matter.strip(), people) if letter.protected else matter.strip(),
            content=letter.content,
            signatory_count=letter.signatory_count,
            protected=letter.protected,
            kind=kind,
            eligibility=letter.eligibility,
            state=State.RECEIVED,
            created_by=actor,
        )
        part.handling_due_on = deadline(part, handling_code(part), part.received_on)
        part.search_text = search_text(
            part, [] if part.protected else [s.name for s in signatories]
        )
        part.save()
        if identity is not None:
            seal_for(part, identity)
        else:
            Signatory.objects.bulk_create(
                Signatory(
                    letter=part,
                    order=s.order,
                    name=s.name,
                    address=s.address,
                    id_number=s.id_number,
                    phone=s.phone,
                    email=s.email,
                    is_representative=s.is_representative,
                )
                for s in signatories
            )
        save(part, actor, "letter.receive", {"state": None}, [], extra={"part_of": letter.code})
        created.append(part)
    letter.kind, letter.state = Kind.MIXED, State.SPLIT
    letter.search_text = search_text(letter, [s.name for s in signatories])
    save(
        letter,
        actor,
        "letter.split",
        before,
        ["kind", "state", "protected", "sealed_files", "matter", "content", "search_text"],
        extra={"parts": len(created)},
    )
    return created


LEADERS = (Role.HEAD, Role.DEPUTY_HEAD, Role.DIVISION_HEAD)


def case_people_errors(letter: Letter, handler: User, leader: User) -> dict[str, list[str]]:
    """The handling officer works in the organisation; the accountable leader leads in it
    (the head, a deputy or a division head)."""
    active = Membership.objects.active(today()).filter(agency__path__startswith=letter.agency.path)
    errors: dict[str, list[str]] = {}
    if not active.filter(person=handler).exists():
        errors["handler"] = [_("The handling officer must work in this organisation.")]
    if not active.filter(person=leader, role__in=LEADERS).exists():
        errors["leader"] = [
            _(
                "The accountable leader is the head, a deputy or a division head of this "
                "organisation."
            )
        ]
    return errors


@transaction.atomic
def letter_assign(*, actor: User | None, letter: Letter, handler: User, leader: User) -> Letter:
    """Give the letter its one handling officer and one accountable leader (both of the
    organisation); they are told by mail."""
    require(actor, "letters.assign", letter)
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    check_transition(letter, "assign")
    invalid(case_people_errors(letter, handler, leader))
    before = snapshot(letter, "handler_id", "leader_id")
    letter.handler, letter.leader = handler, leader
    notify(
        [handler.email, leader.email],
        _("[%(code)s] A letter is assigned to you") % {"code": letter.code},
        _("Letter %(code)s is assigned to you. Due: %(due)s.")
        % {
            "code": letter.code,
            "due": letter.current_due_on.strftime("%d/%m/%Y") if letter.current_due_on else "—",
        },
    )
    return save(letter, actor, "letter.assign", before, ["handler", "leader"])


@transaction.atomic
def letter_forward(
    *, actor: User | None, letter: Letter, forwarded_to: str, forwarded_on: dt.date
) -> Letter:
    """Forward a letter that is not within our competence, with a numbered forwarding slip
    (its Word file is made from the letter). Late when after the forwarding deadline."""
    require(actor, "letters.handle", letter)
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    check_transition(letter, "forward")
    errors: dict[str, list[str]] = {}
    if letter.eligibility != Eligibility.NOT_COMPETENT:
        errors["eligibility"] = [_("Only a letter outside our competence is forwarded.")]
    if not forwarded_to.strip():
        errors["forwarded_to"] = [_("Name the competent body.")]
    if forwarded_on < letter.received_on or forwarded_on > today():
        errors["forwarded_on"] = [_("The date is between the receipt and today.")]
    invalid(errors)
    before = snapshot(letter, "forwarded_to", "forwarded_on")
    letter.forwarded_to, letter.forwarded_on = forwarded_to.strip(), forwarded_on
    letter.forward_slip_number = next_number(letter.agency, f"forward:{forwarded_on.year}")
    letter.state, letter.settled_on = State.FORWARDED, forwarded_on
    letter.timeliness = timeliness(forwarded_on, letter.forward_due_on)
    return save(
        letter,
        actor,
        "letter.forward",
        before,
        [
            "forwarded_to",
            "forwarded_on",
            "forward_slip_number",
            "state",
            "settled_on",
            "timeliness",
        ],
    )
