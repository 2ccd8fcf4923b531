"""The composition root: the one place that wires real adapters into one Kairos process."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from sqlalchemy import Engine
from starlette.applications import Starlette

from bot.background import BackgroundWork
from bot.cleanup.service import SummaryOptions
from bot.clock import Clock, SystemClock
from bot.connect.crypto import TokenCipher
from bot.connect.gateway import ConnectGateway
from bot.connect.routes import oauth_callback_route
from bot.connect.service import ConnectService, redirect_uri_for
from bot.db.engine import database_answers, make_engine, make_session_factory
from bot.db.uow import UnitOfWork
from bot.deadline import HealthProbe
from bot.errors import ExitCode, StartupError
from bot.focus import holidays
from bot.focus import repo as focus_repo
from bot.i18n.catalog import use_pseudo_translations
from bot.jobs import all_sweepers, calendar_sweepers
from bot.meetings.feeds.fetcher import HttpFeedFetcher
from bot.meetings.ics.pool import PARSE_WORKERS, ParsePool
from bot.meetings.service import Calendars
from bot.norms.gateway import NormsGateway
from bot.scheduler import CALENDAR_LEASE, SweepRunner, start_scheduler
from bot.server import HEALTH_SECONDS, build_asgi_app
from bot.settings import Settings
from bot.slack.app import build_app, make_web_client
from bot.slack.deps import Deps
from bot.slack.dispatch import Dispatcher
from bot.slack.endpoint import SlackEndpoint
from bot.slack.gateway import SlackGateway
from bot.slack.listeners.home import publish_home
from bot.slack.socket_mode import DeadlineSocketModeHandler
from bot.workspace.dm_channels import StoredDmChannels

log = logging.getLogger("kairos")


@dataclass
class Runtime:
    """Everything `kairos run` started, so it can be stopped in order."""

    engine: Engine
    scheduler: BackgroundScheduler | None = None
    socket_handler: SocketModeHandler | None = None


# The composition root wires everything in one place on purpose: splitting it to stay under
# the statement limit would scatter the wiring.
def compose(  # noqa: PLR0915
    settings: Settings, *, use_socket_mode: bool, clock: Clock | None = None
) -> Starlette:
    """Kairos in one process: the ASGI app whose lifespan starts and stops everything.

    Checks the Slack token (Bolt calls auth.test), so a bad one fails here with a
    StartupError; nothing is started until the app's lifespan begins. `kairos demo` passes
    its accelerated clock; everyone else runs on the system clock.
    """
    clock = clock or SystemClock()
    if settings.kairos_pseudo_translations:
        use_pseudo_translations()
    # APScheduler times its jobs on the wall clock whatever clock Kairos reads: a job set
    # for the demo's accelerated "now" would wait, in real time, until that instant.
    wall = SystemClock()
    engine = make_engine(settings.database_url)
    uow = UnitOfWork(make_session_factory(engine), clock)
    client = make_web_client(
        settings.slack_bot_token.get_secret_value(),
        settings.slack_api_url,
        rate_scale=settings.kairos_slack_rate_scale,
    )
    # DM channels remembered in the database: a restart opens none of them again.
    dm_channels = StoredDmChannels(uow, clock)
    gateway = SlackGateway(client, dm_channels=dm_channels)
    runtime = Runtime(engine=engine)

    background = BackgroundWork()
    connect, connect_port = _connect(settings)
    calendars = _calendars(settings, uow, gateway)
    summary_options = SummaryOptions(settings.kairos_hourly_rate, settings.kairos_currency)

    def wake_sweep() -> None:
        if runtime.scheduler is not None:
            runtime.scheduler.modify_job("sweep", next_run_time=wall.now())

    deps = Deps(
        uow=uow,
        clock=clock,
        slack=gateway,
        norms_slack=NormsGateway(client, clock),
        urgent_markers=settings.urgent_markers(),
        admin_users=settings.admin_users(),
        wake_sweep=wake_sweep,
        in_background=background.submit,
        connect=connect,
        connect_port=connect_port,
        calendars=calendars,
        summary_options=summary_options,
        language=settings.kairos_language,
    )
    bolt_app = _build_bolt_app(settings, client, deps)
    # One probe for /healthz and for the late answers: a frozen database holds one thread.
    probe = HealthProbe(lambda: database_answers(engine), hang_after=HEALTH_SECONDS)
    dispatcher = Dispatcher(bolt_app, probe)
    endpoint = SlackEndpoint(dispatcher, settings.slack_signing_secret.get_secret_value())

    interval = timedelta(seconds=settings.kairos_sweep_seconds)
    sweepers = all_sweepers(
        gateway,
        connect,
        connect_port,
        calendars,
        summary_options,
        retention=settings.retention_periods(),
        urgent_markers=settings.urgent_markers(),
        # Half the interval for starting DMs, then the other sweepers; more runs at once.
        fan_out_seconds=interval.total_seconds() / 2,
        language=settings.kairos_language,
    )
    runners = [SweepRunner(uow, clock, sweepers, interval=interval)]
    if calendars is not None:
        runners.append(
            SweepRunner(
                uow, clock, calendar_sweepers(calendars), interval=interval, lease=CALENDAR_LEASE
            )
        )

    def on_startup() -> None:
        runtime.scheduler = start_scheduler(runners, interval, wall)
        # Off the start-up path: a slow database must not delay serving.
        background.submit(lambda: warm_holidays(uow, clock))
        if use_socket_mode:
            assert settings.slack_app_token is not None
            runtime.socket_handler = DeadlineSocketModeHandler(
                bolt_app,
                settings.slack_app_token.get_secret_value(),
                dispatcher,
                endpoint.refusals,
                clock,
            )
            runtime.socket_handler.connect()  # type: ignore[no-untyped-call]
        log.info("Kairos is running (%s)", "Socket Mode" if use_socket_mode else "HTTP")

    def on_shutdown() -> None:
        if runtime.socket_handler is not None:
            runtime.socket_handler.close()  # type: ignore[no-untyped-call]
        if runtime.scheduler is not None:
            runtime.scheduler.shutdown(wait=True)
        background.shutdown()
        if calendars is not None and calendars.parse_pool is not None:
            calendars.parse_pool.close()
        dispatcher.close()
        dm_channels.close()  # after everything that may still open a DM
        probe.close()
        client.close_idle()
        engine.dispose()
        log.info("Kairos stopped")

    extra_routes = []
    if connect is not None and connect_port is not None:

        def on_connected(user_id: str) -> None:
            publish_home(deps, client, user_id)
            wake_sweep()  # connected mid-focus: snooze now, not at the next change

        extra_routes.append(
            oauth_callback_route(
                service=connect,
                uow=uow,
                port=connect_port,
                clock=clock,
                on_connected=on_connected,
                language=settings.kairos_language,
            )
        )
    return build_asgi_app(
        # In Socket Mode the HTTP server still answers /healthz for the container runtime.
        slack=None if use_socket_mode else endpoint,
        health=probe,
        on_startup=on_startup,
        on_shutdown=on_shutdown,
        extra_routes=extra_routes,
    )


def warm_holidays(uow: UnitOfWork, clock: Clock) -> None:
    """Build the public holidays of every region people have set, so the first mention of
    each person on holidays does not pay for it (80-140 ms a country); never fatal."""
    try:
        with uow() as session:
            regions = focus_repo.holiday_regions(session)
        warmed = holidays.warm(regions, clock.now().date())
    except Exception:
        log.warning("could not warm the public holidays at start-up", exc_info=True)
        return
    log.info("warmed the public holidays of %d region(s)", warmed)


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
        parse_pool=ParsePool(PARSE_WORKERS, settings.leave_words()),
        leave_words=settings.leave_words(),
        language=settings.kairos_language,
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
            f"({error}); check the token and SLACK_API_URL",
            exit_code=ExitCode.SLACK,
        ) from None
    except OSError as error:
        raise StartupError(
            f"could not reach Slack at {settings.slack_api_url} ({error}); "
            "check the network and SLACK_API_URL",
            exit_code=ExitCode.SLACK,
        ) from None
