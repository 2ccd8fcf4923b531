"""Settings from the environment (and an optional .env), validated once at start."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.connect.crypto import KEY_HELP, check_keys, split_keys
from bot.i18n.languages import DEFAULT_LANGUAGE, Language, parse_language_setting
from bot.meetings.absence import LEAVE_WORDS, parse_leave_words
from bot.privacy.retention import ANSWERS, DELIVERED, MEETINGS, SETTINGS, Periods

# The placeholders shipped in .env.example: starting with them is a set-up mistake, and
# an app that starts anyway only fails later and less clearly.
PLACEHOLDERS = frozenset(
    {"xoxb-your-bot-token", "xapp-your-app-token", "your-signing-secret", "change-me"}
)

# For each setting: how to fix it, in one line. Shown when the setting is missing or wrong.
HOW_TO_FIX = {
    "SLACK_BOT_TOKEN": "set it to the Bot User OAuth Token (xoxb-...) from your Slack app's "
    "'OAuth & Permissions' page",
    "SLACK_SIGNING_SECRET": "set it to the Signing Secret from your Slack app's "
    "'Basic Information' page",
    "SLACK_APP_TOKEN": "set it to an app-level token (xapp-...) with the connections:write "
    "scope, from your Slack app's 'Basic Information' page, or leave it empty for HTTP mode",
    "SLACK_API_URL": "set it to an http(s) URL ending in /api/, or leave it unset for "
    "https://slack.com/api/",
    "DATABASE_URL": "use postgresql://user:password@host:5432/db, postgres://... or "
    "sqlite:///path/to/kairos.db, or leave it unset for a kairos.db file here",
    "PORT": "use a whole number from 1 to 65535",
    "WEB_CONCURRENCY": "use a whole number of HTTP worker processes from 1 to 32 (about one "
    "per core)",
    "LOG_LEVEL": "use DEBUG, INFO, WARNING or ERROR",
    "KAIROS_SWEEP_SECONDS": "use a whole number of seconds from 5 to 60",
    "KAIROS_SLACK_RATE_SCALE": "use a number above 0 that multiplies Slack's published rate "
    "limits, e.g. 1 (as published) or 0.5 (half as fast)",
    "KAIROS_URGENT_MARKERS": "list words or :emoji: codes separated by commas",
    "KAIROS_LEAVE_WORDS": "list words or phrases separated by commas, e.g. "
    "vacation,holiday,out of office",
    "KAIROS_LANGUAGE": "use en (English) or nl (Dutch), or leave it unset for en",
    "SLACK_CLIENT_ID": "set it to the Client ID on your Slack app's 'Basic Information' "
    "page (with SLACK_CLIENT_SECRET), or leave both unset to turn Connect off",
    "SLACK_CLIENT_SECRET": "set it to the Client Secret on your Slack app's 'Basic "
    "Information' page (with SLACK_CLIENT_ID), or leave both unset to turn Connect off",
    "KAIROS_PUBLIC_URL": "set it to the https:// address Slack reaches Kairos at; the "
    "OAuth redirect URL is that address + /slack/oauth/callback",
    "KAIROS_ENCRYPTION_KEY": "set it to a Fernet key, which encrypts calendar addresses and "
    "people's Slack tokens; `kairos keygen` prints a new one (or " + KEY_HELP + ")",
    **{period.setting: period.how_to_fix for period in SETTINGS if period.setting},
}


def normalize_database_url(raw: str) -> str:
    """Turn the URL forms hosting providers hand out into one SQLAlchemy can use."""
    value = raw.strip()
    if not value:
        raise ValueError("it is empty")
    # Heroku, Render, Fly and others hand out postgres://; SQLAlchemy wants an explicit
    # dialect, and Kairos installs psycopg 3, not psycopg2 (SQLAlchemy's default).
    for prefix in ("postgres://", "postgresql://"):
        if value.startswith(prefix):
            value = "postgresql+psycopg://" + value[len(prefix) :]
            break
    try:
        url = make_url(value)
    except ArgumentError:
        raise ValueError("it is not a database URL") from None
    if url.get_backend_name() not in ("postgresql", "sqlite"):
        raise ValueError(f"the database '{url.get_backend_name()}' is not supported")
    if url.get_backend_name() == "postgresql" and url.get_driver_name() != "psycopg":
        raise ValueError(f"the driver '{url.get_driver_name()}' is not installed")
    return value


def _not_placeholder(value: SecretStr) -> SecretStr:
    secret = value.get_secret_value()
    if not secret.strip():
        raise ValueError("it is empty")
    if secret in PLACEHOLDERS:
        raise ValueError("it is still the placeholder from .env.example")
    return value


def _api_url(value: str) -> str:
    if not value.startswith(("https://", "http://")):
        raise ValueError("it must start with https:// or http://")
    return value if value.endswith("/") else value + "/"


def _public_url(value: str) -> str:
    local = value.startswith(("http://localhost", "http://127.0.0.1"))
    if not value.startswith("https://") and not local:
        raise ValueError("it must start with https:// (Slack redirects only to https)")
    return value.rstrip("/")


Secret = Annotated[SecretStr, AfterValidator(_not_placeholder)]

# Each retention setting's field, and the period it shortens.
_RETENTION_FIELDS = {period.setting.lower(): period for period in SETTINGS if period.setting}


class DatabaseSettings(BaseSettings):
    """What commands that only touch the database need (`kairos migrate`)."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    database_url: str = "sqlite:///kairos.db"
    log_level: str = "INFO"

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        return normalize_database_url(value)

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ValueError(f"'{value}' is not a log level")
        return level

    def database_url_for_logs(self) -> str:
        """The database URL with its password hidden."""
        return make_url(self.database_url).render_as_string(hide_password=True)


