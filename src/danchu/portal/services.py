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
from danchu.core.audit import audit_record
from danchu.core.errors import DomainError, NotFound
from danchu.core.models import Agency
from danchu.letters import services as letters
from danchu.letters import vault
from danchu.letters.models import OPEN_STATES, SETTLED_STATES, Channel, Kind, Letter, State
from danchu.portal.models import EmailChallenge, Filing

CODE_VALIDITY = dt.timedelta(minutes=15)
PROOF_VALIDITY = dt.timedelta(hours=1)  # a proven address may send within this time
KINDS = (Kind.PETITION, Kind.COMPLAINT, Kind.DENUNCIATION)
MAX_FILES = 5
MAX_FILE = 10 * uploads.MB
KEY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud, typed by hand
KEY_LENGTH = 12


def _digest(secret: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), secret.encode(), hashlib.sha256).hexdigest()


def _invalid(errors: dict[str, list[str]]) -> None:
    if errors:
        first = next(iter(errors.values()))[0]
        raise DomainError("invalid", first, fields=errors)


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        _invalid({"email": [_("Enter a valid e-mail address.")]})
    return email


# --- proving an e-mail address ---------------------------------------------------------------


@transaction.atomic
def email_code_send(*, email: str) -> EmailChallenge:
    """Send a fresh 6-digit code to ``email``; only its keyed hash is kept. A mail server that
    refuses the message leaves nothing behind."""
    email = normalise_email(email)
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
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
        raise DomainError(
            "mail_failed",
            _("The code could not be sent to this address now. Please try again later."),
            status=503,
        ) from exc
    return challenge


def email_code_check(*, email: str, code: str) -> EmailChallenge:
    """Prove ``email`` with the code last sent to it. A wrong code counts against the code
    (at most 5 tries) and is refused; an expired or used-up one asks for a new code."""
    email = normalise_email(email)
    code = code.strip()
    with transaction.atomic():
        challenge = (
            EmailChallenge.objects.select_for_update()
            .filter(email=email, verified_at=None, expires_at__gt=timezone.now())
            .order_by("-created_at")
            .first()
        )
        usable = challenge is not None and challenge.attempts < EmailChallenge.ATTEMPTS
        right = usable and hmac.compare_digest(challenge.code_hash, _digest(f"{email}:{code}"))  # type: ignore[union-attr]
        if challenge is not None and usable:
            if right:
                challenge.verified_at = timezone.now()
            else:
                challenge.attempts += 1
            challenge.save(update_fields=["verified_at", "attempts"])
    if not usable:
        _invalid(
            {"code": [_("This code has expired or was used too many times: ask for a new one.")]}
        )
    if not right:
        raise NotFound(_("This is not the code we sent. Check the e-mail and try again."))
    return challenge  # type: ignore[return-value]


# --- sending a letter ------------------------------------------------------------------------


@dataclass
class LetterIn:
    kind: str
    matter: str
    content: str
    name: str
    email: str
    address: str = ""
    id_number: str = ""
    phone: str = ""
    protect: bool = False
    files: list[uploads.FileIn] = field(default_factory=list)


@dataclass(frozen=True)
class Sent:
    letter: Letter
    key: str  # shown once to the sender; only its hash is kept


def new_key() -> str:
    return "".join(secrets.choice(KEY_ALPHABET) for _ in range(KEY_LENGTH))


def show_key(key: str) -> str:
    return "-".join(key[i : i + 4] for i in range(0, len(key), 4))


def _clean_key(key: str) -> str:
    return "".join(c for c in key.upper() if c.isalnum())


@transaction.atomic
def letter_send(*, agency: Agency, data: LetterIn, submission: str = "") -> Sent:
    """Register a letter sent by a citizen whose e-mail address was proven. The same
    ``submission`` (the form's token) returns the letter already registered, not a second one:
    the key was shown the first time, so it comes back empty."""
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
    _invalid(errors)
    email = normalise_email(data.email)
    idempotency = f"portal:{submission}" if submission else ""
    if idempotency and Letter.objects.filter(agency=org, idempotency_key=idempotency).exists():
        return Sent(letter=Letter.objects.get(agency=org, idempotency_key=idempotency), key="")
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
        scans=[letters.ScanIn(f.name, uploads.content_type(f.name), f.data) for f in data.files],
        idempotency_key=idempotency,
    )
    key = new_key()
    Filing.objects.create(letter=letter, key_hash=_digest(f"{letter.code}:{key}"))
    return Sent(letter=letter, key=key)


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


def _contact(letter: Letter) -> str:
    """The sender's e-mail: the signatory's, or read from the vault for a protected letter
    (by the system, to send this message; the address is never written anywhere else)."""
    if letter.protected:
        identity = letters.identity_of(letter)
        emails = [p.email for p in identity.people] if identity is not None else []
    else:
        emails = [s.email for s in letter.signatories.all()]
    return next((e for e in emails if e), "")


def notify_answered(*, follow_url: str) -> int:
    """Tell each sender whose letter is settled (all its parts, for a split one) that the
    answer can be read with their key; once per letter. Returns how many were told."""
    told = 0
    waiting = Filing.objects.filter(notified_at=None).select_related("letter", "letter__agency")
    for filing in waiting.exclude(letter__state__in=OPEN_STATES):
        letter = filing.letter
        if not _settled(letter):
            continue
        email = _contact(letter)
        with transaction.atomic():
            filing = Filing.objects.select_for_update().get(pk=filing.pk)
            if filing.notified_at is not None:
                continue
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
            filing.notified_at = timezone.now()
            filing.save(update_fields=["notified_at"])
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
