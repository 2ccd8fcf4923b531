"""What `kairos run` says and decides before it serves: the key, the port, the start-up block."""

from __future__ import annotations

import logging
import socket
import stat
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.errors import ExitCode, StartupError
from bot.settings import Settings
from bot.slack import startup

BASE = {"slack_bot_token": "xoxb-1-2-abc", "slack_signing_secret": "0123456789abcdef"}


def _settings(**values: object) -> Settings:
    return Settings.model_validate({**BASE, **values})


def _block(settings: Settings, *, socket_mode: bool, joining: bool | None = False) -> str:
    key = startup.KeyOrigin("KAIROS_ENCRYPTION_KEY")
    lines = startup.startup_block(
        settings, socket_mode=socket_mode, port=3000, key=key, joining=joining
    )
    return "\n".join(lines)


def test_http_mode_says_where_slack_must_reach_kairos() -> None:
    block = _block(_settings(kairos_public_url="https://kairos.example.com"), socket_mode=False)
    assert (
        "HTTP on port 3000: Slack must be able to reach "
        "https://kairos.example.com/slack/events; for Socket Mode set SLACK_APP_TOKEN"
    ) in block
    assert "Socket Mode mode" not in block


def test_socket_mode_block_names_the_mode_once() -> None:
    block = _block(_settings(slack_app_token="xapp-1-A-1-abc"), socket_mode=True)
    assert "mode: Socket Mode (" in block
    assert "Socket Mode mode" not in block


def test_the_block_says_which_features_are_off_and_why() -> None:
    block = _block(_settings(database_url="postgres://k:hunter22@db/k"), socket_mode=False)
    assert "database: postgresql+psycopg://k:***@db/k" in block
    assert "hunter22" not in block
    assert "Connect (focus pauses people's notifications): off (set SLACK_CLIENT_ID" in block
    assert "without a cost line (KAIROS_HOURLY_RATE is not set)" in block
    assert "joining every public channel: off" in block


def test_the_block_says_which_features_are_on() -> None:
    settings = _settings(
        slack_client_id="1.2",
        slack_client_secret="client-secret",
        kairos_public_url="https://k.example.com",
        kairos_encryption_key=Fernet.generate_key().decode(),
        kairos_hourly_rate=85,
        kairos_currency="EUR",
    )
    block = _block(settings, socket_mode=False, joining=True)
    assert "Connect (focus pauses people's notifications): on" in block
    assert "with a cost line at 85 EUR an hour" in block
    assert "joining every public channel: on" in block
    assert "calendar feeds and agenda nudges: on (encryption key KAIROS_ENCRYPTION_KEY)" in block


def test_postgresql_without_a_key_is_refused_with_how_to_make_one() -> None:
    settings = _settings(database_url="postgres://k:pw@db/k")
    with pytest.raises(StartupError) as caught:
        startup.with_encryption_key(settings)
    assert caught.value.exit_code is ExitCode.CONFIG
    assert "`kairos keygen`" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_sqlite_without_a_key_makes_one_once_and_never_logs_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = _settings(database_url=f"sqlite:///{tmp_path / 'kairos.db'}")
    caplog.set_level(logging.INFO)
    with_key, origin = startup.with_encryption_key(settings)
    assert with_key.kairos_encryption_key is not None
    key = with_key.kairos_encryption_key.get_secret_value()
    path = tmp_path / "kairos.db.key"
    assert path.read_text().strip() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert origin.created
    said = caplog.text
    assert str(path) in said
    assert "KAIROS_ENCRYPTION_KEY" in said
    assert key not in said
    # The second start reuses it and says nothing more about it.
    caplog.clear()
    again, second = startup.with_encryption_key(settings)
    assert again.kairos_encryption_key is not None
    assert again.kairos_encryption_key.get_secret_value() == key
    assert not second.created
    assert caplog.text == ""
    assert key in again.secrets()  # so the log filter scrubs it wherever it appears


def test_a_set_key_is_used_and_nothing_is_written(tmp_path: Path) -> None:
    key = Fernet.generate_key().decode()
    settings = _settings(
        database_url=f"sqlite:///{tmp_path / 'kairos.db'}", kairos_encryption_key=key
    )
    same, origin = startup.with_encryption_key(settings)
    assert same is settings
    assert origin.description == "KAIROS_ENCRYPTION_KEY"
    assert list(tmp_path.iterdir()) == []


def test_a_busy_port_is_one_line_with_its_own_exit_code() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(StartupError) as caught:
            startup.bind_port("127.0.0.1", port)
    assert caught.value.exit_code is ExitCode.PORT
    assert f"port {port} on 127.0.0.1 is already in use" in str(caught.value)


def test_a_free_port_is_bound_for_the_server() -> None:
    sock = startup.bind_port("127.0.0.1", 0)
    try:
        assert sock.getsockname()[1] > 0
    finally:
        sock.close()
