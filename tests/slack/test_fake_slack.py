"""The fake Slack behaves like Slack where the bot can tell: through slack_sdk over HTTP."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from slack_bolt import Ack, App, BoltRequest, Respond, Say
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook import WebhookClient
from websockets.sync.client import connect as ws_connect

from tests.fakes import payloads, slack_methods
from tests.fakes.signing import signed_headers, slack_signature
from tests.fakes.slack_api import FakeSlack

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


def bolt_headers(secret: str, body: str) -> dict[str, str | Sequence[str]]:
    """signed_headers() typed as BoltRequest wants them."""
    return dict(signed_headers(secret, body))


def slack_error(call: Callable[[], Any]) -> dict[str, Any]:
    """The body of the error a Web API call answered."""
    with pytest.raises(SlackApiError) as caught:
        call()
    data: dict[str, Any] = caught.value.response.data
    return data


@pytest.fixture
def workspace(fake_slack: FakeSlack) -> FakeSlack:
    """Two people in #general with the bot, a private channel without it."""
    fake_slack.add_user("U1", name="ada", real_name="Ada Lovelace", email="ada@example.com")
    fake_slack.add_user("U2", name="alan", tz="America/New_York", email="alan@example.com")
    fake_slack.add_channel("C1", name="general", members=["U1", "U2"])
    fake_slack.add_channel(
        "G1", name="secret", is_private=True, members=["U1"], bot_is_member=False
    )
    return fake_slack


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


# ---- users


def test_users_info_shape_time_zone_and_errors(workspace: FakeSlack, bot_client: WebClient) -> None:
    user = bot_client.users_info(user="U1")["user"]
    assert user["id"] == "U1"
    assert user["name"] == "ada"
    assert user["real_name"] == "Ada Lovelace"
    assert user["tz"] == "Europe/Amsterdam"
    assert user["tz_offset"] in (3600, 7200)  # CET or CEST, depending on today's date
    assert user["profile"]["email"] == "ada@example.com"
    assert user["profile"]["status_text"] == ""
    assert (user["is_admin"], user["is_owner"], user["is_bot"], user["deleted"]) == (
        False,
        False,
        False,
        False,
    )
    assert bot_client.users_info(user="U2")["user"]["tz_offset"] in (-18000, -14400)
    assert bot_client.users_info(user="UBOT")["user"]["is_bot"] is True
    assert slack_error(lambda: bot_client.users_info(user="U404"))["error"] == "user_not_found"


def test_email_needs_users_read_email(fake_slack: FakeSlack) -> None:
    fake_slack.add_user("U1", name="ada", email="ada@example.com")
    fake_slack.add_user_token("xoxp-ada", "U1", ["users:read"])
    client = WebClient(token="xoxp-ada", base_url=fake_slack.api_url)
    assert "email" not in client.users_info(user="U1")["user"]["profile"]
    error = slack_error(lambda: client.users_lookupByEmail(email="ada@example.com"))
    assert error == {
        "ok": False,
        "error": "missing_scope",
        "needed": "users:read.email",
        "provided": "users:read",
    }


def test_lookup_by_email(workspace: FakeSlack, bot_client: WebClient) -> None:
    assert bot_client.users_lookupByEmail(email="ALAN@example.com")["user"]["id"] == "U2"
    error = slack_error(lambda: bot_client.users_lookupByEmail(email="nobody@example.com"))
    assert error["error"] == "users_not_found"


def test_users_list_pages_with_cursors(fake_slack: FakeSlack, bot_client: WebClient) -> None:
    for n in range(5):
        fake_slack.add_user(f"U{n}", name=f"user{n}", deleted=n == 4)
    first = bot_client.users_list(limit=3)
    assert len(first["members"]) == 3
    assert first["response_metadata"]["next_cursor"] != ""
    # slack_sdk follows next_cursor when iterating over a response.
    # Iterating yields the same response object, refilled: keep each page's data.
    pages = [page.data for page in bot_client.users_list(limit=3)]
    ids = [m["id"] for page in pages for m in page["members"]]
    assert sorted(ids) == ["U0", "U1", "U2", "U3", "U4", "UBOT", "USLACKBOT"]
    assert len(ids) == len(set(ids))
    assert [len(p["members"]) for p in pages] == [3, 3, 1]
    assert pages[-1]["response_metadata"]["next_cursor"] == ""
    assert next(m for m in ids if m == "U4")
    error = slack_error(lambda: bot_client.users_list(cursor="bm9wZQ=="))
    assert error["error"] == "invalid_cursor"


