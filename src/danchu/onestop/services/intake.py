"""Intake at the desk: receive a complete dossier, or refuse it with a slip."""

from __future__ import annotations

import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.audit import audit_record
from danchu.core.errors import DomainError
from danchu.core.models import Agency, User
from danchu.core.services import require
from danchu.onestop.models import (
    ApplicantKind,
    Channel,
    Dossier,
    Handover,
    Procedure,
    SlipKind,
    State,
    Timeliness,
)
from danchu.onestop.services.common import (
    _day,
    _deadline,
    _hand_to,
    _issue,
    _now,
    _pick,
    _step_due,
    _steps,
    dossier_code,
    next_number,
)

CCCD = re.compile(r"^\d{12}$")  # citizen identity card
CMND = re.compile(r"^\d{9}$")  # the older identity card, still valid on old dossiers
TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")  # an organisation's tax code (branch suffix)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _check_applicant(kind: str, name: str, id_number: str, email: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if kind not in ApplicantKind.values:
        errors["applicant_kind"] = [_("Choose a person or an organisation.")]
    if not name.strip():
        errors["applicant_name"] = [_("This field is required.")]
    if kind == ApplicantKind.PERSON and not (CCCD.match(id_number) or CMND.match(id_number)):
        errors["applicant_id"] = [_("A citizen ID number has 12 digits (9 on an old card).")]
    if kind == ApplicantKind.ORGANISATION and not TAX_CODE.match(id_number):
        errors["applicant_id"] = [_("A tax code has 10 digits, or 13 as 10-3 for a branch.")]
    if email and not EMAIL.match(email):
        errors["applicant_email"] = [_("Enter a valid email address.")]
    return errors


def _intake(
    *,
    actor: User,
    agency: Agency,
    procedure: Procedure,
    applicant_kind: str,
    applicant_name: str,
    applicant_id: str,
    applicant_phone: str,
    applicant_email: str,
    applicant_address: str,
    channel: str,
    documents: list[int],
    at: dt.datetime | None,
    idempotency_key: str | None,
    refusing: bool,
) -> tuple[Dossier | None, Dossier]:
    """Shared checks and the new row; returns (existing dossier for the key, new dossier)."""
    require(actor, "onestop.receive", agency)
    if procedure.agency_id != agency.pk or procedure.current is None:
        raise DomainError(
            "invalid",
            _("This procedure is not in the unit's catalogue."),
            fields={"procedure": [_("Unknown procedure.")]},
        )
    if not procedure.is_published:
        raise DomainError(
            "invalid",
            _("This procedure is not published."),
            fields={"procedure": [_("Not published.")]},
        )
    if idempotency_key:
        found = Dossier.objects.filter(agency=agency, idempotency_key=idempotency_key).first()
        if found is not None:
            return found, found
    at = _now(at)
    if at > timezone.now() + dt.timedelta(minutes=5):
        raise DomainError(
            "future",
            _("The receipt time cannot be in the future."),
            fields={"received_at": [_("Date in the future.")]},
        )
    applicant_id = applicant_id.strip().replace(" ", "")
    errors = _check_applicant(applicant_kind, applicant_name, applicant_id, applicant_email)
    if channel not in Channel.values:
        errors["channel"] = [_("Unknown channel.")]
    version = procedure.current
    required = {d.order: d for d in version.documents.all()}
    unknown = sorted(set(documents) - set(required))
    if unknown:
        errors["documents"] = [
            _("Unknown documents: %(list)s.") % {"list": ", ".join(str(n) for n in unknown)}
        ]
    missing = [required[o].name for o in sorted(set(required) - set(documents))]
    if missing and not refusing:
        errors["documents"] = [
            _("Missing required documents: %(list)s.") % {"list": "; ".join(missing)}
        ]
    if errors:
        raise DomainError("invalid", next(iter(errors.values()))[0], fields=errors)
    day = _day(at)
    number = next_number(agency, f"dossier:{day.isoformat()}")
    dossier = Dossier(
        agency=agency,
        code=dossier_code(agency, day, number),
        procedure=procedure,
        version=version,
        applicant_kind=applicant_kind,
        applicant_name=applicant_name.strip(),
        applicant_id=applicant_id,
        applicant_phone=applicant_phone.strip(),
        applicant_email=applicant_email.strip(),
        applicant_address=applicant_address.strip(),
        channel=channel,
        documents=[
            {
                "order": o,
                "name": required[o].name,
                "copies": required[o].copies,
                "kind": required[o].kind,
            }
            for o in sorted(documents)
        ],
        received_at=at,
        received_on=day,
        received_by=actor,
        idempotency_key=idempotency_key,
    )
    return None, dossier


_REPLAY = "_danchu_idempotent_replay"


def is_replay(dossier: Dossier) -> bool:
    """Whether intake returned the dossier an earlier request with the same key created."""
    return bool(getattr(dossier, _REPLAY, False))


def _replay(dossier: Dossier) -> Dossier:
    setattr(dossier, _REPLAY, True)
    return dossier


