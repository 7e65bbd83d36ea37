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


def key_file() -> Path:
    """Where the vault keys are kept when DANCHU_VAULT_KEYS is not set."""
    return Path(settings.VAR_DIR) / "vault.key"


def keys() -> list[bytes]:
    configured = getattr(settings, "VAULT_KEYS", None) or []
    if configured:
        return [k.encode() if isinstance(k, str) else k for k in configured]
    path = key_file()
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
    path = key_file()
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
    """Each term to cut, longest first, and whether it is part of a name standing alone (cut
    only where it may name the person)."""
    terms: dict[str, bool] = {}
    for p in people:
        for value in (p.name, p.address, p.id_number, p.phone, p.email):
            if value.strip():
                terms[value.strip()] = False
        # The given name alone ("ông Hùng", "bà An") identifies too, and with the middle name
        # ("chị Thu Hà"): both where they may name the person (see _names_the_person).
        words = p.name.split()
        if len(words) > 2:
            terms.setdefault(" ".join(words[-2:]), True)
        if len(words) > 1:
            terms.setdefault(words[-1], True)
    return sorted(terms.items(), key=lambda t: len(t[0]), reverse=True)


# Words after which a lower-case word is a name ("tôi là hùng", "ông hùng", "tên hung").
_MARKERS = frozenset(
    "ong ba anh chi em co chu bac chau di cau thim mo toi ten la ky nguoi ban".split()  # noqa: SIM905
)
# Places whose first word is also a given name: "Hà" of "Hà Nội" is not the person's, and
# cutting it would show the name by the shape of what is left ("[…] Nội"). Folded, with the
# provinces and the districts most often written in letters.
_PLACES = frozenset(
    """ha noi|ha tinh|ha dong|ha giang|ha nam|ha long|ha tien|ha trung|ha hoa|ha quang|ha lang|
    ha tay|binh duong|binh dinh|binh phuoc|binh thuan|binh thanh|binh tan|binh chanh|binh son|
    binh luc|binh xuyen|binh lieu|nam dinh|nam dan|nam tu liem|nam sach|nam truc|nam giang|
    long an|long bien|long khanh|long xuyen|long thanh|long my|long dien|an giang|an khe|
    an lao|an nhon|an phu|an duong|an bien|an minh|minh hoa|minh long|thanh hoa|thanh xuan|
    thanh tri|thanh oai|thanh mien|thanh son|thanh chuong|thanh ba|thanh binh|thanh liem|
    thanh khe|quang ninh|quang nam|quang ngai|quang tri|quang binh|quang trach|quang xuong|
    hai phong|hai duong|hai ba trung|hai chau|hai hau|hai lang|hoa binh|hoa vang|hoa lu|
    phu tho|phu yen|phu quoc|phu ly|phu xuyen|phu nhuan|phu my|phu giao|phu vang|phu loc|
    kien giang|kien an|kien xuong|tien giang|tien lang|tien hai|tien du|vinh phuc|vinh long|
    vinh yen|vinh linh|vinh bao|son la|son tay|son tra|son duong|son dong|lam dong|lam ha|
    tay ninh|tay ho|dong nai|dong thap|dong da|dong anh|dong hoi|dong ha|bac ninh|bac giang|
    bac kan|bac lieu|lang son|cao bang|tuyen quang|yen bai|lai chau|dien bien|lao cai|
    thai binh|thai nguyen|ninh binh|ninh thuan|khanh hoa|kon tum|gia lai|dak lak|dak nong|
    ben tre|tra vinh|soc trang|can tho|ca mau|hau giang|ba ria|vung tau|da nang|cau giay|
    hoang mai|hoan kiem|ba dinh|gia lam|me linh|thuong tin|ung hoa|my duc|quoc oai|
    thach that|chuong my|dan phuong|hoai duc|phuc tho|ba vi|soc son|viet nam""".replace(
        "\n", ""
    ).split("|")
)
_PLACES = frozenset(" ".join(p.split()) for p in _PLACES)
_WORD = re.compile(r"\w+")


def _names_the_person(text: str, start: int, end: int) -> bool:
    """Whether a given name found alone at ``text[start:end]`` is the person's. It is, unless
    it begins the name of a place ("Hà Nội", "HÀ NỘI"), or it is written in small letters in
    a text that uses capitals and no word naming a person comes before it ("giữ bí mật" but
    not "tôi là hùng"). Cut everywhere else — the cost of a word too many is small, a name
    left whole is not."""
    after = " ".join(_WORD.findall(fold(text[start : end + 40])))
    if any(after == place or after.startswith(f"{place} ") for place in _PLACES):
        return False
    if text[start].isupper() or not any(c.isupper() for c in text):
        return True
    before = _WORD.findall(fold(text[max(0, start - 20) : start]))
    return bool(before) and before[-1] in _MARKERS


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
