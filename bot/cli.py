"""The `kairos` command, and the composition root: the one place that wires real adapters."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from importlib.metadata import PackageNotFoundError, version

import uvicorn
from apscheduler.schedulers.background import BackgroundScheduler
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from bot.background import BackgroundWork
from bot.cleanup.service import SummaryOptions
from bot.clock import SystemClock
from bot.connect.crypto import TokenCipher
from bot.connect.gateway import ConnectGateway
from bot.connect.routes import HideOAuthQuery, oauth_callback_route
from bot.connect.service import ConnectService, redirect_uri_for
from bot.db import migrate
from bot.db.engine import database_answers, make_engine, make_session_factory
from bot.db.uow import UnitOfWork
from bot.jobs import all_sweepers, calendar_sweepers
from bot.logs import configure_logging
from bot.meetings.sync import Calendars, HttpFeedFetcher
from bot.scheduler import CALENDAR_LEASE, SweepRunner, start_scheduler
from bot.server import build_asgi_app
from bot.settings import (
    DatabaseSettings,
    Settings,
    SettingsError,
    load,
    log_level_number,
)
from bot.slack.app import build_app, make_web_client
from bot.slack.deps import Deps
from bot.slack.gateway import SlackGateway
from bot.slack.listeners.home import publish_home
from bot.slack.manifest import build_manifest

log = logging.getLogger("kairos")

# Time given to in-flight requests after SIGTERM before the server closes them.
GRACEFUL_SHUTDOWN_SECONDS = 20


class StartupError(Exception):
    """Kairos cannot start; the message is one line for the operator."""


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


@dataclass
class Runtime:
    """Everything `kairos run` started, so it can be stopped in order."""

    engine: Engine
    scheduler: BackgroundScheduler | None = None
    socket_handler: SocketModeHandler | None = None


def _run(*, force_http: bool, port: int | None) -> int:
    settings = load(Settings)
    # Bolt's App() turns into a multi-workspace OAuth app when it finds these two in the
    # environment; Kairos is a single-workspace app and reads them from settings instead.
    for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
        os.environ.pop(name, None)
    configure_logging(log_level_number(settings), settings.secrets())
    # The OAuth callback's query string holds a one-time code: keep it out of access logs.
    logging.getLogger("uvicorn.access").addFilter(HideOAuthQuery())
    _upgrade_database(settings)

    clock = SystemClock()
    engine = make_engine(settings.database_url)
    uow = UnitOfWork(make_session_factory(engine), clock)
    client = make_web_client(settings.slack_bot_token.get_secret_value(), settings.slack_api_url)
    gateway = SlackGateway(client)
    runtime = Runtime(engine=engine)

    background = BackgroundWork()
    connect, connect_port = _connect(settings)
    calendars = _calendars(settings, uow, gateway)
    summary_options = SummaryOptions(settings.kairos_hourly_rate, settings.kairos_currency)

    def wake_sweep() -> None:
        if runtime.scheduler is not None:
            runtime.scheduler.modify_job("sweep", next_run_time=clock.now())

    deps = Deps(
        uow=uow,
        clock=clock,
        slack=gateway,
        urgent_markers=settings.urgent_markers(),
        admin_users=settings.admin_users(),
        wake_sweep=wake_sweep,
        in_background=background.submit,
        connect=connect,
        connect_port=connect_port,
        calendars=calendars,
        summary_options=summary_options,
    )
    bolt_app = _build_bolt_app(settings, client, deps)

    interval = timedelta(seconds=settings.kairos_sweep_seconds)
    sweepers = all_sweepers(gateway, connect, connect_port, calendars, summary_options)
    runners = [SweepRunner(uow, clock, sweepers, interval=interval)]
    if calendars is not None:
        runners.append(
            SweepRunner(
                uow, clock, calendar_sweepers(calendars), interval=interval, lease=CALENDAR_LEASE
            )
        )
    use_socket_mode = settings.slack_app_token is not None and not force_http

    def on_startup() -> None:
        runtime.scheduler = start_scheduler(runners, interval, clock)
        if use_socket_mode:
            assert settings.slack_app_token is not None
            runtime.socket_handler = SocketModeHandler(
                bolt_app, settings.slack_app_token.get_secret_value()
            )
            runtime.socket_handler.connect()  # type: ignore[no-untyped-call]
        log.info(
            "Kairos is running in %s mode",
            "Socket Mode" if use_socket_mode else "HTTP",
        )

    def on_shutdown() -> None:
        if runtime.socket_handler is not None:
            runtime.socket_handler.close()  # type: ignore[no-untyped-call]
        if runtime.scheduler is not None:
            runtime.scheduler.shutdown(wait=True)
        background.shutdown()
        engine.dispose()
        log.info("Kairos stopped")

    extra_routes = []
    if connect is not None and connect_port is not None:

        def on_connected(user_id: str) -> None:
            publish_home(deps, client, user_id)
            wake_sweep()  # connected mid-focus: snooze now, not at the next change

        extra_routes.append(
            oauth_callback_route(
                service=connect, uow=uow, port=connect_port, clock=clock, on_connected=on_connected
            )
        )
    asgi = build_asgi_app(
        # In Socket Mode the HTTP server still answers /healthz for the container runtime.
        bolt_app=None if use_socket_mode else bolt_app,
        database_answers=lambda: database_answers(engine),
        on_startup=on_startup,
        on_shutdown=on_shutdown,
        extra_routes=extra_routes,
    )
    config = uvicorn.Config(
        asgi,
        host=settings.host,
        port=port or settings.port,
        log_config=None,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        proxy_headers=True,
        server_header=False,
    )
    # uvicorn handles SIGTERM/SIGINT: stop accepting, finish in-flight requests, then lifespan
    # shutdown (scheduler, Socket Mode connection, database pool).
    uvicorn.Server(config).run()
    return 0


def _connect(settings: Settings) -> tuple[ConnectService | None, ConnectGateway | None]:
    """Connect's service and gateway, or (None, None) when OAuth is not configured."""
    if not settings.connect_enabled:
        return None, None
    # The settings validators guarantee all four once SLACK_CLIENT_ID is set.
    assert settings.slack_client_id is not None
    assert settings.slack_client_secret is not None
    assert settings.kairos_public_url is not None
    assert settings.kairos_encryption_key is not None
    service = ConnectService(
        client_id=settings.slack_client_id,
        redirect_uri=redirect_uri_for(settings.kairos_public_url),
        cipher=TokenCipher(settings.kairos_encryption_key.get_secret_value()),
    )
    gateway = ConnectGateway(
        settings.slack_api_url,
        settings.slack_client_id,
        settings.slack_client_secret.get_secret_value(),
    )
    return service, gateway


