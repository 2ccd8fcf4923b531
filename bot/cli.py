"""The `kairos` command: run (one process, or several HTTP workers), migrate, check, keygen,
manifest."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import uvicorn
from sqlalchemy.exc import OperationalError
from starlette.applications import Starlette

from bot import keys
from bot.compose import compose
from bot.connect.routes import HideOAuthQuery
from bot.db import migrate
from bot.demo.host import DemoError
from bot.demo.run import DEFAULT_SPEED, LOG_NAME, run_demo
from bot.errors import ExitCode, StartupError
from bot.logs import configure_logging
from bot.settings import (
    DatabaseSettings,
    Settings,
    SettingsError,
    load,
    log_level_number,
)
from bot.slack import startup
from bot.slack.check import check_command
from bot.slack.manifest import build_manifest

log = logging.getLogger("kairos")

# Time given to in-flight requests after SIGTERM before the server closes them.
GRACEFUL_SHUTDOWN_SECONDS = 20


def main(argv: Sequence[str] | None = None) -> int:  # noqa: PLR0911 - a return per command
    """Entry point of the `kairos` console script."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "run":
            return _run(force_http=args.http, port=args.port)
        if args.command == "migrate":
            return _migrate()
        if args.command == "demo":
            return _demo(args.out, args.speed)
        if args.handler is not None:  # commands that take no options
            return int(args.handler())
        return _manifest(socket_mode=args.socket_mode, url=args.url)
    except SettingsError as error:
        for line in error.lines:
            print(f"kairos: {line}", file=sys.stderr)
        return ExitCode.CONFIG
    except StartupError as error:
        print(f"kairos: {error}", file=sys.stderr)
        return error.exit_code


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
    parser.set_defaults(handler=None)
    commands.add_parser(
        "check", help="check settings, Slack tokens and scopes, the database and the public URL"
    ).set_defaults(handler=check_command)
    commands.add_parser("keygen", help="print a new KAIROS_ENCRYPTION_KEY").set_defaults(
        handler=_keygen
    )

    demo = commands.add_parser(
        "demo", help="watch Kairos work in a simulated Slack workspace (no tokens, no network)"
    )
    demo.add_argument(
        "--out", type=Path, default=Path("."), help="folder for the demo's page (default: here)"
    )
    demo.add_argument(
        "--speed",
        type=_speed,
        default=DEFAULT_SPEED,
        help=f"how many times faster than real time its clock runs (default {DEFAULT_SPEED})",
    )

    manifest = commands.add_parser("manifest", help="print the Slack app manifest (JSON)")
    mode = manifest.add_mutually_exclusive_group()
    mode.add_argument("--socket-mode", action="store_true", help="for Socket Mode (the default)")
    mode.add_argument(
        "--url", metavar="https://host", help="for HTTP mode: the public base URL of Kairos"
    )
    return parser


def _keygen() -> int:
    print(keys.new_key())
    return ExitCode.OK


def _port(raw: str) -> int:
    if not raw.isdigit() or not 1 <= int(raw) <= 65535:
        raise argparse.ArgumentTypeError("use a whole number from 1 to 65535")
    return int(raw)


def _speed(raw: str) -> float:
    try:
        speed = float(raw)
    except ValueError:
        speed = 0
    if not 1 <= speed <= 3600:
        raise argparse.ArgumentTypeError("use a number from 1 to 3600, e.g. --speed 240")
    return speed


def _demo(out: Path, speed: float) -> int:
    # The demo's whole point is to show Kairos working: any failure, of the demo or of
    # Kairos, is one line and exit 1, with Kairos's log beside the page for the details.
    log = out / LOG_NAME
    try:
        run_demo(out, speed)
    except KeyboardInterrupt:
        print("kairos demo: stopped (Ctrl-C)", file=sys.stderr)
        return 130  # the shell's code for a process ended by SIGINT
    except Exception as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        stopped = "" if isinstance(error, DemoError) else " stopped"
        details = f"; details in {log}" if log.is_file() else ""
        print(f"kairos demo{stopped}: {reason}{details}", file=sys.stderr)
        return 1
    return ExitCode.OK


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
        raise StartupError(
            f"could not reach the database at {where}: {reason}", exit_code=ExitCode.DATABASE
        ) from None
    log.info("database %s is at revision %s", where, migrate.head_revision())


def _run(*, force_http: bool, port: int | None) -> int:
    settings = load(Settings)
    _configure_process(settings)
    use_socket_mode = settings.slack_app_token is not None and not force_http
    port = port or settings.port
    # Everything that can fail without leaving anything behind comes first: a wrong token
    # or a busy port is one line, before the key file or the database file is made.
    startup.refuse_without_key(settings)
    listener = startup.bind_port(settings.host, port)
    try:
        startup.verify_slack(settings, socket_mode=use_socket_mode)
        settings, key = startup.with_encryption_key(settings)
        configure_logging(log_level_number(settings), settings.secrets())  # the key too
        _upgrade_database(settings)
        # Built here in any case: a bad setting stops Kairos with one line, before any
        # worker process starts.
        asgi = compose(settings, use_socket_mode=use_socket_mode)
        joining = startup.joining_channels(settings.database_url)
        startup.log_startup_block(
            startup.startup_block(
                settings, socket_mode=use_socket_mode, port=port, key=key, joining=joining
            )
        )
    except BaseException:
        listener.close()
        raise
    options: dict[str, Any] = {
        "host": settings.host,
        "port": port,
        "log_config": None,
        "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_SECONDS,
        "proxy_headers": True,
        "server_header": False,
    }
    # uvicorn handles SIGTERM/SIGINT: stop accepting, finish in-flight requests, then lifespan
    # shutdown (scheduler, Socket Mode connection, database pool).
    if use_socket_mode or settings.web_concurrency == 1:
        with listener:
            uvicorn.Server(uvicorn.Config(asgi, workers=1, **options)).run(sockets=[listener])
        return 0
    # uvicorn's worker processes bind the port themselves; it was free a moment ago.
    listener.close()
    # Several processes for one HTTP port: Bolt is synchronous Python, so one process uses
    # one core at most. Each worker composes its own Kairos (worker_app); their schedulers
    # share the sweep leases, like replicas do.
    log.info("starting %d HTTP worker processes", settings.web_concurrency)
    uvicorn.run(f"{__name__}:worker_app", factory=True, workers=settings.web_concurrency, **options)
    return 0


def worker_app() -> Starlette:
    """The app of one HTTP worker process (WEB_CONCURRENCY > 1), composed in that process."""
    settings, _ = startup.with_encryption_key(load(Settings))
    _configure_process(settings)
    return compose(settings, use_socket_mode=False)


def _configure_process(settings: Settings) -> None:
    configure_logging(log_level_number(settings), settings.secrets())
    # The OAuth callback's query string holds a one-time code: keep it out of access logs.
    logging.getLogger("uvicorn.access").addFilter(HideOAuthQuery())
