"""`kairos check`: a deployment verified from the inside, one line per check.

The Slack checks are also what `kairos run` does first, so that a wrong token stops it with
one line before the database file is created or migrated.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot import keys
from bot.db import migrate
from bot.db.engine import make_engine
from bot.errors import ExitCode
from bot.settings import Settings, SettingsError, load, where_settings_come_from
from bot.slack.manifest import BOT_SCOPES, EVENTS_PATH

# A check is a question asked once: slack_sdk's retry handlers would only repeat the same
# failure, logging each attempt, and its own error line would come before the one line
# that says what to do. The check reports every failure itself.
QUIET_SLACK_LOGGER = logging.getLogger("kairos.check.slack_sdk")
QUIET_SLACK_LOGGER.setLevel(logging.CRITICAL)
CHECK_TIMEOUT = 10
SCOPES_HEADER = "x-oauth-scopes"
NO_KEY_ON_A_SERVER = (
    "Setting KAIROS_ENCRYPTION_KEY is missing: with PostgreSQL, Kairos keeps no key of its "
    "own (every replica needs the same one); make one with `kairos keygen` and set it."
)
REINSTALL = (
    "add them under 'OAuth & Permissions' (or paste `kairos manifest` into the app's "
    "manifest) and reinstall the app to the workspace"
)


@dataclass(frozen=True)
class Check:
    """The outcome of one check: what was found, or what is wrong and how to fix it."""

    name: str
    ok: bool
    detail: str
    exit_code: ExitCode = ExitCode.OK

    def line(self) -> str:
        """The check as one line of `kairos check` output."""
        return f"{'ok  ' if self.ok else 'FAIL'}  {self.name}: {self.detail}"


def passed(name: str, detail: str) -> Check:
    """A check that passed."""
    return Check(name, True, detail)


def failed(name: str, detail: str, exit_code: ExitCode) -> Check:
    """A check that failed, its detail saying how to fix it."""
    return Check(name, False, detail, exit_code)


def quiet_client(token: str, api_url: str) -> WebClient:
    """A Web API client that asks once and logs nothing below errors."""
    return WebClient(
        token=token,
        base_url=api_url,
        timeout=CHECK_TIMEOUT,
        retry_handlers=[],
        logger=QUIET_SLACK_LOGGER,
    )


def _unreachable(api_url: str, error: Exception) -> str:
    reason = getattr(error, "reason", None) or error
    return f"could not reach Slack at {api_url} ({reason}): check the network and SLACK_API_URL"


def check_bot_token(settings: Settings) -> tuple[Check, frozenset[str] | None]:
    """auth.test with SLACK_BOT_TOKEN; also the scopes Slack says the token has."""
    name = "Slack bot token"
    client = quiet_client(settings.slack_bot_token.get_secret_value(), settings.slack_api_url)
    try:
        response = client.auth_test()
    except SlackApiError as error:
        reason = error.response.get("error", "refused")
        return failed(
            name,
            f"Slack refused SLACK_BOT_TOKEN ({reason}): copy the Bot User OAuth Token "
            "(xoxb-...) again from your Slack app's 'OAuth & Permissions' page, and check "
            "that the app is installed to the workspace",
            ExitCode.SLACK,
        ), None
    except (SlackClientError, OSError, ValueError) as error:
        return failed(name, _unreachable(settings.slack_api_url, error), ExitCode.SLACK), None
    headers = {key.lower(): value for key, value in response.headers.items()}
    raw = headers.get(SCOPES_HEADER)
    scopes = None if raw is None else frozenset(s.strip() for s in raw.split(",") if s.strip())
    detail = (
        f"Kairos is {response.get('user', '?')} in {response.get('team', '?')} "
        f"({response.get('team_id', '?')})"
    )
    return passed(name, detail), scopes


def check_scopes(granted: frozenset[str] | None) -> Check:
    """The bot token's scopes against those the manifest asks for."""
    name = "Slack scopes"
    if granted is None:
        return failed(
            name,
            f"Slack did not say which scopes the token has (no {SCOPES_HEADER} header): "
            "check that SLACK_API_URL points at Slack",
            ExitCode.SLACK,
        )
    missing = sorted(set(BOT_SCOPES) - granted)
    if missing:
        return failed(
            name,
            f"the app lacks {len(missing)} scope(s) Kairos needs: {', '.join(missing)}; "
            + REINSTALL,
            ExitCode.SLACK,
        )
    return passed(name, f"all {len(BOT_SCOPES)} scopes the manifest asks for")


def check_app_token(settings: Settings) -> Check:
    """apps.connections.open with SLACK_APP_TOKEN, when Socket Mode is configured."""
    name = "Socket Mode token"
    if settings.slack_app_token is None:
        return passed(name, "SLACK_APP_TOKEN is not set, so Kairos runs in HTTP mode")
    client = quiet_client(settings.slack_app_token.get_secret_value(), settings.slack_api_url)
    try:
        client.apps_connections_open(app_token=settings.slack_app_token.get_secret_value())
    except SlackApiError as error:
        reason = error.response.get("error", "refused")
        return failed(
            name,
            f"Slack refused SLACK_APP_TOKEN ({reason}): create an app-level token with the "
            "connections:write scope under 'Basic Information' > 'App-Level Tokens', and "
            "turn Socket Mode on in the app's settings (or leave SLACK_APP_TOKEN empty for "
            "HTTP mode)",
            ExitCode.SLACK,
        )
    except (SlackClientError, OSError, ValueError) as error:
        return failed(name, _unreachable(settings.slack_api_url, error), ExitCode.SLACK)
    return passed(name, "Slack opens Socket Mode connections for it")


