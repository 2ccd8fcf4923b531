"""Connect during leave, end to end: a connected person goes away with `/focus away`, and
the running Kairos snoozes their notifications and sets ":palm_tree: On leave until …";
`/focus back` ends the snooze and gives their own status back. A Kairos started later
warms the public holidays of the regions people have set."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import httpx
import pytest
from slack_sdk import WebClient

from bot.clock import SystemClock
from bot.connect.model import STATUS_GRACE
from bot.connect.service import REQUIRED_SCOPES
from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from bot.focus.absence import day_end
from tests.e2e.conftest import (
    RunningKairos,
    running_kairos,
    start_kairos,
    stop_and_show,
    wait_until,
    with_connect,
)

pytestmark = pytest.mark.e2e
PUBLIC = "https://kairos.example.com"
CHANNEL = "C0AWAYCON"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(scope="module")
def kairos(
    fake_slack: FakeSlack, e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningKairos]:
    cwd = tmp_path_factory.mktemp("connect-away")
    settings = with_connect(fake_slack, PUBLIC)
    with running_kairos(fake_slack, e2e_database_url, cwd, **settings) as running:
        yield running


def _connect(kairos: RunningKairos, fake: FakeSlack, user: str) -> str:
    """The person connects from their Home tab; returns their user token."""
    event = payloads.event_callback(payloads.app_home_opened_event(user))
    assert kairos.post_json(event).status_code == 200
    home = wait_until(lambda: fake.home_view(user))
    buttons = [e for b in home["blocks"] if b["type"] == "actions" for e in b["elements"]]
    url = next(b["url"] for b in buttons if b.get("action_id") == "connect.open")
    code = "code-" + uuid.uuid4().hex
    token = fake.add_oauth_code(
        code,
        user_id=user,
        scopes=list(REQUIRED_SCOPES),
        redirect_uri=PUBLIC + "/slack/oauth/callback",
    )
    page = httpx.get(
        f"http://127.0.0.1:{kairos.port}/slack/oauth/callback",
        params={"code": code, "state": parse_qs(urlsplit(url).query)["state"][0]},
    )
    assert page.status_code == 200, page.text
    return token


def _focus(kairos: RunningKairos, fake: FakeSlack, user: str, text: str) -> str:
    body = payloads.slash_command_form(
        "/focus", text, user_id=user, channel_id=CHANNEL, response_url=fake.new_response_url()
    )
    response = kairos.post_form(body)
    assert response.status_code == 200
    return str(response.json()["text"])


def _status(fake: FakeSlack, user: str) -> tuple[str, str, int]:
    profile = fake.user(user)["profile"]
    return profile["status_text"], profile["status_emoji"], profile["status_expiration"]


def test_going_away_pauses_notifications_and_coming_back_gives_them_back(
    kairos: RunningKairos, fake_slack: FakeSlack
) -> None:
    user = f"U{uuid.uuid4().hex[:8].upper()}"
    fake_slack.add_user(user, name=user.lower(), tz="Europe/Amsterdam")
    token = _connect(kairos, fake_slack, user)
    own = WebClient(token=token, base_url=fake_slack.api_url)
    own.users_profile_set(profile={"status_text": "Brewing", "status_emoji": ":coffee:"})
    last = (SystemClock().now().astimezone(AMSTERDAM) + timedelta(days=3)).date()

    reply = _focus(kairos, fake_slack, user, f"away today to {last.isoformat()}")
    assert "Enjoy your time off" in reply

    def snoozes() -> list[int]:
        calls = fake_slack.calls_to("dnd.setSnooze")
        return [int(c.args["num_minutes"]) for c in calls if c.token == token]

    wait_until(lambda: snoozes() and _status(fake_slack, user)[1] == ":palm_tree:")
    text, _, expiration = _status(fake_slack, user)
    assert text.startswith("On leave until ")
    assert f" {last.day} " in text
    assert expiration == int((day_end(last, AMSTERDAM) + STATUS_GRACE).timestamp())
    # A three-day leave is paused in renewed steps of at most 12 hours.
    assert snoozes() == [720]
    assert fake_slack.dnd(user)["snooze_enabled"]

    assert "Welcome back" in _focus(kairos, fake_slack, user, "back")

    wait_until(lambda: [c for c in fake_slack.calls_to("dnd.endSnooze") if c.token == token])
    wait_until(lambda: _status(fake_slack, user) == ("Brewing", ":coffee:", 0))
    assert not fake_slack.dnd(user)["snooze_enabled"]
    assert token not in kairos.process.output()


def test_a_restarted_kairos_warms_the_regions_people_set(
    kairos: RunningKairos, fake_slack: FakeSlack, tmp_path_factory: pytest.TempPathFactory
) -> None:
    user = f"U{uuid.uuid4().hex[:8].upper()}"
    fake_slack.add_user(user, name=user.lower(), tz="Europe/Amsterdam")
    assert "Netherlands" in _focus(kairos, fake_slack, user, "holidays nl")

    # Without Connect: a second key would fail to read the first process's tokens.
    cwd = tmp_path_factory.mktemp("connect-away-restart")
    second = start_kairos(fake_slack, kairos.database_url, cwd)
    try:
        output = second.wait_for_output("warmed the public holidays of", timeout=20)
    finally:
        stop_and_show(second)
    warmed = re.search(r"warmed the public holidays of ([0-9]+) region", output)
    assert warmed is not None
    assert int(warmed[1]) >= 1
