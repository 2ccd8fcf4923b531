"""What listeners are handed by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.cleanup.service import SummaryOptions
from bot.clock import Clock
from bot.connect.ports import ConnectPort
from bot.connect.service import ConnectLink, ConnectService
from bot.db.uow import UnitOfWork
from bot.focus.mentions import DEFAULT_URGENT_MARKERS
from bot.i18n.languages import DEFAULT_LANGUAGE, Language
from bot.meetings.service import Calendars
from bot.norms.ports import NormsSlack
from bot.ports import SlackPort


def _nothing() -> None:
    return None


def _run_now(work: Callable[[], None]) -> None:
    work()


@dataclass(frozen=True)
class Deps:
    """Services and infrastructure shared by the Slack listeners."""

    uow: UnitOfWork
    clock: Clock
    slack: SlackPort
    # Channel facts and memberships for channel norms (bot/norms/gateway.py).
    norms_slack: NormsSlack
    urgent_markers: tuple[str, ...] = DEFAULT_URGENT_MARKERS
    # People the operator lets change workspace settings besides Slack's admins and owners.
    admin_users: frozenset[str] = frozenset()
    # Runs the scheduler's sweep soon (e.g. after `/focus off`, to send the digest now).
    wake_sweep: Callable[[], None] = field(default=_nothing)
    # Runs courtesy work (a note to a sender) beside the acknowledgement, not before it.
    in_background: Callable[[Callable[[], None]], None] = field(default=_run_now)
    # Connect: None when OAuth is not configured (SLACK_CLIENT_ID unset).
    connect: ConnectService | None = None
    connect_port: ConnectPort | None = None
    # How the weekly summary shows costs (KAIROS_HOURLY_RATE, KAIROS_CURRENCY).
    summary_options: SummaryOptions = field(default_factory=SummaryOptions)
    # Calendar feeds: None when KAIROS_ENCRYPTION_KEY is unset (addresses are credentials).
    calendars: Calendars | None = None
    # The language of channel posts and of people Kairos has no language for (KAIROS_LANGUAGE).
    language: Language = DEFAULT_LANGUAGE

    @property
    def connect_link(self) -> ConnectLink:
        """Connect as the focus use cases reach it (harmless when it is not configured)."""
        return ConnectLink(self.connect, self.connect_port)
