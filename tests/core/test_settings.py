"""Production mode refuses unsafe settings; ``check --deploy`` is clean when configured."""

import os
import subprocess
import sys

import pytest

KEY = "k" * 20 + "-production-secret-key-of-enough-length-0123456789"


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DANCHU_", "DATABASE_URL"))}
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "danchu", *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "DANCHU_SECRET_KEY"),
        ({"DANCHU_SECRET_KEY": "short"}, "DANCHU_SECRET_KEY"),
        ({"DANCHU_SECRET_KEY": KEY}, "DANCHU_ALLOWED_HOSTS"),
        (
            {"DANCHU_SECRET_KEY": KEY, "DANCHU_ALLOWED_HOSTS": "x", "DANCHU_DEBUG": "1"},
            "DANCHU_DEBUG",
        ),
    ],
)
def test_production_refuses_to_start_unsafely(tmp_path, env, message):
    result = run({"DANCHU_ENV": "production", "DANCHU_VAR_DIR": str(tmp_path), **env}, "check")
    assert result.returncode != 0
    assert message in result.stderr


def test_check_deploy_is_clean_in_production(tmp_path):
    result = run(
        {
            "DANCHU_ENV": "production",
            "DANCHU_SECRET_KEY": KEY,
            "DANCHU_ALLOWED_HOSTS": "danchu.example.vn",
            "DANCHU_VAR_DIR": str(tmp_path),
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_development_makes_and_keeps_its_own_secret(tmp_path):
    env = {"DANCHU_VAR_DIR": str(tmp_path)}
    assert run(env, "check").returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert run(env, "check").returncode == 0
    assert (tmp_path / "secret_key").read_text() == key


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1


def test_the_time_zone_and_languages(settings):
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]
