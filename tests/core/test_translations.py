"""Every UI string has a Vietnamese translation, and the committed .mo matches its .po."""

import ast
import gettext
from pathlib import Path

import pytest

import danchu

ROOT = Path(danchu.__file__).parent
CATALOGS = sorted(ROOT.glob("**/locale/vi/LC_MESSAGES/django.po"))


def parse_po(path: Path) -> dict[str, str]:
    """msgid → msgstr of a .po file; a msgid with a context is keyed ``context\x04msgid`` (as
    gettext stores it). Plural entries are left out."""
    entries: dict[str, str] = {}
    context = ""
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    current: list[str] | None = None
    fuzzy = False

    def flush() -> None:
        if msgid is not None and msgstr is not None and "".join(msgid):
            key = f"{context}\x04{''.join(msgid)}" if context else "".join(msgid)
            entries[key] = "" if fuzzy else "".join(msgstr)

    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgctxt "):
            flush()
            msgid = msgstr = None
            context = ast.literal_eval(line[8:])
        elif line.startswith("msgid "):
            if context and msgid is None:
                pass  # the msgid of the context just read
            else:
                flush()
                context = ""
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
            context = ""
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
    for key, msgstr in parse_po(po).items():
        if "\x04" in key:
            context, msgid = key.split("\x04")
            assert compiled.pgettext(context, msgid) == msgstr, key
        else:
            assert compiled.gettext(key) == msgstr, key
