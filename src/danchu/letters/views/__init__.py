"""Pages of reception and letters."""

from danchu.letters.views.letters import (
    forward_slip,
    letter_action,
    letter_create,
    letter_detail,
    letter_file,
    letter_list,
    opening_list,
    vault_open,
)
from danchu.letters.views.reception import (
    home,
    session_list,
    start,
    visit_answer,
    visit_create,
    visit_detail,
    visit_list,
)
from danchu.letters.views.statistics import stats

__all__ = [
    "forward_slip",
    "home",
    "letter_action",
    "letter_create",
    "letter_detail",
    "letter_file",
    "letter_list",
    "opening_list",
    "session_list",
    "start",
    "stats",
    "vault_open",
    "visit_answer",
    "visit_create",
    "visit_detail",
    "visit_list",
]
