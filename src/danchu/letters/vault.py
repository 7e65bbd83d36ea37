"""The identity vault: encryption of a protected person's identity, and the redacted copy.

Keys are Fernet keys (``cryptography``), newest first: ``DANCHU_VAULT_KEYS`` (comma-separated)
or, when it is unset, the file ``<var>/vault.key`` (one key per line), which is created with a
fresh key outside production. Rotation: ``danchu vault newkey`` puts a new key first, ``danchu
vault rotate`` re-encrypts every sealed row with it; older keys still decrypt until removed.

Nothing here logs, and nothing else reads ``SealedIdentity.token``.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from danchu.core.text import fold

REDACTED = "[…]"


@dataclass
class Person:
    name: str
    address: str = ""
    id_number: str = ""
    phone: str = ""
    email: str = ""
    is_representative: bool = False


@dataclass
class Scan:
    name: str
    content_type: str
    data_b64: str


@dataclass
class Identity:
    """What the vault holds for one letter or visit."""

    people: list[Person] = field(default_factory=list)
    content: str = ""  # the original text of the letter
    scans: list[Scan] = field(default_factory=list)

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Identity:
        data: dict[str, Any] = json.loads(raw)
        return cls(
            people=[Person(**p) for p in data.get("people", [])],
            content=data.get("content", ""),
            scans=[Scan(**s) for s in data.get("scans", [])],
        )


def people_from_lines(text: str) -> list[Person]:
    """People written one a line as "Full name, address" (the visit register's way)."""
    people = []
    for line in text.splitlines():
        name, _comma, address = line.strip().partition(",")
        if name.strip():
            people.append(Person(name=name.strip(), address=address.strip()))
    return people


def _key_file() -> Path:
    return Path(settings.VAR_DIR) / "vault.key"


def keys() -> list[bytes]:
    configured = getattr(settings, "VAULT_KEYS", None) or []
    if configured:
        return [k.encode() if isinstance(k, str) else k for k in configured]
    path = _key_file()
    if not path.exists():
        if settings.PRODUCTION:
            raise ImproperlyConfigured(
                "Set DANCHU_VAULT_KEYS (Fernet keys, newest first) or create "
                f"{path} with `danchu vault newkey`."
            )
        ensure_key_file()
    return [line.strip().encode() for line in path.read_text().splitlines() if line.strip()]


def ensure_key_file() -> Path:
    """Create ``<var>/vault.key`` with one fresh key if it does not exist (mode 0600)."""
    path = _key_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(Fernet.generate_key().decode() + "\n")
        path.chmod(0o600)
    return path


def add_key_file_key() -> Path:
    """Put a new key first in the key file; older keys stay to decrypt until rotated."""
    path = ensure_key_file()
    old = path.read_text()
    path.write_text(Fernet.generate_key().decode() + "\n" + old)
    return path


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(k) for k in keys()])


def seal(identity: Identity) -> bytes:
    return _fernet().encrypt(identity.to_json())


def unseal(token: bytes) -> Identity:
    try:
        return Identity.from_json(_fernet().decrypt(bytes(token)))
    except InvalidToken as exc:  # a missing key: say so, never show the token
        raise ImproperlyConfigured("No vault key opens this identity.") from exc


# Other apps' columns sealed with these keys ("app_label.Model", field): rotated with the rest.
SEALED_COLUMNS: list[tuple[str, str]] = []


def register_sealed(model: str, field_name: str) -> None:
    """Declare a column of another app that holds a token of :func:`seal` (its AppConfig's
    ``ready``), so that :func:`rotate` re-encrypts it too."""
    if (model, field_name) not in SEALED_COLUMNS:
        SEALED_COLUMNS.append((model, field_name))


