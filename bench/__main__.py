"""``python -m bench seed|run`` — the same as ``danchu bench seed|run``.

    danchu bench seed --dossiers 1000000 --letters 100000 --units 30
    danchu bench run              # the full suite on that city
    danchu bench run --quick      # a small city of its own, fewer repeats: a few minutes

The database is the one the settings name (SQLite under ./var, or DATABASE_URL). Use a
database of its own for the benchmarks: the seed adds a city and its data to it.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danchu.settings")


def main(argv: list[str] | None = None) -> None:
    import django

    django.setup()
    from bench.cli import main as run

    run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    main()