def sqlite_file(database_url: str) -> Path | None:
    """The file of an SQLite database URL; None for a server or an in-memory database."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(str(url.database))


def check_database(database_url: str, where: str) -> Check:
    """The database answers and is at the newest revision; creates nothing."""
    name = "database"
    path = sqlite_file(database_url)
    if path is not None and not path.is_file():
        return failed(
            name,
            f"there is no database file at {path.absolute()} yet: `kairos migrate` creates "
            "it (so does `kairos run`), or set DATABASE_URL to the one in use",
            ExitCode.DATABASE,
        )
    engine = make_engine(database_url)
    try:
        current = migrate.current_revision(engine)
    except SQLAlchemyError as error:
        orig = getattr(error, "orig", None)
        reason = str(orig or error).strip().splitlines()[0]
        return failed(
            name,
            f"could not reach the database at {where} ({reason}): check DATABASE_URL and "
            "that the server is up",
            ExitCode.DATABASE,
        )
    finally:
        engine.dispose()
    head = migrate.head_revision()
    if current != head:
        return failed(
            name,
            f"{where} is at revision {current or 'none (empty)'}, this Kairos expects {head}: "
            "run `kairos migrate` (if Kairos was downgraded, run the newer version instead)",
            ExitCode.DATABASE,
        )
    return passed(name, f"{where} answers and is at revision {head}, the newest")


def check_public_url(settings: Settings) -> Check:
    """KAIROS_PUBLIC_URL answers /healthz over https, when it is set."""
    name = "public URL"
    base = settings.kairos_public_url
    if base is None:
        if settings.socket_mode:
            return passed(name, "KAIROS_PUBLIC_URL is not set; Socket Mode does not need it")
        return passed(
            name,
            f"KAIROS_PUBLIC_URL is not set, so it cannot be checked: in HTTP mode Slack must "
            f"reach this Kairos at https://<your host>{EVENTS_PATH}",
        )
    if not base.startswith("https://"):
        return failed(
            name,
            f"KAIROS_PUBLIC_URL is {base}, not https://: Slack calls and redirects to https "
            "addresses only; put Kairos behind a TLS proxy and set its https:// address",
            ExitCode.PUBLIC_URL,
        )
    health = f"{base}/healthz"
    try:
        # trust_env: a company proxy or CA bundle set in the environment applies here as it
        # does for any client on this host; Slack itself reaches the URL from outside.
        status = httpx.get(health, timeout=CHECK_TIMEOUT, follow_redirects=False).status_code
    except httpx.HTTPError as error:
        return failed(
            name,
            f"{health} did not answer over https ({error or type(error).__name__}): check "
            "the DNS name, the TLS certificate and that the proxy forwards to Kairos",
            ExitCode.PUBLIC_URL,
        )
    if status != 200:
        return failed(
            name,
            f"{health} answered {status}, not 200: check that KAIROS_PUBLIC_URL is the "
            "address of this Kairos and that the proxy forwards /healthz to it",
            ExitCode.PUBLIC_URL,
        )
    return passed(name, f"{health} answers over https")


def check_key_setting(settings: Settings) -> Check:
    """Whether the encryption key is set or can be kept beside the database."""
    name = "encryption key"
    if settings.kairos_encryption_key is not None:
        return passed(name, "KAIROS_ENCRYPTION_KEY is set")
    if not keys.is_embedded(settings.database_url):
        return failed(name, NO_KEY_ON_A_SERVER, ExitCode.CONFIG)
    path = keys.key_file_for(settings.database_url)
    if path is None:
        return passed(name, "not set; an in-memory database gets a key for the process")
    if not path.is_file():
        return passed(name, f"not set; `kairos run` makes one in {path} on first start")
    if keys.readable_by_others(path):
        return failed(
            name,
            f"{path} may be read by others: `chmod 600 {path}` (it decrypts calendar "
            "addresses and people's tokens)",
            ExitCode.CONFIG,
        )
    return passed(name, f"not set; Kairos uses the one it keeps in {path}")


def run_checks(settings: Settings) -> Iterator[Check]:
    """Every check after the settings, in order: the key, Slack, the database, the URL."""
    yield check_key_setting(settings)
    token, scopes = check_bot_token(settings)
    yield token
    if token.ok:
        yield check_scopes(scopes)
    yield check_app_token(settings)
    yield check_database(settings.database_url, settings.database_url_for_logs())
    yield check_public_url(settings)


def check_command() -> int:
    """`kairos check`: print one line per check; the exit code of the first failure."""
    try:
        settings = load(Settings)
    except SettingsError as error:
        for line in error.lines:
            print(failed("settings", line, ExitCode.CONFIG).line())
        return ExitCode.CONFIG
    print(passed("settings", f"all valid. {where_settings_come_from()}").line())
    first_failure = ExitCode.OK
    for check in run_checks(settings):
        print(check.line(), flush=True)
        if not check.ok and first_failure is ExitCode.OK:
            first_failure = check.exit_code
    return first_failure
