"""Writes of the staff conference, its polls, its resolution and the dialogues: each checks
permission, validates, writes and audits in one transaction.

The clock is ``now()``: the time of the request, or the time a past conference is typed in
from its minutes (``as_of``, used by the demo and by imports — the checks are the same).
Thresholds come from the vote rules in force (``VoteRule``), deadlines from the clock rules
(``conference.annual``, ``conference.resolution_review``, ``dialogue.interval``)."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import hashlib
import hmac
import json
import random
import secrets
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext as _

from danchu.conference.models import (
    AGENDA_ORDER,
    AgendaItem,
    AgendaKind,
    Attendance,
    Ballot,
    BallotReceipt,
    Base,
    Candidate,
    Choice,
    Comparator,
    Conference,
    ConferenceDocument,
    ConferenceKind,
    ConferenceRequest,
    ConferenceState,
    Delegate,
    Dialogue,
    DialogueReason,
    DialogueState,
    NamedVote,
    PaperCount,
    PaperCountChange,
    Poll,
    PollKind,
    PollMethod,
    PollRoll,
    PollState,
    Question,
    RequestedBy,
    RequestSignature,
    Resolution,
    ResolutionReview,
    TieRule,
    Upvote,
    VoteRule,
)
from danchu.conference.models import Counter as NumberSequence
from danchu.core import counters, uploads
from danchu.core.audit import as_created, audit_record
from danchu.core.errors import DomainError, Forbidden, NotFound, invalid
from danchu.core.models import Agency, Membership, Role, User
from danchu.core.selectors import clock_deadline
from danchu.core.services.common import require
from danchu.core.text import fold
from danchu.core.uploads import FileIn

SMALL_UNIT = 7  # Art. 49: no obligation to hold the conference at 7 staff or fewer
DELEGATES_FROM = 100  # Art. 49: delegates may be used from 100 staff
BOARD_SEATS = (3, 9)  # Art. 60: 3 to 9 members; more for a large or dispersed unit
LARGE_BOARD_SEATS = 15
SEALED_SIZE = 512  # bytes of a ballot's content before sealing (15 marks take about 200)

_as_of: contextvars.ContextVar[dt.datetime | None] = contextvars.ContextVar("as_of", default=None)


def now() -> dt.datetime:
    return _as_of.get() or timezone.now()


def today() -> dt.date:
    return timezone.localdate(now())


@contextlib.contextmanager
def as_of(moment: dt.datetime) -> Iterator[None]:
    """Record a past conference from its minutes as if on ``moment`` (the demo, imports)."""
    token = _as_of.set(moment)
    try:
        yield
    finally:
        _as_of.reset(token)


def _org(agency: Agency) -> Agency:
    return agency.organisation or agency


def _record(
    actor: User | None, agency: Agency, verb: str, obj: Any, changes: dict[str, Any]
) -> None:
    audit_record(actor=actor, agency=agency, verb=verb, obj=obj, changes=changes)


def _stored(message: str) -> str:
    """A text written into the records (a title, a note, an authority): in Vietnamese, the
    language of the records, whatever the language of the person's screen."""
    with translation.override("vi"):
        return gettext(message)


def _too_long(**values: str) -> dict[str, list[str]]:
    """Text fields longer than their column (255 characters)."""
    return {
        name: [_("At most %(n)d characters.") % {"n": 255}]
        for name, value in values.items()
        if len(value or "") > 255
    }


