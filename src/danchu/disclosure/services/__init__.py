"""Writes of publicity and consultation: each checks permission, validates, writes and audits in
one transaction."""

from danchu.disclosure.services.consulting import (
    comment_add,
    comment_answer,
    consultation_create,
    consultation_publish,
)
from danchu.disclosure.services.publishing import (
    FileIn,
    dissemination_create,
    dissemination_remind,
    info_request_answer,
    info_request_create,
    posting_minimum,
    publication_create,
    publication_take_down,
    read_confirm,
    regulation_create,
    version_add,
)

__all__ = [
    "FileIn",
    "comment_add",
    "comment_answer",
    "consultation_create",
    "consultation_publish",
    "dissemination_create",
    "dissemination_remind",
    "info_request_answer",
    "info_request_create",
    "posting_minimum",
    "publication_create",
    "publication_take_down",
    "read_confirm",
    "regulation_create",
    "version_add",
]
