"""`kairos check` against the fake Slack over real HTTP: one line per check, the fix for
each failure, and exit 0 only when every check passes."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.demo.fake_slack.slack_api import FakeSlack
from bot.errors import ExitCode
from bot.slack.manifest import BOT_SCOPES
from tests.support.feeds import FeedServer, Route, certificates
from tests.support.process import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, base_environment, run_once

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def slack() -> Iterator[FakeSlack]:
    """The fake Slack, its bot token granted exactly the scopes the manifest asks for."""
    with FakeSlack(bot_token=BOT_TOKEN, app_token=APP_TOKEN, bot_scopes=sorted(BOT_SCOPES)) as fake:
        yield fake


@pytest.fixture(scope="module")
def migrated(e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database `kairos migrate` brought to the newest revision, on each backend."""
    folder = tmp_path_factory.mktemp("migrated")
    result = run_once(["migrate"], base_environment(DATABASE_URL=e2e_database_url), folder)
    assert result.returncode == 0, result.stderr
    return e2e_database_url


@pytest.fixture(scope="module")
def https_kairos(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FeedServer, Path]]:
    """An https server standing in for Kairos behind its proxy, and the CA file that trusts
    it (a host would have it in its system bundle)."""
    folder = tmp_path_factory.mktemp("tls")
    certs = certificates(folder, "localhost")
    ca_file = folder / "ca.pem"
    ca_file.write_text(
        "".join(ssl.DER_cert_to_PEM_cert(der) for der in certs.client.get_ca_certs(True))
    )
    server = FeedServer(tls=certs.server)
    server.routes["/healthz"] = Route(body=b"ok")
    server.start()
    try:
        yield server, ca_file
    finally:
        server.stop()


def _env(fake: FakeSlack, database_url: str, **extra: str) -> dict[str, str]:
    settings = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": database_url,
        "KAIROS_ENCRYPTION_KEY": Fernet.generate_key().decode(),
    }
    return base_environment(**{**settings, **extra})


def _check(env: dict[str, str], cwd: Path) -> tuple[int, dict[str, str]]:
    """The exit code, and each check's line by its name."""
    result = run_once(["check"], env, cwd)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr == ""
    lines = result.stdout.strip().splitlines()
    by_name = {line[6:].split(":", 1)[0]: line for line in lines}
    assert len(by_name) == len(lines), lines
    return result.returncode, by_name


def test_everything_passes(
    slack: FakeSlack, migrated: str, https_kairos: tuple[FeedServer, Path], tmp_path: Path
) -> None:
    server, ca_file = https_kairos
    env = _env(
        slack,
        migrated,
        SLACK_APP_TOKEN=APP_TOKEN,
        KAIROS_PUBLIC_URL=server.url("", host="localhost").rstrip("/"),
        SSL_CERT_FILE=str(ca_file),
    )
    code, lines = _check(env, tmp_path)
    assert code == 0, lines
    assert list(lines) == [
        "settings", "encryption key", "Slack bot token", "Slack scopes", "Socket Mode token",
        "database", "public URL",
    ]  # fmt: skip
    assert all(line.startswith("ok  ") for line in lines.values()), lines
    assert "answers over https" in lines["public URL"]


def test_a_missing_scope_is_named_with_the_fix(migrated: str, tmp_path: Path) -> None:
    scopes = sorted(set(BOT_SCOPES) - {"reactions:read", "files:write"})
    with FakeSlack(bot_token=BOT_TOKEN, bot_scopes=scopes) as narrow:
        code, lines = _check(_env(narrow, migrated), tmp_path)
    assert code == ExitCode.SLACK
    assert lines["Slack scopes"].startswith(
        "FAIL  Slack scopes: the app lacks 2 scope(s) Kairos needs: files:write, reactions:read;"
    )
    assert "reinstall the app" in lines["Slack scopes"]
    assert lines["database"].startswith("ok")  # the other checks still ran


def test_wrong_tokens_fail_with_their_fix(slack: FakeSlack, migrated: str, tmp_path: Path) -> None:
    env = _env(slack, migrated, SLACK_BOT_TOKEN="xoxb-wrong", SLACK_APP_TOKEN="xapp-wrong")
    code, lines = _check(env, tmp_path)
    assert code == ExitCode.SLACK
    assert lines["Slack bot token"].startswith(
        "FAIL  Slack bot token: Slack refused SLACK_BOT_TOKEN (invalid_auth)"
    )
    assert "Slack scopes" not in lines  # nothing to compare without a token Slack accepts
    assert "Slack refused SLACK_APP_TOKEN (invalid_auth)" in lines["Socket Mode token"]


def test_a_database_not_made_yet_fails_and_is_not_created(slack: FakeSlack, tmp_path: Path) -> None:
    database = tmp_path / "kairos.db"
    code, lines = _check(_env(slack, f"sqlite:///{database}"), tmp_path)
    assert code == ExitCode.DATABASE
    assert "`kairos migrate` creates it" in lines["database"]
    assert not database.exists()


def test_bad_settings_are_each_a_failed_line(tmp_path: Path) -> None:
    env = base_environment(SLACK_BOT_TOKEN="xoxp-user", PORT="eighty")
    result = run_once(["check"], env, tmp_path)
    assert result.returncode == ExitCode.CONFIG
    lines = result.stdout.strip().splitlines()
    assert [line.split()[3] for line in lines] == [
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "PORT",
    ]
    assert all(line.startswith("FAIL  settings: Setting ") for line in lines)


def test_a_public_url_that_does_not_answer_over_https_fails(
    slack: FakeSlack, migrated: str, https_kairos: tuple[FeedServer, Path], tmp_path: Path
) -> None:
    server, ca_file = https_kairos
    plain = _env(slack, migrated, KAIROS_PUBLIC_URL="http://localhost:9")
    code, lines = _check(plain, tmp_path)
    assert code == ExitCode.PUBLIC_URL
    assert "not https://" in lines["public URL"]
    # Reached, but not Kairos: some other site answers there.
    elsewhere = server.url("/elsewhere", host="localhost")
    wrong = _env(slack, migrated, KAIROS_PUBLIC_URL=elsewhere, SSL_CERT_FILE=str(ca_file))
    code, lines = _check(wrong, tmp_path)
    assert code == ExitCode.PUBLIC_URL
    assert f"{elsewhere}/healthz answered 404" in lines["public URL"]
    # An https address whose certificate this host does not trust.
    code, lines = _check(_env(slack, migrated, KAIROS_PUBLIC_URL=elsewhere), tmp_path)
    assert code == ExitCode.PUBLIC_URL
    assert "did not answer over https" in lines["public URL"]
