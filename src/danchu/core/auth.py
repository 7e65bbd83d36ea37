"""Login with lockout: after ``DANCHU_LOCKOUT_FAILURES`` failures in a row the account is locked
for ``DANCHU_LOCKOUT_MINUTES``. Failures, lockouts and logins are audit events."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.audit import audit_record
from danchu.core.models import Agency, Membership, User


def home_unit(person: User) -> Agency | None:
    """The organisation of the person's first active role: where their logins are logged, so
    that its administrators and inspection board see them."""
    membership = (
        Membership.objects.active()
        .filter(person=person)
        .select_related("agency")
        .order_by("start", "pk")
        .first()
    )
    if membership is None:
        return None
    return membership.agency.organisation or membership.agency


class AccountLocked(PermissionDenied):
    pass


class AccountDisabled(PermissionDenied):
    pass


class LockoutModelBackend(ModelBackend):
    """The model backend, refusing locked accounts and counting failures.

    Raising PermissionDenied stops Django from trying other backends and makes the login form
    say why: a locked or disabled account gets its own message, not "wrong password".
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        person = User.objects.filter(username=username).first()
        if person is None:
            # Spend the same time as a real check so that usernames cannot be probed by timing.
            User().set_password(password)
            return None
        now = timezone.now()
        if person.locked_until and person.locked_until > now:
            raise AccountLocked(person.locked_until)
        if not person.check_password(password):
            login_failed(person=person)
            return None
        if not person.is_active:
            raise AccountDisabled()
        if person.failed_logins or person.locked_until:
            with transaction.atomic():
                User.objects.filter(pk=person.pk).update(failed_logins=0, locked_until=None)
        return person


def login_failed(*, person: User) -> None:
    """Count a failed password; lock the account at the threshold (audited)."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=person.pk)
        locked.failed_logins += 1
        changes: dict[str, Any] = {
            "failed_logins": [locked.failed_logins - 1, locked.failed_logins]
        }
        verb = "auth.login_failed"
        if locked.failed_logins >= settings.DANCHU_LOCKOUT_FAILURES:
            locked.locked_until = timezone.now() + dt.timedelta(
                minutes=settings.DANCHU_LOCKOUT_MINUTES
            )
            locked.failed_logins = 0
            verb = "auth.locked"
            changes["locked_until"] = [None, locked.locked_until]
        locked.save(update_fields=["failed_logins", "locked_until"])
        audit_record(actor=None, agency=home_unit(locked), verb=verb, obj=locked, changes=changes)


def lockout_message(until: dt.datetime) -> str:
    local = timezone.localtime(until)
    return _("Too many failed attempts. This account is locked until %(time)s.") % {
        "time": local.strftime("%H:%M %d/%m/%Y")
    }


@receiver(user_logged_in)
def _audit_login(sender: type, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """A login changes the session and ``last_login``: it is an audited event."""
    with transaction.atomic():
        audit_record(actor=user, agency=home_unit(user), verb="auth.login", obj=user, changes={})


@receiver(user_logged_out)
def _audit_logout(sender: type, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        with transaction.atomic():
            audit_record(
                actor=user, agency=home_unit(user), verb="auth.logout", obj=user, changes={}
            )