# ---- channels and messages


def test_post_message_stores_and_returns_the_message(
    workspace: FakeSlack, bot_client: WebClient
) -> None:
    first = bot_client.chat_postMessage(channel="C1", text="hello")
    second = bot_client.chat_postMessage(channel="C1", text="again")
    assert first["channel"] == "C1"
    assert float(second["ts"]) > float(first["ts"])
    assert len(first["ts"].split(".")[1]) == 6
    message = first["message"]
    assert message["text"] == "hello"
    assert (message["user"], message["bot_id"], message["app_id"]) == ("UBOT", "BBOT", "A0001")
    assert message["ts"] == first["ts"]
    assert [m["text"] for m in workspace.messages_in("C1")] == ["hello", "again"]
    assert workspace.last_message("C1")["text"] == "again"


def test_form_encoded_json_fields_are_decoded(workspace: FakeSlack, bot_client: WebClient) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}}]
    # As an older client would send it: a form body with blocks as a JSON string.
    bot_client.api_call("chat.postMessage", data={"channel": "C1", "blocks": json.dumps(blocks)})
    assert workspace.calls_to("chat.postMessage")[-1].args["blocks"] == blocks
    assert workspace.last_message("C1")["blocks"] == blocks


def test_metadata_only_with_include_all_metadata(
    workspace: FakeSlack, bot_client: WebClient
) -> None:
    metadata = {"event_type": "focus_digest", "event_payload": {"session": 7}}
    bot_client.chat_postMessage(channel="C1", text="digest", metadata=metadata)
    plain = bot_client.conversations_history(channel="C1")["messages"][0]
    assert "metadata" not in plain
    full = bot_client.conversations_history(channel="C1", include_all_metadata=True)
    assert full["messages"][0]["metadata"] == metadata
    error = slack_error(
        lambda: bot_client.chat_postMessage(channel="C1", text="x", metadata={"event_type": "a"})
    )
    assert error["error"] == "invalid_metadata_format"


