"""Who may do what with a letter, as a role × permission matrix over department A's
protected denunciation (and its unit), and a property of the redacted copy."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from danchu.core.text import fold
from danchu.letters import services
from danchu.letters.vault import REDACTED, Person, redact
from tests.letters.conftest import Reception

PERMS = ["view_letter", "receive", "handle", "assign", "designate", "open_vault", "view_openings"]
# Who holds each permission on A's letter (the verifier is its handling officer; the clerk is
# the reception officer the head designated).
MATRIX = {
    "clerk": {"view_letter", "receive", "handle", "assign", "open_vault"},
    "verifier": {"view_letter", "handle"},
    "cast.a.head": {"view_letter", "receive", "handle", "assign", "designate", "view_openings"},
    "cast.a.board": {"view_letter", "view_openings"},
    "cast.a.staff": set(),
    "cast.a.officer": set(),
    "cast.a.admin": set(),
    "cast.steering": {"view_letter"},
    "clerk_b": set(),
    "cast.b.head": set(),
    "cast.b.board": set(),
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", list(MATRIX))
def test_the_permission_matrix(rc: Reception, who: str):
    import operator

    with time_machine.travel(dt.datetime(2026, 3, 10, 3, 0, tzinfo=dt.UTC), tick=False):
        letter = rc.accepted(rc.classified(rc.denunciation()))
        services.vault_designate(
            actor=rc.cast.a.head, letter=letter, person=rc.clerk, reason="Tiếp nhận"
        )
    person = operator.attrgetter(who)(rc)
    # The unit-level permissions are asked of the letter's unit, as the pages do.
    held = {
        p
        for p in PERMS
        if person.has_perm(f"letters.{p}", letter.agency if p == "view_openings" else letter)
    }
    assert held == MATRIX[who]


SYLLABLES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Thị",
    "Văn",
    "Đức",
    "Hồng",
    "Ánh",
    "Bảo",
    "Khải",
    "Yến",
    "Phương",
    "Thoa",
    "An",
    "Hà",
]
FILLER = st.lists(
    st.sampled_from(
        ["tố cáo", "ông X", "điện thoại", "thoại", "hồ sơ", ",", ".", "\n", "cán bộ", "nhận tiền"]
    ),
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(
    name=st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=4).map(" ".join),
    before=FILLER,
    after=FILLER,
    spelling=st.sampled_from(["as is", "upper", "folded", "spaced"]),
)
def test_the_redacted_copy_never_keeps_the_name(name, before, after, spelling):
    written = {
        "as is": name,
        "upper": name.upper(),
        "folded": fold(name),
        "spaced": name.replace(" ", "  \n "),
    }[spelling]
    text = " ".join([*before, written, *after])
    copy = redact(text, [Person(name=name)])
    assert REDACTED in copy
    # No run of the name's words (folded) survives as the same words.
    assert fold(" ".join(name.split())) not in " ".join(fold(copy).split())
