"""Slack's rate limits in the fake Slack, as slack_sdk meets them over HTTP: 429 with
Retry-After past a method's burst, other methods and conversations unaffected, off unless set.

The buckets refill by a clock the test moves, so no answer depends on how fast this machine
makes the calls."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.demo.fake_slack.slack_api import FakeSlack
from bot.demo.fake_slack.slack_limits import RateLimits


class Monotonic:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def client(workspace: FakeSlack) -> WebClient:
    """The bot's client, retrying nothing: each 429 reaches the test."""
    return WebClient(
        token=workspace.bot_token, base_url=workspace.api_url, timeout=5, retry_handlers=[]
    )


@pytest.fixture
def clock(workspace: FakeSlack) -> Monotonic:
    """Slack's limits turned on in the workspace, refilling by this clock."""
    clock = Monotonic()
    workspace.set_rate_limits(RateLimits(), monotonic=clock)
    return clock


def limited(call: Any) -> tuple[int, str, dict[str, Any]]:
    """(status, Retry-After, body) of a call that met a rate limit."""
    with pytest.raises(SlackApiError) as caught:
        call()
    response = caught.value.response
    retry_after = response.headers["Retry-After"]
    # slack_sdk keeps each header as a list of values.
    value = retry_after[0] if isinstance(retry_after, list) else retry_after
    return response.status_code, value, response.data


def test_limits_are_off_unless_set(workspace: FakeSlack, client: WebClient) -> None:
    for _ in range(25):
        assert client.users_list()["ok"] is True  # Tier 2 allows a burst of one
    assert workspace.rate_limited() == {}


def test_a_tier_2_method_answers_429_after_its_burst(
    workspace: FakeSlack, client: WebClient, clock: Monotonic
) -> None:
    assert client.users_list()["ok"] is True
    assert limited(client.users_list) == (429, "3", {"ok": False, "error": "ratelimited"})
    # The same moment, another method has a bucket of its own.
    assert client.users_info(user="U1")["ok"] is True
    clock.now += 3
    assert client.users_list()["ok"] is True
    assert [c.status for c in workspace.calls_to("users.list")] == [200, 429, 200]
    assert workspace.rate_limited() == {"users.list": 1}


def test_post_message_is_limited_in_one_channel_not_the_next(
    workspace: FakeSlack, client: WebClient, clock: Monotonic
) -> None:
    workspace.add_channel("C2", name="random", members=["U1"])
    for n in range(3):
        client.chat_postMessage(channel="C1", text=f"burst {n}")
    assert limited(lambda: client.chat_postMessage(channel="C1", text="one too many")) == (
        429,
        "1",
        {"ok": False, "error": "ratelimited"},
    )
    assert client.chat_postMessage(channel="C2", text="elsewhere")["ok"] is True
    # The refused message changed nothing.
    assert [m["text"] for m in workspace.messages_in("C1")] == ["burst 0", "burst 1", "burst 2"]
    clock.now += 1
    assert client.chat_postMessage(channel="C1", text="a second later")["ok"] is True
    assert workspace.rate_limited() == {"chat.postMessage": 1}


def test_a_dm_by_its_id_and_by_its_persons_id_is_one_conversation(
    workspace: FakeSlack, client: WebClient, clock: Monotonic
) -> None:
    dm = client.chat_postMessage(channel="U1", text="hi")["channel"]
    client.chat_postMessage(channel=dm, text="again")
    client.chat_postMessage(channel="U1", text="and again")
    status, _, _ = limited(lambda: client.chat_postMessage(channel=dm, text="too soon"))
    assert status == 429
    assert client.chat_postMessage(channel="U2", text="someone else")["ok"] is True


def test_a_scripted_429_comes_first_and_is_not_counted_as_the_limits(
    workspace: FakeSlack, client: WebClient, clock: Monotonic
) -> None:
    workspace.rate_limit_next("users.list", retry_after=7)
    assert limited(client.users_list)[1] == "7"
    # The scripted answer took no token: the burst of one is still there.
    assert client.users_list()["ok"] is True
    assert workspace.rate_limited() == {}


def test_reset_turns_the_limits_off(
    workspace: FakeSlack, client: WebClient, clock: Monotonic
) -> None:
    client.users_list()
    limited(client.users_list)
    workspace.reset()
    assert client.users_list()["ok"] is True
    assert client.users_list()["ok"] is True
    assert workspace.rate_limited() == {}
