"""Settings: the URL forms people paste, and one clear line for every mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import DatabaseSettings, Settings, SettingsError, load, normalize_database_url
from bot.slack.manifest import build_manifest

VALID = {
    "SLACK_BOT_TOKEN": "xoxb-1-2-abc",
    "SLACK_SIGNING_SECRET": "0123456789abcdef",
}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    # No stray .env or variables from the developer's shell.
    monkeypatch.chdir(tmp_path)
    for name in (
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_APP_TOKEN",
        "SLACK_API_URL",
        "DATABASE_URL",
        "PORT",
        "LOG_LEVEL",
        "KAIROS_SWEEP_SECONDS",
    ):
        monkeypatch.delenv(name, raising=False)


def _env(monkeypatch: pytest.MonkeyPatch, **values: str) -> None:
    for key, value in {**VALID, **values}.items():
        monkeypatch.setenv(key, value)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db.example.com:5432/k", "postgresql+psycopg://u:p@db.example.com:5432/k"),
        ("postgresql://u:p@h/k?sslmode=require", "postgresql+psycopg://u:p@h/k?sslmode=require"),
        ("postgresql+psycopg://u@h/k", "postgresql+psycopg://u@h/k"),
        ("sqlite:///kairos.db", "sqlite:///kairos.db"),
        ("sqlite:////var/lib/kairos/kairos.db", "sqlite:////var/lib/kairos/kairos.db"),
    ],
)
def test_database_url_forms(given: str, expected: str) -> None:
    assert normalize_database_url(given) == expected


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("mysql://u@h/k", "not supported"),
        ("postgresql+psycopg2://u@h/k", "not installed"),
        ("not a url", "not a database URL"),
        ("", "empty"),
    ],
)
def test_bad_database_urls(given: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        normalize_database_url(given)


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    _env(monkeypatch)
    settings = load(Settings)
    assert settings.database_url == "sqlite:///kairos.db"
    assert settings.port == 3000
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.socket_mode is False


def test_dotenv_file_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    (tmp_path / ".env").write_text(
        "SLACK_BOT_TOKEN=xoxb-from-file\nSLACK_SIGNING_SECRET=s3cret-from-file\nPORT=4000\n"
    )
    settings = load(Settings)
    assert settings.slack_bot_token.get_secret_value() == "xoxb-from-file"
    assert settings.port == 4000


def test_api_url_gets_a_trailing_slash(monkeypatch: pytest.MonkeyPatch) -> None:
    _env(monkeypatch, SLACK_API_URL="http://127.0.0.1:9999/api")
    assert load(Settings).slack_api_url == "http://127.0.0.1:9999/api/"


def test_empty_app_token_means_http_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    _env(monkeypatch, SLACK_APP_TOKEN="")
    assert load(Settings).socket_mode is False
    _env(monkeypatch, SLACK_APP_TOKEN="xapp-1-A-1-abc")
    assert load(Settings).socket_mode is True


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"SLACK_BOT_TOKEN": None}, "Setting SLACK_BOT_TOKEN is missing: set it to the Bot User"),
        ({"SLACK_SIGNING_SECRET": None}, "Setting SLACK_SIGNING_SECRET is missing"),
        ({"SLACK_BOT_TOKEN": "xoxp-user-token"}, "SLACK_BOT_TOKEN is not valid (it must be a bot"),
        ({"SLACK_BOT_TOKEN": "xoxb-your-bot-token"}, "still the placeholder"),
        ({"SLACK_APP_TOKEN": "xoxb-wrong"}, "SLACK_APP_TOKEN is not valid"),
        ({"PORT": "eighty"}, "Setting PORT is not valid"),
        ({"PORT": "70000"}, "Setting PORT is not valid"),
        ({"DATABASE_URL": "mysql://x@y/z"}, "Setting DATABASE_URL is not valid"),
        ({"SLACK_API_URL": "ftp://x"}, "Setting SLACK_API_URL is not valid"),
        ({"LOG_LEVEL": "LOUD"}, "Setting LOG_LEVEL is not valid"),
    ],
)
def test_each_mistake_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, overrides: dict[str, str | None], expected: str
) -> None:
    _env(monkeypatch)
    for key, value in overrides.items():
        if value is None:
            monkeypatch.delenv(key)
        else:
            monkeypatch.setenv(key, value)
    with pytest.raises(SettingsError) as caught:
        load(Settings)
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message


def test_error_never_echoes_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    _env(monkeypatch, SLACK_BOT_TOKEN="xoxp-secret-user-token-value")
    with pytest.raises(SettingsError) as caught:
        load(Settings)
    assert "secret-user-token-value" not in str(caught.value)


def test_migrate_needs_no_slack_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://k:pw@db/k")
    settings = load(DatabaseSettings)
    assert settings.database_url_for_logs() == "postgresql+psycopg://k:***@db/k"


def test_secrets_lists_every_secret_value(monkeypatch: pytest.MonkeyPatch) -> None:
    _env(monkeypatch, SLACK_APP_TOKEN="xapp-1-zzz", DATABASE_URL="postgres://k:dbpass@db/k")
    secrets = load(Settings).secrets()
    assert set(secrets) == {"xoxb-1-2-abc", "0123456789abcdef", "xapp-1-zzz", "dbpass"}


def test_every_bad_setting_is_reported_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    _env(monkeypatch, PORT="eighty", LOG_LEVEL="LOUD")
    monkeypatch.delenv("SLACK_SIGNING_SECRET")
    with pytest.raises(SettingsError) as caught:
        load(Settings)
    lines = caught.value.lines
    assert len(lines) == 3, lines
    assert [line.split()[1] for line in lines] == [
        "LOG_LEVEL",
        "SLACK_SIGNING_SECRET",
        "PORT",
    ]
    assert all("\n" not in line for line in lines)


def test_a_missing_setting_says_no_env_file_was_found_here(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    with pytest.raises(SettingsError) as caught:
        load(Settings)
    assert f"there is no .env file in {tmp_path.resolve()}" in caught.value.lines[0]


def test_a_missing_setting_names_the_env_file_that_was_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-from-file\n")
    with pytest.raises(SettingsError) as caught:
        load(Settings)
    (line,) = caught.value.lines
    assert line.startswith("Setting SLACK_SIGNING_SECRET is missing")
    assert f"read the environment and {(tmp_path / '.env').resolve()}" in line


def test_env_example_points_the_way_kairos_manifest_does(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    """A copied .env.example refuses to start until the three Slack values are filled in,
    and then selects Socket Mode, which `kairos manifest` prints by default."""
    root = Path(__file__).resolve().parents[2]
    (tmp_path / ".env").write_text((root / ".env.example").read_text(encoding="utf-8"))
    with pytest.raises(SettingsError) as caught:
        load(Settings)
    assert [line.split()[1] for line in caught.value.lines] == [
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_APP_TOKEN",
    ]
    assert all("still the placeholder" in line for line in caught.value.lines)
    _env(monkeypatch, SLACK_APP_TOKEN="xapp-1-A-1-abc")
    assert load(Settings).socket_mode is True
    assert build_manifest(socket_mode=True)["settings"]["socket_mode_enabled"] is True