def rotate() -> int:
    """Re-encrypt every sealed row with the newest key, all or nothing; returns how many rows
    (recorded in the audit)."""
    from django.apps import apps
    from django.db import transaction

    from danchu.core.audit import audit_record
    from danchu.letters.models import SealedIdentity

    fernet = _fernet()
    count = 0
    with transaction.atomic():
        for row in SealedIdentity.objects.select_for_update().only("pk", "token"):
            SealedIdentity.objects.filter(pk=row.pk).update(
                token=fernet.rotate(bytes(row.token)), rotated_at=timezone.now()
            )
            count += 1
        for label, column in SEALED_COLUMNS:
            model = apps.get_model(label)
            rows = model.objects.select_for_update().exclude(**{column: None})
            for pk, token in rows.values_list("pk", column):
                model.objects.filter(pk=pk).update(**{column: fernet.rotate(bytes(token))})
                count += 1
        marker = SealedIdentity(pk=0)
        audit_record(
            actor=None,
            agency=None,
            verb="vault.rotate",
            obj=marker,
            changes={"rows": count},
            label="vault",
        )
    return count


# What identifies a person in free text even when it is not one of the given terms.
_PATTERNS = [
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),  # email
    re.compile(r"(?<!\w)\(?\+?(84|0)\)?[\d\s().-]{7,14}\d(?!\w)"),  # phone, any separators
    re.compile(r"(?<!\w)\d{3}([\s.]?\d{3}){2,3}(?!\w)"),  # ID card: 9 or 12 digits
]


def _terms(people: list[Person]) -> list[tuple[str, bool]]:
    """Each term to cut, longest first, and whether it is a given name standing alone."""
    terms: dict[str, bool] = {}
    for p in people:
        for value in (p.name, p.address, p.id_number, p.phone, p.email):
            if value.strip():
                terms[value.strip()] = False
        # The given name alone ("ông Hùng", "bà An") identifies too.
        words = p.name.split()
        if len(words) > 1:
            terms.setdefault(words[-1], True)
    return sorted(terms.items(), key=lambda t: len(t[0]), reverse=True)


_NEXT_WORD = re.compile(r"[ \t]+(\w)")


def _names_the_person(text: str, start: int, end: int) -> bool:
    """Whether a given name found alone at ``text[start:end]`` is the person's, not a common
    word ("giữ bí mật") or part of another proper name ("Hà Nội"): a name is written with a
    capital, and another capitalised word right after it makes a different name. Cutting those
    would show the given name by the shape of what is left ("[…] Nội")."""
    if not text[start].isupper():
        return False
    following = _NEXT_WORD.match(text, end)
    return following is None or not following.group(1).isupper() or text[start:end].isupper()


def _fold_each(text: str) -> str:
    """``fold`` character by character, so that positions stay those of ``text``."""
    return "".join(c if c.isspace() else (fold(c)[:1] or c) for c in text)


def _pattern(term: str) -> re.Pattern[str] | None:
    """The term's words, folded, separated by any spaces or punctuation, as whole words."""
    words = re.findall(r"\w+", fold(term))
    if not words:
        return None
    return re.compile(r"(?<!\w)" + r"[\W_]+".join(map(re.escape, words)) + r"(?!\w)")


def redact(text: str, people: list[Person]) -> str:
    """The redacted copy: every name, address, ID, phone and email of ``people`` — with or
    without accents, any case, any spacing or punctuation between the words — and anything
    shaped like an email, phone or ID number is replaced by ``[…]``."""
    if not text:
        return text
    result = text
    for term, given_name in _terms(people):
        pattern = _pattern(term)
        if pattern is None:
            continue
        # Matching on the folded copy finds "Bình", "BÌNH" and "binh" alike; the spans are
        # the same in the original because folding keeps every position.
        spans = [m.span() for m in pattern.finditer(_fold_each(result))]
        if given_name:
            spans = [(a, b) for a, b in spans if _names_the_person(result, a, b)]
        for start, end in reversed(spans):
            result = result[:start] + REDACTED + result[end:]
    for pattern in _PATTERNS:
        result = pattern.sub(REDACTED, result)
    return result
