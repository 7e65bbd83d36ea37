"""Core tests that need a letter use the reception cast of the letters tests."""

from tests.letters.conftest import rc  # noqa: F401
