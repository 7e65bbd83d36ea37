"""One error type for the domain: it becomes form errors in HTML and the API's error shape."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class DomainError(Exception):
    """A refusal with a stable ``code``, a Vietnamese ``message`` and per-field messages.

    ``status`` is the HTTP status the API answers with.
    """

    status = 400

    def __init__(
        self,
        code: str,
        message: str,
        *,
        fields: Mapping[str, Sequence[str]] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.fields: dict[str, list[str]] = {
            k: [str(m) for m in v] for k, v in (fields or {}).items()
        }
        if status is not None:
            self.status = status

    def as_dict(self) -> dict[str, object]:
        return {"error": {"code": self.code, "message": self.message, "fields": self.fields}}

    @classmethod
    def from_validation_error(cls, exc: ValidationError) -> DomainError:
        """Turn a model's ``full_clean`` error into a DomainError with the same field messages."""
        fields: dict[str, list[str]] = {}
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                key = "__all__" if name == "__all__" else name
                fields[key] = [str(m) for e in errors for m in e.messages]
        else:
            fields["__all__"] = [str(m) for m in exc.messages]
        first = next((m for msgs in fields.values() for m in msgs), _("Invalid data."))
        return cls("invalid", first, fields=fields)


class NotFound(DomainError):
    status = 404

    def __init__(self, message: str | None = None) -> None:
        super().__init__("not_found", message or _("Not found."))


class Forbidden(DomainError):
    status = 403

    def __init__(self, message: str | None = None) -> None:
        super().__init__("forbidden", message or _("You do not have permission to do this."))


def invalid(errors: dict[str, list[str]]) -> None:
    """Refuse with every field's messages when there are any (the first one as the message)."""
    if errors:
        raise DomainError("invalid", next(iter(errors.values()))[0], fields=errors)
