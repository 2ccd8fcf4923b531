"""The fake Slack's people as slack_sdk sees them over HTTP: users, user tokens and scopes,
Do Not Disturb, profiles and statuses, and OAuth."""

from __future__ import annotations

import time
from pathlib import Path

from slack_sdk import WebClient

from bot.demo.fake_slack.slack_api import FakeSlack
from tests.slack.answers import slack_error

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


# ---- OAuth


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
