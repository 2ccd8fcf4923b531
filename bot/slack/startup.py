"""What `kairos run` does before serving: the key, the port, Slack, and the start-up block.

The order is the operator's: settings first (all of them, one line each), then the port and
Slack, which can fail without leaving anything behind, and only then the key file and the
database, which are created on a first run.
"""

from __future__ import annotations

import errno
import logging
import socket
from dataclasses import dataclass

from pydantic import SecretStr
from sqlalchemy.exc import SQLAlchemyError

from bot import keys
from bot.db.engine import make_engine, make_session_factory
from bot.errors import ExitCode, StartupError
from bot.settings import Settings
from bot.slack.check import NO_KEY_ON_A_SERVER, check_app_token, check_bot_token, check_scopes
from bot.slack.manifest import EVENTS_PATH
from bot.workspace import repo as workspace_repo
from bot.workspace.model import JOIN_ALL, ON

log = logging.getLogger("kairos")


@dataclass(frozen=True)
class KeyOrigin:
    """Where the encryption key came from, to say so at start."""

    description: str
    created: bool = False


def refuse_without_key(settings: Settings) -> None:
    """Stop at once when no key is set and none can be kept (a database server)."""
    if settings.kairos_encryption_key is None and not keys.is_embedded(settings.database_url):
        raise StartupError(NO_KEY_ON_A_SERVER, exit_code=ExitCode.CONFIG)


def with_encryption_key(settings: Settings) -> tuple[Settings, KeyOrigin]:
    """The settings with a key: KAIROS_ENCRYPTION_KEY, else the one kept beside SQLite."""
    if settings.kairos_encryption_key is not None:
        return settings, KeyOrigin("KAIROS_ENCRYPTION_KEY")
    refuse_without_key(settings)
    path = keys.key_file_for(settings.database_url)
    if path is None:
        key, origin = keys.new_key(), KeyOrigin("made for this process (in-memory database)")
    else:
        key, created = keys.load_or_create(path)
        origin = KeyOrigin(f"kept in {path}", created=created)
        if created:
            log.warning(
                "KAIROS_ENCRYPTION_KEY is not set: made a key and stored it in %s, readable "
                "by its owner only; it decrypts calendar addresses and people's tokens, so "
                "back it up with the database. In production set KAIROS_ENCRYPTION_KEY "
                "(`kairos keygen` prints one) instead",
                path,
            )
        elif keys.readable_by_others(path):
            log.warning("%s may be read by others: `chmod 600 %s`", path, path)
    return settings.model_copy(update={"kairos_encryption_key": SecretStr(key)}), origin


def bind_port(host: str, port: int) -> socket.socket:
    """The listening socket for the HTTP server, or one line saying why it cannot be had."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            why = "is already in use (another Kairos, or another server)"
            fix = "stop that, or choose another port with PORT or --port"
        elif error.errno == errno.EACCES:
            why, fix = "may not be opened by this user", "use a port above 1023"
        else:
            why, fix = f"could not be opened ({error.strerror})", "check HOST and PORT"
        raise StartupError(f"port {port} on {host} {why}: {fix}", exit_code=ExitCode.PORT) from None
    return sock


def verify_slack(settings: Settings, *, socket_mode: bool) -> None:
    """Slack accepts the tokens, asked once, quietly; a missing scope is a warning."""
    token, scopes = check_bot_token(settings)
    if not token.ok:
        raise StartupError(token.detail, exit_code=token.exit_code)
    if socket_mode:
        app = check_app_token(settings)
        if not app.ok:
            raise StartupError(app.detail, exit_code=app.exit_code)
    granted = check_scopes(scopes)
    if not granted.ok:
        log.warning("%s (`kairos check` lists what else to fix)", granted.detail)


def joining_channels(database_url: str) -> bool | None:
    """Whether an admin turned joining every public channel on; None if unreadable."""
    engine = make_engine(database_url)
    try:
        with make_session_factory(engine)() as session:
            return workspace_repo.get(session, JOIN_ALL) == ON
    except SQLAlchemyError:
        return None
    finally:
        engine.dispose()


def startup_block(
    settings: Settings,
    *,
    socket_mode: bool,
    port: int,
    key: KeyOrigin,
    joining: bool | None,
) -> list[str]:
    """The lines Kairos logs at start: the mode, the database, each feature on or off, and
    why, so that nothing is off silently."""
    if socket_mode:
        mode = f"Socket Mode (Kairos connects out to Slack; port {port} serves /healthz only)"
    else:
        public = settings.kairos_public_url or "https://<your public address>"
        mode = (
            f"HTTP on port {port}: Slack must be able to reach {public}{EVENTS_PATH}; "
            "for Socket Mode set SLACK_APP_TOKEN"
        )
    if settings.connect_enabled:
        connect = f"on (people connect at {settings.kairos_public_url}/slack/oauth/callback)"
    else:
        connect = "off (set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and KAIROS_PUBLIC_URL)"
    if settings.kairos_hourly_rate is None:
        cost = "without a cost line (KAIROS_HOURLY_RATE is not set)"
    else:
        rate = f"{settings.kairos_hourly_rate:g} {settings.kairos_currency}".strip()
        cost = f"with a cost line at {rate} an hour"
    joined = {True: "on", False: "off", None: "unknown (the database did not answer)"}[joining]
    return [
        "Kairos is starting:",
        f"  mode: {mode}",
        f"  database: {settings.database_url_for_logs()}",
        f"  calendar feeds and agenda nudges: on (encryption key {key.description})",
        f"  Connect (focus pauses people's notifications): {connect}",
        f"  weekly summary: in channels that ask with `/kairos summary here`, {cost}",
        f"  joining every public channel: {joined} (an admin sets it: `/kairos channels`)",
        f"  sweeps: every {settings.kairos_sweep_seconds} s",
    ]


def log_startup_block(lines: list[str]) -> None:
    """Log the start-up block, one record per line so that log collectors keep it whole."""
    for line in lines:
        log.info("%s", line)
