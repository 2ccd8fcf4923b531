"""Connect end to end: Home → OAuth callback → focus pauses notifications → urgent → Disconnect."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from bot.connect.service import REQUIRED_SCOPES
from bot.demo.fake_slack import payloads
from bot.demo.fake_slack.slack_api import FakeSlack
from tests.e2e.conftest import (
    RunningKairos,
    running_kairos,
    wait_until,
    with_connect,
)

pytestmark = pytest.mark.e2e
PUBLIC = "https://kairos.example.com"
CHANNEL = "C0CONNECT"


@pytest.fixture(scope="module")
def kairos(
    fake_slack: FakeSlack, e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningKairos]:
    cwd = tmp_path_factory.mktemp("connect")
    settings = with_connect(fake_slack, PUBLIC)
    with running_kairos(fake_slack, e2e_database_url, cwd, **settings) as running:
        yield running


def test_connect_flow(kairos: RunningKairos, fake_slack: FakeSlack) -> None:
    user = f"U{uuid.uuid4().hex[:8].upper()}"
    bob = f"U{uuid.uuid4().hex[:8].upper()}"
    fake_slack.add_user(user, name=user.lower())
    fake_slack.add_user(bob, name=bob.lower())
    fake_slack.add_channel(CHANNEL + user[-3:], name="c" + user.lower(), members=[user, bob])
    room = CHANNEL + user[-3:]
    assert (
        kairos.post_json(payloads.event_callback(payloads.app_home_opened_event(user))).status_code
        == 200
    )
    home = fake_slack.home_view(user)
    assert home is not None
    buttons = [e for b in home["blocks"] if b["type"] == "actions" for e in b["elements"]]
    url = next(b["url"] for b in buttons if b.get("action_id") == "connect.open")
    state = parse_qs(urlsplit(url).query)["state"][0]
    # the URL button's block action is acked
    r = kairos.post_form(
        payloads.block_actions_form(
            payloads.block_action_payload("connect.open", "", user_id=user, view=home)
        )
    )
    assert r.status_code == 200, r.text

    code = "code-" + uuid.uuid4().hex
    token = fake_slack.add_oauth_code(
        code,
        user_id=user,
        scopes=list(REQUIRED_SCOPES),
        redirect_uri=PUBLIC + "/slack/oauth/callback",
    )
    page = httpx.get(
        f"http://127.0.0.1:{kairos.port}/slack/oauth/callback",
        params={"code": code, "state": state},
    )
    assert page.status_code == 200, page.text
    assert "Connected" in page.text
    home = wait_until(
        lambda: (v := fake_slack.home_view(user)) and "connect.disconnect" in json.dumps(v) and v
    )

    body = payloads.slash_command_form(
        "/focus",
        "now 90m",
        user_id=user,
        channel_id=room,
        response_url=fake_slack.new_response_url(),
    )
    reply = kairos.post_form(body).json()
    assert "Kairos cannot pause" not in reply["text"]
    wait_until(lambda: [c for c in fake_slack.calls_to("dnd.setSnooze") if c.token == token])
    assert fake_slack.user(user)["profile"]["status_emoji"] == ":headphones:"

    before = len(fake_slack.calls)
    ts = payloads.new_ts()
    text = f"<@{user}> urgent: prod is down"
    fake_slack.add_message(room, user=bob, text=text, ts=ts)
    assert (
        kairos.post_json(
            payloads.event_callback(payloads.message_event(bob, room, text, ts=ts))
        ).status_code
        == 200
    )
    methods = [c.method for c in fake_slack.calls[before:]]
    assert "dnd.endSnooze" in methods
    assert methods.index("dnd.endSnooze") < methods.index("chat.postMessage"), methods

    r = kairos.post_form(
        payloads.block_actions_form(
            payloads.block_action_payload("connect.disconnect", "", user_id=user, view=home)
        )
    )
    assert r.status_code == 200
    wait_until(lambda: fake_slack.user(user)["profile"]["status_emoji"] == "")
    out = kairos.process.output()
    assert code not in out
    assert token not in out
    assert fake_slack.client_secret not in out