def _vn(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


# --- majority rules ---------------------------------------------------------------------------


def vote_rule(code: str, org: Agency, on: dt.date) -> VoteRule:
    """The rule in force on ``on``: the agency's own if it has one, else the statutory one."""
    found = (
        VoteRule.objects.filter(code=code, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .filter(Q(agency=org) | Q(agency__isnull=True))
        .order_by(F("agency_id").desc(nulls_last=True), "-effective_from")
        .first()
    )
    if found is None:
        raise DomainError(
            "no_rule",
            _("No vote rule “%(code)s” is in force on %(day)s.") % {"code": code, "day": _vn(on)},
        )
    return found


def passes(count: int, base: int, comparator: str, numerator: int, denominator: int) -> bool:
    """``count`` reaches ``comparator numerator/denominator`` of ``base``, in integers."""
    if comparator == Comparator.MORE_THAN:
        return count * denominator > base * numerator
    return count * denominator >= base * numerator


def needed(base: int, comparator: str, numerator: int, denominator: int) -> int:
    """The smallest count that passes."""
    least = base * numerator // denominator
    while least > 0 and passes(least - 1, base, comparator, numerator, denominator):
        least -= 1
    while not passes(least, base, comparator, numerator, denominator):
        least += 1
    return least


@dataclass(frozen=True)
class Quorum:
    present: int
    summoned: int
    needed: int

    @property
    def reached(self) -> bool:
        return self.present >= self.needed


def quorum(conference: Conference) -> Quorum:
    rule = vote_rule("conference.quorum", conference.agency, conference.held_on)
    summoned = conference.roll.count()
    present = conference.roll.filter(checked_in_at__isnull=False).count()
    return Quorum(
        present, summoned, needed(summoned, rule.comparator, rule.numerator, rule.denominator)
    )


def _no_quorum(q: Quorum) -> str:
    return _(
        "No quorum: %(present)d present of %(summoned)d summoned; at least %(needed)d are "
        "needed (2/3, Law 10/2022 Art. 50)."
    ) % {"present": q.present, "summoned": q.summoned, "needed": q.needed}


# --- staff and eligibility --------------------------------------------------------------------


def staff(org: Agency, on: dt.date | None = None) -> dict[int, Agency]:
    """Everyone working in the organisation on ``on``: person id → their deepest unit."""
    found: dict[int, tuple[int, Agency]] = {}
    rows = (
        Membership.objects.active(on or today())
        .filter(agency__path__startswith=org.path, person__is_active=True)
        .select_related("agency")
        .order_by("person_id", "-agency__depth", "agency_id")
    )
    for m in rows:
        if m.person_id not in found:
            found[m.person_id] = (m.agency.depth, m.agency)
    return {pk: unit for pk, (_depth, unit) in found.items()}


def board_ineligibility(org: Agency, person: User, on: dt.date) -> str:
    """Why ``person`` cannot be elected to the board, or "" (Law 10/2022 Art. 60: not the
    head, a deputy head or the chief accountant; working in the unit)."""
    held = Membership.objects.active(on).filter(person=person, agency__path__startswith=org.path)
    if not held.exists() or not person.is_active:
        return _("%(name)s does not work in the unit.") % {"name": person}
    if held.filter(role__in=[Role.HEAD, Role.DEPUTY_HEAD]).exists():
        return _("%(name)s is the head or a deputy head and cannot sit on the board.") % {
            "name": person
        }
    if any("ke toan truong" in fold(m.position) for m in held):
        return _("%(name)s is the chief accountant and cannot sit on the board.") % {"name": person}
    return ""


# --- requests for an extraordinary conference -------------------------------------------------


@transaction.atomic
def request_open(*, actor: User, agency: Agency, subject: str, reason: str) -> ConferenceRequest:
    """A member of staff opens a request for an extraordinary conference and signs it first."""
    org = _org(agency)
    require(actor, "conference.sign", org)
    errors: dict[str, list[str]] = {}
    if not subject.strip():
        errors["subject"] = [_("Say what the conference should decide.")]
    if not reason.strip():
        errors["reason"] = [_("Give the reason for an extraordinary conference.")]
    errors |= _too_long(subject=subject)
    invalid(errors)
    request = ConferenceRequest.objects.create(
        agency=org,
        subject=subject.strip(),
        reason=reason.strip(),
        opened_by=actor,
        opened_on=today(),
        staff=len(staff(org)),
    )
    _record(
        actor, org, "conference_request.open", request, as_created({"subject": request.subject})
    )
    request_sign(actor=actor, request=request)
    return request


@transaction.atomic
def request_sign(*, actor: User, request: ConferenceRequest) -> ConferenceRequest:
    require(actor, "conference.sign", request)
    request = ConferenceRequest.objects.select_for_update().get(pk=request.pk)
    if actor.pk not in staff(request.agency):
        invalid({"__all__": [_("Only someone working in the unit can sign.")]})
    if RequestSignature.objects.filter(request=request, person=actor).exists():
        invalid({"__all__": [_("You have already signed this request.")]})
    RequestSignature.objects.create(request=request, person=actor, signed_on=today())
    signed = request.signatures.count()
    rule = vote_rule("conference.request", request.agency, today())
    if request.reached_on is None and passes(
        signed, request.staff, rule.comparator, rule.numerator, rule.denominator
    ):
        request.reached_on = today()
        request.save(update_fields=["reached_on"])
    _record(
        actor, request.agency, "conference_request.sign", request, {"signed": [signed - 1, signed]}
    )
    return request


# --- convocation ------------------------------------------------------------------------------


def annual_deadline(org: Agency, year: int) -> dt.date:
    due = clock_deadline(code="conference.annual", agency=org, started_on=dt.date(year, 12, 31))
    assert due is not None
    return due


def _code(taken: set[str]) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
    while True:
        code = "".join(secrets.choice(alphabet) for _ in range(6))
        if code not in taken:
            taken.add(code)
            return code


DEFAULT_AGENDA = {
    AgendaKind.HEAD_REPORT: "Báo cáo kết quả thực hiện nhiệm vụ năm, tự đánh giá và phương hướng",
    AgendaKind.UNION_REPORT: "Báo cáo của Ban Chấp hành Công đoàn về việc thực hiện nghị quyết",
    AgendaKind.DISCUSSION: "Thảo luận",
    AgendaKind.ANSWERS: "Người đứng đầu giải trình, trả lời ý kiến",
    AgendaKind.BOARD_REPORT: "Báo cáo của Ban Thanh tra nhân dân",
    AgendaKind.DECISIONS: "Biểu quyết các nội dung thuộc thẩm quyền của Hội nghị",
    AgendaKind.EMULATION: "Phát động thi đua",
    AgendaKind.SIGNING: "Ký kết giao ước thi đua",
    AgendaKind.RESOLUTION: "Thông qua nghị quyết Hội nghị",
}


@transaction.atomic
def conference_convene(
    *,
    actor: User | None,
    agency: Agency,
    kind: str,
    year: int,
    title: str,
    held_on: dt.date,
    starts_at: dt.time,
    place: str,
    chair: User,
    secretary: User,
    delegates: Sequence[User] = (),
    late_reason: str = "",
    requested_by: str = "",
    request: ConferenceRequest | None = None,
) -> Conference:
    """Convene a conference: all staff are summoned where the unit has under 100; from 100,
    ``delegates`` chosen per unit may be given instead. An annual conference is held within
    the rule's months after its work year (by 31 March) unless a reason is given; an
    extraordinary one is asked for by the head, the union or at least 1/3 of staff."""
    org = _org(agency)
    require(actor, "conference.convene", org)
    Agency.objects.select_for_update().filter(pk=org.pk).first()  # one convocation at a time
    people = staff(org)
    errors: dict[str, list[str]] = {}
    deadline: dt.date | None = None
    if kind not in ConferenceKind.values:
        errors["kind"] = [_("Choose the kind of conference.")]
    if not title.strip():
        errors["title"] = [_("Give the conference a title.")]
    if not place.strip():
        errors["place"] = [_("Say where it is held.")]
    if held_on is None or held_on < today():
        errors["held_on"] = [_("A conference is convened for today or a later day.")]
    if not 2000 <= (year or 0) <= 2100:
        errors["year"] = [_("Give the work year.")]
    elif kind == ConferenceKind.ANNUAL:
        deadline = annual_deadline(org, year)
        if held_on is not None and held_on < dt.date(year, 1, 1):
            errors["held_on"] = [_("The annual conference is held after its work year starts.")]
        elif held_on is not None and held_on > deadline and not late_reason.strip():
            errors["late_reason"] = [
                _(
                    "The annual conference must be held by %(day)s (3 months after the work "
                    "year, Law 10/2022 Art. 50); give the reason for holding it later."
                )
                % {"day": _vn(deadline)}
            ]
        duplicate = Conference.objects.filter(agency=org, kind=kind, year=year, previous=None)
        if duplicate.exists():
            errors["year"] = [_("The annual conference of this work year is already convened.")]
    if kind == ConferenceKind.EXTRAORDINARY:
        if requested_by not in RequestedBy.values:
            errors["requested_by"] = [_("Say who asked for the extraordinary conference.")]
        elif requested_by == RequestedBy.STAFF and (
            request is None or request.agency_id != org.pk or request.reached_on is None
        ):
            errors["request"] = [_("Choose the staff's request that reached 1/3 of staff.")]
    for field, person in (("chair", chair), ("secretary", secretary)):
        if person is None or person.pk not in people:
            errors[field] = [_("Choose someone working in the unit.")]
    roll: dict[int, Agency]
    if delegates:
        if len(people) < DELEGATES_FROM:
            errors["delegates"] = [
                _("Under %(n)d staff, everyone is summoned (Law 10/2022 Art. 49).")
                % {"n": DELEGATES_FROM}
            ]
        strangers = [p for p in delegates if p.pk not in people]
        if strangers:
            errors["delegates"] = [_("Only people working in the unit can be delegates.")]
        roll = {p.pk: people[p.pk] for p in delegates if p.pk in people}
    else:
        roll = people
    if not roll:
        errors["__all__"] = [_("Nobody works in this unit yet.")]
    errors |= _too_long(title=title, place=place)
    invalid(errors)
    conference = Conference.objects.create(
        agency=org,
        kind=kind,
        year=year,
        title=title.strip(),
        held_on=held_on,
        starts_at=starts_at,
        place=place.strip(),
        attendance=Attendance.DELEGATES if delegates else Attendance.ALL_STAFF,
        deadline=deadline,
        late_reason=late_reason.strip(),
        requested_by=requested_by if kind == ConferenceKind.EXTRAORDINARY else "",
        request=request if requested_by == RequestedBy.STAFF else None,
        chair=chair,
        secretary=secretary,
        created_by=actor,
    )
    taken: set[str] = set()
    Delegate.objects.bulk_create(
        Delegate(conference=conference, person_id=pk, unit=unit, code=_code(taken))
        for pk, unit in roll.items()
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(conference=conference, position=n, kind=k, title=DEFAULT_AGENDA[AgendaKind(k)])
        for n, k in enumerate(AGENDA_ORDER, start=1)
    )
    _record(
        actor,
        org,
        "conference.convene",
        conference,
        as_created({"kind": kind, "held_on": held_on, "summoned": len(roll), "deadline": deadline}),
    )
    return conference


def _lock(conference: Conference) -> Conference:
    return (
        Conference.objects.select_for_update(of=("self",))
        .select_related("agency")
        .get(pk=conference.pk)
    )


def _preparing(conference: Conference) -> None:
    if conference.state != ConferenceState.PREPARING:
        invalid({"__all__": [_("The conference has opened; its roll and agenda are fixed.")]})


@transaction.atomic
def agenda_add(
    *, actor: User, conference: Conference, kind: str, title: str, presenter: str = ""
) -> AgendaItem:
    """Add an item; it takes its place in the legal order (an "other" item goes last)."""
    require(actor, "conference.run", conference)
    conference = _lock(conference)
    _preparing(conference)
    errors: dict[str, list[str]] = {}
    if kind not in AgendaKind.values:
        errors["kind"] = [_("Choose the kind of item.")]
    if not title.strip():
        errors["title"] = [_("Give the item a title.")]
    errors |= _too_long(title=title, presenter=presenter)
    invalid(errors)
    rank = {k: n for n, k in enumerate(AGENDA_ORDER)}
    items = list(conference.agenda.all())
    mine = rank.get(kind, len(AGENDA_ORDER))
    at = sum(1 for i in items if rank.get(i.kind, len(AGENDA_ORDER)) <= mine)
    for item in sorted(items[at:], key=lambda i: -i.position):
        item.position += 1000  # out of the way of the unique positions, then back in order
        item.save(update_fields=["position"])
    new = AgendaItem.objects.create(
        conference=conference,
        position=at + 1,
        kind=kind,
        title=title.strip(),
        presenter=presenter.strip(),
    )
    for n, item in enumerate(sorted(items[at:], key=lambda i: i.position), start=at + 2):
        item.position = n
        item.save(update_fields=["position"])
    _record(actor, conference.agency, "conference.agenda", conference, {"item": [None, new.title]})
    return new


@transaction.atomic
def document_add(
    *, actor: User, conference: Conference, title: str, file: FileIn
) -> ConferenceDocument:
    require(actor, "conference.run", conference)
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Give the document a title.")]
    errors |= uploads.upload_errors(
        [file], kinds=(*uploads.PDF, *uploads.OFFICE), max_bytes=20 * uploads.MB, field="file"
    )
    errors |= _too_long(title=title)
    if conference.state == ConferenceState.CLOSED:
        errors["__all__"] = [_("The conference is closed.")]
    invalid(errors)
    document = ConferenceDocument(conference=conference, title=title.strip(), added_on=today())
    document.file.save(file.name, ContentFile(file.data), save=True)
    _record(
        actor,
        conference.agency,
        "conference.document",
        conference,
        {"document": [None, document.title]},
    )
    return document


@transaction.atomic
def delegate_add(*, actor: User, conference: Conference, person: User) -> Delegate:
    require(actor, "conference.run", conference)
    conference = _lock(conference)
    _preparing(conference)
    people = staff(conference.agency)
    if person.pk not in people:
        invalid({"person": [_("Only people working in the unit can be summoned.")]})
    if conference.roll.filter(person=person).exists():
        invalid({"person": [_("This person is already summoned.")]})
    taken = set(conference.roll.values_list("code", flat=True))
    delegate = Delegate.objects.create(
        conference=conference, person=person, unit=people[person.pk], code=_code(taken)
    )
    _record(
        actor, conference.agency, "conference.summon", conference, {"person": [None, str(person)]}
    )
    return delegate


# --- check-in and opening ---------------------------------------------------------------------


def _on_the_day(conference: Conference) -> None:
    if conference.held_on != today():
        invalid(
            {
                "__all__": [
                    _("Check-in opens on the day of the conference (%(day)s).")
                    % {"day": _vn(conference.held_on)}
                ]
            }
        )
    if conference.state not in (ConferenceState.PREPARING, ConferenceState.OPEN):
        invalid({"__all__": [_("The conference is not in session.")]})


@transaction.atomic
def check_in(
    *, actor: User, conference: Conference, code: str = "", delegate: Delegate | None = None
) -> Delegate:
    """A delegate checks in with the code of their invitation (on their phone, or at the door
    by an officer who types or scans it); an officer may also tick a delegate on the roll."""
    require(actor, "conference.view", conference)
    conference = _lock(conference)
    _on_the_day(conference)
    runs = actor.has_perm("conference.run", conference)
    if delegate is None:
        delegate = conference.roll.filter(code=code.strip().upper()).first() if code else None
        if delegate is None:
            invalid({"code": [_("No delegate has this code. Check the invitation.")]})
        assert delegate is not None
        if delegate.person_id != actor.pk and not runs:
            invalid(
                {
                    "code": [
                        _("This code is someone else's: each delegate checks in with their own.")
                    ]
                }
            )
    elif delegate.conference_id != conference.pk:
        raise NotFound()
    elif not runs:
        raise Forbidden()
    delegate = Delegate.objects.select_for_update().get(pk=delegate.pk)
    if delegate.checked_in_at is not None:
        invalid({"__all__": [_("%(name)s has already checked in.") % {"name": delegate.person}]})
    delegate.checked_in_at, delegate.checked_in_by = now(), actor
    delegate.absent_reason = ""
    delegate.save(update_fields=["checked_in_at", "checked_in_by", "absent_reason"])
    _record(
        actor,
        conference.agency,
        "conference.check_in",
        delegate,
        {"person": [None, str(delegate.person)]},
    )
    return delegate


@transaction.atomic
def absence(*, actor: User, delegate: Delegate, reason: str) -> Delegate:
    conference = delegate.conference
    require(actor, "conference.run", conference)
    delegate = Delegate.objects.select_for_update().get(pk=delegate.pk)
    errors: dict[str, list[str]] = {}
    if delegate.checked_in_at is not None:
        errors["__all__"] = [_("%(name)s is present.") % {"name": delegate.person}]
    if not reason.strip():
        errors["reason"] = [_("Give the reason for the absence.")]
    errors |= _too_long(reason=reason)
    if conference.state == ConferenceState.CLOSED:
        errors["__all__"] = [_("The conference is closed.")]
    invalid(errors)
    delegate.absent_reason = reason.strip()
    delegate.save(update_fields=["absent_reason"])
    _record(
        actor,
        conference.agency,
        "conference.absence",
        delegate,
        {"reason": [None, delegate.absent_reason]},
    )
    return delegate


@transaction.atomic
def conference_open(*, actor: User, conference: Conference) -> Conference:
    """Open the session: with a quorum it is in session; without, it is recorded as failing
    its quorum (a second convocation follows, then written opinions)."""
    require(actor, "conference.run", conference)
    conference = _lock(conference)
    if conference.state != ConferenceState.PREPARING:
        invalid({"__all__": [_("The conference is not waiting to open.")]})
    _on_the_day(conference)
    q = quorum(conference)
    conference.present_at_open, conference.summoned_at_open = q.present, q.summoned
    conference.state = ConferenceState.OPEN if q.reached else ConferenceState.NO_QUORUM
    conference.opened_at = now()
    conference.save(update_fields=["present_at_open", "summoned_at_open", "state", "opened_at"])
    _record(
        actor,
        conference.agency,
        "conference.open",
        conference,
        {
            "state": ["preparing", conference.state],
            "present": [None, q.present],
            "summoned": [None, q.summoned],
        },
    )
    return conference


@transaction.atomic
def second_convocation(
    *, actor: User, conference: Conference, held_on: dt.date, starts_at: dt.time, place: str
) -> Conference:
    require(actor, "conference.convene", conference)
    conference = _lock(conference)
    errors: dict[str, list[str]] = {}
    if conference.state != ConferenceState.NO_QUORUM or conference.convocation != 1:
        errors["__all__"] = [_("A second convocation follows a first that lacked its quorum.")]
    elif hasattr(conference, "next_convocation"):
        errors["__all__"] = [_("The second convocation is already made.")]
    if held_on is None or held_on <= conference.held_on or held_on < today():
        errors["held_on"] = [_("The second convocation is on a later day.")]
    if not place.strip():
        errors["place"] = [_("Say where it is held.")]
    invalid(errors)
    second = Conference.objects.create(
        agency=conference.agency,
        kind=conference.kind,
        year=conference.year,
        title=conference.title,
        held_on=held_on,
        starts_at=starts_at,
        place=place.strip(),
        attendance=conference.attendance,
        deadline=conference.deadline,
        late_reason=conference.late_reason,
        requested_by=conference.requested_by,
        request=conference.request,
        convocation=2,
        previous=conference,
        chair=conference.chair,
        secretary=conference.secretary,
        created_by=actor,
    )
    taken: set[str] = set()
    Delegate.objects.bulk_create(
        Delegate(conference=second, person_id=d.person_id, unit_id=d.unit_id, code=_code(taken))
        for d in conference.roll.all()
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(
            conference=second,
            position=i.position,
            kind=i.kind,
            title=i.title,
            presenter=i.presenter,
        )
        for i in conference.agenda.all()
    )
    _record(
        actor,
        second.agency,
        "conference.reconvene",
        second,
        as_created({"held_on": held_on, "previous": conference.pk}),
    )
    return second


@transaction.atomic
def written_opinions(*, actor: User, conference: Conference) -> Conference:
    """The second convocation lacked its quorum too: the head and the union collect written
    opinion slips from everyone summoned instead (Law 10/2022 Art. 50.2)."""
    require(actor, "conference.convene", conference)
    conference = _lock(conference)
    if conference.state != ConferenceState.NO_QUORUM or conference.convocation != 2:
        invalid(
            {"__all__": [_("Written opinions follow a second convocation that lacked its quorum.")]}
        )
    conference.state = ConferenceState.WRITTEN
    conference.save(update_fields=["state"])
    _record(
        actor,
        conference.agency,
        "conference.written",
        conference,
        {"state": ["no_quorum", "written"]},
    )
    return conference


@transaction.atomic
def conference_close(*, actor: User, conference: Conference, minutes: str) -> Conference:
    require(actor, "conference.run", conference)
    conference = _lock(conference)
    errors: dict[str, list[str]] = {}
    if conference.state not in (ConferenceState.OPEN, ConferenceState.WRITTEN):
        errors["__all__"] = [_("Only a conference in session is closed.")]
    elif conference.polls.filter(state=PollState.OPEN).exists():
        errors["__all__"] = [_("Close the open polls first.")]
    if not minutes.strip():
        errors["minutes"] = [_("Write the minutes of the conference.")]
    invalid(errors)
    before = conference.state
    conference.state, conference.closed_at, conference.minutes = (
        ConferenceState.CLOSED,
        now(),
        minutes.strip(),
    )
    conference.save(update_fields=["state", "closed_at", "minutes"])
    _record(actor, conference.agency, "conference.close", conference, {"state": [before, "closed"]})
    return conference


# --- polls ------------------------------------------------------------------------------------

RULE_OF = {
    PollKind.MOTION: "conference.decision",
    PollKind.RESOLUTION: "conference.decision",
    PollKind.ELECTION: "board.election",
}


@transaction.atomic
def poll_create(
    *,
    actor: User,
    conference: Conference,
    kind: str,
    method: str,
    title: str,
    text: str = "",
    seats: int | None = None,
    tie_rule: str = "",
    agenda_item: AgendaItem | None = None,
    runoff_of: Poll | None = None,
) -> Poll:
    """Set up a poll with the majority rule in force (decisions: more than half of those
    present; the board: more than half of the valid ballots; opinion slips: more than half
    of those summoned)."""
    require(actor, "conference.run", conference)
    conference = _lock(conference)
    errors: dict[str, list[str]] = {}
    written = conference.state == ConferenceState.WRITTEN
    if conference.state not in (
        ConferenceState.PREPARING,
        ConferenceState.OPEN,
        ConferenceState.WRITTEN,
    ):
        errors["__all__"] = [_("Polls are held by a conference in session.")]
    if kind not in PollKind.values:
        errors["kind"] = [_("Choose what is voted on.")]
    if method not in PollMethod.values:
        errors["method"] = [_("Choose how it is voted.")]
    elif written and method != PollMethod.SLIPS:
        errors["method"] = [_("Without a quorum, decisions are taken by written opinion slips.")]
    elif not written and method == PollMethod.SLIPS:
        errors["method"] = [
            _("Written opinion slips are used only when the second convocation lacks its quorum.")
        ]
    if not title.strip():
        errors["title"] = [_("Say what is voted on.")]
    if kind == PollKind.ELECTION:
        lo, hi = BOARD_SEATS
        top = LARGE_BOARD_SEATS if len(staff(conference.agency)) >= DELEGATES_FROM else hi
        if seats is None or not lo <= seats <= top:
            errors["seats"] = [
                _("The board has %(lo)d to %(hi)d members (Law 10/2022 Art. 60).")
                % {"lo": lo, "hi": top}
            ]
        if method not in (PollMethod.SECRET, PollMethod.PAPER):
            errors["method"] = [_("The board is elected by secret ballot.")]
        if tie_rule not in TieRule.values:
            errors["tie_rule"] = [
                _("Choose, before the vote, how a tie for the last seat is settled.")
            ]
    if kind == PollKind.RESOLUTION:
        resolution = Resolution.objects.filter(conference=conference).first()
        if resolution is None:
            errors["kind"] = [_("Draft the resolution before putting it to the vote.")]
        elif resolution.adopted_on is not None:
            errors["kind"] = [_("The resolution is already adopted.")]
    if agenda_item is not None and agenda_item.conference_id != conference.pk:
        errors["agenda_item"] = [_("Choose an item of this conference's agenda.")]
    errors |= _too_long(title=title)
    if (
        kind == PollKind.RESOLUTION
        and conference.polls.filter(
            kind=PollKind.RESOLUTION, state__in=[PollState.DRAFT, PollState.OPEN]
        ).exists()
    ):
        errors["kind"] = [_("The resolution is already put to a vote.")]
    invalid(errors)
    code = "conference.slips" if written else RULE_OF[PollKind(kind)]
    rule = vote_rule(code, conference.agency, conference.held_on)
    poll = Poll.objects.create(
        conference=conference,
        agenda_item=agenda_item,
        kind=kind,
        method=method,
        title=title.strip(),
        text=text.strip(),
        rule_code=code,
        base=rule.base,
        comparator=rule.comparator,
        numerator=rule.numerator,
        denominator=rule.denominator,
        seats=seats if kind == PollKind.ELECTION else None,
        tie_rule=tie_rule if kind == PollKind.ELECTION else "",
        runoff_of=runoff_of,
    )
    _record(
        actor,
        conference.agency,
        "poll.create",
        poll,
        as_created({"kind": kind, "method": method, "rule": code}),
    )
    return poll


def _lock_poll(poll: Poll) -> Poll:
    return (
        Poll.objects.select_for_update(of=("self",))
        .select_related("conference__agency")
        .get(pk=poll.pk)
    )


@transaction.atomic
def candidate_add(*, actor: User, poll: Poll, person: User, nominated_by: str) -> Candidate:
    """The union nominates a candidate for the board; eligibility is checked."""
    conference = poll.conference
    require(actor, "conference.nominate", conference)
    poll = _lock_poll(poll)
    errors: dict[str, list[str]] = {}
    if poll.kind != PollKind.ELECTION:
        errors["__all__"] = [_("Candidates stand in an election.")]
    elif poll.state != PollState.DRAFT:
        errors["__all__"] = [_("Candidates are nominated before the poll opens.")]
    reason = board_ineligibility(conference.agency, person, conference.held_on)
    if reason:
        errors["person"] = [reason]
    elif poll.candidates.filter(person=person).exists():
        errors["person"] = [_("%(name)s is already a candidate.") % {"name": person}]
    if not nominated_by.strip():
        errors["nominated_by"] = [_("Say who nominated the candidate.")]
    errors |= _too_long(nominated_by=nominated_by)
    if poll.runoff_of_id is not None:
        errors["__all__"] = [_("A second round is between the tied candidates only.")]
    invalid(errors)
    candidate = Candidate.objects.create(
        poll=poll, person=person, nominated_by=nominated_by.strip()
    )
    _record(actor, conference.agency, "poll.candidate", poll, {"candidate": [None, str(person)]})
    return candidate


@transaction.atomic
def poll_open(*, actor: User, poll: Poll) -> Poll:
    """Open a poll: only with a quorum (checked again now), and with a snapshot of who is
    entitled (everyone summoned) and present (checked in). Opinion slips go to all staff."""
    conference = poll.conference
    require(actor, "conference.run", conference)
    conference = _lock(conference)
    poll = _lock_poll(poll)
    errors: dict[str, list[str]] = {}
    slips = poll.method == PollMethod.SLIPS
    if poll.state != PollState.DRAFT:
        errors["__all__"] = [_("This poll has already been opened.")]
    elif conference.state != (ConferenceState.WRITTEN if slips else ConferenceState.OPEN):
        errors["__all__"] = [_("Polls open while the conference is in session.")]
    q = quorum(conference)
    if not slips and not q.reached and not errors:
        errors["__all__"] = [_no_quorum(q)]
    if poll.kind == PollKind.ELECTION and poll.candidates.count() < (poll.seats or 0):
        errors.setdefault("__all__", []).append(
            _("Nominate at least as many candidates as there are seats.")
        )
    invalid(errors)
    roll: list[tuple[int, dt.datetime | None]]
    if slips:  # Art. 50.2: the opinion of all staff, delegates or not
        roll = [(pk, None) for pk in staff(conference.agency, today())]
    else:
        roll = list(conference.roll.values_list("person_id", "checked_in_at"))
    PollRoll.objects.bulk_create(
        PollRoll(poll=poll, person_id=pk, present=slips or at is not None) for pk, at in roll
    )
    poll.state, poll.opened_at = PollState.OPEN, now()
    poll.summoned, poll.present = (len(roll), len(roll)) if slips else (q.summoned, q.present)
    poll.save(update_fields=["state", "opened_at", "summoned", "present"])
    _record(
        actor,
        conference.agency,
        "poll.open",
        poll,
        {
            "state": ["draft", "open"],
            "present": [None, poll.present],
            "summoned": [None, poll.summoned],
        },
    )
    return poll


def _receipt_digest(poll: Poll, code: str) -> str:
    """The hash of a receipt code, however it is typed (case, spaces and dashes ignored)."""
    canonical = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(f"{poll.pk}:{canonical}".encode()).hexdigest()


@dataclass(frozen=True)
class Voted:
    poll: Poll
    receipt: str = ""  # a secret ballot's receipt code, shown once to the voter


def _marks_errors(poll: Poll, marks: Sequence[int]) -> dict[str, list[str]]:
    ids = set(poll.candidates.values_list("pk", flat=True))
    if len(set(marks)) != len(marks) or not set(marks) <= ids:
        return {"marks": [_("Mark only the candidates on the ballot, each once.")]}
    if len(marks) > (poll.seats or 0):
        return {
            "marks": [
                _("Mark at most %(n)d candidates: a ballot with more marks than seats is invalid.")
                % {"n": poll.seats}
            ]
        }
    return {}


@transaction.atomic
def vote(*, actor: User, poll: Poll, choice: str = "", marks: Sequence[int] = ()) -> Voted:
    """One person, one vote. For a secret ballot, in one transaction that locks the voter's
    row on the roll: the roll marks them as voted, the box gets a ballot with no voter and
    no time, and a receipt's hash is kept apart from both."""
    conference = poll.conference
    require(actor, "conference.view", conference)
    poll = _lock_poll(poll)
    if poll.method in (PollMethod.HANDS, PollMethod.PAPER):
        invalid({"__all__": [_("This poll is counted by the secretary, not voted here.")]})
    if poll.state != PollState.OPEN:
        invalid(
            {
                "__all__": [
                    _("This poll is closed.")
                    if poll.state == PollState.CLOSED
                    else _("This poll has not opened.")
                ]
            }
        )
    roll = PollRoll.objects.select_for_update().filter(poll=poll, person=actor).first()
    if roll is None or not roll.present:
        invalid({"__all__": [_("Only delegates present when the poll opened may vote.")]})
    assert roll is not None
    if roll.voted:
        invalid({"__all__": [_("You have already voted in this poll.")]})
    errors: dict[str, list[str]] = {}
    if poll.kind == PollKind.ELECTION:
        errors |= _marks_errors(poll, list(marks))
    elif choice not in Choice.values:
        errors["choice"] = [_("Choose for, against or abstain.")]
    invalid(errors)
    roll.voted = True
    roll.save(update_fields=["voted"])
    receipt = ""
    if poll.method == PollMethod.SECRET:
        Ballot.objects.create(
            poll=poll, sealed=_seal(poll, "" if poll.kind == PollKind.ELECTION else choice, marks)
        )
        receipt = "-".join(secrets.token_hex(2).upper() for _ in range(3))
        BallotReceipt.objects.create(poll=poll, digest=_receipt_digest(poll, receipt))
        # The event says who voted, as the roll does: never what, nor which ballot.
        _record(actor, conference.agency, "poll.voted", poll, {"voted": [False, True]})
    else:
        NamedVote.objects.create(poll=poll, person=actor, choice=choice, recorded_by=actor)
        _record(actor, conference.agency, "poll.vote", poll, {"choice": [None, choice]})
    return Voted(poll, receipt)


@transaction.atomic
def slip_record(*, actor: User, poll: Poll, person: User, choice: str) -> NamedVote:
    """The secretary records a written opinion slip received on paper from a member of staff."""
    conference = poll.conference
    require(actor, "conference.run", conference)
    poll = _lock_poll(poll)
    errors: dict[str, list[str]] = {}
    if poll.method != PollMethod.SLIPS:
        errors["__all__"] = [_("Paper slips are recorded for a written consultation only.")]
    elif poll.state != PollState.OPEN:
        errors["__all__"] = [_("This poll is closed.")]
    if choice not in Choice.values:
        errors["choice"] = [_("Choose for, against or abstain.")]
    invalid(errors)
    roll = PollRoll.objects.select_for_update().filter(poll=poll, person=person).first()
    if roll is None:
        invalid({"person": [_("This person was not summoned.")]})
    assert roll is not None
    if roll.voted:
        invalid({"person": [_("%(name)s has already given an opinion.") % {"name": person}]})
    roll.voted = True
    roll.save(update_fields=["voted"])
    named = NamedVote.objects.create(poll=poll, person=person, choice=choice, recorded_by=actor)
    _record(
        actor,
        conference.agency,
        "poll.slip",
        poll,
        {"person": [None, str(person)], "choice": [None, choice]},
    )
    return named


@dataclass(frozen=True)
class PaperIn:
    issued: int
    cast: int
    blank: int
    invalid: int
    committee: str
    yes: int = 0
    no: int = 0
    abstain: int = 0
    tallies: dict[int, int] | None = None


def _paper_errors(poll: Poll, figures: PaperIn) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not figures.committee.strip():
        errors["committee"] = [_("Name the members of the counting committee.")]
    if (
        min(
            figures.issued,
            figures.cast,
            figures.blank,
            figures.invalid,
            figures.yes,
            figures.no,
            figures.abstain,
        )
        < 0
    ):
        errors["__all__"] = [_("Counts cannot be negative.")]
        return errors
    if figures.issued > (poll.present or 0):
        errors["issued"] = [
            _("More ballots issued than delegates present (%(n)d).") % {"n": poll.present}
        ]
    if figures.cast > figures.issued:
        errors["cast"] = [_("More ballots in the box than were issued.")]
    if figures.blank + figures.invalid > figures.cast:
        errors["invalid"] = [_("More blank and invalid ballots than ballots in the box.")]
    valid = figures.cast - figures.blank - figures.invalid
    errors |= _too_long(committee=figures.committee)
    if poll.kind == PollKind.ELECTION and (figures.yes or figures.no or figures.abstain):
        errors["yes"] = [_("An election counts votes per candidate, not for or against.")]
    if poll.kind == PollKind.ELECTION:
        tallies = figures.tallies or {}
        ids = set(poll.candidates.values_list("pk", flat=True))
        if set(tallies) - ids or any(v < 0 or v > valid for v in tallies.values()):
            errors["tallies"] = [_("Each candidate has between 0 and the valid ballots.")]
        elif sum(tallies.values()) > valid * (poll.seats or 0):
            errors["tallies"] = [_("More marks than the valid ballots allow.")]
    elif figures.yes + figures.no + figures.abstain != valid:
        errors["yes"] = [
            _("For, against and abstain add up to the valid ballots (%(n)d).") % {"n": valid}
        ]
    return errors


@transaction.atomic
def paper_count(*, actor: User, poll: Poll, figures: PaperIn, reason: str = "") -> PaperCount:
    """The counting committee enters (or corrects, with a reason) the paper ballots' figures;
    every change is logged."""
    conference = poll.conference
    require(actor, "conference.run", conference)
    poll = _lock_poll(poll)
    errors: dict[str, list[str]] = {}
    if poll.method != PollMethod.PAPER:
        errors["__all__"] = [_("Only a paper ballot is counted by the committee.")]
    elif poll.state != PollState.OPEN:
        errors["__all__"] = [_("The count is entered while the poll is open, before it is closed.")]
    else:
        errors |= _paper_errors(poll, figures)
    existing = PaperCount.objects.filter(poll=poll).first()
    if existing is not None and not reason.strip():
        errors["reason"] = [_("Say why the count is corrected.")]
    invalid(errors)
    values = {
        "issued": figures.issued,
        "cast": figures.cast,
        "blank": figures.blank,
        "invalid": figures.invalid,
        "yes": figures.yes,
        "no": figures.no,
        "abstain": figures.abstain,
        "tallies": {str(k): v for k, v in (figures.tallies or {}).items()},
        "committee": figures.committee.strip(),
    }
    before: dict[str, Any] = {}
    if existing is None:
        count = PaperCount.objects.create(poll=poll, **values)
    else:
        before = {k: getattr(existing, k) for k in values}
        for k, v in values.items():
            setattr(existing, k, v)
        existing.save()
        count = existing
    PaperCountChange.objects.create(
        poll=poll, at=now(), by=actor, before=before, after=values, reason=reason.strip()
    )
    _record(
        actor,
        conference.agency,
        "poll.paper_count",
        poll,
        {k: [before.get(k), v] for k, v in values.items() if before.get(k) != v},
    )
    return count


def _base_value(poll: Poll) -> int:
    return {
        Base.SUMMONED: poll.summoned or 0,
        Base.PRESENT: poll.present or 0,
        Base.CAST: poll.cast or 0,
        Base.VALID: poll.valid or 0,
    }[Base(poll.base)]


def _box_key(poll: Poll) -> AESGCM:
    """The poll's sealing key, derived from the application's secret (never in the database):
    reading the database alone does not open a sealed ballot."""
    key = hmac.new(
        settings.SECRET_KEY.encode(), f"danchu-ballot:{poll.pk}".encode(), hashlib.sha256
    ).digest()
    return AESGCM(key)


def _seal(poll: Poll, choice: str, marks: Sequence[int]) -> bytes:
    """A ballot as cast, sealed until the close (AES-GCM, a random nonce, no time inside). While
    the poll is open a database row carries the id of the transaction that wrote it — the
    voter's — so its content must not be readable there; the close rewrites it in the clear
    under the closer's transaction, in a random order."""
    nonce = secrets.token_bytes(12)
    # Padded to one size: the length of a sealed ballot says nothing of its content.
    plain = json.dumps({"c": choice, "m": sorted(marks)}).encode().ljust(SEALED_SIZE)
    if len(plain) > SEALED_SIZE:
        raise DomainError("ballot_size", _("This ballot is too large to seal."))
    return nonce + _box_key(poll).encrypt(nonce, plain, str(poll.pk).encode())


def _open_box(poll: Poll) -> list[tuple[str, list[int]]]:
    box = _box_key(poll)
    ballots = []
    for sealed in Ballot.objects.filter(poll=poll).values_list("sealed", flat=True):
        data = bytes(sealed or b"")
        try:
            content = json.loads(box.decrypt(data[:12], data[12:], str(poll.pk).encode()))
        except InvalidTag as exc:
            raise DomainError(
                "ballot_box",
                _(
                    "The ballot box cannot be opened: the application's secret key changed "
                    "while the poll was open. Restore the key, then close the poll."
                ),
            ) from exc
        ballots.append((str(content["c"]), [int(m) for m in content["m"]]))
    return ballots


def _shuffle_box(poll: Poll, ballots: list[tuple[str, list[int]]]) -> None:
    """Rewrite the ballot box in the clear and the receipts, in a random order: after the
    close, not even the storage order (row ids, pages) follows the order of voting."""
    rng = random.SystemRandom()
    ballots = list(ballots)
    digests = list(BallotReceipt.objects.filter(poll=poll).values_list("digest", flat=True))
    rng.shuffle(ballots)
    rng.shuffle(digests)
    Ballot.objects.filter(poll=poll).delete()
    BallotReceipt.objects.filter(poll=poll).delete()
    Ballot.objects.bulk_create(Ballot(poll=poll, choice=c, marks=m) for c, m in ballots)
    BallotReceipt.objects.bulk_create(BallotReceipt(poll=poll, digest=d) for d in digests)


def _tally_election(poll: Poll, votes: dict[int, int]) -> None:
    """Elected in order of votes among those above the threshold; a tie for the last seat is
    settled by the rule chosen before the vote (a second round, or by lot)."""
    base = _base_value(poll)
    candidates = list(poll.candidates.select_related("person"))
    for c in candidates:
        c.votes = votes.get(c.pk, 0)
    above = sorted(
        (
            c
            for c in candidates
            if passes(c.votes or 0, base, poll.comparator, poll.numerator, poll.denominator)
        ),
        key=lambda c: -(c.votes or 0),
    )
    seats = poll.seats or 0
    notes: list[str] = []
    if len(above) <= seats:
        elected = above
    else:
        last = above[seats - 1].votes
        sure = [c for c in above if (c.votes or 0) > (last or 0)]
        tied = [c for c in above if c.votes == last]
        free = seats - len(sure)
        if len(tied) <= free:
            elected = sure + tied
        elif poll.tie_rule == TieRule.LOT:
            drawn = random.SystemRandom().sample(tied, free)
            for c in drawn:
                c.by_lot = True
            elected = sure + drawn
            notes.append(
                _stored(gettext_noop("Tie for the last seats settled by lot: %(names)s."))
                % {"names": ", ".join(str(c.person) for c in drawn)}
            )
        else:
            elected = sure
            notes.append(
                _stored(
                    gettext_noop("Tie for %(n)d seat(s) between %(names)s: a second round is held.")
                )
                % {"n": free, "names": ", ".join(str(c.person) for c in tied)}
            )
            _runoff(poll, tied, free)
    chosen = {c.pk for c in elected}
    for c in candidates:
        c.elected = c.pk in chosen
    Candidate.objects.bulk_update(candidates, ["votes", "elected", "by_lot"])
    poll.adopted = len(chosen) == seats
    poll.result_note = "\n".join(notes)


def _runoff(poll: Poll, tied: list[Candidate], free: int) -> None:
    second = Poll.objects.create(
        conference=poll.conference,
        agenda_item=poll.agenda_item,
        kind=PollKind.ELECTION,
        method=poll.method,
        title=_stored(gettext_noop("%(title)s — second round")) % {"title": poll.title},
        rule_code=poll.rule_code,
        base=poll.base,
        comparator=poll.comparator,
        numerator=poll.numerator,
        denominator=poll.denominator,
        seats=free,
        tie_rule=TieRule.LOT,
        runoff_of=poll,
    )
    Candidate.objects.bulk_create(
        Candidate(poll=second, person_id=c.person_id, nominated_by=c.nominated_by) for c in tied
    )
    _record(
        None,
        poll.conference.agency,
        "poll.create",
        second,
        as_created({"runoff_of": poll.pk, "seats": free, "candidates": len(tied)}),
    )


@dataclass(frozen=True)
class HandsIn:
    yes: int
    no: int
    abstain: int


@transaction.atomic
def poll_close(*, actor: User, poll: Poll, hands: HandsIn | None = None) -> Poll:
    """Close a poll and write its tally; the result shows only now. A show of hands takes the
    secretary's count; paper ballots the committee's."""
    conference = poll.conference
    require(actor, "conference.run", conference)
    poll = _lock_poll(poll)
    errors: dict[str, list[str]] = {}
    if poll.state != PollState.OPEN:
        errors["__all__"] = [_("Only an open poll is closed.")]
    elif poll.method == PollMethod.HANDS:
        if hands is None or min(hands.yes, hands.no, hands.abstain) < 0:
            errors["yes"] = [_("Enter the hands counted for, against and abstaining.")]
        elif hands.yes + hands.no + hands.abstain > (poll.present or 0):
            errors["yes"] = [_("More hands than delegates present (%(n)d).") % {"n": poll.present}]
    elif poll.method == PollMethod.PAPER and not PaperCount.objects.filter(poll=poll).exists():
        errors["__all__"] = [_("The counting committee enters the count first.")]
    invalid(errors)
    votes: dict[int, int] = {}
    if poll.method == PollMethod.SECRET:
        ballots = _open_box(poll)
        voted = PollRoll.objects.filter(poll=poll, voted=True).count()
        if len(ballots) != voted or BallotReceipt.objects.filter(poll=poll).count() != voted:
            raise DomainError(
                "ballot_box", _("The ballot box does not match the roll; the poll stays open.")
            )
        _shuffle_box(poll, ballots)
        poll.cast = len(ballots)
        if poll.kind == PollKind.ELECTION:
            poll.blank = sum(1 for _c, m in ballots if not m)
            poll.invalid = 0  # the electronic ballot refuses too many marks
            votes = dict(Counter(pk for _c, m in ballots for pk in m))
        else:
            counted = Counter(c for c, _m in ballots)
            poll.yes, poll.no, poll.abstain = counted["yes"], counted["no"], counted["abstain"]
            poll.blank, poll.invalid = 0, 0
    elif poll.method in (PollMethod.NAMED, PollMethod.SLIPS):
        counted = Counter(poll.named_votes.values_list("choice", flat=True))
        poll.yes, poll.no, poll.abstain = counted["yes"], counted["no"], counted["abstain"]
        poll.cast, poll.blank, poll.invalid = sum(counted.values()), 0, 0
    elif poll.method == PollMethod.HANDS:
        assert hands is not None
        poll.yes, poll.no, poll.abstain = hands.yes, hands.no, hands.abstain
        poll.cast, poll.blank, poll.invalid = hands.yes + hands.no + hands.abstain, 0, 0
    else:
        paper = poll.paper
        poll.cast, poll.blank, poll.invalid = paper.cast, paper.blank, paper.invalid
        poll.yes, poll.no, poll.abstain = paper.yes, paper.no, paper.abstain
        votes = {int(k): v for k, v in paper.tallies.items()}
    poll.valid = (poll.cast or 0) - (poll.blank or 0) - (poll.invalid or 0)
    if poll.kind == PollKind.ELECTION:
        poll.yes = poll.no = poll.abstain = None
        _tally_election(poll, votes)
    else:
        poll.adopted = passes(
            poll.yes or 0, _base_value(poll), poll.comparator, poll.numerator, poll.denominator
        )
    poll.state, poll.closed_at = PollState.CLOSED, now()
    poll.save()
    if poll.kind == PollKind.RESOLUTION and poll.adopted:
        _adopt_resolution(poll)
    _record(
        actor,
        conference.agency,
        "poll.close",
        poll,
        {
            "state": ["open", "closed"],
            "cast": [None, poll.cast],
            "valid": [None, poll.valid],
            "adopted": [None, poll.adopted],
        },
    )
    return poll


def receipt_counted(poll: Poll, code: str) -> bool:
    return BallotReceipt.objects.filter(poll=poll, digest=_receipt_digest(poll, code)).exists()


# --- the board elected ------------------------------------------------------------------------


@transaction.atomic
def board_from_election(*, actor: User, poll: Poll, head: User) -> Any:
    """The union records the board elected by the poll: a term of the board starts (2 years,
    the union's recognition due within 5 working days) and the elected take their seats, the
    head of the board chosen among them."""
    from danchu.oversight import services as oversight
    from danchu.oversight.models import SeatRole

    conference = poll.conference
    require(actor, "conference.nominate", conference)
    poll = _lock_poll(poll)
    elected = elected_members(poll)
    errors: dict[str, list[str]] = {}
    if poll.kind != PollKind.ELECTION or poll.state != PollState.CLOSED:
        errors["__all__"] = [_("The board is recorded from a closed election.")]
    elif poll.runoffs.exists():
        errors["__all__"] = [_("A second round was held: record the board from it.")]
    elif len(elected) < BOARD_SEATS[0]:
        errors["__all__"] = [
            _("Only %(n)d elected: a board has at least %(lo)d members; hold another round.")
            % {"n": len(elected), "lo": BOARD_SEATS[0]}
        ]
    elif poll.board_term_id is not None:
        errors["__all__"] = [_("The board of this election is already recorded.")]
    if head is None or head.pk not in {c.person_id for c in elected}:
        errors["head"] = [_("Choose the head of the board among those elected.")]
    invalid(errors)
    assert poll.closed_at is not None
    elected_on = timezone.localdate(poll.closed_at)
    _end_running_term(actor, conference.agency, elected_on)
    term = oversight.term_create(
        actor=actor,
        agency=conference.agency,
        elected_on=elected_on,
        election_record=_stored(gettext_noop("Counting minutes of the board's election, %(title)s"))
        % {"title": conference.title},
    )
    for c in sorted(elected, key=lambda c: c.person_id != head.pk):
        oversight.seat_add(
            actor=actor,
            term=term,
            person=c.person,
            role=SeatRole.HEAD if c.person_id == head.pk else SeatRole.MEMBER,
            start=elected_on,
            basis=term.election_record,
        )
    poll.board_term = term
    poll.save(update_fields=["board_term"])
    _record(actor, conference.agency, "poll.board", poll, {"board_term": [None, term.pk]})
    return term


def elected_members(poll: Poll) -> list[Candidate]:
    """Those elected by ``poll`` and, after a second round, by the rounds before it."""
    rounds, earlier = [poll.pk], poll.runoff_of_id
    while earlier is not None:
        rounds.append(earlier)
        earlier = Poll.objects.filter(pk=earlier).values_list("runoff_of_id", flat=True).first()
    return list(Candidate.objects.filter(poll_id__in=rounds, elected=True).select_related("person"))


def _end_running_term(actor: User, org: Agency, elected_on: dt.date) -> None:
    """A board elected before the running term ends replaces it: the running term, its seats
    and their board roles end the day before the election."""
    from danchu.oversight import services as oversight
    from danchu.oversight.models import BoardTerm

    last = elected_on - dt.timedelta(days=1)
    running = BoardTerm.objects.filter(
        agency=org, starts_on__lte=elected_on, ends_on__gte=elected_on
    )
    if running.filter(starts_on__gte=last).exists():
        invalid({"__all__": [_("A board term started on or after the day before this election.")]})
    for term in running:
        for seat in term.seats.filter(end__isnull=True):
            oversight.seat_end(
                actor=actor,
                seat=seat,
                end=max(last, seat.start),
                reason=_stored(gettext_noop("A new board was elected.")),
            )
        before = term.ends_on
        BoardTerm.objects.filter(pk=term.pk).update(ends_on=last)
        _record(actor, org, "board_term.replace", term, {"ends_on": [before, last]})


# --- resolution and reviews -------------------------------------------------------------------


def resolution_outline(conference: Conference) -> str:
    """A draft from the decisions taken: each adopted motion and the board elected."""
    lines = [_stored(gettext_noop("THE CONFERENCE RESOLVES:"))]
    adopted = (
        conference.polls.filter(state=PollState.CLOSED, adopted=True)
        .exclude(kind=PollKind.RESOLUTION)
        .prefetch_related("candidates__person")
    )
    for n, poll in enumerate(adopted, start=1):
        if poll.kind == PollKind.ELECTION:
            names = ", ".join(str(c.person) for c in poll.candidates.all() if c.elected)
            lines.append(f"{n}. {poll.title}: {names}.")
        else:
            lines.append(
                f"{n}. {poll.title} ({poll.yes}/{poll.present} {_stored(gettext_noop('for'))})."
            )
    return "\n".join(lines)


@transaction.atomic
def resolution_draft(*, actor: User, conference: Conference, text: str = "") -> Resolution:
    require(actor, "conference.run", conference)
    conference = _lock(conference)
    resolution = Resolution.objects.filter(conference=conference).first()
    if resolution is not None and resolution.adopted_on is not None:
        invalid({"text": [_("The resolution is adopted; it is no longer edited.")]})
    if conference.polls.filter(
        kind=PollKind.RESOLUTION, state__in=[PollState.DRAFT, PollState.OPEN]
    ).exists():
        invalid(
            {"text": [_("The resolution is put to a vote; its text is fixed until the close.")]}
        )
    body = text.strip() or resolution_outline(conference)
    if resolution is None:
        resolution = Resolution.objects.create(conference=conference, text=body)
        _record(
            actor,
            conference.agency,
            "resolution.draft",
            resolution,
            as_created({"conference": conference.pk}),
        )
    else:
        resolution.text = body
        resolution.save(update_fields=["text"])
        _record(actor, conference.agency, "resolution.edit", resolution, {"text": ["…", "…"]})
    return resolution


def _adopt_resolution(poll: Poll) -> None:
    conference = poll.conference
    resolution = Resolution.objects.select_for_update().get(conference=conference)
    if resolution.adopted_on is not None:
        return
    day = timezone.localdate(poll.closed_at)
    n = counters.next_number(NumberSequence, conference.agency, f"resolution:{day.year}")
    resolution.poll, resolution.adopted_on = poll, day
    resolution.number = f"{n:02d}/NQ-HNCBCCVC"
    resolution.save(update_fields=["poll", "adopted_on", "number"])
    due = clock_deadline(
        code="conference.resolution_review", agency=conference.agency, started_on=day
    )
    assert due is not None
    ResolutionReview.objects.create(resolution=resolution, due_on=due)
    _record(
        None,
        conference.agency,
        "resolution.adopt",
        resolution,
        {"number": [None, resolution.number], "review_due": [None, due]},
    )
    # The new resolution supersedes the last one: its reviews not yet held are no longer due.
    ResolutionReview.objects.filter(
        resolution__conference__agency=conference.agency, held_on__isnull=True
    ).exclude(resolution=resolution).delete()


@transaction.atomic
def resolution_publish(
    *, actor: User, resolution: Resolution, posted_until: dt.date | None = None
) -> Resolution:
    """Publish the adopted resolution to all staff (a publication of the disclosure module)."""
    conference = resolution.conference
    require(actor, "conference.convene", conference)
    resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)  # a double click
    errors: dict[str, list[str]] = {}
    if resolution.adopted_on is None:
        errors["__all__"] = [_("Only an adopted resolution is published.")]
    elif resolution.publication_id is not None:
        errors["__all__"] = [_("The resolution is already published.")]
    invalid(errors)
    assert resolution.adopted_on is not None
    publication = _publish(
        actor,
        conference,
        _stored(gettext_noop("Resolution %(n)s of the %(title)s"))
        % {"n": resolution.number, "title": conference.title},
        resolution.number,
        resolution.adopted_on,
        resolution.text,
        posted_until,
    )
    resolution.publication = publication
    resolution.save(update_fields=["publication"])
    _record(
        actor,
        conference.agency,
        "resolution.publish",
        resolution,
        {"publication": [None, publication.pk]},
    )
    return resolution


def _publish(
    actor: User,
    conference: Conference,
    title: str,
    number: str,
    decided: dt.date,
    summary: str,
    posted_until: dt.date | None,
) -> Any:
    from danchu.disclosure.models import Category, PublicationChannel
    from danchu.disclosure.services import publishing

    org = conference.agency
    day = today()
    # The head and the union tell staff together: the union executive, who may not publish in
    # the disclosure register on its own, publishes this one through the conference.
    publisher = actor if actor.has_perm("disclosure.publish", org) else None
    return publishing.publication_create(
        actor=publisher,
        agency=org,
        category=Category.OTHER,
        title=title,
        decision_number=number,
        decision_date=decided,
        signer=str(conference.chair),
        channels=[PublicationChannel.INTRANET, PublicationChannel.UNION],
        published_on=day,
        posted_until=posted_until or publishing.posting_end(org, day),
        summary=summary[:2000],
    )


@transaction.atomic
def resolution_task(
    *,
    actor: User,
    resolution: Resolution,
    title: str,
    deliverable: str,
    lead: User | Agency | None,
    due_on: dt.date | None,
) -> Any:
    """A task of the resolution, with its one lead (the tasks module)."""
    from danchu.tasks import services as tasks
    from danchu.tasks.models import SourceKind

    conference = resolution.conference
    require(actor, "tasks.assign", conference.agency)
    if resolution.adopted_on is None:
        invalid({"__all__": [_("Tasks are given from an adopted resolution.")]})
    return tasks.task_create(
        actor=actor,
        agency=conference.agency,
        title=title,
        deliverable=deliverable,
        authority=_stored(gettext_noop("Resolution %(n)s of the staff conference"))
        % {"n": resolution.number},
        leads=[lead] if lead is not None else [],
        start_on=today(),
        due_on=due_on,
        source_kind=SourceKind.RESOLUTION,
        source_id=resolution.pk,
        source_label=resolution.number,
        assigned_on=today(),
    )


@transaction.atomic
def review_record(
    *, actor: User, review: ResolutionReview, summary: str, publish: bool = True
) -> ResolutionReview:
    """The head and the union review the resolution and tell staff the result; the next
    review is scheduled 6 months on (until the next annual conference's resolution)."""
    resolution = review.resolution
    conference = resolution.conference
    require(actor, "conference.convene", conference)
    review = ResolutionReview.objects.select_for_update().get(pk=review.pk)
    errors: dict[str, list[str]] = {}
    if review.held_on is not None:
        errors["__all__"] = [_("This review is already recorded.")]
    if not summary.strip():
        errors["summary"] = [_("Write the result of the review.")]
    invalid(errors)
    review.held_on, review.summary = today(), summary.strip()
    if publish:
        review.publication = _publish(
            actor,
            conference,
            _stored(gettext_noop("Review of resolution %(n)s (%(day)s)"))
            % {"n": resolution.number, "day": _vn(review.held_on)},
            resolution.number,
            review.held_on,
            review.summary,
            None,
        )
    review.save(update_fields=["held_on", "summary", "publication"])
    newer = Resolution.objects.filter(
        conference__agency=conference.agency, adopted_on__gt=resolution.adopted_on
    ).exists()
    if not newer:
        due = clock_deadline(
            code="conference.resolution_review", agency=conference.agency, started_on=review.due_on
        )
        assert due is not None
        ResolutionReview.objects.create(resolution=resolution, due_on=due)
    _record(
        actor, conference.agency, "resolution.review", review, {"held_on": [None, review.held_on]}
    )
    return review


# --- dialogues --------------------------------------------------------------------------------


def dialogue_due(org: Agency) -> dt.date | None:
    """When the next periodic dialogue is due: the rule's interval after the last one held
    (the unit's regulation may set a shorter one); None before any was held."""
    last = (
        Dialogue.objects.filter(agency=org, state=DialogueState.HELD).order_by("-held_on").first()
    )
    if last is None or last.held_on is None:
        return None
    return clock_deadline(code="dialogue.interval", agency=org, started_on=last.held_on)


@transaction.atomic
def dialogue_create(
    *,
    actor: User | None,
    agency: Agency,
    title: str,
    reason: str,
    held_on: dt.date | None,
    place: str,
    chair: User | None,
    basis: str = "",
) -> Dialogue:
    org = _org(agency)
    require(actor, "dialogue.manage", org)
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Give the dialogue a subject.")]
    if reason not in DialogueReason.values:
        errors["reason"] = [_("Say why the dialogue is held.")]
    if held_on is None or held_on < today():
        errors["held_on"] = [_("A dialogue is planned for today or a later day.")]
    if not place.strip():
        errors["place"] = [_("Say where it is held.")]
    if chair is None or chair.pk not in staff(org):
        errors["chair"] = [_("Choose who chairs it (the head or a deputy).")]
    errors |= _too_long(title=title, place=place, basis=basis)
    invalid(errors)
    dialogue = Dialogue.objects.create(
        agency=org,
        title=title.strip(),
        reason=reason,
        basis=basis.strip(),
        state=DialogueState.PLANNED,
        held_on=held_on,
        place=place.strip(),
        chair=chair,
    )
    _record(
        actor, org, "dialogue.plan", dialogue, as_created({"held_on": held_on, "reason": reason})
    )
    return dialogue


@transaction.atomic
def dialogue_require(*, actor: User, agency: Agency, title: str, basis: str) -> Dialogue:
    """The inspection board requires the head to hold a dialogue (Law 10/2022 Art. 63.1.b)."""
    org = _org(agency)
    require(actor, "dialogue.require", org)
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Say what the dialogue should be about.")]
    if not basis.strip():
        errors["basis"] = [_("Name the board's document requiring it.")]
    errors |= _too_long(title=title, basis=basis)
    invalid(errors)
    dialogue = Dialogue.objects.create(
        agency=org,
        title=title.strip(),
        reason=DialogueReason.BOARD,
        basis=basis.strip(),
        state=DialogueState.REQUIRED,
    )
    _record(actor, org, "dialogue.require", dialogue, as_created({"basis": dialogue.basis}))
    return dialogue


@transaction.atomic
def dialogue_schedule(
    *, actor: User, dialogue: Dialogue, held_on: dt.date, place: str, chair: User
) -> Dialogue:
    require(actor, "dialogue.manage", dialogue)
    dialogue = Dialogue.objects.select_for_update().get(pk=dialogue.pk)
    errors: dict[str, list[str]] = {}
    if dialogue.state == DialogueState.HELD:
        errors["__all__"] = [_("The dialogue has been held.")]
    if held_on is None or held_on < today():
        errors["held_on"] = [_("A dialogue is planned for today or a later day.")]
    if not place.strip():
        errors["place"] = [_("Say where it is held.")]
    if chair is None or chair.pk not in staff(dialogue.agency):
        errors["chair"] = [_("Choose who chairs it (the head or a deputy).")]
    errors |= _too_long(place=place)
    invalid(errors)
    before = dialogue.held_on
    dialogue.state, dialogue.held_on, dialogue.place, dialogue.chair = (
        DialogueState.PLANNED,
        held_on,
        place.strip(),
        chair,
    )
    dialogue.save(update_fields=["state", "held_on", "place", "chair"])
    _record(actor, dialogue.agency, "dialogue.schedule", dialogue, {"held_on": [before, held_on]})
    return dialogue


@transaction.atomic
def question_ask(
    *, actor: User, dialogue: Dialogue, text: str, anonymous: bool = False
) -> Question:
    """A question before or during the session. Anonymous: no author, the day only, no audit
    event — nothing stored links it to the person."""
    require(actor, "dialogue.ask", dialogue)
    errors: dict[str, list[str]] = {}
    if dialogue.state == DialogueState.HELD:
        errors["__all__"] = [_("The dialogue is over; questions are closed.")]
    elif dialogue.state == DialogueState.REQUIRED:
        errors["__all__"] = [_("The dialogue is not scheduled yet.")]
    if not text.strip():
        errors["text"] = [_("Write your question.")]
    invalid(errors)
    question = Question.objects.create(
        dialogue=dialogue,
        author=None if anonymous else actor,
        asked_on=today(),
        in_session=dialogue.held_on == today(),
        text=text.strip(),
    )
    if not anonymous:
        _record(
            actor,
            dialogue.agency,
            "dialogue.ask",
            dialogue,
            {"question": [None, question.text[:80]]},
        )
    return question


@transaction.atomic
def question_upvote(*, actor: User, question: Question) -> Question:
    dialogue = Dialogue.objects.select_related("agency").get(pk=question.dialogue_id)
    require(actor, "dialogue.ask", dialogue)
    question = Question.objects.select_for_update().get(pk=question.pk)  # a double click waits
    if dialogue.state == DialogueState.HELD:
        invalid({"__all__": [_("The dialogue is over.")]})
    if Upvote.objects.filter(question=question, person=actor).exists():
        invalid({"__all__": [_("You have already supported this question.")]})
    Upvote.objects.create(question=question, person=actor)
    Question.objects.filter(pk=question.pk).update(upvotes=F("upvotes") + 1)
    question.refresh_from_db()
    return question


@transaction.atomic
def question_answer(*, actor: User, question: Question, answer: str) -> Question:
    dialogue = Dialogue.objects.select_related("agency").get(pk=question.dialogue_id)
    require(actor, "dialogue.answer", dialogue)
    question = Question.objects.select_for_update().get(pk=question.pk)
    errors: dict[str, list[str]] = {}
    if question.answered_on is not None:
        errors["__all__"] = [_("This question is already answered.")]
    if not answer.strip():
        errors["answer"] = [_("Write the answer.")]
    invalid(errors)
    question.answer, question.answered_on = answer.strip(), today()
    question.answered_in_session = dialogue.held_on == today()
    question.save(update_fields=["answer", "answered_on", "answered_in_session"])
    _record(
        actor,
        dialogue.agency,
        "dialogue.answer",
        dialogue,
        {"answered": [None, question.text[:80]]},
    )
    return question


@transaction.atomic
def dialogue_close(*, actor: User, dialogue: Dialogue, minutes: str) -> Dialogue:
    require(actor, "dialogue.manage", dialogue)
    dialogue = Dialogue.objects.select_for_update().get(pk=dialogue.pk)
    errors: dict[str, list[str]] = {}
    if (
        dialogue.state != DialogueState.PLANNED
        or dialogue.held_on is None
        or dialogue.held_on > today()
    ):
        errors["__all__"] = [_("The minutes are written on or after the day of the dialogue.")]
    if not minutes.strip():
        errors["minutes"] = [_("Write the minutes.")]
    invalid(errors)
    dialogue.state, dialogue.minutes, dialogue.closed_on = (
        DialogueState.HELD,
        minutes.strip(),
        today(),
    )
    dialogue.save(update_fields=["state", "minutes", "closed_on"])
    _record(actor, dialogue.agency, "dialogue.close", dialogue, {"state": ["planned", "held"]})
    return dialogue


@transaction.atomic
def dialogue_commit(
    *,
    actor: User,
    dialogue: Dialogue,
    title: str,
    deliverable: str,
    lead: User | Agency | None,
    due_on: dt.date | None,
) -> Any:
    """A commitment made in the dialogue becomes a tracked task with one lead."""
    from danchu.tasks import services as tasks
    from danchu.tasks.models import SourceKind

    require(actor, "tasks.assign", dialogue.agency)
    if dialogue.state == DialogueState.REQUIRED:
        invalid({"__all__": [_("Commitments are made at a dialogue that is scheduled or held.")]})
    return tasks.task_create(
        actor=actor,
        agency=dialogue.agency,
        title=title,
        deliverable=deliverable,
        authority=_stored(gettext_noop("Dialogue of %(day)s: %(title)s"))
        % {"day": _vn(dialogue.held_on or today()), "title": dialogue.title},
        leads=[lead] if lead is not None else [],
        start_on=today(),
        due_on=due_on,
        source_kind=SourceKind.DIALOGUE,
        source_id=dialogue.pk,
        source_label=dialogue.title,
        assigned_on=today(),
    )