def test_blocks_and_text_limits(workspace: FakeSlack, bot_client: WebClient) -> None:
    def post(text: str = "fallback", **kwargs: Any) -> dict[str, Any]:
        return slack_error(lambda: bot_client.chat_postMessage(channel="C1", text=text, **kwargs))

    divider = {"type": "divider"}
    assert post(blocks=[divider] * 51)["error"] == "invalid_blocks"
    assert post(blocks=[{"text": "no type"}])["error"] == "invalid_blocks"
    long_section = {"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}
    error = post(blocks=[long_section])
    assert error["error"] == "invalid_blocks"
    assert "json-pointer:/blocks/0/text/text" in error["response_metadata"]["messages"][0]
    assert post(text="x" * 40_001)["error"] == "msg_too_long"
    bot_client.chat_postMessage(channel="C1", blocks=[divider] * 50, text="fits")
    bot_client.chat_postMessage(channel="C1", text="x" * 40_000)


def test_history_pages_newest_first(workspace: FakeSlack, bot_client: WebClient) -> None:
    posted = [bot_client.chat_postMessage(channel="C1", text=f"m{n}")["ts"] for n in range(7)]
    pages = [p.data for p in bot_client.conversations_history(channel="C1", limit=3)]
    assert [[m["text"] for m in p["messages"]] for p in pages] == [
        ["m6", "m5", "m4"],
        ["m3", "m2", "m1"],
        ["m0"],
    ]
    assert [p["has_more"] for p in pages] == [True, True, False]
    assert pages[-1]["response_metadata"]["next_cursor"] == ""
    window = bot_client.conversations_history(channel="C1", oldest=posted[2], latest=posted[4])
    assert [m["text"] for m in window["messages"]] == ["m3"]
    inclusive = bot_client.conversations_history(
        channel="C1", oldest=posted[2], latest=posted[4], inclusive=True
    )
    assert [m["text"] for m in inclusive["messages"]] == ["m4", "m3", "m2"]


def test_threads_and_replies(workspace: FakeSlack, bot_client: WebClient) -> None:
    parent = workspace.add_message("C1", user="U1", text="agenda?")
    for n in range(3):
        bot_client.chat_postMessage(channel="C1", thread_ts=parent["ts"], text=f"r{n}")
    history = bot_client.conversations_history(channel="C1")["messages"]
    assert [m["text"] for m in history] == ["agenda?"]  # replies stay in the thread
    assert history[0]["reply_count"] == 3
    assert history[0]["reply_users"] == ["UBOT"]
    pages = [
        p.data for p in bot_client.conversations_replies(channel="C1", ts=parent["ts"], limit=2)
    ]
    texts = [m["text"] for p in pages for m in p["messages"]]
    assert texts == ["agenda?", "r0", "r1", "r2"]
    assert pages[0]["messages"][1]["parent_user_id"] == "U1"
    error = slack_error(lambda: bot_client.conversations_replies(channel="C1", ts="1.000001"))
    assert error["error"] == "thread_not_found"


def test_membership_rules(workspace: FakeSlack, bot_client: WebClient) -> None:
    workspace.add_channel("C2", name="random", members=["U1"], bot_is_member=False)
    assert slack_error(lambda: bot_client.chat_postMessage(channel="C2", text="x")) == {
        "ok": False,
        "error": "not_in_channel",
    }
    assert slack_error(lambda: bot_client.conversations_history(channel="C2"))["error"] == (
        "not_in_channel"
    )
    # A private channel does not exist for a bot outside it.
    assert slack_error(lambda: bot_client.conversations_info(channel="G1"))["error"] == (
        "channel_not_found"
    )
    assert slack_error(lambda: bot_client.conversations_join(channel="G1"))["error"] == (
        "channel_not_found"
    )
    joined = bot_client.conversations_join(channel="C2")
    assert joined["channel"]["is_member"] is True
    bot_client.chat_postMessage(channel="#random", text="now I can")
    assert workspace.last_message("C2")["text"] == "now I can"


def test_conversation_info_and_members(workspace: FakeSlack, bot_client: WebClient) -> None:
    channel = bot_client.conversations_info(channel="C1", include_num_members=True)["channel"]
    assert channel["id"] == "C1"
    assert channel["name"] == "general"
    assert (channel["is_channel"], channel["is_private"], channel["is_member"]) == (
        True,
        False,
        True,
    )
    assert channel["num_members"] == 3
    pages = [p.data for p in bot_client.conversations_members(channel="C1", limit=2)]
    assert [p["members"] for p in pages] == [["U1", "U2"], ["UBOT"]]
    assert pages[-1]["response_metadata"]["next_cursor"] == ""


def test_dms_have_stable_ids(workspace: FakeSlack, bot_client: WebClient) -> None:
    opened = bot_client.conversations_open(users="U1")
    dm = opened["channel"]["id"]
    assert dm.startswith("D")
    again = bot_client.conversations_open(users=["U1"], return_im=True)
    assert again["channel"]["id"] == dm
    assert (again["already_open"], again["channel"]["is_im"], again["channel"]["user"]) == (
        True,
        True,
        "U1",
    )
    assert workspace.open_dm("U1") == dm
    assert bot_client.conversations_open(users="U1,U2")["channel"]["id"].startswith("G")
    # Posting to a user id lands in the DM.
    assert bot_client.chat_postMessage(channel="U1", text="psst")["channel"] == dm
    assert workspace.last_message(dm)["text"] == "psst"
    error = slack_error(lambda: bot_client.conversations_open(users="U404"))
    assert error["error"] == "user_not_found"


def test_update_delete_permalink_reactions(workspace: FakeSlack, bot_client: WebClient) -> None:
    ts = bot_client.chat_postMessage(channel="C1", text="draft")["ts"]
    updated = bot_client.chat_update(channel="C1", ts=ts, text="final")
    assert (updated["ts"], updated["text"]) == (ts, "final")
    assert workspace.last_message("C1")["edited"]["user"] == "UBOT"
    link = bot_client.chat_getPermalink(channel="C1", message_ts=ts)["permalink"]
    assert link == f"https://fake.slack.com/archives/C1/p{ts.replace('.', '')}"
    bot_client.reactions_add(channel="C1", timestamp=ts, name="white_check_mark")
    assert workspace.last_message("C1")["reactions"] == [
        {"name": "white_check_mark", "users": ["UBOT"], "count": 1}
    ]
    error = slack_error(lambda: bot_client.reactions_add(channel="C1", timestamp=ts, name=":x:"))
    assert error["error"] == "invalid_name"
    again = lambda: bot_client.reactions_add(  # noqa: E731
        channel="C1", timestamp=ts, name="white_check_mark"
    )
    assert slack_error(again)["error"] == "already_reacted"
    theirs = workspace.add_message("C1", user="U1", text="mine")
    error = slack_error(lambda: bot_client.chat_delete(channel="C1", ts=theirs["ts"]))
    assert error["error"] == "cant_delete_message"
    assert bot_client.chat_delete(channel="C1", ts=ts)["ts"] == ts
    assert [m["text"] for m in workspace.messages_in("C1")] == ["mine"]
    error = slack_error(lambda: bot_client.chat_update(channel="C1", ts=ts, text="x"))
    assert error["error"] == "message_not_found"


def test_ephemeral_and_scheduled_messages(workspace: FakeSlack, bot_client: WebClient) -> None:
    answer = bot_client.chat_postEphemeral(channel="C1", user="U1", text="only you")
    assert answer["message_ts"]
    ephemeral = workspace.ephemeral_messages[-1]
    assert (ephemeral["user"], ephemeral["message"]["text"]) == ("U1", "only you")
    assert workspace.messages_in("C1") == []
    workspace.add_user("U3", name="grace")
    error = slack_error(lambda: bot_client.chat_postEphemeral(channel="C1", user="U3", text="x"))
    assert error["error"] == "user_not_in_channel"
    post_at = int(time.time()) + 3600
    scheduled = bot_client.chat_scheduleMessage(channel="C1", text="later", post_at=post_at)
    assert scheduled["scheduled_message_id"].startswith("Q")
    assert scheduled["post_at"] == post_at
    assert workspace.scheduled_messages[-1]["message"]["text"] == "later"
    past = lambda: bot_client.chat_scheduleMessage(  # noqa: E731
        channel="C1", text="x", post_at=int(time.time()) - 10
    )
    assert slack_error(past)["error"] == "time_in_past"


# ---- views


def _home(text: str) -> dict[str, Any]:
    return {
        "type": "home",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
    }


def test_views(workspace: FakeSlack, bot_client: WebClient) -> None:
    published = bot_client.views_publish(user_id="U1", view=_home("focus: off"))["view"]
    assert published["id"].startswith("V")
    assert (published["type"], published["app_id"], published["bot_id"]) == (
        "home",
        "A0001",
        "BBOT",
    )
    republished = bot_client.views_publish(user_id="U1", view=_home("focus: on"))["view"]
    assert republished["id"] == published["id"]
    home = workspace.home_view("U1")
    assert home is not None
    assert home["blocks"][0]["text"]["text"] == "focus: on"
    stale = lambda: bot_client.views_publish(  # noqa: E731
        user_id="U1", view=_home("x"), hash=published["hash"]
    )
    assert slack_error(stale)["error"] == "hash_conflict"

    trigger = workspace.new_trigger_id("U1")
    modal = {
        "type": "modal",
        "callback_id": "focus_start",
        "title": {"type": "plain_text", "text": "Start focus"},
        "submit": {"type": "plain_text", "text": "Start"},
        "blocks": [
            {
                "type": "input",
                "block_id": "minutes",
                "label": {"type": "plain_text", "text": "Minutes"},
                "element": {"type": "plain_text_input", "action_id": "value"},
            }
        ],
    }
    opened = bot_client.views_open(trigger_id=trigger, view=modal)["view"]
    assert workspace.last_view("U1", view_type="modal") == opened
    error = slack_error(lambda: bot_client.views_open(trigger_id=trigger, view=modal))
    assert error["error"] == "exchanged_trigger_id"
    updated = bot_client.views_update(view_id=opened["id"], view={**modal, "callback_id": "v2"})
    assert updated["view"]["callback_id"] == "v2"
    assert slack_error(lambda: bot_client.views_update(view_id="V404", view=modal))["error"] == (
        "not_found"
    )

    no_blocks = slack_error(
        lambda: bot_client.views_open(trigger_id="1.2.3", view={"type": "modal"})
    )
    assert no_blocks["error"] == "invalid_arguments"
    long_title = {**modal, "title": {"type": "plain_text", "text": "x" * 25}}
    error = slack_error(lambda: bot_client.views_open(trigger_id="1.2.4", view=long_title))
    assert error["error"] == "invalid_arguments"


# ---- user tokens, scopes, DND and status


def test_user_token_only_methods(workspace: FakeSlack, bot_client: WebClient) -> None:
    assert slack_error(lambda: bot_client.dnd_setSnooze(num_minutes=30))["error"] == (
        "not_allowed_token_type"
    )
    assert slack_error(bot_client.dnd_endSnooze)["error"] == "not_allowed_token_type"
    profile = {"status_text": "Focusing", "status_emoji": ":brain:"}
    error = slack_error(lambda: bot_client.users_profile_set(profile=profile))
    assert error["error"] == "not_allowed_token_type"

    workspace.add_user_token("xoxp-ada", "U1", ["dnd:write", "dnd:read", "users.profile:write"])
    ada = WebClient(token="xoxp-ada", base_url=workspace.api_url)
    snooze = ada.dnd_setSnooze(num_minutes=30)
    assert snooze["snooze_enabled"] is True
    assert snooze["snooze_remaining"] == 1800
    assert bot_client.dnd_info(user="U1")["snooze_enabled"] is True
    assert workspace.dnd("U2")["snooze_enabled"] is False
    ada.dnd_endSnooze()
    assert workspace.dnd("U1")["snooze_enabled"] is False
    assert slack_error(ada.dnd_endSnooze)["error"] == "snooze_not_active"

    expiration = int(time.time()) + 3600
    answer = ada.users_profile_set(profile={**profile, "status_expiration": expiration})
    assert answer["profile"]["status_text"] == "Focusing"
    seen = bot_client.users_profile_get(user="U1")["profile"]
    assert (seen["status_text"], seen["status_emoji"], seen["status_expiration"]) == (
        "Focusing",
        ":brain:",
        expiration,
    )
    assert workspace.user("U1")["profile"]["status_emoji"] == ":brain:"
    # Someone else's profile needs an admin.
    error = slack_error(lambda: ada.users_profile_set(user="U2", profile=profile))
    assert error["error"] == "not_admin"
    # A user token without the scope.
    error = slack_error(lambda: ada.users_info(user="U2"))
    assert error == {
        "ok": False,
        "error": "missing_scope",
        "needed": "users:read",
        "provided": "dnd:read,dnd:write,users.profile:write",
    }


def test_restricted_bot_scopes_follow_the_conversation_type() -> None:
    with FakeSlack(bot_scopes=["chat:write", "im:history"]) as fake:
        fake.add_user("U1", name="ada")
        fake.add_channel("C1", name="general")
        client = WebClient(token=fake.bot_token, base_url=fake.api_url)
        client.chat_postMessage(channel="C1", text="fine")
        error = slack_error(lambda: client.conversations_history(channel="C1"))
        assert (error["error"], error["needed"]) == ("missing_scope", "channels:history")
        assert error["provided"] == "chat:write,im:history"
        dm = fake.open_dm("U1")
        assert client.conversations_history(channel=dm)["messages"] == []


def test_without_reference_data_the_builtin_table_applies(tmp_path: Path) -> None:
    with FakeSlack(methods_dir=tmp_path / "missing") as fake:
        client = WebClient(token=fake.bot_token, base_url=fake.api_url)
        assert client.auth_test()["user_id"] == "UBOT"
        error = slack_error(lambda: client.dnd_setSnooze(num_minutes=5))
        assert error["error"] == "not_allowed_token_type"


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


# ---- files, OAuth, response_url


def test_private_files_need_a_token(workspace: FakeSlack, bot_client: WebClient) -> None:
    workspace.add_file("F1", name="agenda.ics", content=b"BEGIN:VCALENDAR", user="U1")
    file = bot_client.files_info(file="F1")["file"]
    assert file["name"] == "agenda.ics"
    assert file["size"] == len(b"BEGIN:VCALENDAR")
    with httpx.Client() as http:
        for url in (file["url_private"], file["url_private_download"]):
            ok = http.get(url, headers={"Authorization": f"Bearer {workspace.bot_token}"})
            assert (ok.status_code, ok.content) == (200, b"BEGIN:VCALENDAR")
            assert http.get(url).status_code == 403
            assert http.get(url, headers={"Authorization": "Bearer xoxb-bad"}).status_code == 403
        missing = http.get(f"{workspace.base_url}/files/F404/x.ics")
        assert missing.status_code == 404
    assert slack_error(lambda: bot_client.files_info(file="F404"))["error"] == "file_not_found"


def test_files_upload_v2(workspace: FakeSlack, bot_client: WebClient) -> None:
    upload = bot_client.files_upload_v2(
        content="a,b\n1,2\n", filename="report.csv", channel="C1", initial_comment="weekly"
    )
    file_id = upload["file"]["id"]
    message = workspace.last_message("C1")
    assert message["text"] == "weekly"
    assert message["files"][0]["id"] == file_id
    download = httpx.get(
        upload["file"]["url_private_download"],
        headers={"Authorization": f"Bearer {workspace.bot_token}"},
    )
    assert download.content == b"a,b\n1,2\n"


def test_oauth_exchanges_a_code_once(workspace: FakeSlack) -> None:
    token = workspace.add_oauth_code("code-1", user_id="U1", scopes=["dnd:write"])
    client = WebClient(base_url=workspace.api_url)
    answer = client.oauth_v2_access(
        client_id=workspace.client_id, client_secret=workspace.client_secret, code="code-1"
    )
    assert answer["authed_user"] == {
        "id": "U1",
        "scope": "dnd:write",
        "access_token": token,
        "token_type": "user",
    }
    assert answer["team"]["id"] == "T0001"
    WebClient(token=token, base_url=workspace.api_url).dnd_setSnooze(num_minutes=10)
    again = lambda: client.oauth_v2_access(  # noqa: E731
        client_id=workspace.client_id, client_secret=workspace.client_secret, code="code-1"
    )
    assert slack_error(again)["error"] == "invalid_code"
    workspace.add_oauth_code("code-2", user_id="U1", scopes=["dnd:write"])
    wrong = lambda: client.oauth_v2_access(  # noqa: E731
        client_id=workspace.client_id, client_secret="nope", code="code-2"
    )
    assert slack_error(wrong)["error"] == "bad_client_secret"


def test_response_urls_record_posts(fake_slack: FakeSlack) -> None:
    url = fake_slack.new_response_url()
    response = WebhookClient(url).send(text="done", response_type="ephemeral")
    assert (response.status_code, response.body) == (200, "ok")
    assert fake_slack.wait_for_response(url) == [{"text": "done", "response_type": "ephemeral"}]
    assert httpx.post(f"{fake_slack.base_url}/response/unknown", json={}).status_code == 404


# ---- Socket Mode


def test_apps_connections_open_takes_only_the_app_token(
    fake_slack: FakeSlack, bot_client: WebClient
) -> None:
    error = slack_error(lambda: bot_client.apps_connections_open(app_token=fake_slack.bot_token))
    assert error["error"] == "not_allowed_token_type"
    url = bot_client.apps_connections_open(app_token=fake_slack.app_token)["url"]
    assert url.startswith(f"ws://127.0.0.1:{fake_slack.base_url.rsplit(':', 1)[1]}/link/?ticket=")


def test_socket_mode_protocol(fake_slack: FakeSlack, bot_client: WebClient) -> None:
    url = bot_client.apps_connections_open(app_token=fake_slack.app_token)["url"]
    with ws_connect(url) as ws:
        hello = json.loads(ws.recv(timeout=5))
        assert hello["type"] == "hello"
        assert hello["connection_info"] == {"app_id": "A0001"}
        assert fake_slack.wait_for_socket() == 1
        payload = payloads.event_callback(payloads.app_home_opened_event("U1"))
        envelope_id = fake_slack.socket_send_nowait("events_api", payload)
        envelope = json.loads(ws.recv(timeout=5))
        assert envelope == {
            "envelope_id": envelope_id,
            "payload": payload,
            "type": "events_api",
            "accepts_response_payload": False,
            "retry_attempt": 0,
            "retry_reason": "",
        }
        ws.send(json.dumps({"envelope_id": envelope_id}))
        assert fake_slack.wait_for_ack(envelope_id) == {"envelope_id": envelope_id}
        fake_slack.socket_disconnect(wait_for_reconnect=False)
        assert json.loads(ws.recv(timeout=5))["type"] == "disconnect"
    bad_ticket = url.replace("ticket=", "ticket=x")
    with pytest.raises(Exception, match="403"):
        ws_connect(bad_ticket)


@pytest.fixture
def bolt_app(fake_slack: FakeSlack) -> App:
    client = WebClient(token=fake_slack.bot_token, base_url=fake_slack.api_url)
    return App(client=client, process_before_response=True)


@pytest.fixture
def socket_mode(fake_slack: FakeSlack, bolt_app: App) -> Iterator[SocketModeHandler]:
    handler = SocketModeHandler(bolt_app, fake_slack.app_token)
    # connect() returns even when the connection failed: wait_for_socket() tells.
    handler.connect()  # type: ignore[no-untyped-call]
    try:
        yield handler
    finally:
        fake_slack.close_socket_client(handler.client)


def test_bolt_socket_mode_end_to_end(
    workspace: FakeSlack, bolt_app: App, socket_mode: SocketModeHandler
) -> None:
    @bolt_app.event("app_mention")
    def mention(event: dict[str, Any], say: Say) -> None:
        say(f"hi <@{event['user']}>", thread_ts=event["ts"])

    @bolt_app.command("/kairos")
    def command(ack: Ack, respond: Respond, command: dict[str, Any]) -> None:
        ack(f"starting {command['text']}")
        respond("started")

    assert workspace.wait_for_socket() == 1
    event = payloads.app_mention_event("U1", "C1", "<@UBOT> agenda")
    ack = workspace.socket_send("events_api", payloads.event_callback(event))
    assert set(ack) == {"envelope_id"}
    reply = workspace.wait_for_call("chat.postMessage")
    assert reply.args["thread_ts"] == event["ts"]
    assert workspace.last_message("C1")["text"] == "hi <@U1>"

    response_url = workspace.new_response_url()
    command_payload = payloads.slash_command(
        "/kairos", "focus 25", user_id="U1", channel_id="C1", response_url=response_url
    )
    ack = workspace.socket_send("slash_commands", command_payload)
    assert ack["payload"] == {"text": "starting focus 25"}
    assert workspace.wait_for_response(response_url) == [{"text": "started"}]

    # Slack rotates connections: the client reconnects with a new URL, events keep flowing.
    workspace.socket_disconnect("refresh_requested")
    assert workspace.wait_for_socket(connections=2) == 2
    assert len(workspace.calls_to("apps.connections.open")) == 2
    ack = workspace.socket_send("slash_commands", command_payload)
    assert ack["payload"] == {"text": "starting focus 25"}

    # No listener, no ack (Bolt answers 404 internally): Slack would retry.
    unhandled = payloads.event_callback(payloads.app_home_opened_event("U1"))
    envelope_id = workspace.socket_send_nowait("events_api", unhandled)
    with pytest.raises(AssertionError, match="no ack"):
        workspace.wait_for_ack(envelope_id, timeout=0.3)


def test_stop_leaves_no_threads() -> None:
    before = set(threading.enumerate())
    fake = FakeSlack()
    fake.start()
    WebClient(token=fake.bot_token, base_url=fake.api_url).auth_test()
    fake.stop()
    assert set(threading.enumerate()) <= before
    fake.stop()  # stopping twice is harmless


# ---- signing and payloads through Bolt's own checks


def test_signature_matches_slacks_documented_example() -> None:
    body = (
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id="
        "G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook"
        "-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F3977"
        "00885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d1"
        "0d2c447fce8b6703c"
    )
    assert slack_signature(SECRET, 1531420618, body) == (
        "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    )
    headers = signed_headers(SECRET, body)
    assert set(headers) == {"Content-Type", "X-Slack-Request-Timestamp", "X-Slack-Signature"}
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert SignatureVerifier(SECRET).is_valid_request(body, headers)
    stale = signed_headers(SECRET, body, timestamp=int(time.time()) - 301)
    assert not SignatureVerifier(SECRET).is_valid_request(body, stale)
    assert signed_headers(SECRET, "{}")["Content-Type"] == "application/json"


def test_payloads_parse_in_bolt_over_http(workspace: FakeSlack) -> None:
    client = WebClient(token=workspace.bot_token, base_url=workspace.api_url)
    app = App(client=client, signing_secret=SECRET, process_before_response=True)
    seen: dict[str, Any] = {}

    @app.event("message")
    def on_message(event: dict[str, Any]) -> None:
        seen["message"] = event

    @app.command("/kairos")
    def on_command(ack: Ack, command: dict[str, Any]) -> None:
        seen["command"] = command
        ack()

    @app.action("snooze")
    def on_action(ack: Ack, body: dict[str, Any]) -> None:
        seen["action"] = body["actions"][0]
        ack()

    @app.view("focus_start")
    def on_view(ack: Ack, view: dict[str, Any]) -> None:
        seen["values"] = view["state"]["values"]
        ack(response_action="clear")

    def post(body: str) -> Any:
        return app.dispatch(BoltRequest(body=body, headers=bolt_headers(SECRET, body)))

    event = payloads.message_event("U1", "C1", "ping <@U2> in <#C1|general> &amp; <!here>")
    assert post(json.dumps(payloads.event_callback(event))).status == 200
    elements = seen["message"]["blocks"][0]["elements"][0]["elements"]
    assert [e["type"] for e in elements] == [
        "text",
        "user",
        "text",
        "channel",
        "text",
        "broadcast",
    ]
    assert elements[4]["text"] == " & "

    challenge = post(json.dumps(payloads.url_verification("abc")))
    assert (challenge.status, json.loads(challenge.body)) == (200, {"challenge": "abc"})

    form = payloads.slash_command_form(
        "/kairos", "focus 25", user_id="U1", channel_id="C1", response_url="https://x/y"
    )
    assert dict(parse_qsl(form))["command"] == "/kairos"
    assert "command=%2Fkairos&text=focus+25" in form
    assert post(form).status == 200
    assert seen["command"]["text"] == "focus 25"

    message = {"type": "message", "ts": "1700000000.000100", "text": "Focus?"}
    action = payloads.block_action_payload(
        "snooze", "30", user_id="U1", channel_id="C1", message=message
    )
    assert post(payloads.block_actions_form(action)).status == 200
    assert seen["action"]["value"] == "30"
    select = payloads.block_action_payload(
        "snooze", "60", user_id="U1", view={"id": "V1"}, action_type="static_select"
    )
    assert post(payloads.block_actions_form(select)).status == 200
    assert seen["action"]["selected_option"]["value"] == "60"

    submission = payloads.view_submission_payload(
        "focus_start", {"minutes": {"value": "25"}}, user_id="U1"
    )
    answer = post(payloads.block_actions_form(submission))
    assert (answer.status, json.loads(answer.body)) == (200, {"response_action": "clear"})
    assert seen["values"] == {"minutes": {"value": {"type": "plain_text_input", "value": "25"}}}

    tampered = bolt_headers("wrong-secret", form)
    assert app.dispatch(BoltRequest(body=form, headers=tampered)).status == 401
