"""What a citizen does on the portal without an account: prove an e-mail address with a code,
send a letter (petition, report, complaint or denunciation) and follow it with its key; and the
job that tells the sender when the answer is there.

A letter sent here is registered by the letters app's own intake (``letter_receive``), on the
same clocks as one handed in at the desk: a denunciation, or a letter whose sender asks for it,
goes to the identity vault before anything is written in clear.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core import throttle, uploads
from danchu.core.audit import audit_record, without_request_id
from danchu.core.errors import DomainError, NotFound, invalid
from danchu.core.models import Agency
from danchu.letters import services as letters
from danchu.letters import vault
from danchu.letters.models import OPEN_STATES, SETTLED_STATES, Channel, Kind, Letter, State
from danchu.portal.models import EmailChallenge, Filing

logger = logging.getLogger(__name__)
CODE_VALIDITY = dt.timedelta(minutes=15)
PROOF_VALIDITY = dt.timedelta(hours=1)  # a proven address may send within this time
KINDS = (Kind.PETITION, Kind.COMPLAINT, Kind.DENUNCIATION)
MAX_FILES = 5
MAX_FILE = 10 * uploads.MB
KEY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud, typed by hand
KEY_LENGTH = 12


def _digest(secret: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), secret.encode(), hashlib.sha256).hexdigest()


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        invalid({"email": [_("Enter a valid e-mail address.")]})
    return email


# --- proving an e-mail address ---------------------------------------------------------------


def email_code_send(*, email: str) -> EmailChallenge:
    """Send a fresh 6-digit code to ``email``; only its keyed hash is kept. The mail goes out
    after the row is committed (no transaction waits on the mail server); a server that
    refuses it leaves nothing behind."""
    email = normalise_email(email)
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    with transaction.atomic():
        challenge = EmailChallenge.objects.create(
            email=email,
            code_hash=_digest(f"{email}:{code}"),
            created_at=now,
            expires_at=now + CODE_VALIDITY,
        )
    body = _(
        "Your code to send a letter on the Danchu public portal is %(code)s.\n"
        "It is valid for %(minutes)d minutes. If you did not ask for it, ignore this message."
    ) % {"code": code, "minutes": int(CODE_VALIDITY.total_seconds() // 60)}
    try:
        send_mail(_("Your Danchu code: %(code)s") % {"code": code}, body, None, [email])
    except OSError as exc:
        challenge.delete()
        raise DomainError(
            "mail_failed",
            _("The code could not be sent to this address now. Please try again later."),
            status=503,
        ) from exc
    return challenge


def email_code_check(*, challenge: int, code: str) -> EmailChallenge:
    """Prove the address of ``challenge`` with its code. A wrong code counts against it (at
    most 5 tries) and is "not found"; an expired or used-up one asks for a new code."""
    code = code.strip()
    with transaction.atomic():
        found = (
            EmailChallenge.objects.select_for_update()
            .filter(pk=challenge, verified_at=None, expires_at__gt=timezone.now())
            .first()
        )
        usable = found is not None and found.attempts < EmailChallenge.ATTEMPTS
        right = (
            found is not None
            and usable
            and hmac.compare_digest(found.code_hash, _digest(f"{found.email}:{code}"))
        )
        if found is not None and usable:
            if right:
                found.verified_at = timezone.now()
            else:
                found.attempts += 1
            found.save(update_fields=["verified_at", "attempts"])
    if found is None or not usable:
        invalid(
            {"code": [_("This code has expired or was used too many times: ask for a new one.")]}
        )
    if not right:
        raise NotFound(_("This is not the code we sent. Check the e-mail and try again."))
    return found  # type: ignore[return-value]


def _proven(challenge: int | None, *, lock: bool = False) -> EmailChallenge | None:
    if challenge is None:
        return None
    rows = EmailChallenge.objects.filter(
        pk=challenge, verified_at__gt=timezone.now() - PROOF_VALIDITY
    )
    return (rows.select_for_update() if lock else rows).first()


def proven_email(challenge: int | None) -> str:
    """The address a verified, unused challenge proves (within the hour), or ""."""
    found = _proven(challenge)
    return found.email if found is not None else ""


def pending_email(challenge: int | None) -> str:
    """The address a code was sent to and not yet proven, or ""."""
    if challenge is None:
        return ""
    found = EmailChallenge.objects.filter(pk=challenge, verified_at=None).first()
    return found.email if found is not None else ""


# --- sending a letter ------------------------------------------------------------------------


@dataclass
class LetterIn:
    kind: str
    matter: str
    content: str
    name: str
    address: str = ""
    id_number: str = ""
    phone: str = ""
    protect: bool = False
    files: list[uploads.FileIn] = field(default_factory=list)


@dataclass(frozen=True)
class Sent:
    letter: Letter
    key: str  # shown once to the sender; only its hash is kept; "" for a repeated form


def new_key() -> str:
    return "".join(secrets.choice(KEY_ALPHABET) for _ in range(KEY_LENGTH))


def show_key(key: str) -> str:
    return "-".join(key[i : i + 4] for i in range(0, len(key), 4))


def _clean_key(key: str) -> str:
    return "".join(c for c in key.upper() if c.isalnum())


def _repeat(org: Agency, submission: str) -> Sent | None:
    if not submission:
        return None
    found = Letter.objects.filter(agency=org, idempotency_key=f"portal:{submission}").first()
    return Sent(letter=found, key="") if found is not None else None


@transaction.atomic
def letter_send(*, agency: Agency, proof: int | None, data: LetterIn, submission: str = "") -> Sent:
    """Register the letter of a citizen who proved an e-mail address (``proof``: the verified
    challenge, used up here). The same ``submission`` (the form's token) returns the letter
    already registered, not a second one."""
    org = agency.organisation or agency
    repeated = _repeat(org, submission)
    if repeated is not None:
        return repeated
    challenge = _proven(proof, lock=True)
    if challenge is None:
        # A second click waited on the lock while the first registered the letter and used
        # the proof up: it is the same letter, not a refusal.
        repeated = _repeat(org, submission)
        if repeated is not None:
            return repeated
        raise DomainError("unproven", _("First prove your e-mail address with a code."), status=403)
    email = challenge.email
    sent = register(agency=org, email=email, data=data, submission=submission)
    # The address now lives with the letter (sealed when it is protected): no code row, used
    # or not, keeps it in clear next to the letter's time.
    EmailChallenge.objects.filter(email=email).delete()
    if sent.key:
        transaction.on_commit(lambda: _acknowledge(email, sent))
    return sent


def _acknowledge(email: str, sent: Sent) -> None:
    """Mail the sender the letter's code and key (after the commit, outside any transaction;
    a mail server that fails is logged: the page showed both already)."""
    letter = sent.letter
    try:
        send_mail(
            _("Your letter %(code)s was received") % {"code": letter.code},
            _(
                "%(unit)s received your letter on %(day)s.\n"
                "Letter code: %(code)s\nKey: %(key)s\n"
                "Follow it with both on the citizens' portal. Keep this message: the key is not "
                "shown again."
            )
            % {
                "unit": letter.agency.name,
                "day": letter.received_on.strftime("%d/%m/%Y"),
                "code": letter.code,
                "key": show_key(sent.key),
            },
            None,
            [email],
        )
    except OSError:
        logger.warning("portal: the receipt of %s was not mailed", letter.code)


def register(*, agency: Agency, email: str, data: LetterIn, submission: str = "") -> Sent:
    """The letter itself, from an address already proven (the demo passes one directly)."""
    org = agency.organisation or agency
    errors: dict[str, list[str]] = {}
    if data.kind not in KINDS:
        errors["kind"] = [_("Choose what you are sending.")]
    if not data.name.strip():
        errors["name"] = [_("Give your full name: the agency answers you by name.")]
    if not data.matter.strip():
        errors["matter"] = [_("Say in a line what your letter is about.")]
    if len(data.content.strip()) < 20:
        errors["content"] = [_("Describe the matter (at least 20 characters).")]
    errors |= uploads.upload_errors(
        data.files,
        kinds=(*uploads.PDF, *uploads.IMAGES),
        max_bytes=MAX_FILE,
        max_files=MAX_FILES,
        field="attachments",
    )
    invalid(errors)
    email = normalise_email(email)
    # No request id on any portal letter's events: a letter made a denunciation later is
    # protected then, and a proxy's log must not tie its sender's address to it.
    with transaction.atomic(), without_request_id():
        letter = letters.letter_receive(
            actor=None,
            agency=org,
            received_on=timezone.localdate(),
            channel=Channel.PORTAL,
            kind=data.kind,
            protected=data.protect,
            matter=data.matter,
            content=data.content,
            signatories=[
                vault.Person(
                    name=data.name.strip(),
                    address=data.address.strip(),
                    id_number=data.id_number.strip(),
                    phone=data.phone.strip(),
                    email=email,
                )
            ],
            scans=[
                letters.ScanIn(f.name, uploads.content_type(f.name), f.data) for f in data.files
            ],
            idempotency_key=f"portal:{submission}" if submission else "",
        )
        key = new_key()
        contact = vault.seal(vault.Identity(people=[vault.Person(name="", email=email)]))
        _filing, created = Filing.objects.get_or_create(
            letter=letter,
            defaults={"key_hash": _digest(f"{letter.code}:{key}"), "contact": contact},
        )
    return Sent(letter=letter, key=key if created else "")


# --- following it ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicLetter:
    """What the sender, and only the key's holder, sees of a letter: no staff, no notes."""

    code: str
    kind: str
    state: str
    received_on: dt.date
    due_on: dt.date | None
    settled: bool
    settled_on: dt.date | None
    forwarded_to: str
    outcome_number: str
    outcome_date: dt.date | None
    outcome: str
    parts: list[PublicLetter]


