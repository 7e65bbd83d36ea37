"""Every UI string has a Vietnamese translation, and the committed .mo matches its .po."""

import ast
import gettext
from pathlib import Path

import pytest

import danchu

ROOT = Path(danchu.__file__).parent
CATALOGS = sorted(ROOT.glob("**/locale/vi/LC_MESSAGES/django.po"))


def parse_po(path: Path) -> dict[str, str]:
    """msgid → msgstr of a .po file (no plural forms are used here)."""
    entries: dict[str, str] = {}
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    current: list[str] | None = None
    fuzzy = False

    def flush() -> None:
        if msgid is not None and msgstr is not None and "".join(msgid):
            entries["".join(msgid)] = "" if fuzzy else "".join(msgstr)

    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid "):
            flush()
            msgid, msgstr, current = [ast.literal_eval(line[6:])], None, None
            current = msgid
        elif line.startswith("msgstr "):
            msgstr = [ast.literal_eval(line[7:])]
            current = msgstr
        elif line.startswith('"') and current is not None:
            current.append(ast.literal_eval(line))
        elif not line.strip():
            flush()
            msgid = msgstr = current = None
            fuzzy = False
    return entries


def test_there_are_vietnamese_catalogs():
    assert len(CATALOGS) >= 2


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_string_is_translated(po):
    missing = [msgid for msgid, msgstr in parse_po(po).items() if not msgstr]
    assert missing == []


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_compiled_catalog_matches_its_source(po):
    with po.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, msgstr in parse_po(po).items():
        assert compiled.gettext(msgid) == msgstr, msgid