class Settings(DatabaseSettings):
    """Everything `kairos run` needs. Built once in the composition root and passed down."""

    slack_bot_token: Secret
    slack_signing_secret: Secret
    slack_app_token: Secret | None = None
    slack_api_url: Annotated[str, AfterValidator(_api_url)] = "https://slack.com/api/"
    port: int = Field(default=3000, ge=1, le=65535)
    host: str = "0.0.0.0"  # noqa: S104 - a container listens on all interfaces
    # HTTP worker processes (uvicorn's and gunicorn's name for it); Socket Mode runs one.
    web_concurrency: int = Field(default=1, ge=1, le=32)
    kairos_sweep_seconds: int = Field(default=20, ge=5, le=60)
    # Multiplies the rate limits Kairos keeps to when calling Slack (bot/slack/limits.py):
    # for a workspace whose limits differ, or a simulated Slack that runs faster.
    kairos_slack_rate_scale: float = Field(default=1.0, gt=0, allow_inf_nan=False)
    # Comma-separated Slack user ids who may change workspace settings, besides Slack's
    # own admins and owners (who always may).
    kairos_admin_users: str = ""
    # Calendar feeds: how often each is polled, and (development and tests only) whether
    # http:// and private or local addresses may be fetched.
    kairos_calendar_poll_minutes: int = Field(default=15, ge=1, le=1440)
    kairos_allow_private_urls: bool = False
    # The weekly summary: an hourly cost of a person's time, to show what meetings cost
    # (unset: no cost line), and the currency it is in, as shown ("EUR", "$").
    kairos_hourly_rate: float | None = Field(default=None, gt=0, le=100_000)
    kairos_currency: str = Field(default="", max_length=8)
    # Comma-separated whole words or :emoji: codes that mark a message as urgent.
    kairos_urgent_markers: str = "urgent,dringend,spoed,:rotating_light:"
    # Comma-separated whole words or phrases (any case): an event titled with one in a
    # person's own calendar is leave (bot/meetings/absence.py says when exactly).
    kairos_leave_words: str = ",".join(LEAVE_WORDS)
    # The language of channel posts, and of people whose Slack language Kairos does not
    # speak (bot/i18n/languages.py).
    kairos_language: Language = DEFAULT_LANGUAGE
    # A translator's check: Dutch is replaced by marked, accented English (bot/i18n/pseudo.py).
    kairos_pseudo_translations: bool = False
    # Connect: people's own Slack tokens, to pause notifications during focus. Optional;
    # setting SLACK_CLIENT_ID turns it on and makes the other three required. Passed to
    # Kairos's code explicitly; Bolt must not see the first two (see the composition root).
    slack_client_id: str | None = None
    slack_client_secret: Secret | None = Field(default=None, validate_default=True)
    kairos_public_url: Annotated[str, AfterValidator(_public_url)] | None = Field(
        default=None, validate_default=True
    )
    kairos_encryption_key: Secret | None = Field(default=None, validate_default=True)
    # Retention (bot/privacy/retention.py): an operator may keep these rows for fewer days
    # than the default, down to what the features reading them need; never longer.
    kairos_retain_delivered_days: int = DELIVERED.days
    kairos_retain_meetings_days: int = MEETINGS.days
    kairos_retain_answers_days: int = ANSWERS.days

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().startswith("xoxb-"):
            raise ValueError("it must be a bot token starting with xoxb-")
        return value

    @field_validator("slack_app_token", mode="before")
    @classmethod
    def _app_token(cls, value: Any) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None  # an empty SLACK_APP_TOKEN= line means "not set": HTTP mode
        if isinstance(value, str) and not value.startswith("xapp-"):
            raise ValueError("it must be an app-level token starting with xapp-")
        return value

    @field_validator("kairos_urgent_markers")
    @classmethod
    def _urgent_markers(cls, value: str) -> str:
        if not [m for m in value.split(",") if m.strip()]:
            raise ValueError("it needs at least one word or :emoji:")
        return value

    @field_validator("kairos_leave_words")
    @classmethod
    def _leave_words(cls, value: str) -> str:
        if not parse_leave_words(value):
            raise ValueError("it needs at least one word")
        return value

    @field_validator("kairos_language", mode="before")
    @classmethod
    def _language(cls, value: Any) -> Any:
        if isinstance(value, str):
            return parse_language_setting(value) if value.strip() else DEFAULT_LANGUAGE
        return value

    @field_validator(
        "slack_client_id",
        "slack_client_secret",
        "kairos_public_url",
        "kairos_encryption_key",
        mode="before",
    )
    @classmethod
    def _empty_means_unset(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("slack_client_secret")
    @classmethod
    def _client_secret(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        has_id = info.data.get("slack_client_id") is not None
        if has_id and value is None:
            raise ValueError("SLACK_CLIENT_ID is set, so Connect needs this too")
        if value is not None and not has_id:
            raise ValueError("it is set but SLACK_CLIENT_ID is not")
        return value

    @field_validator("kairos_public_url")
    @classmethod
    def _public_url_needed(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None and info.data.get("slack_client_id") is not None:
            raise ValueError("SLACK_CLIENT_ID is set, so Connect needs it for its redirect URL")
        return value

    @field_validator("kairos_encryption_key")
    @classmethod
    def _encryption_key(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        if value is None:
            if info.data.get("slack_client_id") is not None:
                raise ValueError("SLACK_CLIENT_ID is set, so Connect needs it to encrypt tokens")
            return None
        check_keys(value.get_secret_value())
        return value

    @field_validator(*_RETENTION_FIELDS, mode="before")
    @classmethod
    def _empty_means_default(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str) and not value.strip():
            return _RETENTION_FIELDS[info.field_name or ""].days
        return value

    @field_validator(*_RETENTION_FIELDS)
    @classmethod
    def _retention_days(cls, value: int, info: ValidationInfo) -> int:
        return _RETENTION_FIELDS[info.field_name or ""].check(value)

    @property
    def connect_enabled(self) -> bool:
        """Whether people can connect their Slack account (OAuth is configured)."""
        return self.slack_client_id is not None

    def admin_users(self) -> frozenset[str]:
        """KAIROS_ADMIN_USERS as a set of user ids."""
        return frozenset(u.strip() for u in self.kairos_admin_users.split(",") if u.strip())

    def retention_periods(self) -> Periods:
        """The KAIROS_RETAIN_*_DAYS settings, for the retention sweep."""
        return Periods({name.upper(): getattr(self, name) for name in _RETENTION_FIELDS})

    def urgent_markers(self) -> tuple[str, ...]:
        """The urgent markers as a tuple of lower-case words and emoji codes."""
        return tuple(m.strip().lower() for m in self.kairos_urgent_markers.split(",") if m.strip())

    def leave_words(self) -> tuple[str, ...]:
        """KAIROS_LEAVE_WORDS as a tuple of words and phrases."""
        return parse_leave_words(self.kairos_leave_words)

    @property
    def socket_mode(self) -> bool:
        """Whether an app-level token was given, which selects Socket Mode."""
        return self.slack_app_token is not None

    def secrets(self) -> list[str]:
        """Every secret value, so log output can be scrubbed of them."""
        values = [self.slack_bot_token, self.slack_signing_secret, self.slack_app_token]
        found = [v.get_secret_value() for v in values if v is not None]
        password = make_url(self.database_url).password
        if password:
            found.append(str(password))
        if self.slack_client_secret is not None:
            found.append(self.slack_client_secret.get_secret_value())
        if self.kairos_encryption_key is not None:
            found.extend(split_keys(self.kairos_encryption_key.get_secret_value()))
        return found


SettingsT = TypeVar("SettingsT", bound=DatabaseSettings)


class SettingsError(Exception):
    """Settings are missing or malformed: one line for the operator per bad setting."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def where_settings_come_from(folder: Path | None = None) -> str:
    """Where settings were looked for: the environment, and the .env file if there is one.

    pydantic-settings reads `.env` from the working directory only, so a file beside the
    project but not where `kairos` was started is silently not read: say which it was."""
    env_file = (folder or Path.cwd()) / ".env"
    if env_file.is_file():
        return f"Kairos read the environment and {env_file.resolve()}"
    return f"Kairos read the environment; there is no .env file in {env_file.parent.resolve()}"


def describe_validation_errors(error: ValidationError) -> list[str]:
    """One clear line per bad setting, naming it and how to fix it."""
    lines = []
    for problem in error.errors():
        name = str(problem["loc"][0]).upper() if problem["loc"] else "a setting"
        fix = HOW_TO_FIX.get(name, "check its value")
        if problem["type"] == "missing":
            lines.append(f"Setting {name} is missing: {fix}. {where_settings_come_from()}.")
            continue
        reason = str(problem["msg"]).removeprefix("Value error, ")
        lines.append(f"Setting {name} is not valid ({reason}): {fix}.")
    return lines


def load(cls: type[SettingsT]) -> SettingsT:
    """Build settings from the environment, turning validation errors into SettingsError."""
    try:
        return cls()
    except ValidationError as error:
        raise SettingsError(describe_validation_errors(error)) from None


def log_level_number(settings: DatabaseSettings) -> int:
    """The logging module's number for the configured level."""
    return logging.getLevelNamesMapping()[settings.log_level]
