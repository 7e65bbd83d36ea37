"""The portal cast: department A's one-stop desk and reception on the fixed cast (its
departments, "Sở A" and "Sở B", belong to one city), and a citizen who sends letters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache

from danchu.core.models import Agency
from danchu.portal import services
from tests.conftest import Cast
from tests.letters.conftest import Reception, rc  # noqa: F401 — fixtures used by the portal
from tests.onestop.conftest import Desk, desk  # noqa: F401

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@dataclass
class Portal:
    cast: Cast
    desk: Desk
    rc: Reception

    @property
    def unit(self) -> Agency:
        return self.cast.a.unit

    def send(
        self, submission: str = "", email: str = "hoa@example.vn", **kwargs: Any
    ) -> services.Sent:
        values: dict[str, Any] = {
            "kind": "petition",
            "matter": "Phản ánh sóng điện thoại yếu tại thôn Đông",
            "content": "Sóng điện thoại di động rất yếu, đề nghị Sở kiểm tra và yêu cầu nhà mạng "
            "khắc phục.",
            "name": "Lê Thị Hoa",
            "address": "Thôn Đông, xã Yên Bình",
        }
        values.update(kwargs)
        return services.register(
            agency=self.unit, email=email, data=services.LetterIn(**values), submission=submission
        )


@pytest.fixture
def portal(cast: Cast, desk: Desk, rc: Reception) -> Portal:  # noqa: F811
    mail.outbox = []
    cache.clear()  # the public figures are cached for five minutes
    return Portal(cast, desk, rc)
