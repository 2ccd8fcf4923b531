"""The `kairos` command as an operator meets it: clear one-line errors, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.connect.crypto import check_keys
from bot.errors import ExitCode
from tests.support.process import base_environment, free_port, run_once

pytestmark = pytest.mark.e2e


def test_missing_setting_is_one_clear_line(tmp_path: Path) -> None:
    result = run_once(["run"], base_environment(), tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "kairos: Setting SLACK_BOT_TOKEN is missing: set it to the Bot User OAuth Token "
        "(xoxb-...) from your Slack app's 'OAuth & Permissions' page. Kairos read the "
        f"environment; there is no .env file in {tmp_path.resolve()}.",
        "kairos: Setting SLACK_SIGNING_SECRET is missing: set it to the Signing Secret from "
        "your Slack app's 'Basic Information' page. Kairos read the environment; there is no "
        f".env file in {tmp_path.resolve()}.",
    ]
    assert "Traceback" not in result.stdout + result.stderr


def test_every_bad_setting_is_one_line_of_its_own(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SLACK_SIGNING_SECRET=abcdef\nPORT=eighty\n")
    env = base_environment(SLACK_BOT_TOKEN="xoxp-user-token", LOG_LEVEL="LOUD")
    result = run_once(["run"], env, tmp_path)
    assert result.returncode == ExitCode.CONFIG
    lines = result.stderr.strip().splitlines()
    assert [line.split()[2] for line in lines] == ["LOG_LEVEL", "SLACK_BOT_TOKEN", "PORT"]
    assert all(line.startswith("kairos: Setting ") for line in lines)
    assert not (tmp_path / "kairos.db").exists()


def test_malformed_setting_names_it(tmp_path: Path) -> None:
    env = base_environment(
        SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="abcdef", PORT="not-a-port"
    )
    result = run_once(["run"], env, tmp_path)
    assert result.returncode == 2
    assert "Setting PORT is not valid" in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_database_is_one_line_without_the_password(tmp_path: Path) -> None:
    env = base_environment(DATABASE_URL="postgres://kairos:topsecretpw@127.0.0.1:9/kairos")
    result = run_once(["migrate"], env, tmp_path)
    assert result.returncode == ExitCode.DATABASE
    assert "could not reach the database at postgresql+psycopg://kairos:***@127.0.0.1:9" in (
        result.stderr
    )
    assert "topsecretpw" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_slack_is_one_line(tmp_path: Path) -> None:
    env = base_environment(
        SLACK_BOT_TOKEN="xoxb-1-secret-part",
        SLACK_SIGNING_SECRET="abcdef",
        SLACK_API_URL="http://127.0.0.1:9/api/",
    )
    result = run_once(["run", "--http", "--port", str(free_port())], env, tmp_path)
    assert result.returncode == ExitCode.SLACK
    # One line: no slack_sdk retry lines before it, and nothing else after.
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("kairos: could not reach Slack at http://127.0.0.1:9/api/")
    assert "secret-part" not in result.stdout + result.stderr
    # Slack is checked before anything is made: no database file, no key file.
    assert list(tmp_path.iterdir()) == []


def test_postgresql_without_a_key_is_refused_with_how_to_make_one(tmp_path: Path) -> None:
    env = base_environment(
        SLACK_BOT_TOKEN="xoxb-1",
        SLACK_SIGNING_SECRET="abcdef",
        DATABASE_URL="postgres://kairos:pw@127.0.0.1:9/kairos",
    )
    result = run_once(["run"], env, tmp_path)
    assert result.returncode == ExitCode.CONFIG
    (line,) = result.stderr.strip().splitlines()
    assert "KAIROS_ENCRYPTION_KEY" in line
    assert "`kairos keygen`" in line


def test_keygen_prints_a_key_kairos_accepts(tmp_path: Path) -> None:
    result = run_once(["keygen"], base_environment(), tmp_path)
    assert result.returncode == 0, result.stderr
    check_keys(result.stdout.strip())  # raises unless it is a Fernet key
    assert result.stdout.strip() != run_once(["keygen"], base_environment(), tmp_path).stdout


def test_migrate_creates_the_default_sqlite_file(tmp_path: Path) -> None:
    result = run_once(["migrate"], base_environment(), tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "kairos.db").is_file()
    again = run_once(["migrate"], base_environment(), tmp_path)
    assert again.returncode == 0


def test_migrate_on_postgresql(postgres_url: str | None, tmp_path: Path) -> None:
    if postgres_url is None:
        pytest.skip("no PostgreSQL available")
    plain = postgres_url.replace("postgresql+psycopg://", "postgres://")
    result = run_once(["migrate"], base_environment(DATABASE_URL=plain), tmp_path)
    assert result.returncode == 0, result.stderr
    assert "is at revision" in result.stderr


def test_manifest_prints_json(tmp_path: Path) -> None:
    result = run_once(
        ["manifest", "--url", "https://kairos.example.com"], base_environment(), tmp_path
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads(result.stdout)
    assert manifest["settings"]["event_subscriptions"]["request_url"] == (
        "https://kairos.example.com/slack/events"
    )
    socket = json.loads(
        run_once(["manifest", "--socket-mode"], base_environment(), tmp_path).stdout
    )
    assert socket["settings"]["socket_mode_enabled"] is True


def test_manifest_refuses_a_plain_http_url(tmp_path: Path) -> None:
    result = run_once(
        ["manifest", "--url", "http://kairos.example.com"], base_environment(), tmp_path
    )
    assert result.returncode == 2
    assert "https://" in result.stderr
