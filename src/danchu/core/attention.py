"""What needs a person's attention, on their home page: each app registers a function that
returns, for the person asking, its overdue or waiting items (an overdue recommendation
answer for the head, the union and the city; a person's overdue tasks). Core knows no app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from danchu.core.models import User


@dataclass(frozen=True)
class Item:
    label: str
    url: str
    note: str = ""
    urgent: bool = False  # past its deadline: shown in red


@dataclass(frozen=True)
class Attention:
    """A group of items, e.g. "Recommendations of the inspection board not answered in time"."""

    title: str
    items: list[Item] = field(default_factory=list)
    more_url: str = ""
    total: int = 0


Provider = Callable[[User], list[Attention]]
PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)


def collect(actor: User) -> list[Attention]:
    return [group for provider in PROVIDERS for group in provider(actor) if group.items]