def _public(letter: Letter) -> PublicLetter:
    parts = (
        [_public(p) for p in letter.parts.order_by("code")] if letter.state == State.SPLIT else []
    )
    return PublicLetter(
        code=letter.code,
        kind=letter.get_kind_display(),
        state=letter.get_state_display(),
        received_on=letter.received_on,
        due_on=letter.current_due_on if letter.is_open else None,
        settled=_settled(letter),
        settled_on=letter.settled_on,
        forwarded_to=letter.forwarded_to,
        outcome_number=letter.outcome_number,
        outcome_date=letter.outcome_date,
        outcome=letter.outcome_summary,
        parts=parts,
    )


def _settled(letter: Letter) -> bool:
    if letter.state == State.SPLIT:
        return not letter.parts.exclude(state__in=SETTLED_STATES).exists()
    return letter.state in SETTLED_STATES


def letter_follow(*, code: str, key: str) -> PublicLetter:
    """The state of a letter sent from the portal, to whoever holds its code and key. A wrong
    pair is "not found", as an unknown code is."""
    code = code.strip().upper()
    filing = Filing.objects.select_related("letter").filter(letter__code=code).first()
    if filing is None or not hmac.compare_digest(
        filing.key_hash, _digest(f"{filing.letter.code}:{_clean_key(key)}")
    ):
        raise NotFound(_("No letter matches this code and this key."))
    return _public(filing.letter)


