"""The reliability suite acts on letters and dossiers: their casts, from the apps' tests."""

from tests.letters.conftest import rc  # noqa: F401
from tests.onestop.conftest import desk  # noqa: F401
