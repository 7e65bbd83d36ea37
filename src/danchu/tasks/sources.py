"""Where a task comes from: each app that gives tasks registers how to link back to its
record (a recommendation, a resolution, an inspection's conclusion…)."""

from __future__ import annotations

from django.urls import reverse

# source kind → URL name taking ``pk``.
SOURCES: dict[str, str] = {}


def register_source(kind: str, url_name: str) -> None:
    SOURCES[kind] = url_name


def source_url(kind: str, pk: int | None) -> str:
    name = SOURCES.get(kind)
    return reverse(name, kwargs={"pk": pk}) if name and pk else ""