def _lost_race(saved: Dossier) -> Dossier:
    """A concurrent request with the same key inserted first: undo this transaction's writes
    (the daily number taken, which would leave a gap in the unit's codes) and return its
    dossier."""
    transaction.set_rollback(True)
    return _replay(saved)


def _save_new(dossier: Dossier) -> Dossier:
    """Insert; a concurrent request with the same idempotency key wins and is returned."""
    try:
        with transaction.atomic():
            dossier.save(force_insert=True)
    except IntegrityError:
        if dossier.idempotency_key:
            found = Dossier.objects.filter(
                agency=dossier.agency, idempotency_key=dossier.idempotency_key
            ).first()
            if found is not None:
                return found
        raise
    return dossier


def dossier_receive(
    *,
    actor: User,
    agency: Agency,
    procedure: Procedure,
    applicant_kind: str,
    applicant_name: str,
    applicant_id: str,
    documents: list[int],
    channel: str = Channel.IN_PERSON,
    applicant_phone: str = "",
    applicant_email: str = "",
    applicant_address: str = "",
    at: dt.datetime | None = None,
    idempotency_key: str | None = None,
    to_user: User | None = None,
) -> Dossier:
    """Receive a complete dossier: a code, the appointment date from the calendar, the receipt
    slip, and the second step handed to ``to_user`` (or the least-loaded holder of its role).

    ``documents`` are the orders of the required documents checked; all must be there. The same
    ``idempotency_key`` returns the first dossier instead of a second one.
    """
    with transaction.atomic():
        existing, dossier = _intake(
            actor=actor,
            agency=agency,
            procedure=procedure,
            applicant_kind=applicant_kind,
            applicant_name=applicant_name,
            applicant_id=applicant_id,
            applicant_phone=applicant_phone,
            applicant_email=applicant_email,
            applicant_address=applicant_address,
            channel=channel,
            documents=documents,
            at=at,
            idempotency_key=idempotency_key,
            refusing=False,
        )
        if existing is not None:
            return _replay(existing)
        steps = _steps(dossier)
        dossier.due_on = dossier.appointment_on = _deadline(dossier)
        saved = _save_new(dossier)
        if saved is not dossier:
            return _lost_race(saved)
        at = dossier.received_at
        first = steps[0]
        Handover.objects.create(
            dossier=dossier,
            step_order=first.order,
            step_name=first.name,
            from_user=None,
            to_user=actor,
            started_at=at,
            due_on=_step_due(agency, _day(at), first),
            finished_at=at,
            timeliness=Timeliness.ON_TIME,
        )
        _hand_to(dossier, steps[1], _pick(agency, steps[1], to_user, _day(at)), actor, at)
        dossier.save(update_fields=["step_order", "assignee", "division", "handler"])
        _issue(
            dossier,
            SlipKind.RECEIPT,
            actor,
            at,
            {
                "appointment_on": dossier.appointment_on.isoformat()
                if dossier.appointment_on
                else None,
                "documents": dossier.documents,
            },
        )
        audit_record(
            actor=actor,
            agency=agency,
            verb="dossier.receive",
            obj=dossier,
            changes={
                "state": [None, dossier.state],
                "code": [None, dossier.code],
                "due_on": [None, dossier.due_on],
                "assignee_id": [None, dossier.assignee_id],
            },
        )
        return dossier


def dossier_refuse_intake(
    *,
    actor: User,
    agency: Agency,
    procedure: Procedure,
    applicant_kind: str,
    applicant_name: str,
    applicant_id: str,
    reasons: str,
    documents: list[int] | None = None,
    channel: str = Channel.IN_PERSON,
    applicant_phone: str = "",
    applicant_email: str = "",
    applicant_address: str = "",
    at: dt.datetime | None = None,
    idempotency_key: str | None = None,
) -> Dossier:
    """Refuse to accept a dossier, with reasons: it is registered and a refusal slip issued."""
    if not reasons.strip():
        raise DomainError(
            "invalid",
            _("Give the reasons for refusing the dossier."),
            fields={"reasons": [_("This field is required.")]},
        )
    with transaction.atomic():
        existing, dossier = _intake(
            actor=actor,
            agency=agency,
            procedure=procedure,
            applicant_kind=applicant_kind,
            applicant_name=applicant_name,
            applicant_id=applicant_id,
            applicant_phone=applicant_phone,
            applicant_email=applicant_email,
            applicant_address=applicant_address,
            channel=channel,
            documents=documents or [],
            at=at,
            idempotency_key=idempotency_key,
            refusing=True,
        )
        if existing is not None:
            return _replay(existing)
        dossier.state = State.REFUSED_AT_INTAKE
        dossier.reasons = reasons.strip()
        saved = _save_new(dossier)
        if saved is not dossier:
            return _lost_race(saved)
        _issue(dossier, SlipKind.REFUSAL, actor, dossier.received_at, {"reasons": dossier.reasons})
        audit_record(
            actor=actor,
            agency=agency,
            verb="dossier.refuse_intake",
            obj=dossier,
            changes={"state": [None, dossier.state], "reasons": [None, dossier.reasons]},
        )
        return dossier
