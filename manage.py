#!/usr/bin/env python
"""Django's manage.py, for habit; ``uv run danchu <command>`` does the same."""

import sys

from danchu.cli import main

if __name__ == "__main__":
    main(sys.argv[1:])
