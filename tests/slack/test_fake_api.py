"""The fake Slack's Web API as slack_sdk sees it over HTTP: tokens, routing, arguments, team
and bot info, and the failures a test can script (errors, 429s, delays, a bug in the fake)."""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.demo.fake_slack import slack_methods
from bot.demo.fake_slack.slack_api import FakeSlack
from tests.slack.answers import slack_error

# ---- authentication, routing, arguments


def test_auth_test_answers_like_slack_for_a_bot_token(
    fake_slack: FakeSlack, bot_client: WebClient
) -> None:
    data = bot_client.auth_test().data
    assert data == {
        "ok": True,
        "url": "https://fake.slack.com/",
        "team": "Kairos Test",
        "user": "kairos",
        "team_id": "T0001",
        "user_id": "UBOT",
        "bot_id": "BBOT",
        "is_enterprise_install": False,
    }
    call = fake_slack.calls[-1]
    assert (call.method, call.token, call.status, call.ok) == (
        "auth.test",
        "xoxb-test-token",
        200,
        True,
    )


def test_tokens_and_unknown_methods(fake_slack: FakeSlack) -> None:
    anonymous = WebClient(base_url=fake_slack.api_url)
    assert slack_error(anonymous.auth_test)["error"] == "not_authed"
    stranger = WebClient(token="xoxb-nope", base_url=fake_slack.api_url)
    assert slack_error(stranger.auth_test)["error"] == "invalid_auth"
    bot = WebClient(token=fake_slack.bot_token, base_url=fake_slack.api_url)
    assert slack_error(lambda: bot.api_call("chat.postMessagez")) == {
        "ok": False,
        "error": "unknown_method",
        "req_method": "chat.postMessagez",
    }
    # A token in the form body works as well as the Authorization header.
    response = httpx.post(f"{fake_slack.api_url}auth.test", data={"token": fake_slack.bot_token})
    assert response.json()["ok"] is True


def test_missing_arguments_get_slacks_errors(workspace: FakeSlack, bot_client: WebClient) -> None:
    assert (
        slack_error(lambda: bot_client.api_call("chat.postMessage", json={"text": "x"}))["error"]
        == "channel_not_found"
    )
    # (Through api_call: chat_postMessage() itself warns about a missing text first.)
    no_text = lambda: bot_client.api_call("chat.postMessage", json={"channel": "C1"})  # noqa: E731
    assert slack_error(no_text)["error"] == "no_text"
    assert slack_error(lambda: bot_client.api_call("users.info"))["error"] == "user_not_found"
    error = slack_error(
        lambda: bot_client.api_call("reactions.add", json={"channel": "C1", "timestamp": "1.2"})
    )
    assert error["error"] == "invalid_arguments"
    assert error["response_metadata"]["messages"] == ["[ERROR] missing required field: name"]


# ---- scripted failures


def test_fail_next(workspace: FakeSlack, bot_client: WebClient) -> None:
    workspace.fail_next("chat.postMessage", "channel_not_found", times=2)
    for _ in range(2):
        error = slack_error(lambda: bot_client.chat_postMessage(channel="C1", text="x"))
        assert error == {"ok": False, "error": "channel_not_found"}
    bot_client.chat_postMessage(channel="C1", text="x")
    assert [c.ok for c in workspace.calls_to("chat.postMessage")] == [False, False, True]


def test_rate_limits_answer_429_with_retry_after(
    workspace: FakeSlack, bot_client: WebClient
) -> None:
    workspace.rate_limit_next("users.info", retry_after=7)
    with pytest.raises(SlackApiError) as caught:
        bot_client.users_info(user="U1")
    response = caught.value.response
    assert response.status_code == 429
    assert response.headers["Retry-After"] in ("7", ["7"])
    assert response.data == {"ok": False, "error": "ratelimited"}


def test_rate_limit_retry_handler_waits_and_succeeds(workspace: FakeSlack) -> None:
    client = WebClient(
        token=workspace.bot_token,
        base_url=workspace.api_url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)],
    )
    # Retry-After: 0 keeps the test fast; the handler still sleeps up to a second of jitter.
    workspace.rate_limit_next("chat.postMessage", retry_after=0)
    assert client.chat_postMessage(channel="C1", text="eventually")["ok"] is True
    assert [c.status for c in workspace.calls_to("chat.postMessage")] == [429, 200]
    assert [m["text"] for m in workspace.messages_in("C1")] == ["eventually"]


def test_wait_for_call_explains_a_timeout(fake_slack: FakeSlack, bot_client: WebClient) -> None:
    bot_client.auth_test()
    with pytest.raises(AssertionError, match=r"no matching chat\.postMessage .*auth\.test"):
        fake_slack.wait_for_call("chat.postMessage", timeout=0.05)
    start = len(fake_slack.calls)
    threading.Timer(0.05, bot_client.auth_test).start()
    assert fake_slack.wait_for_call("auth.test", after=start).ok


def test_delay_next_answers_late(workspace: FakeSlack, bot_client: WebClient) -> None:
    workspace.delay_next("auth.test", 0.2)
    started = time.monotonic()
    assert bot_client.auth_test()["ok"] is True
    assert time.monotonic() - started >= 0.2


def test_a_bug_in_the_fake_is_reported(
    fake_slack: FakeSlack, bot_client: WebClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(ctx: object) -> dict[str, Any]:
        raise ZeroDivisionError

    monkeypatch.setitem(slack_methods.HANDLERS, "team.info", broken)
    error = slack_error(bot_client.team_info)
    assert (error["error"], error["detail"]) == ("fake_slack_bug", "ZeroDivisionError()")
    assert "ZeroDivisionError" in fake_slack.internal_errors[0]
    fake_slack.reset()  # or the fixture fails the test for it


def test_team_and_bot_info(fake_slack: FakeSlack, bot_client: WebClient) -> None:
    team = bot_client.team_info()["team"]
    assert (team["id"], team["name"], team["domain"]) == ("T0001", "Kairos Test", "fake")
    bot = bot_client.bots_info(bot="BBOT")["bot"]
    assert (bot["id"], bot["app_id"], bot["user_id"]) == ("BBOT", "A0001", "UBOT")
    assert slack_error(lambda: bot_client.bots_info(bot="B404"))["error"] == "bot_not_found"
