"""Writes of reception and letters. Each service checks permission, validates, changes state
and appends its audit event in one transaction; identity data never reaches the audit."""

from danchu.letters.services.common import (
    TRANSITIONS,
    allowed_extensions,
    identity_of,
    lock,
)
from danchu.letters.services.identity import vault_designate, vault_open, vault_revoke
from danchu.letters.services.intake import (
    ScanIn,
    letter_assign,
    letter_classify,
    letter_forward,
    letter_receive,
    letter_split,
)
from danchu.letters.services.reception import reception_session_create, visit_answer, visit_create
from danchu.letters.services.resolution import (
    OUTCOMES,
    letter_accept,
    letter_extend,
    letter_mark_complex,
    letter_publish,
    letter_resume,
    letter_settle,
    letter_suspend,
    letters_escalate,
    reception_remind,
)

__all__ = [
    "OUTCOMES",
    "TRANSITIONS",
    "ScanIn",
    "allowed_extensions",
    "identity_of",
    "letter_accept",
    "letter_assign",
    "letter_classify",
    "letter_extend",
    "letter_forward",
    "letter_mark_complex",
    "letter_publish",
    "letter_receive",
    "letter_resume",
    "letter_settle",
    "letter_split",
    "letter_suspend",
    "letters_escalate",
    "lock",
    "reception_remind",
    "reception_session_create",
    "vault_designate",
    "vault_open",
    "vault_revoke",
    "visit_answer",
    "visit_create",
]