def _calendars(settings: Settings, uow: UnitOfWork, slack: SlackGateway) -> Calendars | None:
    """Calendar feeds need the encryption key: their addresses are credentials."""
    if settings.kairos_encryption_key is None:
        return None
    if settings.kairos_allow_private_urls:
        log.warning(
            "KAIROS_ALLOW_PRIVATE_URLS is on: calendar feeds may be fetched from "
            "private addresses and over http (for development and tests only)"
        )
    return Calendars(
        uow=uow,
        cipher=TokenCipher(settings.kairos_encryption_key.get_secret_value()),
        fetcher=HttpFeedFetcher(allow_private=settings.kairos_allow_private_urls),
        slack=slack,
        poll_minutes=settings.kairos_calendar_poll_minutes,
    )


def _build_bolt_app(settings: Settings, client: WebClient, deps: Deps) -> App:
    try:
        # Bolt calls auth.test here, through SLACK_API_URL, to learn the bot's own ids.
        return build_app(
            client=client,
            signing_secret=settings.slack_signing_secret.get_secret_value(),
            deps=deps,
        )
    except BoltError as error:
        raise StartupError(
            f"Slack refused SLACK_BOT_TOKEN when checking it at {settings.slack_api_url} "
            f"({error}); check the token and SLACK_API_URL"
        ) from None
    except OSError as error:
        raise StartupError(
            f"could not reach Slack at {settings.slack_api_url} ({error}); "
            "check the network and SLACK_API_URL"
        ) from None
