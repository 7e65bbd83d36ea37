"""Uploaded files, recognised by their first bytes (a name can lie) and kept within a size.

Every app that accepts a file states which kinds it takes and how large; the check is one piece
of code. Stored files live under ``MEDIA_ROOT`` (``var/media``), which no URL serves: each app
hands a file out through a view that checks who asks, always as a download.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.translation import gettext as _

PDF = (".pdf",)
IMAGES = (".png", ".jpg", ".jpeg")
OFFICE = (".docx", ".xlsx", ".pptx", ".odt", ".doc", ".xls")
MB = 1024 * 1024

SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}


@dataclass(frozen=True)
class FileIn:
    name: str
    data: bytes


def suffix(name: str) -> str:
    return f".{name.rsplit('.', 1)[-1].lower()}" if "." in name else ""


def content_type(name: str) -> str:
    """The type to store and serve a checked file under (never the one the sender claimed)."""
    return CONTENT_TYPES.get(suffix(name), "application/octet-stream")


def too_many(count: int, max_files: int) -> str:
    """The refusal of more than ``max_files`` files, or ""."""
    return _("Attach at most %(n)d files.") % {"n": max_files} if count > max_files else ""


def too_large(name: str, size: int, max_bytes: int) -> str:
    """The refusal of a file larger than ``max_bytes``, or "" (a form checks the size an upload
    declares before reading it)."""
    if size <= max_bytes:
        return ""
    return _("“%(name)s” is too large: a file may be at most %(mb)d MB.") % {
        "name": name,
        "mb": max_bytes // MB,
    }


def upload_errors(
    files: Sequence[FileIn],
    *,
    kinds: Collection[str],
    max_bytes: int,
    max_files: int | None = None,
    field: str = "file",
) -> dict[str, list[str]]:
    """The refusal, keyed by ``field``, of the first file that is too large or whose content is
    not one of ``kinds`` (suffixes such as ``.pdf``); empty when all may be kept."""
    if max_files is not None and (message := too_many(len(files), max_files)):
        return {field: [message]}
    for f in files:
        if message := too_large(f.name, len(f.data), max_bytes):
            return {field: [message]}
        ext = suffix(f.name)
        if ext not in kinds or not any(f.data.startswith(s) for s in SIGNATURES.get(ext, ())):
            return {
                field: [
                    _(
                        "“%(name)s” is not accepted: attach %(kinds)s files whose content matches "
                        "their name."
                    )
                    % {
                        "name": f.name,
                        "kinds": ", ".join(sorted({k.lstrip(".").upper() for k in kinds})),
                    }
                ]
            }
    return {}


def download(stored: FieldFile, name: str) -> FileResponse:
    """A stored file, always as a download under its own name (never rendered by the browser,
    never sniffed into another type)."""
    response = FileResponse(stored.open("rb"), as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
