"""Passwords and personal API tokens: recording a password change, creating and revoking tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.audit import audit_record
from danchu.core.errors import DomainError, NotFound
from danchu.core.models import ApiToken, User


def password_changed(*, actor: User) -> None:
    """Record that a person changed their own password (the form has saved it)."""
    from danchu.core.auth import home_unit

    with transaction.atomic():
        audit_record(
            actor=actor, agency=home_unit(actor), verb="person.set_password", obj=actor, changes={}
        )


TOKEN_PREFIX = "dch_"  # noqa: S105 - a visible prefix, not a secret


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def api_token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """A new personal token; the secret is returned once and only its hash is kept."""
    name = name.strip()
    if not name:
        raise DomainError(
            "invalid", _("Give the token a name."), fields={"name": [_("This field is required.")]}
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken(
            owner=actor, name=name[:80], prefix=secret[:12], token_hash=token_hash(secret)
        )
        token.save()
        audit_record(
            actor=actor,
            agency=None,
            verb="api_token.create",
            obj=token,
            changes={"name": [None, token.name]},
        )
    return token, secret


def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.owner_id != actor.pk:
            raise NotFound()
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_record(
                actor=actor,
                agency=None,
                verb="api_token.revoke",
                obj=token,
                changes={"revoked_at": [None, token.revoked_at]},
            )
        return token
