"""Two-factor login with time-based one-time codes (TOTP, RFC 6238: HMAC-SHA1, 30 s, 6 digits),
the codes of any authenticator app (Google Authenticator, Microsoft Authenticator, FreeOTP).

Required (``DANCHU_TWO_FACTOR``, on by default in production) of whoever can do the most
harm with a stolen password: system administrators and Django superusers, heads and deputy
heads of an organisation, and anyone designated to open the identity vault. Such a person
enrols on first login (a QR code, then one code to confirm); afterwards the password alone
does not log them in, a code does. A code is accepted once (no replay) and a wrong one counts
as a failed login towards the lockout.

The secret is kept encrypted under a key derived from the secret key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from danchu.core.audit import audit_record
from danchu.core.models import Membership, Role, User

STEP = 30
DIGITS = 6
WINDOW = 1  # a code of the step before or after is accepted too (clock drift)
STRONG_ROLES = (Role.HEAD, Role.DEPUTY_HEAD, Role.SYSADMIN)
SESSION_VERIFIED = "danchu_2fa"
SESSION_PENDING = "danchu_2fa_pending"


def _fernet() -> Fernet:
    digest = hashlib.sha256(f"danchu-totp:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def new_secret() -> str:
    return base64.b32encode(secrets.token_bytes(20)).decode()


def code_at(secret: str, step: int, digits: int = DIGITS) -> str:
    """The code of ``step`` (RFC 4226's HOTP of the time step)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def current_step(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // STEP)


def matching_step(secret: str, code: str, after: int, now: float | None = None) -> int | None:
    """The step whose code is ``code``, within the window and later than ``after``."""
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isdigit():
        return None
    here = current_step(now)
    for step in range(here - WINDOW, here + WINDOW + 1):
        if step > after and hmac.compare_digest(code_at(secret, step), code):
            return step
    return None


def secret_of(person: User) -> str | None:
    if not person.totp_secret:
        return None
    try:
        return _fernet().decrypt(person.totp_secret.encode()).decode()
    except InvalidToken:
        return None  # the secret key changed: the person enrols again


def provisioning_uri(person: User, secret: str) -> str:
    label = quote(f"Danchu:{person.username}")
    return f"otpauth://totp/{label}?secret={secret}&issuer=Danchu&digits={DIGITS}&period={STEP}"


def required(person: User) -> bool:
    """Whether ``person`` must log in with a code."""
    if not settings.DANCHU_TWO_FACTOR or not person.is_authenticated:
        return False
    if person.is_superuser or person.is_staff:
        return True
    if Membership.objects.active().filter(person=person, role__in=STRONG_ROLES).exists():
        return True
    if apps.is_installed("danchu.letters"):
        designation = apps.get_model("letters", "VaultDesignation")
        return bool(designation.objects.filter(person=person, ended_at=None).exists())
    return False


def enrolled(person: User) -> bool:
    return person.totp_confirmed_at is not None and secret_of(person) is not None


def start_enrolment(person: User) -> str:
    """The secret to show on the enrolment page: the one not yet confirmed, or a new one."""
    if person.totp_confirmed_at is None:
        current = secret_of(person)
        if current:
            return current
    secret = new_secret()
    User.objects.filter(pk=person.pk).update(
        totp_secret=_fernet().encrypt(secret.encode()).decode(), totp_confirmed_at=None
    )
    person.totp_secret = User.objects.get(pk=person.pk).totp_secret
    person.totp_confirmed_at = None
    return secret


def check(person: User, code: str, *, verb: str) -> bool:
    """Accept ``code`` once for ``person`` (enrolment confirmation or login); audited either
    way, and a wrong code counts towards the lockout."""
    from danchu.core.auth import home_unit, login_failed

    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=person.pk)
        secret = secret_of(locked)
        step = matching_step(secret, code, locked.totp_last_step) if secret else None
        if step is not None:
            locked.totp_last_step = step
            fields = ["totp_last_step"]
            if locked.totp_confirmed_at is None:
                locked.totp_confirmed_at = timezone.now()
                fields.append("totp_confirmed_at")
            locked.save(update_fields=fields)
            audit_record(actor=locked, agency=home_unit(locked), verb=verb, obj=locked)
            return True
    login_failed(person=person)
    return False