# --- telling the sender ----------------------------------------------------------------------


def _contact(filing: Filing) -> str:
    """The sender's proven address, sealed on the filing (never the letter's vault)."""
    if filing.contact is None:
        return ""
    people = vault.unseal(bytes(filing.contact)).people
    return people[0].email if people else ""


def notify_answered(*, follow_url: str) -> int:
    """Tell each sender whose letter is settled (all its parts, for a split one) that the
    answer can be read with their key. Each filing is claimed first (one run tells it, even
    with two running), the mail sent, then recorded; a failure gives the claim back for the
    next run and goes on with the others. Returns how many were told."""
    told = 0
    waiting = Filing.objects.filter(notified_at=None).select_related("letter", "letter__agency")
    for filing in waiting.exclude(letter__state__in=OPEN_STATES):
        letter = filing.letter
        if not _settled(letter):
            continue
        claimed = Filing.objects.filter(pk=filing.pk, notified_at=None)
        if not claimed.update(notified_at=timezone.now()):
            continue
        try:
            email = _contact(filing)
            if email:
                send_mail(
                    _("Your letter %(code)s has been answered") % {"code": letter.code},
                    _(
                        "%(unit)s has answered your letter %(code)s.\n"
                        "Read the answer at %(url)s with the letter's code and the key you "
                        "were given when you sent it."
                    )
                    % {"unit": letter.agency.name, "code": letter.code, "url": follow_url},
                    None,
                    [email],
                )
        except Exception:
            logger.exception("portal: the answer notice of %s was not sent", letter.code)
            Filing.objects.filter(pk=filing.pk).update(notified_at=None)
            continue
        with transaction.atomic():
            audit_record(
                actor=None,
                agency=letter.agency,
                verb="portal.notify",
                obj=letter,
                changes={"notified": [False, bool(email)]},
            )
        told += 1
    return told


def purge() -> dict[str, int]:
    """Forget what the portal keeps only for a while: e-mail codes older than a day and the
    misses of the throttle."""
    old = timezone.now() - dt.timedelta(days=1)
    codes, _ = EmailChallenge.objects.filter(created_at__lt=old).delete()
    return {"codes": codes, "misses": throttle.purge()}
