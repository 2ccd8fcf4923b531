"""A first `kairos run` as a newcomer makes it: no encryption key, SQLite, and mistakes that
each end in one line with their own exit code, leaving nothing behind."""

from __future__ import annotations

import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.db.leases import JobLease
from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.errors import ExitCode
from bot.slack.manifest import BOT_SCOPES
from tests.e2e.conftest import RunningKairos, start_kairos, stop_and_show, wait_until
from tests.support.feeds import FeedServer, Route
from tests.support.process import (
    APP_TOKEN,
    BOT_TOKEN,
    SIGNING_SECRET,
    KairosProcess,
    base_environment,
    free_port,
    run_once,
)

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def slack() -> Iterator[FakeSlack]:
    """The fake Slack, its bot token granted exactly the scopes the manifest asks for."""
    with FakeSlack(bot_token=BOT_TOKEN, app_token=APP_TOKEN, bot_scopes=sorted(BOT_SCOPES)) as fake:
        yield fake
        assert not fake.internal_errors, "\n".join(fake.internal_errors)


def _env(fake: FakeSlack, **extra: str) -> dict[str, str]:
    return base_environment(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake.api_url,
        **extra,
    )


def _calendar(kairos: RunningKairos, fake: FakeSlack, url: str) -> str:
    user = "UFIRSTRUN1"
    fake.add_user(user, name="first-run")
    body = payloads.slash_command_form(
        "/kairos", f"calendar {url}", user_id=user, channel_id="C0ANY",
        response_url=fake.new_response_url(),
    )  # fmt: skip
    response = kairos.post_form(body)
    assert response.status_code == 200
    return str(response.json()["text"])


def test_a_first_run_without_a_key_accepts_a_calendar(
    slack: FakeSlack, feeds: FeedServer, tmp_path: Path
) -> None:
    feeds.routes["/first-run/basic.ics"] = Route(body=b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    database = tmp_path / "data" / "kairos.db"
    url = f"sqlite:///{database}"
    key_file = tmp_path / "data" / "kairos.db.key"
    kairos = start_kairos(slack, url, tmp_path, KAIROS_ALLOW_PRIVATE_URLS="true")
    try:
        answer = _calendar(kairos, slack, feeds.url("/first-run/basic.ics"))
        assert "Checking your calendar" in answer, answer
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
        key = key_file.read_text().strip()
        output = kairos.process.output()
        assert f"made a key and stored it in {key_file}" in output
        assert "In production set KAIROS_ENCRYPTION_KEY" in output
        assert key not in output
        # The start-up block: the mode, the database, each feature and why.
        assert f"mode: HTTP on port {kairos.port}: Slack must be able to reach" in output
        assert f"database: {url}" in output
        assert f"calendar feeds and agenda nudges: on (encryption key kept in {key_file})" in (
            output
        )
        assert "Connect (focus pauses people's notifications): off" in output
        assert "Socket Mode mode" not in output
    finally:
        stop_and_show(kairos)
    again = start_kairos(slack, url, tmp_path)
    try:
        assert key_file.read_text().strip() == key  # reused, not replaced
        assert "made a key" not in again.process.output()
    finally:
        stop_and_show(again)


def test_a_wrong_app_token_is_one_line_and_leaves_nothing(slack: FakeSlack, tmp_path: Path) -> None:
    env = _env(slack, SLACK_APP_TOKEN="xapp-1-wrong-token", PORT=str(free_port()))
    result = run_once(["run"], env, tmp_path)
    assert result.returncode == ExitCode.SLACK
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("kairos: Slack refused SLACK_APP_TOKEN (invalid_auth): create an")
    assert "wrong-token" not in result.stdout + result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_busy_port_is_one_line_with_its_own_exit_code(slack: FakeSlack, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))  # where Kairos listens by default
        taken.listen()
        port = taken.getsockname()[1]
        result = run_once(["run", "--http", "--port", str(port)], _env(slack), tmp_path)
    assert result.returncode == ExitCode.PORT
    assert result.stderr.strip().splitlines() == [
        f"kairos: port {port} on 0.0.0.0 is already in use (another Kairos, or another "
        "server): stop that, or choose another port with PORT or --port"
    ]
    assert list(tmp_path.iterdir()) == []


def test_the_scheduler_is_quiet_at_info(slack: FakeSlack, tmp_path: Path) -> None:
    port = free_port()
    url = f"sqlite:///{tmp_path / 'kairos.db'}"
    env = _env(slack, DATABASE_URL=url, LOG_LEVEL="INFO", KAIROS_SWEEP_SECONDS="5")
    process = KairosProcess(["run", "--http", "--port", str(port)], env, tmp_path)
    try:
        process.wait_healthy(port)
        running = RunningKairos(process=process, port=port, database_url=url, env=env)
        # APScheduler logs "Running job" before each run: once the sweep holds its lease,
        # that line would be in the output.
        wait_until(lambda: running.scalars(select(JobLease.name)), timeout=20)
        output = process.output()
        assert "Running job" not in output
        assert "apscheduler" not in output
    finally:
        process.cleanup()
