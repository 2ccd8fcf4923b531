"""The Web API client paces its calls: real HTTP against the fake Slack, with the pacer on a
fake clock, so what the client waited is read exactly and no test waits for real.

The client names the method from the URL and the conversation from the request body (JSON
or form-encoded, as the SDK builds them), and a 429 holds that method, or for
chat.postMessage that conversation, for Retry-After. A sweep's calls (background work) wait
for their turn; a request's go at once, and wait only for a hold.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from slack_sdk.errors import SlackApiError

from bot.demo.fake_slack.slack_api import FakeSlack
from bot.fanout import in_background
from bot.slack.app import make_web_client
from bot.slack.keepalive import KeepAliveWebClient
from bot.slack.pacing import Pacer


class FakeTime:
    """A clock that moves only when the pacer sleeps on it; notes who slept, for how long."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[tuple[str, float]] = []
        self._lock = threading.Lock()

    def monotonic(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.slept.append((threading.current_thread().name, seconds))
            self.now += seconds

    def total(self) -> float:
        with self._lock:
            return sum(seconds for _, seconds in self.slept)


@pytest.fixture
def fake_slack(fake_slack: FakeSlack) -> FakeSlack:
    fake_slack.add_user("U0ALICE", name="alice")
    for channel in ("C0BUSY", "C0QUIET"):
        fake_slack.add_channel(channel, name=channel.lower(), members=["U0ALICE"])
    return fake_slack


@pytest.fixture
def clock() -> FakeTime:
    return FakeTime()


@pytest.fixture
def client(fake_slack: FakeSlack, clock: FakeTime) -> Iterator[KeepAliveWebClient]:
    """No retry handler: a 429 comes back as an error at once, so the hold can be examined."""
    pacer = Pacer(monotonic=clock.monotonic, sleep=clock.sleep)
    client = KeepAliveWebClient(
        token=fake_slack.bot_token, base_url=fake_slack.api_url, pacer=pacer
    )
    try:
        yield client
    finally:
        client.close_idle()


def _rate_limited(client: KeepAliveWebClient, fake: FakeSlack, seconds: int) -> None:
    fake.rate_limit_next("chat.postMessage", retry_after=seconds)
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C0BUSY", text="one too many")
    assert raised.value.response.status_code == 429


def test_a_429_holds_that_conversation_and_nothing_else(
    client: KeepAliveWebClient, fake_slack: FakeSlack, clock: FakeTime
) -> None:
    _rate_limited(client, fake_slack, 30)
    # Another conversation, and other methods, go on at once.
    assert client.chat_postMessage(channel="C0QUIET", text="hello")["ok"]
    assert client.users_info(user="U0ALICE")["ok"]
    assert client.conversations_open(users="U0ALICE")["ok"]
    assert clock.slept == []
    # The busy conversation waits Slack's Retry-After first.
    assert client.chat_postMessage(channel="C0BUSY", text="later")["ok"]
    assert clock.total() == pytest.approx(30)


def test_the_conversation_is_read_from_a_form_encoded_body_too(
    client: KeepAliveWebClient, fake_slack: FakeSlack, clock: FakeTime
) -> None:
    _rate_limited(client, fake_slack, 20)
    form = {"channel": "C0QUIET", "text": "by form"}
    assert client.api_call("chat.postMessage", params=form)["ok"]
    assert clock.slept == []
    assert client.api_call("chat.postMessage", params={"channel": "C0BUSY", "text": "x"})["ok"]
    assert clock.total() == pytest.approx(20)
    sent = [c.args.get("text") for c in fake_slack.calls_to("chat.postMessage") if c.ok]
    assert sent == ["by form", "x"]


def test_a_429_on_another_method_holds_every_caller_of_it(
    client: KeepAliveWebClient, fake_slack: FakeSlack, clock: FakeTime
) -> None:
    fake_slack.rate_limit_next("users.info", retry_after=7)
    with pytest.raises(SlackApiError):
        client.users_info(user="U0ALICE")
    assert client.chat_postMessage(channel="C0BUSY", text="unaffected")["ok"]
    assert clock.slept == []
    assert client.users_info(user="U0ALICE")["ok"]
    assert clock.total() == pytest.approx(7)


def test_a_sweeps_calls_beyond_a_burst_wait_their_turn(
    client: KeepAliveWebClient, fake_slack: FakeSlack, clock: FakeTime
) -> None:
    @in_background
    def sweep() -> None:
        for _ in range(12):
            assert client.conversations_open(users="U0ALICE")["ok"]

    sweep()
    # conversations.open is Tier 3: 50 a minute, a burst of 2.5.
    assert clock.total() == pytest.approx((12 - 2.5) / (50 / 60))
    assert len(fake_slack.calls_to("conversations.open")) == 12


def test_a_requests_calls_go_at_once(
    client: KeepAliveWebClient, fake_slack: FakeSlack, clock: FakeTime
) -> None:
    """A listener's thread is not background work: Slack is waiting for its answer."""
    for _ in range(12):
        assert client.conversations_open(users="U0ALICE")["ok"]
    assert clock.slept == []
    # A sweep after it pays for what the request took beyond the burst (its debt is bounded
    # at one burst, 2.5 calls): it waits for 3.5 tokens.
    in_background(lambda: client.conversations_open(users="U0ALICE"))()
    assert clock.total() == pytest.approx(3.5 / (50 / 60))


def test_the_sdks_own_retry_after_a_429_is_paced_too(
    fake_slack: FakeSlack, clock: FakeTime
) -> None:
    """Kairos's real client: the SDK's handler waits Retry-After and sends again; the retry
    goes through the pacer, which holds that conversation for the same Retry-After."""
    pacer = Pacer(monotonic=clock.monotonic, sleep=clock.sleep)
    client = make_web_client(fake_slack.bot_token, fake_slack.api_url, pacer=pacer)
    try:
        fake_slack.rate_limit_next("chat.postMessage", retry_after=1)
        assert client.chat_postMessage(channel="C0BUSY", text="patience")["ok"]
    finally:
        client.close_idle()
    assert [c.status for c in fake_slack.calls_to("chat.postMessage")] == [429, 200]
    # The pacer's clock stood still while the SDK slept: the retry met the hold.
    assert clock.total() == pytest.approx(1)
