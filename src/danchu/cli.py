"""The ``danchu`` command: Django's management commands under one name.

``danchu demo``, ``danchu workdays add 2025-01-24 5``, ``danchu audit verify``, ``danchu units``
and every Django command (``danchu migrate``, ``danchu check --deploy``...).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danchu.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["danchu", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
