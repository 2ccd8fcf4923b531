"""The connect tests' world: Alice, the connect service on the real gateway, the fake Slack,
a database and a clock, with the steps the tests are made of."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

from cryptography.fernet import Fernet
from slack_sdk import WebClient

from bot.clock import FakeClock
from bot.connect import repo
from bot.connect.gateway import ConnectGateway
from bot.connect.service import REQUIRED_SCOPES, ConnectService, is_connected, touch
from bot.connect.tables import UserConnection
from bot.db.uow import UnitOfWork
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus import repo as focus_repo
from bot.focus.grammar import parse_focus_command
from bot.focus.service import run_command

ALICE = "U0ALICE"
ALICE_TOKEN = "xoxp-alice-0000-secret"
REDIRECT = "https://kairos.example.com/slack/oauth/callback"
BOB = "U0BOB"
# Monday 23 November 2026, 09:00 UTC = 10:00 in Amsterdam.
MONDAY_0900_UTC = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
KEY = Fernet.generate_key().decode()
BREWING = ("Brewing", ":coffee:", 0)


@dataclass
class World:
    """The service, the real gateway on the fake Slack, a database and the clock."""

    uow: UnitOfWork
    clock: FakeClock
    fake: FakeSlack
    service: ConnectService

    @property
    def port(self) -> ConnectGateway:
        """The real gateway, pointed at the fake as SLACK_API_URL would point it."""
        fake = self.fake
        return ConnectGateway(fake.api_url, fake.client_id, fake.client_secret)

    def state(self, user_id: str) -> str:
        query = parse_qs(urlsplit(self.service.authorize_url(user_id, self.clock.now())).query)
        return query["state"][0]

    def connect(self, token: str = ALICE_TOKEN) -> None:
        """Alice connects: OAuth through the service and the fake's oauth.v2.access."""
        scopes = list(REQUIRED_SCOPES)
        self.fake.add_oauth_code(
            "code-alice", user_id=ALICE, scopes=scopes, token=token, redirect_uri=REDIRECT
        )
        now = self.clock.now()
        user = self.service.complete_oauth(
            self.uow, self.port, "code-alice", self.state(ALICE), now
        )
        assert user == ALICE

    def focus(self, command: str) -> None:
        """`/focus <command>` for Alice, and the touch the listener does after it."""
        now = self.clock.now()
        with self.uow() as session:
            person = focus_repo.get_person(session, ALICE) or focus_repo.add_person(
                session, ALICE, "Europe/Amsterdam", now
            )
            run_command(session, person, parse_focus_command(command), now)
            touch(session, ALICE, now)

    def sync(self) -> int:
        """One run of the sweeper."""
        return self.service.sync_focus(self.uow, self.port, self.clock.now())

    def brewing_then_focusing(self) -> None:
        """Alice connects, sets her own status "Brewing", focuses for 90 minutes from
        now, and the sweeper acts on it: where most tests start."""
        self.connect()
        self.set_own_status("Brewing", ":coffee:")
        self.focus("now 90m")
        self.sync()

    def later(self, **delta: float) -> None:
        self.clock.advance(timedelta(**delta))

    def urgent(self, user_id: str = ALICE) -> bool:
        with self.uow() as session:
            return self.service.end_snooze_for_urgent(session, self.port, user_id, self.clock.now())

    def set_own_status(self, status_text: str, emoji: str, expiration: int = 0) -> None:
        """Alice changes her status herself, in Slack."""
        profile = {"status_text": status_text, "status_emoji": emoji}
        client = WebClient(token=ALICE_TOKEN, base_url=self.fake.api_url)
        client.users_profile_set(profile={**profile, "status_expiration": expiration})

    def profile(self) -> tuple[str, str, int]:
        profile = self.fake.user(ALICE)["profile"]
        return profile["status_text"], profile["status_emoji"], profile["status_expiration"]

    def snoozes(self) -> list[int]:
        return [int(c.args["num_minutes"]) for c in self.fake.calls_to("dnd.setSnooze")]

    def snoozing(self) -> bool:
        return bool(self.fake.dnd(ALICE)["snooze_enabled"])

    def calls_as_alice(self) -> list[str]:
        return [c.method for c in self.fake.calls if c.token == ALICE_TOKEN]

    def connection(self) -> UserConnection:
        with self.uow() as session:
            found = repo.get(session, ALICE)
        assert found is not None
        return found

    def connected(self, user_id: str = ALICE) -> bool:
        with self.uow() as session:
            return is_connected(session, user_id)
