"""The `kairos` command: run (one process, or several HTTP workers), migrate, manifest."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import uvicorn
from sqlalchemy.exc import OperationalError
from starlette.applications import Starlette

from bot.compose import compose
from bot.connect.routes import HideOAuthQuery
from bot.db import migrate
from bot.errors import StartupError
from bot.logs import configure_logging
from bot.settings import (
    DatabaseSettings,
    Settings,
    SettingsError,
    load,
    log_level_number,
)
from bot.slack.manifest import build_manifest

log = logging.getLogger("kairos")

# Time given to in-flight requests after SIGTERM before the server closes them.
GRACEFUL_SHUTDOWN_SECONDS = 20


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `kairos` console script."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "run":
            return _run(force_http=args.http, port=args.port)
        if args.command == "migrate":
            return _migrate()
        return _manifest(socket_mode=args.socket_mode, url=args.url)
    except (SettingsError, StartupError) as error:
        print(f"kairos: {error}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kairos", description="Kairos, the async-first Slack bot."
    )
    parser.add_argument("--version", action="version", version=f"kairos {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "run",
        help="run the bot (Socket Mode when SLACK_APP_TOKEN is set, else HTTP)",
    )
    run.add_argument("--http", action="store_true", help="use HTTP even if SLACK_APP_TOKEN is set")
    run.add_argument("--port", type=_port, help="HTTP port (default: PORT, else 3000)")

    commands.add_parser("migrate", help="upgrade the database to the latest revision")

    manifest = commands.add_parser("manifest", help="print the Slack app manifest (JSON)")
    mode = manifest.add_mutually_exclusive_group()
    mode.add_argument("--socket-mode", action="store_true", help="for Socket Mode (the default)")
    mode.add_argument(
        "--url", metavar="https://host", help="for HTTP mode: the public base URL of Kairos"
    )
    return parser


def _port(raw: str) -> int:
    if not raw.isdigit() or not 1 <= int(raw) <= 65535:
        raise argparse.ArgumentTypeError("use a whole number from 1 to 65535")
    return int(raw)


def _version() -> str:
    try:
        return version("kairos")
    except PackageNotFoundError:
        return "unknown"


def _manifest(*, socket_mode: bool, url: str | None) -> int:
    if url is not None and not url.startswith("https://"):
        raise StartupError("--url must be the public https:// address Slack will call")
    if url is None:
        print(
            "kairos: printing a Socket Mode manifest; pass --url https://your-host for HTTP.",
            file=sys.stderr,
        )
    print(json.dumps(build_manifest(socket_mode=url is None, base_url=url), indent=2))
    return 0


def _migrate() -> int:
    settings = load(DatabaseSettings)
    configure_logging(log_level_number(settings))
    _upgrade_database(settings)
    return 0


def _upgrade_database(settings: DatabaseSettings) -> None:
    where = settings.database_url_for_logs()
    try:
        migrate.upgrade(settings.database_url)
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else "no answer"
        raise StartupError(f"could not reach the database at {where}: {reason}") from None
    log.info("database %s is at revision %s", where, migrate.head_revision())


def _run(*, force_http: bool, port: int | None) -> int:
    settings = load(Settings)
    _configure_process(settings)
    _upgrade_database(settings)
    use_socket_mode = settings.slack_app_token is not None and not force_http
    # Built here in any case: a bad token or setting stops Kairos with one line, before
    # any worker process starts.
    asgi = compose(settings, use_socket_mode=use_socket_mode)
    options: dict[str, Any] = {
        "host": settings.host,
        "port": port or settings.port,
        "log_config": None,
        "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_SECONDS,
        "proxy_headers": True,
        "server_header": False,
    }
    # uvicorn handles SIGTERM/SIGINT: stop accepting, finish in-flight requests, then lifespan
    # shutdown (scheduler, Socket Mode connection, database pool).
    if use_socket_mode or settings.web_concurrency == 1:
        uvicorn.Server(uvicorn.Config(asgi, workers=1, **options)).run()
        return 0
    # Several processes for one HTTP port: Bolt is synchronous Python, so one process uses
    # one core at most. Each worker composes its own Kairos (worker_app); their schedulers
    # share the sweep leases, like replicas do.
    log.info("starting %d HTTP worker processes", settings.web_concurrency)
    uvicorn.run(f"{__name__}:worker_app", factory=True, workers=settings.web_concurrency, **options)
    return 0


def worker_app() -> Starlette:
    """The app of one HTTP worker process (WEB_CONCURRENCY > 1), composed in that process."""
    settings = load(Settings)
    _configure_process(settings)
    return compose(settings, use_socket_mode=False)


def _configure_process(settings: Settings) -> None:
    configure_logging(log_level_number(settings), settings.secrets())
    # The OAuth callback's query string holds a one-time code: keep it out of access logs.
    logging.getLogger("uvicorn.access").addFilter(HideOAuthQuery())
